/**
 * The embedded storage: Drizzle on better-sqlite3 in WAL mode, SQL only. The application core
 * (api/core/store.ts) composes it into the store the routes use; ingestion is the core's
 * (api/core/ingest.ts) over the SQLite ingestion storage (ingest-storage.ts): a batch of messages
 * is written in one transaction, each message applied whole or not at all, and a crash loses only
 * a batch that was never acknowledged.
 */

import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { and, count, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Content } from '../../../domain/content.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import type { StorageParts } from '../contract.ts';
import type { DashboardDirectory } from '../dashboard-rows.ts';
import { directoryFromRows } from '../directory-rows.ts';
import { refuseNewerMigrations } from '../migration-journal.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { CombiRecord, NewCombi, NewOrganisation, OrganisationRecord } from '../store.ts';
import { SqliteAccess } from './access.ts';
import { SqliteAlerts } from './alerts.ts';
import { SqliteApplicantOrganisations } from './applicant-organisations.ts';
import { SqliteBiFeed } from './bi-feed.ts';
import { SqliteCalendarFeeds } from './calendar-feeds.ts';
import { SqliteCallbacks } from './callbacks.ts';
import { SqliteChangeFeed } from './change-feed.ts';
import {
  boundWal,
  type Checkpointer,
  SAFETY_FACTOR,
  SQLITE_DEFAULT_WAL_BYTES,
  startCheckpointer,
  WAL_LIMIT_BYTES,
} from './checkpointer.ts';
import { SqliteCustomerPanels } from './customer-panels.ts';
import { SqliteDashboard } from './dashboard.ts';
import { SqliteEndSurveys } from './end-surveys.ts';
import { SqliteHelpdesk } from './helpdesk.ts';
import { aanvraagByNumber, comparableRowsOf, comparableStatements, SqliteIngestStorage } from './ingest-storage.ts';
import { SqliteNormsInUse } from './norms-in-use.ts';
import { SqliteOutbox } from './outbox.ts';
import { SqliteQualitySamples } from './quality-samples.ts';
import { SqliteRateLimits } from './rate-limits.ts';
import { SqliteReceivedMessages } from './received-messages.ts';
import { SqliteResponses } from './responses.ts';
import { SqliteRetention } from './retention.ts';
import * as schema from './schema.ts';
import { SqliteStaff } from './staff.ts';
import { SqliteStatusStorage } from './status-storage.ts';
import { SqliteWebhooks } from './webhooks.ts';

const MIGRATIONS = join(import.meta.dirname, 'migrations');

type Db = BetterSQLite3Database<typeof schema>;
export type SqliteStorageOptions = {
  /** WAL checkpoints on a worker thread instead of in commits (checkpointer.ts): for the server. */
  checkpointInBackground?: { onFailure?: (error: Error | undefined) => void };
  /** With checkpointInBackground: the WAL's bound on disk (checkpointer.ts); tests make it small. */
  walLimitBytes?: number;
  /** With checkpointInBackground: how often the worker checkpoints; a test's small bound wants it often. */
  checkpointIntervalMs?: number;
};

/** Opens (and creates) the database file, applies pending migrations and returns its storage. */
export function openSqliteStorage(file: string, options: SqliteStorageOptions = {}): SqliteStorage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash (SIGKILL); only power loss may drop the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // 16 MB of SQLite's own page cache (the default is 2 MB): the b-trees' upper pages stay in it;
  // the leaves come from the OS's page cache. 64 MB held 40–60 MB more for the same look-ups,
  // ingestion and dashboard (decision 0051).
  sqlite.pragma('cache_size = -16384');
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
  const limitBytes = options.walLimitBytes ?? WAL_LIMIT_BYTES;
  const checkpointer =
    background && file !== ':memory:'
      ? startCheckpointer(file, {
          limitBytes,
          intervalMs: options.checkpointIntervalMs,
          onExit: (error) => {
            // Back to checkpoints in the commits: slower, but the WAL stays small.
            if (sqlite.open) boundWal(sqlite, SQLITE_DEFAULT_WAL_BYTES);
            background.onFailure?.(error);
          },
        })
      : undefined;
  // With the worker, ingestion has the WAL start over at the bound (Checkpointer.beforeWrite), and a
  // commit checkpoints only far past it; without it, SQLite's default (every 1,000 pages). Either
  // way the file is cut back when the WAL starts over.
  if (checkpointer) boundWal(sqlite, limitBytes, SAFETY_FACTOR * limitBytes);
  else boundWal(sqlite, SQLITE_DEFAULT_WAL_BYTES);
  return new SqliteStorage(sqlite, db, checkpointer);
}

