/**
 * What the staff pages under /beheer get as Astro.locals.traject.staff: the signed-in member
 * with their organisation and role, and read access limited to the organisation's scope
 * (domain/staff.ts). Every read goes through the scope; pages never query the store themselves.
 */
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import type { Context } from 'hono';
import type { AlertSettings } from '../domain/alert-settings.ts';
import { takesPart } from '../domain/authorization.ts';
import { dutchDate, type IsoDate } from '../domain/calendar.ts';
import {
  type CallbackAnswer,
  type CallbackClose,
  type CallbackFigures,
  callbackAnswer,
  callbackFigures,
  callbackWorkingDays,
} from '../domain/callback-handling.ts';
import { type Content, ContentError, DEFAULT_CONTENT_DIR, loadContent } from '../domain/content.ts';
import {
  type ContactMomentRow,
  combisInScope,
  type DashboardFigures,
  type DashboardFilters,
  type DashboardRow,
} from '../domain/dashboard-metrics.ts';
import type { FrequentApplicant, PanelForm } from '../domain/klantenpanels.ts';
import type { RequestState } from '../domain/request-state.ts';
import {
  may,
  mayOrganisePanels,
  mayProposeTexts,
  maySample,
  type Scope,
  type StaffAction,
  type StaffMember,
  scopeOf,
} from '../domain/staff.ts';
import { type AnswerValue, questionsFor, type Surveys } from '../domain/survey-schema.ts';
import type { Worklist, WorklistFilters } from '../domain/worklist.ts';
import { contractorShown, type Workload, workload, workloadPeriod } from '../domain/workload.ts';
import type { SecretBox } from './auth/secret-box.ts';
import { currentStaff, type StaffSignIn, staffFromCookie } from './auth/staff-sessions.ts';
import { enrolment, enrolmentKey } from './auth/totp.ts';
import { frequentApplicantsOf, panelAreas, panelOf, panelsOf, planPanel } from './core/klantenpanels.ts';
import { type NormImpactReport, normImpactReport } from './core/norm-impact.ts';
import { type DrawRequest, drawQualitySample, reviewQualitySample, type SampleReview } from './core/quality-samples.ts';
import type { TextProposals } from './core/text-proposals.ts';
import type { Logger } from './http/logger.ts';
import type {
  ApiKeyRecord,
  CallbackClaimResult,
  CallbackTask,
  ContactDetails,
  CustomerPanel,
  PanelInvitation,
  QualitySample,
  QualityVerdict,
  RequestSummary,
  StaffRecord,
  Store,
  WebhookDelivery,
  WebhookEndpoint,
} from './storage/store.ts';

/** What the staff pages need beyond the store: the text proposals and the content folder on disk. */
export type StaffPortalDeps = {
  texts?: TextProposals | undefined;
  contentDir?: string | undefined;
  /** Where each view of customers' contact details is recorded (AVG: who saw whose data, when, why). */
  log?: Logger | undefined;
};

