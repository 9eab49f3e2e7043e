/**
 * Editing the most-changed texts in `content/` without git or a text editor (decision 0036): which
 * texts a content editor may change on /beheer/teksten, with which fields, and how one edit turns
 * into the new text of its YAML file. Pure: file texts in, file text out. Whether the result is
 * allowed is decided by the one content check of the build (site/integrations/content-check.ts),
 * never here; this module only writes what the editor typed, touching nothing else in the file.
 */
import { isDeepStrictEqual } from 'node:util';
import { type Document, isMap, isScalar, isSeq, type Node, parseDocument, Scalar, stringify, type YAMLMap } from 'yaml';
import { z } from 'zod';

/** The kinds of text, each with its place in content/ and its editable fields. */
export const TEXT_KINDS = ['vragen', 'begrippen', 'fasen', 'contactmomenten'] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

/** `line`: one line; `paragraph`: a longer text (links as [tekst](/pad)); `list`: one item per line. */
type FieldKind = 'line' | 'paragraph' | 'list';
export type TextField = { path: string[]; label: string; kind: FieldKind; hint?: string };

const both = (fields: [string, string, FieldKind][]): TextField[] => [
  ...fields.map(([key, label, kind]) => ({ path: [key], label, kind })),
  ...fields.map(([key, label, kind]) => ({ path: ['en', key], label: `${label} (Engels)`, kind })),
];

export const TEXT_KIND_INFO: Record<
  TextKind,
  {
    title: string /** The files, relative to content/. */;
    files: RegExp /** The entries: items of a list at this path, or the file itself. */;
    list?: string[];
    label: string[];
    fields: TextField[];
  }
> = {
  vragen: {
    title: 'Veelgestelde vragen',
    files: /^vragen\/[^/_][^/]*\.ya?ml$/,
    list: ['vragen'],
    label: ['vraag'],
    fields: both([
      ['vraag', 'Vraag', 'line'],
      ['antwoord', 'Antwoord', 'paragraph'],
    ]),
  },
  begrippen: {
    title: 'Begrippen',
    files: /^begrippen\.yaml$/,
    list: [],
    label: ['term'],
    fields: both([
      ['term', 'Begrip', 'line'],
      ['uitleg', 'Uitleg', 'paragraph'],
      ['ookWel', 'Ook wel', 'list'],
    ]),
  },
  fasen: {
    title: 'Fasen',
    files: /^fasen\.yaml$/,
    list: [],
    label: ['naam'],
    fields: both([
      ['naam', 'Naam', 'line'],
      ['samenvatting', 'Samenvatting', 'line'],
      ['watGebeurtEr', 'Wat gebeurt er', 'list'],
      ['duur', 'Duur', 'line'],
    ]),
  },
  contactmomenten: {
    title: 'Contactmomenten',
    files: /^contactmomenten\/[^/_][^/]*\.ya?ml$/,
    label: ['titel'],
    fields: both([
      ['titel', 'Titel', 'line'],
      ['doel', 'Doel', 'line'],
      ['middelen', 'Middelen', 'list'],
      ['activiteiten', 'Activiteiten', 'list'],
      ['wanneer', 'Wanneer', 'line'],
    ]),
  },
};

/** One editable text: a FAQ question, a term, a phase or a contact moment. */
export type TextEntry = {
  kind: TextKind;
  /** The file relative to content/, as `vragen/kosten.yaml`. */
  file: string;
  /** Its place in a file that lists several (0-based), or undefined for a file of its own. */
  index: number | undefined;
  label: string;
  /** The field values as the form shows them (a list: one item per line). */
  values: Record<string, string>;
  /** A fingerprint of the entry as read: a save against a changed entry is refused. */
  version: string;
};

export const fieldName = (field: TextField) => field.path.join('.');

function fingerprint(value: unknown): string {
  // FNV-1a over the JSON: enough to notice that an entry changed between showing and saving.
  let hash = 0x811c9dc5;
  for (const ch of JSON.stringify(value) ?? '') hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

function formValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join('\n');
  return value === undefined || value === null ? '' : String(value);
}

/** The kind of text a content file holds, or undefined when the page does not edit it. */
export function kindOfFile(file: string): TextKind | undefined {
  return TEXT_KINDS.find((k) => TEXT_KIND_INFO[k].files.test(file));
}

