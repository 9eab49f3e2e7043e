/**
 * The PostgreSQL schema: the same tables, columns, keys and indexes as the SQLite schema
 * (api/storage/sqlite/schema.ts), in PostgreSQL's own types — timestamps with time zone, dates, booleans,
 * jsonb, identity columns. Drizzle has no dialect-neutral schema, so this is the second
 * definition; `schema-parity.test.ts` fails when the two drift apart (decision 0024).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * A moment in time: `timestamp with time zone` in the database, an ISO 8601 string in UTC
 * ("2026-12-06T18:33:00.208Z") in code, exactly as SQLite's text columns hold it, so the storage
 * modules of both databases read and write the same values.
 */
const isoTimestamp = customType<{ data: string; driverData: string }>({
  dataType: () => 'timestamp with time zone',
  fromDriver: (value) => new Date(value).toISOString(),
});
const at = () => isoTimestamp();

/** A 64-bit transaction id (`xid8`), as its decimal text: beyond JavaScript's safe integers. */
const transactionId = customType<{ data: string; driverData: string }>({
  dataType: () => 'xid8',
});
const createdAt = () => at().notNull().default(sql`now()`);
const PLANNING_FIELDS = ['wishDate', 'provisionalWeek', 'confirmedStart', 'inspection'] as const;
const id = () => integer().primaryKey().generatedByDefaultAsIdentity();

export const organisations = pgTable('organisations', {
  id: id(),
  code: text().notNull().unique(),
  name: text().notNull(),
  /** netbeheerder, aannemer, combi (combi-organisatie) or platform. */
  kind: text({ enum: ['netbeheerder', 'aannemer', 'combi', 'platform'] }).notNull(),
  phone: text(),
  email: text(),
  createdAt: createdAt(),
});

export const combis = pgTable('combis', {
  id: id(),
  code: text().notNull().unique(),
  name: text().notNull(),
  area: text().notNull(),
  capoActive: boolean().notNull().default(false),
  organisationId: integer().references(() => organisations.id),
});

export const combiMembers = pgTable(
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

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    prefix: text().notNull(),
    /** SHA-256 of the whole key, hex. The key itself is shown once and never stored. */
    hash: text().notNull().unique(),
    label: text().notNull(),
    createdAt: createdAt(),
    revokedAt: at(),
  },
  (t) => [index('api_keys_organisation').on(t.organisationId)],
);

export const requests = pgTable(
  'requests',
  {
    id: id(),
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
    submittedAt: at(),
    deliveredAt: at(),
    /** The Dutch day the work starts or started, for the expected window (AanvraagRow.startsOn). */
    startsOn: date({ mode: 'string' }),
    cancelledAt: at(),
    anonymisedAt: at(),
    lastOccurredAt: at(),
    updatedAt: at().notNull(),
    /** The business applicant's KvK number and project code (request_submitted), for its portfolio. */
    applicantKvk: text(),
    project: text(),
    /** The folded RequestState (domain/request-state.ts). */
    state: jsonb().notNull(),
    /**
     * The transaction that last wrote this row (pg_current_xact_id(), on every insert and update;
     * api/storage/postgres/change-feed.ts), for the change feed: read only below the oldest
     * transaction still running, so no row can later appear behind a cursor (see change-feed.ts).
     */
    changePosition: transactionId().notNull().default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index('requests_combi').on(t.combiId, t.phase),
    index('requests_change_position').on(t.changePosition, t.number),
    index('requests_delivered').on(t.combiId, t.kind, t.deliveredAt),
    // Covering the comparable aanvragen (comparableRows, comparableChanges' first read) and the dashboard's shown windows, as in
    // SQLite (where a scan of the rows, 12 KB state each, made ingestion 20 times slower).
    index('requests_comparable').on(t.combiId, t.kind, t.submittedAt, t.cancelledAt, t.startsOn, t.deliveredAt, t.number),
    index('requests_postcode').on(t.postcode, t.houseNumber),
    index('requests_email').on(t.applicantEmail),
    index('requests_portfolio').on(t.applicantKvk, t.project),
  ],
);

/**
 * What the dashboard keeps per aanvraag (RequestFacts, domain/dashboard-metrics.ts), so a server's
 * first view reads these small facts instead of folding every state again. Not written by
 * ingestion: a row names what it was computed from (`source`), and the dashboard recomputes any
 * row whose source no longer matches (api/storage/postgres/dashboard.ts, decision 0013).
 */
