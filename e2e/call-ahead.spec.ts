/**
 * Call-ahead and the daily digest's settings in Chromium (issue 15 items 3 and 4): a contractor's
 * planner sees a firm start date two working days ahead with the permit reported missing as
 * "planning in gevaar" in the werklijst (and filters on it) and on the aanvraag page, naming the
 * blocker; switches their own digest off and on at /beheer/account; the admin sets N, after
 * which the date is no longer within reach. Axe at 1280 and 375 pixels wide; screenshots at 1280 and 320.
 */
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { STAFF_COOKIE } from '../api/auth/staff-sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { staffCookie } from '../api/testing.ts';
import { addWorkingDays, dutchDate } from '../domain/calendar.ts';
import type { StaffRole } from '../domain/staff.ts';
import { apiKey, e2eDatabaseFile, noAxeViolations } from './fixtures.ts';

const NUMBER = `MA-E2E-GEVAAR-${Date.now().toString(36).toUpperCase()}`;
const FIRM = addWorkingDays(dutchDate(new Date()), 2);
const CONTRACTOR = 'van-der-berg-infra';

async function signedIn(context: BrowserContext, baseURL: string, role: StaffRole) {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const { token } = await staffCookie(store, { organisation: CONTRACTOR, role, name: `Test ${role}` });
    const url = new URL(baseURL);
    await context.addCookies([{ name: STAFF_COOKIE, value: token, domain: url.hostname, path: '/beheer', httpOnly: true }]);
  } finally {
    await store.close();
  }
}

/** Axe at 1280 and 375 pixels wide, and screenshots at 1280 and 320 to look at. */
async function checkWidths(page: Page, name: string) {
  for (const width of [1280, 375, 320]) {
    await page.setViewportSize({ width, height: 900 });
    if (width !== 320) await noAxeViolations(page);
    if (width !== 375) await page.screenshot({ path: `test-results/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test.beforeAll(async ({ request }) => {
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const send = async (sender: string, berichten: unknown[]) => {
    const res = await request.post('/api/v1/berichten', {
      headers: { authorization: `Bearer ${apiKey(sender)}` },
      data: { berichten },
    });
    expect([200, 201], await res.text()).toContain(res.status());
  };
  const base = { requestNumber: NUMBER };
  await send('netbeheer-zuid', [
    {
      ...base,
      id: `${NUMBER}-ingediend`,
      occurredAt: ago(40),
      type: 'request_submitted',
      kind: 'nieuwe_aansluiting',
      combi: 'brabant-oost',
      applicant: { name: 'Gerda Gevaar', email: `klant-${NUMBER.toLowerCase()}@example.com`, phone: '06 13572468' },
      address: { street: 'Gevaarweg', houseNumber: '5', postcode: '5611 AB', city: 'Eindhoven' },
      workOrders: [{ id: `${NUMBER}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    },
    {
      ...base,
      id: `${NUMBER}-combi`,
      occurredAt: ago(30),
      type: 'handed_to_combi',
      workOrderIds: [`${NUMBER}-E`],
      contractor: CONTRACTOR,
    },
  ]);
  await send(CONTRACTOR, [
    {
      ...base,
      id: `${NUMBER}-plan`,
      occurredAt: ago(20),
      type: 'planning_changed',
      confirmedStart: { date: FIRM, part: 'ochtend' },
      reason: 'Afgesproken met de klant.',
    },
    {
      ...base,
      id: `${NUMBER}-vergunning`,
      occurredAt: ago(10),
      type: 'preparation_reported',
      item: 'vergunning',
      status: 'ontbreekt',
    },
  ]);
});

test('the werklijst flags the date at risk, names the blocker, and filters on it', async ({ page, context, baseURL }) => {
  await signedIn(context, baseURL as string, 'planner');
  await page.goto('/beheer/werklijst');
  await page.getByLabel(/Alleen planning in gevaar/).check();
  await page.getByRole('button', { name: 'Toon' }).press('Enter');
  await expect(page).toHaveURL(/in-gevaar=ja/);
  await expect(page.getByLabel(/Alleen planning in gevaar/)).toBeChecked();
  const row = page.locator('tbody tr', { has: page.getByRole('link', { name: NUMBER, exact: true }) });
  await expect(row).toContainText('In gevaar');
  await expect(row).toContainText('vergunning ontbreekt');
  await expect(row).toContainText('Gerda Gevaar');
  // Every row under the filter is at risk.
  const rows = page.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  for (const r of await rows.all()) await expect(r).toContainText('In gevaar');
  await checkWidths(page, 'werklijst-in-gevaar');
});

test('the aanvraag page says planning in gevaar, with the blocker and whom to call', async ({ page, context, baseURL }) => {
  await signedIn(context, baseURL as string, 'planner');
  await page.goto(`/beheer/aanvragen/${NUMBER}`);
  const risk = page.getByRole('region', { name: 'Planning in gevaar' });
  await expect(risk).toContainText('vergunning ontbreekt');
  await expect(risk).toContainText('over 2 werkdagen');
  await expect(risk.getByRole('link', { name: '06 13572468' })).toHaveAttribute('href', 'tel:0613572468');
  await checkWidths(page, 'aanvraag-in-gevaar');
});

test('a planner switches their own daily digest off and on', async ({ page, context, baseURL }) => {
  await signedIn(context, baseURL as string, 'planner');
  await page.goto('/beheer/werklijst');
  await page.getByRole('link', { name: 'Test planner' }).click();
  await expect(page).toHaveURL(/\/beheer\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uw gegevens');
  await expect(page.getByText('U krijgt het dagoverzicht.', { exact: true })).toBeVisible();
  await expect(page.getByText(/vaste startdatum binnen 5 werkdagen met iets .* zonder bericht in 14 dagen,/)).toBeVisible();
  await page.getByRole('button', { name: 'Dagoverzicht uitzetten' }).click();
  await expect(page.getByRole('status').first()).toContainText('U krijgt het dagoverzicht niet meer');
  await checkWidths(page, 'account');
  await page.getByRole('button', { name: 'Dagoverzicht aanzetten' }).click();
  await expect(page.getByRole('status').first()).toContainText('weer elke werkdag');
});

test('the admin sets N; with one working day the date two days ahead is no longer flagged', async ({
  page,
  context,
  baseURL,
}) => {
  await signedIn(context, baseURL as string, 'admin');
  await page.goto('/beheer/organisatie');
  const form = page.locator('form[action="/beheer/organisatie/meldingen"]');
  await form.getByLabel(/Planning in gevaar: werkdagen/).fill('1');
  await form.getByLabel(/Zonder update: dagen/).fill('21');
  await form.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByRole('status')).toContainText('zijn opgeslagen');
  await expect(form.getByLabel(/Planning in gevaar: werkdagen/)).toHaveValue('1');
  await checkWidths(page, 'organisatie-meldingen');
  try {
    await page.goto(`/beheer/aanvragen/${NUMBER}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Aanvraag ${NUMBER}`);
    await expect(page.getByRole('region', { name: 'Planning in gevaar' })).toHaveCount(0);
    // The dashboard's "zonder update" counts with the same N.
    await page.goto('/beheer/dashboard');
    await expect(page.getByLabel('Zonder update sinds')).toHaveValue('21');
    await expect(page.getByText('Het dagoverzicht per e-mail telt met 21 dagen')).toBeVisible();
  } finally {
    await page.goto('/beheer/organisatie');
    await form.getByLabel(/Planning in gevaar: werkdagen/).fill('5');
    await form.getByLabel(/Zonder update: dagen/).fill('14');
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await expect(page.getByRole('status')).toContainText('zijn opgeslagen');
  }
});
