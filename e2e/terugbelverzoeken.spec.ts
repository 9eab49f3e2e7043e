/**
 * Call-back requests on the werklijst in Chromium: a planner sees the customer's answer, phone
 * number and wait, claims the request ("ik bel"), a colleague sees who calls and gets no button,
 * the planner logs the call with the standard contact-moment form (which closes the request) and
 * closes another with a reason; a viewer sees the requests without numbers or actions. The
 * dashboard counts them. Axe at 1280 and 375 pixels wide; screenshots at 1280 and 320.
 */
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { STAFF_COOKIE } from '../api/auth/staff-sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { staffCookie } from '../api/testing.ts';
import type { StaffRole } from '../domain/staff.ts';
import { apiKey, e2eDatabaseFile, noAxeViolations } from './fixtures.ts';

const RUN = Date.now().toString(36);
const NUMBER = `MA-E2E-TERUG-${RUN.toUpperCase()}`;
const ORG = 'netbeheer-zuid';
const CALL = `cbcall${RUN}`;
const REASON = `cbreden${RUN}`;
const PHONE = '+31 6 12340000';
const COMMENT = `De monteur kwam niet opdagen (${RUN})`;

async function signedIn(context: BrowserContext, baseURL: string, role: StaffRole, name: string) {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${RUN}@netbeheer-zuid.example`;
    const { token } = await staffCookie(store, { organisation: ORG, role, name, email });
    const url = new URL(baseURL);
    await context.clearCookies();
    await context.addCookies([{ name: STAFF_COOKIE, value: token, domain: url.hostname, path: '/beheer', httpOnly: true }]);
  } finally {
    await store.close();
  }
}

const card = (page: Page, id: string) =>
  page.locator('li.callback', {
    has: page.locator(`form[action*="/terugbelverzoeken/${id}/"], a[href*="terugbelverzoek=${id}"]`),
  });

test.beforeAll(async ({ request }) => {
  const res = await request.post('/api/v1/berichten', {
    headers: { authorization: `Bearer ${apiKey(ORG)}` },
    data: {
      berichten: [
        {
          id: `${NUMBER}-submitted`,
          requestNumber: NUMBER,
          occurredAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
          type: 'request_submitted',
          kind: 'nieuwe_aansluiting',
          combi: 'brabant-oost',
          applicant: { name: 'Truus Terugbel', email: `truus-${RUN}@example.com`, phone: '06 55555555' },
          address: { street: 'Belweg', houseNumber: '9', postcode: '5611 AB', city: 'Eindhoven' },
          workOrders: [{ id: `${NUMBER}-E`, discipline: 'elektra', gridOperator: ORG }],
        },
      ],
    },
  });
  expect([200, 201]).toContain(res.status());
  // Two requests of this grid operator: the customer's answers saved as the survey saves them.
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    for (const [id, days] of [
      [CALL, 3],
      [REASON, 1],
    ] as const) {
      const createdAt = new Date(Date.now() - days * 86_400_000);
      const context = { survey: 'eindmeting', requestNumber: NUMBER, invitationId: id };
      await store.responses.save({ id, context, answers: { cijfer: 2, verbeteren: COMMENT }, completed: true, at: createdAt });
      await store.callbacks.add({
        id,
        invitationId: id,
        survey: 'eindmeting',
        requestNumber: NUMBER,
        organisation: ORG,
        phone: PHONE,
        note: 'Liefst na vijf uur',
        createdAt,
      });
    }
  } finally {
    await store.close();
  }
});

test('a viewer sees the call-backs with the answer, without phone numbers or actions', async ({ page, context, baseURL }) => {
  await signedIn(context, baseURL as string, 'viewer', 'Vera Viewer');
  await page.goto('/beheer/werklijst');
  const mine = card(page, CALL);
  await expect(page.getByRole('heading', { name: /^Terugbelverzoeken \(\d+\)$/ })).toBeVisible();
  // A viewer has no forms, so find the card by its text.
  const seen = page.locator('li.callback', { hasText: NUMBER }).first();
  await expect(seen).toContainText(COMMENT);
  await expect(seen).toContainText('Welk cijfer geeft u het hele traject? 2 (1–10)');
  expect(await page.content()).not.toContain('12340000');
  await expect(mine).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Ik bel/ })).toHaveCount(0);
  await noAxeViolations(page);
});

test('planners claim, see who calls, log the call and close with a reason', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  await signedIn(context, baseURL as string, 'planner', 'Piet Planner');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/beheer/werklijst');
  const call = card(page, CALL);
  await expect(call).toContainText(COMMENT);
  await expect(call).toContainText(/wacht \d+ werkdag/);
  await expect(call).toContainText('Liefst na vijf uur');
  await expect(call.getByRole('link', { name: PHONE })).toHaveAttribute('href', 'tel:+31612340000');
  await expect(call).toContainText('Nog niemand');
  // Oldest first: the request of three days ago comes before the one of yesterday.
  const ids = await page
    .locator('li.callback form[action$="/ik-bel"]')
    .evaluateAll((forms) => forms.map((f) => f.getAttribute('action')));
  expect(ids.findIndex((a) => a?.includes(CALL))).toBeLessThan(ids.findIndex((a) => a?.includes(REASON)));

  await call
    .getByRole('button', { name: `Ik bel (${NUMBER})` })
    .first()
    .click();
  await expect(page.getByRole('status').first()).toContainText('U belt deze klant terug');
  await expect(card(page, CALL)).toContainText(/U, sinds/);
  await expect(card(page, CALL).getByRole('button', { name: /Vrijgeven/ })).toBeVisible();
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/terugbelverzoeken-1280.png', fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await noAxeViolations(page);
  await page.setViewportSize({ width: 320, height: 800 });
  await page.screenshot({ path: 'test-results/terugbelverzoeken-320.png', fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // A colleague sees who calls, and has no button for it.
  const colleague = await context.browser()?.newContext({ baseURL: baseURL as string });
  if (!colleague) throw new Error('no browser');
  const other = await colleague.newPage();
  await signedIn(colleague, baseURL as string, 'planner', 'Kim Collega');
  await other.goto('/beheer/werklijst');
  const seen = other.locator('li.callback', { hasText: 'Piet Planner belt deze klant' });
  await expect(seen).toHaveCount(1);
  await expect(seen.getByRole('button')).toHaveCount(0);
  await colleague.close();

  // Logging the call with the standard form closes the request.
  await card(page, CALL)
    .getByRole('link', { name: `Gesprek vastleggen en afsluiten (${NUMBER})` })
    .click();
  await expect(page).toHaveURL(new RegExp(`/beheer/aanvragen/${NUMBER}\\?soort=overig&terugbelverzoek=${CALL}#contactmoment$`));
  const form = page.locator('#contactmoment');
  await expect(form).toContainText('sluit het terugbelverzoek');
  await expect(form.getByLabel('Kanaal')).toHaveValue('telefoon');
  await form.getByLabel(/Gesproken met/).fill('Truus Terugbel (aanvrager)');
  await form.getByLabel('Onderwerp').fill('Terugbelverzoek na de enquête');
  await form.getByLabel(/Samenvatting voor de klant/).fill('Excuses gemaakt; de monteur komt dinsdag.');
  await form.getByRole('button', { name: 'Contactmoment vastleggen' }).click();
  await expect(page.getByRole('status')).toContainText('Het terugbelverzoek is afgesloten.');

  await page.goto('/beheer/werklijst');
  await expect(card(page, CALL)).toHaveCount(0);
  // Close the other one with a reason from the list.
  const reason = card(page, REASON);
  await reason.getByText(/Afsluiten zonder gesprek/).click();
  await reason.getByLabel('Klant niet bereikbaar').check();
  await reason.getByLabel(/Aantal pogingen/).fill('3');
  await reason.getByRole('button', { name: 'Afsluiten' }).click();
  await expect(page.getByRole('status').first()).toContainText('Het terugbelverzoek is afgesloten.');
  await expect(card(page, REASON)).toHaveCount(0);

  // The dashboard counts them: the definition of the time to call back is on the page.
  await page.goto('/beheer/dashboard');
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Terugbelverzoeken' }) });
  await expect(section).toContainText('Tijd tot terugbellen');
  await expect(section).toContainText('werkdagen na de dag van het verzoek');
  const closed = Number((await section.locator('dt:text("Afgesloten in de periode") + dd').textContent())?.replace(/\D/g, ''));
  expect(closed).toBeGreaterThanOrEqual(2);
  await noAxeViolations(page);
  await section.screenshot({ path: 'test-results/terugbelverzoeken-dashboard-1280.png' });
  await page.setViewportSize({ width: 375, height: 800 });
  await noAxeViolations(page);
  await page.setViewportSize({ width: 320, height: 800 });
  await section.screenshot({ path: 'test-results/terugbelverzoeken-dashboard-320.png' });
});
