/**
 * Werkvoorraad en capaciteit in Chromium: four aanvragen of Combi Peelland (more while other tests'
 * deliveries keep it within the rate) get a firm start date next week with Peelbouw, above the
 * starts Peelbouw delivered per week; Peelbouw's staff see that week flagged, and only their own
 * figures; Combi Brabant-Oost does not see Peelbouw at all. Reached from the menu and the
 * dashboard; axe at 1280 and 375 pixels wide.
 */
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { STAFF_COOKIE } from '../api/auth/staff-sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { staffCookie } from '../api/testing.ts';
import { addDays, dutchDate, isoWeekOf, mondayOfIsoWeek } from '../domain/calendar.ts';
import { workload, workloadPeriod } from '../domain/workload.ts';
import { apiKey, e2eDatabaseFile, noAxeViolations } from './fixtures.ts';

const RUN = Date.now().toString(36).toUpperCase();
/** Tuesday of next week. */
const NEXT_WEEK = addDays(mondayOfIsoWeek(isoWeekOf(dutchDate(new Date()))), 8);
const NEXT_WEEK_NUMBER = Number(isoWeekOf(NEXT_WEEK).slice(6));

async function signIn(context: BrowserContext, baseURL: string, organisation: string) {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const { token } = await staffCookie(store, {
      organisation,
      email: `werkvoorraad-${RUN.toLowerCase()}@${organisation}.example`,
      name: 'Wim Werkvoorraad',
      role: 'viewer',
    });
    await context.addCookies([
      { name: STAFF_COOKIE, value: token, domain: new URL(baseURL).hostname, path: '/beheer', httpOnly: true },
    ]);
  } finally {
    await store.close();
  }
}

/** Whether Peelbouw's next week is planned above its delivered rate, by the same rule as the page. */
async function nextWeekOverRate(): Promise<boolean> {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const today = dutchDate(new Date());
    const { planned, delivered } = await store.dashboard.workloadStarts({ all: true }, workloadPeriod(today));
    const peelbouw = workload(planned, delivered, today, 'peelbouw').contractors[0];
    return peelbouw?.weeks.find((w) => w.week === isoWeekOf(NEXT_WEEK))?.over ?? false;
  } finally {
    await store.close();
  }
}

test.beforeAll(async ({ request }) => {
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const send = async (sender: string, berichten: object[]) => {
    const res = await request.post('/api/v1/berichten', {
      headers: { authorization: `Bearer ${apiKey(sender)}` },
      data: { berichten },
    });
    expect(res.status(), await res.text()).toBeLessThan(300);
  };
  // At least four, and more while other tests' deliveries by Peelbouw keep the week within its rate.
  for (let i = 1; i <= 4 || !(await nextWeekOverRate()); i++) {
    expect(i, 'starts needed to plan next week above the delivered rate').toBeLessThanOrEqual(40);
    const number = `MA-WV-${RUN}-${i}`;
    await send('waterbedrijf-peel', [
      {
        id: `${number}-in`,
        type: 'request_submitted',
        requestNumber: number,
        occurredAt: at(30),
        kind: 'nieuwe_aansluiting',
        combi: 'peelland',
        applicant: { name: `Werkvoorraad ${i}`, email: `wv${i}@example.com` },
        address: { street: 'Peelweg', houseNumber: String(i), postcode: '5751 AA', city: 'Deurne' },
        workOrders: [{ id: `${number}-W`, discipline: 'water', gridOperator: 'waterbedrijf-peel' }],
      },
      {
        id: `${number}-h`,
        type: 'handed_to_combi',
        requestNumber: number,
        occurredAt: at(20),
        workOrderIds: [`${number}-W`],
        contractor: 'peelbouw',
      },
    ]);
    await send('peelbouw', [
      {
        id: `${number}-p`,
        type: 'planning_changed',
        requestNumber: number,
        occurredAt: at(10),
        confirmedStart: { date: NEXT_WEEK, part: 'ochtend' },
        reason: 'startdatum afgesproken',
      },
    ]);
  }
});

async function bothWidths(page: Page) {
  await noAxeViolations(page);
  await page.setViewportSize({ width: 375, height: 812 });
  await noAxeViolations(page);
  // Nothing wider than the phone but the tables, which scroll in their own region.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });
}

test('a contractor sees its own planned starts per week, flagged above its delivered rate', async ({
  page,
  context,
  baseURL,
}) => {
  await signIn(context, baseURL as string, 'peelbouw');
  await page.goto('/beheer/dashboard');
  await page.getByRole('navigation').getByRole('link', { name: 'Werkvoorraad' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Werkvoorraad en capaciteit');
  // Only its own figures: one section, Peelbouw's.
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Peelbouw Infra']);
  const table = page.getByRole('table', { name: 'Geplande starts per week bij Peelbouw Infra' });
  await expect(table.getByRole('row')).toHaveCount(9);
  const row = table
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^week ${NEXT_WEEK_NUMBER}:`) }) });
  const cells = await row.getByRole('cell').allInnerTexts();
  expect(Number(cells[0])).toBeGreaterThanOrEqual(4);
  expect(cells[4]).toBe('ja');
  await expect(page.getByText(`Boven dat tempo gepland in week ${NEXT_WEEK_NUMBER} (`)).toBeVisible();
  await expect(page.locator('svg.chart title').first()).toHaveText('Geplande starts per week bij Peelbouw Infra');
  await bothWidths(page);
});

test('a combi-organisatie sees the contractors of its own area only, from the dashboard', async ({ page, context, baseURL }) => {
  await signIn(context, baseURL as string, 'combi-brabant-oost');
  await page.goto('/beheer/dashboard');
  await page.getByRole('link', { name: 'werkvoorraad en capaciteit' }).click();
  await expect(page).toHaveURL(/\/beheer\/werkvoorraad$/);
  const contractors = await page.getByRole('heading', { level: 2 }).allInnerTexts();
  expect(contractors.length).toBeGreaterThan(0);
  expect(contractors).not.toContain('Peelbouw Infra');
  for (const name of contractors) expect(['Van der Berg Infra', 'Kempen Kabel & Leiding']).toContain(name);
  await bothWidths(page);
});
