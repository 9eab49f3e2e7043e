/**
 * The OData v4 query options the BI feed understands (docs/decisions/0038-bi-feed.md), parsed
 * strictly: `$filter` as comparisons of a field with a literal (eq, ne, gt, ge, lt, le), joined
 * with `and`, in parentheses if wanted; `$select`, `$top`, `$skip`, `$count`, `$skiptoken` (the
 * feed's own, in its next links) and `$format=json`. Anything else (another option, an unknown
 * field, `or`, a function, a literal of the wrong type) is refused with the reason, in Dutch and
 * English: a BI tool that asks for more than the feed does must not get silently wrong figures.
 */

import { BI_FIELDS, type BiField, type BiRow, compareRows } from './bi-feed.ts';
import { addDays, type IsoDate } from './calendar.ts';

export type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
const COMPARISONS: readonly Comparison[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

export type Condition = { field: keyof BiRow; op: Comparison; value: string | number | null };

export type BiQuery = {
  conditions: Condition[];
  select: (keyof BiRow)[] | undefined;
  top: number | undefined;
  skip: number;
  count: boolean;
  /** The (meetdatum, id) of the last row of the previous page. */
  after: { meetdatum: IsoDate; id: string } | undefined;
};

export type QueryError = { field: string; message: string };

/** Rows per page when the client does not ask for fewer (Prefer: odata.maxpagesize). */
export const MAX_PAGE_SIZE = 1000;

const OPTIONS = ['$filter', '$select', '$top', '$skip', '$count', '$skiptoken', '$format'] as const;
const FIELDS = new Map<string, BiField>(BI_FIELDS.map((f) => [f.name, f]));
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const SKIPTOKEN = /^(\d{4}-\d{2}-\d{2})~([A-Za-z0-9_-]{1,64})$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

const error = (field: string, nl: string, en: string): QueryError => ({ field, message: `${nl} (${en})` });

/** The words of a $filter: names, literals ('…' with '' for a quote), parentheses. */
function tokens(text: string): string[] | QueryError {
  const out: string[] = [];
  const pattern = /\s*(?:('(?:[^']|'')*')|([()])|([^\s()']+))/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match || match[0].length === 0) {
      if (/^\s*$/.test(text.slice(at))) break;
      return error('$filter', `onleesbaar bij positie ${at + 1}`, `cannot be read at position ${at + 1}`);
    }
    const word = match[1] ?? match[2] ?? match[3];
    if (word !== undefined) out.push(word);
    at = pattern.lastIndex;
  }
  return out;
}

/** A literal as the field's type wants it. */
function literal(fieldDef: BiField, word: string): string | number | null | QueryError {
  if (word === 'null') {
    return fieldDef.nullable ? null : error('$filter', `${fieldDef.name} is nooit leeg`, `${fieldDef.name} is never null`);
  }
  switch (fieldDef.type) {
    case 'Edm.Date':
      return DATE.test(word)
        ? word
        : error(
            '$filter',
            `${fieldDef.name} vergelijkt u met een datum als 2026-01-31`,
            `compare ${fieldDef.name} with a date like 2026-01-31`,
          );
    case 'Edm.Int32':
    case 'Edm.Double':
      return NUMBER.test(word) && (fieldDef.type === 'Edm.Double' || !word.includes('.'))
        ? Number(word)
        : error('$filter', `${fieldDef.name} vergelijkt u met een getal`, `compare ${fieldDef.name} with a number`);
    case 'Edm.String':
      return word.length >= 2 && word.startsWith("'") && word.endsWith("'")
        ? word.slice(1, -1).replaceAll("''", "'")
        : error(
            '$filter',
            `${fieldDef.name} vergelijkt u met tekst tussen enkele aanhalingstekens`,
            `compare ${fieldDef.name} with text in single quotes`,
          );
  }
}

