/**
 * The windows of aanvragen not fixed yet, as their pages show them now: one curve per combi area and
 * kind and one window per day of submission, the same as each aanvraag's own window.
 */
import { describe, expect, it } from 'vitest';
import { type StartCurve, startCurve } from '../../domain/expected-window.ts';
import { windowAsShown } from '../../domain/window-calibration.ts';
import { type ShownWindowRow, windowsAsShownNow } from './dashboard-rows.ts';

/** A curve whose aanvragen all started after `days` to `days` + 9 days: windows differ by group. */
const curveAfter = (days: number): StartCurve =>
  startCurve(Array.from({ length: 40 }, (_, i) => ({ days: days + (i % 10), event: true })));
const CURVES: Record<string, StartCurve> = {
  'peelland|nieuwe_aansluiting': curveAfter(21),
  'brabant-oost|nieuwe_aansluiting': curveAfter(60),
};

const row = (number: string, combi: string, submittedAt: string, kept = false): ShownWindowRow => ({
  number,
  combi,
  kind: 'nieuwe_aansluiting',
  submittedAt,
  kept,
  startsOn: null,
  cancelledOn: null,
  fromDate: kept ? '2026-01-05' : null,
  toDate: kept ? '2026-01-30' : null,
  statedOutOf10: kept ? 8 : null,
});

describe('the windows as shown now', () => {
  it('gives each aanvraag not fixed yet the window of its combi area, kind and Dutch day of submission; kept ones stay', async () => {
    const rows = [
      row('MA-1', 'peelland', '2026-03-01T09:00:00Z'), // a Sunday
      row('MA-2', 'brabant-oost', '2026-03-01T09:00:00Z'),
      row('MA-3', 'peelland', '2026-03-01T23:30:00Z'), // Monday 2 March in the Netherlands: a window a week later
      row('MA-4', 'peelland', '2026-03-01T10:00:00+01:00'),
      row('MA-5', 'brabant-oost', '2025-12-01T09:00:00Z', true),
    ];
    const asked: string[] = [];
    const shown = await windowsAsShownNow(
      rows,
      async (combi, kind) => {
        asked.push(`${combi}|${kind}`);
        return CURVES[`${combi}|${kind}`] as StartCurve;
      },
      new Date('2026-03-10T12:00:00Z'),
    );
    expect(shown).toEqual(
      rows.map((r) => (r.kept ? r : { ...r, ...windowAsShown(CURVES[`${r.combi}|${r.kind}`] as StartCurve, r.submittedAt) })),
    );
    expect(shown[0]?.fromDate).not.toBe(shown[1]?.fromDate);
    expect(shown[0]?.fromDate).not.toBe(shown[2]?.fromDate);
    expect(asked).toEqual(['peelland|nieuwe_aansluiting', 'brabant-oost|nieuwe_aansluiting']);
  });
});
