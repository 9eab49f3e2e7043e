/**
 * PgRetention on a real PostgreSQL database: an aanvraag delivered long ago, with what a customer
 * leaves behind (its log, a grant, a preference, mails, a personal link, an eindmeting, a helpdesk
 * contact, a call-back, survey answers, a session), loses every personal field and keeps its
 * statistics; the right of access shows it all before, and nothing of someone else.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedMessage, Message } from '../../../domain/messages.ts';
import { foldMessages } from '../../../domain/request-state.ts';
import { REDACTED } from '../../../domain/retention.ts';
import { gatherSubjectData } from '../../core/subject-access.ts';
import { contactLogged, submission } from '../../testing.ts';
import { type PgFixture, pgFixture } from '../testing/pg-directory.ts';
import { PgRetention } from './retention.ts';
import * as schema from './schema.ts';

const OLD = 'MA-OUD-1';
const RECENT = 'MA-NIEUW-1';
const EMAIL = 'w.zwanenburg@voorbeeld.nl';
const GRANTEE = 'kwast@voorbeeld.nl';
const now = new Date('2026-12-06T12:00:00Z');
const cutoff = new Date('2024-12-06T12:00:00Z');

let f: PgFixture;
let retention: PgRetention;
/** The right of access as the core gathers it, over this storage's queries. */
const subjectAccess = (email: string) => retention.readSubjectAccess((queries) => gatherSubjectData(queries, email));
const dropped: string[] = [];
const ids: Record<string, number> = {};

async function aanvraag(number: string, deliveredAt: string, email: string) {
  const messages: Message[] = [
    submission(number, {
      occurredAt: '2023-03-01T10:00:00+01:00',
      applicant: { name: 'Wilhelmina Zwanenburg', email, phone: '06 98765432' },
      address: { street: 'Zwanenburgerdijk', houseNumber: '7', postcode: '5612 XY', city: 'Eindhoven' },
    }),
    contactLogged(number, `${number}-b`, {
      occurredAt: '2023-03-03T09:30:00+01:00',
      spokeWith: 'Wilhelmina Zwanenburg',
      summary: 'Bereikbaar op 06 98765432.',
      subject: 'Intake met mevrouw Zwanenburg',
    }),
  ];
  const nb = f.ids.organisationId('NB') as number;
  const state = foldMessages(
    number,
    messages.map((m) => ({ ...m, sender: 'NB' }) as LoggedMessage),
  );
  const [row] = await f.db
    .insert(schema.requests)
    .values({
      number,
      applicantName: 'Wilhelmina Zwanenburg',
      applicantEmail: email,
      applicantPhone: '06 98765432',
      street: 'Zwanenburgerdijk',
      houseNumber: '7',
      postcode: '5612 XY',
      city: 'Eindhoven',
      phase: 'opgeleverd',
      deliveredAt,
      updatedAt: deliveredAt,
      state,
    })
    .returning();
  const requestId = row?.id as number;
  ids[number] = requestId;
  const logged = await f.db
    .insert(schema.messages)
    .values(
      messages.map((m) => ({
        senderId: nb,
        messageId: m.id,
        requestNumber: number,
        type: m.type,
        occurredAt: m.occurredAt,
        receivedAt: m.occurredAt,
        bodyHash: `hash-${m.id}`,
        body: m,
      })),
    )
    .returning();
  const contact = messages[1] as Extract<Message, { type: 'contact_logged' }>;
  await f.db.insert(schema.contactMoments).values({
    requestId,
    messageSeq: logged[1]?.seq as number,
    code: 'B',
    channel: 'telefoon',
    at: contact.occurredAt,
    organisationId: nb,
    staffName: contact.staffName,
    spokeWith: contact.spokeWith,
    subject: contact.subject,
    summary: contact.summary,
  });
  return requestId;
}

