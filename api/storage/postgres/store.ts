/**
 * The storage on PostgreSQL, for several stateless server processes on one database
 * (docs/decisions/0025-postgresql-store.md), SQL only. The application core composes it into the
 * store the routes use (api/core/store.ts), as it does SQLite's; this module holds the SQL and the
 * few things a process keeps in memory, each invalidated across processes through LISTEN/NOTIFY
 * (changes.ts): the directory, the API-key generation and (through onStatusesChanged and
 * statusVersion) the core's bounded status cache.
 */

import { randomUUID } from 'node:crypto';
import { and, count, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import type { Content } from '../../../domain/content.ts';
import type { RequestState } from '../../../domain/request-state.ts';
import type { IngestStorage, StorageParts } from '../contract.ts';
import type { DashboardDirectory } from '../dashboard-rows.ts';
import { withoutPassword } from '../database-url.ts';
import { directoryFromRows } from '../directory-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type {
  AlertStore,
  CallbackStore,
  CombiRecord,
  CustomerAccessStore,
  NewCombi,
  NewOrganisation,
  OrganisationRecord,
  OutboxStore,
  ResponsesStore,
  StaffStore,
} from '../store.ts';
import { PgAccess } from './access.ts';
import { PgAlerts } from './alerts.ts';
import { PgApplicantOrganisations } from './applicant-organisations.ts';
import { PgBiFeed } from './bi-feed.ts';
import { PgCalendarFeeds } from './calendar-feeds.ts';
import { PgCallbacks } from './callbacks.ts';
import { PgChangeFeed } from './change-feed.ts';
import { announce, type Change, listenForChanges } from './changes.ts';
import { PgCustomerPanels } from './customer-panels.ts';
import { PgDashboard } from './dashboard.ts';
import { connectPostgres, type PgConnection, type PgDb, type PoolOptions } from './database.ts';
import { PgEndSurveys } from './end-surveys.ts';
import { PgHelpdesk } from './helpdesk.ts';
import { comparableRows, PgIngestStorage } from './ingest-storage.ts';
import { migratePostgres } from './migrate.ts';
import { PgNormsInUse } from './norms-in-use.ts';
import { PgOutbox } from './outbox.ts';
import { PgQualitySamples } from './quality-samples.ts';
import { PgRateLimits } from './rate-limits.ts';
import { PgReceivedMessages } from './received-messages.ts';
import { PgResponses } from './responses.ts';
import { PgRetention } from './retention.ts';
import * as schema from './schema.ts';
import { PgStaff } from './staff.ts';
import { PgStatusStorage } from './status-storage.ts';
import { PgWebhooks } from './webhooks.ts';

export type PostgresStorageOptions = {
  pool?: PoolOptions;
  /** How long a mail claimed by a process stays away from the others (OUTBOX_LEASE_MS by default). */
  outboxLeaseMs?: number;
  /** Run pending migrations at open (default); `npm run migrate` does it once for a fleet. */
  migrate?: boolean;
};

/** Connects, migrates (unless told not to), loads the directory and starts listening for changes. */
export async function openPostgresStorage(url: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
  const connection = connectPostgres(url, options.pool);
  try {
    await connection.sql`select 1`.catch((error: Error) => {
      throw new Error(`PostgreSQL op ${withoutPassword(url)} antwoordt niet: ${error.message}`, { cause: error });
    });
    if (options.migrate !== false) await migratePostgres(connection.sql);
    const storage = new PostgresStorage(connection, options);
    await storage.start();
    return storage;
  } catch (error) {
    await connection.sql.end({ timeout: 1 });
    throw error;
  }
}

export class PostgresStorage implements StorageParts {
  readonly #sql: PgConnection['sql'];
  readonly #db: PgDb;
  #orgsByCode = new Map<string, OrganisationRecord>();
  #orgsById = new Map<number, OrganisationRecord>();
  #combis = new Map<string, CombiRecord & { id: number }>();
  #combisById = new Map<number, string>();
  #keyGeneration = 0;
  /** This store's name on the changes channel (changes.ts). */
  readonly #self = randomUUID();
  /** Grows whenever this process may have missed a change: the status cache is then dropped whole. */
  #missed = 0;
  #listening: { unlisten: () => Promise<void> } | undefined;
  readonly #statusListeners: ((numbers: readonly string[]) => void)[] = [];
  /** The ingestion storage the application core writes through (api/storage/contract.ts). */
  readonly ingestion: IngestStorage;
  readonly statuses: PgStatusStorage;
  readonly changes: PgChangeFeed;
  readonly outbox: OutboxStore;
  readonly access: CustomerAccessStore;
  readonly endSurveys: PgEndSurveys;
  readonly callbacks: CallbackStore;
  readonly alerts: AlertStore;
  readonly responses: ResponsesStore;
  readonly helpdesk: PgHelpdesk;
  readonly retention: PgRetention;
  readonly staff: StaffStore;
  readonly rateLimits: PgRateLimits;
  readonly calendarFeeds: PgCalendarFeeds;
  readonly applicantOrganisations: PgApplicantOrganisations;
  readonly norms: PgNormsInUse;
  readonly receivedMessages: PgReceivedMessages;
  readonly webhooks: PgWebhooks;
  readonly qualitySamples: PgQualitySamples;
  readonly panels: PgCustomerPanels;
  readonly biFeed: PgBiFeed;

