/**
 * What the application core (api/core/) asks of storage, and nothing more: asynchronous reads and
 * writes inside one transaction. No SQL and no mail here; each database implements it
 * (api/storage/sqlite/…). docs/decisions/0023-application-core.md explains the
 * transaction's rules.
 *
 * Every name is an organisation code or an aanvraagnummer, never a row id: ids are the storage's
 * own business.
 */

import type { Participants } from '../../domain/authorization.ts';
import type { Content } from '../../domain/content.ts';
import type { EndSurveySkip, EndSurveyTrigger } from '../../domain/eindmeting.ts';
import type { ComparableRow } from '../../domain/expected-window.ts';
import type { NotificationMode } from '../../domain/kcm-mails.ts';
import type { Lang } from '../../domain/language.ts';
import type { LoggedMessage, Message } from '../../domain/messages.ts';
import type { Norms } from '../../domain/norm-impact.ts';
import type { PlanningField, RequestState } from '../../domain/request-state.ts';
import type { Scope } from '../../domain/staff.ts';
import type { ShownWindowRecord } from '../../domain/window-calibration.ts';
import type { DashboardDirectory } from './dashboard-rows.ts';
import type { DirectoryIds } from './scope-sql.ts';
import type {
  AccessLink,
  DashboardStore,
  EndSurveyStore,
  HelpdeskContactRecord,
  HelpdeskLogResult,
  HelpdeskStore,
  NewOutboxMail,
  RetentionStore,
  Store,
  SubjectData,
} from './store.ts';

/**
 * Runs `work` as one transaction: every write it makes is committed together when it resolves,
 * and none when it throws. Rules that hold on every database:
 * - reads see what was committed before; never this transaction's own writes (the core keeps
 *   what it wrote itself);
 * - while `work` runs, no other transaction of this storage writes the aanvragen it read with
 *   `aanvraag()` (SQLite: one ingestion transaction at a time; a server database: locks);
 * - `work` may run again from the start when a server database refuses its commit for a race it
 *   lost (another process committed the same message first, or a deadlock): it keeps nothing
 *   between runs outside what it builds from `tx`.
 */
export interface IngestStorage {
  transaction<T>(work: (tx: IngestTransaction) => Promise<T>): Promise<T>;
}

/** The columns of an aanvraag the expected window's comparable aanvragen are picked by (api/core/comparable-index.ts). */
export type ComparableChange = Pick<AanvraagRow, 'number' | 'combi' | 'kind' | 'submittedAt' | 'cancelledAt' | 'startsOn'>;

export interface ComparableChanges {
  /**
   * The comparable columns of every aanvraag written since `cursor`, and the cursor to ask from
   * next: at least what was committed when asked. Without a cursor, none: only where the list
   * stands now. An aanvraag may come again in a later answer (on a server database, what was
   * written while older transactions still ran); taking it in twice does no harm.
   */
  comparableChanges(cursor: string | undefined): Promise<{ rows: ComparableChange[]; cursor: string }>;
  /** The comparable columns of every aanvraag of this combi area and kind with a submission, as committed now. */
  comparableGroup(combi: string, kind: string): Promise<ComparableChange[]>;
}

