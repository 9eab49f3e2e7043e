/**
 * The surveys API the widgets talk to, from our own pages and from configured host sites:
 * GET a survey's definition, PUT one answer as soon as it is given, PUT the response to finish it.
 * The client chooses the response id, so a retry after a network failure lands on the same row
 * and the same answer. Closing the loop: a finished pop-up response that is clearly negative
 * (domain/callback.ts) is answered with `terugbellen: true`, and PUT …/terugbellen with a phone
 * number then makes one call-back task for the organisation responsible for the aanvraag.
 * A pop-up's answers carry the token its page got (api/auth/popup-token.ts): minted by
 * POST …/pop-up-tokens for an organisation that takes part in the aanvraag, checked before
 * anything that could tell whether the aanvraag exists; GET …/pop-up tells the widget whether
 * the pop-up may still be shown (docs/decisions/0017-pop-up-tokens.md).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { takesPart } from '../../domain/authorization.ts';
import { dutchCallbackNumber, isClearlyNegative, responsibleFor } from '../../domain/callback.ts';
import { type Lang, language } from '../../domain/language.ts';
import { requestNumber } from '../../domain/messages.ts';
import { plainString } from '../../domain/plain-text.ts';
import {
  type AnswerValue,
  answerSchema,
  METINGEN,
  type Meting,
  type PublicSurvey,
  questionSchema,
  questionsFor,
  type Survey,
  type Surveys,
  surveyIn,
} from '../../domain/survey-schema.ts';
import type { PopUpTokens } from '../auth/popup-token.ts';
import { newId } from '../auth/tokens.ts';
import { addCallbackRequest, saveSurveyResponse } from '../core/webhooks.ts';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { DATABASE_ERRORS, type FieldError, fieldErrors, problem, problemAnswer, SERVER_ERROR } from '../http/problem.ts';
import { clientIp, rateLimiter } from '../http/rate-limit.ts';
import type { ResponseContext, SaveResult, Store, SurveyResponse } from '../storage/store.ts';

export type EnquetesOptions = {
  surveys: Surveys;
  /** Signs and checks the tokens that prove a pop-up answer belongs to its aanvraag. */
  tokens: PopUpTokens;
  /** Host sites that may embed the widgets (WIDGET_ORIGINS); the portal's own origin is always allowed. */
  origins?: readonly string[];
  /** The portal's public address (PUBLIC_URL); without it, the origin the request was sent to. */
  publicUrl?: string;
  now?: () => Date;
};

const MAX_BODY = 32 * 1024;
const WINDOW_MS = 10 * 60_000;

const surveyId = z.enum(METINGEN, { error: `moet een van deze vragenlijsten zijn: ${METINGEN.join(', ')}` }).meta({
  id: 'Vragenlijstcode',
  description:
    'De vragenlijst (content/enquetes/): `webfeedback` pop-up na het aanvragen, `offerte` pop-up na het beoordelen van de offerte, `feedbackknop` de feedbackknop op elke pagina, `eindmeting` de persoonlijke link na oplevering, `helpdesk` de persoonlijke link na een helpdeskcontact.',
});
const responseId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{16,64}$/, 'moet een willekeurig id zijn van 16 tot 64 tekens (letters, cijfers, - en _)')
  .meta({ description: 'Gekozen door de client (willekeurig); opnieuw sturen met hetzelfde id is veilig.' });
const questionId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'moet een vraag-id zijn');
const trigger = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'moet een aanleiding-id zijn')
  .meta({ description: 'Wat de vragenlijst startte; mag weg als de vragenlijst er maar één heeft.' });
const token = z.string({ error: 'moet een tekst zijn' }).max(100, 'mag hoogstens 100 tekens zijn').meta({
  description:
    'Bij een pop-up met een aanvraagnummer: het token dat de pagina van de pop-up kreeg (POST /api/v1/enquetes/{enquete}/pop-up-tokens). Een uur geldig.',
});

