/**
 * One calendar feed (webcal) of all firm dates of a business applicant's portfolio (issue 16.1),
 * made and revoked by a member on the portfolio page, as the personal feed of one aanvraag is
 * (calendar-feed.ts, docs/decisions/0030-calendar-feeds.md): the token is the key, only its hash
 * is stored, and it stops (410 Gone) when its owner revokes it or is no longer a member.
 */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { language } from '../../domain/language.ts';
import { kvkNumber } from '../../domain/messages.ts';
import type { CalendarFeedTokens } from '../auth/calendar-feed-tokens.ts';
import { currentCustomer } from '../auth/sessions.ts';
import { portfolioAccess, portfolioStatesOf } from '../core/portfolio.ts';
import { messagePage } from '../http/message-page.ts';
import { sameOriginOnly } from '../http/same-origin.ts';
import type { Store } from '../storage/store.ts';
import { type CalendarLang, portfolioCalendarFeed } from './calendar-file.ts';

/** The feed's path on the site: the page links to it with webcal:// in front. */
export const portfolioFeedPath = (token: string, lang: CalendarLang) =>
  `${lang === 'en' ? '/en' : ''}/volg/portfolio-agenda/${token}.ics`;

const feedForm = z.strictObject({ taal: language.optional(), kvk: kvkNumber, actie: z.enum(['maken', 'intrekken']) });

const GONE = {
  nl: { unknown: 'Onbekend agenda-abonnement.', revoked: 'Dit agenda-abonnement is ingetrokken.' },
  en: { unknown: 'Unknown calendar subscription.', revoked: 'This calendar subscription has been cancelled.' },
} as const;

export function portfolioCalendarRoutes(store: Store, tokens: CalendarFeedTokens) {
  const organisations = store.applicantOrganisations;
  const app = new Hono();
  app.use('/volg/portfolio-agenda', sameOriginOnly());

  app.post('/volg/portfolio-agenda', async (c) => {
    const body = await c.req.parseBody();
    const lang = language.safeParse(body.taal).data ?? 'nl';
    const prefix = lang === 'en' ? '/en' : '';
    const customer = await currentCustomer(c, store.access);
    if (!customer) return c.redirect(`${prefix}/volg?fout=inloggen`, 303);
    const form = feedForm.safeParse(body);
    const access = form.success ? await portfolioAccess(store, customer.email, form.data.kvk) : undefined;
    if (!form.success || !access) {
      const words =
        lang === 'en'
          ? ['Not found', 'This portfolio does not exist, or you do not have access to it.']
          : ['Niet gevonden', 'Dit portfolio bestaat niet, of u heeft er geen toegang toe.'];
      return messagePage(c, form.success ? 404 : 400, words[0] as string, words[1] as string, { lang });
    }
    const now = new Date();
    if (form.data.actie === 'intrekken') await organisations.revokeFeed(access.kvk, customer.email, now);
    else {
      const { id, secretHash } = tokens.mint();
      await organisations.createFeed({ id, secretHash, kvk: access.kvk, email: customer.email, createdAt: now });
    }
    return c.redirect(`${prefix}/volg/portfolio?kvk=${access.kvk}&opgeslagen=agenda#agenda`, 303);
  });

  const serve = (lang: CalendarLang) => async (c: Context) => {
    const file = (c.req.param('token') ?? '').replace(/\.ics$/, '');
    const id = tokens.idOf(file);
    const feed = id ? await organisations.feed(id) : undefined;
    if (!feed || !tokens.matches(file, feed.secretHash)) return c.text(GONE[lang].unknown, 404);
    // Still a member: what the page would no longer show, the feed no longer serves.
    const access = feed.revokedAt ? undefined : await portfolioAccess(store, feed.email, feed.kvk);
    if (!access) return c.text(GONE[lang].revoked, 410);
    // A delegate's feed holds their projects only, as their page does.
    const states = await portfolioStatesOf(store, access);
    return c.body(
      portfolioCalendarFeed(access.kvk, states, (code) => store.organisation(code), lang),
      200,
      { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'private, no-cache' },
    );
  };
  app.get('/volg/portfolio-agenda/:token', serve('nl'));
  app.get('/en/volg/portfolio-agenda/:token', serve('en'));
  return app;
}