/** `cond (and cond)*`, a cond being `field op literal` or `( … )`. */
function parseFilter(text: string): Condition[] | QueryError {
  const words = tokens(text);
  if (!Array.isArray(words)) return words;
  let i = 0;
  const conjunction = (): Condition[] | QueryError => {
    const out: Condition[] = [];
    for (;;) {
      const one = operand();
      if (!Array.isArray(one)) return one;
      out.push(...one);
      if (words[i] !== 'and') return out;
      i++;
    }
  };
  const operand = (): Condition[] | QueryError => {
    const word = words[i];
    if (word === undefined) return error('$filter', 'houdt te vroeg op', 'ends too early');
    if (word === '(') {
      i++;
      const inner = conjunction();
      if (!Array.isArray(inner)) return inner;
      if (words[i] !== ')') return error('$filter', 'een haakje wordt niet gesloten', 'a parenthesis is not closed');
      i++;
      return inner;
    }
    const fieldDef = FIELDS.get(word);
    if (!fieldDef) {
      return word.includes('(') || words[i + 1] === '('
        ? error('$filter', `functies worden niet ondersteund: ${word}`, `functions are not supported: ${word}`)
        : error('$filter', `onbekend veld: ${word}`, `unknown field: ${word}`);
    }
    const op = words[i + 1];
    if (op === undefined || !(COMPARISONS as readonly string[]).includes(op)) {
      return error(
        '$filter',
        `onbekende operator na ${word}: ${op ?? '(niets)'}; gebruik ${COMPARISONS.join(', ')}`,
        `unknown operator after ${word}: ${op ?? '(nothing)'}; use ${COMPARISONS.join(', ')}`,
      );
    }
    const raw = words[i + 2];
    if (raw === undefined) return error('$filter', 'houdt te vroeg op', 'ends too early');
    const value = literal(fieldDef, raw);
    if (value !== null && typeof value === 'object') return value;
    if (value === null && op !== 'eq' && op !== 'ne')
      return error('$filter', 'null vergelijkt u alleen met eq of ne', 'compare with null only using eq or ne');
    if (fieldDef.type === 'Edm.String' && op !== 'eq' && op !== 'ne')
      return error('$filter', `tekst (${word}) vergelijkt u alleen met eq of ne`, `compare text (${word}) only using eq or ne`);
    i += 3;
    return [{ field: fieldDef.name, op: op as Comparison, value }];
  };
  const conditions = conjunction();
  if (!Array.isArray(conditions)) return conditions;
  if (i < words.length) {
    const word = words[i] as string;
    return word === 'or' || word === 'not'
      ? error('$filter', `${word} wordt niet ondersteund, alleen and`, `${word} is not supported, only and`)
      : error('$filter', `onverwacht: ${word}`, `unexpected: ${word}`);
  }
  return conditions;
}

function wholeNumber(name: string, value: string): number | QueryError {
  return /^\d{1,9}$/.test(value)
    ? Number(value)
    : error(name, 'moet een geheel getal van 0 of meer zijn', 'must be a whole number, 0 or more');
}

