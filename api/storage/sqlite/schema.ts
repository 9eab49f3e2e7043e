/**
 * The SQLite schema. The message log is the source of truth; `requests.state` is the folded
 * state of each aanvraag (the read model the status API serves in one look-up), and the other
 * tables are its queryable projection for dashboards. See docs/decisions/0003-message-log.md.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => text().notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`);

export const organisations = sqliteTable('organisations', {
  id: integer().primaryKey({ autoIncrement: true }),
  code: text().notNull().unique(),
  name: text().notNull(),
  /** netbeheerder, aannemer, combi (combi-organisatie) or platform. */
  kind: text({ enum: ['netbeheerder', 'aannemer', 'combi', 'platform'] }).notNull(),
  phone: text(),
  email: text(),
  createdAt: createdAt(),
});

export const combis = sqliteTable('combis', {
  id: integer().primaryKey({ autoIncrement: true }),
  code: text().notNull().unique(),
  name: text().notNull(),
  /** The area the combi covers, in words (e.g. "Noord-Brabant Oost"). */
  area: text().notNull(),
  /** Combis active in CAPO get automatic end surveys. */
  capoActive: integer({ mode: 'boolean' }).notNull().default(false),
  /** The combi-organisatie that coordinates this area. */
  organisationId: integer().references(() => organisations.id),
});

/** Which grid operators and contractors work in which combi. */
export const combiMembers = sqliteTable(
  'combi_members',
  {
    combiId: integer()
      .notNull()
      .references(() => combis.id),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [primaryKey({ columns: [t.combiId, t.organisationId] })],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    /** The first characters of the key, to recognise it in lists; never enough to use it. */
    prefix: text().notNull(),
    /** SHA-256 of the whole key, hex. The key itself is shown once and never stored. */
    hash: text().notNull().unique(),
    label: text().notNull(),
    createdAt: createdAt(),
    revokedAt: text(),
  },
  (t) => [index('api_keys_organisation').on(t.organisationId)],
);

/** The columns of `requests` that hold the applicant's person: written by ingestion, cleared by retention. */
export const REQUEST_PERSON_COLUMNS = [
  'applicantName',
  'applicantEmail',
  'applicantPhone',
  'street',
  'houseNumber',
  'houseNumberAddition',
  'postcode',
  'city',
  // A one-person business's KvK number is personal data (decision 0039).
  'applicantKvk',
] as const;

export const requests = sqliteTable(
  'requests',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    number: text().notNull().unique(),
    combiId: integer().references(() => combis.id),
    kind: text(),
    applicantName: text(),
    applicantEmail: text(),
    applicantPhone: text(),
    street: text(),
    houseNumber: text(),
    houseNumberAddition: text(),
    postcode: text(),
    city: text(),
    phase: text().notNull(),
    submittedAt: text(),
    deliveredAt: text(),
    /** The Dutch day the work starts or started, for the expected window (AanvraagRow.startsOn). */
    startsOn: text(),
    cancelledAt: text(),
    /** When the retention job removed its personal data (AVG); the statistics stay. */
    anonymisedAt: text(),
    lastOccurredAt: text(),
    updatedAt: text().notNull(),
    /** The business applicant's KvK number and project code (request_submitted), for its portfolio. */
    applicantKvk: text(),
    project: text(),
    /** The folded RequestState as JSON (domain/request-state.ts). */
    state: text({ mode: 'json' }).notNull(),
    /**
     * Where the last write of this row stands in commit order, for the change feed (GET
     * /api/v1/wijzigingen): every insert and update of the row sets it one above the highest so
     * far (api/storage/sqlite/change-feed.ts). SQLite has one writer, so this is commit order.
     */
    changePosition: integer().notNull().default(0),
  },
  (t) => [
    index('requests_combi').on(t.combiId, t.phase),
    index('requests_change_position').on(t.changePosition, t.number),
    index('requests_delivered').on(t.combiId, t.kind, t.deliveredAt),
    // Covering the comparable aanvragen (comparableRows, comparableChanges' first read) and the dashboard's shown windows (with
    // delivery and number): read from the index alone, not from rows that fill a page each with their
    // 12 KB state (a scan of them made ingestion 20 times slower, and took 450 ms of a dashboard view).
    index('requests_comparable').on(t.combiId, t.kind, t.submittedAt, t.cancelledAt, t.startsOn, t.deliveredAt, t.number),
    index('requests_postcode').on(t.postcode, t.houseNumber),
    index('requests_email').on(t.applicantEmail),
    index('requests_portfolio').on(t.applicantKvk, t.project),
  ],
);

