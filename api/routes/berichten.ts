/**
 * POST /api/v1/berichten — back-office systems send one or many messages per request.
 * Each message is validated and applied on its own: good messages of a mixed batch are applied,
 * bad ones get a result naming the field (docs/decisions/0004-per-message-results.md).
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { clockIssues, type Message, message } from '../../domain/messages.ts';
import type { MessageResult, Store } from '../data/store.ts';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { fieldErrors, problem } from '../http/problem.ts';

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
  status: z.number().int().meta({ description: '201 toegepast, 200 eerder ontvangen, 4xx geweigerd.' }),
  result: z.enum(['accepted', 'duplicate', 'rejected']),
  errors: z.array(z.object({ field: z.string().optional(), message: z.string() })).optional(),
});
const responseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  results: z.array(resultSchema),
});
export type BatchResponse = z.infer<typeof responseSchema>;

type Result = MessageResult & { index: number };

/** All results alike → that status; some refused among others → 207 Multi-Status. */
function overallStatus(results: Result[]): 200 | 201 | 207 | 400 | 403 | 404 | 409 | 422 {
  const statuses = new Set(results.map((r) => r.status));
  if (statuses.size === 1) return results[0]?.status ?? 200;
  return results.some((r) => r.result === 'rejected') ? 207 : 200;
}

export function berichtenRoutes(store: Store, maxBodyBytes: number) {
  const app = new OpenAPIHono<OrganisationEnv>();
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/berichten',
    summary: 'Berichten over aanvragen aanleveren',
    description: `Eén tot ${MAX_BATCH} berichten per verzoek. Elk bericht wordt apart gevalideerd en in één transactie toegepast; een bericht-id dat al is ontvangen wordt bevestigd maar niet opnieuw toegepast. Berichten mogen in willekeurige volgorde binnenkomen: hun eigen tijdstip (occurredAt) bepaalt de volgorde.

Een organisatie stuurt alleen berichten over aanvragen waar zij bij betrokken is (als netbeheerder van een opdracht, als aannemer of combi-organisatie van de combi, of als platform). Over een aanvraag waar de organisatie niet bij betrokken is, krijgt zij precies hetzelfde antwoord als over een onbekend nummer (404, zelfde tekst): het antwoord verraadt niet of een nummer in een andere combi bestaat.

request_submitted wordt eerst beoordeeld op wat de verzender mag (bekende combi, netbeheerders van die combi, eigen opdracht of combi-organisatie); pas daarna volgt 409 als het aanvraagnummer al in gebruik is. Aanvraagnummers zijn één reeks voor heel Traject; die 409 zegt alleen dat het nummer bezet is, niet van wie of in welke combi.`,
    security: [{ apiKey: [] }],
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: z.object({ berichten: z.array(message).min(1).max(MAX_BATCH) }) } },
      },
    },
    responses: {
      200: {
        description: 'Alle berichten waren al ontvangen (of gemengd zonder weigeringen).',
        content: { 'application/json': { schema: responseSchema } },
      },
      201: { description: 'Alle berichten zijn toegepast.', content: { 'application/json': { schema: responseSchema } } },
      207: {
        description: 'Gemengd: per bericht staat in `results` wat er gebeurde.',
        content: { 'application/json': { schema: responseSchema } },
      },
      400: { description: 'Het verzoek of alle berichten zijn ongeldig.' },
      ...UNAUTHORISED,
      403: {
        description:
          'De organisatie is betrokken bij de aanvraag maar mag dit bericht niet sturen (bijvoorbeeld planning door een netbeheerder, of een opdracht van een andere netbeheerder), of mag deze aanvraag niet indienen.',
      },
      404: {
        description:
          'Aanvraag onbekend, of de organisatie is er niet bij betrokken: beide krijgen hetzelfde antwoord. Stuur eerst request_submitted.',
      },
      409: {
        description:
          'Bericht-id eerder met een andere inhoud ontvangen, of (request_submitted) het aanvraagnummer is al in gebruik.',
      },
      422: { description: 'Het bericht noemt een onbekende combi, netbeheerder, aannemer of opdracht.' },
      413: { description: `Te groot: meer dan ${MAX_BATCH} berichten of ${maxBodyBytes} bytes.` },
      415: { description: 'Geen application/json.' },
    },
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
      parsed.data.berichten.forEach((raw, index) => {
        const m = message.safeParse(raw);
        const errors = m.success ? clockIssues(m.data.occurredAt, now) : fieldErrors(m.error);
        if (m.success && errors.length === 0) {
          valid.push({ index, message: m.data });
        } else {
          const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
          results.push({ index, id: id as string, status: 400, result: 'rejected', errors });
        }
      });
      const sender = c.get('organisation');
      const applied = await store.ingest(valid.map((v) => ({ sender, message: v.message })));
      for (const [i, r] of applied.entries()) results.push({ ...r, index: valid[i]?.index ?? -1 });
      results.sort((a, b) => a.index - b.index);

      const response: BatchResponse = {
        accepted: results.filter((r) => r.result === 'accepted').length,
        duplicates: results.filter((r) => r.result === 'duplicate').length,
        rejected: results.filter((r) => r.result === 'rejected').length,
        results,
      };
      return c.json(response, overallStatus(results));
    },
  );
  return app;
}
