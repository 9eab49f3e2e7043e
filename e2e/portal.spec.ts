import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

test('the portal opens with the five phases and the contact moments, without accessibility violations', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle(/Wat gebeurt er na uw aanvraag\?/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wat gebeurt er na uw aanvraag?');
  const phases = page.locator('.phases h3');
  await expect(phases).toHaveText(['Oriënteren', 'Bestellen', 'Voorbereiden', 'Leveren', 'Nazorg']);
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Binnen 10 werkdagen na uw aanvraag, liefst binnen 48 uur.' }),
  ).toBeVisible();

  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations).toEqual([]);

  await page.screenshot({ path: 'test-results/home.png', fullPage: true });
});

test('the API reference renders from this server alone', async ({ page }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  await page.goto('/api/v1/docs');
  await expect(page.getByText('Berichten over aanvragen aanleveren').first()).toBeVisible({ timeout: 20_000 });
  expect(foreign).toEqual([]);
});
