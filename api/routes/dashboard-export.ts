/**
 * GET /beheer/dashboard.csv?van=…&tot=…&discipline=…&combi=…: the dashboard's selection as one
 * row per aanvraag, for Excel: process facts only, never what a customer answered. Its columns
 * add up to the page's totals, lead times and firm dates.
 * GET /beheer/dashboard-contactmomenten.csv with the same filters: one row per contact moment and
 * party (KCM B and C per grid operator, KCM 1 per contractor), the unit the page's table counts,
 * so counting its rows per contact moment, party and verdict gives the page's numbers.
 * GET /beheer/dashboard-tevredenheid.csv?kwartaal=…: the satisfaction figures of one closed
 * quarter, exactly as the page shows them (domain/satisfaction.ts), small groups hidden.
 * Semicolons and a UTF-8 byte order mark, as Dutch Excel expects; cells that a spreadsheet would
 * run as a formula (=, +, -, @, tab, carriage return) start with an apostrophe. Only for signed-in
 * staff with both factors and the right to view; only the aanvragen of the organisation's scope.
 */
import { Hono } from 'hono';
import { APPLICANT_TYPE_NAMES } from '../../domain/applicant-types.ts';
import { dutchDate } from '../../domain/calendar.ts';
import type { Content } from '../../domain/content.ts';
import type { StepId } from '../../domain/content-schema.ts';
import {
  type ContactMomentRow,
  type DashboardFilters,
  type DashboardRow,
  parseDashboardFilters,
  type Timeliness,
} from '../../domain/dashboard-metrics.ts';
import {
  disciplineGroupName,
  type ResponseFigure,
  type SatisfactionFigures,
  type ScaleFigure,
  SURVEY_NAMES,
  type SurveyRow,
  type WeightedScale,
} from '../../domain/satisfaction.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { messagePage } from '../http/message-page.ts';
import { type DashboardAnswer, type StaffPortal, staffGate, staffOf } from '../staff-portal.ts';
import type { Store } from '../storage/store.ts';

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

export const CSV_HEADERS = [
  'Aanvraagnummer',
  'Combi',
  'Disciplines',
  'Fase',
  'Geannuleerd',
  'Ingediend op',
  'Opgeleverd op',
  'Doorlooptijd (dagen)',
  // What became of the aanvraag's firm start dates, counted as the page counts them (domain/planning-reliability.ts).
  'Vaste startdatums gehouden',
  'Vaste startdatums verschoven',
  'Vaste startdatums verlopen zonder start',
  'Vaste startdatums op een andere dag begonnen',
  'Vaste startdatums voorbij, nog geen gereedmelding',
  'Vaste startdatums nog te komen',
  'Alleen dagdeel gewijzigd',
  'Dagen sinds laatste bericht',
];

export const CONTACT_MOMENT_HEADERS = ['Aanvraagnummer', 'Combi', 'Contactmoment', 'Partij', 'Uiterlijk', 'Gedaan op', 'Oordeel'];

/** The verdicts in the page's words (its table "Contactmomenten per partij"). */
export const TIMELINESS_WORDS: Record<Timeliness, string> = {
  'op-tijd': 'op tijd',
  'te-laat': 'te laat',
  verstreken: 'termijn verstreken',
  open: 'nog binnen termijn',
};

/** A file: byte order mark, header line, one line per row, CRLF line ends. */
export function csvFile(headers: string[], rows: (string | number | boolean)[][]): string {
  const lines = [headers, ...rows].map((cells) => cells.map(csvCell).join(SEPARATOR));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** One line per aanvraag. */
export function dashboardCsv(rows: DashboardRow[], phaseName: (phase: string) => string): string {
  const lines: (string | number | boolean)[][] = [];
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
      r.firmDates.kept,
      r.firmDates.moved,
      r.firmDates.lapsed,
      r.firmDates.otherDay,
      r.firmDates.awaitingReport,
      r.firmDates.upcoming,
      r.firmDates.dayPart,
      r.daysSinceLastMessage,
    ];
    lines.push(cells);
  }
  return csvFile(CSV_HEADERS, lines);
}

