/**
 * The ingestion storage against the contract's rules (api/storage/contract.ts), with plain rows:
 * no mail, no domain rule. Part of the conformance suite: it runs on SQLite and on PostgreSQL
 * (api/storage/testing/postgres-suite.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import { COMPARABLE_SAMPLE } from '../../domain/expected-window.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { ComparableIndex } from '../core/comparable-index.ts';
import { comparableAt, curveAt } from '../core/comparable-starts.ts';
import type { ComposedStore } from '../core/store.ts';
import { comparableChange } from './comparable-rows.ts';
import type { AanvraagRow, ComparableChange, MessageRow } from './contract.ts';
import { openTestStore } from './testing/test-store.ts';

/** Both stores keep the storage the application core ingests through. */
let store: ComposedStore;
beforeEach(async () => {
  store = await openTestStore();
  await seedDirectory(store);
});
afterEach(() => store.close());

const aanvraag = (number: string, phase = 'bestellen'): AanvraagRow => ({
  number,
  combi: 'brabant-oost',
  kind: null,
  applicantKvk: null,
  project: null,
  applicantName: null,
  applicantEmail: 'sanne@example.com',
  applicantPhone: null,
  street: null,
  houseNumber: null,
  houseNumberAddition: null,
  postcode: null,
  city: null,
  phase,
  submittedAt: '2026-11-02T10:00:00+01:00',
  deliveredAt: null,
  startsOn: null,
  cancelledAt: null,
  lastOccurredAt: null,
  updatedAt: '2026-11-02T10:00:01.000Z',
  state: { number, phase } as unknown as RequestState,
  workOrders: [
    {
      externalId: `${number}-E`,
      discipline: 'elektra',
      gridOperator: 'netbeheer-zuid',
      contractor: null,
      status: 'ontvangen',
      quickscanAt: null,
      quoteSentAt: null,
      quoteDecision: null,
      handedToCombiAt: null,
      completedAt: null,
      cancelledAt: null,
    },
  ],
});
const message = (number: string, id: string): MessageRow => ({
  sender: 'netbeheer-zuid',
  messageId: id,
  requestNumber: number,
  type: 'contact_logged',
  occurredAt: '2026-11-03T09:30:00+01:00',
  receivedAt: '2026-11-03T09:30:01.000Z',
  bodyHash: `hash-${id}`,
  body: { id, requestNumber: number },
  projections: [
    {
      kind: 'contact',
      code: 'B',
      channel: 'telefoon',
      at: '2026-11-03T09:30:00+01:00',
      staffName: 'P',
      spokeWith: 'S',
      subject: 'Intake',
      summary: 'Doorgenomen.',
    },
  ],
});
const mail = (number: string, key: string) => ({
  idempotencyKey: key,
  kind: 'contactmoment',
  requestNumber: number,
  to: 'sanne@example.com',
  subject: key,
  html: '',
  text: '',
});