export type StaffPortal = {
  member: StaffMember;
  /** False between the e-mail code and the TOTP code: only the second-factor page opens. */
  twoFactorVerified: boolean;
  /** Whether the member has set up an authenticator app. */
  enrolled: boolean;
  scope: Scope;
  may: (action: StaffAction) => boolean;
  find: (query: string, limit?: number) => Promise<RequestSummary[]>;
  /** The state of one aanvraag, only when the organisation takes part in it. */
  request: (number: string) => Promise<RequestState | undefined>;
  /** The organisation's staff and API keys (admins only; empty otherwise). */
  members: () => Promise<StaffRecord[]>;
  apiKeys: () => Promise<ApiKeyRecord[]>;
  /** The organisation's webhook endpoints, each with its latest deliveries (admins only; empty otherwise). */
  webhooks: () => Promise<{ endpoint: WebhookEndpoint; deliveries: WebhookDelivery[] }[]>;
  /** The TOTP key to set up the app with, and its QR code (api/auth/totp.ts enrolmentKey). */
  enrolment: () => { uri: string; qrSvg: string; secret: string };
  /** The combi areas the dashboard may be narrowed to: those in the organisation's scope. */
  dashboardCombis: () => { code: string; name: string }[];
  /** The texts of content/ and their proposals, for content editors only (domain/staff.ts mayProposeTexts); else undefined. */
  texts: TextProposals | undefined;
  /** The dashboard figures over the organisation's aanvragen that match the filters (viewers and up). */
  dashboard: (filters: DashboardFilters, now?: Date) => Promise<DashboardAnswer<DashboardFigures>>;
  /** The same selection as one row per aanvraag, for the CSV export. */
  dashboardRows: (filters: DashboardFilters, now?: Date) => Promise<DashboardAnswer<DashboardRow[]>>;
  /** The same selection as one row per contact moment and party, as the page counts them (the second CSV export). */
  dashboardContactMoments: (filters: DashboardFilters, now?: Date) => Promise<DashboardAnswer<ContactMomentRow[]>>;
  /**
   * Werkvoorraad en capaciteit (domain/workload.ts) over the dashboard's scope, judged on the day
   * of `now`; a contractor sees only its own figures (viewers and up).
   */
  workload: (now?: Date) => Promise<DashboardAnswer<Workload>>;
  /** Whether the member works for the platform: only they see the impact of a norm change. */
  platform: boolean;
  /**
   * The norms in content/ on disk against those the running portal uses (platform staff only;
   * a content file the check refuses answers its message instead). Reads, never writes.
   */
  normImpact: (now?: Date) => Promise<NormImpactAnswer>;
  /** The organisation's alert settings (domain/alert-settings.ts), for every member who may view. */
  alertSettings: () => Promise<AlertSettings>;
  /** Sets them (admins only): false without the right. */
  setAlertSettings: (settings: AlertSettings) => Promise<boolean>;
  /**
   * The member's own daily digest (api/core/daily-digest.ts): whether it is sent to them (only
   * planners and admins get one; undefined for a viewer), and switching it on or off.
   */
  digest: { wanted: () => Promise<boolean | undefined>; set: (wanted: boolean) => Promise<boolean> };
  /** The werklijst (domain/worklist.ts) over the organisation's aanvragen (viewers and up); a combi outside the scope is refused. */
  worklist: (filters: WorklistFilters, now?: Date) => Promise<DashboardAnswer<Worklist>>;
  /**
   * The applicant's name and phone number of these aanvragen in the scope, for planners and admins
   * only (viewers get nothing): each call is one "personal data viewed" line in the log.
   */
  contactDetails: (numbers: readonly string[], purpose: string) => Promise<Map<string, ContactDetails>>;
  /**
   * Quality samples of the organisation (combi-organisaties and grid operators; domain/staff.ts
   * maySample): undefined for others. Reading needs 'view', drawing and verdicts 'act'.
   */
  samples: QualitySamples | undefined;
  /** The "bel mij terug" requests the organisation must call (domain/callback-handling.ts): read by viewers and up, handled by planners. */
  callbacks: Callbacks;
  /**
   * Klantenpanels of the organisation's combi areas (combi-organisaties and the platform;
   * domain/staff.ts mayOrganisePanels): undefined for others. Reading needs 'view', planning 'act'.
   */
  panels: CustomerPanels | undefined;
};

/** An open call-back request on the werklijst: what the customer answered, how long they wait, and the number (planners only). */
export type CallbackView = {
  task: CallbackTask;
  answer: CallbackAnswer | undefined;
  /** Working days since the request (0: today). */
  waitDays: number;
  /** The number to call: the one the customer gave, else the aanvraag's; undefined for viewers. */
  phone: string | undefined;
};

export type Callbacks = {
  open: (surveys: Surveys, now?: Date) => Promise<CallbackView[]>;
  /** One open request of the organisation by its id; undefined when there is none (or it is another's). */
  task: (id: string) => Promise<CallbackTask | undefined>;
  /** Claim, give back and close: `forbidden` for a viewer, who may not. */
  claim: (id: string) => Promise<CallbackClaimResult | 'forbidden'>;
  unclaim: (id: string) => Promise<'released' | 'not-yours' | 'unknown' | 'forbidden'>;
  close: (id: string, close: CallbackClose) => Promise<CallbackClaimResult | 'forbidden'>;
  /** The dashboard's figures: open and claimed now, closed in the period with the time to call back (viewers and up). */
  figures: (from: IsoDate, to: IsoDate) => Promise<CallbackFigures | undefined>;
};