export class SqliteStorage implements StorageParts {
  #orgsByCode = new Map<string, OrganisationRecord>();
  #orgsById = new Map<number, OrganisationRecord>();
  #combis = new Map<string, CombiRecord & { id: number }>();
  #combisById = new Map<number, string>();
  readonly #sqlite: Database.Database;
  readonly #db: Db;
  readonly #q;
  readonly outbox: SqliteOutbox;
  readonly access: SqliteAccess;
  readonly endSurveys: SqliteEndSurveys;
  readonly callbacks: SqliteCallbacks;
  readonly alerts: SqliteAlerts;
  readonly responses: SqliteResponses;
  readonly helpdesk: SqliteHelpdesk;
  readonly retention: SqliteRetention;
  readonly staff: SqliteStaff;
  readonly rateLimits: SqliteRateLimits;
  readonly calendarFeeds: SqliteCalendarFeeds;
  readonly applicantOrganisations: SqliteApplicantOrganisations;
  readonly norms: SqliteNormsInUse;
  readonly receivedMessages: SqliteReceivedMessages;
  readonly webhooks: SqliteWebhooks;
  readonly qualitySamples: SqliteQualitySamples;
  readonly panels: SqliteCustomerPanels;
  readonly biFeed: SqliteBiFeed;
  readonly statuses: SqliteStatusStorage;
  readonly changes: SqliteChangeFeed;
  #keyGeneration = 0;
  readonly #dataVersion: () => number;
  readonly #statusListeners: ((numbers: readonly string[]) => void)[] = [];
  /** The ingestion storage the application core writes through (api/storage/contract.ts). */
  readonly ingestion: SqliteIngestStorage;

  readonly #checkpointer: Checkpointer | undefined;

