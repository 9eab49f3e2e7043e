/**
 * Klantenpanels on both databases (issue 16.2): the frequent applicants of a combi area (by KvK
 * number, else by e-mail address; only the area's aanvragen in the organisation's scope; scores
 * hidden under five answers), invitations with their mails in one transaction, registrations
 * within the capacity then on the waiting list, none after the deadline, a cancellation moving the
 * first on the waiting list up with a mail, the questionnaire mailed once, the summary's file.
 *
 * Fixture: now is 1 December 2026. In Brabant-Oost, Bouwbedrijf (KvK 12345678) submitted six
 * aanvragen (two from another address of theirs, one 13 months ago), Sanne three by e-mail (one
 * typed in capitals); in Peelland, Bouwbedrijf submitted five more.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import { loadContent } from '../../domain/content.ts';
import type { Message } from '../../domain/messages.ts';
import { type Scope, scopeOf } from '../../domain/staff.ts';
import { panelLinks } from '../auth/panel-links.ts';
import { secretBox } from '../auth/secret-box.ts';
import {
  cancelByLink,
  frequentApplicantsOf,
  inviteApplicants,
  openPanelLink,
  panelOf,
  panelsOf,
  planPanel,
  registerByLink,
  sendDueQuestionnaires,
  sendQuestionnaire,
} from '../core/klantenpanels.ts';
import { submission } from '../testing.ts';
import type { CustomerPanel, Store } from './store.ts';
import { openTestStore } from './testing/test-store.ts';

const content = loadContent();
const NOW = new Date('2026-12-01T10:00:00Z');
const links = panelLinks(secretBox(new Uint8Array(32).fill(7)));
const mailer = { links, url: (path: string) => `https://traject.example${path}` };

let store: Store;
const scope = (code: string): Scope =>
  scopeOf(store.organisation(code) as { code: string; kind: 'combi' }, store.combiCodes(), store);
const BUILDER = { name: 'Bouwbedrijf Hendriks', email: 'planning@hendriks.example', kind: 'zakelijk', kvk: '12345678' };

beforeEach(async () => {
  store = await openTestStore({ content });
  await seedDirectory(store);
  const sender = store.organisation('netbeheer-zuid') as NonNullable<ReturnType<Store['organisation']>>;
  const peel = store.organisation('glasnet') as NonNullable<ReturnType<Store['organisation']>>;
  const messages: { sender: typeof sender; message: Message }[] = [];
  const add = (number: string, applicant: object, occurredAt = '2026-11-02T10:00:00+01:00') =>
    messages.push({ sender, message: submission(number, { applicant, occurredAt }) });
  for (let n = 1; n <= 4; n++) add(`MA-P-B${n}`, BUILDER);
  add('MA-P-B5', { ...BUILDER, email: 'werkvoorbereiding@hendriks.example', name: 'Hendriks werkvoorbereiding' });
  add('MA-P-B6', BUILDER, '2025-10-15T10:00:00+02:00');
  for (let n = 1; n <= 3; n++)
    add(`MA-P-S${n}`, { name: 'Sanne de Vries', email: n === 2 ? 'Sanne@Example.com' : 'sanne@example.com' });
  for (let n = 1; n <= 5; n++)
    messages.push({
      sender: peel,
      message: submission(`MA-P-P${n}`, {
        combi: 'peelland',
        applicant: BUILDER,
        workOrders: [{ id: `MA-P-P${n}-T`, discipline: 'telecom', gridOperator: 'glasnet' }],
      }),
    });
  const results = await store.ingest(messages, { receivedAt: new Date('2026-11-03T08:00:00Z') });
  expect(results.map((r) => r.status)).toEqual(messages.map(() => 201));
});
afterEach(async () => {
  await store.close();
});

const grade = (number: string, cijfer: number) =>
  store.responses.save({
    id: `r-${number}`,
    context: { survey: 'eindmeting', requestNumber: number },
    answers: { cijfer },
    completed: true,
    at: NOW,
  });

describe('frequent applicants', () => {
  it('groups a business by its KvK number and anyone else by their address, within 12 months and the area', async () => {
    const list = await frequentApplicantsOf(store, scope('combi-brabant-oost'), 'brabant-oost', 3, NOW);
    expect(list?.map((a) => [a.key, a.kind, a.aanvragen])).toEqual([
      ['kvk:12345678', 'zakelijk', 5],
      ['email:sanne@example.com', 'particulier', 3],
    ]);
    expect(list?.[0]?.email).toBe('planning@hendriks.example');
    expect((await frequentApplicantsOf(store, scope('combi-brabant-oost'), 'brabant-oost', 4, NOW))?.length).toBe(1);
    // Peelland's five are Peelland's: the platform sees them there, Brabant-Oost's combi not at all.
    expect((await frequentApplicantsOf(store, { all: true }, 'peelland', 3, NOW))?.map((a) => a.aanvragen)).toEqual([5]);
    expect(await frequentApplicantsOf(store, scope('combi-brabant-oost'), 'peelland', 3, NOW)).toBeUndefined();
  });

  it('shows a score only over five answers or more', async () => {
    for (const [n, g] of [1, 2, 3, 4].entries()) await grade(`MA-P-B${g}`, 6 + n);
    const four = await frequentApplicantsOf(store, scope('combi-brabant-oost'), 'brabant-oost', 3, NOW);
    expect(four?.[0]?.ktv).toEqual({ n: 4, average: undefined });
    await grade('MA-P-B5', 10);
    const five = await frequentApplicantsOf(store, scope('combi-brabant-oost'), 'brabant-oost', 3, NOW);
    expect(five?.[0]?.ktv).toEqual({ n: 5, average: 8 });
  });
});

describe('a panel', () => {
  const form = {
    combi: 'brabant-oost',
    titel: 'Klantenpanel bouwers',
    datum: '2027-02-10',
    tijd: '14:00',
    plaats: 'Eindhoven, Stadhuisplein 1',
    capaciteit: 1,
    aanmeldenTot: '2027-01-31',
    partners: ['Bouwend Nederland'],
  };
  const plan = async () =>
    (await planPanel(store, scope('combi-brabant-oost'), 'combi-brabant-oost', form, 'Piet Planner')) as CustomerPanel;
  // PostgreSQL's due() claims what it returns (SQLite's only reads): keep every mail seen, once.
  const seen = new Map<number, { kind: string; to: string }>();
  const outboxTo = async (kind: string) => {
    for (const m of await store.outbox.due(100, new Date('2030-01-01'))) seen.set(m.id, m);
    return [...seen.values()].filter((m) => m.kind === kind).map((m) => m.to);
  };

  beforeEach(() => {
    seen.clear();
  });

  it('is planned for an own area only, and seen by its own combi and the platform only', async () => {
    const panel = await plan();
    expect(panel).toMatchObject({ combi: 'brabant-oost', capacity: 1, deadline: '2027-01-31', partners: ['Bouwend Nederland'] });
    expect(panel.startsAt).toBe('2027-02-10T13:00:00.000Z');
    expect(await planPanel(store, scope('combi-brabant-oost'), 'combi-brabant-oost', { ...form, combi: 'peelland' }, 'x')).toBe(
      undefined,
    );
    expect((await panelsOf(store, scope('combi-peelland'))).length).toBe(0);
    expect(await panelOf(store, scope('combi-peelland'), panel.id)).toBeUndefined();
    expect((await panelOf(store, { all: true }, panel.id))?.id).toBe(panel.id);
  });

  it('invites listed applicants once each, registers within the capacity, then the waiting list; a cancellation moves it up', async () => {
    const panel = await plan();
    const own = scope('combi-brabant-oost');
    const invited = await inviteApplicants(
      store,
      mailer,
      own,
      panel,
      ['kvk:12345678', 'email:sanne@example.com', 'email:x@y.nl'],
      3,
      NOW,
    );
    expect(invited).toEqual({ invited: 2, alreadyInvited: 0, unknown: ['email:x@y.nl'] });
    expect(await outboxTo('klantenpanel-uitnodiging')).toEqual(['planning@hendriks.example', 'sanne@example.com']);
    // Inviting again mails nobody twice.
    expect((await inviteApplicants(store, mailer, own, panel, ['kvk:12345678'], 3, NOW)).alreadyInvited).toBe(1);
    expect((await outboxTo('klantenpanel-uitnodiging')).length).toBe(2);

    const all = await store.panels.invitations(panel.id);
    const builder = all.find((i) => i.applicantKey === 'kvk:12345678');
    const sanne = all.find((i) => i.applicantKey === 'email:sanne@example.com');
    const opened = async (id: string) =>
      (await openPanelLink(store, links, links.tokenOf(id))) as NonNullable<Awaited<ReturnType<typeof openPanelLink>>>;
    expect(await openPanelLink(store, links, `${builder?.id}.${'a'.repeat(40)}`)).toBeUndefined();
    expect(await registerByLink(store, await opened(builder?.id as string), NOW)).toBe('aangemeld');
    expect(await registerByLink(store, await opened(sanne?.id as string), new Date('2026-12-02T10:00:00Z'))).toBe('wachtlijst');
    expect(await registerByLink(store, await opened(sanne?.id as string), NOW)).toBe('al-aangemeld');
    expect((await store.panels.panel(panel.id))?.counts).toEqual({ uitgenodigd: 0, aangemeld: 1, wachtlijst: 1, afgemeld: 0 });

    const cancelled = await cancelByLink(store, mailer, await opened(builder?.id as string), NOW);
    expect('promoted' in cancelled && cancelled.promoted?.id).toBe(sanne?.id);
    expect(await outboxTo('klantenpanel-plaats')).toEqual(['sanne@example.com']);
    const states = (await store.panels.invitations(panel.id)).map((i) => [i.applicantKey, i.state]).sort();
    expect(states).toEqual([
      ['email:sanne@example.com', 'aangemeld'],
      ['kvk:12345678', 'afgemeld'],
    ]);
    // Nothing left to cancel: nothing happens.
    expect((await cancelByLink(store, mailer, await opened(builder?.id as string), NOW)).cancelled).toBe(false);
    // Once the panel has started, a participant no longer cancels (nor hands the place on).
    const afterStart = new Date(Date.parse(panel.startsAt) + 60_000);
    expect(await cancelByLink(store, mailer, await opened(sanne?.id as string), afterStart)).toEqual({
      cancelled: false,
      started: true,
    });
    expect((await store.panels.invitations(panel.id)).find((i) => i.id === sanne?.id)?.state).toBe('aangemeld');

    expect(await sendQuestionnaire(store, mailer, panel, NOW)).toBe(true);
    expect(await sendQuestionnaire(store, mailer, panel, NOW)).toBe(false);
    expect(await outboxTo('klantenpanel-vragenlijst')).toEqual(['sanne@example.com']);
  });

  it('gives the last place to one of two invitees registering at the same moment', async () => {
    const panel = await plan();
    await inviteApplicants(
      store,
      mailer,
      scope('combi-brabant-oost'),
      panel,
      ['kvk:12345678', 'email:sanne@example.com'],
      3,
      NOW,
    );
    const ids = (await store.panels.invitations(panel.id)).map((i) => i.id);
    const outcomes = await Promise.all(ids.map((id) => store.panels.register(id, NOW)));
    expect(outcomes.sort()).toEqual(['aangemeld', 'wachtlijst']);
    expect((await store.panels.panel(panel.id))?.counts).toMatchObject({ aangemeld: 1, wachtlijst: 1 });
  });

  it('refuses a registration after the deadline, writing nothing', async () => {
    const panel = await plan();
    await inviteApplicants(store, mailer, scope('combi-brabant-oost'), panel, ['kvk:12345678'], 3, NOW);
    const [builder] = await store.panels.invitations(panel.id);
    const open = await openPanelLink(store, links, links.tokenOf(builder?.id as string));
    expect(await registerByLink(store, open as NonNullable<typeof open>, new Date('2027-01-31T23:00:00Z'))).toBe('te-laat');
    expect((await store.panels.invitations(panel.id)).map((i) => [i.state, i.registeredAt])).toEqual([['uitgenodigd', null]]);
    // The last day itself counts (Dutch time).
    expect(await registerByLink(store, open as NonNullable<typeof open>, new Date('2027-01-31T22:59:00Z'))).toBe('aangemeld');
  });

  it('sends its questionnaire by itself three weeks before the panel, once, to those registered or waiting', async () => {
    const panel = await plan();
    await inviteApplicants(store, mailer, scope('combi-brabant-oost'), panel, ['kvk:12345678'], 3, NOW);
    const [builder] = await store.panels.invitations(panel.id);
    await store.panels.register(builder?.id as string, NOW);
    const daysBefore = (n: number) => new Date(Date.parse(panel.startsAt) - n * 86_400_000);
    expect(await sendDueQuestionnaires(store, mailer, daysBefore(22))).toBe(0);
    expect(await sendDueQuestionnaires(store, mailer, daysBefore(20))).toBe(1);
    expect(await outboxTo('klantenpanel-vragenlijst')).toEqual(['planning@hendriks.example']);
    // Sent: not again, however often the job looks.
    expect(await sendDueQuestionnaires(store, mailer, daysBefore(19))).toBe(0);
    expect(await outboxTo('klantenpanel-vragenlijst')).toHaveLength(1);
  });

  it('keeps the summary and its file', async () => {
    const panel = await plan();
    const file = { name: 'verslag.pdf', type: 'application/pdf', base64: Buffer.from('%PDF-1.4 verslag').toString('base64') };
    await store.panels.shareSummary(panel.id, { text: 'Wat we hoorden', file }, NOW);
    expect((await store.panels.panel(panel.id))?.summary).toEqual({
      text: 'Wat we hoorden',
      fileName: 'verslag.pdf',
      fileType: 'application/pdf',
      sharedAt: NOW,
    });
    expect(await store.panels.summaryFile(panel.id)).toEqual(file);
  });
});