  constructor({ sql, db }: PgConnection, options: PostgresStorageOptions = {}) {
    this.#sql = sql;
    this.#db = db;
    this.statuses = new PgStatusStorage(db, this.ids);
    this.changes = new PgChangeFeed(db, this.ids);
    this.rateLimits = new PgRateLimits(db);
    this.ingestion = new PgIngestStorage({
      db,
      ids: this.ids,
      // The commit stands whatever happens to the notice; a process that misses it drops its whole
      // cache when its listener reconnects.
      onCommitted: (numbers) => void this.#statusesChanged(numbers).catch(() => {}),
    });
    this.outbox = new PgOutbox(db, options.outboxLeaseMs);
    this.access = new PgAccess(db);
    this.calendarFeeds = new PgCalendarFeeds(db);
    this.applicantOrganisations = new PgApplicantOrganisations(db);
    this.norms = new PgNormsInUse(db);
    this.receivedMessages = new PgReceivedMessages(db);
    this.webhooks = new PgWebhooks(db, this.ids);
    this.qualitySamples = new PgQualitySamples(db, this.ids);
    this.panels = new PgCustomerPanels(db, this.ids);
    this.biFeed = new PgBiFeed(db, this.ids);
    this.endSurveys = new PgEndSurveys(db);
    this.callbacks = new PgCallbacks(db, this.ids);
    this.alerts = new PgAlerts(db, this.ids);
    this.responses = new PgResponses(db);
    this.helpdesk = new PgHelpdesk(db, this.ids);
    this.retention = new PgRetention(db, (numbers) => void this.#statusesChanged(numbers).catch(() => {}));
    this.staff = new PgStaff(db, this.ids, () => void this.#keysChanged().catch(() => {}));
  }

  dashboard(directory: DashboardDirectory, content: Content | undefined): PgDashboard {
    return new PgDashboard(this.#db, this.ids, directory, content);
  }

  statusVersion(): number {
    return this.#missed;
  }

  onStatusesChanged(listener: (numbers: readonly string[]) => void): void {
    this.#statusListeners.push(listener);
  }

  /** Loads the directory and listens for other processes' changes. */
  async start(): Promise<void> {
    await this.#loadDirectory();
    this.#listening = await listenForChanges(
      this.#sql,
      this.#self,
      (change) => void this.#changed(change),
      // After a reconnect, notifications sent meanwhile are lost: forget everything cached.
      () => {
        this.#keyGeneration++;
        this.#missed++;
        void this.#loadDirectory().catch(() => {});
      },
    );
  }

  async #changed(change: Change): Promise<void> {
    if (change.kind === 'api-keys') this.#keyGeneration++;
    else if (change.kind === 'directory') await this.#loadDirectory();
    else for (const listener of this.#statusListeners) listener(change.numbers);
  }

  /** Applies a change here at once, and tells every other process. */
  async #announce(change: Change): Promise<void> {
    await this.#changed(change);
    await announce(this.#sql, this.#self, change);
  }

  /** Directory loads started, and the latest one: an older load may end after it and must not win. */
  #loads = 0;
  #latestLoad: Promise<void> = Promise.resolve();

  /** Reads the directory again; resolves once a load started no earlier than this call is applied. */
  #loadDirectory(): Promise<void> {
    const reading = this.#readDirectory(++this.#loads);
    this.#latestLoad = reading;
    return reading;
  }

  async #readDirectory(load: number): Promise<void> {
    const [organisations, combis, members] = await Promise.all([
      this.#db.select().from(schema.organisations),
      this.#db.select().from(schema.combis),
      this.#db.select().from(schema.combiMembers),
    ]);
    // Superseded: the later load read everything this one did, and perhaps more.
    if (load !== this.#loads) return this.#latestLoad;
    const maps = directoryFromRows(organisations, combis, members);
    // Swapped whole, so a reader never sees half a directory.
    this.#orgsByCode = maps.orgsByCode;
    this.#orgsById = maps.orgsById;
    this.#combis = maps.combis;
    this.#combisById = maps.combisById;
  }

  /** The row ids behind codes, for the sub-stores that filter in SQL (api/storage/scope-sql.ts). */
  readonly ids: DirectoryIds = {
    organisationId: (code) => this.#orgsByCode.get(code)?.id,
    organisationCode: (id) => this.#orgsById.get(id)?.code,
    combiId: (code) => this.#combis.get(code)?.id,
    combiCode: (id) => this.#combisById.get(id),
  };

  organisation(code: string): OrganisationRecord | undefined {
    return this.#orgsByCode.get(code);
  }

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

  /** For the staff store: a key was revoked here, so every process drops its cached key checks. */
  #keysChanged(): Promise<void> {
    return this.#announce({ kind: 'api-keys' });
  }