/**
 * What the dashboard keeps per aanvraag (RequestFacts, domain/dashboard-metrics.ts), so a server's
 * first view after a start reads these small facts instead of folding every state again. Not
 * written by ingestion: a row names what it was computed from (`source`), and the dashboard
 * recomputes any row whose source no longer matches (api/storage/sqlite/dashboard.ts, decision 0013).
 */
export const dashboardFacts = sqliteTable(
  'dashboard_facts',
  {
    requestId: integer()
      .primaryKey()
      .references(() => requests.id, { onDelete: 'cascade' }),
    /** The content's fingerprint and the change position of the state the facts came from. */
    source: text().notNull(),
    /** Day number (domain/calendar.ts) of submission; null with `facts` before the aanvraag is submitted. */
    submitted: integer(),
    /** The facts as a compact JSON array (api/storage/dashboard-facts.ts). */
    facts: text(),
  },
  (t) => [index('dashboard_facts_submitted').on(t.submitted)],
);

export const workOrders = sqliteTable(
  'work_orders',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    externalId: text().notNull(),
    discipline: text({ enum: ['elektra', 'gas', 'water', 'telecom'] }).notNull(),
    gridOperatorId: integer()
      .notNull()
      .references(() => organisations.id),
    contractorId: integer().references(() => organisations.id),
    status: text().notNull(),
    quickscanAt: text(),
    quoteSentAt: text(),
    quoteDecision: text(),
    handedToCombiAt: text(),
    completedAt: text(),
    cancelledAt: text(),
  },
  (t) => [
    uniqueIndex('work_orders_request_external').on(t.requestId, t.externalId),
    index('work_orders_grid_operator').on(t.gridOperatorId),
    index('work_orders_contractor').on(t.contractorId),
    // Does this grid operator take part in this aanvraag (scope-sql.ts)? Without it SQLite answers
    // from work_orders_grid_operator, reading every opdracht of the operator for each aanvraag.
    index('work_orders_request_operator').on(t.requestId, t.gridOperatorId),
  ],
);

/** One row per planning field set by a message; history and "previous" follow from their order. */
export const planningChanges = sqliteTable(
  'planning_changes',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    messageSeq: integer()
      .notNull()
      .references(() => messages.seq),
    field: text({ enum: ['wishDate', 'provisionalWeek', 'confirmedStart', 'inspection'] }).notNull(),
    value: text().notNull(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    staffName: text(),
    at: text().notNull(),
    reason: text().notNull(),
  },
  (t) => [index('planning_changes_request').on(t.requestId, t.at)],
);

/** Every logged contact moment, in the KCP's standard form. */
export const contactMoments = sqliteTable(
  'contact_moments',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    messageSeq: integer()
      .notNull()
      .unique()
      .references(() => messages.seq),
    code: text().notNull(),
    channel: text().notNull(),
    at: text().notNull(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    staffName: text().notNull(),
    spokeWith: text().notNull(),
    subject: text().notNull(),
    summary: text().notNull(),
  },
  (t) => [index('contact_moments_request').on(t.requestId, t.at), index('contact_moments_code').on(t.code, t.at)],
);

/** Stagnation reported or lifted, with its cause. */
export const stagnationEvents = sqliteTable(
  'stagnation_events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    messageSeq: integer()
      .notNull()
      .unique()
      .references(() => messages.seq),
    event: text({ enum: ['reported', 'lifted'] }).notNull(),
    cause: text({ enum: ['klant', 'netbeheerder', 'derde'] }),
    reason: text(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    at: text().notNull(),
  },
  (t) => [index('stagnation_events_request').on(t.requestId, t.at)],
);