const context = {
  aanvraagnummer: requestNumber.optional(),
  aanleiding: trigger.optional(),
  pagina: plainString()
    .max(300, 'mag hoogstens 300 tekens zijn')
    .regex(/^\//, 'moet een pad zijn dat met / begint')
    .optional()
    .meta({ description: 'Het pad van de pagina (zonder zoekvraag), bij de feedbackknop.' }),
  token: token.optional(),
};
const value = z
  .union([z.number(), z.string(), z.array(z.string())], {
    error: (i) => (i.input === undefined ? 'is verplicht maar ontbreekt' : 'moet een getal, een tekst of een lijst teksten zijn'),
  })
  .meta({ description: 'Een getal (schaal), een optie-id, een lijst optie-id’s of tekst, naar de soort vraag.' });
const answerBody = z.strictObject({ waarde: value, ...context });
/**
 * The answers exactly as sent: the handler checks every key against the survey's questions. Not a
 * z.record: that drops a "__proto__" key without a word, and an empty response would be stored.
 */
const { $schema: _, ...valueJson } = z.toJSONSchema(value);
const answersObject = z
  .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    error: 'moet een object zijn met per vraag-id een antwoord',
  })
  .meta({ type: 'object', additionalProperties: valueJson, description: 'Per vraag-id een antwoord.' } as never);
const responseBody = z.strictObject({
  ...context,
  antwoorden: answersObject.optional(),
  afgerond: z.boolean({ error: 'moet true of false zijn' }).optional(),
});
const callbackBody = z.strictObject({
  telefoon: plainString({
    error: (i) => (i.input === undefined ? 'is verplicht maar ontbreekt' : 'moet een tekst zijn, zoals "06 12345678"'),
  })
    .max(30, 'mag hoogstens 30 tekens zijn')
    .refine(
      (v) => dutchCallbackNumber(v) !== undefined,
      'moet een Nederlands vast of mobiel telefoonnummer zijn, zoals 06 12345678 of 040 123 45 67',
    )
    .meta({ description: 'Het nummer waarop de klant teruggebeld wil worden; bewaard als +31…', example: '06 12345678' }),
  token: token.optional(),
});
const mintBody = z.strictObject({ aanvraagnummer: requestNumber, aanleiding: trigger.optional() });
const mintedSchema = z
  .strictObject({
    token: z.string(),
    geldigTot: z.iso.datetime(),
    enquete: surveyId,
    aanvraagnummer: z.string(),
    aanleiding: z.string(),
  })
  .meta({ id: 'PopUpToken' });
/** The language the widget asks for: its host page's (`lang`), English or Dutch; Dutch without it. */
const asked = language.optional().meta({ description: 'De taal van de pagina: `nl` Nederlands (standaard) of `en` Engels.' });
const popUpQuery = z.strictObject({
  aanvraagnummer: requestNumber,
  aanleiding: trigger.optional(),
  token: token.optional(),
  reactie: z
    .union([z.literal(''), responseId])
    .optional()
    .meta({ description: 'Het reactie-id dat deze browser voor deze pop-up bewaarde, als die er is (leeg: geen).' }),
  taal: asked,
});
const savedSchema = z.strictObject({
  reactie: z.string(),
  resultaat: z.enum(['aangemaakt', 'opgeslagen', 'ongewijzigd']).meta({
    description:
      '`aangemaakt` de reactie is nieuw, `opgeslagen` een bestaande reactie is bijgewerkt, `ongewijzigd` er was niets nieuws.',
  }),
  terugbellen: z.boolean().optional().meta({
    description:
      'Alleen bij afronden: true als de klant "bel mij terug" kan kiezen (een pop-up met een duidelijk negatief antwoord, bij een bekende aanvraag); dan kan PUT …/terugbellen.',
  }),
});
const definitionSchema = z
  .strictObject({
    id: surveyId,
    titel: z.string(),
    intro: z.string().optional(),
    weergave: z
      .enum(['stappen', 'formulier'])
      .meta({ description: '`stappen` één vraag per scherm, `formulier` alle vragen onder elkaar.' }),
    aanvraagnummer: z.enum(['verplicht', 'optioneel', 'geen']).meta({
      description: 'Of een reactie een aanvraagnummer noemt: `verplicht`, `optioneel` of `geen`.',
    }),
    aanleidingen: z.array(z.string()),
    vragen: z.array(questionSchema),
    bedankt: z.string(),
  })
  .meta({ id: 'Vragenlijst' });

