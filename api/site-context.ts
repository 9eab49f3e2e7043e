/**
 * What the on-demand pages (track & trace) get from the server as Astro.locals: the signed-in
 * customer and read access to their aanvragen. The pages never see another customer's data:
 * `requestFor` answers only for aanvragen this customer may follow.
 */

import type { Content } from '../domain/content.ts';
import type { StartCurve } from '../domain/expected-window.ts';
import type { Lang } from '../domain/language.ts';
import type { Organisation } from '../domain/next-step.ts';
import { type PortfolioFilters, parsePortfolioFilters } from '../domain/portfolio.ts';
import type { RequestState } from '../domain/request-state.ts';
import type { Surveys } from '../domain/survey-schema.ts';
import { calendarFeedTokens } from './auth/calendar-feed-tokens.ts';
import { panelLinks } from './auth/panel-links.ts';
import type { SecretBox } from './auth/secret-box.ts';
import { type Customer, customerFromCookie } from './auth/sessions.ts';
import { type OpenedPanelLink, openPanelLink } from './core/klantenpanels.ts';
import { type PortfolioAccess, type PortfolioView, portfolioAccess, portfolioAccessOf, portfolioView } from './core/portfolio.ts';
import { calendarFeedPath } from './routes/calendar-feed.ts';
import { portfolioFeedPath } from './routes/portfolio-calendar.ts';
import { type StaffPortal, type StaffPortalDeps, staffContext } from './staff-portal.ts';
import type { NotificationMode, OrganisationMember, ProjectDelegate, Store } from './storage/store.ts';
import { type OpenedInvitation, openInvitation } from './survey-link.ts';

export type PortfolioAnswer =
  | { ok: true; access: PortfolioAccess; filters: PortfolioFilters; view: PortfolioView }
  | { ok: false; status: 400; field: string; message: string }
  | { ok: false; status: 404 };

export type SiteContext = {
  customer: Customer | undefined;
  content: Content;
  now: Date;
  organisation: (code: string) => Organisation | undefined;
  combiName: (code: string) => string;
  /** The aanvragen this customer may follow, with their state: the list page's one read. */
  followed: () => Promise<{ number: string; state: RequestState }[]>;
  /** The state of one aanvraag, only if this customer may follow it. */
  requestFor: (number: string) => Promise<RequestState | undefined>;
  /** The aanvragen of the same combi and kind as they stand now, started or not, for the expected window. */
  comparableStarts: (combi: string, kind: string) => Promise<StartCurve>;
  notificationMode: (number: string) => Promise<NotificationMode>;
  /** The language the signed-in customer chose for their mails; undefined when never chosen. */
  mailLanguage: () => Promise<Lang | undefined>;
  /** The eindmeting a personal survey link opens (no sign-in needed: the link is the key). */
  surveyInvitation: (token: string) => Promise<OpenedInvitation>;
  surveys: Surveys;
  /** The klantenpanel invitation a personal link opens (the link is the key), with its panel. */
  panelLink: (token: string) => Promise<OpenedPanelLink | undefined>;
  grants: (number: string) => Promise<{ email: string }[]>;
  /** This customer's live calendar feed of the aanvraag, if they made one: absolute with PUBLIC_URL, else a path. */
  calendarFeed: (number: string, lang: 'nl' | 'en') => Promise<string | undefined>;
  /** The applicant organisations the signed-in customer is a member of (domain/applicant-organisations.ts). */
  memberships: () => Promise<(OrganisationMember & { domain: string })[]>;
  /** The delegates of an organisation's projects and its projects, only for one of its members. */
  organisationDelegates: (kvk: string) => Promise<{ delegates: ProjectDelegate[]; projects: string[] } | undefined>;
  /** The members of an organisation, only for one of its members. */
  organisationMembers: (kvk: string) => Promise<OrganisationMember[] | undefined>;
  /** The portfolios the signed-in customer may see (api/core/portfolio.ts). */
  portfolios: () => Promise<PortfolioAccess[]>;
  /**
   * One organisation's portfolio with the page's filters: 404 when this customer may not see it
   * (or the project asked for), 400 with the field when a filter is wrong.
   */
  portfolio: (kvk: string, query: Record<string, string | undefined>) => Promise<PortfolioAnswer>;
  /** This member's live calendar feed of the portfolio, if they made one: absolute with PUBLIC_URL, else a path. */
  portfolioFeed: (kvk: string, lang: 'nl' | 'en') => Promise<string | undefined>;
  /** The signed-in staff member on /beheer pages (api/staff-portal.ts); undefined elsewhere. */
  staff: StaffPortal | undefined;
};

