/**
 * The planners' daily digest (issue 15 item 4): per organisation, once per working day, its
 * overdue steps (the werklijst's "alleen te laat"), its firm dates at risk (date-at-risk.ts) and
 * its aanvragen without an update for N days (dashboard-metrics.ts isQuiet, the dashboard's
 * "zonder update" with the same N). Pure: which aanvragen are in the organisation's scope is the
 * store's business, sending is api/core/daily-digest.ts's.
 */
import type { AlertSettings } from './alert-settings.ts';
import { DAY_MS, dutchDate, type IsoDate, isWorkingDay } from './calendar.ts';
import { isQuiet, type RequestFacts } from './dashboard-metrics.ts';
import type { DateAtRisk } from './date-at-risk.ts';
import { factsAtRisk, type WorklistRow, worklist } from './worklist.ts';

/** Lines per section in one mail; the rest is in the werklijst, where the link goes. */
export const DIGEST_LINES = 15;

export type DigestAtRisk = DateAtRisk & { number: string };
export type DigestQuiet = { number: string; lastDay: IsoDate; days: number };

export type DailyDigest = {
  today: IsoDate;
  settings: AlertSettings;
  overdue: { rows: WorklistRow[]; total: number };
  atRisk: { rows: DigestAtRisk[]; total: number };
  quiet: { rows: DigestQuiet[]; total: number };
};

/** The digest is sent on working days only: not on weekends or Dutch public holidays. */
export function isDigestDay(now: Date): boolean {
  return isWorkingDay(dutchDate(now));
}

/** Nothing to report: then no mail goes out. */
export function digestIsEmpty(d: DailyDigest): boolean {
  return d.overdue.total === 0 && d.atRisk.total === 0 && d.quiet.total === 0;
}

/** The digest over the aanvragen of one organisation's scope, on the day of `now`. */
export function dailyDigest(facts: readonly RequestFacts[], settings: AlertSettings, now: Date): DailyDigest {
  const today = dutchDate(now);
  const overdue = worklist(facts, { days: 0, overdueOnly: true, riskDays: settings.riskDays }, today);
  const atRisk: DigestAtRisk[] = [];
  const quiet: DigestQuiet[] = [];
  for (const f of facts) {
    if (f.cancelled) continue;
    const risk = factsAtRisk(f, today, settings.riskDays);
    if (risk) atRisk.push({ number: f.number, ...risk });
    if (
      f.lastMessageAt !== undefined &&
      isQuiet(f.cancelled, f.delivered !== undefined, f.lastMessageAt, settings.quietDays, now)
    ) {
      quiet.push({
        number: f.number,
        lastDay: dutchDate(f.lastMessageAt),
        days: Math.floor((now.getTime() - f.lastMessageAt) / DAY_MS),
      });
    }
  }
  atRisk.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.number < b.number ? -1 : 1));
  quiet.sort((a, b) => b.days - a.days || (a.number < b.number ? -1 : 1));
  return {
    today,
    settings,
    overdue: { rows: overdue.rows.slice(0, DIGEST_LINES), total: overdue.total },
    atRisk: { rows: atRisk.slice(0, DIGEST_LINES), total: atRisk.length },
    quiet: { rows: quiet.slice(0, DIGEST_LINES), total: quiet.length },
  };
}
