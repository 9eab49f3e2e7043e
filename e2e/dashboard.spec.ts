/**
 * The dashboard in Chromium: a combi-organisatie's staff member (signed in with both factors,
 * the session made in the e2e server's database as the unit tests do) sees the figures of the
 * area, filters by discipline, finds the CSV export, reads customers' free text as text; axe on it.
 */
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { STAFF_COOKIE } from '../api/auth/staff-sessions.ts';
import { openSqliteStore } from '../api/data/sqlite-store.ts';
import { staffCookie } from '../api/testing.ts';
import { e2eDatabaseFile, noAxeViolations } from './fixtures.ts';

const HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';

/**
 * A viewer of Combi Brabant-Oost with a session that passed both factors, and five webfeedback
 * answers on aanvragen of the area (one with markup in its free text), in the server's database.
 */
async function signedInViewer(context: BrowserContext, baseURL: string) {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const email = `dashboard-${Date.now()}@brabant-oost.example`;
    const { token } = await staffCookie(store, {
      organisation: 'combi-brabant-oost',
      email,
      name: 'Dana Dashboard',
      role: 'viewer',
    });
    const numbers: string[] = [];
    for (const number of await store.sampleRequestNumbers(50)) {
      if ((await store.requestState(number))?.combi === 'brabant-oost') numbers.push(number);
    }
    for (const [i, number] of numbers.slice(0, 5).entries()) {
      await store.responses.save({
        id: `e2e-dashboard-${Date.now()}-${i}`,
        context: { survey: 'webfeedback', requestNumber: number, trigger: 'aanvraag-ingediend' },
        answers: { moeite: 2 + (i % 3), ...(i === 0 && { verbeteren: `Sneller bellen ${HOSTILE}` }) },
        completed: true,
        at: new Date(),
      });
    }
    const url = new URL(baseURL);
    await context.addCookies([{ name: STAFF_COOKIE, value: token, domain: url.hostname, path: '/beheer', httpOnly: true }]);
  } finally {
    await store.close();
  }
}

const total = async (page: Page) =>
  Number(
    ((await page.locator('.dashboard-totals div', { hasText: 'Aanvragen' }).locator('dd').textContent()) ?? '').replace(
      /\D/g,
      '',
    ),
  );

test('a combi-organisatie sees the figures of its area, filters them and exports them', async ({ page, context, baseURL }) => {
  await signedInViewer(context, baseURL as string);
  await page.goto('/beheer/dashboard');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard Combi Brabant-Oost');
  const all = await total(page);
  expect(all).toBeGreaterThan(0);

  // One chart per figure, each an image with a name, and a table under it.
  await expect(page.getByRole('img', { name: /Contactmomenten: op tijd/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Contactmomenten per partij' })).toContainText('Intake (KCM B)');
  await expect(page.getByRole('table', { name: 'Contactmomenten per partij' })).toContainText('Netbeheer Zuid');
  await expect(page.getByRole('heading', { name: 'Achterstand per partij, nu' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Vaste startdatums gehouden en verschoven' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Opgeleverde aanvragen naar doorlooptijd' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Doorlooptijd per maand van indienen' })).toBeVisible();
  await expect(page.getByRole('img', { name: /naar dagen sinds het laatste bericht/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Moeite per meting' })).toContainText('Webfeedback');
  await expect(page.getByRole('img', { name: 'Gemiddelde moeite per meting' })).toBeVisible();
  // Fewer than five eindmeting answers: no average, and it says why.
  await expect(page.getByText(/Te weinig antwoorden om te tonen: minder dan 5/).first()).toBeVisible();
  // Free text is shown as text, never run.
  await expect(page.locator('.free-text')).toContainText(`Sneller bellen ${HOSTILE}`);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // Only the own area in the filter; no JavaScript on the page.
  await expect(page.getByLabel('Combi').locator('option')).toHaveText(['Alle', 'Combi Brabant-Oost']);
  expect(await page.locator('script').count()).toBe(0);
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });

  await page.getByLabel('Discipline').selectOption('gas');
  await page.getByRole('button', { name: 'Toon' }).click();
  await expect(page).toHaveURL(/discipline=gas/);
  await expect(page.getByText(/met een opdracht gas/)).toBeVisible();
  const gas = await total(page);
  expect(gas).toBeLessThan(all);
  const csv = page.getByRole('link', { name: 'Download deze aanvragen als CSV' });
  await expect(csv).toHaveAttribute('href', /^\/beheer\/dashboard\.csv\?.*discipline=gas/);
  const download = await page.request.get((await csv.getAttribute('href')) as string);
  expect(download.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
  expect((await download.text()).trim().split('\r\n')).toHaveLength(gas + 1);
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/dashboard-gas.png', fullPage: true });
  // On a phone: the charts scale down, the tables scroll sideways, nothing overflows the page.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/dashboard-telefoon.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Another area is refused, with the field named.
  const refused = await page.goto('/beheer/dashboard?combi=peelland');
  expect(refused?.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('combi: deze combi hoort niet bij uw organisatie');
  await expect(page.locator('.dashboard-totals')).toHaveCount(0);
  await noAxeViolations(page);
});

test('the dashboard is closed without a staff session', async ({ page }) => {
  await page.goto('/beheer/dashboard');
  await expect(page).toHaveURL(/\/beheer\/inloggen$/);
  const csv = await page.request.get('/beheer/dashboard.csv', { maxRedirects: 0 });
  expect(csv.status()).toBe(303);
});
