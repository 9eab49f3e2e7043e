/**
 * POST /api/v1/eindmeting/csv — the weekly export of the planning tool for combis outside CAPO
 * (seed 001): every row names a delivered aanvraag; its eindmeting is decided as for CAPO combis,
 * with the same rules. Every row is checked and reported; uploading the same file again changes
 * nothing ("al verwerkt").
 *
 * Columns (header required, separated by ; or ,):
 *   aanvraagnummer  the aanvraag, known to Traject with its TG messages
 *   aannemer        code of the contractor that sent the TG messages
 *   opgeleverd_op   date of oplevering, JJJJ-MM-DD, not in the future
 * No other columns, and no control characters anywhere (domain/plain-text.ts).
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { takesPart } from '../../domain/authorization.ts';
import { dutchDate } from '../../domain/calendar.ts';
import { contractorsOf } from '../../domain/eindmeting.ts';
import { requestNumber } from '../../domain/messages.ts';
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters, plainString } from '../../domain/plain-text.ts';
import { type OrganisationEnv, requireApiKey, UNAUTHORISED } from '../http/api-key.ts';
import { DATABASE_ERRORS, problem, problemAnswer } from '../http/problem.ts';
import type { Store } from '../storage/store.ts';

export const CSV_COLUMNS = ['aanvraagnummer', 'aannemer', 'opgeleverd_op'] as const;
const MAX_ROWS = 10_000;
const MAX_BYTES = 5 * 1024 * 1024;

/** A cell: plain text first (a clear message for control characters), then the column's own rule. */
const cell = <T extends z.ZodType<unknown, string>>(rule: T) => plainString().pipe(rule);
const row = z.strictObject({
  aanvraagnummer: cell(requestNumber),
  aannemer: cell(z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'moet een organisatiecode zijn, zoals van-der-berg-infra')),
  opgeleverd_op: cell(z.iso.date({ error: 'moet een datum zijn als 2026-11-20' })),
});

const rowResult = z.object({
  regel: z.number().int().meta({ description: 'Regelnummer in het bestand (de kopregel is 1).' }),
  aanvraagnummer: z.string().nullable(),
  resultaat: z.enum(['uitgenodigd', 'overgeslagen', 'al-verwerkt', 'fout']).meta({
    description:
      '`uitgenodigd` de klant krijgt de eindmeting, `overgeslagen` geen uitnodiging (de reden staat erbij), `al-verwerkt` deze aanvraag was eerder verwerkt, `fout` de regel klopt niet (de reden staat erbij).',
  }),
  reden: z.string().optional(),
});
const report = z.object({
  uitgenodigd: z.number().int(),
  overgeslagen: z.number().int(),
  alVerwerkt: z.number().int(),
  fouten: z.number().int(),
  regels: z.array(rowResult),
});
type RowResult = z.infer<typeof rowResult>;

/** Splits one CSV line on ; or , (whichever the header uses), honouring double quotes. */
function cells(line: string, separator: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"' && quoted && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === separator && !quoted) {
      out.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  out.push(cell.trim());
  return out;
}

