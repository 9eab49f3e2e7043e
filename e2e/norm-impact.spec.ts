/**
 * The impact of a norm change in Chromium (issue 17, item 3): a platform staff member opens
 * /beheer/normwijziging while the running portal serves the planning call (KCM 1) with two
 * working days more than content/ on disk says, and sees the changed norm, the counts per
 * organisation and example aanvragen; axe on it at 1280 and 375 pixels wide. Other organisations
 * get no page (e2e/isolation.spec.ts checks every organisation and role).
 */
import { expect, test } from '@playwright/test';
import { STAFF_COOKIE } from '../api/auth/staff-sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { staffCookie } from '../api/testing.ts';
import { loadContent } from '../domain/content.ts';
import { normsOf } from '../domain/norm-impact.ts';
import { e2eDatabaseFile, noAxeViolations } from './fixtures.ts';

test('platform staff see what a changed norm does to the open steps of each organisation', async ({ page, context, baseURL }) => {
  test.slow();
  const onDisk = normsOf(loadContent());
  const planning = onDisk.plangesprek as number;
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    // As a portal started (later than the e2e server) with KCM 1 two working days longer would have recorded.
    await store.norms.record('e2e-in-gebruik', { ...onDisk, plangesprek: planning + 2 }, new Date(Date.now() + 60_000));
    const { token } = await staffCookie(store, { organisation: 'traject', role: 'viewer', name: 'Pim Platform' });
    const url = new URL(baseURL as string);
    await context.addCookies([{ name: STAFF_COOKIE, value: token, domain: url.hostname, path: '/beheer', httpOnly: true }]);
  } finally {
    await store.close();
  }

  await page.goto('/beheer');
  await page.getByRole('navigation', { name: 'Beheermenu' }).getByRole('link', { name: 'Normwijziging' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gevolgen van een normwijziging');
  const norms = page.getByRole('table', { name: 'Normen in gebruik en in content/' });
  await expect(norms.getByRole('row', { name: /Plangesprek \(KCM 1\)/ })).toContainText(
    `${planning + 2} werkdagen${planning} werkdagen`,
  );
  // The demo data has open planning calls at contractors: each gets earlier due dates, none later.
  const rows = page.getByRole('table', { name: /per organisatie/ }).locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  const first = rows.first();
  const contractor = (await first.locator('th').textContent()) ?? '';
  expect(Number(await first.locator('td').nth(0).textContent())).toBeGreaterThan(0);
  await expect(first.locator('td').nth(1)).toHaveText('0');
  // Its examples, each linking to the aanvraag, its due date moved to earlier.
  const example = page.getByRole('table', { name: `Aanvragen van ${contractor} met een andere uiterste datum`, exact: false });
  await expect(example.getByRole('link').first()).toHaveAttribute('href', /^\/beheer\/aanvragen\/MA-/);
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/beheer-normwijziging.png', fullPage: true });

  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Gevolgen van een normwijziging');
  // Wide tables scroll in their own region; the page itself does not scroll sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/beheer-normwijziging-375.png', fullPage: true });
});
