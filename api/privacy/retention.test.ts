/**
 * The retention job against a real server and SQLite file: an aanvraag delivered long ago, with
 * everything a customer leaves behind (mails, links, a grant, a session, surveys, a helpdesk
 * contact, a call-back request), loses every personal field and keeps its statistics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRequest } from '../../demo/generator.ts';
import type { Message } from '../../domain/messages.ts';
import { REDACTED, retentionCutoff } from '../../domain/retention.ts';
import { createSession } from '../auth/sessions.ts';
import { hashSecret, newId } from '../auth/tokens.ts';
import { testRows } from '../storage/testing/test-sql.ts';
import { contactLogged, staffCookie, startTestServer, submission, type TestServer } from '../testing.ts';

const OLD = 'MA-OUD-1';
const RECENT = 'MA-NIEUW-1';
const PERSON = {
  name: 'Wilhelmina Zwanenburg',
  email: 'W.Zwanenburg@Voorbeeld.nl',
  phone: '06 98765432',
  street: 'Zwanenburgerdijk',
};
const GRANTEE = 'installateur.kwast@voorbeeld.nl';
/** Every way the person's details could have been written down. */
const NEEDLES = [
  PERSON.name,
  'Wilhelmina',
  'Zwanenburg',
  PERSON.email,
  PERSON.phone,
  '0698765432',
  '+31698765432',
  PERSON.street,
  GRANTEE,
  'Bel mij na vijven',
];

let server: TestServer;
const key = (org: string) => server.keys.get(org) as string;
const now = () => new Date();
const cutoff = () => retentionCutoff(now(), 730);

/** The old aanvraag's messages, as the back-office systems sent them in 2023. */
const oldMessages: { org: string; m: Message }[] = [
  {
    org: 'netbeheer-zuid',
    m: submission(OLD, {
      occurredAt: '2023-03-01T10:00:00+01:00',
      applicant: { name: PERSON.name, email: PERSON.email, phone: PERSON.phone },
      address: { street: PERSON.street, houseNumber: '7', houseNumberAddition: 'b', postcode: '5612 XY', city: 'Eindhoven' },
    }),
  },
  {
    org: 'netbeheer-zuid',
    m: contactLogged(OLD, 'oud-b', {
      occurredAt: '2023-03-03T09:30:00+01:00',
      spokeWith: PERSON.name,
      subject: 'Intake met mevrouw Zwanenburg',
      summary: `Aanvraag doorgenomen; de meterkast aan de ${PERSON.street} 7b is klaar. Bereikbaar op ${PERSON.phone}.`,
    }),
  },
  ...['E', 'W'].map((d) => ({
    org: d === 'E' ? 'netbeheer-zuid' : 'waterbedrijf-peel',
    m: {
      id: `oud-h-${d}`,
      type: 'handed_to_combi',
      requestNumber: OLD,
      occurredAt: '2023-03-10T10:00:00+01:00',
      workOrderIds: [`${OLD}-${d}`],
      contractor: 'van-der-berg-infra',
    } as Message,
  })),
  {
    org: 'van-der-berg-infra',
    m: {
      id: 'oud-p',
      type: 'planning_changed',
      requestNumber: OLD,
      occurredAt: '2023-03-14T10:00:00+01:00',
      confirmedStart: { date: '2023-05-15', part: 'ochtend' },
      reason: 'afgesproken met mevrouw Zwanenburg',
      staffName: 'Kees Wolters',
    } as Message,
  },
  {
    org: 'van-der-berg-infra',
    m: {
      id: 'oud-s',
      type: 'stagnation_reported',
      requestNumber: OLD,
      occurredAt: '2023-04-01T10:00:00+01:00',
      cause: 'klant',
      reason: `de meterkast aan de ${PERSON.street} is nog niet klaar`,
    } as Message,
  },
  ...['E', 'W'].map((d) => ({
    org: 'van-der-berg-infra',
    m: {
      id: `oud-tg-${d}`,
      type: 'work_order_completed',
      requestNumber: OLD,
      occurredAt: '2023-05-16T15:00:00+02:00',
      workOrderId: `${OLD}-${d}`,
    } as Message,
  })),
];