export function eindmetingCsvRoutes(store: Store) {
  const app = new OpenAPIHono<OrganisationEnv>();
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/eindmeting/csv',
    operationId: 'eindmetingCsv',
    summary: 'Wekelijkse CSV-upload voor de eindmeting (combi’s buiten CAPO)',
    description: `Kolommen: ${CSV_COLUMNS.join(', ')} (met kopregel, gescheiden door ; of ,), geen andere; geen stuurtekens. Elke regel wordt gecontroleerd en gerapporteerd; hetzelfde bestand opnieuw sturen verandert niets.`,
    security: [{ apiKey: [] }],
    request: { body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
    responses: {
      200: { description: 'Per regel wat er gebeurde.', content: { 'application/json': { schema: report } } },
      400: problemAnswer('De kopregel klopt niet (ontbrekende of onbekende kolom, stuurtekens); `errors` noemt de kopregel.'),
      ...UNAUTHORISED,
      403: problemAnswer('Alleen het platform of een combi-organisatie mag uploaden.'),
      413: problemAnswer(`Meer dan ${MAX_ROWS} regels of meer dan ${MAX_BYTES} bytes; verdeel het bestand.`),
      ...DATABASE_ERRORS,
    },
  });

  app.post(
    '/eindmeting/csv',
    requireApiKey(store),
    bodyLimit({
      maxSize: MAX_BYTES,
      onError: (c) => problem(c, 413, `Hoogstens ${MAX_BYTES} bytes per upload; verdeel het bestand`),
    }),
    async (c) => {
      const uploader = c.get('organisation');
      if (uploader.kind !== 'platform' && uploader.kind !== 'combi') {
        return problem(c, 403, 'Alleen het platform of een combi-organisatie mag de eindmeting-CSV uploaden');
      }
      const text = (await c.req.text()).replace(/^\uFEFF/, '');
      const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
      const header = lines[0] ?? '';
      const separator = header.includes(';') ? ';' : ',';
      const columns = cells(header, separator).map((h) => h.toLowerCase());
      // Refused without echoing them: the header is shown back only once it is plain text.
      if (columns.some(hasControlCharacters)) {
        return problem(c, 400, 'De kopregel bevat stuurtekens', [{ field: 'kopregel', message: CONTROL_CHARACTERS_MESSAGE }]);
      }
      const unknown = columns.filter((col) => !(CSV_COLUMNS as readonly string[]).includes(col));
      if (unknown.length) {
        return problem(c, 400, `De kopregel heeft een onbekende kolom; verwacht: ${CSV_COLUMNS.join(separator)}`, [
          { field: 'kopregel', message: `onbekend veld: ${unknown.map((col) => col || '(zonder naam)').join(', ')}` },
        ]);
      }
      const missing = CSV_COLUMNS.filter((col) => !columns.includes(col));
      if (missing.length) {
        return problem(c, 400, `De kopregel mist ${missing.join(', ')}; verwacht: ${CSV_COLUMNS.join(separator)}`, [
          { field: 'kopregel', message: `gevonden: ${columns.join(', ') || '(leeg)'}` },
        ]);
      }
      if (lines.length - 1 > MAX_ROWS) return problem(c, 413, `Hoogstens ${MAX_ROWS} regels per upload; verdeel het bestand`);

      const today = dutchDate(new Date());
      const results: RowResult[] = [];
      for (const [i, line] of lines.slice(1).entries()) {
        const regel = i + 2;
        const values = cells(line, separator);
        const raw = Object.fromEntries(columns.map((col, k) => [col, values[k] ?? '']));
        const parsed = row.safeParse(raw);
        const number = raw.aanvraagnummer && !hasControlCharacters(raw.aanvraagnummer) ? raw.aanvraagnummer : null;
        const fout = (reden: string) => results.push({ regel, aanvraagnummer: number, resultaat: 'fout', reden });
        if (!parsed.success) {
          fout(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
          continue;
        }
        const { aanvraagnummer, aannemer, opgeleverd_op } = parsed.data;
        if (opgeleverd_op > today) {
          fout('opgeleverd_op: ligt in de toekomst');
          continue;
        }
        const state = await store.requestState(aanvraagnummer);
        if (
          !state?.submittedAt ||
          !takesPart(uploader, state, store) ||
          (uploader.kind === 'combi' && store.combi(state.combi ?? '')?.organisation !== uploader.code)
        ) {
          fout(`aanvraag ${aanvraagnummer} is onbekend of hoort niet bij uw combi`);
          continue;
        }
        const contractors = contractorsOf(state);
        if (contractors.length === 1 && contractors[0] !== aannemer) {
          fout(`aannemer: de TG-berichten kwamen van ${contractors[0]}, niet van ${aannemer}`);
          continue;
        }
        const outcome = await store.endSurveys.inviteFromCsv(aanvraagnummer);
        if (outcome.result === 'onbekend') fout(`aanvraag ${aanvraagnummer} is onbekend`);
        else if (outcome.result === 'overgeslagen')
          results.push({ regel, aanvraagnummer, resultaat: 'overgeslagen', reden: outcome.reason });
        else if (outcome.result === 'al-verwerkt')
          results.push({ regel, aanvraagnummer, resultaat: 'al-verwerkt', reden: `eerder: ${outcome.status}` });
        else results.push({ regel, aanvraagnummer, resultaat: 'uitgenodigd' });
      }
      const count = (r: RowResult['resultaat']) => results.filter((x) => x.resultaat === r).length;
      return c.json(
        {
          uitgenodigd: count('uitgenodigd'),
          overgeslagen: count('overgeslagen'),
          alVerwerkt: count('al-verwerkt'),
          fouten: count('fout'),
          regels: results,
        },
        200,
      );
    },
  );
  return app;
}
