/**
 * POST /api/v1/berichten — back-office systems send one or many messages per request.
 * Each message is validated and applied on its own: good messages of a mixed batch are applied,
 * bad ones get a result naming the field (docs/decisions/0004-per-message-results.md).
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { sendRuleText } from '../../domain/authorization.ts';
import { MESSAGE_EXAMPLES } from '../../domain/message-examples.ts';
import { clockIssues, MESSAGE_TYPES, type Message, message } from '../../domain/messages.ts';
import { DEFAULT_PARKED_MESSAGE_DAYS } from '../../domain/parked-messages.ts';
import { MESSAGES_PER_TRANSACTION } from '../core/ingest.ts';
import { nextTurn } from '../core/turns.ts';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { DATABASE_ERRORS, fieldErrors, problem, problemAnswer, problemSchema } from '../http/problem.ts';
import type { MessageResult, Store } from '../storage/store.ts';

export const MAX_BATCH = 500;

const envelope = z.strictObject({
  berichten: z
    .array(z.unknown())
    .min(1, 'moet minstens één bericht bevatten')
    .max(MAX_BATCH, `mag hoogstens ${MAX_BATCH} berichten bevatten; verdeel ze over meer verzoeken`),
});

const resultSchema = z.object({
  index: z.number().int().meta({ description: 'Plaats van het bericht in de lijst (vanaf 0).' }),
  id: z.string().nullable(),
  status: z.number().int().meta({
    description:
      '201 toegepast, 202 geparkeerd tot de aanvraag binnenkomt, 200 eerder ontvangen (zelfde id, zelfde inhoud), 4xx geweigerd (zie `errors`).',
  }),
  result: z.enum(['accepted', 'geparkeerd', 'duplicate', 'rejected']).meta({
    description:
      '`accepted` toegepast, `geparkeerd` bewaard tot de aanvraag binnenkomt (volg het met GET /api/v1/berichten/{berichtId}), `duplicate` eerder ontvangen met dezelfde inhoud, `rejected` geweigerd.',
  }),
  errors: z.array(z.object({ field: z.string().optional(), message: z.string() })).optional(),
});
export const batchResponseSchema = z
  .object({
    accepted: z.number().int(),
    parked: z.number().int().meta({ description: 'Hoeveel berichten geparkeerd zijn tot hun aanvraag binnenkomt.' }),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    results: z.array(resultSchema),
  })
  .meta({ id: 'Berichtresultaten', description: 'Eén resultaat per bericht, in de volgorde van het verzoek.' });
export type BatchResponse = z.infer<typeof batchResponseSchema>;

type Result = MessageResult & { index: number };

/** The status of a whole batch: each status a message can get, and 207 for a mix with refusals. */
export const BATCH_STATUSES = [200, 201, 202, 207, 400, 403, 409, 422] as const;
type BatchStatus = (typeof BATCH_STATUSES)[number];

/** All results alike → that status; some refused or parked among others → 207 Multi-Status. */
function overallStatus(results: Result[]): BatchStatus {
  const statuses = new Set(results.map((r) => r.status));
  if (statuses.size === 1) return results[0]?.status ?? 200;
  return results.some((r) => r.result === 'rejected' || r.result === 'geparkeerd') ? 207 : 200;
}

/** Who may send what, as a table in the description: generated from the rule itself (domain/authorization.ts). */
const SENDERS_TABLE = [
  '| Bericht | Wie mag het sturen |',
  '| --- | --- |',
  ...MESSAGE_TYPES.map((type) => `| \`${type}\` | ${sendRuleText(type).who.replace(/^Mag worden gestuurd door /, '')} |`),
].join('\n');

