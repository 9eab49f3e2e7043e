/**
 * The expected window's calibration on a database seeded with demo data (issue 13, item 9): of the
 * windows shown whose outcome is known today (started, or passed without a start; delivered or
 * not), the share whose work started inside it, beside the share the page stated ("8 van de 10"),
 * overall and per combi area and kind; windows not known yet are counted apart. The goal: within
 * five points of the stated share. `npm run bench` puts it in its JSON as `windowCalibration`;
 * alone, on any SQLite database (it keeps the windows a database from before they were kept lacks):
 *
 *   node bench/window-calibration.ts data/traject.db
 */

import { existsSync } from 'node:fs';
import { openSqliteStore } from '../api/core/open-store.ts';
import { keepMissingShownWindows, keepStartDays } from '../api/core/shown-windows.ts';
import { windowCalibrationNow } from '../api/storage/dashboard-rows.ts';
import { loadContent } from '../domain/content.ts';
import { commandLine } from '../scripts/command-line.ts';

/** Within this many points of the stated share counts as honest. */
export const GOAL_POINTS = 5;
/** Larger than any demo database (SQLite's LIMIT takes a 64-bit integer). */
const ALL = 1_000_000_000;

export type WindowCalibrationFigures = {
  /** Aanvragen with a kept window or one shown now (not every one is shown a window). */
  aanvragen: number;
  /** Aanvragen that were shown a window. */
  windows: number;
  /** Of those, the ones whose outcome is known: the share is over these. */
  measured: number;
  /** Shown a window whose outcome is not known yet: left out. */
  unknown: number;
  stated: number | null;
  share: number | null;
  /** share − stated, in percentage points. */
  points: number | null;
  withinGoal: boolean;
  groups: { combi: string; kind: string; windows: number; measured: number; share: number | null }[];
  /** Aanvragen read to keep the windows that were missing. */
  backfilled: number;
};

export async function windowCalibrationOf(
  file: string,
  log: (line: string) => void = () => {},
): Promise<WindowCalibrationFigures> {
  const store = openSqliteStore(file, { content: loadContent() });
  try {
    // A database from before start days were kept: its windows would see no aanvraag start.
    const withoutStartDay = await store.numbersWithoutStartDay();
    if (withoutStartDay.length)
      log(`  window calibration: reading ${withoutStartDay.length.toLocaleString('en-US')} aanvragen without a start day`);
    await keepStartDays(store.storage.ingestion, withoutStartDay, new Date());
    const kept = new Set((await store.dashboard.shownWindows({ all: true })).map((w) => w.number));
    const missing = (await store.sampleRequestNumbers(ALL)).filter((n) => !kept.has(n));
    if (missing.length)
      log(`  window calibration: reading ${missing.length.toLocaleString('en-US')} aanvragen without a kept window`);
    const backfilled = await keepMissingShownWindows(store.storage.ingestion, missing);
    const now = new Date();
    const c = await windowCalibrationNow(
      await store.dashboard.shownWindows({ all: true }),
      (combi, kind, at) => store.comparableStarts(combi, kind, at),
      now,
    );
    const round = (n: number | null, d = 3) => (n === null ? null : Math.round(n * 10 ** d) / 10 ** d);
    const { total } = c;
    const points = total.share === null || total.stated === null ? null : (total.share - total.stated) * 100;
    return {
      aanvragen: total.aanvragen,
      windows: total.withWindow,
      measured: total.measured,
      unknown: total.unknown,
      stated: round(total.stated),
      share: round(total.share),
      points: round(points, 1),
      withinGoal: points !== null && Math.abs(points) <= GOAL_POINTS,
      groups: c.combis.flatMap((combi) =>
        combi.kinds.map((k) => ({
          combi: combi.combi,
          kind: k.kind,
          windows: k.cell.withWindow,
          measured: k.cell.measured,
          share: round(k.cell.share),
        })),
      ),
      backfilled,
    };
  } finally {
    await store.close();
  }
}

if (import.meta.main) {
  const usage = [
    'Gebruik: node bench/window-calibration.ts <SQLite-bestand>',
    'Meet hoe vaak het werk begon binnen het venster dat de klant zag (issue 13, punt 9), per combi en soort,',
    'op een bestaand bestand (bijvoorbeeld na npm run seed); de uitkomst is één JSON-regel.',
  ].join('\n');
  const { positionals } = commandLine(usage, { allowPositionals: true, options: {} });
  const [file] = positionals;
  if (positionals.length !== 1 || !file || !existsSync(file)) {
    console.error(file && !existsSync(file) ? `${file} bestaat niet.\n\n${usage}` : usage);
    process.exit(2);
  }
  console.log(JSON.stringify(await windowCalibrationOf(file, (line) => console.error(line))));
}
