import { describe, expect, it } from 'vitest';
import {
  type Cut,
  closedQuarters,
  disciplineGroup,
  FREE_TEXT_SHOWN,
  quarterDays,
  quarterName,
  quarterOf,
  SATISFACTION,
  type SatisfactionResponse,
  satisfactionFigures,
  splitsByCombi,
} from './satisfaction.ts';
import { loadSurveys, PANEL_SURVEY } from './survey-schema.ts';

const elektra: Cut = { combi: 'noord', discipline: 'elektra' };
const water: Cut = { combi: 'noord', discipline: 'water' };
const zuid: Cut = { combi: 'zuid', discipline: 'meerdere' };

let serial = 0;
/** An eindmeting response with a grade (and whatever else), started and answered on `day`. */
function graded(cut: Cut, cijfer: number, day = '2026-08-10', extra: Record<string, unknown> = {}): SatisfactionResponse {
  const answers = Object.entries({ cijfer, ...extra }).map(([question, value]) => ({ question, value, day }));
  return { id: `r${serial++}`, survey: 'eindmeting', cut, day, answers };
}
const times = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));
const figures = (responses: SatisfactionResponse[], more: Partial<Parameters<typeof satisfactionFigures>[0]> = {}) =>
  satisfactionFigures({ quarter: '2026-K3', today: '2026-12-06', byCombi: false, responses, invitations: [], ...more });
const eindmeting = (f: ReturnType<typeof figures>) => f.surveys.find((s) => s.survey === 'eindmeting');

describe('quarters', () => {
  it('are calendar quarters, final fifteen days after their last day, when the last invitations have expired', () => {
    expect(quarterOf('2026-09-30')).toBe('2026-K3');
    expect(quarterOf('2026-10-01')).toBe('2026-K4');
    expect(quarterOf('2027-01-01')).toBe('2027-K1');
    expect(quarterDays('2026-K3')).toEqual({ first: '2026-07-01', last: '2026-09-30', final: '2026-10-15' });
    expect(quarterDays('2026-K4')).toEqual({ first: '2026-10-01', last: '2026-12-31', final: '2027-01-15' });
    expect(quarterDays('2028-K1').last).toBe('2028-03-31');
    expect(quarterName('2026-K3')).toBe('3e kwartaal 2026 (juli–september)');
  });

  it('can be chosen when closed, the last two years, newest first', () => {
    expect(closedQuarters('2026-12-06')).toEqual([
      '2026-K3',
      '2026-K2',
      '2026-K1',
      '2025-K4',
      '2025-K3',
      '2025-K2',
      '2025-K1',
      '2024-K4',
    ]);
    expect(closedQuarters('2026-10-14')[0]).toBe('2026-K2');
    expect(closedQuarters('2026-10-15')[0]).toBe('2026-K3');
  });
});

describe('the fixed breakdown', () => {
  it('puts every aanvraag in one discipline group, and splits by combi area where more than one can be seen', () => {
    expect(disciplineGroup(['gas'])).toBe('gas');
    expect(disciplineGroup(['elektra', 'water'])).toBe('meerdere');
    expect(splitsByCombi({ all: true })).toBe(true);
    expect(splitsByCombi({ all: false, combis: ['noord'], gridOperator: undefined })).toBe(false);
    expect(splitsByCombi({ all: false, combis: ['noord', 'zuid'], gridOperator: undefined })).toBe(true);
    expect(splitsByCombi({ all: false, combis: [], gridOperator: 'nb' })).toBe(true);
  });

  it('reads the questions the survey files define', () => {
    const surveys = loadSurveys('content');
    const question = (survey: string, id: string) =>
      surveys.get(survey as never)?.vragen.find((v: { id: string }) => v.id === id) as Record<string, unknown> | undefined;
    const effort = [...surveys.keys()].filter((s) => question(s, SATISFACTION.effort.question));
    expect(effort.sort()).toEqual(['eindmeting', 'helpdesk', 'offerte', 'webfeedback']);
    for (const s of effort) expect(question(s, 'moeite')).toMatchObject({ soort: 'schaal', van: 1, tot: 7 });
    expect(question('eindmeting', 'cijfer')).toMatchObject({ soort: 'schaal', van: 1, tot: 10 });
    // The klantenpanel's questionnaire is no measurement: its texts go to the organisers, not the dashboard.
    for (const s of [...surveys.keys()].filter((k) => k !== PANEL_SURVEY)) {
      for (const v of surveys.get(s)?.vragen ?? []) {
        if (v.soort === 'tekst') expect(SATISFACTION.freeText, `${s}.${v.id}`).toContain(v.id);
      }
    }
  });
});

