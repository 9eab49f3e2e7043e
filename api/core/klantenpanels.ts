/**
 * Klantenpanels (issue 16.2, domain/klantenpanels.ts): who of a combi area applies often, planning
 * a panel, inviting applicants by mail with their personal link, registering and cancelling by
 * that link (the waiting list moves up, its first is mailed), the questionnaire beforehand and the
 * summary afterwards. A combi-organisatie works on its own combi areas only, the platform on all:
 * the scope rule of domain/staff.ts (`inScope`), applied here once for every panel read or write.
 */
import { dutchInstant } from '../../domain/calendar.ts';
import {
  type FrequentApplicant,
  frequentApplicants,
  frequentSince,
  mayStillCancel,
  type PanelForm,
  questionnaireDue,
  type RegistrationOutcome,
} from '../../domain/klantenpanels.ts';
import type { Lang } from '../../domain/language.ts';
import { inScope, type Scope } from '../../domain/staff.ts';
import { type PanelLinks, panelLinks } from '../auth/panel-links.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { type PanelMailKind, panelMail } from '../mail/templates.ts';
import type { CustomerPanel, NewOutboxMail, PanelInvitation, PanelSummary, Store } from '../storage/store.ts';

/** What mails need: the links and the portal's address. */
export type PanelMailer = { links: PanelLinks; url: (path: string) => string };

/** The panel mails' links, from the server's secret box and its public address: for the routes and the questionnaire job alike. */
export function panelMailer(box: SecretBox, url: (path: string) => string): PanelMailer {
  return { links: panelLinks(box), url };
}

/** Whether the scope's organisation works on this combi area: the one rule for every panel. */
const ownArea = (scope: Scope, combi: string) => inScope(scope, combi, []);

/** The frequent applicants of a combi area in the scope; undefined for an area outside it. */
export async function frequentApplicantsOf(
  store: Store,
  scope: Scope,
  combi: string,
  min: number,
  now = new Date(),
): Promise<FrequentApplicant[] | undefined> {
  if (!store.combi(combi) || !ownArea(scope, combi)) return undefined;
  const { aanvragen, answers } = await store.panels.applicants(scope, combi, dutchInstant(frequentSince(now), '00:00'));
  return frequentApplicants(aanvragen, answers, min);
}

/** The combi areas whose panels the scope plans. */
export function panelAreas(store: Store, scope: Scope): string[] {
  return store.combiCodes().filter((code) => ownArea(scope, code));
}

export async function panelsOf(store: Store, scope: Scope): Promise<CustomerPanel[]> {
  return (await store.panels.list()).filter((p) => ownArea(scope, p.combi));
}

/** One panel, only when it is of the scope's areas (another's does not exist for it). */
export async function panelOf(store: Store, scope: Scope, id: number): Promise<CustomerPanel | undefined> {
  const panel = await store.panels.panel(id);
  return panel && ownArea(scope, panel.combi) ? panel : undefined;
}

export async function planPanel(
  store: Store,
  scope: Scope,
  organisation: string,
  form: PanelForm,
  by: string,
): Promise<CustomerPanel | undefined> {
  if (!store.combi(form.combi) || !ownArea(scope, form.combi)) return undefined;
  return store.panels.create({
    combi: form.combi,
    organisation,
    title: form.titel,
    startsAt: new Date(dutchInstant(form.datum, form.tijd)).toISOString(),
    place: form.plaats,
    capacity: form.capaciteit,
    deadline: form.aanmeldenTot,
    partners: form.partners,
    createdBy: by,
  });
}

const PAGE = '/klantenpanel';

/** The invitee's personal page, in their language. */
export function panelPagePath(token: string, lang: Lang): string {
  return `${lang === 'en' ? '/en' : ''}${PAGE}/${token}`;
}

/** The questionnaire before the panel: the survey engine's page for links (/enquete/{token}). */
export function panelQuestionnairePath(token: string, lang: Lang): string {
  return `${lang === 'en' ? '/en' : ''}/enquete/${token}`;
}

function mailTo(
  mailer: PanelMailer,
  kind: PanelMailKind,
  panel: CustomerPanel,
  invitee: Pick<PanelInvitation, 'id' | 'name' | 'email' | 'lang'>,
): NewOutboxMail {
  const token = mailer.links.tokenOf(invitee.id);
  const path = kind === 'vragenlijst' ? panelQuestionnairePath(token, invitee.lang) : panelPagePath(token, invitee.lang);
  return {
    // One mail of each kind per invitee, whatever the retries.
    idempotencyKey: `klantenpanel:${kind}:${invitee.id}`,
    kind: `klantenpanel-${kind}`,
    to: invitee.email,
    ...panelMail(kind, panel, invitee.name, mailer.url(path), invitee.lang),
  };
}

export type InviteResult = { invited: number; alreadyInvited: number; unknown: string[] };