/** A message as received: the columns the log and the parked messages share. */
const asReceived = () => ({
  senderId: integer()
    .notNull()
    .references(() => organisations.id),
  messageId: text().notNull(),
  requestNumber: text().notNull(),
  type: text().notNull(),
  receivedAt: text().notNull(),
  /** SHA-256 of the canonical body: the same id with another body is a conflict. */
  bodyHash: text().notNull(),
  body: text({ mode: 'json' }).notNull(),
});

/** The append-only log of every accepted message: the source of truth. */
export const messages = sqliteTable(
  'messages',
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    ...asReceived(),
    occurredAt: text().notNull(),
  },
  (t) => [
    uniqueIndex('messages_sender_message').on(t.senderId, t.messageId),
    index('messages_request').on(t.requestNumber, t.occurredAt),
  ],
);

/**
 * Messages that arrived before their aanvraag (or about one the sender takes no part in), held
 * until request_submitted applies them or they expire (docs/decisions/0034-parked-messages.md).
 * The id is the order of receipt. A resolved row keeps its outcome for the sender's status
 * look-up, and its body hash for idempotency.
 */
export const parkedMessages = sqliteTable(
  'parked_messages',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    ...asReceived(),
    expiresAt: text().notNull(),
    /** When it was applied, refused or expired; null while it waits. */
    resolvedAt: text(),
    status: integer(),
    result: text({ enum: ['accepted', 'rejected', 'verlopen'] }),
    errors: text({ mode: 'json' }).$type<{ field?: string; message: string }[]>(),
  },
  (t) => [
    uniqueIndex('parked_messages_sender_message').on(t.senderId, t.messageId),
    index('parked_messages_request').on(t.requestNumber, t.id),
  ],
);

/**
 * The transactional outbox: a mail is written in the same transaction as the change that causes
 * it, and delivered afterwards by the worker with retries and an idempotency key.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Also the Idempotency-Key sent to the mail provider: one change, one mail, whatever the retries. */
    idempotencyKey: text().notNull().unique(),
    kind: text().notNull(),
    requestId: integer().references(() => requests.id),
    to: text().notNull(),
    subject: text().notNull(),
    /** The bodies hold personal links: they are cleared once the mail is delivered. */
    html: text(),
    text: text(),
    headers: text({ mode: 'json' }).$type<Record<string, string>>(),
    status: text({ enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: text().notNull(),
    lastError: text(),
    providerId: text(),
    createdAt: createdAt(),
    sentAt: text(),
    /**
     * How it leaves: a mail through the mail provider, an SMS (`text` is its body) through the SMS
     * provider, or a webhook delivery (`to` the endpoint's id, `subject` the event id, `kind` the
     * event type, `text` the JSON body, kept after delivery so it can be replayed).
     */
    channel: text({ enum: ['email', 'sms', 'webhook'] })
      .notNull()
      .default('email'),
    /**
     * The provider batch this mail was first sent in (its Idempotency-Key): until the provider
     * answers, the mail is sent again only in that batch, with the same mails and key, so a batch
     * accepted without an answer is not delivered twice (api/mail/outbox-worker.ts).
     */
    batchKey: text(),
  },
  // outbox_due_channel: each worker asks for its own channels (mail and SMS, or webhooks); without
  // it, the webhook worker's poll read every pending mail while a backlog of mails waited.
  (t) => [
    index('outbox_due').on(t.status, t.nextAttemptAt),
    index('outbox_due_channel').on(t.channel, t.status, t.nextAttemptAt),
    index('outbox_batch').on(t.batchKey),
  ],
);

/** Customer sessions (Lucia's guidance): the id is public, only the SHA-256 of the secret is kept. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    email: text().notNull(),
    createdAt: text().notNull(),
    expiresAt: text().notNull(),
  },
  (t) => [index('sessions_email').on(t.email)],
);

/** One-time sign-in codes sent by mail; stored hashed, a few attempts, short-lived. */
export const loginCodes = sqliteTable('login_codes', {
  id: text().primaryKey(),
  email: text().notNull(),
  codeHash: text().notNull(),
  expiresAt: text().notNull(),
  attempts: integer().notNull().default(0),
  usedAt: text(),
});