export type CustomerPanels = {
  /** Whether the member may plan panels, invite and share (planners and admins). */
  mayOrganise: boolean;
  /** The combi areas the organisation plans panels for. */
  areas: string[];
  applicants: (combi: string, min: number) => Promise<FrequentApplicant[] | undefined>;
  list: () => Promise<CustomerPanel[]>;
  /** One panel of the organisation's areas, with its invitees and the questionnaire's answers; undefined for another's. */
  panel: (
    id: number,
  ) => Promise<{ panel: CustomerPanel; invitations: PanelInvitation[]; answers: Record<string, AnswerValue>[] } | undefined>;
  /** Plans a panel for one of its areas; undefined without the right or for another area. */
  plan: (form: PanelForm) => Promise<CustomerPanel | undefined>;
};

export type QualitySamples = {
  /** Whether the member may draw samples and record verdicts. */
  mayReview: boolean;
  list: () => Promise<QualitySample[]>;
  /** The organisation's own sample, reviewed against the standard by `content`'s norms. */
  review: (id: number, content: Content) => Promise<SampleReview | undefined>;
  /** Draws over the aanvragen of the organisation's scope; undefined without the right. */
  draw: (request: DrawRequest) => Promise<QualitySample | undefined>;
  verdict: (sampleId: number, itemId: number, verdict: Omit<QualityVerdict, 'by' | 'at'>) => Promise<boolean>;
};

export type NormImpactAnswer =
  | { ok: true; value: NormImpactReport }
  | { ok: false; status: 403; message: string }
  | { ok: false; status: 422; message: string };

/** A dashboard answer, or why there is none: no permission (403), or a combi outside the scope (400). */
export type DashboardAnswer<T> =
  | { ok: true; value: T }
  | { ok: false; status: 403; message: string }
  | { ok: false; status: 400; field: string; message: string };

