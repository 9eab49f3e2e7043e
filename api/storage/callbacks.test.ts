/**
 * Handling call-back requests through the store, on either database (the conformance suite): a
 * planner claims one, a colleague's second claim is refused with who holds it, the claimer can
 * give it back, and it closes with a reason or linked to the contact moment of the call. Another
 * organisation's request is unknown to every call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTENT_DIR } from '../../domain/content.ts';
import { loadSurveys } from '../../domain/survey-schema.ts';
import type { LogLine } from '../http/logger.ts';
import { staffCookie, startTestServer, submission, type TestServer, testStaffPortal } from '../testing.ts';
import type { CallbackRequest, Store } from './store.ts';

const ORG = 'van-der-berg-infra';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 3, 9, minute));
const request = (id: string, organisation: string, minute: number): Omit<CallbackRequest, 'doneAt'> => ({
  id,
  invitationId: `inv-${id}`,
  survey: 'eindmeting',
  requestNumber: 'CB-1',
  organisation,
  phone: '+31612345678',
  note: null,
  createdAt: at(minute),
});

describe('call-back requests in the store', () => {
  let server: TestServer;
  let store: Store;
  let anna: number;
  let bram: number;
  beforeAll(async () => {
    server = await startTestServer();
    store = server.store;
    anna = (await staffCookie(store, { organisation: ORG, role: 'planner', name: 'Anna Planner' })).id;
    bram = (await staffCookie(store, { organisation: ORG, role: 'planner', name: 'Bram Planner' })).id;
    await store.callbacks.add(request('b', ORG, 5));
    await store.callbacks.add(request('a', ORG, 1));
    await store.callbacks.add(request('c', ORG, 3));
    await store.callbacks.add(request('x', 'peelbouw', 0));
  });
  afterAll(() => server.close());

  it('lists the open ones of the organisation, oldest first, unclaimed', async () => {
    const tasks = await store.callbacks.openTasks(ORG);
    expect(tasks.map((t) => [t.id, t.claimedBy])).toEqual([
      ['a', null],
      ['c', null],
      ['b', null],
    ]);
    expect(tasks[0]).toMatchObject({ phone: '+31612345678', requestNumber: 'CB-1', createdAt: at(1), claimedAt: null });
    expect(await store.callbacks.openTasks('onbekend')).toEqual([]);
  });

  it('claims once: a colleague is refused with who holds it, and only the claimer gives it back', async () => {
    expect(await store.callbacks.claim(ORG, 'a', anna, at(10))).toEqual({ result: 'done' });
    // Claiming one's own claim again changes nothing and is no error.
    expect(await store.callbacks.claim(ORG, 'a', anna, at(11))).toEqual({ result: 'done' });
    expect(await store.callbacks.claim(ORG, 'a', bram, at(12))).toEqual({ result: 'taken', by: 'Anna Planner', at: at(11) });
    expect((await store.callbacks.openTasks(ORG))[0]).toMatchObject({ id: 'a', claimedBy: { id: anna, name: 'Anna Planner' } });
    expect(await store.callbacks.unclaim(ORG, 'a', bram)).toBe('not-yours');
    expect(await store.callbacks.unclaim(ORG, 'a', anna)).toBe('released');
    expect(await store.callbacks.unclaim(ORG, 'a', anna)).toBe('not-yours');
    expect((await store.callbacks.openTasks(ORG))[0]).toMatchObject({ id: 'a', claimedBy: null, claimedAt: null });
    expect(await store.callbacks.claim(ORG, 'a', bram, at(13))).toEqual({ result: 'done' });
    // An admin gives back a colleague's claim (one who left), so the request is not stuck; only an open, claimed one.
    expect(await store.callbacks.unclaim(ORG, 'a', 'anyone')).toBe('released');
    expect((await store.callbacks.openTasks(ORG))[0]).toMatchObject({ id: 'a', claimedBy: null });
    expect(await store.callbacks.unclaim(ORG, 'a', 'anyone')).toBe('not-yours');
    expect(await store.callbacks.unclaim('peelbouw', 'a', 'anyone')).toBe('unknown');
    expect(await store.callbacks.claim(ORG, 'a', bram, at(13))).toEqual({ result: 'done' });
  });

  it("knows nothing of another organisation's request, nor of an unknown one", async () => {
    expect(await store.callbacks.claim(ORG, 'x', anna, at(14))).toEqual({ result: 'unknown' });
    expect(await store.callbacks.claim('peelbouw', 'a', anna, at(14))).toEqual({ result: 'unknown' });
    expect(await store.callbacks.close(ORG, 'x', anna, { reason: 'opgelost' }, at(14))).toEqual({ result: 'unknown' });
    expect(await store.callbacks.unclaim('peelbouw', 'a', bram)).toBe('unknown');
    expect(await store.callbacks.claim(ORG, 'zz', anna, at(14))).toEqual({ result: 'unknown' });
    expect((await store.callbacks.openTasks('peelbouw')).map((t) => t.id)).toEqual(['x']);
  });

  it('closes with a reason, or linked to the contact moment, once; a claimed one only by its claimer', async () => {
    expect(await store.callbacks.close(ORG, 'a', anna, { reason: 'opgelost' }, at(20))).toMatchObject({
      result: 'taken',
      by: 'Bram Planner',
    });
    expect(
      await store.callbacks.close(ORG, 'a', bram, { reason: 'contactmoment', contactMessageId: 'beheer-abc' }, at(20)),
    ).toEqual({
      result: 'done',
    });
    expect(await store.callbacks.close(ORG, 'a', bram, { reason: 'opgelost' }, at(21))).toEqual({ result: 'unknown' });
    expect(await store.callbacks.claim(ORG, 'a', bram, at(21))).toEqual({ result: 'unknown' });
    expect(
      await store.callbacks.close(ORG, 'c', anna, { reason: 'onbereikbaar', attempts: 3, note: 'voicemail' }, at(22)),
    ).toEqual({
      result: 'done',
    });
    expect((await store.callbacks.openTasks(ORG)).map((t) => t.id)).toEqual(['b']);
    // What the dashboard reads: created, claimed and closed moments, and how it was closed.
    const closed = await store.callbacks.handling(ORG, at(0));
    expect(closed.sort((x, y) => +x.createdAt - +y.createdAt)).toEqual([
      { createdAt: at(1), claimedAt: at(13), doneAt: at(20), closeReason: 'contactmoment' },
      { createdAt: at(3), claimedAt: null, doneAt: at(22), closeReason: 'onbereikbaar' },
      { createdAt: at(5), claimedAt: null, doneAt: null, closeReason: null },
    ]);
    // Closed before `since`: left out; still open: always in.
    expect(await store.callbacks.handling(ORG, at(21))).toHaveLength(2);
  });
});

describe('the answers behind call-backs, read at once', () => {
  it('gives several responses by id in one read, each with its own answers, as get gives them one by one', async () => {
    const server = await startTestServer();
    try {
      const { responses } = server.store;
      const context = (n: number) => ({ survey: 'eindmeting', requestNumber: `CB-R${n}`, invitationId: `inv-r${n}` });
      await responses.save({
        id: 'resp-1',
        context: context(1),
        answers: { cijfer: 3, toelichting: 'Niemand belde' },
        at: at(1),
      });
      await responses.save({ id: 'resp-2', context: context(2), answers: { cijfer: 8 }, at: at(2) });
      const many = await responses.getMany(['resp-2', 'resp-1', 'onbekend']);
      expect([...many.keys()].sort()).toEqual(['resp-1', 'resp-2']);
      expect(many.get('resp-1')).toEqual(await responses.get('resp-1'));
      expect(many.get('resp-2')).toEqual(await responses.get('resp-2'));
      expect(many.get('resp-1')?.answers).toEqual({ cijfer: 3, toelichting: 'Niemand belde' });
      expect(await responses.getMany([])).toEqual(new Map());
    } finally {
      await server.close();
    }
  });
});

describe('call-backs through the staff portal', () => {
  let server: TestServer;
  const lines: LogLine[] = [];
  const portalOf = (organisation: string, role: 'viewer' | 'planner' | 'admin') =>
    testStaffPortal(server.store, organisation, role, (l) => lines.push(l));
  const surveys = loadSurveys(DEFAULT_CONTENT_DIR);
  const NOW = new Date('2026-11-05T12:00:00+01:00');

  beforeAll(async () => {
    server = await startTestServer();
    expect((await server.post(server.keys.get('netbeheer-zuid') as string, { berichten: [submission('CB-1')] })).status).toBe(
      201,
    );
    const context = { survey: 'eindmeting', requestNumber: 'CB-1', invitationId: 'inv-own' };
    await server.store.responses.save({
      id: 'inv-own',
      context,
      answers: { cijfer: 2, verbeteren: 'Niemand belde' },
      completed: true,
      at: at(0),
    });
    await server.store.callbacks.add({ ...request('own', ORG, 0), phone: '+31612345678' });
    // No number of its own: the customer asked to be called on the aanvraag's.
    await server.store.callbacks.add({ ...request('fallback', ORG, 1), phone: null });
  });
  afterAll(() => server.close());

  it('gives planners the answer, the wait and the number, each view of a number logged', async () => {
    lines.length = 0;
    const planner = await portalOf(ORG, 'planner');
    const views = await planner.callbacks.open(surveys, NOW);
    expect(views.map((v) => [v.task.id, v.phone, v.waitDays])).toEqual([
      ['own', '+31612345678', 2],
      ['fallback', '06 12345678', 2],
    ]);
    expect(views[0]?.answer).toEqual({
      scores: [{ question: 'Welk cijfer geeft u het hele traject?', value: 2, of: '1–10' }],
      comments: ['Niemand belde'],
    });
    expect(lines.map((l) => [l.purpose, l.data, l.requests])).toEqual([
      ['terugbelverzoeken', ['naam', 'telefoon'], ['CB-1']],
      ['terugbelverzoeken', ['telefoon'], ['CB-1']],
    ]);
    expect(JSON.stringify(lines)).not.toContain('12345678');
  });

  it('gives viewers the requests without numbers and no log line, and lets them handle nothing', async () => {
    lines.length = 0;
    const viewer = await portalOf(ORG, 'viewer');
    const views = await viewer.callbacks.open(surveys, NOW);
    expect(views.map((v) => [v.task.id, v.phone])).toEqual([
      ['own', undefined],
      ['fallback', undefined],
    ]);
    expect(lines).toEqual([]);
    expect(await viewer.callbacks.claim('own')).toBe('forbidden');
    expect(await viewer.callbacks.close('own', { reason: 'opgelost' })).toBe('forbidden');
    expect(await viewer.callbacks.unclaim('own')).toBe('forbidden');
  });

  it("lets an admin give back a colleague's claim, and a planner only their own", async () => {
    const claimer = await portalOf(ORG, 'planner');
    const colleague = await portalOf(ORG, 'planner');
    const admin = await portalOf(ORG, 'admin');
    expect(await claimer.callbacks.claim('own')).toEqual({ result: 'done' });
    expect(await colleague.callbacks.unclaim('own')).toBe('not-yours');
    expect(await admin.callbacks.unclaim('own')).toBe('released');
    expect((await admin.callbacks.task('own'))?.claimedBy).toBeNull();
  });

  it('shows another organisation nothing', async () => {
    const other = await portalOf('netbeheer-zuid', 'admin');
    expect(await other.callbacks.open(surveys, NOW)).toEqual([]);
    expect(await other.callbacks.task('own')).toBeUndefined();
    expect(await other.callbacks.claim('own')).toEqual({ result: 'unknown' });
    expect(await other.callbacks.figures('2026-11-01', '2026-11-30')).toEqual({
      open: 0,
      claimed: 0,
      closed: 0,
      median: undefined,
      p90: undefined,
    });
    expect((await (await portalOf(ORG, 'viewer')).callbacks.figures('2026-11-01', '2026-11-30'))?.open).toBe(2);
  });
});
