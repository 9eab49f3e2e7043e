/**
 * The embedded store: Drizzle on better-sqlite3 in WAL mode. Ingestion is the application core's
 * (api/core/ingest.ts) over the SQLite ingestion storage (api/storage/sqlite/ingest-storage.ts):
 * a batch of messages is written in one transaction, each message applied whole or not at all,
 * and a crash loses only a batch that was never acknowledged.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { and, count, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { type Sender, takesPart } from '../../domain/authorization.ts';
import { dutchDate } from '../../domain/calendar.ts';
import type { Content } from '../../domain/content.ts';
import { leadTimeDays } from '../../domain/expected-window.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { requestStatus, statusValidUntil } from '../../domain/status.ts';
import { inviteFromCsv } from '../core/end-survey-invitation.ts';
import { helpdeskSurvey } from '../core/helpdesk-survey.ts';
import { ingestMessages } from '../core/ingest.ts';
import type { MailComposer } from '../mail/compose.ts';
import type { DirectoryIds } from '../storage/scope-sql.ts';
import { aanvraagByNumber, SqliteIngestStorage } from '../storage/sqlite/ingest-storage.ts';
import { type Checkpointer, startCheckpointer } from './checkpointer.ts';
import { refuseNewerMigrations } from './migration-journal.ts';
import { params } from './placeholders.ts';
import * as schema from './schema.ts';
import { SqliteAccess } from './sqlite-access.ts';
import { SqliteCallbacks } from './sqlite-callbacks.ts';
import { SqliteDashboard } from './sqlite-dashboard.ts';
import { SqliteEndSurveys } from './sqlite-end-surveys.ts';
import { SqliteHelpdesk } from './sqlite-helpdesk.ts';
import { SqliteOutbox } from './sqlite-outbox.ts';
import { SqliteResponses } from './sqlite-responses.ts';
import { SqliteRetention } from './sqlite-retention.ts';
import { SqliteStaff } from './sqlite-staff.ts';
import { type CachedStatus, StatusCache } from './status-cache.ts';
import type {
  CombiRecord,
  CsvInvitationResult,
  IngestEntry,
  MessageResult,
  NewCombi,
  NewOrganisation,
  OrganisationRecord,
  Store,
} from './store.ts';

const MIGRATIONS = join(import.meta.dirname, 'migrations');
/** Statuses read per query while the status cache is filled at start. */
const WARM_CHUNK = 2000;

type Db = BetterSQLite3Database<typeof schema>;
export type StoreOptions = {
  /** Composes the mails that messages cause; without it, ingestion writes no mail. */
  mail?: MailComposer;
  /** The norms: with them, every write also stores the status the API serves (see statusJson). */
  content?: Content;
  /** Memory for served statuses (status-cache.ts); 0, the default, keeps none (scripts, tests). */
  statusCacheBytes?: number;
  /** WAL checkpoints on a worker thread instead of in commits (checkpointer.ts): for the server. */
  checkpointInBackground?: { onFailure?: (error: Error | undefined) => void };
};

/** Opens (and creates) the database file, applies pending migrations and returns the store. */
export function openSqliteStore(file: string, options: StoreOptions = {}): SqliteStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash (SIGKILL); only power loss may drop the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // 64 MB of SQLite's own page cache (the default is 2 MB): the b-tree's upper pages stay in it.
  sqlite.pragma('cache_size = -65536');
  const db = drizzle({ client: sqlite, schema, casing: 'snake_case' });
  try {
    if (sqlite.prepare(`select 1 from sqlite_master where name = '__drizzle_migrations'`).get()) {
      refuseNewerMigrations(sqlite.prepare('select created_at from __drizzle_migrations').pluck().all() as number[], MIGRATIONS);
    }
    migrate(db, { migrationsFolder: MIGRATIONS });
  } catch (error) {
    sqlite.close();
    throw error;
  }
  const background = options.checkpointInBackground;
  const checkpointer =
    background && file !== ':memory:'
      ? startCheckpointer(file, {
          onExit: (error) => {
            // Back to checkpoints in the commits: slower, but the WAL stays small.
            if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
            background.onFailure?.(error);
          },
        })
      : undefined;
  // Only a safety net now: should the worker fall behind, a commit checkpoints past ~400 MB of WAL.
  if (checkpointer) sqlite.pragma('wal_autocheckpoint = 100000');
  return new SqliteStore(sqlite, db, options, checkpointer);
}