/** Personal links in mails: scoped to one aanvraag and one address, expiring, single use. */
export const accessLinks = sqliteTable('access_links', {
  id: text().primaryKey(),
  secretHash: text().notNull(),
  requestId: integer()
    .notNull()
    .references(() => requests.id),
  email: text().notNull(),
  purpose: text({ enum: ['volgen', 'afmelden'] }).notNull(),
  expiresAt: text().notNull(),
  usedAt: text(),
});

/** Access to an aanvraag for someone acting for the customer (an installer, a house builder). */
export const accessGrants = sqliteTable(
  'access_grants',
  {
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    email: text().notNull(),
    grantedBy: text().notNull(),
    createdAt: text().notNull(),
    revokedAt: text(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.email] }), index('access_grants_email').on(t.email)],
);

/** What the customer wants to hear about: every change, planning changes only, or nothing. */
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    email: text().notNull(),
    mode: text({ enum: ['alles', 'planning', 'niets'] }).notNull(),
    updatedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.email] })],
);

/**
 * Personal calendar feeds (webcal): one address's subscription to the appointments of one
 * aanvraag. The token is "id.secret"; only the SHA-256 of the secret is kept. Revoking sets
 * `revokedAt`; a new feed for the same address and aanvraag revokes the one before.
 */
export const calendarFeeds = sqliteTable(
  'calendar_feeds',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    email: text().notNull(),
    createdAt: text().notNull(),
    revokedAt: text(),
  },
  (t) => [index('calendar_feeds_request_email').on(t.requestId, t.email)],
);

/**
 * Applicant organisations (domain/applicant-organisations.ts): a business applicant known by its
 * KvK number, with the e-mail domain its first member proved with a mail code.
 */
export const applicantOrganisations = sqliteTable('applicant_organisations', {
  kvk: text().primaryKey(),
  domain: text().notNull(),
  createdAt: text().notNull(),
});

/** The members of an applicant organisation: addresses of its domain; the admin manages them. */
export const organisationMembers = sqliteTable(
  'organisation_members',
  {
    kvk: text()
      .notNull()
      .references(() => applicantOrganisations.kvk),
    email: text().notNull(),
    role: text({ enum: ['beheerder', 'lid'] }).notNull(),
    addedBy: text().notNull(),
    addedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.kvk, t.email] }), index('organisation_members_email').on(t.email)],
);

/** A delegate (a site supervisor) of one project of an applicant organisation: sees that project only. */
export const projectDelegates = sqliteTable(
  'project_delegates',
  {
    kvk: text()
      .notNull()
      .references(() => applicantOrganisations.kvk),
    project: text().notNull(),
    email: text().notNull(),
    addedBy: text().notNull(),
    addedAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.kvk, t.project, t.email] }), index('project_delegates_email').on(t.email)],
);

/**
 * A member's calendar feed (webcal) of all firm dates of the organisation's portfolio; as
 * calendar_feeds, only the SHA-256 of the secret is kept and revoking sets `revokedAt`.
 */
export const portfolioCalendarFeeds = sqliteTable(
  'portfolio_calendar_feeds',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    kvk: text()
      .notNull()
      .references(() => applicantOrganisations.kvk),
    email: text().notNull(),
    createdAt: text().notNull(),
    revokedAt: text(),
  },
  (t) => [index('portfolio_calendar_feeds_kvk_email').on(t.kvk, t.email)],
);

/** Mail codes that prove an address of the domain an organisation registers with; hashed, short-lived. */
export const organisationCodes = sqliteTable('organisation_codes', {
  id: text().primaryKey(),
  kvk: text().notNull(),
  domain: text().notNull(),
  email: text().notNull(),
  codeHash: text().notNull(),
  expiresAt: text().notNull(),
  attempts: integer().notNull().default(0),
  usedAt: text(),
});

