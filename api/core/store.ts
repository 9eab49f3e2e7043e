/**
 * The store the routes use, composed once over either database's storage (api/storage/contract.ts
 * StorageParts): the application core's objects — served statuses with their cache, the change
 * feed, the comparable starts, ingestion, the helpdesk survey, the eindmeting from a CSV row and
 * the right of access — built here over the storage's SQL, the same for SQLite and PostgreSQL.
 * Storage holds SQL only; what the core decides stays here and in the modules it names.
 */
import type { Sender } from '../../domain/authorization.ts';
import type { Content } from '../../domain/content.ts';
import type { StartCurve } from '../../domain/expected-window.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { scopeOf } from '../../domain/staff.ts';
import type { MailComposer } from '../mail/compose.ts';
import type { ServedStatus, StorageParts } from '../storage/contract.ts';
import type {
  CombiRecord,
  DashboardStore,
  EndSurveyStore,
  HelpdeskStore,
  IngestEntry,
  MessageResult,
  NewCombi,
  NewOrganisation,
  OrganisationRecord,
  RetentionStore,
  Store,
} from '../storage/store.ts';
import { ChangeFeed } from './change-feed.ts';
import { ComparableIndex } from './comparable-index.ts';
import { ComparableStarts } from './comparable-starts.ts';
import { inviteFromCsv } from './end-survey-invitation.ts';
import { helpdeskSurvey } from './helpdesk-survey.ts';
import { ingestMessages } from './ingest.ts';
import { ServedStatuses } from './served-statuses.ts';
import { StatusCache } from './status-cache.ts';
import { gatherSubjectData } from './subject-access.ts';

/** What the core's objects need beside the storage: the same for both databases. */
export type CoreOptions = {
  /** Composes the mails that messages cause; without it, ingestion writes no mail. */
  mail?: MailComposer;
  /** The norms: with them, every write also stores the status the API serves (see statusJson). */
  content?: Content;
  /** Memory for served statuses (status-cache.ts); 0, the default, keeps none (scripts, tests). */
  statusCacheBytes?: number;
  /** Days a parked message waits for its aanvraag (PARKED_MESSAGE_DAYS; 30 by default). */
  parkedMessageDays?: number;
};

/** The store over `storage`; closing it closes the storage. */
export function composeStore<S extends StorageParts>(storage: S, options: CoreOptions = {}): ComposedStore<S> {
  return new ComposedStore(storage, options);
}

export class ComposedStore<S extends StorageParts = StorageParts> implements Store {
  /** The database's own parts, for tests and tools of that database. */
  readonly storage: S;
  readonly #mail: MailComposer | undefined;
  readonly #parkedDays: number | undefined;
  readonly #statuses: StatusCache;
  readonly #served: ServedStatuses;
  readonly #comparableStarts: ComparableStarts;
  /** Read on the first batch that fixes a window, then kept current (./comparable-index.ts). */
  readonly #comparableIndex = new ComparableIndex();
  readonly outbox: S['outbox'];
  readonly access: S['access'];
  readonly callbacks: S['callbacks'];
  readonly alerts: S['alerts'];
  readonly responses: S['responses'];
  readonly staff: S['staff'];
  readonly rateLimits: S['rateLimits'];
  readonly calendarFeeds: S['calendarFeeds'];
  readonly applicantOrganisations: S['applicantOrganisations'];
  readonly norms: S['norms'];
  readonly receivedMessages: S['receivedMessages'];
  readonly webhooks: S['webhooks'];
  readonly qualitySamples: S['qualitySamples'];
  readonly panels: S['panels'];
  readonly biFeed: S['biFeed'];
  readonly endSurveys: EndSurveyStore;
  readonly helpdesk: HelpdeskStore;
  readonly retention: RetentionStore;
  readonly dashboard: DashboardStore;
  readonly changeFeed: ChangeFeed;