const DESCRIPTION = `Eén tot ${MAX_BATCH} berichten per verzoek, over één of meer aanvragen. Berichten mogen in willekeurige volgorde binnenkomen: hun eigen tijdstip (occurredAt) bepaalt de volgorde.

### Per bericht een resultaat
Elk bericht wordt apart gevalideerd en apart beoordeeld; een geweigerd bericht houdt de andere niet tegen. Wat wel klopt, wordt toegepast: alle berichten over één aanvraag samen in één transactie, een grote batch in delen van hoogstens ${MESSAGES_PER_TRANSACTION} berichten (nooit midden in een aanvraag), zodat andere verzoeken tussendoor antwoord krijgen. Krijgt u 503 of geen antwoord, stuur dan de hele batch opnieuw: wat al was toegepast, komt terug als 200 \`duplicate\`. \`results\` heeft één resultaat per bericht, met zijn plaats in de lijst (\`index\`), het id en een eigen status: 201 toegepast, 202 geparkeerd, 200 eerder ontvangen, of 400, 403, 409 of 422 geweigerd, met \`errors\` die het veld noemen.

De status van het antwoord volgt uit die van de berichten: hebben alle berichten dezelfde status, dan is het die status (ook 202, 400, 403, 409 of 422, met dezelfde body). Zitten er weigeringen of geparkeerde berichten tussen andere resultaten, dan is het **207 Multi-Status**: lees dan \`results\`. Toegepaste en eerder ontvangen berichten samen geven 200.

### Vóór de aanvraag: geparkeerd, niet geweigerd
Een bericht over een aanvraag die Traject (nog) niet kent, wordt bewaard tot request_submitted van die aanvraag binnenkomt: resultaat 202 \`geparkeerd\`. In dezelfde transactie als request_submitted worden de geparkeerde berichten dan één voor één beoordeeld en toegepast, in de volgorde waarin ze binnenkwamen, met dezelfde regels als een bericht dat nu binnenkomt; mag uw organisatie het bericht dan toch niet sturen (bijvoorbeeld een opdracht die niet bij de aanvraag hoort), dan wordt het geweigerd en niets toegepast. Komt de aanvraag niet binnen de parkeertermijn (standaard ${DEFAULT_PARKED_MESSAGE_DAYS} dagen; \`expiresAt\` noemt het moment), dan verloopt het bericht: resultaat \`verlopen\` (410), niets toegepast. Wat er met een bericht gebeurde, leest u met **GET /api/v1/berichten/{berichtId}**; uw wachtende berichten met **GET /api/v1/geparkeerde-berichten**.

### Idempotentie: hetzelfde id opnieuw sturen is veilig
Het \`id\` van een bericht kiest de verzender; het is uniek per verzendende organisatie. Komt een id opnieuw met **dezelfde inhoud**, dan is het resultaat 200 \`duplicate\` en verandert er niets: na een time-out of een 503 stuurt u gewoon hetzelfde opnieuw. Komt een id opnieuw met **een andere inhoud**, dan wordt dat bericht geweigerd met 409 en blijft het eerste staan: een correctie is een nieuw bericht met een nieuw id. Dat geldt ook voor geparkeerde berichten, ook nadat ze zijn toegepast, geweigerd of verlopen.

### Wie mag wat sturen
Een organisatie stuurt alleen berichten over aanvragen waar zij bij betrokken is (als netbeheerder van een opdracht, als aannemer of combi-organisatie van de combi, of als platform). Een bericht over een aanvraag waar de organisatie niet bij betrokken is, krijgt precies hetzelfde antwoord als een bericht over een onbekend nummer (202 \`geparkeerd\`), en ook daarna dezelfde stand (wachtend, en na de termijn \`verlopen\`): het antwoord verraadt niet of een nummer in een andere combi bestaat. Een bericht dat een organisatie van haar soort nooit mag sturen (bijvoorbeeld planning door een netbeheerder), krijgt altijd 403, of de aanvraag nu bestaat of niet. Binnen een aanvraag verdeelt het klantcontactproces het werk:

${SENDERS_TABLE}

Bij elk berichttype hieronder staat ook wanneer het mag. request_submitted wordt nooit geparkeerd; het wordt eerst beoordeeld op wat de verzender mag (bekende combi, netbeheerders van die combi, eigen opdracht of combi-organisatie); pas daarna volgt 409 als het aanvraagnummer al in gebruik is. Aanvraagnummers zijn één reeks voor heel Traject; die 409 zegt alleen dat het nummer bezet is, niet van wie of in welke combi.`;

