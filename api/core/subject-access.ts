/**
 * The customer's right of access (AVG art. 15): everything held about one e-mail address — the
 * aanvragen it may follow with their state, its mails, survey answers, helpdesk contacts,
 * call-back requests, klantenpanel invitations and its place in applicant organisations' portfolios. Never another address's data: a grantee sees only their own grant. Only
 * what the customer proved links data to them — their e-mail address (they signed in with it) and
 * the aanvragen they submitted — never a phone number, which nobody verified: a helpdesk contact
 * that noted the same number may be someone else's. The queries are the database's
 * (SubjectAccessQueries); the rules are here, once for both.
 */
import { dutchMobile } from '../../domain/helpdesk-routing.ts';
import type { RequestState } from '../../domain/request-state.ts';
import type { SubjectAccessQueries } from '../storage/contract.ts';
import type { SubjectData } from '../storage/store.ts';

/** Subjects of mails that carry a secret (the sign-in code) are listed without it. */
const withoutSecret = (kind: string, subject: string) =>
  kind.endsWith('inlogcode') ? subject.replace(/:\s*\d+\s*$/, '') : subject;

/** A phone number as written or as E.164, compared the same way (06 1234 5678 = +31612345678). */
const phoneKey = (phone: string) => dutchMobile(phone) ?? phone.replace(/[\s()-]/g, '');

export async function gatherSubjectData(q: SubjectAccessQueries, address: string): Promise<SubjectData> {
  const email = address.trim().toLowerCase();
  const own = await q.ownRequests(email);
  const ownNumbers = own.map((o) => o.number);
  const granted = (await q.grantedRequests(email)).filter((row) => !ownNumbers.includes(row.number));
  // Numbers the customer gave in their own aanvragen: shown back where a contact noted one, never used to find data.
  const ownPhones = new Set(own.flatMap((o) => (o.phone ? [phoneKey(o.phone)] : [])));

  const requests = (
    await Promise.all([
      ...own.map((row) => request(q, row, 'aanvrager', email)),
      ...granted.map((row) => request(q, row, 'gemachtigde', email)),
    ])
  ).sort((a, b) => a.number.localeCompare(b.number));

  const theirs = (value: string | null) =>
    value !== null && (value.toLowerCase() === email || ownPhones.has(phoneKey(value))) ? value : null;
  // What a contact noted about someone else — another account, a number not in their aanvragen — is left out.
  const helpdeskContacts = (await q.helpdeskContacts(email, ownNumbers)).map((row) => ({
    ...row,
    // As an instant in UTC: PostgreSQL keeps no offset, SQLite the sender's; the download says the same on both.
    occurredAt: new Date(row.occurredAt).toISOString(),
    account: theirs(row.account),
    phone: theirs(row.phone),
    surveySentTo: theirs(row.surveySentTo),
  }));
  // Survey links the customer was sent at their own address; an SMS link may have reached anyone.
  helpdeskContacts.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  // A klantenpanel invitation went to this address; its questionnaire's answers are theirs.
  const panelInvitations = await q.panelInvitations(email);
  const invitations = [
    ...requests.flatMap((req) => (req.endSurveyId ? [req.endSurveyId] : [])),
    ...helpdeskContacts.flatMap((h) => (h.surveySentTo?.toLowerCase() === email ? [h.id] : [])),
    ...panelInvitations.map((i) => i.id),
  ];
  const about = ownNumbers.length > 0 || invitations.length > 0;
  return {
    email,
    language: (await q.language(email)) ?? null,
    requests: requests.map(({ endSurveyId: _, ...req }) => req),
    mails: (await q.mails(email)).map((m) => ({ ...m, subject: withoutSecret(m.kind, m.subject) })),
    surveyResponses: about ? await q.surveyResponses(ownNumbers, invitations) : [],
    helpdeskContacts: helpdeskContacts.map(({ id: _, ...h }) => h),
    callbacks: about ? await q.callbacks(ownNumbers, invitations) : [],
    sessions: await q.sessions(email),
    portfolio: await q.portfolio(email),
    panelInvitations: panelInvitations.map(({ id: _, ...i }) => i),
  };
}

async function request(
  q: SubjectAccessQueries,
  row: { number: string; state: unknown },
  role: 'aanvrager' | 'gemachtigde',
  email: string,
) {
  const grants = (await q.grants(row.number, role === 'aanvrager' ? undefined : email))
    // Who gave the access is the applicant: their address is not the grantee's data.
    .map((grant) => (role === 'aanvrager' ? grant : { ...grant, grantedBy: 'de aanvrager' }));
  const invitation = await q.endSurvey(row.number, email);
  return {
    number: row.number,
    role,
    state: row.state as RequestState,
    notificationMode: (await q.notificationMode(row.number, email)) ?? 'alles',
    grants,
    calendarFeeds: await q.calendarFeeds(row.number, email),
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