describe('the ingestion storage', () => {
  it('writes everything of a transaction when the work resolves, and nothing when it throws', async () => {
    await expect(
      store.storage.ingestion.transaction(async (tx) => {
        await tx.putAanvraag(aanvraag('MA-1'));
        await tx.appendMessage(message('MA-1', 'm1'));
        await tx.enqueue(mail('MA-1', 'k1'));
        throw new Error('the core changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    expect(await store.counts()).toMatchObject({ requests: 0, messages: 0 });
    expect((await store.outbox.counts()).pending).toBe(0);

    await store.storage.ingestion.transaction(async (tx) => {
      await tx.appendMessage(message('MA-1', 'm1'));
      await tx.enqueue(mail('MA-1', 'k1'));
      await tx.enqueue(mail('MA-1', 'k1'));
      // Written last, landed first: the rows above hang on it.
      await tx.putAanvraag(aanvraag('MA-1'));
    });
    expect(await store.counts()).toMatchObject({ requests: 1, messages: 1 });
    expect((await store.outbox.counts()).pending).toBe(1);
    expect(await store.requestState('MA-1')).toEqual({ number: 'MA-1', phase: 'bestellen' });
  });

  it('answers reads from what was committed, never from the transaction’s own writes', async () => {
    await store.storage.ingestion.transaction(async (tx) => {
      expect(await tx.appendMessage(message('MA-1', 'm1'))).toBe(1);
      await tx.putAanvraag(aanvraag('MA-1'));
      expect(await tx.loggedBodyHash('netbeheer-zuid', 'm1')).toBeUndefined();
      expect(await tx.aanvraag('MA-1')).toBeUndefined();
      expect(await tx.messageLog('MA-1')).toEqual([]);
    });
    await store.storage.ingestion.transaction(async (tx) => {
      expect(await tx.loggedBodyHash('netbeheer-zuid', 'm1')).toBe('hash-m1');
      expect(await tx.messageLog('MA-1')).toEqual([{ id: 'm1', requestNumber: 'MA-1', sender: 'netbeheer-zuid' }]);
      // Places in the log go on from the last one taken, also after a rolled-back transaction took
      // some (SQLite hands those out again, PostgreSQL's sequence leaves a gap).
      expect(await tx.appendMessage(message('MA-1', 'm2'))).toBe(2);
      expect(await tx.appendMessage(message('MA-1', 'm3'))).toBe(3);
      await tx.putAanvraag(aanvraag('MA-1', 'voorbereiden'));
    });
    await store.storage.ingestion
      .transaction(async (tx) => {
        expect(await tx.appendMessage(message('MA-1', 'm4'))).toBe(4);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await store.storage.ingestion.transaction(async (tx) => {
      expect(await tx.appendMessage(message('MA-1', 'm4'))).toBeGreaterThanOrEqual(4);
      await tx.putAanvraag(aanvraag('MA-1', 'leveren'));
    });
    expect(await store.counts()).toMatchObject({ messages: 4 });
    expect(await store.requestState('MA-1')).toEqual({ number: 'MA-1', phase: 'leveren' });
  });

  it('lets a transaction that reads an aanvraag another is writing wait: it reads what the first wrote', async () => {
    const order: string[] = [];
    let firstRead!: () => void;
    const read = new Promise<void>((resolve) => {
      firstRead = resolve;
    });
    const first = store.storage.ingestion.transaction(async (tx) => {
      order.push(`first reads ${await tx.aanvraag('MA-1')}`);
      firstRead();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await tx.putAanvraag(aanvraag('MA-1'));
    });
    await read;
    const second = store.storage.ingestion.transaction(async (tx) => {
      order.push(`second reads ${(await tx.aanvraag('MA-1'))?.number}`);
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first reads undefined', 'second reads MA-1']);
  });

  it('keeps one eindmeting decision per aanvraag, the last one saved', async () => {
    const decision = (status: 'uitgenodigd' | 'overgeslagen', id: string) => ({
      id,
      requestNumber: 'MA-1',
      email: 'sanne@example.com',
      contractor: status === 'uitgenodigd' ? 'van-der-berg-infra' : null,
      trigger: 'capo' as const,
      status,
      skipReason: status === 'overgeslagen' ? ('niet-in-capo' as const) : null,
      secretHash: null,
      createdAt: new Date('2026-12-01T10:00:00Z'),
      expiresAt: null,
      deliveredOn: '2026-11-30',
    });
    await store.storage.ingestion.transaction(async (tx) => {
      await tx.putAanvraag(aanvraag('MA-1'));
      await tx.saveEndSurvey(decision('overgeslagen', 'e1'));
    });
    await store.storage.ingestion.transaction(async (tx) => {
      expect(await tx.endSurvey('MA-1')).toEqual({ status: 'overgeslagen', skipReason: 'niet-in-capo' });
      await tx.saveEndSurvey(decision('uitgenodigd', 'e2'));
    });
    await store.storage.ingestion.transaction(async (tx) => {
      expect(await tx.endSurvey('MA-1')).toEqual({ status: 'uitgenodigd', skipReason: null });
      // The 90-day rule counts from the oplevering's date, not from when the invitation was made.
      expect(await tx.invitedDeliveriesTo('sanne@example.com')).toEqual(['2026-11-30']);
    });
  });

  it('reads the latest aanvragen of a combi area and kind submitted before an instant, started or not, and keeps a shown window once', async () => {
    const comparable = (
      number: string,
      submittedAt: string,
      startsOn: string | null,
      { kind = 'nieuwe_aansluiting', combi = 'brabant-oost', cancelledAt = null as string | null } = {},
    ) => ({
      ...aanvraag(number, startsOn ? 'opgeleverd' : 'bestellen'),
      combi,
      kind,
      submittedAt,
      startsOn,
      deliveredAt: startsOn ? `${startsOn}T15:00:00.000Z` : null,
      cancelledAt,
    });
    await store.storage.ingestion.transaction(async (tx) => {
      await tx.putAanvraag(comparable('MA-1', '2026-09-01T08:00:00.000Z', '2026-11-18'));
      await tx.putAanvraag(comparable('MA-2', '2026-09-02T08:00:00.000Z', '2026-11-24'));
      // Still waiting: counted, as at least this old.
      await tx.putAanvraag(comparable('MA-3', '2026-09-03T08:00:00.000Z', null));
      // Submitted after the instant.
      await tx.putAanvraag(comparable('MA-4', '2026-12-02T09:00:00.000Z', null));
      await tx.putAanvraag(comparable('MA-5', '2026-09-04T08:00:00.000Z', null, { kind: 'wijziging_met_graafwerk' }));
      await tx.putAanvraag(comparable('MA-6', '2026-09-05T08:00:00.000Z', null, { combi: 'peelland' }));
      // Cancelled before the instant: never going to start. Cancelled after it: waiting then.
      await tx.putAanvraag(comparable('MA-7', '2026-09-06T08:00:00.000Z', null, { cancelledAt: '2026-10-01T08:00:00.000Z' }));
      await tx.putAanvraag(comparable('MA-8', '2026-09-07T08:00:00.000Z', null, { cancelledAt: '2026-12-05T08:00:00.000Z' }));
    });
    // Those an older release stored without a start day are among these (keepStartDays reads them).
    expect(await store.numbersWithoutStartDay()).toEqual(['MA-3', 'MA-4', 'MA-5', 'MA-6', 'MA-7', 'MA-8']);
    const record = (fromDate: string | null) => ({
      number: 'MA-1',
      shownAt: '2026-11-01T10:00:00.000Z',
      fromDate,
      toDate: fromDate ? '2026-11-27' : null,
      statedOutOf10: fromDate ? 8 : null,
      comparable: 12,
    });
    // The page's read at a moment: latest submitted first; only this combi area and kind, only before the instant, open ones too.
    const at = '2026-12-01T00:00:00.000Z';
    const pageRows = await store.storage.comparableRows('brabant-oost', 'nieuwe_aansluiting', at);
    expect(comparableAt(pageRows, at)).toEqual([
      { submittedAt: '2026-09-07T08:00:00.000Z', startsOn: null },
      { submittedAt: '2026-09-03T08:00:00.000Z', startsOn: null },
      { submittedAt: '2026-09-02T08:00:00.000Z', startsOn: '2026-11-24' },
      { submittedAt: '2026-09-01T08:00:00.000Z', startsOn: '2026-11-18' },
    ]);
    expect(
      comparableAt(
        await store.storage.comparableRows('brabant-oost', 'nieuwe_aansluiting', '2026-09-06T12:00:00.000Z'),
        '2026-09-06T12:00:00.000Z',
      ).map((c) => c.submittedAt),
    ).toEqual([
      '2026-09-06T08:00:00.000Z', // MA-7: cancelled later, on 1 October
      '2026-09-03T08:00:00.000Z',
      '2026-09-02T08:00:00.000Z',
      '2026-09-01T08:00:00.000Z',
    ]);
    expect(await store.storage.comparableRows('onbekend', 'nieuwe_aansluiting', at)).toEqual([]);
    await store.storage.ingestion.transaction(async (tx) => {
      await tx.recordShownWindow(record('2026-11-09'));
      await tx.recordShownWindow({ ...record(null), number: 'MA-6' });
    });
    // A second record of the same aanvraag (a replay) changes nothing.
    await store.storage.ingestion.transaction(async (tx) => tx.recordShownWindow(record('2026-10-05')));
    const rows = (await store.dashboard.shownWindows({ all: true })).sort((a, b) => a.number.localeCompare(b.number));
    const open = (number: string, submittedAt: string, kind = 'nieuwe_aansluiting') => ({
      number,
      combi: 'brabant-oost',
      kind,
      submittedAt,
      startsOn: null,
      cancelledOn: null,
      kept: false,
      fromDate: null,
      toDate: null,
      statedOutOf10: null,
    });
    // The kept ones with the aanvraag's own start day, beside the open ones whose window is not fixed
    // yet (read without one: their page's window is read now). Delivered or cancelled without a record: neither.
    expect(rows).toEqual([
      {
        number: 'MA-1',
        combi: 'brabant-oost',
        kind: 'nieuwe_aansluiting',
        submittedAt: '2026-09-01T08:00:00.000Z',
        startsOn: '2026-11-18',
        cancelledOn: null,
        kept: true,
        fromDate: '2026-11-09',
        toDate: '2026-11-27',
        statedOutOf10: 8,
      },
      open('MA-3', '2026-09-03T08:00:00.000Z'),
      open('MA-4', '2026-12-02T09:00:00.000Z'),
      open('MA-5', '2026-09-04T08:00:00.000Z', 'wijziging_met_graafwerk'),
      {
        number: 'MA-6',
        combi: 'peelland',
        kind: 'nieuwe_aansluiting',
        submittedAt: '2026-09-05T08:00:00.000Z',
        startsOn: null,
        cancelledOn: null,
        kept: true,
        fromDate: null,
        toDate: null,
        statedOutOf10: null,
      },
    ]);
    // The scope's rule holds: an organisation of one combi area sees its own.
    expect(await store.dashboard.shownWindows({ all: false, combis: ['peelland'], gridOperator: undefined })).toHaveLength(1);
    expect(await store.dashboard.shownWindows({ all: true }, 'brabant-oost')).toHaveLength(4);
  });
  it('keeps in memory what the page reads at each moment: the latest COMPARABLE_SAMPLE, however many were submitted or cancelled since', async () => {
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString();
    await store.storage.ingestion.transaction(async (tx) => {
      for (let i = 0; i < COMPARABLE_SAMPLE + 40; i++)
        await tx.putAanvraag({
          ...aanvraag(`MA-${i}`),
          combi: 'brabant-oost',
          kind: 'nieuwe_aansluiting',
          submittedAt: day(i),
          startsOn: i % 3 ? '2026-12-01' : null,
          // A few cancelled inside the span: one moment counts them, a later one does not.
          cancelledAt: i % 500 === 7 ? day(COMPARABLE_SAMPLE + 20) : null,
        });
    });
    // The index ingestion keeps its windows from, caught up from storage, picks at every moment what the page's read picks.
    const index = new ComparableIndex();
    await store.storage.ingestion.transaction((tx) => index.catchUp(tx, [{ combi: 'brabant-oost', kind: 'nieuwe_aansluiting' }]));
    expect(index.size).toBe(COMPARABLE_SAMPLE + 40);
    for (const moment of [
      day(COMPARABLE_SAMPLE + 5),
      day(COMPARABLE_SAMPLE + 20),
      day(COMPARABLE_SAMPLE + 21),
      day(COMPARABLE_SAMPLE + 35),
    ]) {
      const own = await store.storage.comparableRows('brabant-oost', 'nieuwe_aansluiting', moment);
      expect(own).toHaveLength(COMPARABLE_SAMPLE);
      expect(index.curveAt('brabant-oost', 'nieuwe_aansluiting', moment), moment).toEqual(curveAt(own, moment));
    }
  }, 60_000);
  it('lists the comparable columns of a combi area and kind, then of every aanvraag written since', async () => {
    const comparable = (number: string, submittedAt: string | null, more: Partial<AanvraagRow> = {}): AanvraagRow => ({
      ...aanvraag(number),
      kind: 'nieuwe_aansluiting',
      submittedAt,
      ...more,
    });
    const columns = comparableChange;
    const first = [comparable('MA-1', '2026-09-01T08:00:00.000Z'), comparable('MA-2', '2026-09-02T06:00:00.000Z')];
    await store.storage.ingestion.transaction(async (tx) => {
      for (const row of first) await tx.putAanvraag(row);
      // Not comparable: without a kind or a submission. The first list leaves them out.
      await tx.putAanvraag({ ...aanvraag('MA-3'), kind: null, submittedAt: '2026-11-02T09:00:00.000Z' });
      await tx.putAanvraag(comparable('MA-4', null));
    });
    const read = (cursor?: string) => store.storage.ingestion.transaction((tx) => tx.comparableChanges(cursor));
    const byNumber = (rows: ComparableChange[]) => rows.sort((a, b) => a.number.localeCompare(b.number));
    // Without a cursor: none, only where the list stands. A group: those of its combi area and kind with a submission.
    const all = await read();
    expect(all.rows).toEqual([]);
    const group = (combi: string) => store.storage.ingestion.transaction((tx) => tx.comparableGroup(combi, 'nieuwe_aansluiting'));
    expect(byNumber(await group('brabant-oost'))).toEqual(first.map(columns));
    expect(await group('peelland')).toEqual([]);
    // On PostgreSQL what was written while older transactions ran (another test's, in the same
    // cluster) may come again: then as it stands now.
    const asStored = new Map(
      [...first, { ...aanvraag('MA-3'), kind: null, submittedAt: '2026-11-02T09:00:00.000Z' }, comparable('MA-4', null)].map(
        (r) => [r.number, columns(r)],
      ),
    );
    const again = await read(all.cursor);
    for (const row of again.rows) expect(row).toEqual(asStored.get(row.number));
    // Started, cancelled, moved to another area, and new: each listed, as it stands now.
    const changed = [
      comparable('MA-1', '2026-09-01T08:00:00.000Z', { startsOn: '2026-11-18' }),
      comparable('MA-2', '2026-09-02T06:00:00.000Z', { cancelledAt: '2026-10-01T09:00:00.000Z' }),
      comparable('MA-4', '2026-09-04T08:00:00.000Z', { combi: 'peelland' }),
      comparable('MA-5', '2026-09-05T08:00:00.000Z'),
    ];
    await store.storage.ingestion.transaction(async (tx) => {
      for (const row of changed) await tx.putAanvraag(row);
    });
    for (const row of changed) asStored.set(row.number, columns(row));
    const since = await read(again.cursor);
    expect(byNumber(since.rows.filter((r) => r.number !== 'MA-3'))).toEqual(changed.map(columns));
    expect(await group('peelland')).toEqual([columns(changed[2] as AanvraagRow)]);
    for (const row of (await read(since.cursor)).rows) expect(row).toEqual(asStored.get(row.number));
  });
});