  async organisationByKeyHash(hash: string): Promise<OrganisationRecord | undefined> {
    const [row] = await this.#db
      .select({ organisationId: schema.apiKeys.organisationId })
      .from(schema.apiKeys)
      .where(and(eq(schema.apiKeys.hash, hash), isNull(schema.apiKeys.revokedAt)));
    return row ? this.#orgsById.get(row.organisationId) : undefined;
  }

  async addOrganisation(org: NewOrganisation): Promise<OrganisationRecord> {
    await this.#db.insert(schema.organisations).values(org);
    await this.#announce({ kind: 'directory' });
    return this.#orgsByCode.get(org.code) as OrganisationRecord;
  }

  async addCombi(combi: NewCombi): Promise<void> {
    await this.#db.transaction(async (tx) => {
      const organisationId = combi.organisation ? this.#orgId(combi.organisation) : null;
      const [row] = await tx
        .insert(schema.combis)
        .values({ code: combi.code, name: combi.name, area: combi.area, capoActive: combi.capoActive, organisationId })
        .returning({ id: schema.combis.id });
      const members = combi.members.map((member) => ({ combiId: row?.id as number, organisationId: this.#orgId(member) }));
      if (members.length) await tx.insert(schema.combiMembers).values(members);
    });
    await this.#announce({ kind: 'directory' });
  }

  async addApiKey(organisation: string, hash: string, prefix: string, label: string): Promise<void> {
    await this.#db.insert(schema.apiKeys).values({ organisationId: this.#orgId(organisation), hash, prefix, label });
  }

  #orgId(code: string): number {
    const org = this.#orgsByCode.get(code);
    if (!org) throw new Error(`unknown organisation ${code}`);
    return org.id;
  }

  async requestState(number: string): Promise<RequestState | undefined> {
    const [row] = await this.#db
      .select({ state: schema.requests.state })
      .from(schema.requests)
      .where(eq(schema.requests.number, number));
    return row?.state as RequestState | undefined;
  }

  /** After ingestion or retention changed aanvragen: no process serves their old status from memory. */
  #statusesChanged(numbers: string[]): Promise<void> {
    return numbers.length ? this.#announce({ kind: 'statuses', numbers }) : Promise.resolve();
  }

  async counts() {
    const one = async (table: typeof schema.requests | typeof schema.messages | typeof schema.organisations) =>
      (await this.#db.select({ n: count() }).from(table))[0]?.n ?? 0;
    const [requests, messages, organisations] = await Promise.all([
      one(schema.requests),
      one(schema.messages),
      one(schema.organisations),
    ]);
    return { requests, messages, organisations };
  }

  async comparableRows(combi: string, kind: string, at: string) {
    const combiId = this.#combis.get(combi)?.id;
    return combiId === undefined ? [] : comparableRows(this.#db, combiId, kind, at);
  }

  async sampleRequestNumbers(limit: number, offset = 0): Promise<string[]> {
    const rows = await this.#db
      .select({ number: schema.requests.number })
      .from(schema.requests)
      .orderBy(schema.requests.id)
      .limit(limit)
      .offset(offset);
    return rows.map((r) => r.number);
  }

  async numbersWithoutStartDay(): Promise<string[]> {
    const { requests } = schema;
    const rows = await this.#db
      .select({ number: requests.number })
      .from(requests)
      .where(and(isNull(requests.startsOn), isNotNull(requests.submittedAt)))
      .orderBy(requests.id);
    return rows.map((r) => r.number);
  }

  async claimScheduledRun(job: string, periodMs: number, now: Date): Promise<boolean> {
    const claimed = await this.#db
      .insert(schema.scheduledRuns)
      .values({ job, startedAt: now.toISOString() })
      .onConflictDoUpdate({
        target: schema.scheduledRuns.job,
        set: { startedAt: now.toISOString() },
        setWhere: lte(schema.scheduledRuns.startedAt, new Date(now.getTime() - periodMs).toISOString()),
      })
      .returning({ job: schema.scheduledRuns.job });
    return claimed.length === 1;
  }

  async releaseScheduledRun(job: string, claimedAt: Date): Promise<void> {
    const { scheduledRuns: r } = schema;
    await this.#db.delete(r).where(and(eq(r.job, job), eq(r.startedAt, claimedAt.toISOString())));
  }

  async ping(): Promise<boolean> {
    try {
      await this.#sql`select 1`;
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#listening?.unlisten().catch(() => {});
    await this.#sql.end({ timeout: 5 });
  }
}