/** Every row of every table, as text: what a scan for personal data sees. */
async function dump(): Promise<Map<string, string[]>> {
  const tables = await query<{ name: string }>(
    server.where.DATABASE_URL
      ? "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'"
      : "select name from sqlite_master where type = 'table'",
  );
  const rows = await Promise.all(tables.map(({ name }) => query(`select * from "${name}"`)));
  return new Map(tables.map(({ name }, i) => [name, (rows[i] ?? []).map((row) => JSON.stringify(row))]));
}

async function findPersonalData(): Promise<string[]> {
  const hits: string[] = [];
  for (const [table, rows] of await dump())
    for (const row of rows)
      for (const needle of NEEDLES) if (row.toLowerCase().includes(needle.toLowerCase())) hits.push(`${table}: ${needle}`);
  return [...new Set(hits)];
}

/** Plain SQL on the test's database, SQLite or PostgreSQL. */
const query = <T = Record<string, unknown>>(sql: string, ...params: unknown[]) => testRows<T>(server.where, sql, ...params);

/** The rows of one aanvraag in the tables that hold them. */
async function rowsOf(number: string) {
  const id = (await query<{ id: number }>('select id from requests where number = ?', number))[0]?.id;
  const [request, workOrders, messages, contactMoments, planning, stagnation, outbox, links, grants, invitation] =
    await Promise.all([
      query('select * from requests where id = ?', id),
      query('select * from work_orders where request_id = ? order by id', id),
      query('select * from messages where request_number = ? order by seq', number),
      query('select * from contact_moments where request_id = ? order by id', id),
      query('select * from planning_changes where request_id = ? order by id', id),
      query('select * from stagnation_events where request_id = ? order by id', id),
      query('select * from outbox where request_id = ? order by id', id),
      query('select * from access_links where request_id = ? order by id', id),
      query('select * from access_grants where request_id = ?', id),
      query('select * from end_survey_invitations where request_id = ?', id),
    ]);
  return { request, workOrders, messages, contactMoments, planning, stagnation, outbox, links, grants, invitation };
}

let endSurveyId: string;
let oldStatistics: Awaited<ReturnType<typeof statistics>>;
let recentBefore: Awaited<ReturnType<typeof rowsOf>>;
let recentSession: string;
let firstRun: Awaited<ReturnType<TestServer['store']['retention']['anonymise']>>;

/** What the statistics are made of, for the old aanvraag. */
async function statistics() {
  const rows = await rowsOf(OLD);
  const request = rows.request[0] as Record<string, unknown>;
  return {
    request: {
      phase: request.phase,
      kind: request.kind,
      combi: request.combi_id,
      submittedAt: request.submitted_at,
      deliveredAt: request.delivered_at,
      city: request.city,
    },
    workOrders: rows.workOrders,
    contactMoments: rows.contactMoments.map((c) => {
      const { code, channel, at, organisation_id } = c as Record<string, unknown>;
      return { code, channel, at, organisation_id };
    }),
    planning: rows.planning.map((p) => {
      const { field, value, at, organisation_id } = p as Record<string, unknown>;
      return { field, value, at, organisation_id };
    }),
    stagnation: rows.stagnation.map((s) => {
      const { event, cause, at } = s as Record<string, unknown>;
      return { event, cause, at };
    }),
    mails: rows.outbox.map((o) => {
      const { kind, subject, status, sent_at } = o as Record<string, unknown>;
      return { kind, subject, status, sent_at };
    }),
    invitation: rows.invitation.map((i) => {
      const { status, skip_reason, trigger, created_at } = i as Record<string, unknown>;
      return { status, skip_reason, trigger, created_at };
    }),
    messageHashes: rows.messages.map((m) => (m as { body_hash: string }).body_hash),
  };
}