export const dashboardFacts = pgTable(
  'dashboard_facts',
  {
    requestId: integer()
      .primaryKey()
      .references(() => requests.id, { onDelete: 'cascade' }),
    /** The content's fingerprint and the row version (xmin) of the state the facts came from. */
    source: text().notNull(),
    /** Day number (domain/calendar.ts) of submission; null with `facts` before the aanvraag is submitted. */
    submitted: integer(),
    /**
     * The facts as a compact JSON array (api/storage/dashboard-facts.ts): a view reads those of
     * 100,000 aanvragen at once, which as jsonb objects was 770 bytes and one decoding per aanvraag.
     * Text, so the server joins them into one JSON array without converting each.
     */
    facts: text(),
  },
  (t) => [index('dashboard_facts_submitted').on(t.submitted)],
);

export const workOrders = pgTable(
  'work_orders',
  {
    id: id(),
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
    quickscanAt: at(),
    quoteSentAt: at(),
    quoteDecision: text(),
    handedToCombiAt: at(),
    completedAt: at(),
    cancelledAt: at(),
  },
  (t) => [
    uniqueIndex('work_orders_request_external').on(t.requestId, t.externalId),
    index('work_orders_grid_operator').on(t.gridOperatorId),
    index('work_orders_contractor').on(t.contractorId),
    index('work_orders_request_operator').on(t.requestId, t.gridOperatorId),
  ],
);

/** A message as received: the columns the log and the parked messages share. */
const asReceived = () => ({
  senderId: integer()
    .notNull()
    .references(() => organisations.id),
  messageId: text().notNull(),
  requestNumber: text().notNull(),
  type: text().notNull(),
  receivedAt: at().notNull(),
  /** SHA-256 of the canonical body: the same id with another body is a conflict. */
  bodyHash: text().notNull(),
  /** As sent, with the sender's own time zone in `occurredAt`. */
  body: jsonb().notNull(),
});

/** The append-only log of every accepted message: the source of truth. */
export const messages = pgTable(
  'messages',
  {
    seq: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    ...asReceived(),
    occurredAt: at().notNull(),
  },
  (t) => [
    uniqueIndex('messages_sender_message').on(t.senderId, t.messageId),
    index('messages_request').on(t.requestNumber, t.occurredAt),
  ],
);

/** Messages held until their aanvraag arrives; see api/storage/sqlite/schema.ts. */
export const parkedMessages = pgTable(
  'parked_messages',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    ...asReceived(),
    expiresAt: at().notNull(),
    resolvedAt: at(),
    status: integer(),
    result: text({ enum: ['accepted', 'rejected', 'verlopen'] }),
    errors: jsonb().$type<{ field?: string; message: string }[]>(),
  },
  (t) => [
    uniqueIndex('parked_messages_sender_message').on(t.senderId, t.messageId),
    index('parked_messages_request').on(t.requestNumber, t.id),
  ],
);

export const planningChanges = pgTable(
  'planning_changes',
  {
    id: id(),
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    messageSeq: bigint({ mode: 'number' })
      .notNull()
      .references(() => messages.seq),
    field: text({ enum: PLANNING_FIELDS }).notNull(),
    value: text().notNull(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    staffName: text(),
    at: at().notNull(),
    reason: text().notNull(),
  },
  (t) => [index('planning_changes_request').on(t.requestId, t.at)],
);

export const contactMoments = pgTable(
  'contact_moments',
  {
    id: id(),
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    messageSeq: bigint({ mode: 'number' })
      .notNull()
      .unique()
      .references(() => messages.seq),
    code: text().notNull(),
    channel: text().notNull(),
    at: at().notNull(),
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

export const stagnationEvents = pgTable(
  'stagnation_events',
  {
    id: id(),
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    messageSeq: bigint({ mode: 'number' })
      .notNull()
      .unique()
      .references(() => messages.seq),
    event: text({ enum: ['reported', 'lifted'] }).notNull(),
    cause: text({ enum: ['klant', 'netbeheerder', 'derde'] }),
    reason: text(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    at: at().notNull(),
  },
  (t) => [index('stagnation_events_request').on(t.requestId, t.at)],
);

/** The transactional outbox; on PostgreSQL rows are claimed with FOR UPDATE SKIP LOCKED. */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    idempotencyKey: text().notNull().unique(),
    kind: text().notNull(),
    requestId: integer().references(() => requests.id),
    to: text().notNull(),
    subject: text().notNull(),
    html: text(),
    text: text(),
    headers: jsonb().$type<Record<string, string>>(),
    status: text({ enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: at().notNull(),
    lastError: text(),
    providerId: text(),
    createdAt: createdAt(),
    sentAt: at(),
    channel: text({ enum: ['email', 'sms', 'webhook'] })
      .notNull()
      .default('email'),
    /** The provider batch this mail was first sent in (see the SQLite schema). */
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

export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    email: text().notNull(),
    createdAt: at().notNull(),
    expiresAt: at().notNull(),
  },
  (t) => [index('sessions_email').on(t.email)],
);

export const loginCodes = pgTable('login_codes', {
  id: text().primaryKey(),
  email: text().notNull(),
  codeHash: text().notNull(),
  expiresAt: at().notNull(),
  attempts: integer().notNull().default(0),
  usedAt: at(),
});

export const accessLinks = pgTable('access_links', {
  id: text().primaryKey(),
  secretHash: text().notNull(),
  requestId: integer()
    .notNull()
    .references(() => requests.id),
  email: text().notNull(),
  purpose: text({ enum: ['volgen', 'afmelden'] }).notNull(),
  expiresAt: at().notNull(),
  usedAt: at(),
});

export const accessGrants = pgTable(
  'access_grants',
  {
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    email: text().notNull(),
    grantedBy: text().notNull(),
    createdAt: at().notNull(),
    revokedAt: at(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.email] }), index('access_grants_email').on(t.email)],
);

export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    email: text().notNull(),
    mode: text({ enum: ['alles', 'planning', 'niets'] }).notNull(),
    updatedAt: at().notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.email] })],
);

