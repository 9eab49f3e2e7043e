/**
 * The API reference page (/api/v1/docs): accessible by axe, usable with the keyboard alone, fits
 * a phone, loads nothing from elsewhere and runs no script.
 */
import { expect, type Page, test } from '@playwright/test';
import { noAxeViolations } from './fixtures.ts';

// axe reads every node of a long page; on a busy machine that takes a while.
test.describe.configure({ timeout: 120_000 });

async function open(page: Page) {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) foreign.push(r.url());
  });
  await page.goto('/api/v1/docs');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Traject API/);
  return foreign;
}

test('the API reference has no axe violations, no script and nothing from elsewhere', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const foreign = await open(page);
  await noAxeViolations(page);
  expect(await page.locator('script').count()).toBe(0);
  expect(foreign).toEqual([]);
  // What an integrator looks for: the batch rules, who may send what, a code's meaning and norm, an example.
  await expect(page.getByRole('heading', { name: 'Idempotentie: hetzelfde id opnieuw sturen is veilig' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'planning_changed' })).toBeVisible();
  await expect(page.locator('#schema-Contactmoment')).toBeVisible();
  await expect(page.locator('section:has(> #schema-Contactmoment) dl')).toContainText('Binnen 10 werkdagen na uw aanvraag');
  await page.screenshot({ path: 'test-results/api-reference-1280.png' });
  await page.locator('#op-berichtenAanleveren').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/api-reference-1280-berichten.png' });
});

test('the API reference works with the keyboard alone', async ({ page }) => {
  await open(page);
  // First stop: the skip link, visible when focused; it takes the focus to the content.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Naar de inhoud', exact: true });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  // From the table of contents to an operation, by keyboard.
  await page.goto('/api/v1/docs');
  const toc = page.getByRole('navigation').getByRole('link', { name: 'POST /api/v1/berichten' });
  for (let i = 0; i < 40 && !(await toc.evaluate((a) => a === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(toc).toBeFocused();
  const outline = await toc.evaluate((a) => getComputedStyle(a).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#op-berichtenAanleveren$/);
  await expect(page.locator('#op-berichtenAanleveren')).toBeInViewport();

  // An example opens with the keyboard.
  const example = page.locator('#op-berichtenAanleveren ~ details, section:has(#op-berichtenAanleveren) details').first();
  const summary = example.locator('summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect(example).toHaveAttribute('open', '');
  await expect(example.locator('pre')).toContainText('"berichten"');
});

test('the API reference fits a phone of 320 pixels without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await open(page);
  await noAxeViolations(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await page.screenshot({ path: 'test-results/api-reference-320.png' });
  await page.locator('#schema-Contactmoment').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/api-reference-320-contactmoment.png' });
});
