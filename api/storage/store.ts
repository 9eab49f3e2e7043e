/**
 * The one data module's contract. Everything above it (routes, jobs, scripts) talks to a Store;
 * all SQL lives in its implementations. SQLite is the embedded default; a PostgreSQL store can
 * implement the same interface (docs/decisions/0002-sqlite-behind-a-store.md).
 */

import type { AlertSettings } from '../../domain/alert-settings.ts';
import type { MemberRole } from '../../domain/applicant-organisations.ts';
import type { CombiInfo, Directory, OrgKind, Sender } from '../../domain/authorization.ts';
import type { CallbackClose } from '../../domain/callback-handling.ts';
import type { DailyDigest } from '../../domain/daily-digest.ts';
import type { ContactMomentRow, DashboardFigures, DashboardFilters, DashboardRow } from '../../domain/dashboard-metrics.ts';
import type { StartCurve } from '../../domain/expected-window.ts';
import type { HelpdeskRoute } from '../../domain/helpdesk-routing.ts';
import type { NotificationMode } from '../../domain/kcm-mails.ts';
import type { ApplicantAanvraag, ApplicantAnswer, InvitationState, RegistrationOutcome } from '../../domain/klantenpanels.ts';
import type { Lang } from '../../domain/language.ts';
import type { Message } from '../../domain/messages.ts';
import type { Organisation } from '../../domain/next-step.ts';
import type { Norms } from '../../domain/norm-impact.ts';
import type { SampledMoment } from '../../domain/quality-samples.ts';
import type { RequestState } from '../../domain/request-state.ts';
import type { Scope, StaffRole } from '../../domain/staff.ts';
import type { AnswerValue } from '../../domain/survey-schema.ts';
import type { WebhookEvent } from '../../domain/webhooks.ts';
import type { Worklist, WorklistFilters } from '../../domain/worklist.ts';
import type { ChangeFeed } from '../core/change-feed.ts';
import type { BiFeedStorage } from './bi-feed-rows.ts';
import type { NormImpactStorage, ServedStatus, WebhookSubscription } from './contract.ts';
import type { ShownWindowRow, WorkloadStarts } from './dashboard-rows.ts';

export type MessageResult = {
  id: string;
  /** HTTP-like status of this one message: 201 applied, 202 parked, 200 received before, 4xx refused. */
  status: 200 | 201 | 202 | 400 | 403 | 409 | 422;
  result: 'accepted' | 'geparkeerd' | 'duplicate' | 'rejected';
  errors?: { field?: string; message: string }[];
};

export type IngestEntry = { sender: OrganisationRecord; message: Message };

export type OrganisationRecord = Organisation & { id: number; kind: OrgKind; email: string | null };

/** A combi area as the directory knows it: its members, its combi-organisatie, its area and CAPO. */
export type CombiRecord = CombiInfo & { area: string; capoActive: boolean };

export type NewOrganisation = { code: string; name: string; kind: OrgKind; phone?: string; email?: string };
export type NewCombi = {
  code: string;
  name: string;
  area: string;
  capoActive: boolean;
  organisation?: string;
  members: string[];
};