  constructor(storage: S, options: CoreOptions = {}) {
    this.storage = storage;
    this.#mail = options.mail;
    this.#parkedDays = options.parkedMessageDays;
    this.outbox = storage.outbox;
    this.access = storage.access;
    this.callbacks = storage.callbacks;
    this.alerts = storage.alerts;
    this.responses = storage.responses;
    this.staff = storage.staff;
    this.rateLimits = storage.rateLimits;
    this.calendarFeeds = storage.calendarFeeds;
    this.applicantOrganisations = storage.applicantOrganisations;
    this.norms = storage.norms;
    this.receivedMessages = storage.receivedMessages;
    this.webhooks = storage.webhooks;
    this.qualitySamples = storage.qualitySamples;
    this.panels = storage.panels;
    this.biFeed = storage.biFeed;

    this.#statuses = new StatusCache(options.statusCacheBytes ?? 0, () => storage.statusVersion());
    this.#served = new ServedStatuses({
      storage: storage.statuses,
      cache: this.#statuses,
      directory: storage,
      organisations: (code) => storage.organisation(code),
      content: options.content,
    });
    this.changeFeed = new ChangeFeed({
      storage: storage.changes,
      served: (number, org) => this.statusJson(number, org),
      scope: (org) => scopeOf(org, storage.combiCodes(), storage),
    });
    // Written here or (on a server database) by another process: no stale status is served, and
    // the change feed's waiting readers look again.
    storage.onStatusesChanged((numbers) => {
      for (const number of numbers) this.#statuses.delete(number);
      this.changeFeed.signal.changed();
    });
    // Only this process's curves are told of its ingestion: another process's are read again after at most ten minutes.
    this.#comparableStarts = new ComparableStarts((combi, kind, at) => storage.comparableRows(combi, kind, at));
    this.dashboard = storage.dashboard(
      {
        organisations: (code) => storage.organisation(code),
        combiName: (code) => storage.combi(code)?.name,
        comparableStarts: (combi, kind, now) => this.comparableStarts(combi, kind, now),
      },
      options.content,
    );

    const endSurveys = storage.endSurveys;
    this.endSurveys = {
      inviteFromCsv: (requestNumber) => this.#inviteFromCsv(requestNumber),
      forRequest: (requestNumber) => endSurveys.forRequest(requestNumber),
      byId: (id) => endSurveys.byId(id),
      use: (id, at) => endSurveys.use(id, at),
    };
    const helpdesk = storage.helpdesk;
    const logContact = helpdeskSurvey(options.mail);
    this.helpdesk = {
      log: (organisation, contact, route, now) => logContact(helpdesk, organisation, contact, route, now),
      byId: (id) => helpdesk.byId(id),
      use: (id, at) => helpdesk.use(id, at),
    };
    const retention = storage.retention;
    this.retention = {
      anonymise: (anonymise) => retention.anonymise(anonymise),
      purgeExpired: (now) => retention.purgeExpired(now),
      preview: (before, now) => retention.preview(before, now),
      subjectAccess: (email) => retention.readSubjectAccess((queries) => gatherSubjectData(queries, email)),
    };
  }

  async ingest(entries: IngestEntry[], { receivedAt = new Date(), notify = true } = {}): Promise<MessageResult[]> {
    const mail = notify ? this.#mail : undefined;
    const deps = { directory: this.storage, capoActive: this.#capoActive, mail, parkedDays: this.#parkedDays, webhooks: notify };
    const comparable = this.#comparableIndex;
    const { startsChanged } = this.#comparableStarts;
    return ingestMessages(this.storage.ingestion, { ...deps, comparable, startsChanged }, entries, {
      receivedAt,
    });
  }

  /** Whether a combi area takes part in CAPO (its eindmeting is automatic). */
  readonly #capoActive = (combi: string): boolean => this.storage.combi(combi)?.capoActive ?? false;

  /** The eindmeting invitation for a CSV row (api/core/end-survey-invitation.ts); none without mail settings. */
  async #inviteFromCsv(requestNumber: string) {
    const mail = this.#mail;
    return mail
      ? inviteFromCsv(this.storage.ingestion, { capoActive: this.#capoActive, mail }, requestNumber)
      : { result: 'onbekend' as const };
  }

  statusFromMemory(number: string, org: Sender, now = new Date()): ServedStatus | undefined {
    return this.#served.fromMemory(number, org, now);
  }

  statusETagFromMemory(number: string, org: Sender, now = new Date()): string | undefined {
    return this.#served.etagFromMemory(number, org, now);
  }

  statusJson(number: string, org: Sender, now = new Date()): Promise<ServedStatus | 'niet-betrokken' | undefined> {
    return this.#served.json(number, org, now);
  }

  statusETag(number: string, org: Sender, now = new Date()): Promise<string | undefined> {
    return this.#served.etag(number, org, now);
  }

  refreshStatuses(onProgress?: (done: number, total: number) => void, now = new Date()): Promise<number> {
    return this.#served.refresh(onProgress, now);
  }

  comparableStarts(combi: string, kind: string, now?: Date): Promise<StartCurve> {
    return this.#comparableStarts.of(combi, kind, now);
  }

  // The rest is the storage's own, as it is.

  organisation(code: string): OrganisationRecord | undefined {
    return this.storage.organisation(code);
  }

  organisationCodes(): string[] {
    return this.storage.organisationCodes();
  }

  combiCodes(): string[] {
    return this.storage.combiCodes();
  }

  combi(code: string): CombiRecord | undefined {
    return this.storage.combi(code);
  }

  apiKeyGeneration(): number {
    return this.storage.apiKeyGeneration();
  }

  organisationByKeyHash(hash: string): Promise<OrganisationRecord | undefined> {
    return this.storage.organisationByKeyHash(hash);
  }

  addOrganisation(org: NewOrganisation): Promise<OrganisationRecord> {
    return this.storage.addOrganisation(org);
  }

  addCombi(combi: NewCombi): Promise<void> {
    return this.storage.addCombi(combi);
  }

  addApiKey(organisation: string, hash: string, prefix: string, label: string): Promise<void> {
    return this.storage.addApiKey(organisation, hash, prefix, label);
  }

  requestState(number: string): Promise<RequestState | undefined> {
    return this.storage.requestState(number);
  }

  counts(): Promise<{ requests: number; messages: number; organisations: number }> {
    return this.storage.counts();
  }

  sampleRequestNumbers(limit: number, offset?: number): Promise<string[]> {
    return this.storage.sampleRequestNumbers(limit, offset);
  }

  numbersWithoutStartDay(): Promise<string[]> {
    return this.storage.numbersWithoutStartDay();
  }

  claimScheduledRun(job: string, periodMs: number, now: Date): Promise<boolean> {
    return this.storage.claimScheduledRun(job, periodMs, now);
  }

  releaseScheduledRun(job: string, claimedAt: Date): Promise<void> {
    return this.storage.releaseScheduledRun(job, claimedAt);
  }

  ping(): Promise<boolean> {
    return this.storage.ping();
  }

  close(): Promise<void> {
    return this.storage.close();
  }
}