/**
 * Personal calendar feeds (webcal): one address's subscription to the appointments of one
 * aanvraag. The token is "id.secret"; only the SHA-256 of the secret is kept. Revoking sets
 * `revokedAt`; a new feed for the same address and aanvraag revokes the one before.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    requestId: integer()
      .notNull()
      .references(() => requests.id),
    email: text().notNull(),
    createdAt: at().notNull(),
    revokedAt: at(),
  },
  (t) => [index('calendar_feeds_request_email').on(t.requestId, t.email)],
);

/** Applicant organisations (api/storage/sqlite/schema.ts). */
export const applicantOrganisations = pgTable('applicant_organisations', {
  kvk: text().primaryKey(),
  domain: text().notNull(),
  createdAt: at().notNull(),
});

export const organisationMembers = pgTable(
  'organisation_members',
  {
    kvk: text()
      .notNull()
      .references(() => applicantOrganisations.kvk),
    email: text().notNull(),
    role: text({ enum: ['beheerder', 'lid'] }).notNull(),
    addedBy: text().notNull(),
    addedAt: at().notNull(),
  },
  (t) => [primaryKey({ columns: [t.kvk, t.email] }), index('organisation_members_email').on(t.email)],
);

export const projectDelegates = pgTable(
  'project_delegates',
  {
    kvk: text()
      .notNull()
      .references(() => applicantOrganisations.kvk),
    project: text().notNull(),
    email: text().notNull(),
    addedBy: text().notNull(),
    addedAt: at().notNull(),
  },
  (t) => [primaryKey({ columns: [t.kvk, t.project, t.email] }), index('project_delegates_email').on(t.email)],
);

export const portfolioCalendarFeeds = pgTable(
  'portfolio_calendar_feeds',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    kvk: text()
      .notNull()
      .references(() => applicantOrganisations.kvk),
    email: text().notNull(),
    createdAt: at().notNull(),
    revokedAt: at(),
  },
  (t) => [index('portfolio_calendar_feeds_kvk_email').on(t.kvk, t.email)],
);

export const organisationCodes = pgTable('organisation_codes', {
  id: text().primaryKey(),
  kvk: text().notNull(),
  domain: text().notNull(),
  email: text().notNull(),
  codeHash: text().notNull(),
  expiresAt: at().notNull(),
  attempts: integer().notNull().default(0),
  usedAt: at(),
});

export const customerLanguages = pgTable('customer_languages', {
  email: text().primaryKey(),
  language: text({ enum: ['nl', 'en'] }).notNull(),
  updatedAt: at().notNull(),
});

export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: text().primaryKey(),
    survey: text().notNull(),
    requestNumber: text(),
    trigger: text(),
    triggerKey: text().unique(),
    invitationId: text().unique(),
    page: text(),
    createdAt: at().notNull(),
    updatedAt: at().notNull(),
    completedAt: at(),
  },
  (t) => [index('survey_responses_request').on(t.requestNumber), index('survey_responses_created').on(t.survey, t.createdAt)],
);

export const surveyAnswers = pgTable(
  'survey_answers',
  {
    responseId: text()
      .notNull()
      .references(() => surveyResponses.id),
    question: text().notNull(),
    value: jsonb().notNull().$type<number | string | string[]>(),
    answeredAt: at().notNull(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.question] })],
);