/**
 * The language a customer reads, per e-mail address: chosen on the portal (signing in from the
 * English pages, or the mails' language choice) and kept for every mail to that address.
 */
export const customerLanguages = sqliteTable('customer_languages', {
  email: text().primaryKey(),
  language: text({ enum: ['nl', 'en'] }).notNull(),
  updatedAt: text().notNull(),
});

/**
 * Survey responses (widgets, survey links): one row per filled-in survey. The id is chosen by the
 * client, so a retried request lands on the same row; `triggerKey` (survey, aanvraag, aanleiding)
 * keeps a pop-up to one response per trigger, and an invitation gets at most one response.
 */
export const surveyResponses = sqliteTable(
  'survey_responses',
  {
    id: text().primaryKey(),
    /** The measurement (content/enquetes/<survey>.yaml). */
    survey: text().notNull(),
    requestNumber: text(),
    /** What started it (an `aanleidingen` id of the survey). */
    trigger: text(),
    /** "survey|aanvraag|aanleiding" where one response per trigger is the rule (pop-ups); else null. */
    triggerKey: text().unique(),
    /** The invitation it answers (eindmeting, helpdesk), when it came by a personal link. */
    invitationId: text().unique(),
    /** The page the feedback button was pressed on (path only). */
    page: text(),
    createdAt: text().notNull(),
    updatedAt: text().notNull(),
    completedAt: text(),
  },
  (t) => [index('survey_responses_request').on(t.requestNumber), index('survey_responses_created').on(t.survey, t.createdAt)],
);

/** One answer per question of a response, overwritten when the customer changes it. Free text as given. */
export const surveyAnswers = sqliteTable(
  'survey_answers',
  {
    responseId: text()
      .notNull()
      .references(() => surveyResponses.id),
    question: text().notNull(),
    /** A number (scale), an option id, a list of option ids, or text. */
    value: text({ mode: 'json' }).notNull().$type<number | string | string[]>(),
    answeredAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.question] })],
);

/**
 * End-survey invitations (eindmeting), one per aanvraag: sent, or skipped with the reason. The
 * id is the public part of the personal link; only the SHA-256 of its secret is kept.
 */
export const endSurveyInvitations = sqliteTable(
  'end_survey_invitations',
  {
    id: text().primaryKey(),
    requestId: integer()
      .notNull()
      .unique()
      .references(() => requests.id),
    email: text().notNull(),
    /** The contractor named in the invitation: who sent the TG messages. */
    contractorId: integer().references(() => organisations.id),
    trigger: text({ enum: ['capo', 'csv'] }).notNull(),
    status: text({ enum: ['uitgenodigd', 'overgeslagen'] }).notNull(),
    skipReason: text(),
    secretHash: text(),
    createdAt: text().notNull(),
    expiresAt: text(),
    usedAt: text(),
    /**
     * The Dutch calendar date of the oplevering the decision was about (YYYY-MM-DD): the 90-day
     * rule counts from it. Null on rows decided before it was kept (their created_at counts).
     */
    deliveredOn: text(),
  },
  (t) => [index('end_survey_invitations_email').on(t.email, t.status, t.createdAt)],
);

/**
 * Per aanvraag whose expected window is fixed (a firm start date was set, or it was delivered
 * without one), the window its customer last saw: what the window's calibration measures against
 * the aanvraag's start day (requests.starts_on; domain/window-calibration.ts,
 * docs/decisions/0037-window-calibration.md). Written once, in the transaction that fixes it;
 * from_date, to_date and stated_out_of_10 are null when no window was shown.
 */
export const shownWindows = sqliteTable('shown_windows', {
  requestId: integer()
    .primaryKey()
    .references(() => requests.id),
  /** When the window was last shown: the first firm start date was set, else the delivery. */
  shownAt: text().notNull(),
  fromDate: text(),
  toDate: text(),
  statedOutOfTen: integer(),
  /** How many comparable aanvragen (started or not) the window was built from. */
  comparable: integer().notNull(),
});

