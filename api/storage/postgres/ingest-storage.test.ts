/**
 * Ingestion on a real PostgreSQL (the run's throwaway server): the application core
 * (api/core/ingest.ts) over PgIngestStorage, and what several processes ingesting into one
 * database need: transactions on one aanvraag take turns, a message sent twice at once is applied
 * once. Each "process" is a pool of its own.
 */
import { count, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../../demo/seed.ts';
import type { Sender } from '../../../domain/authorization.ts';
import type { Message } from '../../../domain/messages.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import { ComparableIndex } from '../../core/comparable-index.ts';
import { type IngestDeps, ingestMessages } from '../../core/ingest.ts';
import { openPostgresStore, type PostgresStore } from '../../core/open-store.ts';
import type { MailComposer } from '../../mail/compose.ts';
import { contactLogged, submission } from '../../testing.ts';
import type { AanvraagRow, MessageRow } from '../contract.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { connectPostgres, type PgConnection } from './database.ts';
import { PgIngestStorage } from './ingest-storage.ts';
import * as schema from './schema.ts';

let database: TestDatabase;
let pools: PgConnection[];
/** The first process's store: it seeds the demo directory and lends its row ids to the others. */
let store: PostgresStore;
let committed: string[][];

/** A server process of its own: a pool and an ingestion storage over it. */
function process(): { storage: PgIngestStorage } {
  const pool = connectPostgres(database.url, { max: 4 });
  pools.push(pool);
  return { storage: new PgIngestStorage({ db: pool.db, ids: store.storage.ids, onCommitted: (n) => committed.push(n) }) };
}

/** A stand-in composer: the subject names the kind and aanvraag, the text carries the follow link. */
const mail: MailComposer = {
  url: (path) => `https://traject.example${path}`,
  compose: (kind, state, _message, links) => ({ subject: `${kind} ${state.number}`, html: '', text: links.follow }),
  endSurvey: (state, contractor, _expiresAt, links) => ({
    subject: `eindmeting ${state.number}`,
    html: '',
    text: `${contractor} ${links.follow}`,
  }),
};
const deps = (): IngestDeps => ({
  directory: store,
  capoActive: (combi) => store.combi(combi)?.capoActive ?? false,
  mail,
  comparable: new ComparableIndex(),
});
const sender = (code: string): Sender => store.organisation(code) as Sender;
const send = (storage: PgIngestStorage, from: string, ...messages: Message[]) =>
  ingestMessages(
    storage,
    deps(),
    messages.map((message) => ({ sender: sender(from), message })),
  );
const statuses = (results: { status: number }[]) => results.map((r) => r.status);

const handed = (number: string): Message =>
  ({
    id: `${number}-h`,
    type: 'handed_to_combi',
    requestNumber: number,
    occurredAt: '2026-11-03T10:00:00+01:00',
    workOrderIds: [`${number}-E`, `${number}-W`],
    contractor: 'van-der-berg-infra',
  }) as Message;
const week = (number: string, id: string, occurredAt: string, provisionalWeek: string): Message =>
  ({ id, type: 'planning_changed', requestNumber: number, occurredAt, provisionalWeek, reason: 'plangesprek' }) as Message;
const tg = (number: string, wo: 'E' | 'W'): Message =>
  ({
    id: `${number}-tg-${wo}`,
    type: 'work_order_completed',
    requestNumber: number,
    occurredAt: '2026-12-01T15:00:00+01:00',
    workOrderId: `${number}-${wo}`,
  }) as Message;

let db: PgConnection['db'];
let storage: PgIngestStorage;

beforeEach(async () => {
  database = await createTestDatabase();
  pools = [];
  committed = [];
  store = await openPostgresStore(database.url);
  await seedDirectory(store);
  const assertions = connectPostgres(database.url, { max: 2 });
  pools.push(assertions);
  db = assertions.db;
  ({ storage } = process());
});
afterEach(async () => {
  await Promise.all([...pools.map((p) => p.sql.end({ timeout: 1 })), store.close()]);
  await database.drop();
});

const countOf = async (table: typeof schema.messages | typeof schema.requests | typeof schema.accessLinks) =>
  (await db.select({ n: count() }).from(table))[0]?.n;
const outboxKeys = async () =>
  (await db.select({ key: schema.outbox.idempotencyKey }).from(schema.outbox).orderBy(schema.outbox.id)).map((r) => r.key);
const stateOf = async (number: string) =>
  (await db.select({ state: schema.requests.state }).from(schema.requests).where(eq(schema.requests.number, number)))[0]?.state as
    | RequestState
    | undefined;

describe('ingesting on PostgreSQL', () => {
  it('stores a new aanvraag with its opdrachten, log, projections, mail and personal links', async () => {
    const results = await send(storage, 'netbeheer-zuid', submission('MA-PG-1'), contactLogged('MA-PG-1', 'c1'));
    expect(statuses(results)).toEqual([201, 201]);
    const [request] = await db.select().from(schema.requests);
    expect(request).toMatchObject({
      number: 'MA-PG-1',
      combiId: store.storage.ids.combiId('brabant-oost'),
      applicantEmail: 'sanne@example.com',
      postcode: '5611 AB',
      submittedAt: '2026-11-02T09:00:00.000Z',
    });
    expect((request?.state as RequestState | undefined)?.contactMoments).toHaveLength(1);
    const workOrders = await db.select().from(schema.workOrders).orderBy(schema.workOrders.externalId);
    expect(workOrders.map((w) => [w.externalId, w.gridOperatorId])).toEqual([
      ['MA-PG-1-E', store.storage.ids.organisationId('netbeheer-zuid')],
      ['MA-PG-1-W', store.storage.ids.organisationId('waterbedrijf-peel')],
    ]);
    const log = await db.select().from(schema.messages).orderBy(schema.messages.seq);
    expect(log.map((m) => m.messageId)).toEqual(['MA-PG-1-submitted', 'c1']);
    const [contactRow] = await db.select().from(schema.contactMoments);
    expect(contactRow).toMatchObject({ messageSeq: log[1]?.seq, code: 'B', staffName: 'Petra Jansen' });
    expect(await db.select({ value: schema.planningChanges.value }).from(schema.planningChanges)).toEqual([
      { value: '2027-03-01' },
    ]);
    // Each mail keyed by its message's place in the log, with its two personal links.
    expect(await outboxKeys()).toEqual([`aanvraag:${log[0]?.seq}`, `contactmoment:${log[1]?.seq}`]);
    expect(await countOf(schema.accessLinks)).toBe(4);
    expect(committed).toEqual([['MA-PG-1']]);
  });

  it('answers a repeated message as a duplicate and the same id with another body as a conflict', async () => {
    await send(storage, 'netbeheer-zuid', submission('MA-PG-1'), contactLogged('MA-PG-1', 'c1'));
    const again = await send(
      storage,
      'netbeheer-zuid',
      contactLogged('MA-PG-1', 'c1'),
      contactLogged('MA-PG-1', 'c1', { summary: 'Iets anders.' }),
    );
    expect(again.map((r) => [r.status, r.result])).toEqual([
      [200, 'duplicate'],
      [409, 'rejected'],
    ]);
    expect(await countOf(schema.messages)).toBe(2);
    expect(await outboxKeys()).toHaveLength(2);
  });

  it('replays the log for a late message, mails about the planning once, and drops the kept status', async () => {
    await send(storage, 'traject', submission('MA-PG-1'), handed('MA-PG-1'));
    await send(storage, 'van-der-berg-infra', week('MA-PG-1', 'p2', '2026-11-06T10:00:00+01:00', '2027-W12'));
    await db
      .insert(schema.requestStatuses)
      .values({ number: 'MA-PG-1', gridOperators: '', json: '{}', etag: '"e"', validUntil: '2099-01-01' });
    const [late] = await send(storage, 'van-der-berg-infra', week('MA-PG-1', 'p1', '2026-11-05T10:00:00+01:00', '2027-W10'));
    expect(late).toMatchObject({ status: 201, result: 'accepted' });
    const state = await stateOf('MA-PG-1');
    expect(state?.planning.provisionalWeek).toBe('2027-W12');
    const weeks = state?.planning.history.filter((h) => h.field === 'provisionalWeek');
    expect(weeks?.map((h) => h.value)).toEqual(['2027-W10', '2027-W12']);
    expect((await outboxKeys()).map((k) => k.split(':')[0])).toEqual(['aanvraag', 'planning']);
    expect(await db.select().from(schema.requestStatuses)).toEqual([]);
  });

  it('records the eindmeting on oplevering and mails it once, whatever comes after', async () => {
    await send(storage, 'traject', submission('MA-PG-1'), handed('MA-PG-1'));
    await send(storage, 'van-der-berg-infra', tg('MA-PG-1', 'E'), tg('MA-PG-1', 'W'));
    await send(storage, 'van-der-berg-infra', contactLogged('MA-PG-1', 'c-after', { occurredAt: '2026-12-02T10:00:00+01:00' }));
    const [invitation] = await db.select().from(schema.endSurveyInvitations);
    expect(invitation).toMatchObject({
      status: 'uitgenodigd',
      trigger: 'capo',
      email: 'sanne@example.com',
      contractorId: store.storage.ids.organisationId('van-der-berg-infra'),
      createdAt: expect.stringMatching(/Z$/),
    });
    const keys = await outboxKeys();
    expect(keys.filter((k) => k === 'eindmeting:MA-PG-1')).toHaveLength(1);
    expect(keys.map((k) => k.split(':')[0])).toContain('oplevering');
  });

  it('writes nothing of a batch that fails, and hands out new places in the log afterwards', async () => {
    const ghost: Sender = { code: 'ghost', kind: 'platform' };
    await expect(
      ingestMessages(storage, deps(), [
        { sender: sender('traject'), message: submission('MA-PG-1') },
        { sender: ghost, message: contactLogged('MA-PG-1', 'c1') },
      ]),
    ).rejects.toThrow(/unknown organisation ghost/);
    expect(await countOf(schema.requests)).toBe(0);
    expect(await countOf(schema.messages)).toBe(0);
    expect(await outboxKeys()).toEqual([]);
    expect(await countOf(schema.accessLinks)).toBe(0);
    expect(statuses(await send(storage, 'traject', submission('MA-PG-1')))).toEqual([201]);
  });

  it('sends as many statements for a part of a batch about 25 new aanvragen as for one about 3: read ahead and written in sets', async () => {
    const statements: string[] = [];
    const counted = connectPostgres(database.url, { max: 4, onQuery: (query) => statements.push(query) });
    pools.push(counted);
    const counting = new PgIngestStorage({ db: counted.db, ids: store.storage.ids });
    // Each aanvraag its own applicant: a language and eindmeting invitations to read per address.
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `MA-PG-${from + i}`).flatMap((number) => [
        submission(number, { applicant: { name: 'Sanne', email: `${number.toLowerCase()}@example.com` } }),
        contactLogged(number, `${number}-c1`),
      ]);
    const statementsFor = async (messages: Message[]) => {
      statements.length = 0;
      expect(new Set(statuses(await send(counting, 'netbeheer-zuid', ...messages)))).toEqual(new Set([201]));
      return statements.length;
    };
    const few = await statementsFor(batch(100, 3));
    // 50 messages: one transaction (MESSAGES_PER_TRANSACTION).
    expect(await statementsFor(batch(200, 25))).toBe(few);
    // 60 messages about 30 aanvragen: two transactions, split between aanvragen.
    expect(await statementsFor(batch(300, 30))).toBe(2 * few);
    // Two mails per aanvraag (aanvraag, contactmoment): the statements did not skip any.
    expect(await outboxKeys()).toHaveLength(2 * (3 + 25 + 30));
  });
});

