import { describe, expect, it } from 'vitest';
import { callbackAnswer, callbackFigures, callbackWorkingDays, closeFromForm } from './callback-handling.ts';
import type { Question } from './survey-schema.ts';

describe('closing with a reason', () => {
  it('accepts the short list, with tries for "onbereikbaar" and a text for "anders"', () => {
    expect(closeFromForm({ reden: 'onbereikbaar', pogingen: '3', toelichting: '' })).toEqual({
      ok: true,
      close: { reason: 'onbereikbaar', attempts: 3, note: undefined },
    });
    expect(closeFromForm({ reden: 'opgelost', pogingen: '' })).toEqual({
      ok: true,
      close: { reason: 'opgelost', note: undefined },
    });
    // The tries field is on the form for every reason; a number left in it does not block another reason.
    expect(closeFromForm({ reden: 'opgelost', pogingen: '1' })).toEqual({
      ok: true,
      close: { reason: 'opgelost', note: undefined },
    });
    expect(closeFromForm({ reden: 'anders', toelichting: ' klant belde zelf ' })).toEqual({
      ok: true,
      close: { reason: 'anders', note: 'klant belde zelf' },
    });
  });

  it('refuses what is missing or wrong, naming the field', () => {
    expect(closeFromForm({ reden: 'onbereikbaar', pogingen: '' })).toEqual({
      ok: false,
      message: 'Pogingen: vul in hoe vaak u hebt gebeld',
    });
    expect(closeFromForm({ reden: 'onbereikbaar', pogingen: '2' })).toMatchObject({ ok: false, message: /Pogingen: minstens 3/ });
    expect(closeFromForm({ reden: 'onbereikbaar', pogingen: '21' })).toMatchObject({
      ok: false,
      message: /Pogingen: hoogstens 20/,
    });
    expect(closeFromForm({ reden: 'onbereikbaar', pogingen: 'drie' })).toMatchObject({
      ok: false,
      message: /Pogingen: moet een aantal/,
    });
    expect(closeFromForm({ reden: 'anders' })).toEqual({ ok: false, message: 'Toelichting: schrijf bij "anders" kort waarom' });
    expect(closeFromForm({ reden: 'weg' })).toMatchObject({ ok: false, message: /^Reden:/ });
    expect(closeFromForm({ reden: 'opgelost', extra: 'x' })).toMatchObject({ ok: false });
    expect(closeFromForm({ reden: 'anders', toelichting: 'x'.repeat(501) })).toMatchObject({
      ok: false,
      message: /Toelichting: mag hoogstens 500/,
    });
  });
});

describe('the time to call back', () => {
  it('counts working days after the Dutch date of the request, weekends and holidays not', () => {
    // Friday 24 April 2026 evening; Monday 27 April is Koningsdag.
    const friday = new Date('2026-04-24T21:30:00+02:00');
    expect(callbackWorkingDays(friday, new Date('2026-04-24T23:00:00+02:00'))).toBe(0);
    expect(callbackWorkingDays(friday, new Date('2026-04-27T10:00:00+02:00'))).toBe(0);
    expect(callbackWorkingDays(friday, new Date('2026-04-28T10:00:00+02:00'))).toBe(1);
    // 23:30 UTC on the 27th is the 28th in the Netherlands.
    expect(callbackWorkingDays(friday, new Date('2026-04-27T23:30:00Z'))).toBe(1);
  });

  it('gives open, claimed, closed in the period, and median and p90 rounded up', () => {
    const d = (s: string) => new Date(`${s}T10:00:00+01:00`);
    const open = { doneAt: null, closeReason: null };
    const called = { closeReason: 'contactmoment' };
    const rows = [
      { createdAt: d('2026-11-02'), claimedAt: null, ...open },
      { createdAt: d('2026-11-02'), claimedAt: d('2026-11-03'), ...open },
      // Closed after calls in the period after 0, 1, 2 and 4 working days.
      { createdAt: d('2026-11-02'), claimedAt: null, doneAt: d('2026-11-02'), ...called },
      { createdAt: d('2026-11-02'), claimedAt: d('2026-11-02'), doneAt: d('2026-11-03'), closeReason: 'onbereikbaar' },
      { createdAt: d('2026-11-06'), claimedAt: null, doneAt: d('2026-11-10'), ...called },
      { createdAt: d('2026-11-02'), claimedAt: null, doneAt: d('2026-11-06'), ...called },
      // Closed without a call: counted as closed, not in the time to call back.
      { createdAt: d('2026-11-02'), claimedAt: null, doneAt: d('2026-11-27'), closeReason: 'opgelost' },
      // Closed before the period: not counted.
      { createdAt: d('2026-10-01'), claimedAt: null, doneAt: d('2026-10-30'), ...called },
    ];
    // Sorted 0, 1, 2, 4: median 1.5 → 2; p90 at position 2.7: 2 + 0.7 × 2 = 3.4 → 4.
    expect(callbackFigures(rows, '2026-11-01', '2026-11-30')).toEqual({ open: 2, claimed: 1, closed: 5, median: 2, p90: 4 });
    expect(callbackFigures([], '2026-11-01', '2026-11-30')).toEqual({
      open: 0,
      claimed: 0,
      closed: 0,
      median: undefined,
      p90: undefined,
    });
  });
});

describe('the answer a call-back came with', () => {
  it('lists the scores with their scale and the written comments', () => {
    const questions = [
      { id: 'cijfer', soort: 'schaal', vraag: 'Welk cijfer geeft u?', van: 1, tot: 10, laag: 'slecht', hoog: 'goed' },
      { id: 'toelichting', soort: 'tekst', vraag: 'Waarom?', maxLengte: 1000 },
      { id: 'email', soort: 'email', vraag: 'Uw e-mail' },
    ] as Question[];
    expect(callbackAnswer(questions, { cijfer: 2, toelichting: ' Niemand belde terug ', email: 'a@b.nl' })).toEqual({
      scores: [{ question: 'Welk cijfer geeft u?', value: 2, of: '1–10' }],
      comments: ['Niemand belde terug'],
    });
  });
});