/** Directory look-ups (organisations, combis) are synchronous: every store keeps them in memory. */
export interface Store extends Directory {
  readonly outbox: OutboxStore;
  readonly access: CustomerAccessStore;
  readonly endSurveys: EndSurveyStore;
  readonly callbacks: CallbackStore;
  /** Organisations' alert settings and who opted out of the daily digest (api/core/daily-digest.ts). */
  readonly alerts: AlertStore;
  readonly responses: ResponsesStore;
  readonly helpdesk: HelpdeskStore;
  readonly retention: RetentionStore;
  readonly staff: StaffStore;
  readonly dashboard: DashboardStore;
  readonly rateLimits: RateLimitStore;
  /** The aanvragen an organisation takes part in whose status changed, in commit order. */
  readonly changeFeed: ChangeFeed;
  readonly calendarFeeds: CalendarFeedStore;
  /** Business applicants' organisations, their members and portfolios (domain/applicant-organisations.ts). */
  readonly applicantOrganisations: ApplicantOrganisationStore;
  /** The norms each server process served with, and the states a norm change would move. */
  readonly norms: NormsInUseStore;
  /** What became of the messages an organisation sent: applied, parked, refused on arrival, expired. */
  readonly receivedMessages: ReceivedMessageStore;
  /** Organisations' webhook endpoints and their deliveries (docs/decisions/0033-webhooks.md). */
  readonly webhooks: WebhookStore;
  /** The answers and aanvragen behind the BI feed (api/core/bi-feed.ts). */
  readonly biFeed: BiFeedStorage;
  /** Quality samples of contact moments and their verdicts (docs/decisions/0040-steekproeven.md). */
  readonly qualitySamples: QualitySampleStore;
  /** Klantenpanels: their invitations, registrations and summary (domain/klantenpanels.ts). */
  readonly panels: CustomerPanelStore;
  /**
   * Applies validated messages, each atomically and in one transaction per call; one result per
   * message. The mails they cause are written to the outbox in the same transaction, unless
   * `notify` is false (demo data and history imports).
   */
  ingest(entries: IngestEntry[], options?: { receivedAt?: Date; notify?: boolean }): Promise<MessageResult[]>;
  /**
   * The status of an aanvraag as the API serves it (serialised), for an organisation that takes
   * part in it; 'niet-betrokken' for any other, undefined when it is unknown.
   */
  statusJson(number: string, org: Sender, now?: Date): Promise<ServedStatus | 'niet-betrokken' | undefined>;
  /**
   * The served status when the status cache holds it, it is still right and `org` takes part;
   * undefined otherwise (then ask statusJson). Synchronous: it never waits for the database.
   */
  statusFromMemory(number: string, org: Sender, now?: Date): ServedStatus | undefined;
  /**
   * The ETag of the status `org` would be served, when the status cache holds it or its tag, it is
   * still right and `org` takes part; undefined otherwise. Synchronous, like statusFromMemory.
   */
  statusETagFromMemory(number: string, org: Sender, now?: Date): string | undefined;
  /**
   * The ETag of the status `org` would be served, when it is kept and still right, read without
   * its JSON; undefined otherwise (then ask statusJson, which also says whether it exists).
   */
  statusETag(number: string, org: Sender, now?: Date): Promise<string | undefined>;
  /** Stores the status of every aanvraag whose stored status is missing or out of date. */
  refreshStatuses(onProgress?: (done: number, total: number) => void, now?: Date): Promise<number>;
  /** The folded state of an aanvraag, or undefined when it is unknown. */
  requestState(number: string): Promise<RequestState | undefined>;
  organisation(code: string): OrganisationRecord | undefined;
  /** Every organisation's code. */
  organisationCodes(): string[];
  /** Every combi area's code. */
  combiCodes(): string[];
  /** A combi area with its area and CAPO flag (the directory's own look-up returns it too). */
  combi(code: string): CombiRecord | undefined;
  /** Grows when a key is revoked: cached key checks made before it are void. */
  apiKeyGeneration(): number;
  /** The organisation that owns an active API key with this SHA-256 hash. */
  organisationByKeyHash(hash: string): Promise<OrganisationRecord | undefined>;
  addOrganisation(org: NewOrganisation): Promise<OrganisationRecord>;
  addCombi(combi: NewCombi): Promise<void>;
  addApiKey(organisation: string, hash: string, prefix: string, label: string): Promise<void>;
  counts(): Promise<{ requests: number; messages: number; organisations: number }>;
  /** The curve of the latest aanvragen of a combi and kind as they stand now, started or not, for the expected window (ComparableStarts). */
  comparableStarts(combi: string, kind: string, now?: Date): Promise<StartCurve>;
  /** Some aanvraagnummers, for demos and benchmarks. */
  sampleRequestNumbers(limit: number, offset?: number): Promise<string[]>;
  /** The numbers of submitted aanvragen without a start day: not started, or stored before it was kept (keepStartDays). */
  numbersWithoutStartDay(): Promise<string[]>;
  /**
   * Claims this period's run of a scheduled job for this process: true for exactly one of the
   * processes that ask, unless the job started less than `periodMs` before `now`.
   */
  claimScheduledRun(job: string, periodMs: number, now: Date): Promise<boolean>;
  /**
   * Gives back a run claimed at `claimedAt` that failed, so the next turn of any process claims it
   * again; a later claim (another period's) is left alone.
   */
  releaseScheduledRun(job: string, claimedAt: Date): Promise<void>;
  /** A cheap query that proves the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Hit counts per limited key in fixed windows, shared by every process on the database. */
export interface RateLimitStore {
  /** Counts one hit of `bucket`; when its window has ended by `now`, a new one of `windowMs` starts. */
  hit(bucket: string, windowMs: number, now: Date): Promise<{ hits: number; windowEnds: Date }>;
  /** Forgets the windows that have ended by `now`. */
  prune(now: Date): Promise<void>;
}

export type OutboxMail = {
  id: number;
  idempotencyKey: string;
  kind: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string> | null;
  attempts: number;
  channel: OutboxChannel;
  /** The provider batch it was first sent in, while that batch has no answer (OutboxStore.startBatch). */
  batchKey: string | null;
};

/**
 * 'email' goes to the mail provider; 'sms' to the SMS provider, with `to` in E.164 and `text` as
 * its body; 'webhook' to an organisation's endpoint (api/webhooks/webhook-worker.ts), with `to` its
 * id, `subject` the event id and `text` the JSON body.
 */
export type OutboxChannel = PersonChannel | 'webhook';
/** The channels that reach a person. */
export type PersonChannel = 'email' | 'sms';

export type NewOutboxMail = {
  idempotencyKey: string;
  kind: string;
  requestId?: number | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** Default 'email'. */
  channel?: OutboxChannel;
};

/** The transactional outbox: mails waiting to be delivered, with their attempts. */
export interface OutboxStore {
  /** Adds a mail; a second mail with the same idempotency key is ignored. */
  enqueue(mail: NewOutboxMail): Promise<void>;
  /**
   * Mails whose next attempt is due, oldest first; only those of the given channels (default: all).
   * A mail that was sent in a batch comes with every other pending mail of that batch, even past
   * `limit`: a batch is only ever sent again whole.
   */
  due(limit: number, now: Date, channels?: readonly OutboxChannel[]): Promise<OutboxMail[]>;
  /** Records the provider batch (its idempotency key) these mails go in, before it is sent. */
  startBatch(ids: readonly number[], batchKey: string): Promise<void>;
  /** Delivered, with the provider's id each: the bodies go (they hold personal links). One write per batch. */
  markSent(sent: readonly { id: number; providerId: string }[], at: Date): Promise<void>;
  /** `leaveBatch`: the provider refused this mail alone, so it was not sent and may go in another batch. */
  markRetry(id: number, error: string, nextAttemptAt: Date, leaveBatch?: boolean): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  counts(): Promise<{ pending: number; sent: number; failed: number }>;
  /**
   * Deletes sent and finally failed mails whose last attempt came before `before`, `batch` rows per
   * statement (short transactions beside ingestion); pending and claimed mails stay. Returns how many.
   */
  prune(before: Date, options?: { batch?: number; signal?: AbortSignal }): Promise<number>;
}

/** A customer session; `createdAt` is the sign-in, from which its absolute limit counts. */
export type Session = { id: string; secretHash: string; email: string; createdAt: Date; expiresAt: Date };
export type LoginCode = { id: string; email: string; codeHash: string; expiresAt: Date; attempts: number; usedAt: Date | null };
export type AccessLink = {
  id: string;
  secretHash: string;
  requestNumber: string;
  email: string;
  purpose: 'volgen' | 'afmelden';
  expiresAt: Date;
  usedAt: Date | null;
};
export type { NotificationMode };

/** How customers (and whoever acts for them) get at their aanvragen. */
export interface CustomerAccessStore {
  /** The applicant's e-mail address when number, postcode and house number match. */
  applicantEmail(requestNumber: string, postcode: string, houseNumber: string): Promise<string | undefined>;
  /** Aanvraagnummers this address may follow: as applicant or by a grant. */
  requestNumbersFor(email: string): Promise<string[]>;
  mayFollow(email: string, requestNumber: string): Promise<boolean>;
  addLoginCode(code: Omit<LoginCode, 'attempts' | 'usedAt'>): Promise<void>;
  loginCode(id: string): Promise<LoginCode | undefined>;
  /** Counts a wrong attempt; returns the attempts so far. */
  failLoginCode(id: string): Promise<number>;
  /** Marks the code used; false when it was used, expired or out of tries by then (a race). */
  useLoginCode(id: string, at: Date, maxAttempts: number): Promise<boolean>;
  addSession(session: Session): Promise<void>;
  session(id: string): Promise<Session | undefined>;
  extendSession(id: string, expiresAt: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
  addAccessLink(link: Omit<AccessLink, 'usedAt'>): Promise<void>;
  accessLink(id: string): Promise<AccessLink | undefined>;
  useAccessLink(id: string, at: Date): Promise<boolean>;
  grantAccess(requestNumber: string, email: string, grantedBy: string, at: Date): Promise<void>;
  revokeAccess(requestNumber: string, email: string, at: Date): Promise<void>;
  grantsFor(requestNumber: string): Promise<{ email: string; grantedBy: string; createdAt: string }[]>;
  notificationMode(requestNumber: string, email: string): Promise<NotificationMode>;
  setNotificationMode(requestNumber: string, email: string, mode: NotificationMode, at: Date): Promise<void>;
  /** The language this address chose to read Traject in; undefined when it never chose (Dutch). */
  language(email: string): Promise<Lang | undefined>;
  setLanguage(email: string, language: Lang, at: Date): Promise<void>;
}

export type { AnswerValue };

/** What a response belongs to; fixed when it is created. */
export type ResponseContext = {
  survey: string;
  requestNumber?: string | null;
  trigger?: string | null;
  /** Set for surveys that allow one response per (survey, aanvraag, aanleiding). */
  triggerKey?: string | null;
  invitationId?: string | null;
  page?: string | null;
};

export type SaveResponse = {
  id: string;
  context: ResponseContext;
  /** Answers given now, per question id; answers given earlier and not named here are kept. */
  answers?: Record<string, AnswerValue>;
  completed?: boolean;
  at: Date;
};

export type SaveResult =
  | { result: 'created' | 'saved' | 'unchanged' }
  | { result: 'conflict'; reason: 'other-context' | 'trigger-taken' | 'invitation-taken' };

export type SurveyResponse = Required<ResponseContext> & {
  id: string;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  answers: Record<string, AnswerValue>;
};

/** Survey responses, saved per question as they are given. */
export interface ResponsesStore {
  /**
   * Creates the response when its id is new and upserts the given answers by (response id,
   * question id), in one transaction: a retried request changes nothing. A known id with another
   * context, or a trigger or invitation that already has another response, is a conflict.
   */
  save(input: SaveResponse, webhooks?: readonly NewOutboxMail[]): Promise<SaveResult>;
  get(id: string): Promise<SurveyResponse | undefined>;
  /** Several at once, by id (the werklijst's call-backs): one read, not one per response. */
  getMany(ids: readonly string[]): Promise<Map<string, SurveyResponse>>;
  /** The response that holds this trigger (one pop-up of one aanvraag), if any. */
  forTrigger(triggerKey: string): Promise<{ id: string; completedAt: string | null } | undefined>;
}

/** An eindmeting invitation: sent, or skipped with its reason (domain/eindmeting.ts). */
export type EndSurveyRecord = {
  id: string;
  requestNumber: string;
  email: string;
  contractor: string | null;
  trigger: 'capo' | 'csv';
  status: 'uitgenodigd' | 'overgeslagen';
  skipReason: string | null;
  secretHash: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  usedAt: Date | null;
};

export type CsvInvitationResult =
  | { result: 'uitgenodigd' }
  | { result: 'overgeslagen'; reason: string }
  | { result: 'al-verwerkt'; status: 'uitgenodigd' | 'overgeslagen' }
  | { result: 'onbekend' };

/** The end-survey invitations, one per aanvraag. */
export interface EndSurveyStore {
  /**
   * The weekly CSV upload for combis outside CAPO: decides the eindmeting for one delivered
   * aanvraag as if its oplevering happened now (trigger "csv"); a second upload changes nothing.
   */
  inviteFromCsv(requestNumber: string): Promise<CsvInvitationResult>;
  forRequest(requestNumber: string): Promise<EndSurveyRecord | undefined>;
  byId(id: string): Promise<EndSurveyRecord | undefined>;
  /** Marks the invitation used; false when it was used already. */
  use(id: string, at: Date): Promise<boolean>;
}

/** A contact the helpdesk logged, as its system sends it (POST /api/v1/helpdesk/contacten). */
export type HelpdeskContactInput = {
  /** Chosen by the sender; unique per organisation. */
  id: string;
  occurredAt: string;
  requestNumber?: string;
  account?: string;
  phone?: string;
  /** The language the call was in: the SMS survey's language (an SMS has no stored language). */
  taal?: Lang;
};

/** The survey invitation of a contact, sent by the route domain/helpdesk-routing.ts chose, or none with the reason. */
export type HelpdeskContactRecord = {
  id: string;
  organisation: string;
  contactId: string;
  occurredAt: string;
  requestNumber: string | null;
  account: string | null;
  phone: string | null;
  route: 'aanvraag' | 'account' | 'telefoon' | 'geen';
  channel: PersonChannel | null;
  recipient: string | null;
  reason: string | null;
  secretHash: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  usedAt: Date | null;
};

export type HelpdeskLogResult =
  | { result: 'created' | 'duplicate'; contact: HelpdeskContactRecord }
  | { result: 'conflict'; contact: HelpdeskContactRecord };

/** Helpdesk contacts and their survey invitations (interactiemeting helpdesk). */
export interface HelpdeskStore {
  /**
   * Records the contact with its route and, for a route that works, writes the invitation (mail
   * or SMS) to the outbox in the same transaction. The same (organisation, id) again changes
   * nothing: 'duplicate' with the first record, or 'conflict' when the body differs.
   */
  log(
    organisation: OrganisationRecord,
    contact: HelpdeskContactInput,
    route: HelpdeskRoute,
    now?: Date,
  ): Promise<HelpdeskLogResult>;
  byId(id: string): Promise<HelpdeskContactRecord | undefined>;
  /** Marks the survey invitation used; false when it was used already. */
  use(id: string, at: Date): Promise<boolean>;
}

/** A call-back request after a clearly negative survey answer. */
export type CallbackRequest = {
  id: string;
  /**
   * The response it came from, one call-back request per response: the invitation's id for a
   * survey behind a personal link (its response has that id), the response id for a widget pop-up.
   */
  invitationId: string;
  survey: string;
  requestNumber: string | null;
  /** The organisation that calls back. */
  organisation: string;
  phone: string | null;
  note: string | null;
  createdAt: Date;
  doneAt: Date | null;
};

/** A customer's calendar feed of one aanvraag (api/routes/calendar-feed.ts): only the secret's hash is kept. */
export type CalendarFeed = {
  id: string;
  secretHash: string;
  requestNumber: string;
  email: string;
  createdAt: Date;
  revokedAt: Date | null;
};

/** Personal calendar feeds: one live feed per address and aanvraag, revocable by its owner. */
/** The norms in use (docs/decisions/0035-norm-impact.md): recorded by a server at start, read by the impact report. */
export interface NormsInUseStore extends NormImpactStorage {
  /** Records that a process started at `at` serving `version` with these norms. */
  record(version: string, norms: Norms, at: Date): Promise<void>;
}

export type ApplicantOrganisation = { kvk: string; domain: string; createdAt: Date };
export type OrganisationMember = { kvk: string; email: string; role: MemberRole; addedBy: string; addedAt: Date };
/** A mail code proving an address of the domain an organisation registers with. */
export type OrganisationCode = LoginCode & { kvk: string; domain: string };
/** One aanvraag of a portfolio: its address columns and when its row was last written (its state's version). */
export type PortfolioRow = {
  number: string;
  project: string | null;
  street: string | null;
  houseNumber: string | null;
  houseNumberAddition: string | null;
  postcode: string | null;
  city: string | null;
  updatedAt: string;
};

/** A delegate (a site supervisor) of one project: sees that project only. */
export type ProjectDelegate = { kvk: string; project: string; email: string; addedBy: string; addedAt: Date };
/** A member's calendar feed of all firm dates of the organisation's portfolio (docs/decisions/0030-calendar-feeds.md). */
export type PortfolioFeed = {
  id: string;
  secretHash: string;
  kvk: string;
  email: string;
  createdAt: Date;
  revokedAt: Date | null;
};

export interface ApplicantOrganisationStore {
  addLoginCode(code: Omit<OrganisationCode, 'attempts' | 'usedAt'>): Promise<void>;
  loginCode(id: string): Promise<OrganisationCode | undefined>;
  failLoginCode(id: string): Promise<number>;
  useLoginCode(id: string, at: Date, maxAttempts: number): Promise<boolean>;
  /**
   * Whether an aanvraag with this KvK number names exactly this address as its applicant (without
   * case): only such an address may register the organisation, since a KvK number is public and a
   * mail domain may be a provider's that anyone can get an address at.
   */
  applicantAddressOf(kvk: string, email: string): Promise<boolean>;
  organisation(kvk: string): Promise<ApplicantOrganisation | undefined>;
  /** Registers the organisation with `email` as its admin, in one transaction; false when the KvK number is taken. */
  register(kvk: string, domain: string, email: string, at: Date): Promise<boolean>;
  /** The organisations this address is a member of. */
  memberships(email: string): Promise<(OrganisationMember & { domain: string })[]>;
  members(kvk: string): Promise<OrganisationMember[]>;
  /** Adds a member (role lid); nothing when the address is one already. */
  addMember(kvk: string, email: string, addedBy: string, at: Date): Promise<void>;
  removeMember(kvk: string, email: string): Promise<void>;
  /** The aanvragen whose applicant is this KvK number, of one project when given (null: without project), by number. */
  portfolio(kvk: string, project?: string | null): Promise<PortfolioRow[]>;
  /** The states of these aanvragen of this KvK number (others are left out). */
  portfolioStates(kvk: string, numbers: readonly string[]): Promise<{ number: string; state: RequestState }[]>;
  /** Gives an address (a site supervisor) access to one project of the organisation; nothing when it has it already. */
  addDelegate(kvk: string, project: string, email: string, addedBy: string, at: Date): Promise<void>;
  removeDelegate(kvk: string, project: string, email: string): Promise<void>;
  /** The delegates of the organisation's projects. */
  delegates(kvk: string): Promise<ProjectDelegate[]>;
  /** The projects this address is a delegate of, with the organisation's domain. */
  delegations(email: string): Promise<(ProjectDelegate & { domain: string })[]>;
  /** Makes this member's calendar feed of the portfolio; a live one it had before is revoked in the same transaction. */
  createFeed(feed: Omit<PortfolioFeed, 'revokedAt'>): Promise<void>;
  /** A portfolio feed by its id, revoked or not. */
  feed(id: string): Promise<PortfolioFeed | undefined>;
  /** The member's live feed of the portfolio, if any. */
  liveFeed(kvk: string, email: string): Promise<PortfolioFeed | undefined>;
  revokeFeed(kvk: string, email: string, at: Date): Promise<void>;
  /** The projects of this KvK number's aanvragen with how many each holds (null: without project). */
  projects(kvk: string): Promise<{ project: string | null; aanvragen: number }[]>;
}

export interface CalendarFeedStore {
  /** Makes this the address's feed of the aanvraag; a feed it had before is revoked in the same transaction. */
  create(feed: Omit<CalendarFeed, 'revokedAt'>): Promise<void>;
  /** A feed by its id, revoked or not. */
  feed(id: string): Promise<CalendarFeed | undefined>;
  /** The address's live (not revoked) feed of the aanvraag, if any. */
  live(requestNumber: string, email: string): Promise<CalendarFeed | undefined>;
  /** Revokes the address's live feed of the aanvraag; nothing when there is none. */
  revoke(requestNumber: string, email: string, at: Date): Promise<void>;
}

/** A message an organisation sent that was logged or parked (refused messages are not kept). */
export type ReceivedMessage = {
  messageId: string;
  requestNumber: string;
  type: string;
  receivedAt: string;
  /** When it was parked: until when it waits and, once its aanvraag arrived, what became of it. */
  parked: {
    expiresAt: string;
    resolvedAt: string | null;
    status: number | null;
    result: 'accepted' | 'rejected' | 'verlopen' | null;
    errors: { field?: string; message: string }[] | null;
  } | null;
};

/** The sender's view of its own messages (GET /api/v1/berichten/…); by the sender's row id. */
export interface ReceivedMessageStore {
  /** One message by the sender's id; undefined when it was never logged nor parked. */
  find(senderId: number, messageId: string): Promise<ReceivedMessage | undefined>;
  /** The sender's parked messages with no recorded outcome (some may have expired), in the order received. */
  waiting(senderId: number, limit: number): Promise<ReceivedMessage[]>;
}

/** Closing the loop: call-back tasks per organisation. */
export interface CallbackStore {
  /**
   * One request per answered survey: a second one for the same invitation or response changes
   * nothing. `webhooks` (api/core/webhooks.ts) go to the outbox in the same transaction.
   */
  add(request: Omit<CallbackRequest, 'doneAt'>, webhooks?: readonly NewOutboxMail[]): Promise<'created' | 'exists'>;
  /** Open requests of an organisation ('alle' for the platform). */
  openFor(organisation: string | 'alle'): Promise<CallbackRequest[]>;
  /**
   * The open requests of one organisation with who claimed them, oldest first (/beheer/werklijst).
   * Every call below names the organisation: another organisation's request is 'unknown' to it.
   */
  openTasks(organisation: string): Promise<CallbackTask[]>;
  /** "Ik bel": claims an open request; a claim by someone else stands, and says by whom. */
  claim(organisation: string, id: string, staffId: number, at: Date): Promise<CallbackClaimResult>;
  /** Gives back a claim; only the one who claimed it can. */
  /** `anyone`: an admin gives back a colleague's claim (one who left, or is away). */
  unclaim(organisation: string, id: string, staffId: number | 'anyone'): Promise<'released' | 'not-yours' | 'unknown'>;
  /** Closes an open request that is not claimed by someone else: with a reason, or linked to the contact moment of the call. */
  close(organisation: string, id: string, staffId: number, close: CallbackClose, at: Date): Promise<CallbackClaimResult>;
  /** The organisation's requests still open or closed since `since`, for the dashboard's figures. */
  handling(
    organisation: string,
    since: Date,
  ): Promise<{ createdAt: Date; claimedAt: Date | null; doneAt: Date | null; closeReason: string | null }[]>;
}

export interface AlertStore {
  /** The organisation's alert settings; the defaults (domain/alert-settings.ts) until its admin sets them. */
  settings(organisation: string): Promise<AlertSettings>;
  set(organisation: string, settings: AlertSettings, by: number, at: Date): Promise<void>;
  /** Whether the member gets the daily digest: yes unless they opted out. */
  wantsDigest(staffId: number): Promise<boolean>;
  setWantsDigest(staffId: number, wanted: boolean, at: Date): Promise<void>;
}

/** An open call-back request as a planner sees it: who claimed it, if anyone. */
export type CallbackTask = CallbackRequest & { claimedBy: { id: number; name: string } | null; claimedAt: Date | null };

/** What became of a claim or a close: done, refused because a colleague claimed it, or no such open request. */
export type CallbackClaimResult = { result: 'done' } | { result: 'taken'; by: string; at: Date } | { result: 'unknown' };

/** A staff account as stored: the organisation by its code; the TOTP key still encrypted. */
export type StaffRecord = {
  id: number;
  organisation: string;
  email: string;
  name: string;
  role: StaffRole;
  totpKey: string | null;
  createdAt: string;
  disabledAt: string | null;
};

/** A staff session; `createdAt` is the sign-in (kept when the token is renewed), from which its absolute limit counts. */
export type StaffSession = {
  id: string;
  secretHash: string;
  staffId: number;
  twoFactorVerified: boolean;
  createdAt: Date;
  expiresAt: Date;
};
export type StaffLoginCode = {
  id: string;
  staffId: number;
  codeHash: string;
  expiresAt: Date;
  attempts: number;
  usedAt: Date | null;
};
export type RequestSummary = {
  number: string;
  phase: string;
  combi: string | null;
  applicantName: string | null;
  address: string;
  updatedAt: string;
};
export type ContactDetails = { name: string | null; phone: string | null };
export type ApiKeyRecord = { id: number; prefix: string; label: string; createdAt: string; revokedAt: string | null };

/** Staff accounts, their sign-in codes and sessions, and the organisation's API keys. */
export interface StaffStore {
  add(member: { organisation: string; email: string; name: string; role: StaffRole }): Promise<StaffRecord>;
  byId(id: number): Promise<StaffRecord | undefined>;
  byEmail(email: string): Promise<StaffRecord | undefined>;
  /** The staff of one organisation, newest last. */
  ofOrganisation(organisation: string): Promise<StaffRecord[]>;
  /** Changes role or disables, only within the organisation; false when no such member there. */
  update(organisation: string, id: number, change: { role?: StaffRole; disabled?: boolean }, at?: Date): Promise<boolean>;
  /** Sets (or with null clears) the TOTP key; a new key starts without a used step. Clearing also drops the recovery codes. */
  setTotpKey(id: number, encryptedKey: string | null): Promise<void>;
  /** Replaces the member's recovery codes (their SHA-256 hashes). */
  replaceRecoveryCodes(id: number, hashes: string[]): Promise<void>;
  /** Uses one recovery code; false when it is not one of the member's unused codes. */
  useRecoveryCode(id: number, hash: string, at: Date): Promise<boolean>;
  /** Records a TOTP step as used; false when this or a later step was used already (a replay). */
  useTotpStep(id: number, step: number): Promise<boolean>;

