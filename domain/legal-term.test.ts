import { describe, expect, it } from 'vitest';
import { legalTermOverrun, termDeadline } from './legal-term.ts';

const term = { until: '2027-03-08' };

describe('the legal outer term, watched', () => {
  it('is overrun by a planned start after it, or by today passing it', () => {
    expect(legalTermOverrun(term, { plannedStart: '2027-03-08', today: '2027-01-04', closed: false })).toBeNull();
    expect(legalTermOverrun(term, { plannedStart: '2027-03-09', today: '2027-01-04', closed: false })).toEqual({
      plannedStart: '2027-03-09',
      passed: false,
    });
    expect(legalTermOverrun(term, { today: '2027-03-08', closed: false })).toBeNull();
    expect(legalTermOverrun(term, { today: '2027-03-09', closed: false })).toEqual({ passed: true });
  });

  it('counts an expected start only when nothing is planned', () => {
    expect(legalTermOverrun(term, { expectedStart: '2027-04-05', today: '2027-01-04', closed: false })).toEqual({
      expectedStart: '2027-04-05',
      passed: false,
    });
    expect(
      legalTermOverrun(term, { plannedStart: '2027-03-01', expectedStart: '2027-04-05', today: '2027-01-04', closed: false }),
    ).toBeNull();
  });

  it('moves to a later date the customer asked for or agreed to, and stops at delivery or cancellation', () => {
    const agreed = { ...term, customerDate: '2027-05-03' };
    expect(termDeadline(agreed)).toBe('2027-05-03');
    expect(legalTermOverrun(agreed, { plannedStart: '2027-04-26', today: '2027-04-01', closed: false })).toBeNull();
    expect(legalTermOverrun(agreed, { today: '2027-05-04', closed: false })).toEqual({ passed: true });
    expect(legalTermOverrun(term, { plannedStart: '2027-06-01', today: '2027-06-02', closed: true })).toBeNull();
  });
});