export class SqliteStore implements Store {
  #orgsByCode = new Map<string, OrganisationRecord>();
  #orgsById = new Map<number, OrganisationRecord>();
  #combis = new Map<string, CombiRecord & { id: number }>();
  #combisById = new Map<number, string>();
  readonly #sqlite: Database.Database;
  readonly #db: Db;
  readonly #q;
  readonly #mail: MailComposer | undefined;
  readonly #content: Content | undefined;
  readonly outbox: SqliteOutbox;
  readonly access: SqliteAccess;
  readonly endSurveys: SqliteEndSurveys;
  readonly callbacks: SqliteCallbacks;
  readonly responses: SqliteResponses;
  readonly helpdesk: SqliteHelpdesk;
  readonly retention: SqliteRetention;
  readonly staff: SqliteStaff;
  readonly dashboard: SqliteDashboard;
  #keyGeneration = 0;
  readonly #statuses: StatusCache;
  /** The ingestion storage the application core writes through (api/storage/contract.ts). */
  readonly ingestion: SqliteIngestStorage;

  readonly #checkpointer: Checkpointer | undefined;

  constructor(sqlite: Database.Database, db: Db, options: StoreOptions = {}, checkpointer?: Checkpointer) {
    this.#checkpointer = checkpointer;
    this.#sqlite = sqlite;
    this.#db = db;
    this.#mail = options.mail;
    this.#content = options.content;
    const dataVersion = sqlite.prepare('pragma data_version').pluck();
    this.#statuses = new StatusCache(options.statusCacheBytes ?? 0, () => dataVersion.get() as number);
    this.outbox = new SqliteOutbox(db);
    this.access = new SqliteAccess(db);
    this.endSurveys = new SqliteEndSurveys(db, (requestNumber) => this.#inviteFromCsv(requestNumber));
    this.callbacks = new SqliteCallbacks(db, this.ids);
    this.responses = new SqliteResponses(db);
    this.helpdesk = new SqliteHelpdesk(sqlite, db, this.outbox, this.ids, helpdeskSurvey(options.mail));
    this.retention = new SqliteRetention(sqlite, db, (number) => this.#statuses.delete(number));
    this.staff = new SqliteStaff(db, this.ids, () => this.#keyGeneration++);
    this.dashboard = new SqliteDashboard(
      sqlite,
      this.ids,
      { organisations: (code) => this.organisation(code), combiName: (code) => this.#combis.get(code)?.name },
      options.content,
    );
    const p = sql.placeholder;
    this.#q = {
      requestByNumber: aanvraagByNumber(db),
      keyOwner: db
        .select({ organisationId: schema.apiKeys.organisationId })
        .from(schema.apiKeys)
        .where(and(eq(schema.apiKeys.hash, p('hash')), isNull(schema.apiKeys.revokedAt)))
        .prepare(),
      ...statusStatements(db),
    };
    this.ingestion = new SqliteIngestStorage({
      sqlite,
      db,
      ids: this.ids,
      outbox: this.outbox,
      access: this.access,
      onCommitted: (numbers) => {
        for (const number of numbers) this.#statuses.delete(number);
      },
    });
    this.#loadDirectory();
  }

  #loadDirectory(): void {
    this.#orgsByCode.clear();
    this.#orgsById.clear();
    this.#combis.clear();
    this.#combisById.clear();
    for (const o of this.#db.select().from(schema.organisations).all()) {
      const record: OrganisationRecord = { id: o.id, code: o.code, name: o.name, kind: o.kind, phone: o.phone, email: o.email };
      this.#orgsByCode.set(o.code, record);
      this.#orgsById.set(o.id, record);
    }
    const members = this.#db.select().from(schema.combiMembers).all();
    for (const c of this.#db.select().from(schema.combis).all()) {
      const codes = members.filter((m) => m.combiId === c.id).map((m) => this.#orgsById.get(m.organisationId)?.code);
      this.#combisById.set(c.id, c.code);
      this.#combis.set(c.code, {
        id: c.id,
        code: c.code,
        name: c.name,
        area: c.area,
        capoActive: c.capoActive,
        organisation: c.organisationId ? (this.#orgsById.get(c.organisationId)?.code ?? null) : null,
        members: new Set(codes.filter((x): x is string => !!x)),
      });
    }
  }

  organisation(code: string): OrganisationRecord | undefined {
    return this.#orgsByCode.get(code);
  }

  /** The row ids behind codes, for the sub-stores that filter in SQL (api/data/scope-sql.ts). */
  readonly ids: DirectoryIds = {
    organisationId: (code) => this.#orgsByCode.get(code)?.id,
    organisationCode: (id) => this.#orgsById.get(id)?.code,
    combiId: (code) => this.#combis.get(code)?.id,
    combiCode: (id) => this.#combisById.get(id),
  };

  organisationCodes(): string[] {
    return [...this.#orgsByCode.keys()];
  }

  combiCodes(): string[] {
    return [...this.#combis.keys()];
  }

  combi(code: string): CombiRecord | undefined {
    return this.#combis.get(code);
  }

  apiKeyGeneration(): number {
    return this.#keyGeneration;
  }

  async organisationByKeyHash(hash: string): Promise<OrganisationRecord | undefined> {
    const row = this.#q.keyOwner.get({ hash });
    return row ? this.#orgsById.get(row.organisationId) : undefined;
  }

  async addOrganisation(org: NewOrganisation): Promise<OrganisationRecord> {
    this.#db.insert(schema.organisations).values(org).run();
    this.#loadDirectory();
    return this.#orgsByCode.get(org.code) as OrganisationRecord;
  }

  async addCombi(combi: NewCombi): Promise<void> {
    this.#sqlite.transaction(() => {
      const organisationId = combi.organisation ? this.#orgId(combi.organisation) : null;
      const { id } = this.#db
        .insert(schema.combis)
        .values({ code: combi.code, name: combi.name, area: combi.area, capoActive: combi.capoActive, organisationId })
        .returning({ id: schema.combis.id })
        .get();
      for (const member of combi.members) {
        this.#db
          .insert(schema.combiMembers)
          .values({ combiId: id, organisationId: this.#orgId(member) })
          .run();
      }
    })();
    this.#loadDirectory();
  }

  async addApiKey(organisation: string, hash: string, prefix: string, label: string): Promise<void> {
    this.#db
      .insert(schema.apiKeys)
      .values({ organisationId: this.#orgId(organisation), hash, prefix, label })
      .run();
  }

  #orgId(code: string): number {
    const org = this.#orgsByCode.get(code);
    if (!org) throw new Error(`unknown organisation ${code}`);
    return org.id;
  }

  async requestState(number: string): Promise<RequestState | undefined> {
    return this.#q.requestByNumber.get({ number })?.state as RequestState | undefined;
  }

  async ingest(entries: IngestEntry[], { receivedAt = new Date(), notify = true } = {}): Promise<MessageResult[]> {
    const mail = notify ? this.#mail : undefined;
    return ingestMessages(this.ingestion, { directory: this, capoActive: this.#capoActive, mail }, entries, { receivedAt });
  }

  /** Whether a combi area takes part in CAPO (its eindmeting is automatic). */
  readonly #capoActive = (combi: string): boolean => this.#combis.get(combi)?.capoActive ?? false;

  async #inviteFromCsv(requestNumber: string): Promise<CsvInvitationResult> {
    const mail = this.#mail;
    return mail ? inviteFromCsv(this.ingestion, { capoActive: this.#capoActive, mail }, requestNumber) : { result: 'onbekend' };
  }

  async counts() {
    const one = (table: typeof schema.requests | typeof schema.messages | typeof schema.organisations) =>
      this.#db.select({ n: count() }).from(table).get()?.n ?? 0;
    return { requests: one(schema.requests), messages: one(schema.messages), organisations: one(schema.organisations) };
  }

  /** Computes the status as the API serves it and keeps it, with the last date it stays right. */
  #keepStatus(number: string, state: RequestState, now: Date): CachedStatus | undefined {
    if (!this.#content || !state.submittedAt) return undefined;
    const status = requestStatus(state, this.#content, (code) => this.organisation(code), now);
    const json = JSON.stringify(status);
    const gridOperators = [...new Set(state.workOrders.map((w) => w.gridOperator))];
    const kept = {
      number,
      combiId: state.combi ? (this.#combis.get(state.combi)?.id ?? null) : null,
      gridOperators: `,${gridOperators.join(',')},`,
      json,
      validUntil: statusValidUntil(status),
    };
    this.#q.storeStatus.run(kept);
    this.#statuses.delete(number);
    return { json: Buffer.from(json), combi: state.combi, gridOperators, validUntil: kept.validUntil };
  }

  #day = { minute: Number.NaN, date: '' };

  /** dutchDate, worked out once a minute: the Dutch date only turns at a whole minute (UTC offsets are whole hours). */
  #dutchDay(now: Date): string {
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute !== this.#day.minute) this.#day = { minute, date: dutchDate(now) };
    return this.#day.date;
  }

  /** The kept status from memory, or else from the database (and then remembered). */
  #keptStatus(number: string): CachedStatus | undefined {
    const cached = this.#statuses.get(number);
    if (cached) return cached;
    const row = this.#q.storedStatus.get({ number });
    if (!row) return undefined;
    const kept = this.#cachedStatus(row);
    this.#statuses.set(number, kept);
    return kept;
  }

  #cachedStatus(row: { combiId: number | null; gridOperators: string; json: Buffer; validUntil: string }): CachedStatus {
    return {
      json: row.json,
      combi: row.combiId === null ? undefined : this.#combisById.get(row.combiId),
      gridOperators: row.gridOperators.split(',').filter(Boolean),
      validUntil: row.validUntil,
    };
  }

  statusFromMemory(number: string, org: Sender, now = new Date()): Uint8Array | undefined {
    const kept = this.#statuses.get(number);
    return kept && this.#dutchDay(now) <= kept.validUntil && takesPart(org, kept, this) ? kept.json : undefined;
  }

  async statusJson(number: string, org: Sender, now = new Date()): Promise<Uint8Array | 'niet-betrokken' | undefined> {
    const kept = this.#keptStatus(number);
    if (kept && this.#dutchDay(now) <= kept.validUntil) return takesPart(org, kept, this) ? kept.json : 'niet-betrokken';
    // Not kept yet, or a due date has passed since: compute from the state, keep, serve.
    const state = this.#q.requestByNumber.get({ number })?.state as RequestState | undefined;
    if (!state?.submittedAt) return undefined;
    if (!takesPart(org, state, this)) return 'niet-betrokken';
    const fresh = this.#keepStatus(number, state, now);
    if (fresh) this.#statuses.set(number, fresh);
    return fresh?.json;
  }

  /**
   * Fills the status cache from the database, the newest rows first, until it is full;
   * statuses whose due date has passed are left to be recomputed on their first look-up.
   */
  async warmStatusCache(now = new Date()): Promise<{ entries: number; bytes: number }> {
    const today = dutchDate(now);
    const picked: { number: string; kept: CachedStatus }[] = [];
    let bytes = 0;
    let before = Number.MAX_SAFE_INTEGER;
    choosing: for (;;) {
      const rows = this.#q.keptStatuses.all({ today, before });
      for (const row of rows) {
        bytes += row.json.byteLength;
        if (!this.#statuses.hasRoomFor(bytes, picked.length + 1)) break choosing;
        picked.push({ number: row.number, kept: this.#cachedStatus(row) });
      }
      const last = rows.at(-1);
      if (!last || rows.length < WARM_CHUNK) break;
      before = last.rowid;
    }
    // Oldest first, so that when look-ups of others push entries out, the newest stay longest.
    for (const { number, kept } of picked.reverse()) this.#statuses.set(number, kept);
    return this.#statuses.size;
  }

  /** Keeps the status of every aanvraag that has none kept, or an out-of-date one; returns how many. */
  async refreshStatuses(onProgress?: (done: number, total: number) => void, now = new Date()): Promise<number> {
    const today = dutchDate(now);
    const stale = this.#db
      .select({ number: schema.requests.number })
      .from(schema.requests)
      .leftJoin(schema.requestStatuses, eq(schema.requestStatuses.number, schema.requests.number))
      .where(sql`${schema.requestStatuses.number} is null or ${schema.requestStatuses.validUntil} < ${today}`)
      .all()
      .map((r) => r.number);
    const chunk = 2000;
    for (let i = 0; i < stale.length; i += chunk) {
      this.#sqlite.transaction(() => {
        for (const number of stale.slice(i, i + chunk)) {
          const state = this.#q.requestByNumber.get({ number })?.state as RequestState | undefined;
          if (state) this.#keepStatus(number, state, now);
        }
      })();
      onProgress?.(Math.min(i + chunk, stale.length), stale.length);
    }
    return stale.length;
  }

  #leadTimes = new Map<string, { at: number; days: number[] }>();

  async leadTimes(combi: string, kind: string): Promise<number[]> {
    const key = `${combi}|${kind}`;
    const cached = this.#leadTimes.get(key);
    // Statistics over hundreds of aanvragen move slowly: ten minutes old is fresh enough.
    if (cached && Date.now() - cached.at < 600_000) return cached.days;
    const combiId = this.#combis.get(combi)?.id;
    if (combiId === undefined) return [];
    const { requests } = schema;
    const rows = this.#db
      .select({ submittedAt: requests.submittedAt, deliveredAt: requests.deliveredAt })
      .from(requests)
      .where(and(eq(requests.combiId, combiId), eq(requests.kind, kind), isNotNull(requests.deliveredAt)))
      .orderBy(desc(requests.deliveredAt))
      .limit(1000)
      .all();
    const days = rows.map((r) => leadTimeDays(r.submittedAt as string, r.deliveredAt as string));
    this.#leadTimes.set(key, { at: Date.now(), days });
    return days;
  }

  async sampleRequestNumbers(limit: number, offset = 0): Promise<string[]> {
    return this.#db
      .select({ number: schema.requests.number })
      .from(schema.requests)
      .orderBy(schema.requests.id)
      .limit(limit)
      .offset(offset)
      .all()
      .map((r) => r.number);
  }

  async ping(): Promise<boolean> {
    return this.#sqlite.prepare('select 1 as ok').get() !== undefined;
  }

  async close(): Promise<void> {
    await this.#checkpointer?.stop();
    if (this.#sqlite.open) this.#sqlite.close();
  }
}

/** Prepared statements for the served statuses: built once, bound per look-up. */
function statusStatements(db: Db) {
  const p = sql.placeholder;
  return {
    storedStatus: db
      .select({
        combiId: schema.requestStatuses.combiId,
        gridOperators: schema.requestStatuses.gridOperators,
        // As bytes: the response sends them as they are, with no string made and encoded again.
        json: sql<Buffer>`cast(${schema.requestStatuses.json} as blob)`,
        validUntil: schema.requestStatuses.validUntil,
      })
      .from(schema.requestStatuses)
      .where(eq(schema.requestStatuses.number, p('number')))
      .prepare(),
    keptStatuses: db
      .select({
        rowid: sql<number>`rowid`,
        number: schema.requestStatuses.number,
        combiId: schema.requestStatuses.combiId,
        gridOperators: schema.requestStatuses.gridOperators,
        json: sql<Buffer>`cast(${schema.requestStatuses.json} as blob)`,
        validUntil: schema.requestStatuses.validUntil,
      })
      .from(schema.requestStatuses)
      .where(sql`${schema.requestStatuses.validUntil} >= ${p('today')} and rowid < ${p('before')}`)
      .orderBy(desc(sql`rowid`))
      .limit(WARM_CHUNK)
      .prepare(),
    storeStatus: db
      .insert(schema.requestStatuses)
      .values(params('number', 'combiId', 'gridOperators', 'json', 'validUntil'))
      .onConflictDoUpdate({
        target: schema.requestStatuses.number,
        set: params('combiId', 'gridOperators', 'json', 'validUntil'),
      })
      .prepare(),
  };
}