beforeAll(async () => {
  f = await pgFixture();
  retention = new PgRetention(f.db, (numbers) => dropped.push(...numbers));
  const old = await aanvraag(OLD, '2023-05-20T10:00:00.000Z', EMAIL);
  const recent = await aanvraag(RECENT, '2026-11-20T10:00:00.000Z', 'ander@voorbeeld.nl');
  const at = '2023-03-05T12:00:00.000Z';
  const pl = f.ids.organisationId('PL') as number;
  await f.db.insert(schema.accessGrants).values({ requestId: old, email: GRANTEE, grantedBy: EMAIL, createdAt: at });
  await f.db.insert(schema.notificationPreferences).values({ requestId: old, email: EMAIL, mode: 'planning', updatedAt: at });
  await f.db.insert(schema.outbox).values([
    {
      idempotencyKey: 'm-sent',
      kind: 'aanvraag',
      requestId: old,
      to: 'W.Zwanenburg@Voorbeeld.nl',
      subject: 'Uw aanvraag',
      html: '<p>link</p>',
      text: 'link',
      status: 'sent',
      nextAttemptAt: at,
      createdAt: at,
      sentAt: at,
    },
    {
      idempotencyKey: 'm-pending',
      kind: 'planning',
      requestId: old,
      to: EMAIL,
      subject: 'Planning',
      html: 'x',
      text: 'x',
      nextAttemptAt: at,
      createdAt: at,
    },
    {
      idempotencyKey: 'm-code',
      kind: 'inlogcode',
      to: EMAIL,
      subject: 'Uw inlogcode: 123456',
      html: 'x',
      text: 'x',
      status: 'sent',
      nextAttemptAt: at,
      createdAt: at,
    },
    {
      idempotencyKey: 'm-recent',
      kind: 'aanvraag',
      requestId: recent,
      to: 'ander@voorbeeld.nl',
      subject: 'Uw aanvraag',
      html: 'x',
      text: 'x',
      status: 'sent',
      nextAttemptAt: at,
      createdAt: now.toISOString(),
    },
  ]);
  await f.db.insert(schema.accessLinks).values({
    id: 'link-1',
    secretHash: 'h',
    requestId: old,
    email: EMAIL,
    purpose: 'volgen',
    expiresAt: '2099-01-01T00:00:00.000Z',
  });
  await f.db.insert(schema.endSurveyInvitations).values({
    id: 'eind-1',
    requestId: old,
    email: EMAIL,
    trigger: 'capo',
    status: 'uitgenodigd',
    secretHash: 'h',
    createdAt: '2023-05-20T10:00:00.000Z',
    expiresAt: '2023-06-20T10:00:00.000Z',
  });
  await f.db.insert(schema.helpdeskContacts).values([
    {
      id: 'hd-1',
      organisationId: pl,
      contactId: 'c1',
      bodyHash: 'h',
      occurredAt: '2023-04-01T10:00:00.000Z',
      requestNumber: OLD,
      phone: '06 98765432',
      route: 'aanvraag',
      channel: 'email',
      recipient: 'W.Zwanenburg@voorbeeld.nl',
      createdAt: at,
    },
    {
      id: 'hd-2',
      organisationId: pl,
      contactId: 'c2',
      bodyHash: 'h',
      occurredAt: '2023-04-02T10:00:00.000Z',
      phone: '020 1234567',
      route: 'geen',
      reason: 'vast nummer',
      createdAt: at,
    },
    {
      id: 'hd-3',
      organisationId: pl,
      contactId: 'c3',
      bodyHash: 'h',
      occurredAt: '2026-12-01T10:00:00.000Z',
      account: 'iemand@voorbeeld.nl',
      route: 'account',
      channel: 'email',
      recipient: 'iemand@voorbeeld.nl',
      createdAt: now.toISOString(),
    },
  ]);
  await f.db.insert(schema.callbackRequests).values({
    id: 'cb-1',
    invitationId: 'eind-1',
    survey: 'eindmeting',
    requestNumber: OLD,
    organisationId: pl,
    phone: '06 98765432',
    note: 'Bel mij na vijven',
    createdAt: '2023-05-22T10:00:00.000Z',
  });
  await f.db.insert(schema.surveyResponses).values([
    {
      id: 'eind-1',
      survey: 'eindmeting',
      requestNumber: OLD,
      invitationId: 'eind-1',
      createdAt: '2023-05-21T10:00:00.000Z',
      updatedAt: '2023-05-21T10:00:00.000Z',
      completedAt: '2023-05-21T10:00:00.000Z',
    },
    { id: 'knop-1', survey: 'feedback', createdAt: '2023-01-01T10:00:00.000Z', updatedAt: '2023-01-01T10:00:00.000Z' },
  ]);
  await f.db.insert(schema.surveyAnswers).values([
    { responseId: 'eind-1', question: 'score', value: 2, answeredAt: at },
    { responseId: 'eind-1', question: 'toelichting', value: 'Wilhelmina kreeg geen antwoord', answeredAt: at },
    { responseId: 'eind-1', question: 'email', value: EMAIL, answeredAt: at },
    { responseId: 'knop-1', question: 'email', value: 'Knop@Voorbeeld.nl', answeredAt: at },
    { responseId: 'knop-1', question: 'score', value: 4, answeredAt: at },
  ]);
  await f.db.insert(schema.sessions).values([
    { id: 's-1', secretHash: 'h', email: EMAIL, createdAt: '2026-12-01T10:00:00.000Z', expiresAt: '2099-01-01T00:00:00.000Z' },
    { id: 's-2', secretHash: 'h', email: GRANTEE, createdAt: '2026-12-01T10:00:00.000Z', expiresAt: '2099-01-01T00:00:00.000Z' },
  ]);
  await f.db.insert(schema.loginCodes).values({ id: 'lc-1', email: EMAIL, codeHash: 'h', expiresAt: '2099-01-01T00:00:00.000Z' });
});
afterAll(() => f.drop());