describe('several processes ingesting into one PostgreSQL', () => {
  it('lets transactions on one aanvraag take turns: the second reads what the first wrote', async () => {
    const other = process();
    await send(storage, 'netbeheer-zuid', submission('MA-PG-1'));
    const order: string[] = [];
    let firstHasLock!: () => void;
    const locked = new Promise<void>((resolve) => {
      firstHasLock = resolve;
    });
    const first = storage.transaction(async (tx) => {
      const state = await tx.aanvraag('MA-PG-1');
      firstHasLock();
      // Hold the aanvraag until the second has certainly asked for it.
      await until(async () => (await waitingForLock(db)) > 0);
      order.push('first writes');
      await tx.putAanvraag(rowOf('MA-PG-1', { ...(state as RequestState), kind: 'wijziging_met_graafwerk' }));
    });
    await locked;
    const second = other.storage.transaction(async (tx) => {
      order.push(`second reads ${(await tx.aanvraag('MA-PG-1'))?.kind}`);
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first writes', 'second reads wijziging_met_graafwerk']);
  });

  it('lets two transactions wait for each other over an aanvraag that is not stored yet', async () => {
    const other = process();
    const reads: (string | undefined)[] = [];
    const put = (s: PgIngestStorage) =>
      s.transaction(async (tx) => {
        const state = await tx.aanvraag('MA-PG-9');
        reads.push(state?.kind);
        await tx.putAanvraag(rowOf('MA-PG-9', { number: 'MA-PG-9', kind: 'nieuwe_aansluiting' } as unknown as RequestState));
      });
    await Promise.all([put(storage), put(other.storage)]);
    expect(reads).toEqual([undefined, 'nieuwe_aansluiting']);
  });

  it('applies a message that two processes ingest at once exactly once', async () => {
    const other = process();
    await send(storage, 'netbeheer-zuid', submission('MA-PG-1'));
    for (let i = 0; i < 5; i++) {
      const message = contactLogged('MA-PG-1', `c${i}`);
      const results = await Promise.all([
        send(storage, 'netbeheer-zuid', message),
        send(other.storage, 'netbeheer-zuid', message),
      ]);
      expect(
        results
          .flat()
          .map((r) => r.result)
          .sort(),
      ).toEqual(['accepted', 'duplicate']);
    }
    expect(await countOf(schema.messages)).toBe(6);
    expect((await stateOf('MA-PG-1'))?.contactMoments).toHaveLength(5);
    expect((await outboxKeys()).filter((k) => k.startsWith('contactmoment:'))).toHaveLength(5);
  });

  it('runs again the transaction whose message another committed first, which then finds it logged', async () => {
    const other = process();
    const logged: MessageRow = {
      sender: 'netbeheer-zuid',
      messageId: 'same-id',
      requestNumber: 'MA-PG-1',
      type: 'contact_logged',
      occurredAt: '2026-11-03T09:30:00+01:00',
      receivedAt: '2026-11-03T09:30:01.000Z',
      bodyHash: 'hash',
      body: {},
      projections: [],
    };
    let bothRead!: () => void;
    const read = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    let readers = 0;
    const runs: string[] = [];
    const ingestOnce = (s: PgIngestStorage, name: string, number: string) =>
      s.transaction(async (tx) => {
        const known = await tx.loggedBodyHash('netbeheer-zuid', 'same-id');
        runs.push(`${name} ${known ? 'finds it' : 'appends'}`);
        if (++readers === 2) bothRead();
        // Neither commits before both have looked: the second to commit loses the race.
        await read;
        if (known) return;
        await tx.appendMessage({ ...logged, requestNumber: number });
        await tx.putAanvraag(rowOf(number, { number } as RequestState));
      });
    await Promise.all([ingestOnce(storage, 'one', 'MA-PG-1'), ingestOnce(other.storage, 'two', 'MA-PG-2')]);
    // Both append; the one that commits second runs again and finds the other's.
    expect(runs.slice(0, 2).sort()).toEqual(['one appends', 'two appends']);
    expect(runs[2]).toMatch(/^(one|two) finds it$/);
    expect(await countOf(schema.messages)).toBe(1);
  });

  it('applies a batch spread over two processes once, however the aanvragen interleave', async () => {
    const other = process();
    const numbers = Array.from({ length: 20 }, (_, i) => `MA-PG-${i + 1}`);
    const batch = numbers.flatMap((n) => [submission(n), contactLogged(n, `${n}-c`)]);
    // Both send everything, in opposite orders: locks taken crosswise deadlock and are retried.
    const [a, b] = await Promise.all([
      send(storage, 'netbeheer-zuid', ...batch),
      send(other.storage, 'netbeheer-zuid', ...[...batch].reverse()),
    ]);
    const accepted = [...a, ...b].filter((r) => r.result === 'accepted').length;
    expect(accepted).toBe(batch.length);
    expect(await countOf(schema.messages)).toBe(batch.length);
    expect(await countOf(schema.requests)).toBe(numbers.length);
    for (const n of ['MA-PG-1', 'MA-PG-20']) expect((await stateOf(n))?.contactMoments).toHaveLength(1);
  });
});

/** A plain row for the storage, with this state. */
function rowOf(number: string, state: RequestState): AanvraagRow {
  const none = {
    applicantName: null,
    applicantEmail: null,
    applicantPhone: null,
    street: null,
    houseNumber: null,
    applicantKvk: null,
    project: null,
  };
  return {
    number,
    combi: null,
    kind: state.kind ?? null,
    ...none,
    houseNumberAddition: null,
    postcode: null,
    city: null,
    phase: 'bestellen',
    submittedAt: null,
    deliveredAt: null,
    startsOn: null,
    cancelledAt: null,
    lastOccurredAt: null,
    updatedAt: new Date().toISOString(),
    state,
    workOrders: [],
  };
}

/** Transactions now waiting for a lock in this database. */
async function waitingForLock(on: PgConnection['db']): Promise<number> {
  const rows = await on.execute<{ n: number }>(
    sql`select count(*)::int as n from pg_locks where not granted and database = (select oid from pg_database where datname = current_database())`,
  );
  return rows[0]?.n ?? 0;
}

async function until(condition: () => Promise<boolean>, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