export interface IngestTransaction extends ComparableChanges {
  /**
   * What the work is about, before it reads anything: the aanvragen and messages of a batch. A
   * server database locks the aanvragen at once, in one order (so two batches about the same
   * aanvragen wait for each other instead of deadlocking), and reads what the work will ask of
   * them in a few statements instead of a few per message. The reads answer the same without it;
   * `aanvraag()` locks one that was not named here.
   */
  readAhead(batch: { numbers: readonly string[]; messages: readonly { sender: string; messageId: string }[] }): Promise<void>;
  /**
   * The addresses the work is about to mail, once it knows them (the applicants of the aanvragen a
   * batch changed): a server database reads their languages and eindmeting invitations in one go
   * instead of once per mail. The reads answer the same without it.
   */
  readAheadAddresses(emails: readonly string[]): Promise<void>;
  /**
   * The body hash of a message received before, logged or parked, by its sender and the sender's
   * id; undefined when new.
   */
  loggedBodyHash(sender: string, messageId: string): Promise<string | undefined>;
  /** The parked messages of an aanvraag that still wait (none recorded yet), in the order received. */
  parkedMessages(number: string): Promise<ParkedRow[]>;
  /** The folded state of an aanvraag; undefined when it is not stored. */
  aanvraag(number: string): Promise<RequestState | undefined>;
  /** Every logged message of an aanvraag, in no particular order (the fold sorts them). */
  messageLog(number: string): Promise<LoggedMessage[]>;
  /** What the applicant (or someone with access) chose to be mailed about this aanvraag; 'alles' when never chosen. */
  notificationMode(number: string, email: string): Promise<NotificationMode>;
  /** The language this address reads its mails in; Dutch when it never chose. */
  customerLanguage(email: string): Promise<Lang>;
  /** The eindmeting decision already recorded for this aanvraag, if any. */
  endSurvey(number: string): Promise<{ status: EndSurveyRecordStatus; skipReason: string | null } | undefined>;
  /**
   * The Dutch dates (YYYY-MM-DD) of the opleveringen this address (lower case) was invited to an
   * eindmeting about, in no particular order; for invitations stored before those dates were
   * kept, the date they were made.
   */
  invitedDeliveriesTo(email: string): Promise<string[]>;
  /** The webhook endpoints that receive events now, with their organisation and the events they want. */
  webhookSubscriptions(): Promise<WebhookSubscription[]>;

  /** Holds a message until its aanvraag arrives (docs/decisions/0034-parked-messages.md). */
  parkMessage(message: ParkedRow): Promise<void>;
  /** Records what became of a parked message (this transaction's own parked ones too). */
  resolveParked(outcome: ParkedOutcome): Promise<void>;
  /** Appends a message to the log; resolves to its place in the log (the sequence number). */
  appendMessage(message: MessageRow): Promise<number>;
  /** Writes an aanvraag's state and its columns, inserting it when new; its kept status is dropped. */
  putAanvraag(aanvraag: AanvraagRow): Promise<void>;
  /** Stores a personal link (a token kept as its hash) to an aanvraag. */
  addAccessLink(link: AccessLinkRow): Promise<void>;
  /** Records the aanvraag's eindmeting decision, replacing one recorded before. */
  saveEndSurvey(decision: EndSurveyRow): Promise<void>;
  /** Puts a mail in the outbox; one with a key already there is ignored. */
  enqueue(mail: OutboxRow): Promise<void>;
  /** Keeps the window an aanvraag was shown and its actual start; one already kept for it stays. */
  recordShownWindow(record: ShownWindowRecord): Promise<void>;
}

/** An active webhook endpoint as ingestion sees it: whose it is and what it wants. */
export type WebhookSubscription = { endpointId: number; organisation: string; events: readonly string[] };

export type MessageRow = {
  sender: string;
  messageId: string;
  requestNumber: string;
  type: string;
  occurredAt: string;
  receivedAt: string;
  bodyHash: string;
  /** The message as it was received (without its sender). */
  body: unknown;
  /** Rows that follow from this message alone, kept with its sequence number. */
  projections: Projection[];
};

/** A parked message: a message row without projections (those follow when it is applied), and when it expires. */
export type ParkedRow = Omit<MessageRow, 'projections' | 'body' | 'occurredAt'> & { body: Message; expiresAt: string };

/** What became of a parked message when its aanvraag arrived. */
export type ParkedOutcome = {
  sender: string;
  messageId: string;
  resolvedAt: string;
  status: number;
  result: 'accepted' | 'rejected' | 'verlopen';
  errors: { field?: string; message: string }[] | null;
};

/** Queryable rows per message: planning changes, contact moments, stagnation events. */
export type Projection =
  | { kind: 'planning'; field: PlanningField; value: string; staffName: string | null; at: string; reason: string }
  | {
      kind: 'contact';
      code: string;
      channel: string;
      at: string;
      staffName: string;
      spokeWith: string;
      subject: string;
      summary: string;
    }
  | { kind: 'stagnation'; event: 'reported' | 'lifted'; cause: string | null; reason: string | null; at: string };

