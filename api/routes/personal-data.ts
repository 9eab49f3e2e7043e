/**
 * GET /volg/mijn-gegevens: a signed-in customer downloads everything Traject holds about them as
 * JSON (AVG art. 15 and 20). The data is gathered by store.retention.subjectAccess; this file
 * only words it for the customer, in Dutch. Mail bodies are never in it: they held personal links.
 */
import { Hono } from 'hono';
import { dutchDate } from '../../domain/calendar.ts';
import type { Content } from '../../domain/content.ts';
import type { OrganisationLookup } from '../../domain/next-step.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { requestStatus } from '../../domain/status.ts';
import { currentCustomer } from '../auth/sessions.ts';
import type { Store, SubjectData } from '../storage/store.ts';

const PERSONAL_DATA_PATH = '/volg/mijn-gegevens';

const PLANNING_FIELDS = {
  wishDate: 'wensdatum',
  provisionalWeek: 'voorlopige uitvoerweek',
  confirmedStart: 'startdatum',
  inspection: 'schouw',
} as const;
const MAIL_STATUS: Record<string, string> = { pending: 'wacht op verzending', sent: 'verstuurd', failed: 'niet verstuurd' };

type Words = { content: Content; organisations: OrganisationLookup; now: Date };

/** One aanvraag as the customer sees it on its page, plus what we keep about them around it. */
function aanvraag(req: SubjectData['requests'][number], { content, organisations, now }: Words) {
  const state: RequestState = req.state;
  const status = requestStatus(state, content, organisations, now);
  const organisationName = (code: string) => organisations(code)?.name ?? code;
  const a = state.address;
  return {
    aanvraagnummer: req.number,
    rol: req.role,
    // Someone with access follows the aanvraag, but the applicant's own details are not theirs.
    aanvrager:
      req.role === 'aanvrager' && state.applicant
        ? { naam: state.applicant.name, email: state.applicant.email, telefoon: state.applicant.phone ?? null }
        : null,
    adres: a
      ? {
          straat: a.street,
          huisnummer: a.houseNumber,
          toevoeging: a.houseNumberAddition ?? null,
          postcode: a.postcode,
          plaats: a.city,
        }
      : null,
    status: {
      fase: status.phase.name,
      soort: state.kind ?? null,
      ingediendOp: status.submittedAt ?? null,
      opgeleverdOp: status.deliveredAt,
      geannuleerd: status.cancelled ? { op: status.cancelled.at, reden: status.cancelled.reason ?? null } : null,
      opdrachten: status.disciplines.map((d) => ({
        discipline: d.discipline,
        status: d.statusText,
        netbeheerder: d.gridOperator.name,
        aannemer: d.contractor?.name ?? null,
      })),
      volgendeStap: status.nextStep?.text ?? null,
      contactpersoon: status.contactPerson ? { naam: status.contactPerson.name, telefoon: status.contactPerson.phone } : null,
    },
    planning: {
      wensdatum: state.planning.wishDate ?? null,
      voorlopigeUitvoerweek: state.planning.provisionalWeek ?? null,
      startdatum: state.planning.confirmedStart ?? null,
      schouw: state.planning.inspection ?? null,
      geschiedenis: state.planning.history.map((h) => ({
        op: h.at,
        wat: PLANNING_FIELDS[h.field],
        nieuw: h.value,
        was: h.previous ?? null,
        door: organisationName(h.by),
        medewerker: h.staffName ?? null,
        waarom: h.reason,
      })),
    },
    contactmomenten: state.contactMoments.map((c) => ({
      op: c.at,
      contactmoment: c.code,
      kanaal: c.channel,
      organisatie: organisationName(c.organisation),
      medewerker: c.staffName,
      gesprokenMet: c.spokeWith,
      onderwerp: c.subject,
      samenvatting: c.summary,
    })),
    meldingen: req.notificationMode,
    toegang: req.grants.map((g) => ({ email: g.email, gegevenDoor: g.grantedBy, sinds: g.createdAt })),
    agendaAbonnementen: req.calendarFeeds.map((f) => ({ sinds: f.createdAt, ingetrokkenOp: f.revokedAt })),
    eindmeting: req.endSurvey
      ? {
          status: req.endSurvey.status,
          redenOvergeslagen: req.endSurvey.skipReason,
          op: req.endSurvey.createdAt,
          geldigTot: req.endSurvey.expiresAt,
          ingevuldOp: req.endSurvey.usedAt,
        }
      : null,
  };
}