/**
 * Invites the chosen applicants: only those on the area's frequent-applicant list now (what the
 * page did not offer, the server does not mail). Each gets a personal link, by mail through the outbox.
 */
export async function inviteApplicants(
  store: Store,
  mailer: PanelMailer,
  scope: Scope,
  panel: CustomerPanel,
  keys: readonly string[],
  min: number,
  now = new Date(),
): Promise<InviteResult> {
  const listed = new Map(((await frequentApplicantsOf(store, scope, panel.combi, min, now)) ?? []).map((a) => [a.key, a]));
  const chosen = [...new Set(keys)];
  const unknown = chosen.filter((k) => !listed.has(k));
  const invitees = await Promise.all(
    chosen.flatMap((key) => {
      const applicant = listed.get(key);
      if (!applicant) return [];
      return [
        (async () => {
          const { id, secretHash } = mailer.links.mint();
          const lang = (await store.access.language(applicant.email)) ?? 'nl';
          const invitation = {
            id,
            applicantKey: key,
            name: applicant.name || applicant.email,
            email: applicant.email,
            lang,
            secretHash,
          };
          return { invitation, mail: mailTo(mailer, 'uitnodiging', panel, invitation) };
        })(),
      ];
    }),
  );
  const invited = await store.panels.invite(panel.id, invitees, now);
  return { invited, alreadyInvited: invitees.length - invited, unknown };
}

export type OpenedPanelLink = { invitation: PanelInvitation; panel: CustomerPanel };

/** The invitation a personal link opens, with its panel; undefined for a wrong or unknown link. */
export async function openPanelLink(store: Store, links: PanelLinks, token: string): Promise<OpenedPanelLink | undefined> {
  const id = links.idOf(token);
  const found = id === undefined ? undefined : await store.panels.invitation(id);
  const invitation = found && links.matches(token, found.secretHash) ? found : undefined;
  const panel = invitation && (await store.panels.panel(invitation.panelId));
  return invitation && panel ? { invitation, panel } : undefined;
}

export async function registerByLink(store: Store, opened: OpenedPanelLink, now = new Date()): Promise<RegistrationOutcome> {
  return (await store.panels.register(opened.invitation.id, now)) ?? 'te-laat';
}

/** Cancels by the invitee's own link; a freed place goes to the first on the waiting list, who is mailed. */
export async function cancelByLink(store: Store, mailer: PanelMailer, opened: OpenedPanelLink, now = new Date()) {
  if (!mayStillCancel(opened.panel, now)) return { cancelled: false, started: true } as const;
  return store.panels.cancel(opened.invitation.id, now, (promoted) => mailTo(mailer, 'plaats', opened.panel, promoted));
}

/** Mails the questionnaire to everyone registered or waiting, once per panel; false when it went before. */
export async function sendQuestionnaire(store: Store, mailer: PanelMailer, panel: CustomerPanel, now = new Date()) {
  const invitees = (await store.panels.invitations(panel.id)).filter((i) => i.state === 'aangemeld' || i.state === 'wachtlijst');
  return store.panels.questionnaireSent(
    panel.id,
    invitees.map((i) => mailTo(mailer, 'vragenlijst', panel, i)),
    now,
  );
}

/**
 * Sends the questionnaire of every panel it is due for (domain/klantenpanels.ts questionnaireDue);
 * returns how many went. Safe on several processes: a panel's questionnaire is marked sent once.
 */
export async function sendDueQuestionnaires(store: Store, mailer: PanelMailer, now = new Date()): Promise<number> {
  let sent = 0;
  for (const panel of await store.panels.list())
    if (questionnaireDue(panel, now) && (await sendQuestionnaire(store, mailer, panel, now))) sent++;
  return sent;
}

/** The questionnaires going out by themselves: checked every `intervalMs` (ten minutes; a day late is no harm). */
export function startPanelQuestionnaireJob({
  store,
  mailer,
  log,
  mailQueued,
  intervalMs = 10 * 60_000,
}: {
  store: Store;
  mailer: PanelMailer;
  log: (line: { level?: 'error'; msg: string; [key: string]: unknown }) => void;
  mailQueued?: () => void;
  intervalMs?: number;
}) {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= (async () => {
      try {
        const sent = await sendDueQuestionnaires(store, mailer);
        if (sent > 0) {
          log({ msg: 'panel questionnaires sent', panels: sent });
          mailQueued?.();
        }
      } catch (error) {
        log({ level: 'error', msg: 'panel questionnaires failed', error: (error as Error).message });
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Shares the summary with the participants: the page behind their link shows it, and each is mailed once. */
export async function shareSummary(
  store: Store,
  mailer: PanelMailer,
  panel: CustomerPanel,
  summary: PanelSummary,
  now = new Date(),
) {
  await store.panels.shareSummary(panel.id, summary, now);
  const participants = (await store.panels.invitations(panel.id)).filter((i) => i.state === 'aangemeld');
  for (const p of participants) await store.outbox.enqueue(mailTo(mailer, 'verslag', panel, p));
}