/**
 * Contacts logged by the helpdesk (interactiemeting helpdesk), each with the route its survey
 * invitation took (domain/helpdesk-routing.ts) or, for route 'geen', the reason there is none.
 * The id chosen by the sender is unique per organisation, so a retried request changes nothing.
 * `id` is the public part of the personal survey link; only the SHA-256 of its secret is kept.
 */
export const helpdeskContacts = sqliteTable(
  'helpdesk_contacts',
  {
    id: text().primaryKey(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    contactId: text().notNull(),
    /** SHA-256 of the canonical body: the same id with another body is a conflict. */
    bodyHash: text().notNull(),
    occurredAt: text().notNull(),
    requestNumber: text(),
    account: text(),
    phone: text(),
    route: text({ enum: ['aanvraag', 'account', 'telefoon', 'geen'] }).notNull(),
    channel: text({ enum: ['email', 'sms'] }),
    /** The e-mail address or the E.164 mobile number the invitation went to. */
    recipient: text(),
    reason: text(),
    secretHash: text(),
    createdAt: text().notNull(),
    expiresAt: text(),
    usedAt: text(),
  },
  (t) => [
    uniqueIndex('helpdesk_contacts_sender_contact').on(t.organisationId, t.contactId),
    index('helpdesk_contacts_occurred').on(t.occurredAt),
    index('helpdesk_contacts_request').on(t.requestNumber),
  ],
);

/** "Bel mij terug" after a clearly negative survey answer: a task for the organisation responsible. */
export const callbackRequests = sqliteTable(
  'callback_requests',
  {
    id: text().primaryKey(),
    /** The survey invitation it came from: one call-back request per answered survey. */
    invitationId: text().notNull().unique(),
    survey: text().notNull(),
    requestNumber: text(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    phone: text(),
    note: text(),
    createdAt: text().notNull(),
    /** When it was closed: by logging the call (contactMessageId) or with a reason (domain/callback.ts). */
    doneAt: text(),
    /** "Ik bel": the planner who claimed it, so colleagues do not call twice. */
    claimedBy: integer().references(() => staffMembers.id),
    claimedAt: text(),
    closedBy: integer().references(() => staffMembers.id),
    closeReason: text(),
    closeNote: text(),
    /** Tries before "klant niet bereikbaar". */
    closeAttempts: integer(),
    /** The contact moment (message id) that logged the call. */
    contactMessageId: text(),
  },
  (t) => [index('callback_requests_organisation').on(t.organisationId, t.doneAt)],
);

/**
 * The status the API returns, serialised by the first look-up after a change, with the last Dutch
 * date on which it is still right (the day after a due date, a step turns overdue). A row of its
 * own, so a look-up reads these bytes without walking the state's overflow pages. Ingestion
 * deletes the row of every aanvraag it changes.
 */
/**
 * When each scheduled job (retention) last started, so that of several server processes only one
 * runs it per period: a process claims a run by moving `started_at` forward, which succeeds for
 * one of them only.
 */
export const scheduledRuns = sqliteTable('scheduled_runs', {
  job: text().primaryKey(),
  startedAt: text().notNull(),
});

/**
 * What an organisation's admin set for its planners' alerts (domain/alert-settings.ts): the
 * working days before a firm date that make it "planning in gevaar", and the days without a
 * message that make an aanvraag "zonder update". No row: the defaults.
 */
export const alertSettings = sqliteTable('alert_settings', {
  organisationId: integer()
    .primaryKey()
    .references(() => organisations.id),
  riskDays: integer().notNull(),
  quietDays: integer().notNull(),
  updatedAt: text().notNull(),
  updatedBy: integer().references(() => staffMembers.id),
});

/** Staff members who asked not to get the daily digest mail (api/core/daily-digest.ts); everyone else gets it. */
export const digestOptOuts = sqliteTable('digest_opt_outs', {
  staffId: integer()
    .primaryKey()
    .references(() => staffMembers.id),
  at: text().notNull(),
});

/**
 * Rate-limit counts, shared by every server process: one row per limited key (a SHA-256 of the
 * limit's name and its key, never the address or account itself) with the end of its window.
 */
export const rateLimits = sqliteTable('rate_limits', {
  bucket: text().primaryKey(),
  windowEnds: text().notNull(),
  hits: integer().notNull(),
});

/**
 * The norms each version of the content was served with: a server process records its own at
 * start (the status version of its content, the working days per step, when it last started),
 * so that `npm run normwijziging` and /beheer/normwijziging know the norms the running portal
 * uses without asking it (docs/decisions/0035-norm-impact.md).
 */
export const normsInUse = sqliteTable('norms_in_use', {
  version: text().primaryKey(),
  /** JSON: the working days per step id, for the steps that have a norm ({"intake": 10, …}). */
  norms: text().notNull(),
  startedAt: text().notNull(),
});

export const requestStatuses = sqliteTable('request_statuses', {
  number: text().primaryKey(),
  combiId: integer(),
  /** The grid operators of its opdrachten, ",a,b,": who takes part, without reading the state. */
  gridOperators: text().notNull(),
  json: text().notNull(),
  /** The strong ETag of `json` (a hash of its bytes): a conditional look-up compares it without reading `json`. */
  etag: text().notNull(),
  validUntil: text().notNull(),
  /** The content and code it was computed with (domain/status-version.ts): another one is recomputed. */
  version: text().notNull().default(''),
});

/**
 * Staff of an organisation. A role says what they may do: `viewer` sees the organisation's
 * aanvragen and dashboards, `planner` also logs contact moments, planning and stagnation,
 * `admin` also manages the organisation's staff and API keys.
 */
export const staffMembers = sqliteTable(
  'staff_members',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    email: text().notNull().unique(),
    name: text().notNull(),
    role: text({ enum: ['viewer', 'planner', 'admin'] }).notNull(),
    /** The TOTP key, encrypted with the server's secret (AES-256-GCM); null until enrolled. */
    totpKey: text(),
    /** The 30-second step of the last TOTP code accepted: a code is good once. */
    totpLastStep: integer(),
    createdAt: createdAt(),
    disabledAt: text(),
  },
  (t) => [index('staff_members_organisation').on(t.organisationId)],
);

/**
 * One-use recovery codes for a member's second factor, for when the authenticator app is lost:
 * only their SHA-256 is kept. Made anew at each enrolment; gone when the second factor is reset.
 */
export const staffRecoveryCodes = sqliteTable(
  'staff_recovery_codes',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    staffId: integer()
      .notNull()
      .references(() => staffMembers.id),
    codeHash: text().notNull(),
    usedAt: text(),
  },
  (t) => [index('staff_recovery_codes_staff').on(t.staffId)],
);

