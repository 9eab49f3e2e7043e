/**
 * A business applicant's portfolio (issue 16.1): every aanvraag where the organisation (its KvK
 * number) is the applicant, grouped by project. Nothing is worked out again here: the phase is
 * status.ts's, the open steps and whether they are overdue next-step.ts's, the firm dates
 * calendar-appointments.ts's, the legal term legal-term.ts's. This file only picks, per aanvraag,
 * what the portfolio shows, and counts, filters and orders that against today.
 *
 * - **Next step**: the open step due first (as the track & trace page's "volgende stap").
 * - **Overdue steps of the combi**: open steps past their date whose party is the grid operator or
 *   the contractor (the combi's members), not the customer's own steps or a third party's.
 * - **Firm dates in the coming weeks**: firm start dates and inspections (not cancelled) from
 *   today up to FIRM_DATE_WEEKS weeks on.
 * - **Legal-term status**: not applicable (no electricity), within, planned after the term, or the
 *   term passed without delivery.
 */
import { z } from 'zod';
import './zod-dutch.ts';
import { addDays, type IsoDate } from './calendar.ts';
import { type AppointmentKind, appointments } from './calendar-appointments.ts';
import type { Content } from './content.ts';
import { PHASES, type Phase, type Role, type StepId } from './content-schema.ts';
import { parseFilterQuery } from './filter-query.ts';
import type { Lang } from './language.ts';
import { legalTerm } from './legal-term.ts';
import { PROJECT_CODE } from './messages.ts';
import { type OrganisationLookup, openSteps } from './next-step.ts';
import { isDelivered, type RequestState } from './request-state.ts';
import { requestPhase } from './status.ts';

/** How far ahead firm dates and due steps count as "coming": weeks. */
export const FIRM_DATE_WEEKS = 4;
/** Rows one page lists; the counts are over the whole selection. */
export const PORTFOLIO_LIMIT = 500;
/** The parties whose overdue steps are the combi's: its grid operators and contractors. */
export const COMBI_ROLES: ReadonlySet<Role> = new Set(['netbeheerder', 'aannemer']);

export const LEGAL_STATUSES = ['geen', 'binnen', 'na-termijn', 'verstreken'] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

export type FirmDate = { kind: AppointmentKind; date: IsoDate; part: string };

/** What the portfolio shows of one aanvraag. */
export type PortfolioEntry = {
  number: string;
  /** null: submitted without a project code. */
  project: string | null;
  address: string;
  phase: Phase;
  cancelled: boolean;
  delivered: boolean;
  next?: { step: StepId; role: Role; organisation?: string; due?: IsoDate; overdue: boolean };
  /** Open steps of the combi's members past their date. */
  overdueCombi: number;
  /** Firm dates from today up to FIRM_DATE_WEEKS on. */
  firmDates: FirmDate[];
  legal: LegalStatus;
};

