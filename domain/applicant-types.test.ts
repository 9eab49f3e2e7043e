import { describe, expect, it } from 'vitest';
import { businessVolumes, typeCutShown, weightedFigures, weightedShown } from './applicant-types.ts';
import { derivableSmallGroup } from './differencing.ts';
import type { DisciplineGroup, SatisfactionResponse, SurveyFigures } from './satisfaction.ts';
import { satisfactionFigures } from './satisfaction.ts';

const A = '11111111';
const B = '22222222';
const C = '33333333';

/** Webfeedback responses with one effort answer each: `values` per discipline and applicant (undefined: private). */
function responses(groups: { discipline: DisciplineGroup; kvk?: string; values: number[] }[]): SatisfactionResponse[] {
  return groups.flatMap(({ discipline, kvk, values }) =>
    values.map((value, i) => ({
      id: `${discipline}-${kvk ?? 'p'}-${i}`,
      survey: 'webfeedback',
      cut: { combi: 'brabant-oost', discipline, kvk },
      day: '2026-08-10',
      answers: [{ question: 'moeite', value, day: '2026-08-10' }],
    })),
  );
}
const figuresOf = (list: SatisfactionResponse[], volumes = new Map<string, number>()): SurveyFigures =>
  satisfactionFigures({ quarter: '2026-K3', today: '2026-11-01', byCombi: false, responses: list, invitations: [], volumes })
    .surveys[0] as SurveyFigures;

/** The sets of responses a reader sees sums of: the table's shown groups, the shown types, and (weighted) each applicant. */
function shownSets(list: SatisfactionResponse[], figures: SurveyFigures): string[][] {
  const ids = (keep: (r: SatisfactionResponse) => boolean) => list.filter(keep).map((r) => r.id);
  const sets: string[][] = [];
  for (const row of figures.rows) {
    if (!row.effort) continue;
    sets.push(ids((r) => row.level === 0 || r.cut.discipline === row.discipline));
  }
  for (const row of figures.types) if (row.effort) sets.push(ids((r) => (row.type === 'zakelijk') === !!r.cut.kvk));
  // The worst case of a weighted figure: a reader who can tell every applicant's answers apart.
  if (figures.weighted.effort) for (const kvk of new Set(list.map((r) => r.cut.kvk))) sets.push(ids((r) => r.cut.kvk === kvk));
  return sets.filter((s) => s.length > 0);
}
const leak = (list: SatisfactionResponse[], figures: SurveyFigures) => derivableSmallGroup(shownSets(list, figures), () => [1]);