/** Every answer of POST /berichten, by status: the document lists exactly these (a test produces each). */
export function berichtenAnswers(maxBodyBytes: number) {
  const results = (description: string) => ({ description, content: { 'application/json': { schema: batchResponseSchema } } });
  const batch: Record<Exclude<BatchStatus, 400>, ReturnType<typeof results>> = {
    200: results(
      'Alle berichten waren al ontvangen met dezelfde inhoud (of toegepast en eerder ontvangen gemengd, zonder weigeringen).',
    ),
    201: results('Alle berichten zijn toegepast.'),
    202: results(
      'Alle berichten zijn geparkeerd: hun aanvraag is (voor uw organisatie) nog onbekend. Ze worden toegepast zodra request_submitted binnenkomt, of verlopen; volg ze met GET /api/v1/berichten/{berichtId}.',
    ),
    207: results(
      'Gemengd: sommige berichten zijn geweigerd of geparkeerd, andere niet. Per bericht staat in `results` wat er gebeurde.',
    ),
    403: results(
      'Alle berichten geweigerd: een organisatie van dit soort mag dit bericht nooit sturen (bijvoorbeeld planning door een netbeheerder), of de organisatie is betrokken bij de aanvraag maar mag dit bericht niet sturen (een opdracht van een andere netbeheerder), of mag deze aanvraag niet indienen.',
    ),
    409: results(
      'Alle berichten geweigerd: het bericht-id is eerder met een andere inhoud ontvangen, of (request_submitted) het aanvraagnummer is al in gebruik.',
    ),
    422: results('Alle berichten geweigerd: het bericht noemt een onbekende combi, netbeheerder, aannemer of opdracht.'),
  };
  return {
    ...batch,
    400: {
      description:
        'Het verzoek heeft niet de vorm `{ "berichten": [ … ] }` of is geen JSON (application/problem+json), of alle berichten zijn ongeldig (application/json, per bericht de velden).',
      content: {
        'application/json': { schema: batchResponseSchema },
        'application/problem+json': { schema: problemSchema },
      },
    },
    ...UNAUTHORISED,
    413: problemAnswer(
      `Te groot: meer dan ${MAX_BATCH} berichten of meer dan ${maxBodyBytes} bytes. Verdeel de berichten over meer verzoeken.`,
    ),
    415: problemAnswer('Geen Content-Type: application/json.'),
    ...DATABASE_ERRORS,
  };
}

export function berichtenRoutes(store: Store, maxBodyBytes: number) {
  const app = new OpenAPIHono<OrganisationEnv>();
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/berichten',
    operationId: 'berichtenAanleveren',
    summary: 'Berichten over aanvragen aanleveren',
    description: DESCRIPTION,
    security: [{ apiKey: [] }],
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({ berichten: z.array(message).min(1).max(MAX_BATCH) }),
            examples: Object.fromEntries(
              MESSAGE_TYPES.map((type) => [type, { summary: type, value: { berichten: [MESSAGE_EXAMPLES[type]] } }]),
            ),
          },
        },
      },
    },
    responses: berichtenAnswers(maxBodyBytes),
  });

  app.post(
    '/berichten',
    requireApiKey(store),
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        problem(c, 413, `Het verzoek is groter dan ${maxBodyBytes} bytes; verdeel de berichten over meer verzoeken`),
    }),
    async (c) => {
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
        return problem(c, 415, 'Stuur de berichten als JSON (Content-Type: application/json)');
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return problem(c, 400, 'De body is geen geldige JSON');
      }
      const parsed = envelope.safeParse(body);
      if (!parsed.success) {
        const tooMany = parsed.error.issues.some((i) => i.code === 'too_big' && i.path[0] === 'berichten');
        return problem(
          c,
          tooMany ? 413 : 400,
          'Het verzoek heeft niet de vorm { "berichten": [ … ] }',
          fieldErrors(parsed.error),
        );
      }

      const results: Result[] = [];
      const valid: { index: number; message: Message }[] = [];
      const now = new Date();
      for (const [index, raw] of parsed.data.berichten.entries()) {
        // Checking 500 messages takes tens of milliseconds: other requests get a turn in between, as
        // between the parts of the ingestion (decision 0048).
        if (index > 0 && index % MESSAGES_PER_TRANSACTION === 0) await nextTurn();
        const m = message.safeParse(raw);
        const errors = m.success ? clockIssues(m.data.occurredAt, now) : fieldErrors(m.error);
        if (m.success && errors.length === 0) {
          valid.push({ index, message: m.data });
        } else {
          const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
          results.push({ index, id: id as string, status: 400, result: 'rejected', errors });
        }
      }
      const sender = c.get('organisation');
      const applied = await store.ingest(valid.map((v) => ({ sender, message: v.message })));
      for (const [i, r] of applied.entries()) results.push({ ...r, index: valid[i]?.index ?? -1 });
      results.sort((a, b) => a.index - b.index);

      const response: BatchResponse = {
        accepted: results.filter((r) => r.result === 'accepted').length,
        parked: results.filter((r) => r.result === 'geparkeerd').length,
        duplicates: results.filter((r) => r.result === 'duplicate').length,
        rejected: results.filter((r) => r.result === 'rejected').length,
        results,
      };
      return c.json(response, overallStatus(results));
    },
  );
  return app;
}
