/**
 * Quality samples (issue 15 item 6): the seeded selection is reproducible and uniform enough,
 * and the report per party counts a hand-made sample as a person would.
 */
import { describe, expect, it } from 'vitest';
import {
  confirmationMail,
  periodInstants,
  type ReviewedMoment,
  reportTables,
  sampleReport,
  sampleRequestForm,
  seededSample,
} from './quality-samples.ts';

const ids = Array.from({ length: 40 }, (_, i) => i + 1);

describe('seededSample', () => {
  it('draws the same moments for the same seed, in the candidates’ order', () => {
    const a = seededSample(ids, 5, 'overleg-november');
    expect(seededSample(ids, 5, 'overleg-november')).toEqual(a);
    expect(a).toHaveLength(5);
    expect(new Set(a).size).toBe(5);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    for (const id of a) expect(ids).toContain(id);
  });

  it('draws other moments for another seed', () => {
    expect(seededSample(ids, 5, 'overleg-december')).not.toEqual(seededSample(ids, 5, 'overleg-november'));
  });

  it('takes every candidate when fewer than the size are there, and none from none', () => {
    expect(seededSample([7, 3, 9], 10, 'x')).toEqual([7, 3, 9]);
    expect(seededSample([], 5, 'x')).toEqual([]);
  });

  it('gives every candidate about the same chance', () => {
    const hits = new Map<number, number>();
    for (let s = 0; s < 4000; s++)
      for (const id of seededSample(ids.slice(0, 10), 2, `s${s}`)) hits.set(id, (hits.get(id) ?? 0) + 1);
    // 4000 × 2 / 10 = 800 each; a fair draw stays well within ±15 %.
    for (const id of ids.slice(0, 10)) expect(Math.abs((hits.get(id) ?? 0) - 800)).toBeLessThan(120);
  });
});

describe('the form and the period', () => {
  it('refuses a period that ends before it starts, a size of 0 and a strange seed', () => {
    expect(sampleRequestForm.safeParse({ van: '2026-11-30', tot: '2026-11-01', omvang: '5' }).success).toBe(false);
    expect(sampleRequestForm.safeParse({ van: '2026-11-01', tot: '2026-11-30', omvang: '0' }).success).toBe(false);
    expect(sampleRequestForm.safeParse({ van: '2026-11-01', tot: '2026-11-30', omvang: '5', zaad: 'a b' }).success).toBe(false);
    expect(sampleRequestForm.parse({ van: '2026-11-01', tot: '2026-11-30', omvang: '5', zaad: '' })).toMatchObject({ omvang: 5 });
  });

  it('covers both Dutch days whole, in UTC', () => {
    // November is winter time (UTC+1); the day after 30 November starts at 23:00 UTC.
    expect(periodInstants('2026-11-01', '2026-11-30')).toEqual({
      from: '2026-10-31T23:00:00.000Z',
      before: '2026-11-30T23:00:00.000Z',
    });
  });
});

describe('sampleReport', () => {
  it('counts per party against a hand-made sample', () => {
    const moments: ReviewedMoment[] = [
      { party: 'netbeheer-zuid', verdict: 'voldoet', failed: [] },
      { party: 'netbeheer-zuid', verdict: 'voldoet-niet', failed: ['bevestiging', 'binnen-norm'] },
      { party: 'netbeheer-zuid', verdict: null, failed: [] },
      { party: 'van-der-berg-infra', verdict: 'voldoet-niet', failed: ['gesproken-met', 'gesproken-met'] },
      { party: 'van-der-berg-infra', verdict: 'voldoet', failed: [] },
      { party: 'van-der-berg-infra', verdict: 'voldoet', failed: [] },
      { party: 'van-der-berg-infra', verdict: 'voldoet', failed: [] },
    ];
    const { parties, total } = sampleReport(moments);
    expect(parties.map((p) => [p.party, p.drawn, p.reviewed, p.meets, p.fails, p.share])).toEqual([
      ['netbeheer-zuid', 3, 2, 1, 1, 0.5],
      ['van-der-berg-infra', 4, 4, 3, 1, 0.75],
    ]);
    expect(parties[0]?.failedPerCriterion).toMatchObject({ bevestiging: 1, 'binnen-norm': 1, 'gesproken-met': 0 });
    // A point named twice on one moment counts once.
    expect(parties[1]?.failedPerCriterion['gesproken-met']).toBe(1);
    expect([total.drawn, total.reviewed, total.meets, total.fails, total.share]).toEqual([7, 6, 4, 2, 4 / 6]);
    // As the page and the PDF show it: names, whole percents, the total last.
    const tables = reportTables({ parties, total }, (code: string) => (code === 'netbeheer-zuid' ? 'Netbeheer Zuid' : code));
    expect(tables.outcome.rows[0]).toEqual(['Netbeheer Zuid', '3', '2', '1', '1', '50%']);
    expect(tables.outcome.total).toEqual(['Totaal', '7', '6', '4', '2', '67%']);
    expect(tables.shortfalls.header[5]).toBe('Bevestiging per e-mail verstuurd');
    expect(tables.shortfalls.total).toEqual(['Totaal', '0', '0', '1', '0', '1', '1']);
  });

  it('has no share before anything is reviewed', () => {
    expect(sampleReport([{ party: 'x', verdict: null, failed: [] }]).total.share).toBeNull();
  });
});

describe('confirmationMail', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  it('reads the outbox row, and without one tells "none" from "no longer known"', () => {
    expect(confirmationMail('sent', '2026-10-01T10:00:00+02:00', now)).toBe('verstuurd');
    expect(confirmationMail('failed', '2026-12-01T10:00:00+01:00', now)).toBe('mislukt');
    // 30 days: the outbox keeps a sent mail's row that long (domain/retention.ts).
    expect(confirmationMail(null, '2026-11-08T10:00:00+01:00', now)).toBe('geen');
    expect(confirmationMail(null, '2026-11-06T10:00:00+01:00', now)).toBe('onbekend');
  });
});
