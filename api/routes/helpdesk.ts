/**
 * POST /api/v1/helpdesk/contacten — the helpdesk logs a contact (interactiemeting helpdesk). The
 * survey invitation goes by the first route that works (domain/helpdesk-routing.ts): the
 * aanvraag's e-mail address, the account's address, an SMS to a Dutch mobile number; otherwise
 * the contact is logged without a survey, with the reason. The invitation leaves through the
 * outbox in the same transaction; the same id again changes nothing. An aanvraag the caller takes
 * no part in is answered as an unknown number: same status, same body, no mail.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { takesPart } from '../../domain/authorization.ts';
import { type HelpdeskLookups, helpdeskRefusal, routeHelpdeskSurvey } from '../../domain/helpdesk-routing.ts';
import { LANGUAGES } from '../../domain/language.ts';
import { clockIssues, NOT_AHEAD, occurredAt, requestNumber, text } from '../../domain/messages.ts';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { DATABASE_ERRORS, fieldErrors, problem, problemAnswer } from '../http/problem.ts';
import type { HelpdeskContactRecord, Store } from '../storage/store.ts';

export const helpdeskContact = z
  .strictObject({
    id: text(128).meta({ description: 'Uniek id dat de helpdesk kiest; hetzelfde id opnieuw sturen is veilig.' }),
    occurredAt: occurredAt.meta({ description: `Wanneer het contact was. ${NOT_AHEAD}` }),
    requestNumber: requestNumber.optional(),
    account: z
      .email({ error: 'moet een e-mailadres zijn' })
      .max(254, 'mag hoogstens 254 tekens zijn')
      .transform((e) => e.toLowerCase())
      .optional()
      .meta({ description: 'Het account van de klant: zijn e-mailadres.' }),
    phone: text(32).optional().meta({
      description: 'Het telefoonnummer waarmee de klant belde, zoals de helpdesk het noteerde.',
      example: '06 12345678',
    }),
    taal: z.enum(LANGUAGES, { error: 'moet nl of en zijn' }).optional().meta({
      description:
        'De taal van het gesprek: `nl` (standaard) of `en`. Een SMS-enquête gaat in deze taal; een mail gaat in de taal die het e-mailadres zelf koos.',
      example: 'en',
    }),
  })
  .meta({ description: 'Een contact met de helpdesk. Aanvraagnummer, account en telefoonnummer zijn elk optioneel.' });

const responseSchema = z.object({
  id: z.string(),
  result: z.enum(['accepted', 'duplicate']).meta({
    description: '`accepted` nieuw gelogd, `duplicate` dit id was al gelogd met dezelfde inhoud.',
  }),
  route: z.enum(['aanvraag', 'account', 'telefoon', 'geen']).meta({
    description:
      'Langs welke weg de enquête ging: `aanvraag` (het e-mailadres van de aanvraag) en `account` per mail, `telefoon` per SMS, `geen`: gelogd zonder enquête.',
  }),
  channel: z
    .enum(['email', 'sms'])
    .nullable()
    .meta({ description: 'Hoe de enquête ging: `email` of `sms`; leeg bij route `geen`.' }),
  reason: z.string().nullable().meta({ description: 'Waarom er geen enquête ging (bij route "geen").' }),
});
type ContactResponse = z.infer<typeof responseSchema>;

function response(contact: HelpdeskContactRecord, result: 'accepted' | 'duplicate'): ContactResponse {
  return { id: contact.contactId, result, route: contact.route, channel: contact.channel, reason: contact.reason };
}

export function helpdeskRoutes(store: Store) {
  const app = new OpenAPIHono<OrganisationEnv>();
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/helpdesk/contacten',
    operationId: 'helpdeskcontactLoggen',
    summary: 'Een helpdeskcontact loggen (interactiemeting helpdesk)',
    description:
      'De enquête gaat langs de eerste weg die werkt: het e-mailadres van de aanvraag, het e-mailadres van het account, een SMS naar een Nederlands mobiel nummer (06…, +316…, 00316…). Anders wordt het contact gelogd zonder enquête, met de reden. Alleen voor het platform en combi-organisaties. Een combi-organisatie stuurt alleen het aanvraagnummer, van een aanvraag in haar eigen combi; account en telefoonnummer zijn voor de helpdesk van het platform. Een aanvraag waar de organisatie niet bij betrokken is, krijgt hetzelfde antwoord als een onbekend nummer: gelogd, geen enquête.',
    security: [{ apiKey: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: helpdeskContact } } } },
    responses: {
      200: {
        description: 'Dit contact was al gelogd; er gaat geen tweede enquête.',
        content: { 'application/json': { schema: responseSchema } },
      },
      201: {
        description: 'Het contact is gelogd, met de gekozen weg.',
        content: { 'application/json': { schema: responseSchema } },
      },
      400: problemAnswer('Geen JSON, of het contact is ongeldig; `errors` noemt het veld.'),
      ...UNAUTHORISED,
      403: problemAnswer(
        'Deze organisatie is geen helpdesk (platform of combi-organisatie), of een combi-organisatie stuurde een account of telefoonnummer.',
      ),
      409: problemAnswer('Dit id is eerder met een andere inhoud gelogd; het eerste blijft staan.'),
      415: problemAnswer('Geen Content-Type: application/json.'),
      ...DATABASE_ERRORS,
    },
  });

  app.post('/helpdesk/contacten', requireApiKey(store), async (c) => {
    const organisation = c.get('organisation');
    const notAHelpdesk = helpdeskRefusal(organisation, {});
    if (notAHelpdesk) return problem(c, notAHelpdesk.status, notAHelpdesk.message);
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      return problem(c, 415, 'Stuur het contact als JSON (Content-Type: application/json)');
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem(c, 400, 'De body is geen geldige JSON');
    }
    const parsed = helpdeskContact.safeParse(body);
    const errors = parsed.success ? clockIssues(parsed.data.occurredAt, new Date()) : fieldErrors(parsed.error);
    if (!parsed.success || errors.length) return problem(c, 400, 'Het helpdeskcontact is ongeldig', errors);
    const contact = parsed.data;
    const refused = helpdeskRefusal(organisation, contact);
    if (refused) {
      return problem(c, refused.status, 'Alleen de helpdesk van het platform stuurt een enquête via account of telefoonnummer', [
        { field: refused.field, message: refused.message },
      ]);
    }

    // The domain rule asks synchronously; the store answers asynchronously: look up first.
    const state = contact.requestNumber ? await store.requestState(contact.requestNumber) : undefined;
    // An aanvraag the caller takes no part in is, to them, an unknown number.
    const visible = state?.submittedAt && takesPart(organisation, state, store) ? state : undefined;
    const requestEmail = visible?.applicant?.email?.toLowerCase();
    const accountKnown = contact.account ? (await store.access.requestNumbersFor(contact.account)).length > 0 : false;
    const unsubscribed =
      !!contact.requestNumber &&
      !!requestEmail &&
      (await store.access.notificationMode(contact.requestNumber, requestEmail)) === 'niets';
    const lookups: HelpdeskLookups = {
      emailOfRequest: (n) => (n === contact.requestNumber ? requestEmail : undefined),
      unsubscribed: (n) => n === contact.requestNumber && unsubscribed,
      emailOfAccount: (a) => (a === contact.account && accountKnown ? a : undefined),
    };
    const route = routeHelpdeskSurvey(contact, lookups);
    const logged = await store.helpdesk.log(organisation, contact, route);
    if (logged.result === 'conflict') {
      return problem(c, 409, `Helpdeskcontact ${contact.id} is eerder met een andere inhoud gelogd`, [
        { field: 'id', message: `contact ${contact.id} is eerder met een andere inhoud gelogd` },
      ]);
    }
    return logged.result === 'created'
      ? c.json(response(logged.contact, 'accepted'), 201)
      : c.json(response(logged.contact, 'duplicate'), 200);
  });
  return app;
}
