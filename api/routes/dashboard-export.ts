/**
 * GET /beheer/dashboard.csv?van=…&tot=…&discipline=…&combi=…: the dashboard's selection as one
 * row per aanvraag, for Excel. Semicolons and a UTF-8 byte order mark, as Dutch Excel expects;
 * cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) start with
 * an apostrophe. Only for signed-in staff with both factors and the right to view; only the
 * aanvragen of the organisation's scope (the same selection as the dashboard page).
 */
import { Hono } from 'hono';
import { dutchDate } from '../../domain/calendar.ts';
import type { Content } from '../../domain/content.ts';
import { type DashboardRow, parseDashboardFilters, type StepColumns } from '../../domain/dashboard-metrics.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { Store } from '../data/store.ts';
import { messagePage } from '../http/message-page.ts';
import { staffGate, staffOf } from '../staff-portal.ts';

const BOM = '\uFEFF';
const SEPARATOR = ';';

/** A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: defused when it could be a formula, quoted when it holds a separator, quote or line break. */
export function csvCell(value: string | number | boolean): string {
  let text = typeof value === 'boolean' ? (value ? 'ja' : 'nee') : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (/[;"\r\n]/.test(text)) text = `"${text.replaceAll('"', '""')}"`;
  return text;
}

const stepHeaders = (code: string) => [`KCM ${code} uiterlijk`, `KCM ${code} gedaan op`, `KCM ${code} op tijd`];
const stepCells = (s: StepColumns) => [s.due, s.done, s.onTime];

export const CSV_HEADERS = [
  'Aanvraagnummer',
  'Combi',
  'Disciplines',
  'Fase',
  'Geannuleerd',
  'Ingediend op',
  'Opgeleverd op',
  'Doorlooptijd (dagen)',
  ...stepHeaders('B'),
  ...stepHeaders('1'),
  ...stepHeaders('C'),
  'Startdatum verschoven',
  'Dagen sinds laatste bericht',
];

/** The whole file: byte order mark, header line, one line per aanvraag, CRLF line ends. */
export function dashboardCsv(rows: DashboardRow[], phaseName: (phase: string) => string): string {
  const lines = [CSV_HEADERS.map(csvCell).join(SEPARATOR)];
  for (const r of rows) {
    const cells = [
      r.number,
      r.combi,
      r.disciplines.join(', '),
      phaseName(r.phase),
      r.cancelled,
      r.submittedDay,
      r.deliveredDay,
      r.leadDays,
      ...stepCells(r.intake),
      ...stepCells(r.planningCall),
      ...stepCells(r.deliveryConfirmation),
      r.firmDateMoved,
      r.daysSinceLastMessage,
    ];
    lines.push(cells.map(csvCell).join(SEPARATOR));
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

export type DashboardExportOptions = { store: Store; content: Content; box: SecretBox };

export function dashboardExportRoutes({ store, content, box }: DashboardExportOptions) {
  const phaseName = (id: string) => content.phases.find((p) => p.id === id)?.naam ?? id;
  const links: [string, string][] = [
    ['/beheer/dashboard', 'Naar het dashboard'],
    ['/beheer', 'Naar Traject beheer'],
  ];
  const app = new Hono();
  // Its no-store and no-referrer headers come from api/http/security-headers.ts, as for every /beheer page.
  app.get('/beheer/dashboard.csv', async (c) => {
    const gate = staffGate(await staffOf(c, store, box), 'view');
    if ('redirect' in gate) return c.redirect(gate.redirect, 303);
    if ('refuse' in gate) {
      return messagePage(c, 403, 'Geen toegang', 'Uw rol in de organisatie geeft geen toegang tot het dashboard.', { links });
    }
    const portal = gate.pass;
    const now = new Date();
    const parsed = parseDashboardFilters(c.req.query(), dutchDate(now));
    if (!parsed.ok) return c.text(`Ongeldig filter: ${parsed.message}`, 400);
    const answer = await portal.dashboardRows(parsed.filters, now);
    if (!answer.ok) {
      return answer.status === 400
        ? c.text(`Ongeldig filter: ${answer.message}`, 400)
        : messagePage(c, 403, 'Geen toegang', answer.message, { links });
    }
    const { from, to } = parsed.filters;
    const name = `traject-dashboard-${portal.member.organisation.code}-${from}-${to}.csv`;
    return c.body(dashboardCsv(answer.value, phaseName), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
    });
  });
  return app;
}
