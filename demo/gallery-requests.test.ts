import { describe, expect, it } from 'vitest';
import { addDays } from '../domain/calendar.ts';
import { loadContent } from '../domain/content.ts';
import { foldMessages } from '../domain/request-state.ts';
import { requestStatus } from '../domain/status.ts';
import { DEMO_ORGANISATIONS } from './directory.ts';
import { galleryRequests } from './gallery-requests.ts';

const content = loadContent();
const organisation = (code: string) => DEMO_ORGANISATIONS.find((o) => o.code === code);

/** What makes each gallery aanvraag the state it stands for, on the day asked. */
function states(now: Date) {
  return Object.fromEntries(
    galleryRequests(now).map((r) => {
      const s = requestStatus(foldMessages(r.number, r.messages), content, organisation, now);
      return [
        r.number,
        {
          phase: s.phase.current,
          step: s.nextStep?.step,
          overdue: !!s.nextStep?.overdue,
          stalled: !!s.stagnation,
          cancelled: !!s.cancelled,
          delivered: !!s.deliveredAt,
          termPassed: !!s.legalTerm?.overrun?.passed,
        },
      ];
    }),
  );
}

describe('the aanvragen of the editors gallery', () => {
  // Through a year, holidays and the turn of the year included: every day has every state.
  const days = Array.from({ length: 53 }, (_, i) => addDays('2026-12-21', i * 7 + (i % 5)));
  it.each(days)('on %s each is in its own state', (day) => {
    const s = states(new Date(`${day}T09:30:00+01:00`));
    const open = { overdue: false, stalled: false, cancelled: false, delivered: false };
    expect(s['VOORBEELD-BESTELLEN']).toMatchObject({ ...open, phase: 'bestellen', step: 'intake' });
    expect(s['VOORBEELD-OFFERTE']).toMatchObject({ ...open, phase: 'bestellen', step: 'offerte-beslissen' });
    expect(s['VOORBEELD-VOORBEREIDEN']).toMatchObject({ ...open, phase: 'voorbereiden', step: 'startdatum' });
    expect(s['VOORBEELD-LEVEREN']).toMatchObject({ ...open, phase: 'leveren', step: 'uitvoering' });
    expect(s['VOORBEELD-OPGELEVERD']).toMatchObject({ ...open, delivered: true, phase: 'nazorg', step: 'opleverbevestiging' });
    expect(s['VOORBEELD-STAGNATIE']).toMatchObject({ ...open, stalled: true, step: 'stagnatie-klant' });
    expect(s['VOORBEELD-GEANNULEERD']).toMatchObject({ ...open, cancelled: true, step: undefined });
    expect(s['VOORBEELD-TE-LAAT']).toMatchObject({ ...open, overdue: true, step: 'plangesprek' });
    expect(s['VOORBEELD-TERMIJN']).toMatchObject({ termPassed: true, delivered: false, cancelled: false });
  });
});
