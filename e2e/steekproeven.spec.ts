/**
 * Quality samples in Chromium (issue 15 item 6): a combi-organisatie's planner draws a sample of
 * last month's contact moments (the demo data's) with a seed, records a verdict on the first one
 * with the keyboard-free form, reads the report per party and downloads the PDF; axe on each page
 * at 1280 and 375 pixels wide. Isolation per organisation and role: e2e/isolation.spec.ts.
 */
import { expect, type Page, test } from '@playwright/test';
import { noAxeViolations, staffSignedIn } from './fixtures.ts';

async function atBothWidths(page: Page, heading: RegExp, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  await noAxeViolations(page);
  await page.screenshot({ path: `test-results/beheer-${name}.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  // Wide tables scroll in their own region; the page itself does not scroll sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await noAxeViolations(page);
  await page.screenshot({ path: `test-results/beheer-${name}-375.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a combi planner draws a sample, records a verdict and gets the report as a page and a PDF', async ({
  page,
  context,
  baseURL,
}) => {
  test.slow();
  await staffSignedIn(context, baseURL, { organisation: 'combi-brabant-oost', role: 'planner', name: 'Pien Planner' });

  await page.goto('/beheer');
  await page.getByRole('navigation', { name: 'Beheermenu' }).getByRole('link', { name: 'Steekproeven' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Steekproeven contactmomenten');
  await atBothWidths(page, /^Steekproeven contactmomenten$/, 'steekproeven');

  // The demo data has contact moments over the past months: draw 5 from the last 90 days.
  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const form = page.getByRole('group', { name: 'Nieuwe steekproef' });
  await form.getByLabel('Contactmomenten vanaf').fill(iso(new Date(today.getTime() - 90 * 86_400_000)));
  await form.getByLabel('tot en met', { exact: true }).fill(iso(today));
  await form.getByLabel(/Aantal contactmomenten/).fill('5');
  await form.getByLabel(/Zaad/).fill('e2e-overleg');
  await form.getByRole('button', { name: 'Steekproef trekken' }).click();
  await expect(page.getByRole('status')).toContainText('De steekproef is getrokken: 5 contactmomenten');
  await expect(page.locator('.sample-moments > li')).toHaveCount(5);
  await atBothWidths(page, /^Steekproef /, 'steekproef');

  // The first moment: judged "voldoet niet", with a note.
  const first = page.locator('.sample-moments > li').first();
  const verdict = first.getByRole('group', { name: /Oordeel over dit contactmoment/ });
  await verdict.getByLabel('Voldoet niet').check();
  await verdict.getByLabel('Met wie gesproken').check();
  await verdict.getByLabel(/Toelichting/).fill('Naam klant ontbreekt in het verslag');
  await verdict.getByRole('button', { name: 'Oordeel vastleggen' }).click();
  await expect(page.getByRole('status')).toHaveText('Het oordeel is vastgelegd.');
  await expect(page.locator('.sample-moments > li').first()).toContainText('Oordeel: Voldoet niet');

  await page.getByRole('link', { name: 'Rapport per partij' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Rapport steekproef /);
  const total = page.getByRole('table', { name: 'Uitkomst per partij' }).locator('tfoot tr');
  // Totaal: 5 drawn, 1 reviewed, 0 meet, 1 fails, 0 %, and one shortfall on "met wie gesproken".
  await expect(total.locator('th, td').nth(1)).toHaveText('5');
  await expect(total.locator('th, td').nth(2)).toHaveText('1');
  await expect(total.locator('th, td').nth(4)).toHaveText('1');
  await expect(total.locator('th, td').nth(5)).toHaveText('0%');
  await expect(page.getByText('Naam klant ontbreekt in het verslag')).toBeVisible();
  await atBothWidths(page, /^Rapport steekproef /, 'steekproef-rapport');

  const pdf = await page.request.get(`${page.url()}.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
});
