/**
 * The OpenAPI document as integrators read it: what @hono/zod-openapi generates from the routes
 * and the message schemas, completed with what lives elsewhere so it is written once — the meaning
 * and norm of each contact moment (content/contactmomenten/, content/stappen.yaml), what each
 * stagnation cause means for the customer (the stagnation steps in content/stappen.yaml), who may
 * send each message type and when (domain/authorization.ts), and an example of each
 * (domain/message-examples.ts).
 */
import { z } from 'zod';
import { SEND_RULES, sendRuleText } from '../domain/authorization.ts';
import { type Content, contactMomentNorms, normText } from '../domain/content.ts';
import type { ContactMomentContent } from '../domain/content-schema.ts';
import { MESSAGE_EXAMPLES } from '../domain/message-examples.ts';
import { CONTACT_MOMENTS, MESSAGE_TYPES, message, STAGNATION_CAUSES } from '../domain/messages.ts';
import { WORK_ORDER_STATUSES } from '../domain/status.ts';

export type ReferenceContent = Pick<Content, 'steps' | 'phases'> & { contactMoments: ContactMomentContent[] };

// A JSON Schema object of the generated document; only the fields this module adds are typed.
type Schema = { description?: string; examples?: unknown[]; 'x-enumDescriptions'?: Record<string, string> };
type OpenApiDocument = { components?: { schemas?: Record<string, Schema> } };

/** "overig" is no contact moment of the klantcontactproces, so content/ has no file for it. */
const OTHER_CONTACT = 'Een ander contact dan de vaste contactmomenten; geen norm.';

/**
 * Each value of an enum with its meaning, as a list in the description (in the domain's order:
 * "1" before "A" would read wrong) and as x-enumDescriptions.
 */
function describeEnum(schema: Schema | undefined, intro: string, values: [value: string, text: string][]) {
  if (!schema) throw new Error('enum schema missing from the OpenAPI document');
  schema.description = [intro, '', ...values.map(([v, text]) => `- \`${v}\`: ${text}`)].join('\n');
  schema['x-enumDescriptions'] = Object.fromEntries(values);
}

/** A contact moment in one line: its title, who acts, and its norm, from content/. */
function contactMomentLine(m: ContactMomentContent, content: ReferenceContent): string {
  const norms = contactMomentNorms(m, content.steps.values());
  const norm = norms.length > 1 ? norms.map((n) => `${n.step}: ${n.text}`).join(' ') : (norms[0]?.text ?? 'geen');
  return `${m.titel} (${m.en.titel}). Door: ${m.door}${m.optioneel ? ', optioneel' : ''}. Norm: ${norm}`;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The component id of each message type's schema (its `.meta({ id })` in domain/messages.ts). */
function messageSchemaIds(): Map<string, string> {
  return new Map(
    message.options.map((o) => [o.shape.type.value, z.globalRegistry.get(o)?.id ?? ''] as const).filter(([, id]) => id),
  );
}

export function completeReference<D extends object>(doc: D, content: ReferenceContent): D {
  const out = structuredClone(doc);
  const schemas = (out as OpenApiDocument).components?.schemas ?? {};

  const moments = new Map(content.contactMoments.map((m) => [m.code as string, m]));
  describeEnum(
    schemas.Contactmoment,
    'Het klantcontactmoment (KCM) uit het klantcontactproces. Wie het heeft en de norm komen uit de teksten die klanten op de site lezen.',
    CONTACT_MOMENTS.map((code) => {
      const m = moments.get(code);
      if (m) return [code, contactMomentLine(m, content)];
      if (code === 'overig') return [code, OTHER_CONTACT];
      throw new Error(`contactmoment ${code} staat niet in content/contactmomenten/`);
    }),
  );

  describeEnum(
    schemas.Stagnatieoorzaak,
    'Bij wie de oorzaak van de stagnatie ligt. Dat bepaalt wie de klant als volgende stap ziet en welke tekst.',
    STAGNATION_CAUSES.map((cause) => {
      const step = content.steps.get(`stagnatie-${cause}`);
      if (!step) throw new Error(`stap stagnatie-${cause} staat niet in content/stappen.yaml`);
      return [cause, `de klant ziet "${step.tekst}" (wie: ${step.wie}). ${step.norm ?? ''}`.trim()];
    }),
  );

  describeEnum(
    schemas.Fase,
    'De fase van de aanvraag, zoals de klant haar op de site ziet.',
    content.phases.map((p) => [p.id, `${p.naam}: ${p.samenvatting}`]),
  );
  describeEnum(
    schemas.Stap,
    'De volgende stap: wie aan zet is en wat de klant leest (de norm in werkdagen staat in `normWorkingDays`).',
    [...content.steps.values()].map((s) => [s.id, `wie: ${s.wie}. ${normText(s) ?? s.tekst}`]),
  );
  describeEnum(
    schemas.Opdrachtstatus,
    'De status van één opdracht; `statusText` is dezelfde status in woorden.',
    Object.entries(WORK_ORDER_STATUSES),
  );

  const ids = messageSchemaIds();
  describeEnum(
    schemas.Berichttype,
    'Het berichttype; het schema van elk bericht beschrijft wat het zegt en wie het mag sturen.',
    MESSAGE_TYPES.map((t) => {
      const id = ids.get(t) ?? '';
      return [t, `${str(schemas[id]?.description).split('\n')[0]} (schema ${id})`];
    }),
  );

  for (const [type, id] of ids) {
    const schema = schemas[id];
    const known = MESSAGE_TYPES.find((t) => t === type);
    if (!schema || !known || !SEND_RULES[known]) throw new Error(`berichttype ${type} ontbreekt in het OpenAPI-document`);
    const rule = sendRuleText(known);
    schema.description = [schema.description, '', `**Wie:** ${rule.who}`, '', '**Wanneer:**', ...rule.when.map((w) => `- ${w}`)]
      .filter((line) => line !== undefined)
      .join('\n');
    schema.examples = [MESSAGE_EXAMPLES[known]];
  }
  return out;
}