  addLoginCode(code: Omit<StaffLoginCode, 'attempts' | 'usedAt'>): Promise<void>;
  loginCode(id: string): Promise<StaffLoginCode | undefined>;
  /** Counts a wrong attempt; returns the attempts so far. */
  failLoginCode(id: string): Promise<number>;
  /** Marks the code used; false when it was used, expired or out of tries by then (a race). */
  useLoginCode(id: string, at: Date, maxAttempts: number): Promise<boolean>;

  addSession(session: StaffSession): Promise<void>;
  session(id: string): Promise<StaffSession | undefined>;
  extendSession(id: string, expiresAt: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
  /** Signs a member out everywhere (role change, disabling, a new second factor). */
  deleteSessionsOf(staffId: number): Promise<void>;

  /**
   * Aanvragen in the scope whose number, postcode (with or without space) or applicant name
   * starts with the query; the most recently changed first. An empty query lists the latest.
   */
  findRequests(scope: Scope, query: string, limit: number): Promise<RequestSummary[]>;
  /** The applicant's name and phone number of these aanvragen, only those in the scope (the werklijst's call list). */
  contactDetails(scope: Scope, numbers: readonly string[]): Promise<Map<string, ContactDetails>>;

  apiKeys(organisation: string): Promise<ApiKeyRecord[]>;
  /** Revokes a key of this organisation; false when it has no such active key. */
  revokeApiKey(organisation: string, id: number, at?: Date): Promise<boolean>;
}

/** A run of the retention job over aanvragen delivered or cancelled before `before`. */
export type AnonymiseOptions = {
  before: Date;
  now: Date;
  /** Aanvragen per transaction (default 200); other work runs between batches. */
  batch?: number;
  /** Stops between batches (the server is stopping). */
  signal?: AbortSignal;
  onProgress?: (done: number) => void;
};

export type AnonymiseCounts = {
  /** Aanvragen anonymised (again, when a message arrived after the first time). */
  requests: number;
  /** Messages in the log whose body was rewritten. */
  messages: number;
  /** Sessions deleted because their address follows no aanvraag any more. */
  sessions: number;
  /** Rows outside any anonymised aanvraag and older than the period (helpdesk, call-backs, mails, e-mail answers). */
  unlinked: number;
};

export type PurgeCounts = {
  sessions: number;
  loginCodes: number;
  accessLinks: number;
  staffSessions: number;
  staffLoginCodes: number;
  /** Parked messages some time after they stopped waiting (domain/parked-messages.ts). */
  parkedMessages: number;
  /** Mail codes of an organisation's domain verification (decision 0045), with the address they went to. */
  organisationCodes: number;
};

/** What a retention run would do now (RetentionStore.preview): aanvragen, loose data, expired rows. */
export type RetentionPreview = { requests: number; unlinked: number } & PurgeCounts;

/** What a subject access request (AVG art. 15) returns: everything held about one e-mail address. */
export type SubjectData = {
  email: string;
  /** The language chosen for the mails; null when never chosen (Dutch). */
  language: Lang | null;
  requests: {
    number: string;
    /** Applicant, or someone the applicant gave access. */
    role: 'aanvrager' | 'gemachtigde';
    state: RequestState;
    notificationMode: NotificationMode;
    /** The applicant sees every grant; someone with access only their own. */
    grants: { email: string; grantedBy: string; createdAt: string }[];
    /** Their calendar feeds of this aanvraag (api/routes/calendar-feed.ts); the address itself is not kept. */
    calendarFeeds: { createdAt: string; revokedAt: string | null }[];
    endSurvey: {
      status: string;
      skipReason: string | null;
      createdAt: string;
      expiresAt: string | null;
      usedAt: string | null;
    } | null;
  }[];
  /** Mails and SMS to this address: what and when, never their bodies (they held personal links). */
  mails: {
    kind: string;
    subject: string;
    channel: OutboxChannel;
    requestNumber: string | null;
    status: string;
    createdAt: string;
    sentAt: string | null;
  }[];
  surveyResponses: {
    survey: string;
    requestNumber: string | null;
    createdAt: string;
    completedAt: string | null;
    answers: Record<string, AnswerValue>;
  }[];
  helpdeskContacts: {
    organisation: string;
    occurredAt: string;
    requestNumber: string | null;
    account: string | null;
    phone: string | null;
    surveyRoute: string;
    surveySentTo: string | null;
  }[];
  callbacks: {
    survey: string;
    requestNumber: string | null;
    organisation: string;
    phone: string | null;
    note: string | null;
    createdAt: string;
    doneAt: string | null;
    /** How it was closed (domain/callback-handling.ts), and what the planner noted about it. */
    closeReason: string | null;
    closeNote: string | null;
  }[];
  sessions: { createdAt: string; expiresAt: string }[];
  /**
   * The applicant organisations this address belongs to (decision 0045): memberships, projects it
   * is a delegate of, and its portfolio calendar feeds (the secret is not kept). Who added them is
   * another person's address and is left out, as with grants.
   */
  portfolio: {
    memberships: { kvk: string; role: 'beheerder' | 'lid'; addedAt: string }[];
    delegations: { kvk: string; project: string; addedAt: string }[];
    calendarFeeds: { kvk: string; createdAt: string; revokedAt: string | null }[];
  };
  /** Klantenpanel invitations to this address (decision 0044), with their panel; the questionnaire's answers are in surveyResponses. */
  panelInvitations: {
    panel: string;
    startsAt: string;
    place: string;
    name: string;
    state: 'uitgenodigd' | 'aangemeld' | 'wachtlijst' | 'afgemeld';
    invitedAt: string;
    registeredAt: string | null;
    cancelledAt: string | null;
  }[];
};

/**
 * Privacy (AVG): the retention job — personal data of aanvragen delivered or cancelled longer ago
 * than the period is removed, the statistics stay — and the customer's right of access.
 */
export interface RetentionStore {
  /** Anonymises aanvragen past the period, one transaction per batch; a second run changes nothing. */
  anonymise(options: AnonymiseOptions): Promise<AnonymiseCounts>;
  /** Deletes expired sessions, sign-in codes and personal links, of customers and staff. */
  purgeExpired(now: Date): Promise<PurgeCounts>;
  /**
   * What anonymise and purgeExpired would do now, counted without changing anything. `unlinked`
   * is anonymise's own clean-up (loose personal data, klantenpanels, portfolios, revoked feeds),
   * run in a transaction that is rolled back: the same code, so the count cannot drift from it.
   * It runs before the aanvragen are anonymised, so it is an upper bound: what goes with an
   * aanvraag is not counted again by the run.
   */
  preview(before: Date, now: Date): Promise<RetentionPreview>;
  /** Everything held about this address, for the customer's download. */
  subjectAccess(email: string): Promise<SubjectData>;
}

/**
 * The dashboards (docs/decisions/0013-dashboards.md): figures and export rows over the aanvragen
 * in a scope (api/storage/scope-sql.ts) that match the filters, judged on the day of `now`.
 */
export interface DashboardStore {
  figures(scope: Scope, filters: DashboardFilters, now?: Date): Promise<DashboardFigures>;
  /** One row per aanvraag, ordered by number (the CSV export). */
  rows(scope: Scope, filters: DashboardFilters, now?: Date): Promise<DashboardRow[]>;
  /** One row per contact moment and party, as the page's table counts them, ordered by number (the second CSV export). */
  contactMomentRows(scope: Scope, filters: DashboardFilters, now?: Date): Promise<ContactMomentRow[]>;
  /** The windows kept at delivery (domain/window-calibration.ts) of the aanvragen in the scope, narrowed to one combi area when asked. */
  shownWindows(scope: Scope, combi?: string): Promise<ShownWindowRow[]>;
  /**
   * The planned starts of the open aanvragen in the scope and the actual starts from `from` to
   * `to` of its delivered ones, per contractor (domain/workload.ts, the workload page).
   */
  workloadStarts(scope: Scope, period: { from: string; to: string }): Promise<WorkloadStarts>;
  /** Brings what the dashboards keep per aanvraag up to date; the first call reads every aanvraag once. */
  warm(): Promise<void>;
  /** The planners' werklijst over the aanvragen in the scope (domain/worklist.ts), from the same facts as the figures. */
  worklist(scope: Scope, filters: WorklistFilters, now?: Date): Promise<Worklist>;
  /** The daily digest over the aanvragen in the scope (domain/daily-digest.ts), from the same facts. */
  digest(scope: Scope, settings: AlertSettings, now?: Date): Promise<DailyDigest>;
}

/** A webhook endpoint as its organisation sees it (never its secret). */
export type WebhookEndpoint = {
  id: number;
  organisation: string;
  url: string;
  events: WebhookEvent[];
  createdAt: Date;
  /** The first failed attempt since the last success; null while it works. */
  failingSince: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  /** Until when the secret before the last rotation still signs too. */
  previousSecretUntil: Date | null;
};

/** An endpoint as the delivery worker needs it: with its secrets, sealed (api/auth/secret-box.ts). */
export type WebhookTarget = WebhookEndpoint & { secret: string; previousSecret: string | null };

/** One attempt to deliver and the endpoint's answer (its first ANSWER_CHARS characters), or the error. */
export type WebhookAttempt = { at: Date; statusCode: number | null; answer: string | null; error: string | null };

/** A delivery of one event to one endpoint (an outbox row), with its latest attempts, newest first. */
export type WebhookDelivery = {
  id: number;
  eventId: string;
  type: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  lastError: string | null;
  latest: WebhookAttempt[];
};

/** A new endpoint; `secret` sealed. */
export type NewWebhookEndpoint = { url: string; events: readonly WebhookEvent[]; secret: string };

export interface WebhookStore {
  add(organisation: string, endpoint: NewWebhookEndpoint, at: Date): Promise<WebhookEndpoint>;
  /** The organisation's endpoints, oldest first. */
  ofOrganisation(organisation: string): Promise<WebhookEndpoint[]>;
  /** An endpoint, only when it belongs to this organisation. */
  endpoint(organisation: string, id: number): Promise<WebhookEndpoint | undefined>;
  /** Deletes the organisation's endpoint and its attempts; deliveries still waiting fail. False when not its own. */
  remove(organisation: string, id: number): Promise<boolean>;
  /** A new secret (sealed); the current one keeps signing until `previousUntil`. */
  rotateSecret(organisation: string, id: number, secret: string, previousUntil: Date): Promise<boolean>;
  /** Switches a disabled endpoint on again, as if it never failed. */
  enable(organisation: string, id: number): Promise<boolean>;
  /** The endpoint's latest deliveries, newest first, each with its latest attempts. */
  deliveries(organisation: string, id: number, limit: number): Promise<WebhookDelivery[]>;
  /**
   * Sends a delivery of the organisation's endpoint again: a new outbox row with the same event id
   * and body, due now. 'onbekend': not its own; 'niet-meer': its body is gone (pruned) or the
   * endpoint is disabled.
   */
  /** A delivery of one of the organisation's endpoints sent again; 'onbekend' when it is not of that endpoint. */
  replay(
    organisation: string,
    endpointId: number,
    deliveryId: number,
    idempotencyKey: string,
    at: Date,
  ): Promise<'ok' | 'onbekend' | 'niet-meer'>;
  /** The endpoints that receive events now (as ingestion reads them in its transaction). */
  subscriptions(): Promise<WebhookSubscription[]>;
  /** The endpoint a delivery goes to, with its secrets; undefined when it was removed. */
  target(id: number): Promise<WebhookTarget | undefined>;
  /** Delivered: the outbox row is sent (its body kept for a replay), the attempt kept, the endpoint works. */
  succeeded(deliveryId: number, endpointId: number, attempt: WebhookAttempt): Promise<void>;
  /**
   * Not delivered: the attempt kept, the outbox row retried at `retryAt` (or failed for good
   * without it), and the endpoint failing since this attempt unless it was already. Returns since when.
   */
  failed(deliveryId: number, endpointId: number, attempt: WebhookAttempt, retryAt: Date | undefined): Promise<Date>;
  /**
   * Disables an endpoint that failed too long, in one transaction with the mails that tell its
   * organisation's admins (to the outbox) and the failure of its deliveries still waiting. False
   * when it was disabled already (another process did it).
   */
  disable(id: number, at: Date, reason: string, mails: readonly NewOutboxMail[]): Promise<boolean>;
}

/** A quality sample as its organisation sees it (docs/decisions/0040-steekproeven.md). */
export type QualitySample = {
  id: number;
  organisation: string;
  /** The period, Dutch dates, both included. */
  from: string;
  to: string;
  /** The size asked for; fewer are drawn when the period has fewer contact moments. */
  size: number;
  seed: string;
  drawnBy: string;
  createdAt: Date;
  drawn: number;
  reviewed: number;
};

/** One drawn contact moment with what the outbox knows of its confirmation mail, and its verdict. */
export type QualitySampleItem = {
  id: number;
  position: number;
  requestNumber: string;
  moment: SampledMoment;
  /** The outbox row of the moment's confirmation mail: its status, or null when none was queued. */
  mailStatus: 'pending' | 'sent' | 'failed' | null;
  verdict: 'voldoet' | 'voldoet-niet' | null;
  failed: string[];
  note: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
};

export type NewQualitySample = { from: string; to: string; size: number; seed: string; drawnBy: string };
export type QualityVerdict = { verdict: 'voldoet' | 'voldoet-niet'; failed: string[]; note: string; by: string; at: Date };

export interface QualitySampleStore {
  /** The ids of the contact moments logged in [from, before) on aanvragen in the scope, ascending. */
  candidates(scope: Scope, from: string, before: string): Promise<number[]>;
  /** Records a sample of the organisation with its drawn contact moments, in one transaction. */
  create(organisation: string, sample: NewQualitySample, contactMomentIds: readonly number[]): Promise<QualitySample>;
  /** The organisation's samples, newest first. */
  ofOrganisation(organisation: string): Promise<QualitySample[]>;
  /** A sample with its moments in the order drawn, only when it is the organisation's own. */
  sample(organisation: string, id: number): Promise<{ sample: QualitySample; items: QualitySampleItem[] } | undefined>;
  /** Records (or replaces) the verdict on one moment of the organisation's sample; false when not its own. */
  recordVerdict(organisation: string, sampleId: number, itemId: number, verdict: QualityVerdict): Promise<boolean>;
}

/** A klantenpanel (domain/klantenpanels.ts), with how its invitees stand. */
export type CustomerPanel = {
  id: number;
  /** The combi area it is for. */
  combi: string;
  /** The organisation that planned it. */
  organisation: string;
  title: string;
  /** The start, an instant. */
  startsAt: string;
  place: string;
  capacity: number;
  /** The last Dutch day to register, included. */
  deadline: string;
  partners: string[];
  createdBy: string;
  createdAt: Date;
  questionnaireSentAt: Date | null;
  summary: { text: string; fileName: string | null; fileType: string | null; sharedAt: Date } | null;
  counts: Record<InvitationState, number>;
};

export type NewCustomerPanel = Pick<
  CustomerPanel,
  'combi' | 'organisation' | 'title' | 'startsAt' | 'place' | 'capacity' | 'deadline' | 'partners' | 'createdBy'
>;

export type PanelInvitation = {
  /** The public part of the personal link. */
  id: string;
  panelId: number;
  applicantKey: string;
  name: string;
  email: string;
  lang: Lang;
  secretHash: string;
  state: InvitationState;
  invitedAt: Date;
  registeredAt: string | null;
  cancelledAt: Date | null;
};

export type NewPanelInvitation = Pick<PanelInvitation, 'id' | 'applicantKey' | 'name' | 'email' | 'lang' | 'secretHash'>;

export type PanelSummary = { text: string; file: { name: string; type: string; base64: string } | null };

export interface CustomerPanelStore {
  /**
   * The aanvragen in `scope` of one combi area submitted since `since` (an instant), with their
   * applicant, and the scale answers the dashboard reads to their surveys.
   */
  applicants(scope: Scope, combi: string, since: string): Promise<{ aanvragen: ApplicantAanvraag[]; answers: ApplicantAnswer[] }>;
  create(panel: NewCustomerPanel): Promise<CustomerPanel>;
  /** Every panel, the next first; who sees which is the core's (domain/staff.ts inScope). */
  list(): Promise<CustomerPanel[]>;
  panel(id: number): Promise<CustomerPanel | undefined>;
  /** The panel's invitees in the order invited. */
  invitations(panelId: number): Promise<PanelInvitation[]>;
  /**
   * Records the invitations with their mail, in one transaction; an applicant the panel already
   * invited is left as it was (no second mail). Returns how many were added.
   */
  invite(
    panelId: number,
    invitees: readonly { invitation: NewPanelInvitation; mail: NewOutboxMail }[],
    at: Date,
  ): Promise<number>;
  invitation(id: string): Promise<PanelInvitation | undefined>;
  /** Registers an invitee by domain/klantenpanels.ts registrationOutcome, with the capacity counted in the same transaction. */
  register(invitationId: string, at: Date): Promise<RegistrationOutcome | undefined>;
  /**
   * Cancels an invitee's registration; when they had a place, the first on the waiting list gets it
   * and `mailFor` its mail, in the same transaction. False when there was nothing to cancel.
   */
  cancel(
    invitationId: string,
    at: Date,
    mailFor: (promoted: PanelInvitation) => NewOutboxMail,
  ): Promise<{ cancelled: boolean; promoted?: PanelInvitation }>;
  /** Marks the pre-panel questionnaire sent and writes its mails, once per panel (false the second time). */
  questionnaireSent(panelId: number, mails: readonly NewOutboxMail[], at: Date): Promise<boolean>;
  /** Records (or replaces) the summary shared with the participants. */
  shareSummary(panelId: number, summary: PanelSummary, at: Date): Promise<void>;
  /** The completed answers to the panel's questionnaire, one record per respondent (survey-schema.ts PANEL_SURVEY). */
  questionnaireAnswers(panelId: number): Promise<Record<string, AnswerValue>[]>;
  /** The summary's file, when there is one. */
  summaryFile(panelId: number): Promise<{ name: string; type: string; base64: string } | undefined>;
}