/** Staff sessions (Lucia's guidance, with its two-factor flag): only the secret's SHA-256 is kept. */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    staffId: integer()
      .notNull()
      .references(() => staffMembers.id),
    twoFactorVerified: integer({ mode: 'boolean' }).notNull().default(false),
    createdAt: text().notNull(),
    expiresAt: text().notNull(),
  },
  (t) => [index('staff_sessions_staff').on(t.staffId)],
);

/** The first factor of a staff sign-in: a code by mail, stored hashed, short-lived, a few attempts. */
export const staffLoginCodes = sqliteTable('staff_login_codes', {
  id: text().primaryKey(),
  staffId: integer()
    .notNull()
    .references(() => staffMembers.id),
  codeHash: text().notNull(),
  expiresAt: text().notNull(),
  attempts: integer().notNull().default(0),
  usedAt: text(),
});

/**
 * An organisation's webhook endpoints (docs/decisions/0033-webhooks.md): the URL, the events it
 * wants, and its signing secret encrypted with the server's secret. After a rotation the previous
 * secret signs too, until `previousSecretUntil`. `failingSince`: the first failed attempt since the
 * last success; an endpoint failing too long is disabled.
 */
export const webhookEndpoints = sqliteTable(
  'webhook_endpoints',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    url: text().notNull(),
    events: text({ mode: 'json' }).notNull().$type<string[]>(),
    secret: text().notNull(),
    previousSecret: text(),
    previousSecretUntil: text(),
    createdAt: createdAt(),
    failingSince: text(),
    disabledAt: text(),
    disabledReason: text(),
  },
  (t) => [index('webhook_endpoints_organisation').on(t.organisationId)],
);