const errors = {
  400: problemAnswer('Ongeldig verzoek of geen JSON; `errors` noemt het veld.'),
  403: problemAnswer(
    'Deze website mag geen antwoorden sturen (Origin), de vragenlijst gaat alleen via een persoonlijke link, of het token van de pop-up ontbreekt, is verlopen of hoort bij een andere pop-up.',
  ),
  404: problemAnswer('Onbekende vragenlijst, vraag of reactie.'),
  409: problemAnswer('Het reactie-id hoort bij iets anders, of deze aanleiding heeft al een reactie.'),
  413: problemAnswer('Het verzoek is te groot.'),
  415: problemAnswer('Geen Content-Type: application/json.'),
  429: problemAnswer('Te veel verzoeken; zie Retry-After.', { retryAfter: true }),
  ...DATABASE_ERRORS,
};
const saved = (description: string) => ({ description, content: { 'application/json': { schema: savedSchema } } });

const definitionRoute = createRoute({
  method: 'get',
  path: '/enquetes/{enquete}',
  operationId: 'vragenlijst',
  summary: 'Een vragenlijst ophalen',
  security: [],
  description: 'De vragen, schalen en teksten van een meting, uit content/enquetes/. Voor de widgets; geen sleutel nodig.',
  request: { params: z.object({ enquete: surveyId }), query: z.strictObject({ taal: asked }) },
  responses: {
    200: { description: 'De vragenlijst.', content: { 'application/json': { schema: definitionSchema } } },
    404: problemAnswer('Onbekende vragenlijst.'),
    ...SERVER_ERROR,
  },
});
const popUpRoute = createRoute({
  method: 'get',
  path: '/enquetes/{enquete}/pop-up',
  operationId: 'popUpMagVerschijnen',
  summary: 'Mag deze pop-up verschijnen?',
  security: [],
  description:
    'Wat de widget vraagt voordat een pop-up verschijnt: de vragenlijst (als GET /api/v1/enquetes/{enquete}) wanneer het token klopt en deze aanvraag en aanleiding nog geen reactie hebben, of alleen een onafgeronde reactie die deze browser zelf begon (`reactie`). Anders 403 of 409, en de pop-up verschijnt niet: wie in een andere browser al antwoordde, krijgt hem niet opnieuw. Een bekend en een onbekend aanvraagnummer zonder geldig token krijgen hetzelfde antwoord.',
  request: { params: z.object({ enquete: surveyId }), query: popUpQuery },
  responses: {
    200: {
      description: 'De pop-up mag verschijnen; dit is de vragenlijst.',
      content: { 'application/json': { schema: definitionSchema } },
    },
    400: problemAnswer('Ongeldig verzoek; `errors` noemt het veld.'),
    403: problemAnswer('Het token ontbreekt, is verlopen of hoort bij een andere pop-up.'),
    404: problemAnswer('Onbekende vragenlijst, of geen pop-up.'),
    409: problemAnswer('Deze aanvraag en aanleiding hebben al een reactie (uit een andere browser, of afgerond).'),
    ...DATABASE_ERRORS,
  },
});
const mintRoute = createRoute({
  method: 'post',
  path: '/enquetes/{enquete}/pop-up-tokens',
  operationId: 'popUpToken',
  summary: 'Een token voor een pop-up',
  description:
    "Voor de server van de website die de pop-up toont (bijvoorbeeld het portaal van een netbeheerder), vlak voordat de pagina met de pop-up naar de klant gaat: een token voor deze vragenlijst, aanvraag en aanleiding, een uur geldig. Geef het aan de widget mee (`traject.push(['offerte', { aanvraagnummer, besluit, token }])`); zonder geldig token neemt de API geen antwoorden van een pop-up aan. Alleen voor organisaties die bij de aanvraag betrokken zijn; een onbekende aanvraag en een aanvraag van een ander krijgen hetzelfde antwoord (404). Niet vanuit de browser: de API-sleutel blijft op de server.",
  security: [{ apiKey: [] }],
  request: {
    params: z.object({ enquete: surveyId }),
    body: { required: true, content: { 'application/json': { schema: mintBody } } },
  },
  responses: {
    200: { description: 'Het token.', content: { 'application/json': { schema: mintedSchema } } },
    400: problemAnswer('Ongeldig verzoek of geen JSON, of de vragenlijst is geen pop-up; `errors` noemt het veld.'),
    ...UNAUTHORISED,
    404: problemAnswer('Onbekende vragenlijst; of de aanvraag is onbekend of niet van deze organisatie.'),
    413: errors[413],
    415: errors[415],
    ...DATABASE_ERRORS,
  },
});
const answerRoute = createRoute({
  method: 'put',
  path: '/enquetes/{enquete}/reacties/{reactie}/antwoorden/{vraag}',
  operationId: 'antwoordOpslaan',
  summary: 'Eén antwoord opslaan',
  security: [],
  description:
    'Slaat één antwoord op zodra het gegeven is; een onvolledige reactie blijft bewaard. De eerste keer wordt de reactie aangemaakt met de aanvraag en de aanleiding. Hetzelfde antwoord opnieuw sturen verandert niets; een ander antwoord op dezelfde vraag vervangt het vorige. Per (vragenlijst, aanvraag, aanleiding) is er één reactie bij een pop-up, en een pop-up met een aanvraagnummer stuurt het `token` mee dat zijn pagina kreeg. Alleen vanaf de eigen site en de websites in WIDGET_ORIGINS (CORS).',
  request: {
    params: z.object({ enquete: surveyId, reactie: responseId, vraag: questionId }),
    body: { required: true, content: { 'application/json': { schema: answerBody } } },
  },
  responses: { 201: saved('De reactie is aangemaakt met dit antwoord.'), 200: saved('Opgeslagen (of al zo).'), ...errors },
});
const responseRoute = createRoute({
  method: 'put',
  path: '/enquetes/{enquete}/reacties/{reactie}',
  operationId: 'reactieOpslaan',
  summary: 'Een reactie opslaan of afronden',
  security: [],
  description:
    'Slaat meer antwoorden tegelijk op en rondt de reactie af met `afgerond: true`. Antwoorden die niet worden meegestuurd blijven staan. Afronden kan alleen als de verplichte vragen zijn beantwoord. Elke sleutel van `antwoorden` moet een vraag van de vragenlijst zijn. Een pop-up met een aanvraagnummer stuurt zijn `token` mee.',
  request: {
    params: z.object({ enquete: surveyId, reactie: responseId }),
    body: { required: true, content: { 'application/json': { schema: responseBody } } },
  },
  responses: {
    201: saved('De reactie is aangemaakt.'),
    200: saved('Opgeslagen (of al zo).'),
    ...errors,
    422: problemAnswer('Afronden kan niet: een verplichte vraag is niet beantwoord.'),
  },
});