describe('satisfaction figures of a quarter', () => {
  it('hide the finding: water (4) and, beside it, elektra (6), so the whole (10) gives nothing away', () => {
    const f = figures([...times(6, () => graded(elektra, 8)), ...times(4, () => graded(water, 3))]);
    expect(eindmeting(f)?.rows).toEqual([
      { level: 0, ktv: { n: 10, average: 6 } },
      { level: 1, discipline: 'elektra', ktv: null },
      { level: 1, discipline: 'water', ktv: null },
    ]);
    expect(f.ktvDistribution?.find((d) => d.value === 3)?.n).toBe(4);
  });

  it('split per combi area, then per discipline group, each kind of figure hidden on its own count', () => {
    const f = figures(
      [
        ...times(7, (i) => graded(elektra, 7, '2026-07-15', i < 6 ? { moeite: 2 } : {})),
        ...times(8, () => graded(water, 9, '2026-08-15', { moeite: 4 })),
        ...times(5, () => graded(zuid, 6, '2026-09-15', { moeite: 1 })),
      ],
      { byCombi: true },
    );
    const rows = eindmeting(f)?.rows ?? [];
    expect(rows.map((r) => [r.level, r.combi, r.discipline])).toEqual([
      [0, undefined, undefined],
      [1, 'noord', undefined],
      [2, 'noord', 'elektra'],
      [2, 'noord', 'water'],
      [1, 'zuid', undefined],
      [2, 'zuid', 'meerdere'],
    ]);
    expect(rows[2]).toMatchObject({ ktv: { n: 7, average: 7 }, effort: { n: 6, average: 2 } });
    expect(rows[4]).toMatchObject({ ktv: { n: 5, average: 6 }, effort: { n: 5, average: 1 } });
    expect(rows[0]?.effort).toEqual({ n: 19, average: (12 + 32 + 5) / 19 });
  });

  it('count invitations by personal link, and hide a small group’s response rate with its counts', () => {
    const invitations = [
      ...times(10, (i) => ({ survey: 'eindmeting', cut: elektra, day: '2026-07-01', responded: i < 6 })),
      ...times(9, (i) => ({ survey: 'eindmeting', cut: water, day: '2026-09-30', responded: i < 3 })),
      { survey: 'eindmeting', cut: water, day: '2026-06-30', responded: true },
    ];
    const f = figures([], { invitations });
    expect(eindmeting(f)?.rows).toEqual([
      { level: 0, responses: { responses: 9, invited: 19, rate: 9 / 19 } },
      { level: 1, discipline: 'elektra', responses: null },
      { level: 1, discipline: 'water', responses: null },
    ]);
    expect(eindmeting(f)?.invited).toBe(true);
  });

  it('show free text only with five responses that have it, over the whole quarter, in an order unrelated to time', () => {
    const texts = (n: number) =>
      times(n, (i) =>
        graded(i % 2 ? elektra : water, 7, `2026-07-${String(10 + i).padStart(2, '0')}`, { verbeteren: `tekst ${i}` }),
      );
    expect(eindmeting(figures(texts(4)))?.freeText).toBeNull();
    const many = texts(FREE_TEXT_SHOWN + 5);
    const shown = eindmeting(figures(many))?.freeText;
    expect(shown?.total).toBe(FREE_TEXT_SHOWN + 5);
    expect(shown?.shown).toHaveLength(FREE_TEXT_SHOWN);
    // Neither the order of answering nor its reverse.
    const inTime = many.map((r) => r.answers.find((a) => a.question === 'verbeteren')?.value);
    expect(shown?.shown).not.toEqual(inTime.slice(0, FREE_TEXT_SHOWN));
    expect(shown?.shown).not.toEqual(inTime.reverse().slice(0, FREE_TEXT_SHOWN));
    expect(eindmeting(figures(texts(6)))?.freeText?.shown.sort()).toEqual(
      texts(6)
        .map((_, i) => `tekst ${i}`)
        .sort(),
    );
  });

  it('count only the quarter, only once it is final, and only answers given before it was', () => {
    const late = graded(elektra, 1, '2026-09-20');
    late.answers = [{ question: 'cijfer', value: 1, day: '2026-10-15' }];
    const responses = [...times(5, () => graded(elektra, 8, '2026-09-30')), graded(elektra, 2, '2026-10-01'), late];
    const f = figures(responses);
    expect(eindmeting(f)?.rows[0]).toEqual({ level: 0, ktv: { n: 5, average: 8 } });
    expect(figures(responses, { today: '2026-10-14' })).toEqual({
      quarter: '2026-K3',
      final: false,
      surveys: [],
      ktvDistribution: null,
    });
  });
});