/** The download: Dutch keys, dates as stored (ISO 8601). */
function personalDataExport(data: SubjectData, words: Words) {
  const organisationName = (code: string) => words.organisations(code)?.name ?? code;
  return {
    toelichting:
      'Alle gegevens die Traject over u bewaart, zoals op ' +
      dutchDate(words.now) +
      '. De inhoud van e-mails bewaren we niet: die bevatte persoonlijke links. Vragen hierover? Neem contact op met uw netbeheerder.',
    emailadres: data.email,
    taalVanUwEmails: data.language === 'en' ? 'Engels' : 'Nederlands',
    aanvragen: data.requests.map((req) => aanvraag(req, words)),
    berichtenAanU: data.mails.map((m) => ({
      soort: m.kind,
      kanaal: m.channel,
      onderwerp: m.subject,
      aanvraagnummer: m.requestNumber,
      status: MAIL_STATUS[m.status] ?? m.status,
      aangemaaktOp: m.createdAt,
      verstuurdOp: m.sentAt,
    })),
    enquetes: data.surveyResponses.map((r) => ({
      vragenlijst: r.survey,
      aanvraagnummer: r.requestNumber,
      begonnenOp: r.createdAt,
      afgerondOp: r.completedAt,
      antwoorden: r.answers,
    })),
    helpdeskcontacten: data.helpdeskContacts.map((h) => ({
      organisatie: organisationName(h.organisation),
      op: h.occurredAt,
      aanvraagnummer: h.requestNumber,
      account: h.account,
      telefoon: h.phone,
      enqueteVia: h.surveyRoute,
      enqueteVerstuurdAan: h.surveySentTo,
    })),
    terugbelverzoeken: data.callbacks.map((c) => ({
      vragenlijst: c.survey,
      aanvraagnummer: c.requestNumber,
      organisatie: organisationName(c.organisation),
      telefoon: c.phone,
      opmerking: c.note,
      op: c.createdAt,
      afgehandeldOp: c.doneAt,
      afgehandeldAls: c.closeReason,
      toelichtingBijAfhandeling: c.closeNote,
    })),
    inlogsessies: data.sessions.map((s) => ({ begonnenOp: s.createdAt, verlooptOp: s.expiresAt })),
    // The portfolio of a business applicant (decision 0045): what this address may see there.
    organisaties: {
      lidmaatschappen: data.portfolio.memberships.map((m) => ({ kvkNummer: m.kvk, rol: m.role, sinds: m.addedAt })),
      projecttoegang: data.portfolio.delegations.map((d) => ({ kvkNummer: d.kvk, project: d.project, sinds: d.addedAt })),
      agendaAbonnementen: data.portfolio.calendarFeeds.map((f) => ({
        kvkNummer: f.kvk,
        sinds: f.createdAt,
        ingetrokkenOp: f.revokedAt,
      })),
    },
    // Invitations to a klantenpanel (decision 0044); the questionnaire's answers are under enquetes.
    klantenpanels: data.panelInvitations.map((i) => ({
      panel: i.panel,
      begintOp: i.startsAt,
      plaats: i.place,
      naam: i.name,
      status: i.state,
      uitgenodigdOp: i.invitedAt,
      aangemeldOp: i.registeredAt,
      afgemeldOp: i.cancelledAt,
    })),
  };
}

export function personalDataRoutes({ store, content }: { store: Store; content: Content }) {
  const app = new Hono();
  // Its no-store and no-referrer headers come from api/http/security-headers.ts, as for every /volg page.
  app.get(PERSONAL_DATA_PATH, async (c) => {
    const customer = await currentCustomer(c, store.access);
    if (!customer) return c.redirect('/volg?fout=inloggen', 303);
    const now = new Date();
    const data = await store.retention.subjectAccess(customer.email);
    const words: Words = { content, now, organisations: (code) => store.organisation(code) };
    return c.body(JSON.stringify(personalDataExport(data, words), null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="traject-gegevens-${dutchDate(now)}.json"`,
    });
  });
  return app;
}