const callbackRoute = createRoute({
  method: 'put',
  path: '/enquetes/{enquete}/reacties/{reactie}/terugbellen',
  operationId: 'terugbellen',
  summary: 'Bel mij terug',
  security: [],
  description:
    'Na een afgeronde reactie die `terugbellen: true` kreeg (een duidelijk negatief antwoord in een pop-up): maakt een terugbelverzoek voor de organisatie die verantwoordelijk is voor de aanvraag, te zien in GET /api/v1/terugbelverzoeken. Alleen met het `token` van die pop-up. Eén per reactie: opnieuw sturen maakt er geen tweede. Alleen vanaf de eigen site en de websites in WIDGET_ORIGINS (CORS).',
  request: {
    params: z.object({ enquete: surveyId, reactie: responseId }),
    body: { required: true, content: { 'application/json': { schema: callbackBody } } },
  },
  responses: {
    201: saved('Het terugbelverzoek is gemaakt.'),
    200: saved('Er was al een terugbelverzoek voor deze reactie; er verandert niets.'),
    ...errors,
    422: problemAnswer(
      'Terugbellen kan niet: de reactie is niet afgerond, niet duidelijk negatief, hoort niet bij een pop-up, of de aanvraag is onbekend.',
    ),
  },
});

/** The definition as the widgets need it: what the editor wrote, minus the notes for editors. */
const withoutLanguage = ({ taal: _, ...texts }: ReturnType<typeof surveyIn>) => texts;

