/**
 * The planners' werklijst in Chromium: a grid operator's planner finds its overdue intake with
 * the customer's name and phone number, filters the list with the GET form, opens the aanvraag's
 * contact-moment form with the contact moment chosen and logs it; a viewer sees the same step
 * without the customer's details; the dashboard's backlog per party links to it. Axe at 1280 and
 * 375 pixels wide.
 */
import { type BrowserContext, expect, test } from '@playwright/test';
import { STAFF_COOKIE } from '../api/auth/staff-sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { staffCookie } from '../api/testing.ts';
import type { StaffRole } from '../domain/staff.ts';
import { apiKey, e2eDatabaseFile, noAxeViolations } from './fixtures.ts';

const NUMBER = `MA-E2E-WERK-${Date.now().toString(36).toUpperCase()}`;
const NAME = 'Wendy Werklijst';
const PHONE = '06 98765432';

async function signedIn(context: BrowserContext, baseURL: string, role: StaffRole) {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const { token } = await staffCookie(store, { organisation: 'netbeheer-zuid', role, name: `Test ${role}` });
    const url = new URL(baseURL);
    await context.addCookies([{ name: STAFF_COOKIE, value: token, domain: url.hostname, path: '/beheer', httpOnly: true }]);
  } finally {
    await store.close();
  }
}

test.beforeAll(async ({ request }) => {
  // Submitted 30 days ago and nobody had the intake: overdue at netbeheer-zuid.
  const res = await request.post('/api/v1/berichten', {
    headers: { authorization: `Bearer ${apiKey('netbeheer-zuid')}` },
    data: {
      berichten: [
        {
          id: `${NUMBER}-submitted`,
          requestNumber: NUMBER,
          occurredAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
          type: 'request_submitted',
          kind: 'nieuwe_aansluiting',
          combi: 'brabant-oost',
          applicant: { name: NAME, email: `klant-${NUMBER.toLowerCase()}@example.com`, phone: PHONE },
          address: { street: 'Werkweg', houseNumber: '3', postcode: '5611 AB', city: 'Eindhoven' },
          workOrders: [{ id: `${NUMBER}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
        },
      ],
    },
  });
  expect([200, 201]).toContain(res.status());
});

test('a viewer sees the werklijst without the customer’s name and phone number', async ({ page, context, baseURL }) => {
  await signedIn(context, baseURL as string, 'viewer');
  await page.goto('/beheer/werklijst?partij=netbeheer-zuid');
  await expect(page.getByRole('link', { name: NUMBER, exact: true })).toBeVisible();
  const body = (await page.content()).toString();
  expect(body).not.toContain(NAME);
  expect(body).not.toContain(PHONE);
  await expect(page.getByText('Naam en telefoonnummer van de klant zien planners en beheerders.')).toBeVisible();
  await noAxeViolations(page);
  // Filters it does not know, or a combi area outside the organisation's: 400, the field named, the form kept.
  for (const [query, field] of [
    ['dagen=99', 'dagen'],
    ['fase=klaar', 'fase'],
    ['combi=nergens', 'combi'],
  ]) {
    const res = await page.goto(`/beheer/werklijst?${query}`);
    expect(res?.status(), query).toBe(400);
    await expect(page.getByRole('alert')).toContainText(`${field}:`);
  }
});

test('a planner works through the werklijst and logs the contact moment from it', async ({ page, context, baseURL }) => {
  test.setTimeout(90_000);
  await signedIn(context, baseURL as string, 'planner');
  await page.setViewportSize({ width: 1280, height: 900 });
  // The dashboard's backlog per party opens the werklijst with that party's overdue steps.
  await page.goto('/beheer/dashboard');
  await page
    .getByRole('table', { name: 'Stappen met achterstand per partij' })
    .getByRole('link', { name: 'Netbeheer Zuid' })
    .first()
    .click();
  await expect(page).toHaveURL(/\/beheer\/werklijst\?partij=netbeheer-zuid&te-laat=ja$/);
  await expect(page.getByRole('link', { name: NUMBER, exact: true })).toBeVisible();
  await expect(page.getByLabel('Partij aan zet')).toHaveValue('netbeheer-zuid');
  await expect(page.getByLabel(/Alleen te laat/)).toBeChecked();

  await page.goto('/beheer/werklijst');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Werklijst /);
  // The menu's first item is the werklijst, marked as the current page.
  await expect(page.getByRole('navigation', { name: 'Beheermenu' }).getByRole('link').first()).toHaveText('Werklijst');
  await expect(page.getByRole('link', { name: 'Werklijst' })).toHaveAttribute('aria-current', 'page');

  // Filter with the keyboard-friendly GET form: the grid operator at turn, overdue only.
  await page.getByLabel('Partij aan zet').selectOption('netbeheer-zuid');
  await page.getByLabel(/Alleen te laat/).check();
  await page.getByRole('button', { name: 'Toon' }).press('Enter');
  await expect(page).toHaveURL(/partij=netbeheer-zuid/);
  await expect(page).toHaveURL(/te-laat=ja/);
  const row = page.locator('tbody tr', { has: page.getByRole('link', { name: NUMBER, exact: true }) });
  await expect(row).toContainText(NAME);
  await expect(row).toContainText(PHONE);
  await expect(row).toContainText(/\d+ werkdagen te laat/);
  await expect(row).toContainText('Intake');
  await expect(row.getByRole('link', { name: PHONE })).toHaveAttribute('href', 'tel:0698765432');
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/werklijst-1280.png', fullPage: true });

  await page.setViewportSize({ width: 375, height: 800 });
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/werklijst-375.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The action opens the aanvraag's own form, with the step's contact moment chosen.
  await row.getByRole('link', { name: `Contactmoment vastleggen bij ${NUMBER}` }).click();
  await expect(page).toHaveURL(new RegExp(`/beheer/aanvragen/${NUMBER}\\?soort=B#contactmoment$`));
  const form = page.locator('#contactmoment');
  await expect(form.getByLabel('Soort contactmoment')).toHaveValue('B');
  await form.getByLabel('Kanaal').selectOption('telefoon');
  await form.getByLabel(/Gesproken met/).fill(NAME);
  await form.getByLabel('Onderwerp').fill('Intake');
  await form.getByLabel(/Samenvatting voor de klant/).fill('Aanvraag doorgenomen aan de telefoon.');
  await form.getByRole('button', { name: 'Contactmoment vastleggen' }).click();
  await expect(page.getByRole('status')).toContainText('Het contactmoment is vastgelegd');
});