export const endSurveyInvitations = pgTable(
  'end_survey_invitations',
  {
    id: text().primaryKey(),
    requestId: integer()
      .notNull()
      .unique()
      .references(() => requests.id),
    email: text().notNull(),
    contractorId: integer().references(() => organisations.id),
    trigger: text({ enum: ['capo', 'csv'] }).notNull(),
    status: text({ enum: ['uitgenodigd', 'overgeslagen'] }).notNull(),
    skipReason: text(),
    secretHash: text(),
    createdAt: at().notNull(),
    expiresAt: at(),
    usedAt: at(),
    /** The Dutch calendar date of the oplevering decided on: the 90-day rule counts from it. */
    deliveredOn: date({ mode: 'string' }),
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
export const shownWindows = pgTable('shown_windows', {
  requestId: integer()
    .primaryKey()
    .references(() => requests.id),
  shownAt: at().notNull(),
  fromDate: date({ mode: 'string' }),
  toDate: date({ mode: 'string' }),
  statedOutOfTen: integer(),
  comparable: integer().notNull(),
});

export const helpdeskContacts = pgTable(
  'helpdesk_contacts',
  {
    id: text().primaryKey(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    contactId: text().notNull(),
    bodyHash: text().notNull(),
    occurredAt: at().notNull(),
    requestNumber: text(),
    account: text(),
    phone: text(),
    route: text({ enum: ['aanvraag', 'account', 'telefoon', 'geen'] }).notNull(),
    channel: text({ enum: ['email', 'sms'] }),
    recipient: text(),
    reason: text(),
    secretHash: text(),
    createdAt: at().notNull(),
    expiresAt: at(),
    usedAt: at(),
  },
  (t) => [
    uniqueIndex('helpdesk_contacts_sender_contact').on(t.organisationId, t.contactId),
    index('helpdesk_contacts_occurred').on(t.occurredAt),
    index('helpdesk_contacts_request').on(t.requestNumber),
  ],
);

export const callbackRequests = pgTable(
  'callback_requests',
  {
    id: text().primaryKey(),
    invitationId: text().notNull().unique(),
    survey: text().notNull(),
    requestNumber: text(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    phone: text(),
    note: text(),
    createdAt: at().notNull(),
    /** When it was closed: by logging the call (contactMessageId) or with a reason (domain/callback.ts). */
    doneAt: at(),
    /** "Ik bel": the planner who claimed it, so colleagues do not call twice. */
    claimedBy: integer().references(() => staffMembers.id),
    claimedAt: at(),
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

/** When each scheduled job last started (api/storage/sqlite/schema.ts explains). */
export const scheduledRuns = pgTable('scheduled_runs', {
  job: text().primaryKey(),
  startedAt: at().notNull(),
});

/** An organisation's alert settings (api/storage/sqlite/schema.ts explains). */
export const alertSettings = pgTable('alert_settings', {
  organisationId: integer()
    .primaryKey()
    .references(() => organisations.id),
  riskDays: integer().notNull(),
  quietDays: integer().notNull(),
  updatedAt: at().notNull(),
  updatedBy: integer().references(() => staffMembers.id),
});

/** Staff members who opted out of the daily digest (api/storage/sqlite/schema.ts explains). */
export const digestOptOuts = pgTable('digest_opt_outs', {
  staffId: integer()
    .primaryKey()
    .references(() => staffMembers.id),
  at: at().notNull(),
});

/** Rate-limit counts shared by every server process (api/storage/sqlite/schema.ts explains). */
export const rateLimits = pgTable('rate_limits', {
  bucket: text().primaryKey(),
  windowEnds: at().notNull(),
  hits: integer().notNull(),
});

/** The norms each version of the content was served with (api/storage/sqlite/schema.ts explains). */
export const normsInUse = pgTable('norms_in_use', {
  version: text().primaryKey(),
  norms: text().notNull(),
  startedAt: at().notNull(),
});

export const requestStatuses = pgTable('request_statuses', {
  number: text().primaryKey(),
  combiId: integer(),
  gridOperators: text().notNull(),
  json: text().notNull(),
  etag: text().notNull(),
  /** The last Dutch calendar day on which the stored status is still right. */
  validUntil: date({ mode: 'string' }).notNull(),
  /** The content and code it was computed with (domain/status-version.ts): another one is recomputed. */
  version: text().notNull().default(''),
});

export const staffMembers = pgTable(
  'staff_members',
  {
    id: id(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    email: text().notNull().unique(),
    name: text().notNull(),
    role: text({ enum: ['viewer', 'planner', 'admin'] }).notNull(),
    totpKey: text(),
    totpLastStep: bigint({ mode: 'number' }),
    createdAt: createdAt(),
    disabledAt: at(),
  },
  (t) => [index('staff_members_organisation').on(t.organisationId)],
);

export const staffRecoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    id: id(),
    staffId: integer()
      .notNull()
      .references(() => staffMembers.id),
    codeHash: text().notNull(),
    usedAt: at(),
  },
  (t) => [index('staff_recovery_codes_staff').on(t.staffId)],
);

export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: text().primaryKey(),
    secretHash: text().notNull(),
    staffId: integer()
      .notNull()
      .references(() => staffMembers.id),
    twoFactorVerified: boolean().notNull().default(false),
    createdAt: at().notNull(),
    expiresAt: at().notNull(),
  },
  (t) => [index('staff_sessions_staff').on(t.staffId)],
);

export const staffLoginCodes = pgTable('staff_login_codes', {
  id: text().primaryKey(),
  staffId: integer()
    .notNull()
    .references(() => staffMembers.id),
  codeHash: text().notNull(),
  expiresAt: at().notNull(),
  attempts: integer().notNull().default(0),
  usedAt: at(),
});

/** An organisation's webhook endpoints (see the SQLite schema). */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    url: text().notNull(),
    events: jsonb().notNull().$type<string[]>(),
    secret: text().notNull(),
    previousSecret: text(),
    previousSecretUntil: at(),
    createdAt: createdAt(),
    failingSince: at(),
    disabledAt: at(),
    disabledReason: text(),
  },
  (t) => [index('webhook_endpoints_organisation').on(t.organisationId)],
);

/** Each attempt to deliver a webhook and what the endpoint answered (see the SQLite schema). */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: id(),
    endpointId: integer()
      .notNull()
      .references(() => webhookEndpoints.id),
    outboxId: integer().notNull(),
    at: at().notNull(),
    statusCode: integer(),
    answer: text(),
    error: text(),
  },
  (t) => [index('webhook_attempts_outbox').on(t.outboxId), index('webhook_attempts_endpoint').on(t.endpointId)],
);