export function publicDefinition(s: Survey, lang: Lang = 'nl'): PublicSurvey {
  return {
    id: s.id,
    weergave: s.weergave,
    aanvraagnummer: s.aanvraagnummer,
    aanleidingen: s.aanleidingen.map((a) => a.id),
    // The widget knows the language it asked for; every byte counts in its budget.
    ...withoutLanguage(surveyIn(s, lang)),
  };
}

type Ctx = { aanvraagnummer?: string | undefined; aanleiding?: string | undefined; pagina?: string | undefined };

/** The response's context from the request, checked against the survey; field errors otherwise. */
function contextOf(survey: Survey, body: Ctx): { context: ResponseContext } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (survey.aanvraagnummer === 'verplicht' && !body.aanvraagnummer)
    errors.push({ field: 'aanvraagnummer', message: 'is verplicht bij deze vragenlijst' });
  if (survey.aanvraagnummer === 'geen' && body.aanvraagnummer)
    errors.push({ field: 'aanvraagnummer', message: 'hoort niet bij deze vragenlijst' });
  const triggers = survey.aanleidingen.map((a) => a.id);
  const trigger = body.aanleiding ?? (triggers.length === 1 ? triggers[0] : undefined);
  if (!trigger || !triggers.includes(trigger))
    errors.push({ field: 'aanleiding', message: `moet een van deze zijn: ${triggers.join(', ')}` });
  if (errors.length) return { errors };
  const requestNumber = body.aanvraagnummer ?? null;
  return {
    context: {
      survey: survey.id,
      requestNumber,
      trigger: trigger ?? null,
      // A pop-up is answered once per trigger; the feedback button as often as the customer likes.
      triggerKey: survey.kanaal === 'pop-up' && requestNumber ? `${survey.id}|${requestNumber}|${trigger}` : null,
      page: body.pagina ?? null,
    },
  };
}

const CONFLICTS: Record<Extract<SaveResult, { result: 'conflict' }>['reason'], string> = {
  'other-context': 'Dit reactie-id hoort bij een andere vragenlijst, aanvraag of aanleiding',
  'trigger-taken': 'Deze vragenlijst is voor deze aanvraag al ingevuld',
  'invitation-taken': 'Deze uitnodiging is al gebruikt',
};
const RESULTS = { created: 'aangemaakt', saved: 'opgeslagen', unchanged: 'ongewijzigd' } as const;