/** The portal of a signed-in staff member, or undefined when the session or member is gone. */
export async function staffPortal(
  store: Store,
  box: SecretBox,
  signIn: StaffSignIn,
  { texts, contentDir = DEFAULT_CONTENT_DIR, log }: StaffPortalDeps = {},
): Promise<StaffPortal | undefined> {
  const record = await store.staff.byId(signIn.staffId);
  const org = record && store.organisation(record.organisation);
  if (!record || !org || record.disabledAt) return undefined;
  const member: StaffMember = {
    id: record.id,
    email: record.email,
    name: record.name,
    role: record.role,
    organisation: { code: org.code, name: org.name, kind: org.kind },
  };
  const scope = scopeOf(org, store.combiCodes(), store);
  const verified = signIn.twoFactorVerified;
  const allowed = (action: StaffAction) => verified && may(record.role, action);
  const combis = () => combisInScope(scope, store.combiCodes(), store);
  const refused = { ok: false, status: 403, message: 'Uw rol geeft geen toegang tot het dashboard.' } as const;
  const dashboard = async <T>(filters: { combi?: string | undefined }, read: () => Promise<T>): Promise<DashboardAnswer<T>> => {
    if (!allowed('view')) return refused;
    if (filters.combi !== undefined && !combis().includes(filters.combi)) {
      return { ok: false, status: 400, field: 'combi', message: 'combi: deze combi hoort niet bij uw organisatie' };
    }
    return { ok: true, value: await read() };
  };
  const mayReview = verified && maySample(member, 'act');
  const samples: QualitySamples | undefined =
    verified && maySample(member, 'view')
      ? {
          mayReview,
          list: () => store.qualitySamples.ofOrganisation(org.code),
          review: (id, content) => reviewQualitySample(store.qualitySamples, (n) => store.requestState(n), content, org.code, id),
          draw: async (request) =>
            mayReview ? drawQualitySample(store.qualitySamples, scope, org.code, request, record.name) : undefined,
          verdict: async (sampleId, itemId, verdict) =>
            mayReview &&
            store.qualitySamples.recordVerdict(org.code, sampleId, itemId, { ...verdict, by: record.name, at: new Date() }),
        }
      : undefined;
  const contactDetails = async (numbers: readonly string[], purpose: string) => {
    if (!allowed('act') || numbers.length === 0) return new Map<string, ContactDetails>();
    const details = await store.staff.contactDetails(scope, numbers);
    if (details.size > 0) logViewed(purpose, ['naam', 'telefoon'], [...details.keys()]);
    return details;
  };
  /** The AVG record of processing: who saw whose contact details, for what; no details themselves. */
  const logViewed = (purpose: string, data: string[], requests: string[]) =>
    log?.({ msg: 'personal data viewed', purpose, staffId: record.id, organisation: org.code, data, requests });
  const handle = <T>(act: () => Promise<T>): Promise<T | 'forbidden'> => (allowed('act') ? act() : Promise.resolve('forbidden'));
  // Every call names the member's own organisation: the isolation rule of call-backs (domain/callback-handling.ts).
  const callbacks: Callbacks = {
    open: async (surveys, now = new Date()) => {
      if (!allowed('view')) return [];
      const tasks = await store.callbacks.openTasks(org.code);
      const responses = await store.responses.getMany(tasks.map((t) => t.invitationId));
      // Without a number of its own, the aanvraag's (the customer said "call the number you have").
      const fallback = await contactDetails(
        [...new Set(tasks.flatMap((t) => (!t.phone && t.requestNumber ? [t.requestNumber] : [])))],
        'terugbelverzoeken',
      );
      const own = tasks.filter((t) => t.phone);
      if (allowed('act') && own.length > 0)
        logViewed(
          'terugbelverzoeken',
          ['telefoon'],
          own.map((t) => t.requestNumber ?? `terugbelverzoek ${t.id}`),
        );
      return tasks.map((task) => {
        const response = responses.get(task.invitationId);
        const survey = surveys.get(task.survey as never);
        const phone = task.phone ?? (task.requestNumber ? fallback.get(task.requestNumber)?.phone : undefined) ?? undefined;
        return {
          task,
          answer:
            response && survey
              ? callbackAnswer(questionsFor(survey, response.trigger ?? undefined), response.answers)
              : undefined,
          waitDays: callbackWorkingDays(task.createdAt, now),
          phone: allowed('act') ? phone : undefined,
        };
      });
    },
    task: async (id) => (allowed('view') ? (await store.callbacks.openTasks(org.code)).find((t) => t.id === id) : undefined),
    claim: (id) => handle(() => store.callbacks.claim(org.code, id, record.id, new Date())),
    // An admin may give back anyone's claim, so a request claimed by someone who left is not stuck.
    unclaim: (id) => handle(() => store.callbacks.unclaim(org.code, id, allowed('manage') ? 'anyone' : record.id)),
    close: (id, close) => handle(() => store.callbacks.close(org.code, id, record.id, close, new Date())),
    figures: async (from, to) => {
      if (!allowed('view')) return undefined;
      // From the start of `from` in the Netherlands at the latest (a day is at most 2 hours ahead of UTC).
      const since = new Date(Date.parse(from) - 2 * 3_600_000);
      return callbackFigures(await store.callbacks.handling(org.code, since), from, to);
    },
  };
  const mayOrganise = verified && mayOrganisePanels(member, 'act');
  const panels: CustomerPanels | undefined =
    verified && mayOrganisePanels(member, 'view')
      ? {
          mayOrganise,
          areas: panelAreas(store, scope),
          applicants: (combi, min) => frequentApplicantsOf(store, scope, combi, min),
          list: () => panelsOf(store, scope),
          panel: async (id) => {
            const panel = await panelOf(store, scope, id);
            return (
              panel && {
                panel,
                invitations: await store.panels.invitations(panel.id),
                answers: await store.panels.questionnaireAnswers(panel.id),
              }
            );
          },
          plan: async (form) => (mayOrganise ? planPanel(store, scope, org.code, form, record.name) : undefined),
        }
      : undefined;
  return {
    member,
    samples,
    callbacks,
    panels,
    twoFactorVerified: verified,
    enrolled: record.totpKey !== null,
    scope,
    may: allowed,
    find: async (query, limit = 50) => (allowed('view') ? store.staff.findRequests(scope, query, limit) : []),
    request: async (number) => {
      if (!allowed('view')) return undefined;
      const state = await store.requestState(number);
      return state?.submittedAt && takesPart(org, state, store) ? state : undefined;
    },
    members: async () => (allowed('manage') ? store.staff.ofOrganisation(org.code) : []),
    apiKeys: async () => (allowed('manage') ? store.staff.apiKeys(org.code) : []),
    webhooks: async () => {
      if (!allowed('manage')) return [];
      const endpoints = await store.webhooks.ofOrganisation(org.code);
      return Promise.all(
        endpoints.map(async (endpoint) => ({ endpoint, deliveries: await store.webhooks.deliveries(org.code, endpoint.id, 20) })),
      );
    },
    enrolment: () => {
      const key = enrolmentKey(box, signIn.sessionId);
      return { ...enrolment(key, record.email), secret: encodeBase32UpperCaseNoPadding(key) };
    },
    dashboardCombis: () => (allowed('view') ? combis().map((code) => ({ code, name: store.combi(code)?.name ?? code })) : []),
    texts: verified && mayProposeTexts(member) ? texts : undefined,
    dashboard: (filters, now) => dashboard(filters, () => store.dashboard.figures(scope, filters, now)),
    dashboardRows: (filters, now) => dashboard(filters, () => store.dashboard.rows(scope, filters, now)),
    dashboardContactMoments: (filters, now) => dashboard(filters, () => store.dashboard.contactMomentRows(scope, filters, now)),
    workload: async (now = new Date()) => {
      if (!allowed('view')) return refused;
      const today = dutchDate(now);
      const { planned, delivered } = await store.dashboard.workloadStarts(scope, workloadPeriod(today));
      return { ok: true, value: workload(planned, delivered, today, contractorShown(org)) };
    },
    platform: org.kind === 'platform',
    alertSettings: () => store.alerts.settings(org.code),
    setAlertSettings: async (settings) => {
      if (!allowed('manage')) return false;
      await store.alerts.set(org.code, settings, record.id, new Date());
      return true;
    },
    digest: {
      wanted: async () => (allowed('act') ? store.alerts.wantsDigest(record.id) : undefined),
      set: async (wanted) => {
        if (!allowed('act')) return false;
        await store.alerts.setWantsDigest(record.id, wanted, new Date());
        return true;
      },
    },
    // "Planning in gevaar" with the organisation's N (domain/date-at-risk.ts).
    worklist: (filters, now) =>
      dashboard(filters, async () =>
        store.dashboard.worklist(scope, { ...filters, riskDays: (await store.alerts.settings(org.code)).riskDays }, now),
      ),
    contactDetails,
    normImpact: async (now = new Date()) => {
      if (!allowed('view') || org.kind !== 'platform')
        return { ok: false, status: 403, message: 'Alleen medewerkers van het platform zien de gevolgen van een normwijziging.' };
      let onDisk: Content;
      try {
        onDisk = loadContent(contentDir);
      } catch (error) {
        if (!(error instanceof ContentError)) throw error;
        return { ok: false, status: 422, message: error.message };
      }
      return { ok: true, value: await normImpactReport(store.norms, onDisk, (code) => store.organisation(code), now) };
    },
  };
}