/** The editable entries of one content file (unreadable files give none: the content check names them). */
export function entriesOf(file: string, source: string): TextEntry[] {
  const kind = kindOfFile(file);
  if (!kind) return [];
  const info = TEXT_KIND_INFO[kind];
  const doc = parseDocument(source);
  if (doc.errors.length) return [];
  const data: unknown = doc.toJS();
  const at = (value: unknown, path: (string | number)[]) =>
    path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
  const entry = (value: unknown, index: number | undefined): TextEntry => ({
    kind,
    file,
    index,
    label: formValue(at(value, info.label)) || `${file} ${index === undefined ? '' : index + 1}`.trim(),
    values: Object.fromEntries(info.fields.map((f) => [fieldName(f), formValue(at(value, f.path))])),
    version: fingerprint(value),
  });
  if (!info.list) return [entry(data, undefined)];
  const items = at(data, info.list);
  return Array.isArray(items) ? items.map((item, i) => entry(item, i)) : [];
}

/** What the form sends: the entry, the version it showed, and a value per field. */
export const textEditForm = z.object({
  bestand: z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)?\.ya?ml$/, 'onbekend bestand'),
  item: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(10_000).optional()),
  versie: z.string().regex(/^[0-9a-f]{8}$/, 'onbekende versie'),
});

/**
 * The value to write for a field from what was typed: spaces and line breaks in a text become one
 * space (a text is one paragraph); a list is one item per non-empty line. Empty means "leave out".
 */
function typedValue(kind: FieldKind, typed: string): string | string[] | undefined {
  if (kind === 'list') {
    const items = typed
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    return items.length ? items : undefined;
  }
  const text = typed.replace(/\s+/g, ' ').trim();
  return text || undefined;
}

export type Change = { path: (string | number)[]; value: string | string[] | undefined; label: string };

/** The changes an edit makes: only the fields whose value differs from the entry as read. */
export function changesOf(entry: TextEntry, typed: Record<string, string>): Change[] {
  const info = TEXT_KIND_INFO[entry.kind];
  const base = [...(info.list ?? []), ...(entry.index === undefined ? [] : [entry.index])];
  return info.fields.flatMap((field) => {
    const name = fieldName(field);
    const before = typedValue(field.kind, entry.values[name] ?? '');
    const after = typedValue(field.kind, typed[name] ?? '');
    return isDeepStrictEqual(before, after) ? [] : [{ path: [...base, ...field.path], value: after, label: field.label }];
  });
}

const columnOf = (src: string, offset: number) => offset - (src.lastIndexOf('\n', offset - 1) + 1);
/** Where a node's value ends, before the line break a block value carries. */
const valueEnd = (src: string, node: Node) => {
  const end = node.range?.[1] ?? 0;
  return src[end - 1] === '\n' ? end - 1 : end;
};
const indentLines = (text: string, indent: number) =>
  text
    .trimEnd()
    .split('\n')
    .map((line, i) => (i === 0 || !line ? line : ' '.repeat(indent) + line))
    .join('\n');

/** A long text in a folded block (>-), as the editors write long texts, wrapped near 100 characters. */
function folded(text: string, indent: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] as string).length + word.length + 1 + indent <= 100) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return `>-\n${lines.map((l) => ' '.repeat(indent) + l).join('\n')}`;
}

