/**
 * POST /enquete/{token}: the eindmeting form, answered without JavaScript. The link works once and
 * for 14 days; answers are checked against the survey in content/enquetes/eindmeting.yaml.
 */
import { Hono } from 'hono';
import type { Surveys } from '../../domain/survey-schema.ts';
import type { Store } from '../data/store.ts';
import { sameOriginOnly } from '../http/same-origin.ts';
import { answerInvitation, openInvitation } from '../survey-link.ts';

export function surveyLinkRoutes(store: Store, surveys: Surveys) {
  const app = new Hono();
  app.use('/enquete/*', sameOriginOnly());
  app.post('/enquete/:token', async (c) => {
    const token = c.req.param('token');
    const opened = await openInvitation(store, surveys, token);
    if (opened.state !== 'open') return c.redirect(`/enquete/${token}`, 303);
    const result = await answerInvitation(store, opened, await c.req.parseBody());
    c.header('referrer-policy', 'no-referrer');
    if (!result.ok) return c.redirect(`/enquete/${token}?fout=${encodeURIComponent(result.field)}#${result.field}`, 303);
    return c.redirect('/enquete/bedankt', 303);
  });
  return app;
}
