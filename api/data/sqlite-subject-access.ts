/**
 * The customer's right of access (AVG art. 15) in SQLite: everything held about one e-mail
 * address — the aanvragen it may follow with their state, its mails, survey answers, helpdesk
 * contacts and call-back requests. Never another address's data: a grantee sees only their own
 * grant. Only what the customer proved links data to them — their e-mail address (they signed in
 * with it) and the aanvragen they submitted — never a phone number, which nobody verified: a
 * helpdesk contact that noted the same number may be someone else's.
 */
import { and, asc, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { dutchMobile } from '../../domain/helpdesk-routing.ts';
import type { RequestState } from '../../domain/request-state.ts';
import * as schema from './schema.ts';
import type { AnswerValue, SubjectData } from './store.ts';

type Db = BetterSQLite3Database<typeof schema>;

/** Subjects of mails that carry a secret (the sign-in code) are listed without it. */
const withoutSecret = (kind: string, subject: string) =>
  kind.endsWith('inlogcode') ? subject.replace(/:\s*\d+\s*$/, '') : subject;

/** A phone number as written or as E.164, compared the same way (06 1234 5678 = +31612345678). */
const phoneKey = (phone: string) => dutchMobile(phone) ?? phone.replace(/[\s()-]/g, '');

/** Rows about one of these aanvragen or invitations (drizzle's inArray of an empty list matches nothing). */
export function aboutSubject(
  table: { requestNumber: AnySQLiteColumn; invitationId: AnySQLiteColumn },
  numbers: string[],
  invitations: string[],
): SQL | undefined {
  return or(inArray(table.requestNumber, numbers), inArray(table.invitationId, invitations));
}

export class SqliteSubjectAccess {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  async gather(address: string): Promise<SubjectData> {
    const email = address.trim().toLowerCase();
    const { requests: r, accessGrants: g } = schema;
    const own = this.#db
      .select({ id: r.id, number: r.number, state: r.state, phone: r.applicantPhone })
      .from(r)
      .where(eq(r.applicantEmail, email))
      .all();
    const granted = this.#db
      .select({ id: r.id, number: r.number, state: r.state })
      .from(g)
      .innerJoin(r, eq(r.id, g.requestId))
      .where(and(eq(g.email, email), isNull(g.revokedAt)))
      .all()
      .filter((row) => !own.some((o) => o.id === row.id));
    const ownNumbers = own.map((o) => o.number);
    // Numbers the customer gave in their own aanvragen: shown back where a contact noted one, never used to find data.
    const ownPhones = new Set(own.flatMap((o) => (o.phone ? [phoneKey(o.phone)] : [])));

    const requests = [
      ...own.map((row) => this.#request(row, 'aanvrager', email)),
      ...granted.map((row) => this.#request(row, 'gemachtigde', email)),
    ].sort((a, b) => a.number.localeCompare(b.number));

    const helpdeskContacts = this.#helpdesk(email, ownNumbers, ownPhones);
    // Survey links the customer was sent at their own address; an SMS link may have reached anyone.
    const invitations = [
      ...requests.flatMap((req) => (req.endSurveyId ? [req.endSurveyId] : [])),
      ...helpdeskContacts.flatMap((h) => (h.surveySentTo?.toLowerCase() === email ? [h.id] : [])),
    ];
    return {
      email,
      requests: requests.map(({ endSurveyId: _, ...req }) => req),
      mails: this.#mails(email),
      surveyResponses: this.#responses(ownNumbers, invitations),
      helpdeskContacts: helpdeskContacts.map(({ id: _, ...h }) => h),
      callbacks: this.#callbacks(ownNumbers, invitations),
      sessions: this.#db
        .select({ createdAt: schema.sessions.createdAt, expiresAt: schema.sessions.expiresAt })
        .from(schema.sessions)
        .where(eq(schema.sessions.email, email))
        .orderBy(asc(schema.sessions.createdAt))
        .all(),
    };
  }

  #request(row: { id: number; number: string; state: unknown }, role: 'aanvrager' | 'gemachtigde', email: string) {
    const { accessGrants: g, notificationPreferences: p, endSurveyInvitations: e } = schema;
    const grants = this.#db
      .select({ email: g.email, grantedBy: g.grantedBy, createdAt: g.createdAt })
      .from(g)
      .where(and(eq(g.requestId, row.id), isNull(g.revokedAt), role === 'aanvrager' ? undefined : eq(g.email, email)))
      .all()
      // Who gave the access is the applicant: their address is not the grantee's data.
      .map((grant) => (role === 'aanvrager' ? grant : { ...grant, grantedBy: 'de aanvrager' }));
    const mode = this.#db
      .select({ mode: p.mode })
      .from(p)
      .where(and(eq(p.requestId, row.id), eq(p.email, email)))
      .get()?.mode;
    const invitation = this.#db
      .select()
      .from(e)
      .where(and(eq(e.requestId, row.id), eq(e.email, email)))
      .get();
    return {
      number: row.number,
      role,
      state: row.state as RequestState,
      notificationMode: mode ?? 'alles',
      grants,
      endSurvey: invitation
        ? {
            status: invitation.status,
            skipReason: invitation.skipReason,
            createdAt: invitation.createdAt,
            expiresAt: invitation.expiresAt,
            usedAt: invitation.usedAt,
          }
        : null,
      endSurveyId: invitation?.id,
    };
  }

  #mails(email: string): SubjectData['mails'] {
    const { outbox: o, requests: r } = schema;
    return this.#db
      .select({
        kind: o.kind,
        subject: o.subject,
        channel: o.channel,
        requestNumber: r.number,
        status: o.status,
        createdAt: o.createdAt,
        sentAt: o.sentAt,
      })
      .from(o)
      .leftJoin(r, eq(r.id, o.requestId))
      .where(sql`lower(${o.to}) = ${email}`)
      .orderBy(asc(o.id))
      .all()
      .map((m) => ({ ...m, subject: withoutSecret(m.kind, m.subject) }));
  }

  /**
   * Contacts about the customer's own aanvragen, or that named or reached their address. What a
   * contact noted about someone else — another account, a number not in their aanvragen — is left out.
   */
  #helpdesk(email: string, numbers: string[], ownPhones: Set<string>) {
    const { helpdeskContacts: h, organisations } = schema;
    const theirs = (value: string | null) =>
      value !== null && (value.toLowerCase() === email || ownPhones.has(phoneKey(value))) ? value : null;
    return this.#db
      .select({
        id: h.id,
        organisation: organisations.code,
        occurredAt: h.occurredAt,
        requestNumber: h.requestNumber,
        account: h.account,
        phone: h.phone,
        surveyRoute: h.route,
        surveySentTo: h.recipient,
      })
      .from(h)
      .innerJoin(organisations, eq(organisations.id, h.organisationId))
      .where(or(inArray(h.requestNumber, numbers), sql`lower(${h.account}) = ${email}`, sql`lower(${h.recipient}) = ${email}`))
      .orderBy(asc(h.occurredAt))
      .all()
      .map((row) => ({ ...row, account: theirs(row.account), phone: theirs(row.phone), surveySentTo: theirs(row.surveySentTo) }));
  }

  #responses(numbers: string[], invitations: string[]): SubjectData['surveyResponses'] {
    const { surveyResponses: s, surveyAnswers: a } = schema;
    if (numbers.length === 0 && invitations.length === 0) return [];
    const rows = this.#db
      .select()
      .from(s)
      .where(aboutSubject(s, numbers, invitations))
      .orderBy(asc(s.createdAt))
      .all();
    return rows.map((row) => ({
      survey: row.survey,
      requestNumber: row.requestNumber,
      createdAt: row.createdAt,
      completedAt: row.completedAt,
      answers: Object.fromEntries(
        this.#db
          .select({ question: a.question, value: a.value })
          .from(a)
          .where(eq(a.responseId, row.id))
          .all()
          .map((x) => [x.question, x.value as AnswerValue]),
      ),
    }));
  }

  #callbacks(numbers: string[], invitations: string[]): SubjectData['callbacks'] {
    const { callbackRequests: c, organisations } = schema;
    if (numbers.length === 0 && invitations.length === 0) return [];
    return this.#db
      .select({
        survey: c.survey,
        requestNumber: c.requestNumber,
        organisation: organisations.code,
        phone: c.phone,
        note: c.note,
        createdAt: c.createdAt,
        doneAt: c.doneAt,
      })
      .from(c)
      .innerJoin(organisations, eq(organisations.id, c.organisationId))
      .where(aboutSubject(c, numbers, invitations))
      .orderBy(asc(c.createdAt))
      .all();
  }
}