describe('PgRetention', () => {
  it('gives the customer everything held about their address, and a grantee only their own grant', async () => {
    const data = await subjectAccess('  W.Zwanenburg@Voorbeeld.NL ');
    expect(data.email).toBe(EMAIL);
    expect(data.requests).toHaveLength(1);
    expect(data.requests[0]).toMatchObject({
      number: OLD,
      role: 'aanvrager',
      notificationMode: 'planning',
      grants: [{ email: GRANTEE, grantedBy: EMAIL, createdAt: '2023-03-05T12:00:00.000Z' }],
      endSurvey: { status: 'uitgenodigd', skipReason: null, createdAt: '2023-05-20T10:00:00.000Z', usedAt: null },
    });
    expect(data.requests[0]?.state.applicant?.name).toBe('Wilhelmina Zwanenburg');
    expect(data.mails.map((m) => [m.kind, m.subject, m.requestNumber])).toEqual([
      ['aanvraag', 'Uw aanvraag', OLD],
      ['planning', 'Planning', OLD],
      ['inlogcode', 'Uw inlogcode', null],
    ]);
    expect(data.helpdeskContacts).toEqual([
      {
        organisation: 'PL',
        occurredAt: '2023-04-01T10:00:00.000Z',
        requestNumber: OLD,
        account: null,
        phone: '06 98765432',
        surveyRoute: 'aanvraag',
        surveySentTo: 'W.Zwanenburg@voorbeeld.nl',
      },
    ]);
    expect(data.surveyResponses).toEqual([
      {
        survey: 'eindmeting',
        requestNumber: OLD,
        createdAt: '2023-05-21T10:00:00.000Z',
        completedAt: '2023-05-21T10:00:00.000Z',
        answers: { score: 2, toelichting: 'Wilhelmina kreeg geen antwoord', email: EMAIL },
      },
    ]);
    expect(data.callbacks).toMatchObject([{ survey: 'eindmeting', organisation: 'PL', note: 'Bel mij na vijven' }]);
    expect(data.sessions).toEqual([{ createdAt: '2026-12-01T10:00:00.000Z', expiresAt: '2099-01-01T00:00:00.000Z' }]);

    const grantee = await subjectAccess(GRANTEE);
    expect(grantee.requests).toMatchObject([
      { number: OLD, role: 'gemachtigde', grants: [{ email: GRANTEE, grantedBy: 'de aanvrager' }], endSurvey: null },
    ]);
    expect(grantee.mails).toEqual([]);
    expect(grantee.surveyResponses).toEqual([]);
  });

  it('counts what it would do without changing anything', async () => {
    expect(await retention.preview(cutoff, now)).toEqual({
      requests: 1,
      unlinked: expect.any(Number),
      sessions: 0,
      loginCodes: 0,
      accessLinks: 0,
      staffSessions: 0,
      staffLoginCodes: 0,
      parkedMessages: 0,
      organisationCodes: 0,
    });
  });

  it('anonymises the aanvraag past the period everywhere, keeps its statistics, and leaves the recent one alone', async () => {
    const counts = await retention.anonymise({ before: cutoff, now, batch: 1 });
    // Unlinked: the landline contact and the feedback button's address; the sign-in mail went with its address.
    expect(counts).toEqual({ requests: 1, messages: 2, sessions: 2, unlinked: 2 });
    expect(dropped).toEqual([OLD]);

    const [old] = await f.db.select().from(schema.requests).where(eq(schema.requests.number, OLD));
    expect(old).toMatchObject({
      applicantName: null,
      applicantEmail: null,
      applicantPhone: null,
      street: null,
      houseNumber: null,
      postcode: '5612',
      city: 'Eindhoven',
      phase: 'opgeleverd',
      anonymisedAt: now.toISOString(),
    });
    const everything = JSON.stringify(
      await Promise.all([
        f.db.select().from(schema.requests).where(eq(schema.requests.number, OLD)),
        f.db.select().from(schema.messages).where(eq(schema.messages.requestNumber, OLD)),
        f.db
          .select()
          .from(schema.contactMoments)
          .where(eq(schema.contactMoments.requestId, ids[OLD] as number)),
        f.db.select().from(schema.accessGrants),
        f.db
          .select()
          .from(schema.outbox)
          .where(eq(schema.outbox.requestId, ids[OLD] as number)),
        f.db.select().from(schema.helpdeskContacts).where(eq(schema.helpdeskContacts.id, 'hd-1')),
        f.db.select().from(schema.callbackRequests),
        f.db.select().from(schema.surveyAnswers),
        f.db.select().from(schema.endSurveyInvitations),
        f.db.select().from(schema.sessions),
        f.db.select().from(schema.loginCodes),
      ]),
    ).toLowerCase();
    for (const needle of ['wilhelmina', 'zwanenburg', '98765432', 'bel mij na vijven', GRANTEE, 'knop@voorbeeld.nl'])
      expect(everything, needle).not.toContain(needle);
    const [moment] = await f.db
      .select()
      .from(schema.contactMoments)
      .where(eq(schema.contactMoments.requestId, ids[OLD] as number));
    expect(moment).toMatchObject({
      code: 'B',
      staffName: '',
      spokeWith: '',
      summary: '',
      subject: `Intake met mevrouw ${REDACTED}`,
    });
    const mails = await f.db.select().from(schema.outbox);
    expect(mails.find((m) => m.idempotencyKey === 'm-pending')).toMatchObject({ status: 'failed', to: '' });
    expect(mails.find((m) => m.idempotencyKey === 'm-sent')).toMatchObject({
      status: 'sent',
      to: '',
      html: null,
      kind: 'aanvraag',
    });
    expect(mails.find((m) => m.idempotencyKey === 'm-recent')?.to).toBe('ander@voorbeeld.nl');
    expect(await f.db.select().from(schema.accessLinks)).toEqual([]);
    const answers = await f.db.select().from(schema.surveyAnswers);
    expect(answers.map((a) => [a.responseId, a.question, a.value]).sort()).toEqual([
      ['eind-1', 'score', 2],
      ['eind-1', 'toelichting', `${REDACTED} kreeg geen antwoord`],
      ['knop-1', 'score', 4],
    ]);
    const help = await f.db.select().from(schema.helpdeskContacts);
    expect(help.find((h) => h.id === 'hd-2')?.phone).toBeNull();
    expect(help.find((h) => h.id === 'hd-3')?.account).toBe('iemand@voorbeeld.nl');
    const [recent] = await f.db.select().from(schema.requests).where(eq(schema.requests.number, RECENT));
    expect(recent?.applicantName).toBe('Wilhelmina Zwanenburg');

    // The state folds again from the anonymised log.
    expect(old?.state).not.toHaveProperty('applicant');
  });

  it('changes nothing the second time, and again after a late message', async () => {
    expect(await retention.anonymise({ before: cutoff, now })).toEqual({ requests: 0, messages: 0, sessions: 0, unlinked: 0 });
    await f.db
      .update(schema.requests)
      .set({ updatedAt: new Date(now.getTime() + 1000).toISOString() })
      .where(eq(schema.requests.number, OLD));
    // Two runs at once (two processes): the aanvraag is anonymised by one of them.
    const later = new Date(now.getTime() + 2000);
    const runs = await Promise.all([
      retention.anonymise({ before: cutoff, now: later }),
      retention.anonymise({ before: cutoff, now: later }),
    ]);
    expect(runs.map((r) => r.requests).sort()).toEqual([0, 1]);
    // Its messages were anonymised already: none is rewritten, though jsonb gives their keys back in another order.
    expect(runs.map((r) => r.messages)).toEqual([0, 0]);
  });

  it('stops between batches when told to', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await retention.anonymise({ before: new Date('2099-01-01T00:00:00Z'), now, signal: controller.signal })).toEqual({
      requests: 0,
      messages: 0,
      sessions: 0,
      unlinked: 0,
    });
  });

  it('deletes expired sessions, codes and links of customers and staff', async () => {
    const past = '2026-12-01T00:00:00.000Z';
    const [member] = await f.db
      .insert(schema.staffMembers)
      .values({ organisationId: f.ids.organisationId('NB') as number, email: 'st@nb.example', name: 'S', role: 'viewer' })
      .returning();
    const staffId = member?.id as number;
    await f.db
      .insert(schema.sessions)
      .values({ id: 'old-s', secretHash: 'h', email: 'x@example.com', createdAt: past, expiresAt: past });
    await f.db.insert(schema.loginCodes).values({ id: 'old-c', email: 'x@example.com', codeHash: 'h', expiresAt: past });
    await f.db.insert(schema.accessLinks).values({
      id: 'old-l',
      secretHash: 'h',
      requestId: ids[RECENT] as number,
      email: 'x@example.com',
      purpose: 'volgen',
      expiresAt: past,
    });
    await f.db.insert(schema.staffSessions).values({ id: 'old-ss', secretHash: 'h', staffId, createdAt: past, expiresAt: past });
    await f.db.insert(schema.staffLoginCodes).values({ id: 'old-sc', staffId, codeHash: 'h', expiresAt: past });
    await f.db
      .insert(schema.staffLoginCodes)
      .values({ id: 'new-sc', staffId, codeHash: 'h', expiresAt: '2099-01-01T00:00:00.000Z' });
    const one = {
      sessions: 1,
      loginCodes: 1,
      accessLinks: 1,
      staffSessions: 1,
      staffLoginCodes: 1,
      parkedMessages: 0,
      organisationCodes: 0,
    };
    expect(await retention.preview(cutoff, now)).toEqual({ requests: 0, unlinked: expect.any(Number), ...one });
    expect(await retention.purgeExpired(now)).toEqual(one);
    expect(await retention.purgeExpired(now)).toEqual({
      sessions: 0,
      loginCodes: 0,
      accessLinks: 0,
      staffSessions: 0,
      staffLoginCodes: 0,
      parkedMessages: 0,
      organisationCodes: 0,
    });
    expect(await f.db.select({ id: schema.staffLoginCodes.id }).from(schema.staffLoginCodes)).toEqual([{ id: 'new-sc' }]);
  });
});