/** What a staff request for `action` meets: the member, a page they must go to first, or a refusal. */
type StaffGate = { pass: StaffPortal } | { redirect: string } | { refuse: true };

/**
 * The one order of checks before every staff page, form and download: a live session and member,
 * then the second factor, then the role. `signIn` is where a missing session is sent.
 */
export function staffGate(
  portal: StaffPortal | undefined,
  action: StaffAction,
  signIn = '/beheer/inloggen?fout=sessie',
): StaffGate {
  if (!portal) return { redirect: signIn };
  if (!portal.twoFactorVerified) return { redirect: '/beheer/tweede-stap' };
  if (!portal.may(action)) return { refuse: true };
  return { pass: portal };
}

/** The portal of the member signed in on this request, or undefined. */
export async function staffOf(c: Context, store: Store, box: SecretBox): Promise<StaffPortal | undefined> {
  const signIn = await currentStaff(c, store.staff);
  return signIn && (await staffPortal(store, box, signIn));
}

/** The staff portal for a request's cookies, and the Set-Cookie when the session was extended. */
export async function staffContext(store: Store, box: SecretBox, cookieHeader: string | undefined, deps?: StaffPortalDeps) {
  const { signIn, setCookie } = await staffFromCookie(store.staff, cookieHeader);
  return { staff: signIn ? await staffPortal(store, box, signIn, deps) : undefined, setCookie };
}
