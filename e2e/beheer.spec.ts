/**
 * The staff side in Chromium: signing in with the e-mail code and an authenticator app (TOTP),
 * logging a contact moment in the standard form, and the organisation admin's page; axe on each.
 */
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { type BrowserContext, expect, test } from '@playwright/test';
import { STAFF_COOKIE } from '../api/auth/staff-sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { staffCookie } from '../api/testing.ts';
import { addWorkingDays, dutchDate, workingDaysBetween } from '../domain/calendar.ts';
import type { StaffRole } from '../domain/staff.ts';
import { apiKey, e2eDatabaseFile, mailCodeStep, mailCount, noAxeViolations, rawBits, signIn } from './fixtures.ts';

/** A member of `organisation` with a session that passed both factors, as the unit tests make one. */
async function signedInAs(context: BrowserContext, baseURL: string, organisation: string, role: StaffRole) {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const { token } = await staffCookie(store, { organisation, role, name: `Test ${role}` });
    const url = new URL(baseURL);
    await context.addCookies([{ name: STAFF_COOKIE, value: token, domain: url.hostname, path: '/beheer', httpOnly: true }]);
  } finally {
    await store.close();
  }
}

test('a planner signs in with both factors and logs a contact moment the customer is mailed about', async ({ page }) => {
  // Sign-in, enrolment, a contact moment and a planning change, with axe on each page: long on a busy machine.
  test.slow();
  const { key } = await signIn(page, 'planner@brabant-oost.example');
  await expect(page.getByRole('img', { name: /QR-code/ })).toBeVisible();
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/beheer-tweede-stap.png', fullPage: true });
  await page.getByLabel(/Code uit de app/).fill('000000');
  await page.getByRole('button', { name: 'Koppelen en inloggen' }).click();
  await expect(page.getByRole('alert')).toContainText('Deze code klopt niet');
  // A mistyped code keeps the key: the app set up with it stays right.
  expect(decodeBase32IgnorePadding((await page.locator('[data-totp-secret]').textContent()) ?? '')).toEqual(key);
  await page.getByLabel(/Code uit de app/).fill(generateTOTP(key, 30, 6));
  await page.getByRole('button', { name: 'Koppelen en inloggen' }).click();

  // Linked: ten recovery codes, shown this once.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bewaar uw herstelcodes');
  await expect(page.getByRole('listitem')).toHaveCount(10);
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/beheer-herstelcodes.png', fullPage: true });
  await page.getByRole('link', { name: 'Verder naar Traject beheer' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aanvragen van Combi Brabant-Oost');
  await expect(page.getByText('Joris van Dijk · Combi Brabant-Oost · Planner')).toBeVisible();
  await noAxeViolations(page);
  const rows = page.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  const number = (await rows.first().locator('th a').textContent()) ?? '';
  await page.getByLabel('Zoek op aanvraagnummer, postcode of naam').fill(number);
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await page.getByRole('link', { name: number }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Aanvraag ${number}`);
  await noAxeViolations(page);
  const before = await mailCount();
  const form = page.locator('#contactmoment');
  await form.getByLabel('Soort contactmoment').selectOption('overig');
  await form.getByLabel('Kanaal').selectOption('telefoon');
  await form.getByLabel(/Gesproken met/).fill('De aanvrager');
  await form.getByLabel('Onderwerp').fill('Vraag over de meterkast');
  await form.getByLabel(/Samenvatting voor de klant/).fill('Uitgelegd welke meterkast nodig is; foto volgt per e-mail.');
  await form.getByRole('button', { name: 'Contactmoment vastleggen' }).click();
  await expect(page.getByRole('status')).toContainText('Het contactmoment is vastgelegd');
  await expect(page.getByRole('table', { name: /Contactmomenten/ })).toContainText('Uitgelegd welke meterkast nodig is');
  await expect(page.getByRole('table', { name: /Contactmomenten/ })).toContainText('Joris van Dijk');
  await page.screenshot({ path: 'test-results/beheer-aanvraag.png', fullPage: true });
  expect(await mailCount()).toBeGreaterThanOrEqual(before);

  // The planning's history says its values in words, never the stored 2027-W07 or "2027-02-15 dag".
  const planning = page.locator('#planning');
  await planning.getByLabel(/Voorlopige week/).fill('2030-W07');
  await planning.getByLabel(/Reden/).fill('Afgesproken in het plangesprek');
  await planning.getByRole('button', { name: 'Planning opslaan' }).click();
  await expect(page.getByRole('status')).toContainText('De planning is opgeslagen');
  const history = page.getByRole('table', { name: 'Wijzigingen van de planning' });
  await expect(history).toContainText('de week van maandag 11 februari 2030 tot en met vrijdag 15 februari 2030');
  await expect(history).not.toContainText(/\d{4}-W\d\d|\d{4}-\d\d-\d\d/);
  await expect(page.locator('dl.facts')).toContainText(/week 7: de week van maandag 11 februari 2030/);
  expect(await rawBits(page)).toEqual([]);
  await noAxeViolations(page);

  // Signed out, the pages are closed again.
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  await expect(page).toHaveURL(/\/beheer\/inloggen\?uitgelogd=1$/);
  await page.goto(`/beheer/aanvragen/${number}`);
  await expect(page).toHaveURL(/\/beheer\/inloggen$/);
});

test('an organisation admin adds a colleague and makes an API key that is shown once', async ({ page }) => {
  const { key } = await signIn(page, 'beheer@brabant-oost.example');
  await page.getByLabel(/Code uit de app/).fill(generateTOTP(key, 30, 6));
  await page.getByRole('button', { name: 'Koppelen en inloggen' }).click();
  await page.getByRole('link', { name: 'Verder naar Traject beheer' }).click();
  await page.getByRole('link', { name: 'Organisatie' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Combi Brabant-Oost');
  await noAxeViolations(page);

  const add = page.locator('form', { has: page.getByRole('group', { name: 'Medewerker toevoegen' }) });
  await add.getByLabel('Naam').fill('Mila Jansen');
  await add.getByLabel('E-mailadres').fill('mila@brabant-oost.example');
  await add.getByLabel('Rol').selectOption('planner');
  await add.getByRole('button', { name: 'Toevoegen' }).click();
  await expect(page.getByRole('status')).toContainText('De medewerker is toegevoegd');
  await expect(page.getByRole('table', { name: /Medewerkers/ })).toContainText('mila@brabant-oost.example');

  const keys = page.locator('form', { has: page.getByRole('group', { name: 'Nieuwe API-sleutel' }) });
  await keys.getByLabel(/Naam/).fill('Planningssysteem test');
  await keys.getByRole('button', { name: 'Sleutel maken' }).click();
  const shown = (await page.locator('code').textContent()) ?? '';
  expect(shown).toMatch(/^trj_[a-z2-7]{40}$/);
  await page.getByRole('link', { name: 'Terug naar de organisatie' }).click();
  await expect(page.getByRole('table', { name: /API-sleutels/ })).toContainText('Planningssysteem test');
  expect(await page.content()).not.toContain(shown);
  await page.screenshot({ path: 'test-results/beheer-organisatie.png', fullPage: true });
});

test('a member who lost the app signs in with a recovery code and links a new app', async ({ page }) => {
  const email = 'kijker@brabant-oost.example';
  const { key } = await signIn(page, email);
  await page.getByLabel(/Code uit de app/).fill(generateTOTP(key, 30, 6));
  await page.getByRole('button', { name: 'Koppelen en inloggen' }).click();
  const codes = await page.getByRole('listitem').allTextContents();
  expect(codes).toHaveLength(10);
  await page.getByRole('link', { name: 'Verder naar Traject beheer' }).click();
  await page.getByRole('button', { name: 'Uitloggen' }).click();

  // Next time, without the phone: the mail code, then a recovery code instead of the app's code.
  await mailCodeStep(page, email);
  await page.getByText('App kwijt of nieuwe telefoon?').click();
  await noAxeViolations(page);
  await page.getByLabel(/Herstelcode/).fill(codes[0] ?? '');
  await page.getByRole('button', { name: 'Inloggen met herstelcode' }).click();

  // The old app no longer counts: the page offers a new key to link, and says why.
  await expect(page.getByRole('status')).toContainText('Uw herstelcode is gebruikt');
  const secret = (await page.locator('[data-totp-secret]').textContent()) ?? '';
  expect(decodeBase32IgnorePadding(secret)).not.toEqual(key);
  await page.screenshot({ path: 'test-results/beheer-herstelcode-gebruikt.png', fullPage: true });
  await page.getByLabel(/Code uit de app/).fill(generateTOTP(decodeBase32IgnorePadding(secret), 30, 6));
  await page.getByRole('button', { name: 'Koppelen en inloggen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bewaar uw herstelcodes');
  expect(await page.getByRole('listitem').allTextContents()).not.toContain(codes[1]);
});

/** Netbeheer Zuid's message that Sanne de Vries submitted `number` at `at`: one opdracht elektra in Brabant-Oost. */
const submitted = (number: string, at: Date, phone?: string) => ({
  id: `${number}-submitted`,
  requestNumber: number,
  occurredAt: at.toISOString(),
  type: 'request_submitted',
  kind: 'nieuwe_aansluiting',
  combi: 'brabant-oost',
  applicant: { name: 'Sanne de Vries', email: `klant-${number.toLowerCase()}@example.com`, ...(phone && { phone }) },
  address: { street: 'Molenweg', houseNumber: '14', postcode: '5611 AB', city: 'Eindhoven' },
  workOrders: [{ id: `${number}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
});

test("the grid operator's staff see that an aanvraag has passed the legal outer term", async ({ page, request }) => {
  const number = `MA-E2E-TERMB-${Date.now().toString(36).toUpperCase()}`;
  // Submitted 130 days ago (over 18 weeks), wished for a date before the term: the term has passed.
  const res = await request.post('/api/v1/berichten', {
    headers: { authorization: `Bearer ${apiKey('netbeheer-zuid')}` },
    data: {
      berichten: [submitted(number, new Date(Date.now() - 130 * 86_400_000))],
    },
  });
  expect(res.status()).toBe(201);
  const { key } = await signIn(page, 'beheer@netbeheer-zuid.example');
  await page.getByLabel(/Code uit de app/).fill(generateTOTP(key, 30, 6));
  await page.getByRole('button', { name: 'Koppelen en inloggen' }).click();
  await page.getByRole('link', { name: 'Verder naar Traject beheer' }).click();
  await page.goto(`/beheer/aanvragen/${number}`);
  // The step the customer sees as late is marked late here too, with its working days.
  await expect(page.locator('.next-step')).toContainText(/\d+ werkdag(en)? te laat/);
  const notice = page.locator('.legal-overrun');
  await expect(notice.getByRole('heading')).toHaveText('Wettelijke termijn overschreden');
  await expect(notice).toContainText('De termijn is voorbij en de aansluiting is niet opgeleverd.');
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/screens/beheer-wettelijke-termijn-1280.png', fullPage: true });
});

test('the aanvraag page says it in words: steps, parties and days, how many working days late, and whom to call', async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.setTimeout(90_000);
  const number = `MA-E2E-LEES-${Date.now().toString(36).toUpperCase()}`;
  // Submitted 30 days ago, no intake logged: the intake (10 working days) is overdue.
  const submittedAt = new Date(Date.now() - 30 * 86_400_000);
  const res = await request.post('/api/v1/berichten', {
    headers: { authorization: `Bearer ${apiKey('netbeheer-zuid')}` },
    data: {
      berichten: [
        submitted(number, submittedAt, '06 12345678'),
        {
          id: `${number}-contact`,
          requestNumber: number,
          occurredAt: new Date(submittedAt.getTime() + 86_400_000).toISOString(),
          type: 'contact_logged',
          contactMoment: 'overig',
          channel: 'op_locatie',
          staffName: 'Eva Netbeheer',
          spokeWith: 'De aanvrager',
          subject: 'Meterkast bekeken',
          summary: 'Samen de meterkast bekeken.',
        },
      ],
    },
  });
  expect(res.status()).toBe(201);
  // The intake's due day and the working days since, by the calendar's rules (hand-checked in domain/dashboard-metrics.test.ts).
  const due = addWorkingDays(dutchDate(submittedAt), 10);
  const late = workingDaysBetween(due, dutchDate(new Date()));
  const lateText = `${late} ${late === 1 ? 'werkdag' : 'werkdagen'} te laat`;

  await signedInAs(context, baseURL as string, 'combi-brabant-oost', 'planner');
  await page.goto(`/beheer/aanvragen/${number}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Aanvraag ${number}`);
  const steps = page.getByRole('table', { name: 'Open stappen en hun uiterste datum' });
  const intake = steps.getByRole('row', { name: /^Intake \(KCM B\)/ });
  await expect(intake).toContainText('KCM B · Intake door de netbeheerder');
  await expect(intake).toContainText('Netbeheer Zuid');
  await expect(intake).toContainText(lateText);
  await expect(page.locator('.next-step')).toContainText(lateText);
  // The planner calls: the customer's name and number beside the overdue step.
  await expect(intake.getByRole('link', { name: '06 12345678' })).toHaveAttribute('href', 'tel:0612345678');
  await expect(intake).toContainText('Bel Sanne de Vries');
  await expect(page.getByRole('table', { name: 'Opdrachten per discipline' })).toContainText('Elektriciteit');
  await expect(page.getByRole('table', { name: /Contactmomenten/ })).toContainText('Op locatie');
  expect(await rawBits(page)).toEqual([]);
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/screens/beheer-aanvraag-leesbaar-1280.png', fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/screens/beheer-aanvraag-leesbaar-375.png', fullPage: true });

  // The list of aanvragen reads in words too.
  await page.goto('/beheer');
  expect(await rawBits(page)).toEqual([]);

  // A viewer reads the same, without the customer's phone number.
  await context.clearCookies();
  await signedInAs(context, baseURL as string, 'combi-brabant-oost', 'viewer');
  await page.goto(`/beheer/aanvragen/${number}`);
  await expect(page.getByRole('row', { name: /^Intake \(KCM B\)/ })).toContainText(lateText);
  await expect(page.getByText('06 12345678')).toHaveCount(0);
  await expect(page.getByText('Bel Sanne de Vries')).toHaveCount(0);
  await noAxeViolations(page);
});