/** The aanvraag's state with the columns that lists, dashboards and retention query. */
export type AanvraagRow = {
  number: string;
  combi: string | null;
  kind: string | null;
  applicantName: string | null;
  /** Lower case. */
  applicantEmail: string | null;
  applicantPhone: string | null;
  street: string | null;
  houseNumber: string | null;
  houseNumberAddition: string | null;
  postcode: string | null;
  city: string | null;
  /** The business applicant's KvK number and project code, for its portfolio. */
  applicantKvk: string | null;
  project: string | null;
  phase: string;
  submittedAt: string | null;
  deliveredAt: string | null;
  /** The Dutch day its work starts or started: the firm start date, or the first completion when earlier (actualStart). */
  startsOn: string | null;
  cancelledAt: string | null;
  lastOccurredAt: string | null;
  updatedAt: string;
  state: RequestState;
  workOrders: WorkOrderRow[];
};

export type WorkOrderRow = {
  externalId: string;
  discipline: string;
  gridOperator: string;
  contractor: string | null;
  status: string;
  quickscanAt: string | null;
  quoteSentAt: string | null;
  quoteDecision: 'accepted' | 'rejected' | null;
  handedToCombiAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
};

/** A new personal link; the email lower case. */
export type AccessLinkRow = Omit<AccessLink, 'usedAt'>;

export type EndSurveyRecordStatus = 'uitgenodigd' | 'overgeslagen';

export type EndSurveyRow = {
  id: string;
  requestNumber: string;
  /** Lower case. */
  email: string;
  contractor: string | null;
  trigger: EndSurveyTrigger;
  status: EndSurveyRecordStatus;
  skipReason: EndSurveySkip | null;
  secretHash: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  /** The Dutch date of the oplevering decided on; null when the aanvraag was not delivered. */
  deliveredOn: string | null;
};

/** A mail for the outbox, about the aanvraag with this number. */
export type OutboxRow = Omit<NewOutboxMail, 'requestId'> & { requestNumber: string };

/**
 * What the helpdesk survey (api/core/helpdesk-survey.ts) asks of storage: one transaction with
 * the same promises as `IngestStorage.transaction`.
 */
export interface HelpdeskStorage {
  transaction<T>(work: (tx: HelpdeskTransaction) => Promise<T>): Promise<T>;
}

export interface HelpdeskTransaction {
  /**
   * Records a contact, unless its organisation logged this contact id before (also by another
   * process at the same moment): then nothing changes, and the first record comes back with the
   * hash of its body.
   */
  logContact(
    row: HelpdeskContactRow,
  ): Promise<
    { added: true; contact: HelpdeskContactRecord } | { added: false; contact: HelpdeskContactRecord; bodyHash: string }
  >;
  /** Puts a mail or SMS in the outbox; one with a key already there is ignored. */
  enqueue(mail: HelpdeskMailRow): Promise<void>;
  /** The language this address reads its mails in; Dutch when it never chose. */
  customerLanguage(email: string): Promise<Lang>;
}

/** A new helpdesk contact; `organisation` by its code. */
export type HelpdeskContactRow = Omit<HelpdeskContactRecord, 'usedAt'> & { bodyHash: string };

/** A survey invitation for the outbox, about the aanvraag with this number, if any. */
export type HelpdeskMailRow = Omit<NewOutboxMail, 'requestId'> & { requestNumber: string | null };

/** `HelpdeskStore.log` as the core implements it, over the storage it is given. */
export type LogHelpdeskContact = (
  storage: HelpdeskStorage,
  ...contact: Parameters<HelpdeskStore['log']>
) => Promise<HelpdeskLogResult>;

/**
 * What the customer's right of access (api/core/subject-access.ts) reads: each a plain query, by
 * lower-case address and aanvraagnummers. Times are ISO 8601 strings as stored.
 */