  constructor(sqlite: Database.Database, db: Db, checkpointer?: Checkpointer) {
    this.#checkpointer = checkpointer;
    this.#sqlite = sqlite;
    this.#db = db;
    const dataVersion = sqlite.prepare('pragma data_version').pluck();
    // Another connection (a script on the same file) committed: kept statuses may be stale.
    this.#dataVersion = () => dataVersion.get() as number;
    this.statuses = new SqliteStatusStorage(sqlite, db, this.ids);
    this.changes = new SqliteChangeFeed(db, this.ids);
    this.outbox = new SqliteOutbox(db);
    this.rateLimits = new SqliteRateLimits(db);
    this.access = new SqliteAccess(db);
    this.calendarFeeds = new SqliteCalendarFeeds(db);
    this.applicantOrganisations = new SqliteApplicantOrganisations(db);
    this.norms = new SqliteNormsInUse(db);
    this.receivedMessages = new SqliteReceivedMessages(db);
    this.webhooks = new SqliteWebhooks(db, this.ids, this.outbox);
    this.qualitySamples = new SqliteQualitySamples(db, this.ids);
    this.panels = new SqliteCustomerPanels(db, this.ids, this.outbox);
    this.biFeed = new SqliteBiFeed(db, this.ids);
    this.endSurveys = new SqliteEndSurveys(db);
    this.callbacks = new SqliteCallbacks(db, this.ids);
    this.alerts = new SqliteAlerts(db, this.ids);
    this.responses = new SqliteResponses(db);
    this.helpdesk = new SqliteHelpdesk(sqlite, db, this.outbox, this.ids);
    this.retention = new SqliteRetention(sqlite, db, (numbers) => this.#statusesChanged(numbers));
    this.staff = new SqliteStaff(db, this.ids, () => this.#keyGeneration++);
    const p = sql.placeholder;
    this.#q = {
      requestByNumber: aanvraagByNumber(db),
      comparableRows: comparableStatements(db),
      keyOwner: db
        .select({ organisationId: schema.apiKeys.organisationId })
        .from(schema.apiKeys)
        .where(and(eq(schema.apiKeys.hash, p('hash')), isNull(schema.apiKeys.revokedAt)))
        .prepare(),
    };
    this.ingestion = new SqliteIngestStorage({
      sqlite,
      db,
      ids: this.ids,
      outbox: this.outbox,
      access: this.access,
      onCommitted: (numbers) => this.#statusesChanged(numbers),
      beforeWrite: checkpointer?.beforeWrite,
    });
    this.#loadDirectory();
  }

  dashboard(directory: DashboardDirectory, content: Content | undefined): SqliteDashboard {
    return new SqliteDashboard(this.#sqlite, this.ids, directory, content);
  }

  statusVersion(): number {
    return this.#dataVersion();
  }

  onStatusesChanged(listener: (numbers: readonly string[]) => void): void {
    this.#statusListeners.push(listener);
  }

  #statusesChanged(numbers: readonly string[]): void {
    for (const listener of this.#statusListeners) listener(numbers);
  }

  #loadDirectory(): void {
    const maps = directoryFromRows(
      this.#db.select().from(schema.organisations).all(),
      this.#db.select().from(schema.combis).all(),
      this.#db.select().from(schema.combiMembers).all(),
    );
    this.#orgsByCode = maps.orgsByCode;
    this.#orgsById = maps.orgsById;
    this.#combis = maps.combis;
    this.#combisById = maps.combisById;
  }

  organisation(code: string): OrganisationRecord | undefined {
    return this.#orgsByCode.get(code);
  }

  /** The row ids behind codes, for the sub-stores that filter in SQL (api/storage/scope-sql.ts). */
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

  async counts() {
    const one = (table: typeof schema.requests | typeof schema.messages | typeof schema.organisations) =>
      this.#db.select({ n: count() }).from(table).get()?.n ?? 0;
    return { requests: one(schema.requests), messages: one(schema.messages), organisations: one(schema.organisations) };
  }

  async comparableRows(combi: string, kind: string, at: string) {
    const combiId = this.#combis.get(combi)?.id;
    return combiId === undefined ? [] : comparableRowsOf(this.#q.comparableRows, combiId, kind, at);
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

  async numbersWithoutStartDay(): Promise<string[]> {
    const { requests } = schema;
    return this.#db
      .select({ number: requests.number })
      .from(requests)
      .where(and(isNull(requests.startsOn), isNotNull(requests.submittedAt)))
      .orderBy(requests.id)
      .all()
      .map((r) => r.number);
  }

  async claimScheduledRun(job: string, periodMs: number, now: Date): Promise<boolean> {
    const claimed = this.#db
      .insert(schema.scheduledRuns)
      .values({ job, startedAt: now.toISOString() })
      .onConflictDoUpdate({
        target: schema.scheduledRuns.job,
        set: { startedAt: now.toISOString() },
        setWhere: lte(schema.scheduledRuns.startedAt, new Date(now.getTime() - periodMs).toISOString()),
      })
      .returning({ job: schema.scheduledRuns.job })
      .all();
    return claimed.length === 1;
  }

  async releaseScheduledRun(job: string, claimedAt: Date): Promise<void> {
    const { scheduledRuns: r } = schema;
    this.#db
      .delete(r)
      .where(and(eq(r.job, job), eq(r.startedAt, claimedAt.toISOString())))
      .run();
  }

  async ping(): Promise<boolean> {
    return this.#sqlite.prepare('select 1 as ok').get() !== undefined;
  }

  async close(): Promise<void> {
    await this.#checkpointer?.stop();
    if (this.#sqlite.open) this.#sqlite.close();
  }
}
