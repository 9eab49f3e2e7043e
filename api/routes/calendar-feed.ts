/**
 * The personal calendar feed a customer subscribes to once (webcal://…/volg/agenda/<token>.ics):
 * the firm appointments of one aanvraag, which follow every move and cancellation
 * (calendar-file.ts). The token is the key, since a calendar app has no cookie; it stops working
 * (410 Gone, which tells a calendar app to stop asking) when its owner revokes it or may no longer
 * follow the aanvraag. Made and revoked on the track & trace page (customer.ts).
 * docs/decisions/0030-calendar-feeds.md
 */
import { type Context, Hono } from 'hono';
import type { CalendarFeedTokens } from '../auth/calendar-feed-tokens.ts';
import type { Store } from '../storage/store.ts';
import { type CalendarLang, calendarFeed } from './calendar-file.ts';

/** The feed's path on the site: the page links to it with webcal:// in front. */
export const calendarFeedPath = (token: string, lang: CalendarLang) => `${lang === 'en' ? '/en' : ''}/volg/agenda/${token}.ics`;

const GONE = {
  nl: { unknown: 'Onbekend agenda-abonnement.', revoked: 'Dit agenda-abonnement is ingetrokken.' },
  en: { unknown: 'Unknown calendar subscription.', revoked: 'This calendar subscription has been cancelled.' },
} as const;

export function calendarFeedRoutes(store: Store, tokens: CalendarFeedTokens) {
  const app = new Hono();
  const serve = (lang: CalendarLang) => async (c: Context) => {
    // The .ics at the end is for calendar apps that go by the name.
    const file = (c.req.param('token') ?? '').replace(/\.ics$/, '');
    const id = tokens.idOf(file);
    const feed = id ? await store.calendarFeeds.feed(id) : undefined;
    if (!feed || !tokens.matches(file, feed.secretHash)) return c.text(GONE[lang].unknown, 404);
    const state =
      !feed.revokedAt && (await store.access.mayFollow(feed.email, feed.requestNumber))
        ? await store.requestState(feed.requestNumber)
        : undefined;
    if (!state) return c.text(GONE[lang].revoked, 410);
    return c.body(
      calendarFeed(state, (code) => store.organisation(code), lang),
      200,
      {
        'content-type': 'text/calendar; charset=utf-8',
        'cache-control': 'private, no-cache',
      },
    );
  };
  app.get('/volg/agenda/:token', serve('nl'));
  app.get('/en/volg/agenda/:token', serve('en'));
  return app;
}