export function enquetesRoutes(
  store: Store,
  { surveys, tokens, origins = [], publicUrl, now = () => new Date() }: EnquetesOptions,
) {
  const perIp = rateLimiter({ name: 'surveys:ip', max: 300, windowMs: WINDOW_MS, counts: store.rateLimits });
  const perResponse = rateLimiter({ name: 'surveys:response', max: 60, windowMs: WINDOW_MS, counts: store.rateLimits });
  const hosts = new Set(origins);
  const ownOrigin = (c: Context) => (publicUrl ? new URL(publicUrl).origin : new URL(c.req.url).origin);
  const allowed = (origin: string | undefined, c: Context) => !!origin && (hosts.has(origin) || origin === ownOrigin(c));
  const popUps = [...surveys.values()].filter((s) => s.kanaal === 'pop-up').map((s) => s.id);

  const app = new OpenAPIHono<OrganisationEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const target = (result as { target?: string }).target;
      if (target === 'param' && result.error.issues.some((i) => i.path[0] === 'enquete'))
        return problem(c, 404, 'Onbekende vragenlijst', fieldErrors(result.error));
      return problem(c, 400, 'Ongeldig verzoek', fieldErrors(result.error));
    },
  });
  app.use(
    '/enquetes/*',
    cors({
      origin: (origin, c) => (allowed(origin, c) ? origin : null),
      allowMethods: ['GET', 'PUT'],
      allowHeaders: ['content-type'],
      maxAge: 600,
    }),
  );
  // Tokens are asked for by the host site's server, with its API key; never from a browser.
  app.use('/enquetes/:enquete/pop-up-tokens', requireApiKey(store));
  // CORS only tells browsers what to read; writes are refused here unless a browser on an allowed
  // site sent them. A request without Origin (not from a browser page) is refused too: fail closed.
  app.on('PUT', '/enquetes/*', async (c, next) => {
    if (!allowed(c.req.header('origin'), c)) return problem(c, 403, 'Deze website mag geen antwoorden sturen');
    const ip = clientIp(c);
    const id = /\/reacties\/([^/]+)/.exec(c.req.path)?.[1] ?? '';
    for (const hit of await Promise.all([perIp.hit(ip), perResponse.hit(id)])) {
      if (!hit.ok)
        return problem(c, 429, 'Te veel antwoorden in korte tijd; probeer het straks opnieuw', undefined, {
          'retry-after': String(hit.retryAfterSeconds),
        });
    }
    return next();
  });
  app.use(
    '/enquetes/*',
    bodyLimit({ maxSize: MAX_BODY, onError: (c) => problem(c, 413, `Het verzoek is groter dan ${MAX_BODY} bytes`) }),
  );
  app.on(['PUT', 'POST'], '/enquetes/*', async (c, next) => {
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
      return problem(c, 415, 'Stuur de antwoorden als JSON (Content-Type: application/json)');
    try {
      await c.req.json(); // kept by Hono for the validator
    } catch {
      return problem(c, 400, 'De body is geen geldige JSON');
    }
    return next();
  });

  /** The survey of a path, when answers may come in through the widgets. */
  const writable = (c: Context, id: Meting) => {
    const survey = surveys.get(id);
    if (!survey) return problem(c, 404, 'Onbekende vragenlijst');
    if (survey.kanaal === 'link') return problem(c, 403, 'Deze vragenlijst is alleen te beantwoorden via de persoonlijke link');
    return survey;
  };

  /**
   * A refusal unless a pop-up that names an aanvraag carries the token its page got. Decided on
   * the request alone, before anything is looked up: a known and an unknown aanvraag answer alike.
   * The feedback button has no one-per-trigger limit and no call-back, and needs no token.
   */
  const unproven = (c: Context, survey: Survey, context: ResponseContext, given: string | undefined) => {
    if (survey.kanaal !== 'pop-up' || !context.requestNumber) return undefined;
    const binding = { survey: survey.id, requestNumber: context.requestNumber, trigger: context.trigger ?? '' };
    if (tokens.valid(given, binding)) return undefined;
    return problem(c, 403, 'Geen geldig token voor deze pop-up', [
      {
        field: 'token',
        message: given
          ? 'is verlopen, of hoort bij een andere vragenlijst, aanvraag of aanleiding'
          : 'ontbreekt: een pop-up stuurt het token mee dat zijn pagina kreeg',
      },
    ]);
  };

  app.openapi(definitionRoute, (c) => {
    const survey = surveys.get(c.req.valid('param').enquete);
    if (!survey) return problem(c, 404, 'Onbekende vragenlijst');
    // Editors' changes reach visitors within five minutes (after the server restarts).
    c.header('cache-control', 'public, max-age=300');
    return c.json(publicDefinition(survey, c.req.valid('query').taal), 200);
  });

  app.openapi(popUpRoute, async (c) => {
    const query = c.req.valid('query');
    const survey = surveys.get(c.req.valid('param').enquete);
    if (survey?.kanaal !== 'pop-up') return problem(c, 404, 'Onbekende pop-up');
    const found = contextOf(survey, query);
    if ('errors' in found) return problem(c, 400, 'Ongeldig verzoek', found.errors);
    const refused = unproven(c, survey, found.context, query.token);
    if (refused) return refused;
    // Answered elsewhere, or finished here: no pop-up. A response this browser began may go on.
    const taken = await store.responses.forTrigger(found.context.triggerKey ?? '');
    if (taken && (taken.id !== query.reactie || taken.completedAt)) return problem(c, 409, CONFLICTS['trigger-taken']);
    return c.json(publicDefinition(survey, query.taal), 200);
  });

  app.openapi(mintRoute, async (c) => {
    const body = c.req.valid('json');
    const survey = surveys.get(c.req.valid('param').enquete);
    if (!survey) return problem(c, 404, 'Onbekende vragenlijst');
    if (survey.kanaal !== 'pop-up')
      return problem(c, 400, 'Ongeldig verzoek', [{ field: 'enquete', message: `moet een pop-up zijn: ${popUps.join(', ')}` }]);
    const found = contextOf(survey, body);
    if ('errors' in found) return problem(c, 400, 'Ongeldig verzoek', found.errors);
    const { aanvraagnummer } = body;
    const state = await store.requestState(aanvraagnummer);
    // Unknown and not-yours answer alike, as GET /aanvragen/{nummer} does.
    if (!state?.submittedAt || !takesPart(c.get('organisation'), state, store))
      return problem(c, 404, `Aanvraag ${aanvraagnummer} is niet gevonden`);
    const aanleiding = found.context.trigger ?? '';
    const { token, expiresAt } = tokens.mint({ survey: survey.id, requestNumber: aanvraagnummer, trigger: aanleiding });
    return c.json({ token, geldigTot: expiresAt.toISOString(), enquete: survey.id, aanvraagnummer, aanleiding }, 200);
  });

  app.openapi(answerRoute, async (c) => {
    const { enquete, reactie, vraag } = c.req.valid('param');
    const body = c.req.valid('json');
    const survey = writable(c, enquete);
    if (survey instanceof Response) return survey;
    const found = contextOf(survey, body);
    if ('errors' in found) return problem(c, 400, 'Ongeldig verzoek', found.errors);
    const refused = unproven(c, survey, found.context, body.token);
    if (refused) return refused;
    const question = questionsFor(survey, found.context.trigger ?? undefined).find((q) => q.id === vraag);
    if (!question) return problem(c, 404, `Vraag "${vraag}" hoort niet bij deze vragenlijst`);
    const parsed = answerSchema(question).safeParse(body.waarde);
    if (!parsed.success) return problem(c, 400, 'Ongeldig antwoord', fieldErrors(parsed.error, 'waarde'));
    return answer(
      c,
      reactie,
      await store.responses.save({ id: reactie, context: found.context, answers: { [vraag]: parsed.data }, at: now() }),
    );
  });

  app.openapi(responseRoute, async (c) => {
    const { enquete, reactie } = c.req.valid('param');
    const body = c.req.valid('json');
    const survey = writable(c, enquete);
    if (survey instanceof Response) return survey;
    const found = contextOf(survey, body);
    if ('errors' in found) return problem(c, 400, 'Ongeldig verzoek', found.errors);
    const refused = unproven(c, survey, found.context, body.token);
    if (refused) return refused;
    const questions = questionsFor(survey, found.context.trigger ?? undefined);
    // No prototype: a key is only ever a question's id, never "__proto__" or "constructor" at work.
    const answers: Record<string, AnswerValue> = Object.create(null);
    const errors: FieldError[] = [];
    for (const [id, raw] of Object.entries(body.antwoorden ?? {})) {
      const question = questions.find((q) => q.id === id);
      if (!question) {
        errors.push(
          id
            ? { field: `antwoorden.${id}`, message: 'is geen vraag van deze vragenlijst' }
            : { field: 'antwoorden', message: 'heeft een lege sleutel; elke sleutel is het id van een vraag' },
        );
        continue;
      }
      const parsed = answerSchema(question).safeParse(raw);
      if (parsed.success) answers[id] = parsed.data;
      else errors.push(...fieldErrors(parsed.error, `antwoorden.${id}`));
    }
    if (errors.length) return problem(c, 400, 'Ongeldig antwoord', errors);
    // Finishing: the answers given before count too, for the required questions and the call-back.
    const all = body.afgerond ? { ...(await store.responses.get(reactie))?.answers, ...answers } : answers;
    if (body.afgerond) {
      const missing = questions.filter((q) => q.verplicht && isEmpty(Object.hasOwn(all, q.id) ? all[q.id] : undefined));
      if (missing.length)
        return problem(
          c,
          422,
          'Afronden kan nog niet: een verplichte vraag is niet beantwoord',
          missing.map((q) => ({ field: `antwoorden.${q.id}`, message: 'is verplicht' })),
        );
    }
    const negative = !!body.afgerond && isClearlyNegative(questions, all);
    const saved = await saveSurveyResponse(
      store,
      { id: reactie, context: found.context, answers: { ...answers }, completed: body.afgerond, at: now() },
      negative,
    );
    if (!body.afgerond || saved.result === 'conflict') return answer(c, reactie, saved);
    const finished = { ...found.context, completedAt: now().toISOString(), answers: all };
    return answer(c, reactie, saved, { terugbellen: (await callbackTo(survey, finished)) !== undefined });
  });

  /** Who calls back after this response: only a finished, clearly negative pop-up response of a known aanvraag. */
  async function callbackTo(
    survey: Survey,
    response: Pick<SurveyResponse, 'completedAt' | 'answers'> & ResponseContext,
  ): Promise<string | undefined> {
    // The feedback button has no aanvraag to speak of, and no limit of one response per trigger.
    if (survey.kanaal !== 'pop-up' || !response.completedAt || !response.requestNumber) return undefined;
    if (!isClearlyNegative(questionsFor(survey, response.trigger ?? undefined), response.answers)) return undefined;
    const state = await store.requestState(response.requestNumber);
    return state && responsibleFor(state);
  }

  app.openapi(callbackRoute, async (c) => {
    const { enquete, reactie } = c.req.valid('param');
    const body = c.req.valid('json');
    const phone = dutchCallbackNumber(body.telefoon);
    const survey = writable(c, enquete);
    if (survey instanceof Response) return survey;
    const response = await store.responses.get(reactie);
    if (!response || response.survey !== enquete) return problem(c, 404, 'Onbekende reactie');
    const refused = unproven(c, survey, response, body.token);
    if (refused) return refused;
    const organisation = await callbackTo(survey, response);
    if (!organisation)
      return problem(c, 422, 'Terugbellen kan alleen na een afgeronde reactie met een duidelijk negatief antwoord');
    const added = await addCallbackRequest(store, {
      id: newId(),
      invitationId: reactie,
      survey: enquete,
      requestNumber: response.requestNumber,
      organisation,
      phone: phone ?? null,
      note: null,
      createdAt: now(),
    });
    return answer(c, reactie, { result: added === 'created' ? 'created' : 'unchanged' });
  });
  return app;
}

const isEmpty = (v: AnswerValue | undefined) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

function answer(c: Context, id: string, saved: SaveResult, extra?: { terugbellen: boolean }) {
  if (saved.result === 'conflict') return problem(c, 409, CONFLICTS[saved.reason]);
  return c.json({ reactie: id, resultaat: RESULTS[saved.result], ...extra }, saved.result === 'created' ? 201 : 200);
}
