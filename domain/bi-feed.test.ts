import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BI_FIELDS, type BiProcessFacts, type BiResponse, biReadWindow, biRows } from './bi-feed.ts';
import { biPage, dateRange, parseBiQuery } from './bi-feed-query.ts';
import type { IsoDate } from './calendar.ts';
import type { Cut } from './satisfaction.ts';

const FACTS = { fase: 'nazorg' } as BiProcessFacts;
const question = (_survey: string, q: string) =>
  q === 'moeite' ? ({ kind: 'schaal', min: 1, max: 7 } as const) : q === 'lastig' ? ({ kind: 'keuze' } as const) : undefined;

function responses(n: number, cut: Cut, day: IsoDate, answerDay: IsoDate = day): BiResponse[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${cut.combi}-${cut.discipline}-${day}-${i}`,
    survey: 'webfeedback',
    cut,
    day,
    answers: [
      { question: 'moeite', value: 1 + (i % 7), day: answerDay },
      { question: 'lastig', value: ['kosten', 'bijlagen'], day: answerDay },
      { question: 'verbeteren', value: 'vrije tekst', day: answerDay },
    ],
    facts: FACTS,
  }));
}

const elektra: Cut = { combi: 'brabant-oost', discipline: 'elektra' };
const water: Cut = { combi: 'brabant-oost', discipline: 'water' };

describe('biRows', () => {
  it('publishes scale answers and each chosen option, never free text', () => {
    const rows = biRows({ responses: responses(5, elektra, '2026-02-02'), today: '2026-12-01', byCombi: false, question });
    expect(rows).toHaveLength(15);
    expect(rows.filter((r) => r.vraag === 'lastig').map((r) => r.keuze)).toContain('bijlagen');
    expect(rows.some((r) => r.vraag === 'verbeteren')).toBe(false);
    expect(new Set(rows.map((r) => r.id)).size).toBe(15);
  });

  it('leaves out a small group and the group that would give it away, as the dashboard hides them', () => {
    const input = [...responses(7, elektra, '2026-05-02'), ...responses(3, water, '2026-05-02')];
    expect(biRows({ responses: input, today: '2026-12-01', byCombi: false, question })).toEqual([]);
    const bigger = [...input, ...responses(2, water, '2026-05-03')];
    // Five on water: both groups are shown, and every answer is published.
    expect(biRows({ responses: bigger, today: '2026-12-01', byCombi: false, question })).toHaveLength(12 * 3);
  });

  it('publishes a quarter only once it is final, with the answers given before its final day', () => {
    const late = responses(5, elektra, '2026-03-30', '2026-04-15');
    expect(biRows({ responses: late, today: '2026-04-14', byCombi: false, question })).toEqual([]);
    // Q1 is final on 2026-04-15: answers given on that day or later do not count, so nothing is left.
    expect(biRows({ responses: late, today: '2026-12-01', byCombi: false, question })).toEqual([]);
    const inTime = responses(5, elektra, '2026-03-30', '2026-04-14');
    expect(biRows({ responses: inTime, today: '2026-04-15', byCombi: false, question })).toHaveLength(15);
  });

  it('judges no quarter on part of it: responses outside the window read are left out', () => {
    const rows = biRows({
      responses: responses(5, elektra, '2026-03-30'),
      today: '2026-12-01',
      byCombi: false,
      question,
      window: { from: '2026-04-01' },
    });
    expect(rows).toEqual([]);
  });
});

describe('biReadWindow', () => {
  it('reads whole quarters, back to the one whose answers can still come on the first day', () => {
    expect(biReadWindow('2026-04-10', '2026-05-01')).toEqual({ from: '2026-01-01', to: '2026-07-01' });
    expect(biReadWindow('2026-04-20', undefined)).toEqual({ from: '2026-04-01' });
    expect(biReadWindow(undefined, undefined)).toEqual({});
  });
});

describe('parseBiQuery', () => {
  const parse = (query: string) => parseBiQuery(new URLSearchParams(query));

  it('reads comparisons joined with and, in parentheses too', () => {
    const query = parse(
      `$filter=${encodeURIComponent("(antwoorddatum ge 2026-01-01 and antwoorddatum lt 2026-04-01) and meting eq 'it''s'")}`,
    );
    expect(query).toMatchObject({
      conditions: [
        { field: 'antwoorddatum', op: 'ge', value: '2026-01-01' },
        { field: 'antwoorddatum', op: 'lt', value: '2026-04-01' },
        { field: 'meting', op: 'eq', value: "it's" },
      ],
    });
    if ('message' in query) throw new Error('refused');
    expect(dateRange(query.conditions, 'antwoorddatum')).toEqual({ from: '2026-01-01', to: '2026-04-01' });
    expect(dateRange([{ field: 'meetdatum', op: 'le', value: '2026-01-31' }], 'meetdatum')).toEqual({ to: '2026-02-01' });
  });

  it.each([
    ['$filter=waarde eq', '$filter'],
    ['$filter=combi eq null and pc4 eq null', undefined],
    ['$filter=id eq null', '$filter'],
    ['$top=1&$top=2', '$top'],
    ['$format=xml', '$format'],
    ['$count=yes', '$count'],
  ])('%s', (query, field) => {
    const result = parse(query);
    if (field === undefined) expect('message' in result).toBe(false);
    else expect(result).toMatchObject({ field });
  });
});

describe('biPage', () => {
  it('goes on after the skip token, so that no row comes twice or is missed', () => {
    const rows = biRows({ responses: responses(9, elektra, '2026-02-02'), today: '2026-12-01', byCombi: false, question });
    const query = parse('');
    const seen: string[] = [];
    let page = biPage(rows, query, 4);
    seen.push(...page.rows.map((r) => r.id as string));
    while (page.next) {
      page = biPage(rows, { ...query, ...(parse(`$skiptoken=${page.next.skiptoken}`) as object) }, 4);
      seen.push(...page.rows.map((r) => r.id as string));
    }
    expect(seen).toEqual(rows.map((r) => r.id));
  });
});

function parse(query: string) {
  const result = parseBiQuery(new URLSearchParams(query));
  if ('message' in result) throw new Error(result.message);
  return result;
}

describe('the Power BI guide (docs/power-bi.md)', () => {
  it('lists every field of the feed with its type', () => {
    const guide = readFileSync(new URL('../docs/power-bi.md', import.meta.url), 'utf8');
    // Cells may be padded: the formatter aligns the table's columns.
    for (const f of BI_FIELDS) expect(guide).toMatch(new RegExp(`\\| \`${f.name}\` +\\| [^|]*\\(${f.type}\\) +\\|`));
  });
});