beforeAll(async () => {
  server = await startTestServer();
  // The old aanvraag, through the API with its mails, as it happened.
  for (const { org, m } of oldMessages) expect((await server.post(key(org), { berichten: [m] })).status).toBe(201);
  const store = server.store;
  await store.access.grantAccess(OLD, GRANTEE, PERSON.email, new Date('2023-03-05T12:00:00Z'));
  await store.access.setNotificationMode(OLD, PERSON.email, 'planning', new Date('2023-03-05T12:00:00Z'));
  const feed = { id: newId(), secretHash: hashSecret('agenda'), requestNumber: OLD, email: PERSON.email };
  await store.calendarFeeds.create({ ...feed, createdAt: new Date('2023-03-05T12:00:00Z') });
  await createSession(store.access, PERSON.email);
  await createSession(store.access, GRANTEE);
  await store.access.setLanguage(PERSON.email, 'en', new Date('2023-03-05T12:00:00Z'));
  // A sign-in code and its mail, as the customer routes write them (no aanvraag on the mail).
  const attempt = newId();
  await store.access.addLoginCode({
    id: attempt,
    email: PERSON.email.toLowerCase(),
    codeHash: hashSecret('12345678'),
    expiresAt: new Date(Date.now() + 60_000),
  });
  await store.outbox.enqueue({
    idempotencyKey: `inlogcode:${attempt}`,
    kind: 'inlogcode',
    to: PERSON.email,
    subject: 'Uw inlogcode voor Traject: 12345678',
    html: '',
    text: '',
  });
  // A helpdesk contact about it (route: the aanvraag's address), with the phone number the helpdesk noted.
  const helpdesk = await fetch(`${server.url}/api/v1/helpdesk/contacten`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key('traject')}` },
    body: JSON.stringify({ id: 'hd-oud-1', occurredAt: '2023-04-02T11:00:00+02:00', requestNumber: OLD, phone: PERSON.phone }),
  });
  expect(helpdesk.status).toBe(201);
  await server.deliverMail();

  // The eindmeting answered, a call-back asked for, and the feedback button with an e-mail address.
  endSurveyId = (await store.endSurveys.forRequest(OLD))?.id as string;
  expect(endSurveyId).toBeDefined();
  await store.responses.save({
    id: endSurveyId,
    context: { survey: 'eindmeting', requestNumber: OLD, invitationId: endSurveyId },
    answers: { cijfer: 8, verbeteren: `Wilhelmina vond de planning goed; mail ${PERSON.email} gerust.` },
    completed: true,
    at: new Date('2023-05-20T12:00:00Z'),
  });
  const callbackId = newId();
  await store.callbacks.add({
    id: callbackId,
    invitationId: endSurveyId,
    survey: 'eindmeting',
    requestNumber: OLD,
    organisation: 'van-der-berg-infra',
    phone: PERSON.phone,
    note: 'Bel mij na vijven',
    createdAt: new Date('2023-05-20T12:01:00Z'),
  });
  // Closed by a planner with a note about the customer: staff's words about a person are personal data too.
  const planner = await staffCookie(store, { organisation: 'van-der-berg-infra', role: 'planner' });
  const closed = { reason: 'anders', note: `${PERSON.name} belde zelf al terug` } as const;
  await store.callbacks.close('van-der-berg-infra', callbackId, planner.id, closed, new Date('2023-05-21T09:00:00Z'));
  await store.responses.save({
    id: newId(),
    context: { survey: 'feedbackknop', requestNumber: OLD, trigger: 'knop', page: '/volg' },
    answers: { waardering: 4, feedback: 'Duidelijke site', email: PERSON.email },
    completed: true,
    at: new Date('2023-05-21T12:00:00Z'),
  });

  // Old personal data that no aanvraag links: a helpdesk call by landline, the feedback button.
  const landline = await fetch(`${server.url}/api/v1/helpdesk/contacten`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key('traject')}` },
    body: JSON.stringify({ id: 'hd-los-1', occurredAt: '2023-02-01T11:00:00+01:00', phone: '040 777 8888' }),
  });
  expect(landline.status).toBe(201);
  await store.responses.save({
    id: 'feedback-los-1',
    context: { survey: 'feedbackknop', trigger: 'knop', page: '/' },
    answers: { waardering: 2, feedback: 'Te weinig uitleg', email: 'los@voorbeeld.nl' },
    completed: true,
    at: new Date('2023-02-02T12:00:00Z'),
  });

  // A recent aanvraag of someone else, delivered last week: within the period.
  const recent = submission(RECENT, { applicant: { name: 'Daan Bakker', email: 'daan@example.com', phone: '06 11223344' } });
  expect((await server.post(key('netbeheer-zuid'), { berichten: [recent, contactLogged(RECENT, 'nieuw-b')] })).status).toBe(201);
  recentSession = (await createSession(store.access, 'daan@example.com')).token;
  await store.access.setLanguage('daan@example.com', 'en', new Date());
  // And a few hundred messages of generated aanvragen from 2023, many delivered or cancelled then.
  const platform = store.organisation('traject');
  if (!platform) throw new Error('platform missing');
  for (let i = 0; i < 25; i++)
    await store.ingest(
      generateRequest(i, new Date('2023-09-01T12:00:00Z')).map((g) => ({ sender: platform, message: g.message })),
      { notify: false },
    );
  await server.deliverMail();

  expect((await findPersonalData()).length).toBeGreaterThan(10);
  oldStatistics = await statistics();
  recentBefore = await rowsOf(RECENT);
  // Looked up (twice, so from the status cache) before: anonymising must not leave it served from memory.
  for (let i = 0; i < 2; i++) {
    const before = await server.get(key('netbeheer-zuid'), `/api/v1/aanvragen/${OLD}`);
    expect(JSON.stringify(before.body)).toMatch(/Zwanenburg|Wilhelmina|Kees Wolters/i);
  }
  const preview = await store.retention.preview(cutoff(), now());
  expect(preview.requests).toBeGreaterThan(5);
  // The preview's clean-up ran and was rolled back: a second preview counts the same.
  expect(await store.retention.preview(cutoff(), now())).toEqual(preview);
  firstRun = await store.retention.anonymise({ before: cutoff(), now: now(), batch: 4 });
  expect(firstRun.requests).toBe(preview.requests);
  // Counted before the aanvragen go: what goes with them is not cleared again, so the run clears at most that.
  expect(firstRun.unlinked).toBeGreaterThan(0);
  expect(firstRun.unlinked).toBeLessThanOrEqual(preview.unlinked);
});
afterAll(() => server.close());