/** One line per contact moment and party; `stepName` and `partyName` give the page's words. */
export function contactMomentsCsv(
  rows: ContactMomentRow[],
  stepName: (step: string) => string,
  partyName: (code: string) => string,
): string {
  return csvFile(
    CONTACT_MOMENT_HEADERS,
    rows.map((r) => [
      r.number,
      r.combi,
      stepName(r.step),
      partyName(r.organisation),
      r.due,
      r.done,
      TIMELINESS_WORDS[r.timeliness],
    ]),
  );
}

export const SATISFACTION_HEADERS = [
  'Kwartaal',
  'Meting',
  'Combi',
  'Discipline',
  'Uitgenodigd',
  'Reacties',
  'Respons (%)',
  'Moeite: antwoorden',
  'Moeite: gemiddeld (1-7)',
  'Cijfer: antwoorden',
  'Cijfer: gemiddeld (1-10)',
  'Soort aanvrager',
  'Moeite: gewicht (aanvragen)',
  'Cijfer: gewicht (aanvragen)',
];
/** In a cell of a group that is not shown. */
export const HIDDEN = 'verborgen';

const decimal = (n: number) => n.toFixed(2).replace('.', ',');

/**
 * One line per survey and group, as the page's tables: a hidden figure says so; a figure without
 * answers in the group is 0 (counts) or empty (averages). Then per applicant type, and the
 * business applicants weighed by their aanvragen (domain/applicant-types.ts).
 */
export function satisfactionCsv(figures: SatisfactionFigures, combiName: (code: string) => string): string {
  const scale = (f: ScaleFigure | null | undefined) =>
    f === null ? [HIDDEN, HIDDEN] : f === undefined ? [0, ''] : [f.n, decimal(f.average)];
  const responsesOf = (r: ResponseFigure | null | undefined, invited: boolean) =>
    r === null
      ? [invited ? HIDDEN : '', HIDDEN, invited ? HIDDEN : '']
      : [invited ? (r?.invited ?? 0) : '', r?.responses ?? 0, invited && r?.rate !== undefined ? Math.round(r.rate * 100) : ''];
  // The weighted lines: a weighted average in the average's column, its weight in the last ones.
  const weighted = (scale: WeightedScale | null | undefined, part: 'business' | 'all'): [string, string | number] =>
    scale === null ? [HIDDEN, HIDDEN] : scale?.[part] ? [decimal(scale[part].average), scale[part].weight] : ['', ''];
  const lines = figures.surveys.flatMap(({ survey, invited, rows, types, weighted: w }) => [
    ...rows.map((row: SurveyRow) => {
      const responses = responsesOf(row.responses, invited);
      return [
        figures.quarter,
        SURVEY_NAMES[survey] ?? survey,
        row.combi === undefined ? 'Alle' : row.combi === '' ? 'Zonder combi' : combiName(row.combi),
        row.discipline === undefined ? 'Alle' : disciplineGroupName(row.discipline),
        ...responses,
        ...scale(row.effort),
        ...(survey === 'eindmeting' ? scale(row.ktv) : ['', '']),
        'Alle',
        '',
        '',
      ];
    }),
    ...types.map((t) => [
      figures.quarter,
      SURVEY_NAMES[survey] ?? survey,
      'Alle',
      'Alle',
      ...responsesOf(t.responses, invited),
      ...scale(t.effort),
      ...(survey === 'eindmeting' ? scale(t.ktv) : ['', '']),
      APPLICANT_TYPE_NAMES[t.type],
      '',
      '',
    ]),
    ...(w.effort === undefined && w.ktv === undefined
      ? []
      : (['business', 'all'] as const).map((part) => {
          const [effort, effortWeight] = weighted(w.effort, part);
          const [ktv, ktvWeight] = survey === 'eindmeting' ? weighted(w.ktv, part) : ['', ''];
          return [
            figures.quarter,
            SURVEY_NAMES[survey] ?? survey,
            'Alle',
            'Alle',
            '',
            '',
            '',
            '',
            effort,
            '',
            ktv,
            part === 'business' ? 'Zakelijk, gewogen' : 'Alle aanvragers, gewogen',
            effortWeight,
            ktvWeight,
          ];
        })),
  ]);
  return csvFile(SATISFACTION_HEADERS, lines);
}

