/**
 * The API reference page (/api/v1/docs), rendered on the server from the OpenAPI document itself:
 * plain HTML with headings, lists and links, no script, one inline style block allowed by its hash
 * (security-headers.ts). It reads with a keyboard and a screen reader and fits a phone. Dutch, as
 * the document is; an English line says what is where.
 */
import { escapeHtml } from '../mail/templates.ts';

/** The page's one inline style block; the Content-Security-Policy allows it by its hash. */
export const REFERENCE_STYLE = [
  'body{font-family:system-ui,sans-serif;margin:0;color:#1b2430;line-height:1.55;background:#fff}',
  'a{color:#0b5cad}a:focus-visible,summary:focus-visible{outline:3px solid #0b5cad;outline-offset:2px}',
  '.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}',
  'header,main,footer{max-width:64rem;margin:0 auto;padding:0 1rem}header{padding-top:1.5rem}',
  'nav ul{columns:2 16rem;padding-left:1.2rem}nav li{margin:.15rem 0;break-inside:avoid;overflow-wrap:anywhere}',
  'h1,h2,h3{overflow-wrap:anywhere}h2{border-top:2px solid #d5dde6;padding-top:1.25rem;margin-top:2.5rem}h3{margin-top:1.75rem}',
  'code,pre{font-family:ui-monospace,monospace;font-size:.92em}code{background:#eef3f8;padding:0 .25rem;border-radius:3px;overflow-wrap:anywhere}',
  // Long lines wrap rather than scroll: nothing scrolls sideways, so nothing needs focus to be read.
  'pre{background:#eef3f8;padding:.75rem;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere}pre code{padding:0;background:none}',
  '.method{display:inline-block;font-weight:700;padding:0 .4rem;border-radius:3px;background:#1b2430;color:#fff;margin-right:.4rem}',
  'dl.fields{margin:.5rem 0;border-left:3px solid #d5dde6;padding-left:.75rem}dl.fields dt{margin-top:.6rem}dl.fields dd{margin-left:0}',
  '.meta{color:#4a5868}.status{font-weight:700}',
  'table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #d5dde6;overflow-wrap:break-word}',
  'details{margin:.5rem 0}summary{cursor:pointer;color:#0b5cad;text-decoration:underline}',
  'footer{margin:3rem auto;color:#4a5868}',
].join('');

// A JSON Schema or OpenAPI object of the document: read loosely, rendered defensively.
type Node = Record<string, unknown>;
const obj = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Inline markdown of the document's descriptions: `code`, **bold**, [text](url). Escaped first. */
function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\((\/[^)\s]*|https:\/\/[^)\s]+)\)/g, '<a href="$2">$1</a>');
}

/** The markdown the descriptions use: paragraphs, ### headings, - lists, | tables. */
function markdown(text: string, headingLevel = 3): string {
  const out: string[] = [];
  for (const block of text.trim().split(/\n\s*\n/)) {
    const lines = block.split('\n');
    if (/^#{1,6} /.test(block)) {
      const [first, ...rest] = lines;
      out.push(`<h${headingLevel}>${inline((first ?? '').replace(/^#+ /, ''))}</h${headingLevel}>`);
      if (rest.length) out.push(markdown(rest.join('\n'), headingLevel));
    } else if (lines.every((l) => l.startsWith('- '))) {
      out.push(`<ul>${lines.map((l) => `<li>${inline(l.slice(2))}</li>`).join('')}</ul>`);
    } else if (lines.every((l) => l.startsWith('|'))) {
      const cells = (l: string) =>
        l
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((c) => c.trim());
      const [head, , ...rows] = lines;
      out.push(
        `<table><thead><tr>${cells(head ?? '')
          .map((c) => `<th scope="col">${inline(c)}</th>`)
          .join('')}</tr></thead><tbody>${rows
          .map(
            (r) =>
              `<tr>${cells(r)
                .map((c) => `<td>${inline(c)}</td>`)
                .join('')}</tr>`,
          )
          .join('')}</tbody></table>`,
      );
    } else {
      // A paragraph, possibly followed by a list (as in "**Wanneer:**\n- …").
      const firstItem = lines.findIndex((l) => l.startsWith('- '));
      const prose = firstItem === -1 ? lines : lines.slice(0, firstItem);
      out.push(`<p>${inline(prose.join(' '))}</p>`);
      if (firstItem !== -1) out.push(markdown(lines.slice(firstItem).join('\n'), headingLevel));
    }
  }
  return out.join('\n');
}

const refName = (ref: string) => ref.replace('#/components/schemas/', '');
const schemaId = (name: string) => `schema-${name}`;