/**
 * Each attempt to deliver a webhook (an outbox row of channel `webhook`) and what the endpoint
 * answered: its status code and the first few hundred characters of its body, or the error.
 */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    endpointId: integer()
      .notNull()
      .references(() => webhookEndpoints.id),
    outboxId: integer().notNull(),
    at: text().notNull(),
    statusCode: integer(),
    answer: text(),
    error: text(),
  },
  (t) => [index('webhook_attempts_outbox').on(t.outboxId), index('webhook_attempts_endpoint').on(t.endpointId)],
);

/**
 * Quality samples (docs/decisions/0040-steekproeven.md): the contact moments an organisation drew
 * for a period with a seed, to review against the standard. The period is Dutch dates, both included.
 */
export const qualitySamples = sqliteTable(
  'quality_samples',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    fromDate: text().notNull(),
    toDate: text().notNull(),
    size: integer().notNull(),
    seed: text().notNull(),
    drawnBy: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('quality_samples_organisation').on(t.organisationId)],
);

/** One drawn contact moment of a sample and the reviewer's verdict (null until reviewed). */
export const qualitySampleItems = sqliteTable(
  'quality_sample_items',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    sampleId: integer()
      .notNull()
      .references(() => qualitySamples.id),
    contactMomentId: integer()
      .notNull()
      .references(() => contactMoments.id),
    position: integer().notNull(),
    verdict: text({ enum: ['voldoet', 'voldoet-niet'] }),
    failed: text({ mode: 'json' }).$type<string[]>(),
    note: text(),
    reviewedBy: text(),
    reviewedAt: text(),
  },
  (t) => [uniqueIndex('quality_sample_items_moment').on(t.sampleId, t.contactMomentId)],
);

/**
 * Klantenpanels (issue 16.2, domain/klantenpanels.ts): a panel of one combi area, planned by its
 * combi-organisatie or the platform. The summary shared afterwards is text and one file (base64,
 * size- and type-limited by the form), shown behind each participant's personal link.
 */
export const customerPanels = sqliteTable(
  'customer_panels',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    combiId: integer()
      .notNull()
      .references(() => combis.id),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    title: text().notNull(),
    /** The start, an instant; the Dutch day and time are what the forms show. */
    startsAt: text().notNull(),
    place: text().notNull(),
    capacity: integer().notNull(),
    /** The last Dutch day to register, included. */
    deadline: text().notNull(),
    partners: text({ mode: 'json' }).notNull().$type<string[]>(),
    createdBy: text().notNull(),
    createdAt: createdAt(),
    questionnaireSentAt: text(),
    summaryText: text(),
    summaryFileName: text(),
    summaryFileType: text(),
    summaryFile: text(),
    summarySharedAt: text(),
  },
  (t) => [index('customer_panels_combi').on(t.combiId)],
);

/**
 * One invited applicant of a panel: the id is the public part of the personal link, only the
 * SHA-256 of its secret is kept. `registeredAt` orders the waiting list.
 */
export const panelInvitations = sqliteTable(
  'panel_invitations',
  {
    id: text().primaryKey(),
    panelId: integer()
      .notNull()
      .references(() => customerPanels.id),
    /** `kvk:<number>` or `email:<address>` (domain/klantenpanels.ts applicantKey). */
    applicantKey: text().notNull(),
    name: text().notNull(),
    email: text().notNull(),
    lang: text({ enum: ['nl', 'en'] }).notNull(),
    secretHash: text().notNull(),
    state: text({ enum: ['uitgenodigd', 'aangemeld', 'wachtlijst', 'afgemeld'] }).notNull(),
    invitedAt: text().notNull(),
    registeredAt: text(),
    cancelledAt: text(),
  },
  (t) => [uniqueIndex('panel_invitations_applicant').on(t.panelId, t.applicantKey)],
);