export type DashboardExportOptions = { store: Store; content: Content; box: SecretBox };

export function dashboardExportRoutes({ store, content, box }: DashboardExportOptions) {
  const phaseName = (id: string) => content.phases.find((p) => p.id === id)?.naam ?? id;
  const combiName = (code: string) => store.combi(code)?.name ?? code;
  const partyName = (code: string) => store.organisation(code)?.name ?? code;
  // "KCM B": the code of the contact moment, as the page's headings name it.
  const stepName = (step: string) => {
    const code = content.steps.get(step as StepId)?.contactmoment;
    return code ? `KCM ${code}` : step;
  };
  const links: [string, string][] = [
    ['/beheer/dashboard', 'Naar het dashboard'],
    ['/beheer', 'Naar Traject beheer'],
  ];
  const app = new Hono();
  /** One download: the member's gate, the filters, then the answer of the portal, or why not. */
  function download<T>(
    path: string,
    read: (portal: StaffPortal, filters: DashboardFilters, now: Date) => Promise<DashboardAnswer<T>>,
    write: (value: T, filters: DashboardFilters, organisation: string) => { text: string; name: string },
  ) {
    // Its no-store and no-referrer headers come from api/http/security-headers.ts, as for every /beheer page.
    app.get(path, async (c) => {
      const gate = staffGate(await staffOf(c, store, box), 'view');
      if ('redirect' in gate) return c.redirect(gate.redirect, 303);
      if ('refuse' in gate) {
        return messagePage(c, 403, 'Geen toegang', 'Uw rol in de organisatie geeft geen toegang tot het dashboard.', { links });
      }
      const portal = gate.pass;
      const now = new Date();
      const parsed = parseDashboardFilters(c.req.query(), dutchDate(now), (await portal.alertSettings()).quietDays);
      if (!parsed.ok) return c.text(`Ongeldig filter: ${parsed.message}`, 400);
      const answer = await read(portal, parsed.filters, now);
      if (!answer.ok) {
        return answer.status === 400
          ? c.text(`Ongeldig filter: ${answer.message}`, 400)
          : messagePage(c, 403, 'Geen toegang', answer.message, { links });
      }
      // Through the context, so the session's renewed cookie goes along with the file.
      const file = write(answer.value, parsed.filters, portal.member.organisation.code);
      return c.body(file.text, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${file.name}"`,
      });
    });
  }

  download(
    '/beheer/dashboard.csv',
    (portal, filters, now) => portal.dashboardRows(filters, now),
    (rows, { from, to }, org) => ({ text: dashboardCsv(rows, phaseName), name: `traject-dashboard-${org}-${from}-${to}.csv` }),
  );
  download(
    '/beheer/dashboard-contactmomenten.csv',
    (portal, filters, now) => portal.dashboardContactMoments(filters, now),
    (rows, { from, to }, org) => ({
      text: contactMomentsCsv(rows, stepName, partyName),
      name: `traject-contactmomenten-${org}-${from}-${to}.csv`,
    }),
  );
  download(
    '/beheer/dashboard-tevredenheid.csv',
    async (portal, filters, now) => {
      const answer = await portal.dashboard(filters, now);
      return answer.ok ? { ok: true, value: answer.value.satisfaction } : answer;
    },
    (figures, { quarter }, org) => ({
      text: satisfactionCsv(figures, combiName),
      name: `traject-tevredenheid-${org}-${quarter}.csv`,
    }),
  );
  return app;
}