/** A schema's type in a few words, with a link to a named schema. */
function typeLabel(schema: Node): string {
  const ref = str(schema.$ref);
  if (ref) return `<a href="#${schemaId(refName(ref))}">${escapeHtml(refName(ref))}</a>`;
  const variants = list(schema.oneOf ?? schema.anyOf);
  if (variants.length) return `een van: ${variants.map((v) => typeLabel(obj(v))).join(', ')}`;
  if (schema.type === 'array') return `lijst van ${typeLabel(obj(schema.items))}`;
  const enumValues = list(schema.enum);
  if (enumValues.length === 1) return `<code>${escapeHtml(JSON.stringify(enumValues[0]))}</code>`;
  if (enumValues.length) return `een van ${enumValues.map((v) => `<code>${escapeHtml(String(v))}</code>`).join(', ')}`;
  if ('const' in schema) return `<code>${escapeHtml(JSON.stringify(schema.const))}</code>`;
  const type = Array.isArray(schema.type) ? schema.type.join(' of ') : str(schema.type) || 'waarde';
  return escapeHtml([type, str(schema.format)].filter(Boolean).join(', '));
}

/** Limits worth knowing when writing a message: lengths, counts, patterns, examples. */
function constraints(schema: Node): string {
  const parts: string[] = [];
  const chars = (n: number) => `${n} ${n === 1 ? 'teken' : 'tekens'}`;
  if (typeof schema.minLength === 'number') parts.push(`minstens ${chars(schema.minLength)}`);
  if (typeof schema.maxLength === 'number') parts.push(`hoogstens ${chars(schema.maxLength)}`);
  if (typeof schema.minItems === 'number') parts.push(`minstens ${schema.minItems}`);
  if (typeof schema.maxItems === 'number') parts.push(`hoogstens ${schema.maxItems}`);
  if (typeof schema.minimum === 'number') parts.push(`vanaf ${schema.minimum}`);
  if (str(schema.pattern)) parts.push(`patroon <code>${escapeHtml(str(schema.pattern))}</code>`);
  if (schema.example !== undefined) parts.push(`bijvoorbeeld <code>${escapeHtml(JSON.stringify(schema.example))}</code>`);
  return parts.length ? `<span class="meta">${parts.join('; ')}</span>` : '';
}

/** The fields of an object schema as a definition list, nested objects inside. */
function fields(schema: Node, depth = 0): string {
  const properties = Object.entries(obj(schema.properties));
  if (!properties.length || depth > 4) return '';
  const required = new Set(list(schema.required).map(String));
  const items = properties.map(([name, raw]) => {
    const p = obj(raw);
    const nested = p.type === 'array' ? obj(p.items) : p;
    return `<dt><code>${escapeHtml(name)}</code> · ${typeLabel(p)} · ${required.has(name) ? 'verplicht' : 'optioneel'}</dt><dd>${[
      str(p.description) && markdown(str(p.description)),
      constraints(p),
      nested.$ref ? '' : fields(nested, depth + 1),
    ]
      .filter(Boolean)
      .join('')}</dd>`;
  });
  return `<dl class="fields">${items.join('')}</dl>`;
}

const json = (value: unknown) => `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;

function schemaBlock(schema: Node): string {
  if (schema.$ref || schema.oneOf || schema.anyOf || schema.type === 'array') return `<p>Schema: ${typeLabel(schema)}</p>`;
  return `${str(schema.description) ? markdown(str(schema.description), 4) : ''}${fields(schema)}`;
}

type Operation = { id: string; method: string; path: string; op: Node };

function operations(doc: Node): Operation[] {
  return Object.entries(obj(doc.paths)).flatMap(([path, item]) =>
    Object.entries(obj(item)).map(([method, op]) => ({
      id: `op-${str(obj(op).operationId) || `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-')}`,
      method: method.toUpperCase(),
      path,
      op: obj(op),
    })),
  );
}

function operationSection({ id, method, path, op }: Operation): string {
  const parts = [
    `<section aria-labelledby="${id}"><h2 id="${id}"><span class="method">${method}</span><code>${escapeHtml(path)}</code><br>${escapeHtml(str(op.summary))}</h2>`,
  ];
  const security = list(op.security);
  parts.push(
    `<p class="meta">${security.length ? 'Met API-sleutel (<a href="#sleutel">Authorization: Bearer</a>).' : 'Zonder sleutel.'}</p>`,
  );
  if (str(op.description)) parts.push(markdown(str(op.description)));
  const params = list(op.parameters).map(obj);
  if (params.length) {
    parts.push('<h3>Parameters</h3><dl class="fields">');
    for (const p of params) {
      const schema = obj(p.schema);
      parts.push(
        `<dt><code>${escapeHtml(str(p.name))}</code> · in ${escapeHtml(str(p.in))} · ${typeLabel(schema)} · ${p.required ? 'verplicht' : 'optioneel'}</dt><dd>${inline(str(p.description) || str(schema.description))} ${constraints(schema)}</dd>`,
      );
    }
    parts.push('</dl>');
  }
  const body = obj(op.requestBody);
  for (const [mediaType, media] of Object.entries(obj(body.content))) {
    const m = obj(media);
    parts.push(`<h3>Verzoek (<code>${escapeHtml(mediaType)}</code>)</h3>${schemaBlock(obj(m.schema))}`);
    const examples = Object.entries(obj(m.examples));
    if (examples.length) {
      parts.push('<h4>Voorbeelden</h4>');
      for (const [name, example] of examples) {
        parts.push(
          `<details><summary>${escapeHtml(str(obj(example).summary) || name)}</summary>${json(obj(example).value)}</details>`,
        );
      }
    }
  }
  parts.push('<h3>Antwoorden</h3><dl class="fields">');
  for (const [status, raw] of Object.entries(obj(op.responses))) {
    const r = obj(raw);
    const media = Object.entries(obj(r.content)).map(
      ([type, m]) => `<code>${escapeHtml(type)}</code>: ${typeLabel(obj(obj(m).schema))}`,
    );
    const headers = Object.keys(obj(r.headers)).map((h) => `<code>${escapeHtml(h)}</code>`);
    parts.push(
      `<dt><span class="status">${escapeHtml(status)}</span></dt><dd>${markdown(str(r.description))}${
        media.length ? `<p class="meta">Body: ${media.join('; ')}</p>` : ''
      }${headers.length ? `<p class="meta">Headers: ${headers.join(', ')}</p>` : ''}</dd>`,
    );
  }
  parts.push('</dl></section>');
  return parts.join('\n');
}