/** The query options of a request to the feed, or what is wrong with the first wrong one. */
export function parseBiQuery(params: URLSearchParams): BiQuery | QueryError {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (!(OPTIONS as readonly string[]).includes(name))
      return name.startsWith('$')
        ? error(name, `deze OData-optie wordt niet ondersteund; wel: ${OPTIONS.join(', ')}`, `this OData option is not supported`)
        : error(name, 'onbekende parameter', 'unknown parameter');
    if (seen.has(name)) return error(name, 'staat er twee keer', 'is given twice');
    seen.add(name);
  }
  const query: BiQuery = { conditions: [], select: undefined, top: undefined, skip: 0, count: false, after: undefined };
  const format = params.get('$format');
  if (format !== null && format !== 'json' && !format.startsWith('application/json'))
    return error('$format', 'alleen json', 'only json');
  const filter = params.get('$filter');
  if (filter !== null) {
    const conditions = parseFilter(filter);
    if (!Array.isArray(conditions)) return conditions;
    query.conditions = conditions;
  }
  const select = params.get('$select');
  if (select !== null && select.trim() !== '*') {
    const names = select.split(',').map((s) => s.trim());
    const unknown = names.find((n) => !FIELDS.has(n));
    if (unknown !== undefined)
      return error('$select', `onbekend veld: ${unknown || '(leeg)'}`, `unknown field: ${unknown || '(empty)'}`);
    query.select = [...new Set(names)] as (keyof BiRow)[];
  }
  for (const name of ['$top', '$skip'] as const) {
    const value = params.get(name);
    if (value === null) continue;
    const n = wholeNumber(name, value);
    if (typeof n !== 'number') return n;
    if (name === '$top') query.top = n;
    else query.skip = n;
  }
  const count = params.get('$count');
  if (count !== null) {
    if (count !== 'true' && count !== 'false') return error('$count', 'moet true of false zijn', 'must be true or false');
    query.count = count === 'true';
  }
  const token = params.get('$skiptoken');
  if (token !== null) {
    const match = SKIPTOKEN.exec(token);
    if (!match) return error('$skiptoken', 'is geen vervolgteken van deze feed', 'is not a skip token of this feed');
    query.after = { meetdatum: match[1] as IsoDate, id: match[2] as string };
  }
  return query;
}

/** Whether a row meets every condition (null equals only null; comparisons with null never hold). */
export function matches(row: BiRow, conditions: readonly Condition[]): boolean {
  return conditions.every(({ field, op, value }) => {
    const own = row[field] as string | number | null;
    if (op === 'eq') return own === value;
    if (op === 'ne') return own !== value;
    if (own === null || value === null) return false;
    if (op === 'gt') return own > value;
    if (op === 'ge') return own >= value;
    if (op === 'lt') return own < value;
    return own <= value;
  });
}

/**
 * The range of days the conditions leave for a date field: [from, to) as far as they bound it
 * (ge, gt, eq give a first day; lt, le, eq a day after the last). Used to read no more than needed.
 */
export function dateRange(conditions: readonly Condition[], field: keyof BiRow): { from?: IsoDate; to?: IsoDate } {
  const range: { from?: IsoDate; to?: IsoDate } = {};
  for (const { field: f, op, value } of conditions) {
    if (f !== field || typeof value !== 'string') continue;
    const from = op === 'ge' || op === 'eq' ? value : op === 'gt' ? addDays(value, 1) : undefined;
    const to = op === 'lt' ? value : op === 'le' || op === 'eq' ? addDays(value, 1) : undefined;
    if (from && (!range.from || from > range.from)) range.from = from;
    if (to && (!range.to || to < range.to)) range.to = to;
  }
  return range;
}

export type BiPage = { rows: Partial<BiRow>[]; count?: number; next?: { skiptoken: string; top?: number } };

/**
 * One page of the feed from all rows that meet the query: after the skip token (or past $skip),
 * at most `pageSize` of them and no more than $top in all, with what the next link carries.
 */
export function biPage(all: readonly BiRow[], query: BiQuery, pageSize: number): BiPage {
  const wanted = all.filter((row) => matches(row, query.conditions));
  const { after } = query;
  const start = after ? wanted.findIndex((row) => compareRows(row, after) > 0) : query.skip;
  const rest = start < 0 ? [] : wanted.slice(start, query.top === undefined ? undefined : start + query.top);
  const page = rest.slice(0, pageSize);
  const last = page.at(-1);
  const pick = (row: BiRow): Partial<BiRow> =>
    query.select ? Object.fromEntries(query.select.map((name) => [name, row[name]])) : row;
  return {
    rows: page.map(pick),
    ...(query.count && { count: wanted.length }),
    ...(rest.length > page.length &&
      last && {
        next: {
          skiptoken: `${last.meetdatum}~${last.id}`,
          ...(query.top !== undefined && { top: query.top - page.length }),
        },
      }),
  };
}