describe('anonymising an aanvraag delivered longer ago than the period', () => {
  it('leaves none of its personal data in any table', async () => {
    expect(await findPersonalData()).toEqual([]);
  });

  it('keeps the statistics: phase, dates, disciplines, contact moment codes and times, planning, mails sent, the eindmeting', async () => {
    expect(await statistics()).toEqual(oldStatistics);
    const [request] = (await rowsOf(OLD)).request as Record<string, unknown>[];
    expect(request).toMatchObject({ postcode: '5612', city: 'Eindhoven', phase: 'nazorg', applicant_email: null, street: null });
    expect(request?.anonymised_at).toEqual(expect.any(String));
    expect(oldStatistics.contactMoments).toEqual([expect.objectContaining({ code: 'B' })]);
    // The moment as an instant: SQLite keeps the sender's offset, PostgreSQL none.
    expect(new Date(oldStatistics.contactMoments[0]?.at as string).toISOString()).toBe('2023-03-03T08:30:00.000Z');
  });

  it('keeps survey answers without the person in them; the e-mail answer of the feedback button goes', async () => {
    const answers = (
      await query<{ question: string; value: string }>(
        "select question, cast(value as text) as value from survey_answers where response_id <> 'feedback-los-1' order by question",
      )
    ).map((a) => [a.question, JSON.parse(a.value)]);
    expect(answers).toEqual([
      ['cijfer', 8],
      ['feedback', 'Duidelijke site'],
      ['verbeteren', `${REDACTED} vond de planning goed; mail ${REDACTED} gerust.`],
      ['waardering', 4],
    ]);
  });

  it('keeps the reasons, redacted, and the subject of a contact, and drops whom was spoken with and the summary', async () => {
    const [contact] = await query<Record<string, string>>(
      "select c.* from contact_moments c join messages m on m.seq = c.message_seq where m.message_id = 'oud-b'",
    );
    expect(contact).toMatchObject({ staff_name: '', spoke_with: '', subject: `Intake met mevrouw ${REDACTED}`, summary: '' });
    expect(await query('select reason from stagnation_events')).toContainEqual({
      reason: `de meterkast aan de ${REDACTED} is nog niet klaar`,
    });
  });

  it('also clears contact details older than the period that no aanvraag links', async () => {
    expect(firstRun.unlinked).toBe(2);
    expect(await query("select phone, recipient, route, reason from helpdesk_contacts where contact_id = 'hd-los-1'")).toEqual([
      { phone: null, recipient: null, route: 'geen', reason: expect.any(String) },
    ]);
    expect(await query("select question from survey_answers where response_id = 'feedback-los-1' order by question")).toEqual([
      { question: 'feedback' },
      { question: 'waardering' },
    ]);
  });

  it('serves the status of the anonymised aanvraag to the organisations, rebuilt without personal data', async () => {
    const res = await server.get(key('netbeheer-zuid'), `/api/v1/aanvragen/${OLD}`);
    expect(res.status).toBe(200);
    expect(res.body.deliveredAt).toBe('2023-05-16T15:00:00+02:00');
    expect(JSON.stringify(res.body)).not.toMatch(/Zwanenburg|Wilhelmina|Kees Wolters/i);
  });

  it('ends the sessions of addresses that follow nothing any more, and only those', async () => {
    expect(await query('select email from sessions')).toEqual([{ email: 'daan@example.com' }]);
    // Their chosen language goes with them; that of someone who still follows an aanvraag stays.
    expect(await query('select email from customer_languages')).toEqual([{ email: 'daan@example.com' }]);
    expect((await server.store.access.requestNumbersFor(PERSON.email)).length).toBe(0);
    const res = await fetch(`${server.url}/volg/mijn-gegevens`, {
      redirect: 'manual',
      headers: { cookie: `traject_sessie=${recentSession}` },
    });
    expect(res.status).toBe(200);
  });

  it('leaves aanvragen within the period untouched', async () => {
    expect(await rowsOf(RECENT)).toEqual(recentBefore);
    expect(JSON.stringify((await rowsOf(RECENT)).request)).toContain('Daan Bakker');
  });

  it('recognises a resend of an old message as a duplicate, and another body under its id as a conflict', async () => {
    for (const { org, m } of oldMessages) {
      const res = await server.post(key(org), { berichten: [m] });
      expect(res.status, m.id).toBe(200);
      expect(res.body.results[0]).toMatchObject({ id: m.id, result: 'duplicate' });
    }
    const changed = { ...(oldMessages[1]?.m as Message), summary: 'Iets anders.' };
    expect((await server.post(key('netbeheer-zuid'), { berichten: [changed] })).body.results[0]).toMatchObject({
      status: 409,
      result: 'rejected',
    });
    expect(await findPersonalData()).toEqual([]);
  });

  it('is idempotent: a second run changes nothing', async () => {
    const before = await dump();
    const second = await server.store.retention.anonymise({ before: cutoff(), now: now() });
    expect(second).toEqual({ requests: 0, messages: 0, sessions: 0, unlinked: 0 });
    expect(await dump()).toEqual(before);
  });

  it('anonymises again when a message about it arrives later, and sends no mail for it', async () => {
    const outbox = (await query('select id from outbox')).length;
    const late = contactLogged(OLD, 'oud-laat', {
      occurredAt: '2023-03-20T09:00:00+01:00', // sorts before the last message: the log is replayed
      contactMoment: 'overig',
      spokeWith: PERSON.name,
      summary: 'Vraag over de factuur.',
    });
    expect((await server.post(key('netbeheer-zuid'), { berichten: [late] })).status).toBe(201);
    expect((await query('select id from outbox')).length).toBe(outbox);
    expect(await findPersonalData()).toContain('messages: Wilhelmina Zwanenburg');
    const again = await server.store.retention.anonymise({ before: cutoff(), now: now() });
    expect(again).toMatchObject({ requests: 1, messages: 1 });
    expect(await findPersonalData()).toEqual([]);
  });
});