export interface SubjectAccessQueries {
  /** Aanvragen with this applicant address, with the phone number they gave. */
  ownRequests(email: string): Promise<{ number: string; state: unknown; phone: string | null }[]>;
  /** Aanvragen this address was given access to and still has. */
  grantedRequests(email: string): Promise<{ number: string; state: unknown }[]>;
  /** The standing grants of an aanvraag; only that of `onlyTo` when given. */
  grants(number: string, onlyTo?: string): Promise<{ email: string; grantedBy: string; createdAt: string }[]>;
  notificationMode(number: string, email: string): Promise<NotificationMode | undefined>;
  /** This address's calendar feeds of the aanvraag, live and revoked, oldest first. */
  calendarFeeds(number: string, email: string): Promise<{ createdAt: string; revokedAt: string | null }[]>;
  /** The language this address chose for its mails, if it ever chose. */
  language(email: string): Promise<Lang | undefined>;
  /** The aanvraag's eindmeting invitation to this address. */
  endSurvey(
    number: string,
    email: string,
  ): Promise<
    | {
        id: string;
        status: string;
        skipReason: string | null;
        createdAt: string;
        expiresAt: string | null;
        usedAt: string | null;
      }
    | undefined
  >;
  /** Mails and SMS to this address (in any case), in the order they were queued. */
  mails(email: string): Promise<SubjectData['mails']>;
  /** Helpdesk contacts about these aanvragen, or that named or reached this address (in any case), by when they were. */
  helpdeskContacts(email: string, numbers: string[]): Promise<(SubjectData['helpdeskContacts'][number] & { id: string })[]>;
  /** Survey responses about these aanvragen or invitations, oldest first, with their answers. */
  surveyResponses(numbers: string[], invitations: string[]): Promise<SubjectData['surveyResponses']>;
  /** Call-back requests about these aanvragen or invitations, oldest first. */
  callbacks(numbers: string[], invitations: string[]): Promise<SubjectData['callbacks']>;
  sessions(email: string): Promise<SubjectData['sessions']>;
  /** This address's memberships, delegations and portfolio calendar feeds, oldest first. */
  portfolio(email: string): Promise<SubjectData['portfolio']>;
  /** Klantenpanel invitations to this address (in any case), oldest first, with their ids for the questionnaire. */
  panelInvitations(email: string): Promise<(SubjectData['panelInvitations'][number] & { id: string })[]>;
}

/** End-survey invitations as stored; the invitation from a CSV row is the core's (api/core/end-survey-invitation.ts). */
export type EndSurveyStorage = Omit<EndSurveyStore, 'inviteFromCsv'>;

/** Helpdesk contacts as stored; logging one with its survey is the core's (api/core/helpdesk-survey.ts). */
export type HelpdeskContactStorage = HelpdeskStorage & Omit<HelpdeskStore, 'log'>;

/** The retention jobs' SQL; the right of access's answer is the core's (api/core/subject-access.ts). */
export type RetentionStorage = Omit<RetentionStore, 'subjectAccess'> & {
  /** Runs `work` over the right-of-access queries, in one consistent read where the database offers it. */
  readSubjectAccess<T>(work: (queries: SubjectAccessQueries) => Promise<T>): Promise<T>;
};

/**
 * One database's storage as the core composes it into the `Store` the routes use
 * (api/core/store.ts): the parts that are SQL only as they are, and for the rest what the core's
 * own objects run over. The SQLite and PostgreSQL storages each implement it.
 */
export interface StorageParts
  extends Omit<
    Store,
    | 'endSurveys'
    | 'helpdesk'
    | 'retention'
    | 'dashboard'
    | 'changeFeed'
    | 'ingest'
    | 'statusJson'
    | 'statusFromMemory'
    | 'statusETagFromMemory'
    | 'statusETag'
    | 'refreshStatuses'
    | 'comparableStarts'
  > {
  /** The row ids behind codes (api/storage/scope-sql.ts). */
  readonly ids: DirectoryIds;
  readonly ingestion: IngestStorage;
  readonly statuses: StatusStorage;
  readonly changes: ChangeFeedStorage;
  readonly endSurveys: EndSurveyStorage;
  readonly helpdesk: HelpdeskContactStorage;
  readonly retention: RetentionStorage;
  /** The dashboard's queries, given the directory and the core's comparable curves for the windows they show. Called once. */
  dashboard(directory: DashboardDirectory, content: Content | undefined): DashboardStore;
  /**
   * The aanvragen of this combi area and kind from which the track & trace page's window is picked
   * at `at` (api/core/comparable-index.ts): the latest COMPARABLE_SAMPLE submitted before it and not
   * cancelled before it, latest first, with the day their work started if it has.
   */
  comparableRows(combi: string, kind: string, at: string): Promise<ComparableRow[]>;
  /**
   * Changes whenever statuses kept in memory may have gone stale unseen (another connection wrote,
   * or change notices were missed): the status cache then starts over.
   */
  statusVersion(): number;
  /** Tells `listener` which aanvragen changed (here or, on a server database, in another process). */
  onStatusesChanged(listener: (numbers: readonly string[]) => void): void;
}