/** Quality samples (see the SQLite schema). */
export const qualitySamples = pgTable(
  'quality_samples',
  {
    id: id(),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    fromDate: date({ mode: 'string' }).notNull(),
    toDate: date({ mode: 'string' }).notNull(),
    size: integer().notNull(),
    seed: text().notNull(),
    drawnBy: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('quality_samples_organisation').on(t.organisationId)],
);

export const qualitySampleItems = pgTable(
  'quality_sample_items',
  {
    id: id(),
    sampleId: integer()
      .notNull()
      .references(() => qualitySamples.id),
    contactMomentId: integer()
      .notNull()
      .references(() => contactMoments.id),
    position: integer().notNull(),
    verdict: text({ enum: ['voldoet', 'voldoet-niet'] }),
    failed: jsonb().$type<string[]>(),
    note: text(),
    reviewedBy: text(),
    reviewedAt: at(),
  },
  (t) => [uniqueIndex('quality_sample_items_moment').on(t.sampleId, t.contactMomentId)],
);

/** Klantenpanels (see the SQLite schema). */
export const customerPanels = pgTable(
  'customer_panels',
  {
    id: id(),
    combiId: integer()
      .notNull()
      .references(() => combis.id),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    title: text().notNull(),
    startsAt: at().notNull(),
    place: text().notNull(),
    capacity: integer().notNull(),
    deadline: date({ mode: 'string' }).notNull(),
    partners: jsonb().notNull().$type<string[]>(),
    createdBy: text().notNull(),
    createdAt: createdAt(),
    questionnaireSentAt: at(),
    summaryText: text(),
    summaryFileName: text(),
    summaryFileType: text(),
    summaryFile: text(),
    summarySharedAt: at(),
  },
  (t) => [index('customer_panels_combi').on(t.combiId)],
);

export const panelInvitations = pgTable(
  'panel_invitations',
  {
    id: text().primaryKey(),
    panelId: integer()
      .notNull()
      .references(() => customerPanels.id),
    applicantKey: text().notNull(),
    name: text().notNull(),
    email: text().notNull(),
    lang: text({ enum: ['nl', 'en'] }).notNull(),
    secretHash: text().notNull(),
    state: text({ enum: ['uitgenodigd', 'aangemeld', 'wachtlijst', 'afgemeld'] }).notNull(),
    invitedAt: at().notNull(),
    registeredAt: at(),
    cancelledAt: at(),
  },
  (t) => [uniqueIndex('panel_invitations_applicant').on(t.panelId, t.applicantKey)],
);
