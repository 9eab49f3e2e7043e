import { describe, expect, it } from 'vitest';
import type { PlanningChange } from '../../domain/request-state.ts';
import { planningChangeSentence, planningValueText } from './planning-history.ts';

const change = (c: Partial<PlanningChange>): PlanningChange => ({
  field: 'confirmedStart',
  value: '2027-02-01 dag',
  by: 'van-der-berg-infra',
  at: '2026-12-01T09:00:00+01:00',
  reason: 'vorstverlet',
  ...c,
});

describe('a planning change in words', () => {
  it('says a moved start date as a sentence with weekdays, the year only where it is not this year, and the reason', () => {
    const moved = change({ previous: '2026-12-14 ochtend', value: '2027-02-01 dag' });
    expect(planningChangeSentence(moved, 'nl', '2026-12-06')).toBe(
      'Startdatum verschoven van maandag 14 december, ochtend (8–12 uur) naar maandag 1 februari 2027, de hele dag: vorstverlet',
    );
    expect(planningChangeSentence(moved, 'en', '2026-12-06')).toBe(
      'Start date moved from Monday 14 December, morning (8–12) to Monday, 1 February 2027, the whole day: vorstverlet',
    );
    // Read in 2027, the date of 2027 needs no year, the one of 2026 does.
    expect(planningChangeSentence(moved, 'nl', '2027-01-10')).toBe(
      'Startdatum verschoven van maandag 14 december 2026, ochtend (8–12 uur) naar maandag 1 februari, de hele dag: vorstverlet',
    );
  });

  it('gives a week as its working days, never as 2027-W03', () => {
    expect(planningValueText('provisionalWeek', '2027-W03', 'nl', '2026-12-06')).toBe(
      'de week van maandag 18 januari 2027 tot en met vrijdag 22 januari 2027',
    );
    expect(planningValueText('provisionalWeek', '2026-W53', 'en', '2026-12-06')).toBe(
      'the week of Monday 28 December to Friday, 1 January 2027',
    );
    const agreed = planningChangeSentence(
      change({ field: 'provisionalWeek', value: '2027-W03', reason: 'plangesprek' }),
      'nl',
      '2026-12-06',
    );
    expect(agreed).toBe(
      'Voorlopige uitvoerweek afgesproken: de week van maandag 18 januari 2027 tot en met vrijdag 22 januari 2027: plangesprek',
    );
    expect(agreed).not.toMatch(/\d{4}-W\d\d|\d{4}-\d\d-\d\d/);
  });

  it('says a wish date as a date', () => {
    expect(
      planningChangeSentence(
        change({ field: 'wishDate', value: '2027-03-01', reason: 'wensdatum bij de aanvraag' }),
        'nl',
        '2026-12-06',
      ),
    ).toBe('Wensdatum afgesproken: maandag 1 maart 2027: wensdatum bij de aanvraag');
  });
});