/** A status as a database keeps it. */
export type KeptStatus = {
  number: string;
  combi: string | null;
  gridOperators: string[];
  json: string;
  /** The strong ETag of `json`. */
  etag: string;
  /** The last Dutch calendar day (YYYY-MM-DD) on which it is still right. */
  validUntil: string;
  /** The content and code it was computed with. */
  version: string;
};

/** A served status: its bytes and their strong ETag. */
export type ServedStatus = { json: Uint8Array; etag: string };

/** What a conditional look-up needs of a kept status: who takes part, its ETag and its last day. */
export type KeptTag = Participants & { etag: string; validUntil: string; version: string };

/** What the served statuses (api/core/served-statuses.ts) ask of a database: SQL only. */
export interface StatusStorage {
  /** The kept status of an aanvraag, its JSON as bytes. */
  kept(number: string): Promise<CachedStatus | undefined>;
  /** The same without the JSON: a conditional look-up whose tag still matches reads no body. */
  keptTag(number: string): Promise<KeptTag | undefined>;
  /** The folded state of an aanvraag. */
  state(number: string): Promise<RequestState | undefined>;
  /** Keeps statuses, replacing those kept before, in one transaction. */
  keep(statuses: KeptStatus[]): Promise<void>;
  /** Aanvraagnummers with no kept status, or one no longer right on `today`, or of another version. */
  stale(today: string, version: string): Promise<string[]>;
}

/** A kept status with who takes part in it, so access is decided without reading the state. */
export type CachedStatus = Participants & {
  json: Uint8Array;
  /** The strong ETag of `json`. */
  etag: string;
  /** The last Dutch calendar day (YYYY-MM-DD) on which this status is still right. */
  validUntil: string;
  /** The content and code it was computed with (domain/status-version.ts). */
  version: string;
};

/** Changed aanvragen: their numbers in commit order, the cursor after each, and after the last. */
export type ChangedPage = { numbers: string[]; positions: string[]; cursor: string };

/** Why a cursor cannot be followed: it is not one of ours, or it lies beyond the last commit. */
export type CursorRefusal = 'ongeldig' | 'toekomst';

/** What the change feed (api/core/change-feed.ts) asks of a database: SQL only. */
export interface ChangeFeedStorage {
  /**
   * At most `limit` aanvragen in `scope` written after `cursor` (from the start when undefined),
   * in commit order; no aanvraag written later can ever appear before the returned cursor.
   */
  changedAfter(scope: Scope, cursor: string | undefined, limit: number): Promise<ChangedPage | CursorRefusal>;
}

/** The norms a version of the content was served with, as a server process recorded them at start. */
export type RecordedNorms = { version: string; norms: Norms; startedAt: string };

/** What the norm-impact report (api/core/norm-impact.ts) asks of a database: SQL only. */
export interface NormImpactStorage {
  /** The norms of the server process that started last; undefined when no process recorded any. */
  inUse(): Promise<RecordedNorms | undefined>;
  /** The states of every aanvraag that is submitted and not cancelled, a chunk at a time. */
  openStates(each: (states: RequestState[]) => void): Promise<void>;
}

/** Where the data is: a PostgreSQL server when DATABASE_URL is set, else the SQLite file (api/core/open-store.ts). */
export type Where = {
  DATABASE_URL?: string | undefined;
  DATABASE_FILE: string;
  DATABASE_POOL_SIZE?: number;
  OUTBOX_LEASE_SECONDS?: number;
};