/** Builds the context for one request; `setCookie` lists the session cookies that were extended. */
export async function siteContext(
  store: Store,
  content: Content,
  surveys: Surveys,
  cookieHeader: string | undefined,
  /** The page asked for, and the server's secret box for the staff's second factor; without it, only the customer's session is read. */
  page?: { path: string; box: SecretBox; publicUrl?: string | undefined; deps?: StaffPortalDeps | undefined },
) {
  const path = page?.path;
  const staffSide =
    page && (path === '/beheer' || path?.startsWith('/beheer/'))
      ? await staffContext(store, page.box, cookieHeader, page.deps)
      : undefined;
  // Only the track & trace pages show the customer: elsewhere their session is not read (nor extended).
  const customerPage = path === undefined || /^\/(en\/)?volg(\/|$)/.test(path);
  const { customer, setCookie: customerCookie } = customerPage
    ? await customerFromCookie(store.access, cookieHeader)
    : { customer: undefined, setCookie: undefined };
  const now = new Date();
  let ownMemberships: Promise<(OrganisationMember & { domain: string })[]> | undefined;
  const memberships = () => {
    ownMemberships ??= customer ? store.applicantOrganisations.memberships(customer.email) : Promise.resolve([]);
    return ownMemberships;
  };
  const context: SiteContext = {
    customer,
    content,
    now,
    organisation: (code) => store.organisation(code),
    combiName: (code) => store.combi(code)?.name ?? code,
    followed: async () => {
      // The numbers are exactly those this customer may follow: no check per aanvraag after it.
      const numbers = customer ? await store.access.requestNumbersFor(customer.email) : [];
      const states = await Promise.all(numbers.map((number) => store.requestState(number)));
      return numbers.flatMap((number, i) => (states[i] ? [{ number, state: states[i] }] : []));
    },
    requestFor: async (number) =>
      customer && (await store.access.mayFollow(customer.email, number)) ? store.requestState(number) : undefined,
    comparableStarts: (combi, kind) => store.comparableStarts(combi, kind, now),
    notificationMode: async (number) => (customer ? store.access.notificationMode(number, customer.email) : 'alles'),
    calendarFeed: async (number, lang) => {
      const feed = customer && page && (await store.calendarFeeds.live(number, customer.email));
      if (!feed) return undefined;
      const path = calendarFeedPath(calendarFeedTokens(page.box).tokenOf(feed.id), lang);
      // Behind a proxy the request may name an inner host or http: the public address is the one to subscribe to.
      return page.publicUrl ? new URL(path, page.publicUrl).href : path;
    },
    mailLanguage: async () => (customer ? store.access.language(customer.email) : undefined),
    grants: async (number) => (customer ? store.access.grantsFor(number) : []),
    memberships,
    portfolioFeed: async (kvk, lang) => {
      const feed = customer && page && (await store.applicantOrganisations.liveFeed(kvk, customer.email));
      // A feed of a portfolio it no longer has (a member who left, a delegate removed) is not shown:
      // the feed itself answers 410 then. A delegate's feed holds its project, as its page does.
      if (!feed || !(await portfolioAccess(store, customer.email, kvk))) return undefined;
      const path = portfolioFeedPath(calendarFeedTokens(page.box).tokenOf(feed.id), lang);
      return page.publicUrl ? new URL(path, page.publicUrl).href : path;
    },
    portfolios: async () => (customer ? portfolioAccessOf(store, customer.email) : []),
    portfolio: async (kvk, query) => {
      const access = customer ? await portfolioAccess(store, customer.email, kvk) : undefined;
      if (!access) return { ok: false, status: 404 };
      const parsed = parsePortfolioFilters(query);
      if (!parsed.ok) return { ok: false, status: 400, field: parsed.field, message: parsed.message };
      const view = await portfolioView(store, content, access, parsed.filters, now);
      return view ? { ok: true, access, filters: parsed.filters, view } : { ok: false, status: 404 };
    },
    organisationDelegates: async (kvk) => {
      if (!(await memberships()).some((m) => m.kvk === kvk)) return undefined;
      const [delegates, projects] = await Promise.all([
        store.applicantOrganisations.delegates(kvk),
        store.applicantOrganisations.projects(kvk),
      ]);
      return { delegates, projects: projects.flatMap((p) => (p.project === null ? [] : [p.project])) };
    },
    organisationMembers: async (kvk) =>
      (await memberships()).some((m) => m.kvk === kvk) ? store.applicantOrganisations.members(kvk) : undefined,
    surveyInvitation: (token) => openInvitation(store, surveys, token),
    surveys,
    panelLink: async (token) => (page ? openPanelLink(store, panelLinks(page.box), token) : undefined),
    staff: staffSide?.staff,
  };
  const setCookie = [customerCookie, staffSide?.setCookie].filter((c): c is string => !!c);
  return { context, setCookie };
}