function schemaSection(name: string, schema: Node): string {
  const enumDescriptions = obj(schema['x-enumDescriptions']);
  const enumValues = list(schema.enum).map(String);
  const parts = [`<section aria-labelledby="${schemaId(name)}"><h3 id="${schemaId(name)}">${escapeHtml(name)}</h3>`];
  if (enumValues.length && Object.keys(enumDescriptions).length) {
    // The values in the order of their description, which is the domain's order.
    parts.push(markdown(str(schema.description).split('\n\n')[0] ?? ''));
    parts.push(
      `<dl class="fields">${Object.entries(enumDescriptions)
        .map(([v, text]) => `<dt><code>${escapeHtml(v)}</code></dt><dd>${inline(str(text))}</dd>`)
        .join('')}</dl>`,
    );
  } else if (enumValues.length) {
    parts.push(`${markdown(str(schema.description))}<p>Waarden: ${typeLabel(schema)}</p>`);
  } else {
    parts.push(schemaBlock(schema));
  }
  for (const example of list(schema.examples))
    parts.push(`<details><summary>Voorbeeld: ${escapeHtml(name)}</summary>${json(example)}</details>`);
  parts.push('</section>');
  return parts.join('\n');
}

/** The whole page. */
export function referenceHtml(document: object): string {
  const doc = obj(document);
  const info = obj(doc.info);
  const ops = operations(doc);
  const schemas = Object.entries(obj(obj(doc.components).schemas)).sort(([a], [b]) => a.localeCompare(b));
  const scheme = obj(obj(obj(doc.components).securitySchemes).apiKey);
  const toc = `<nav aria-labelledby="inhoud"><h2 id="inhoud">Inhoud</h2><ul>${ops
    .map(
      (o) =>
        `<li><a href="#${o.id}">${o.method} ${escapeHtml(o.path)}</a><br><span class="meta">${escapeHtml(str(o.op.summary))}</span></li>`,
    )
    .join('')}<li><a href="#schemas">Schema’s en codes</a><ul>${schemas
    .map(([name]) => `<li><a href="#${schemaId(name)}">${escapeHtml(name)}</a></li>`)
    .join('')}</ul></li></ul></nav>`;
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(str(info.title))} · naslag</title>
<style>${REFERENCE_STYLE}</style>
</head><body><a class="skip" href="#inhoud-start">Naar de inhoud</a>
<header><h1>${escapeHtml(str(info.title))} ${escapeHtml(str(info.version))}</h1>
${markdown(str(info.description))}
<p>Machineleesbaar: <a href="/api/v1/openapi.json">het OpenAPI 3.1-document (openapi.json)</a>.</p>
<p lang="en">API reference for back-office systems. The descriptions are in Dutch; field names, message types and codes are as sent. The same in machine-readable form: the OpenAPI 3.1 document linked above.</p>
${toc}</header>
<main id="inhoud-start" tabindex="-1">
<section aria-labelledby="sleutel"><h2 id="sleutel">API-sleutel</h2>${markdown(str(scheme.description))}<p>Een beheerder van uw organisatie maakt de sleutel in <a href="/beheer">/beheer</a>. Foutmeldingen volgen RFC 9457 (<a href="#${schemaId('Probleem')}">Probleem</a>).</p></section>
${ops.map(operationSection).join('\n')}
<section aria-labelledby="schemas"><h2 id="schemas">Schema’s en codes</h2>
${schemas.map(([name, s]) => schemaSection(name, obj(s))).join('\n')}
</section></main>
<footer><p><a href="#inhoud">Terug naar de inhoud</a> · <a href="/">Traject</a></p></footer>
</body></html>`;
}
