/**
 * POST /enquete/{token}: a survey behind a personal link (eindmeting, helpdesk), answered without
 * JavaScript. The link works once and for 14 days. A clearly negative answer is offered
 * "bel mij terug": POST /enquete/{token}/terugbellen makes a call-back task for the organisation
 * responsible (domain/callback.ts).
 */
import { Hono } from 'hono';
import { dutchCallbackNumber, responsibleFor } from '../../domain/callback.ts';
import { language } from '../../domain/language.ts';
import { hasControlCharacters } from '../../domain/plain-text.ts';
import type { Surveys } from '../../domain/survey-schema.ts';
import { newId } from '../auth/tokens.ts';
import { addCallbackRequest } from '../core/webhooks.ts';
import { sameOriginOnly } from '../http/same-origin.ts';
import type { Store } from '../storage/store.ts';
import { answerInvitation, openInvitation } from '../survey-link.ts';

/** The form says the language of its page (`taal`); the answer goes back to a page in it. */
const pagePrefix = (taal: unknown) => (language.safeParse(taal).data === 'en' ? '/en' : '');

export function surveyLinkRoutes(store: Store, surveys: Surveys) {
  const app = new Hono();
  app.use('/enquete/*', sameOriginOnly());

  app.post('/enquete/:token', async (c) => {
    const token = c.req.param('token');
    // Checkboxes send a field once per choice: every value is kept.
    const body = await c.req.parseBody({ all: true });
    const page = pagePrefix(body.taal);
    const opened = await openInvitation(store, surveys, token);
    if (opened.state !== 'open') return c.redirect(`${page}/enquete/${token}`, 303);
    const result = await answerInvitation(store, opened, body);
    if (!result.ok) return c.redirect(`${page}/enquete/${token}?fout=${encodeURIComponent(result.field)}#${result.field}`, 303);
    return c.redirect(result.negative ? `${page}/enquete/bedankt?terugbellen=${token}` : `${page}/enquete/bedankt`, 303);
  });

  app.post('/enquete/:token/terugbellen', async (c) => {
    const token = c.req.param('token');
    const body = await c.req.parseBody();
    const page = pagePrefix(body.taal);
    const opened = await openInvitation(store, surveys, token);
    // Only after answering, while the link is still valid.
    if (opened.state !== 'ingevuld') return c.redirect(`${page}/enquete/${token}`, 303);
    // Empty: the number from the aanvraag. Typed: a Dutch number we can call, or the form again.
    const typed = typeof body.telefoon === 'string' ? body.telefoon.trim() : '';
    const phone = typed ? dutchCallbackNumber(typed) : null;
    if (phone === undefined) return c.redirect(`${page}/enquete/bedankt?terugbellen=${token}&fout=telefoon#terugbellen`, 303);
    const note = typeof body.opmerking === 'string' && body.opmerking.trim() ? body.opmerking.trim().slice(0, 1000) : null;
    if (note && hasControlCharacters(note))
      return c.redirect(`${page}/enquete/bedankt?terugbellen=${token}&fout=opmerking#terugbellen`, 303);
    const { invitation } = opened;
    const state = invitation.requestNumber ? await store.requestState(invitation.requestNumber) : undefined;
    await addCallbackRequest(store, {
      id: newId(),
      invitationId: invitation.id,
      survey: invitation.kind,
      requestNumber: invitation.requestNumber,
      organisation: (state && responsibleFor(state)) ?? 'traject',
      phone: phone ?? state?.applicant?.phone ?? null,
      note,
      createdAt: new Date(),
    });
    return c.redirect(`${page}/enquete/bedankt?teruggebeld=1`, 303);
  });
  return app;
}