/** The YAML text of a value in the place of `old` (its style kept: folded text, flow or block list). */
function rendered(src: string, old: Node | undefined, value: string | string[], keyColumn: number): string {
  if (Array.isArray(value)) {
    const flow = isSeq(old) && old.flow;
    const text = stringify(value, { lineWidth: 0, collectionStyle: flow ? 'flow' : 'block', flowCollectionPadding: false });
    return indentLines(text, old?.range ? columnOf(src, old.range[0]) : keyColumn + 2);
  }
  if (isScalar(old) && old.type === Scalar.BLOCK_FOLDED && !/^[\s#]|[\s]$/.test(value)) return folded(value, keyColumn + 2);
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** Writes one change into the source, touching only its own lines; undefined when it cannot. */
function spliced(src: string, doc: Document, change: Change): string | undefined {
  const key = change.path.at(-1);
  const parentPath = change.path.slice(0, -1);
  // The deepest map that exists on the path: a missing `en:` is added with the field inside.
  let depth = parentPath.length;
  let parent: unknown = doc.getIn(parentPath, true);
  while (!isMap(parent) && depth > 0) {
    depth--;
    parent = depth === 0 ? doc.contents : doc.getIn(parentPath.slice(0, depth), true);
  }
  if (!isMap(parent) || typeof key !== 'string') return undefined;
  const map = parent as YAMLMap<Scalar, Node>;
  if (map.flow || !map.items.length || !map.range) return undefined;
  const column = columnOf(src, map.range[0]);
  if (depth === parentPath.length) {
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair?.value?.range && pair.key?.range) {
      if (change.value === undefined) {
        // The last field of a map (`en:`): the map goes with it, as an empty one means nothing.
        if (map.items.length === 1 && parentPath.length) return spliced(src, doc, { ...change, path: parentPath });
        // Left out: the key's lines go, with their line break.
        const start = src.lastIndexOf('\n', pair.key.range[0] - 1) + 1;
        const end = valueEnd(src, pair.value);
        return src.slice(0, start) + src.slice(src[end] === '\n' ? end + 1 : end);
      }
      const start = isSeq(pair.value) && !pair.value.flow ? src.lastIndexOf('\n', pair.value.range[0] - 1) : pair.value.range[0];
      const value = rendered(src, pair.value, change.value, column);
      const text = isSeq(pair.value) && !pair.value.flow ? `\n${' '.repeat(columnOf(src, pair.value.range[0]))}${value}` : value;
      return src.slice(0, start) + text + src.slice(valueEnd(src, pair.value));
    }
  }
  if (change.value === undefined) return src;
  // A new key (and the maps it sits in) after the map's last entry, at the map's indentation.
  const missing = [...parentPath.slice(depth), key] as string[];
  const nested = missing.reduceRight<unknown>((v, k) => ({ [k]: v }), change.value);
  const text = indentLines(stringify(nested, { lineWidth: 0, flowCollectionPadding: false }), column);
  const last = map.items.at(-1)?.value as Node | undefined;
  if (!last?.range) return undefined;
  const at = valueEnd(src, last);
  return `${src.slice(0, at)}\n${' '.repeat(column)}${text}${src.slice(at)}`;
}

/**
 * The file's new text with the changes written in. Each change replaces only its own lines, so a
 * reviewer sees exactly what the editor changed; should that ever read back differently from the
 * intended data, the whole file is written anew from the data instead (comments kept).
 */
export function applyChanges(source: string, changes: Change[]): string {
  const intended = parseDocument(source);
  for (const c of changes) {
    if (c.value !== undefined) {
      intended.setIn(c.path, c.value);
      continue;
    }
    let path = c.path;
    intended.deleteIn(path);
    // An emptied map (`en:` without fields) goes too: the same rule as the splice below.
    while (path.length > 1 && (intended.getIn(path.slice(0, -1), true) as YAMLMap | undefined)?.items?.length === 0) {
      path = path.slice(0, -1);
      intended.deleteIn(path);
    }
  }
  let text: string | undefined = source;
  for (const change of changes) {
    text = text === undefined ? undefined : spliced(text, parseDocument(text), change);
  }
  if (text !== undefined && isDeepStrictEqual(parseDocument(text).toJS(), intended.toJS())) return text;
  return intended.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** A short slug for a branch or file name: lower case, letters, digits and dashes. */
export function slug(text: string, max = 40): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, max)
      .replace(/-+$/, '') || 'tekst'
  );
}

/**
 * A unified diff of one file that `git apply` and `git am` take: one hunk from the first to the
 * last changed line, with three lines of context (an edit changes one entry, so one hunk).
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  // A file ends with a line break: its last "line" is empty and no line of its own.
  const lines = (l: string[]) => (l.at(-1) === '' ? l.length - 1 : l.length);
  const from = Math.max(0, start - 3);
  const toA = Math.min(lines(a), a.length - end + 3);
  const toB = Math.min(lines(b), b.length - end + 3);
  const body = [
    ...a.slice(from, start).map((l) => ` ${l}`),
    ...a.slice(start, Math.min(a.length - end, lines(a))).map((l) => `-${l}`),
    ...b.slice(start, Math.min(b.length - end, lines(b))).map((l) => `+${l}`),
    ...a.slice(a.length - end, toA).map((l) => ` ${l}`),
  ];
  const range = (first: number, count: number) => `${count ? first + 1 : first},${count}`;
  return [
    `diff --git a/${path} b/${path}`,
    `--- a/${path}`,
    `+++ b/${path}`,
    `@@ -${range(from, toA - from)} +${range(from, toB - from)} @@`,
    ...body,
    '',
  ].join('\n');
}
