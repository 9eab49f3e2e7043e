/**
 * The CSV export of a business applicant's portfolio (issue 16.1): the rows the portfolio page
 * lists with its filters, all of them (not only the first page), one line per aanvraag, in Dutch
 * (/volg/portfolio.csv) or English (/en/volg/portfolio.csv). For members of the organisation only,
 * as the page: others get a 404, a wrong filter a 400 (api/core/portfolio.ts).
 */
import { type Context, Hono } from 'hono';
import type { Content } from '../../domain/content.ts';
import type { Lang } from '../../domain/language.ts';
import { kvkNumber } from '../../domain/messages.ts';
import {
  PORTFOLIO_ROLE_NAMES,
  PORTFOLIO_STEP_NAMES,
  type PortfolioEntry,
  parsePortfolioFilters,
} from '../../domain/portfolio.ts';
import { currentCustomer } from '../auth/sessions.ts';
import { portfolioAccess, portfolioView } from '../core/portfolio.ts';
import { messagePage } from '../http/message-page.ts';
import type { Store } from '../storage/store.ts';
import { csvFile } from './dashboard-export.ts';

const WORDS = {
  nl: {
    headers: [
      'Aanvraagnummer',
      'Adres',
      'Project',
      'Fase',
      'Geannuleerd',
      'Volgende stap',
      'Wie',
      'Volgende stap uiterlijk',
      'Te laat',
      'Achterstand combi (stappen)',
      'Vaste datums',
      'Wettelijke termijn',
    ],
    yes: 'ja',
    no: 'nee',
    withoutProject: 'zonder project',
    legal: { geen: 'n.v.t.', binnen: 'binnen de termijn', 'na-termijn': 'gepland na de termijn', verstreken: 'verstreken' },
    firm: { startdatum: 'start', schouw: 'schouw' },
    notFound: ['Niet gevonden', 'Dit portfolio bestaat niet, of u heeft er geen toegang toe.'],
    wrong: 'Een filter klopt niet',
    file: 'portfolio',
  },
  en: {
    headers: [
      'Request number',
      'Address',
      'Project',
      'Phase',
      'Cancelled',
      'Next step',
      'Who',
      'Next step due',
      'Late',
      'Overdue at the combi (steps)',
      'Firm dates',
      'Legal term',
    ],
    yes: 'yes',
    no: 'no',
    withoutProject: 'without project',
    legal: { geen: 'n/a', binnen: 'within the term', 'na-termijn': 'planned after the term', verstreken: 'passed' },
    firm: { startdatum: 'start', schouw: 'inspection' },
    notFound: ['Not found', 'This portfolio does not exist, or you do not have access to it.'],
    wrong: 'A filter is not right',
    file: 'portfolio',
  },
} as const;

/** One line per aanvraag: what the page's table shows, dates as ISO dates for a spreadsheet. */
export function portfolioCsv(rows: readonly PortfolioEntry[], content: Content, lang: Lang): string {
  const w = WORDS[lang];
  const phaseName = (id: string) => {
    // fasen.yaml's phases carry their English name (content-schema.ts phaseSchema); Content's type names only what the API reads.
    const phase = content.phases.find((p) => p.id === id) as { naam: string; en?: { naam?: string } } | undefined;
    return (lang === 'en' ? phase?.en?.naam : phase?.naam) ?? id;
  };
  const lines = rows.map((r) => [
    r.number,
    r.address,
    r.project ?? w.withoutProject,
    phaseName(r.phase),
    r.cancelled ? w.yes : w.no,
    r.next ? PORTFOLIO_STEP_NAMES[lang][r.next.step] : '',
    r.next ? (r.next.organisation ?? PORTFOLIO_ROLE_NAMES[lang][r.next.role]) : '',
    r.next?.due ?? '',
    r.next?.overdue ? w.yes : w.no,
    r.overdueCombi,
    r.firmDates.map((f) => `${w.firm[f.kind]} ${f.date}`).join(', '),
    w.legal[r.legal],
  ]);
  return csvFile([...w.headers], lines);
}

export function portfolioExportRoutes({ store, content }: { store: Store; content: Content }) {
  const app = new Hono();
  const serve = (lang: Lang) => async (c: Context) => {
    const w = WORDS[lang];
    const customer = await currentCustomer(c, store.access);
    if (!customer) return c.redirect(`${lang === 'en' ? '/en' : ''}/volg?fout=inloggen`, 303);
    const kvk = kvkNumber.safeParse(c.req.query('kvk'));
    const access = kvk.success ? await portfolioAccess(store, customer.email, kvk.data) : undefined;
    if (!access) return messagePage(c, 404, w.notFound[0], w.notFound[1], { lang });
    const filters = parsePortfolioFilters(c.req.query());
    if (!filters.ok) return messagePage(c, 400, w.wrong, filters.message, { lang });
    const view = await portfolioView(store, content, access, filters.filters, new Date(), Number.POSITIVE_INFINITY);
    if (!view) return messagePage(c, 404, w.notFound[0], w.notFound[1], { lang });
    return c.body(portfolioCsv(view.portfolio.rows, content, lang), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${w.file}-${access.kvk}.csv"`,
      'cache-control': 'no-store',
    });
  };
  app.get('/volg/portfolio.csv', serve('nl'));
  app.get('/en/volg/portfolio.csv', serve('en'));
  return app;
}