describe('purging what has expired', () => {
  it('deletes expired sessions, sign-in codes and personal links of customers and staff, and keeps valid ones', async () => {
    const past = '2020-01-01T00:00:00.000Z';
    const future = '2099-01-01T00:00:00.000Z';
    const requestId = (await query<{ id: number }>('select id from requests where number = ?', RECENT))[0]?.id;
    const orgId = (await query<{ id: number }>("select id from organisations where code = 'traject'"))[0]?.id;
    const [staff] = await query<{ id: number }>(
      "insert into staff_members (organisation_id, email, name, role) values (?, 'medewerker@traject.example', 'M', 'viewer') returning id",
      orgId,
    );
    const staffId = staff?.id;
    for (const [suffix, expiresAt] of [
      ['oud', past],
      ['geldig', future],
    ] as const) {
      await query(
        "insert into sessions (id, secret_hash, email, created_at, expires_at) values (?, 'h', 'x@example.com', ?, ?)",
        `s-${suffix}`,
        past,
        expiresAt,
      );
      await query(
        "insert into login_codes (id, email, code_hash, expires_at) values (?, 'x@example.com', 'h', ?)",
        `c-${suffix}`,
        expiresAt,
      );
      await query(
        "insert into access_links (id, secret_hash, request_id, email, purpose, expires_at) values (?, 'h', ?, 'x@example.com', 'volgen', ?)",
        `l-${suffix}`,
        requestId,
        expiresAt,
      );
      await query(
        'insert into staff_sessions (id, secret_hash, staff_id, created_at, expires_at) values (?, ?, ?, ?, ?)',
        `ss-${suffix}`,
        'h',
        staffId,
        past,
        expiresAt,
      );
      await query(
        'insert into staff_login_codes (id, staff_id, code_hash, expires_at) values (?, ?, ?, ?)',
        `sc-${suffix}`,
        staffId,
        'h',
        expiresAt,
      );
    }
    const preview = await server.store.retention.preview(cutoff(), now());
    const purged = await server.store.retention.purgeExpired(now());
    const { requests: _, unlinked: __, ...expected } = preview;
    expect(purged).toEqual(expected);
    expect(purged).toMatchObject({ sessions: 1, staffSessions: 1, staffLoginCodes: 1 });
    expect(purged.loginCodes).toBeGreaterThanOrEqual(1);
    expect(purged.accessLinks).toBeGreaterThanOrEqual(1);
    for (const [table, id] of [
      ['sessions', 's'],
      ['login_codes', 'c'],
      ['access_links', 'l'],
      ['staff_sessions', 'ss'],
      ['staff_login_codes', 'sc'],
    ])
      expect(await query(`select id from ${table} where id like '${id}-%'`), table).toEqual([{ id: `${id}-geldig` }]);
    expect(await server.store.retention.purgeExpired(now())).toEqual({
      sessions: 0,
      loginCodes: 0,
      accessLinks: 0,
      staffSessions: 0,
      staffLoginCodes: 0,
      parkedMessages: 0,
      organisationCodes: 0,
    });
  });
});