/** The address as one line: street, number and addition, postcode and place. */
export function addressLine(a: {
  street: string | null;
  houseNumber: string | null;
  houseNumberAddition: string | null;
  postcode: string | null;
  city: string | null;
}): string {
  const street = [a.street, [a.houseNumber, a.houseNumberAddition].filter(Boolean).join('-')].filter(Boolean).join(' ');
  return [street, [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** The legal-term status of an aanvraag on `today` (legal-term.ts). */
export function legalStatus(state: RequestState, content: Pick<Content, 'legalTermWeeks'>, today: IsoDate): LegalStatus {
  const term = legalTerm(state, content.legalTermWeeks, today);
  if (!term) return 'geen';
  if (!term.overrun) return 'binnen';
  return term.overrun.passed ? 'verstreken' : 'na-termijn';
}

/** What the portfolio shows of one aanvraag on `now`. */
export function portfolioEntry(
  row: { number: string; project: string | null; address: string; state: RequestState },
  content: Content,
  organisations: OrganisationLookup,
  now: Date,
  today: IsoDate,
): PortfolioEntry {
  const { state } = row;
  const cancelled = !!state.cancelledAt;
  const steps = cancelled ? [] : openSteps(state, content, organisations, now);
  const dated = steps.filter((s) => s.dueDate).sort((a, b) => ((a.dueDate ?? '') < (b.dueDate ?? '') ? -1 : 1));
  const first = dated[0] ?? steps[0];
  const until = addDays(today, FIRM_DATE_WEEKS * 7);
  return {
    number: row.number,
    project: row.project,
    address: row.address,
    phase: requestPhase(state),
    cancelled,
    delivered: isDelivered(state),
    ...(first && {
      next: {
        step: first.step,
        role: first.who.role,
        ...(first.who.name && { organisation: first.who.name }),
        ...(first.dueDate && { due: first.dueDate }),
        overdue: first.overdue,
      },
    }),
    overdueCombi: steps.filter((s) => s.overdue && COMBI_ROLES.has(s.who.role)).length,
    firmDates: appointments(state)
      .filter((a) => !a.cancelled && a.date >= today && a.date <= until)
      .map((a) => ({ kind: a.kind, date: a.date, part: a.part })),
    legal: legalStatus(state, content, today),
  };
}

/** The steps and parties as a business applicant reads them on its portfolio and in its export. */
export const PORTFOLIO_STEP_NAMES: Record<Lang, Record<StepId, string>> = {
  nl: {
    intake: 'Intake',
    offerte: 'Offerte',
    'offerte-beslissen': 'Besluit over de offerte',
    'offerte-afgewezen': 'Na afgewezen offerte',
    'mee-in-combi': 'Mee in combi',
    plangesprek: 'Plangesprek',
    startdatum: 'Startdatum afspreken',
    schouw: 'Schouw',
    uitvoering: 'Uitvoering',
    opleverbevestiging: 'Oplevering bevestigen',
    'stagnatie-klant': 'Staat stil bij u',
    'stagnatie-netbeheerder': 'Staat stil bij de netbeheerder',
    'stagnatie-derde': 'Staat stil bij een derde',
  },
  en: {
    intake: 'Intake',
    offerte: 'Quote',
    'offerte-beslissen': 'Decision on the quote',
    'offerte-afgewezen': 'After a rejected quote',
    'mee-in-combi': 'Into the combi',
    plangesprek: 'Planning call',
    startdatum: 'Agree the start date',
    schouw: 'Site inspection',
    uitvoering: 'Execution',
    opleverbevestiging: 'Confirm delivery',
    'stagnatie-klant': 'On hold with you',
    'stagnatie-netbeheerder': 'On hold with the grid operator',
    'stagnatie-derde': 'On hold with a third party',
  },
};
export const PORTFOLIO_ROLE_NAMES: Record<Lang, Record<Role, string>> = {
  nl: {
    klant: 'u',
    netbeheerder: 'netbeheerder',
    aannemer: 'aannemer',
    derde: 'derde partij',
    portaal: 'portaal',
  },
  en: { klant: 'you', netbeheerder: 'grid operator', aannemer: 'contractor', derde: 'third party', portaal: 'portal' },
};

// ---------------------------------------------------------------------------------------------
// Filters, sort and search.

export const PORTFOLIO_SORTS = ['adres', 'fase', 'volgende-stap', 'nummer'] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];
export const PORTFOLIO_SHOWS = ['alle', 'achterstand', 'vaste-datum', 'termijn'] as const;
export type PortfolioShow = (typeof PORTFOLIO_SHOWS)[number];

export type PortfolioFilters = {
  /** A project code; '' is the aanvragen without project; undefined all projects. */
  project?: string;
  phase?: Phase;
  /** Only aanvragen with overdue steps of the combi, a firm date coming, or the legal term at risk. */
  show: PortfolioShow;
  /** Part of the address, any case. */
  search?: string;
  sort: PortfolioSort;
};

/** "Zonder project" in a query: the aanvragen without a project code. */
export const NO_PROJECT = '-';

const portfolioQuery = z.object({
  project: z.union([z.literal(NO_PROJECT), z.string().regex(PROJECT_CODE, 'is geen projectcode')]).optional(),
  fase: z.enum(PHASES, { error: `moet een van ${PHASES.join(', ')} zijn` }).optional(),
  tonen: z.enum(PORTFOLIO_SHOWS, { error: `moet een van ${PORTFOLIO_SHOWS.join(', ')} zijn` }).optional(),
  zoek: z.string().trim().max(100, 'mag hoogstens 100 tekens zijn').optional(),
  sorteer: z.enum(PORTFOLIO_SORTS, { error: `moet een van ${PORTFOLIO_SORTS.join(', ')} zijn` }).optional(),
});

export type PortfolioFilterResult = { ok: true; filters: PortfolioFilters } | { ok: false; field: string; message: string };

/** The filters from the page's GET form; empty values mean "all", other fields of the query are not the filters'. */
export function parsePortfolioFilters(query: Record<string, string | undefined>): PortfolioFilterResult {
  const parsed = parseFilterQuery(portfolioQuery, query);
  if (!parsed.ok) return parsed;
  const q = parsed.data;
  return {
    ok: true,
    filters: {
      ...(q.project !== undefined && { project: q.project === NO_PROJECT ? '' : q.project }),
      ...(q.fase && { phase: q.fase }),
      show: q.tonen ?? 'alle',
      ...(q.zoek && { search: q.zoek }),
      sort: q.sorteer ?? 'adres',
    },
  };
}

/** Per project: how many in each phase, next steps due, firm dates coming, overdue steps of the combi, legal term. */
export type ProjectSummary = {
  project: string | null;
  total: number;
  cancelled: number;
  perPhase: Record<Phase, number>;
  /** Next steps due from today up to FIRM_DATE_WEEKS on. */
  nextDue: number;
  firmDates: number;
  /** The earliest coming firm date. */
  firstFirmDate?: IsoDate;
  overdueCombi: number;
  legal: Record<LegalStatus, number>;
};

export type Portfolio = {
  projects: ProjectSummary[];
  /** The rows of the selection, sorted; at most the limit (PORTFOLIO_LIMIT on the page). */
  rows: PortfolioEntry[];
  /** Rows in the selection (the page lists the first PORTFOLIO_LIMIT). */
  total: number;
};

const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function summaryOf(project: string | null, entries: readonly PortfolioEntry[], today: IsoDate): ProjectSummary {
  const until = addDays(today, FIRM_DATE_WEEKS * 7);
  const s: ProjectSummary = {
    project,
    total: entries.length,
    cancelled: 0,
    perPhase: zeroes(PHASES),
    nextDue: 0,
    firmDates: 0,
    overdueCombi: 0,
    legal: zeroes(LEGAL_STATUSES),
  };
  for (const e of entries) {
    if (e.cancelled) s.cancelled++;
    else s.perPhase[e.phase]++;
    const due = e.next?.due;
    if (due && due >= today && due <= until) s.nextDue++;
    s.firmDates += e.firmDates.length;
    for (const f of e.firmDates) if (!s.firstFirmDate || f.date < s.firstFirmDate) s.firstFirmDate = f.date;
    s.overdueCombi += e.overdueCombi;
    s.legal[e.legal]++;
  }
  return s;
}

const matchesShow = (e: PortfolioEntry, show: PortfolioShow) =>
  show === 'alle' ||
  (show === 'achterstand' && e.overdueCombi > 0) ||
  (show === 'vaste-datum' && e.firmDates.length > 0) ||
  (show === 'termijn' && (e.legal === 'na-termijn' || e.legal === 'verstreken'));

// One collator: localeCompare with options builds a new one on every call, the slow part of sorting.
const collator = new Intl.Collator('nl', { numeric: true, sensitivity: 'base' });
const compareText = (a: string, b: string) => collator.compare(a, b);
const SORTS: Record<PortfolioSort, (a: PortfolioEntry, b: PortfolioEntry) => number> = {
  adres: (a, b) => compareText(a.address, b.address),
  fase: (a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || compareText(a.address, b.address),
  // Without a due date last; overdue ones sort first by their (earlier) date.
  'volgende-stap': (a, b) => compareText(a.next?.due ?? '9999', b.next?.due ?? '9999') || compareText(a.address, b.address),
  nummer: (a, b) => compareText(a.number, b.number),
};

/**
 * The portfolio of `entries`: the summary of every project (over all its aanvragen, whatever the
 * filters) and the rows that pass the filters, sorted. Projects by code, "without project" last.
 */
export function portfolio(
  entries: readonly PortfolioEntry[],
  filters: PortfolioFilters,
  today: IsoDate,
  limit = PORTFOLIO_LIMIT,
): Portfolio {
  const byProject = new Map<string | null, PortfolioEntry[]>();
  for (const e of entries) {
    const list = byProject.get(e.project) ?? [];
    list.push(e);
    byProject.set(e.project, list);
  }
  const projects = [...byProject.entries()]
    .map(([project, list]) => summaryOf(project, list, today))
    .sort((a, b) => (a.project === null ? 1 : b.project === null ? -1 : compareText(a.project, b.project)));
  const search = filters.search?.toLocaleLowerCase('nl');
  const selected = entries.filter(
    (e) =>
      (filters.project === undefined || (e.project ?? '') === filters.project) &&
      (!filters.phase || (!e.cancelled && e.phase === filters.phase)) &&
      matchesShow(e, filters.show) &&
      (!search || e.address.toLocaleLowerCase('nl').includes(search)),
  );
  selected.sort(SORTS[filters.sort]);
  return { projects, rows: selected.slice(0, limit), total: selected.length };
}