describe('satisfaction per applicant type, against a fixture computed by hand', () => {
  // Elektra: 6 private answers of 2, business A 5 answers of 6. Gas: 5 private answers of 4, business B 5 answers of 1.
  const fixture = responses([
    { discipline: 'elektra', values: [2, 2, 2, 2, 2, 2] },
    { discipline: 'elektra', kvk: A, values: [6, 6, 6, 6, 6] },
    { discipline: 'gas', values: [4, 4, 4, 4, 4] },
    { discipline: 'gas', kvk: B, values: [1, 1, 1, 1, 1] },
  ]);

  it('shows each type: private 32/11 over 11, business 35/10 over 10', () => {
    const figures = figuresOf(fixture);
    expect(figures.types).toEqual([
      { type: 'particulier', responses: { responses: 11 }, effort: { n: 11, average: 32 / 11 }, ktv: undefined },
      { type: 'zakelijk', responses: { responses: 10 }, effort: { n: 10, average: 3.5 }, ktv: undefined },
    ]);
    expect(leak(fixture, figures)).toBeUndefined();
  });

  it('weighs each business applicant’s mean by its aanvragen: (30·6 + 10·1) / 40, and with the private answers (32 + 190) / (11 + 40)', () => {
    const figures = figuresOf(
      fixture,
      new Map([
        [A, 30],
        [B, 10],
      ]),
    );
    expect(figures.weighted.effort).toEqual({
      business: { average: 190 / 40, applicants: 2, weight: 40 },
      all: { average: 222 / 51, applicants: 2, weight: 51 },
    });
    expect(figures.weighted.ktv).toBeUndefined();
    // The type rows themselves do not change with the weights.
    expect(figures.types).toEqual(figuresOf(fixture).types);
  });

  it('counts an applicant that answered without aanvragen in the quarter with weight 1', () => {
    const figures = figuresOf(fixture, new Map([[A, 3]]));
    expect(figures.weighted.effort?.business).toEqual({ average: (3 * 6 + 1 * 1) / 4, applicants: 2, weight: 4 });
  });

  it('hides the weighted figures when one applicant has fewer than five answers in a group, and the attacker shows why', () => {
    const list = [...fixture, ...responses([{ discipline: 'elektra', kvk: C, values: [7, 7] }])];
    const figures = figuresOf(list, new Map([[C, 50]]));
    expect(figures.weighted.effort).toBeNull();
    // Still per type: 12 business answers in the groups that hold both types.
    expect(figures.types.map((t) => t.effort)).toEqual([
      { n: 11, average: 32 / 11 },
      { n: 12, average: 49 / 12 },
    ]);
    expect(leak(list, figures)).toBeUndefined();
    const shownAnyway = { ...figures, weighted: { effort: { business: { average: 0, applicants: 3, weight: 0 } } } };
    expect(leak(list, shownAnyway)?.sort()).toEqual(['elektra-33333333-0', 'elektra-33333333-1']);
  });

  it('hides both types when a difference across the table gives a few answers, though each type has five or more', () => {
    // Business: 2 in elektra, 5 in gas (7); private: 6 in elektra. Business minus gas gives the 2 in elektra.
    const list = responses([
      { discipline: 'elektra', values: [3, 3, 3, 3, 3, 3] },
      { discipline: 'elektra', kvk: A, values: [5, 5] },
      { discipline: 'gas', kvk: B, values: [1, 1, 1, 1, 1] },
    ]);
    const figures = figuresOf(list);
    expect(figures.rows.map((r) => r.effort?.n)).toEqual([13, 8, 5]);
    expect(figures.types.map((t) => t.effort)).toEqual([null, null]);
    expect(figures.weighted.effort).toBeNull();
    expect(leak(list, figures)).toBeUndefined();
    const naive = { ...figures, types: figuresOf(fixture).types };
    expect(leak(list, naive)?.sort()).toEqual(['elektra-11111111-0', 'elektra-11111111-1']);
  });

  it('shows nothing per type when the whole is hidden', () => {
    const list = responses([{ discipline: 'gas', kvk: A, values: [1, 2, 3] }]);
    const figures = figuresOf(list);
    expect(figures.types.map((t) => t.effort)).toEqual([undefined, null]);
    expect(figures.weighted.effort).toBeNull();
  });

  it('never lets the attacker isolate fewer than five answers, over random quarters', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const disciplines: DisciplineGroup[] = ['elektra', 'gas', 'meerdere'];
    for (let round = 0; round < 150; round++) {
      const groups = disciplines.flatMap((discipline) =>
        [undefined, A, B].map((kvk) => ({
          discipline,
          kvk,
          values: Array.from({ length: Math.floor(next() * 8) }, () => 1 + Math.floor(next() * 7)),
        })),
      );
      const list = responses(groups);
      if (list.length === 0) continue;
      const figures = figuresOf(
        list,
        new Map([
          [A, 1 + Math.floor(next() * 20)],
          [B, 1 + Math.floor(next() * 20)],
        ]),
      );
      expect(leak(list, figures), JSON.stringify(groups.map((g) => g.values.length))).toBeUndefined();
    }
  });
});

describe('the rules on their own', () => {
  it('counts the aanvragen per KvK number, private ones not', () => {
    expect(businessVolumes([{ kvk: A }, { kvk: undefined }, { kvk: A }, { kvk: B }])).toEqual(
      new Map([
        [A, 2],
        [B, 1],
      ]),
    );
  });

  it('judges the type cut on the regions that hold both types only', () => {
    const unit = (region: string, kvk?: string) => ({ region, kvk, counts: [1] });
    const five = (region: string, kvk?: string) => Array.from({ length: 5 }, () => unit(region, kvk));
    // A region of business answers only may hold any number: it is shown on its own already.
    expect(typeCutShown([...five('g'), ...five('e', A), unit('e'), unit('e'), unit('w', A)])).toBe(false);
    expect(typeCutShown([...five('g'), ...five('e', A), ...five('w', A), unit('w2', A), ...five('e')])).toBe(true);
    expect(weightedShown([...five('e', A), ...five('e')])).toBe(true);
    expect(weightedShown([...five('e', A), ...five('e'), unit('e', B)])).toBe(false);
    expect(weightedFigures([], new Map())).toEqual({});
  });
});
