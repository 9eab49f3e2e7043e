import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { isoWeekOf } from '../domain/calendar.ts';
import { apiKey, mailCount, mailTo } from './fixtures.ts';

const DAY = 86_400_000;
const at = (daysFromNow: number) => new Date(Date.now() + daysFromNow * DAY).toISOString();
const date = (daysFromNow: number) => at(daysFromNow).slice(0, 10);

async function send(request: APIRequestContext, organisation: string, berichten: Record<string, unknown>[]) {
  const res = await request.post('/api/v1/berichten', {
    headers: { authorization: `Bearer ${apiKey(organisation)}` },
    data: { berichten },
  });
  expect(res.status(), JSON.stringify(await res.json())).toBe(201);
}

async function expectAccessible(page: Page, name: string) {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations, `${name}: ${axe.violations.map((v) => v.id).join(', ')}`).toEqual([]);
  await page.screenshot({ path: `test-results/volg-${name}.png`, fullPage: true });
}

function newRequest(suffix: string) {
  const number = `MA-E2E-${suffix}-${Date.now().toString(36).toUpperCase()}`;
  const email = `klant-${number.toLowerCase()}@example.com`;
  const m = (id: string, daysFromNow: number, body: Record<string, unknown>) => ({
    id: `${number}-${id}`,
    requestNumber: number,
    occurredAt: at(daysFromNow),
    ...body,
  });
  const submitted = m('submitted', -3, {
    type: 'request_submitted',
    kind: 'nieuwe_aansluiting',
    combi: 'brabant-oost',
    applicant: { name: 'Sanne de Vries', email },
    address: { street: 'Molenweg', houseNumber: '12', postcode: '5611 AB', city: 'Eindhoven' },
    wishDate: date(60),
    workOrders: [
      { id: `${number}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' },
      { id: `${number}-W`, discipline: 'water', gridOperator: 'waterbedrijf-peel' },
    ],
  });
  const contact = (id: string, daysFromNow: number, code: string, subject: string) =>
    m(id, daysFromNow, {
      type: 'contact_logged',
      contactMoment: code,
      channel: 'telefoon',
      staffName: 'Petra',
      spokeWith: 'Sanne de Vries',
      subject,
      summary: `${subject}: besproken.`,
    });
  return { number, email, m, submitted, contact };
}

async function signInWithCode(page: Page, number: string, email: string) {
  const before = await mailCount();
  await page.goto('/volg');
  await page.getByLabel('Aanvraagnummer').fill(number);
  await page.getByLabel('Postcode').fill('5611 ab');
  await page.getByLabel('Huisnummer').fill('12');
  await page.getByRole('button', { name: 'Stuur mij een inlogcode' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vul uw inlogcode in');
  const mail = await mailTo(email, 'Uw inlogcode', before);
  await page.getByLabel('Inlogcode').fill(mail.subject.split(': ')[1] ?? '');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Aanvraag ${number}`);
}

/** Signs in by e-mail address with the mailed code; where it lands depends on the aanvragen. */
async function signInByEmail(page: Page, email: string) {
  const before = await mailCount();
  await page.goto('/volg');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByRole('button', { name: 'Stuur mij een inlogcode' }).last().click();
  const mail = await mailTo(email, 'Uw inlogcode', before);
  await page.getByLabel('Inlogcode').fill(mail.subject.split(': ')[1] ?? '');
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

test('a customer signs in with the mailed code and follows the aanvraag through its states', async ({ page, request }) => {
  const r = newRequest('FLOW');
  await send(request, 'netbeheer-zuid', [r.submitted]);
  await signInWithCode(page, r.number, r.email);
  const nextStep = page.locator('.next-step');
  await expect(nextStep).toContainText('Netbeheer Zuid belt u uiterlijk');
  await expect(page.locator('.phase-bar [aria-current="step"]')).toContainText('Bestellen');
  await expectAccessible(page, '1-ingediend');

  await send(request, 'netbeheer-zuid', [
    r.contact('b1', -2, 'B', 'Intake'),
    r.m('h1', -2, { type: 'handed_to_combi', workOrderIds: [`${r.number}-E`], contractor: 'van-der-berg-infra' }),
  ]);
  await send(request, 'waterbedrijf-peel', [
    r.contact('b2', -2, 'B', 'Intake water'),
    r.m('h2', -2, { type: 'handed_to_combi', workOrderIds: [`${r.number}-W`], contractor: 'van-der-berg-infra' }),
  ]);
  await page.reload();
  await expect(nextStep).toContainText('Van der Berg Infra belt u uiterlijk');
  await expect(page.getByRole('heading', { name: 'Uw contactpersoon' })).toBeVisible();
  await expect(page.getByText('Van der Berg Infra (aannemer)')).toBeVisible();
  await expectAccessible(page, '2-bij-de-aannemer');

  await send(request, 'van-der-berg-infra', [
    r.contact('k1', -1, '1', 'Kennismaking en planning'),
    r.m('p1', -1, {
      type: 'planning_changed',
      provisionalWeek: isoWeekOf(date(50)),
      reason: 'voorlopige week afgesproken in het plangesprek',
    }),
    r.m('s1', -1, { type: 'stagnation_reported', cause: 'klant', reason: 'wij wachten op de tekening van de meterkast' }),
  ]);
  await page.reload();
  await expect(page.locator('.phase-bar [aria-current="step"]')).toContainText('Voorbereiden');
  await expect(page.locator('dt', { hasText: 'Voorlopige uitvoerweek' })).toBeVisible();
  // A week as its dates, in plain words: not "week 3 (2027)", not "indicatief".
  const week = page.locator('dt:has-text("Voorlopige uitvoerweek") + dd');
  await expect(week).toContainText(/^maandag \d+ \w+( \d{4})? tot en met vrijdag \d+ \w+( \d{4})? nog niet vast$/);
  await expect(page.getByRole('heading', { name: 'Uw aanvraag staat stil' })).toBeVisible();
  await expect(nextStep).toContainText('Uw aanvraag wacht op u: wij wachten op de tekening van de meterkast.');
  await expect(page.getByRole('heading', { name: 'Wat moet u doen?' })).toBeVisible();
  await expectAccessible(page, '3-voorbereiden-stagnatie');

  await send(request, 'van-der-berg-infra', [
    r.m('s2', 0, { type: 'stagnation_lifted' }),
    r.contact('k2', 0, '2', 'Definitieve startdatum'),
    r.m('p2', 0, {
      type: 'planning_changed',
      confirmedStart: { date: date(21), part: 'ochtend' },
      reason: 'startdatum afgesproken',
    }),
    r.m('i1', 0, { type: 'inspection_planned', date: date(14), part: 'middag' }),
  ]);
  await page.reload();
  await expect(page.locator('.phase-bar [aria-current="step"]')).toContainText('Leveren');
  await expect(page.getByText('Uw aanvraag staat stil')).toHaveCount(0);
  await expect(nextStep).toContainText('Van der Berg Infra komt op');
  await expect(nextStep.locator('.label.firm')).toHaveText('vast');
  // The firm date supersedes the provisional week, which is no longer shown as if it held.
  await expect(page.locator('dt', { hasText: 'Startdatum' })).toBeVisible();
  await expect(page.locator('dt', { hasText: 'Voorlopige uitvoerweek' })).toHaveCount(0);
  // The planning's history in sentences, never the stored values (2027-W03, 2027-02-01 ochtend).
  await page.locator('summary', { hasText: 'Wijzigingen in de planning' }).click();
  const changes = page.locator('details table tbody');
  await expect(changes).toContainText('Startdatum afgesproken: ');
  await expect(changes).toContainText('Voorlopige uitvoerweek afgesproken: de week van maandag ');
  await expect(changes).not.toContainText(/\d{4}-W\d\d|\d{4}-\d\d-\d\d/);
  await expectAccessible(page, '4-leveren');

  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Request ${r.number}`);
  await expect(page.locator('.next-step')).toContainText('Van der Berg Infra will visit on');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectAccessible(page, '4-leveren-english');
  await page.getByRole('link', { name: 'Nederlands' }).click();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Zet in uw agenda (startdatum)' }).click();
  const ics = readFileSync((await (await download).path()) as string, 'utf8');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).toContain(`DTSTART:${date(21).replaceAll('-', '')}T0`);

  await send(request, 'van-der-berg-infra', [
    r.m('tg1', 0.001, { type: 'work_order_completed', workOrderId: `${r.number}-E` }),
    r.m('tg2', 0.002, { type: 'work_order_completed', workOrderId: `${r.number}-W` }),
  ]);
  await page.reload();
  await expect(page.locator('.phase-bar li').last()).toContainText('klaar');
  await expect(nextStep).toContainText('bevestigt uiterlijk');
  await expectAccessible(page, '5-opgeleverd');

  // Every change was confirmed by mail, with the standard form for contact moments.
  const contactMail = await mailTo(r.email, 'Bevestiging van ons contact');
  expect(contactMail.text).toContain('Medewerker: Petra (Van der Berg Infra)');
  await mailTo(r.email, 'De planning van aanvraag');
  await mailTo(r.email, 'Uw aansluiting is opgeleverd');

  // Changing the number in the address shows nothing of another customer's aanvraag.
  const other = await page.goto('/volg/MA-2026-0000001');
  expect(other?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aanvraag niet gevonden');
  await expectAccessible(page, '6-niet-gevonden');
});

test('a cancelled aanvraag shows its cancellation and nothing that suggests progress', async ({ page, request }) => {
  const r = newRequest('CANCEL');
  await send(request, 'netbeheer-zuid', [
    r.submitted,
    r.m('cancel', -1, { type: 'request_cancelled', reason: 'u heeft de aanvraag ingetrokken' }),
  ]);
  await signInWithCode(page, r.number, r.email);
  await expect(page.getByText(/Deze aanvraag is geannuleerd op .*: u heeft de aanvraag ingetrokken\./)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Volgende stap' })).toHaveCount(0);
  await expect(page.locator('.phase-bar')).toHaveCount(0);
  await expect(page.locator('[aria-current="step"]')).toHaveCount(0);
  await expect(page.getByText('nog niet gepland', { exact: false })).toHaveCount(0);
  await expectAccessible(page, '7-geannuleerd');
});

test('the page works without JavaScript, signed in by e-mail address', async ({ browser, request }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const r = newRequest('NOJS');
  await send(request, 'netbeheer-zuid', [r.submitted]);
  await signInByEmail(page, r.email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Aanvraag ${r.number}`);
  await page.getByLabel('Alleen wijzigingen in de planning').check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Uw keuze is opgeslagen.')).toBeVisible();
  await expect(page.getByLabel('Alleen wijzigingen in de planning')).toBeChecked();

  // Someone else's aanvraag looks like one that does not exist.
  const other = await page.goto('/volg/MA-2026-0000001');
  expect(other?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aanvraag niet gevonden');
  await page.screenshot({ path: 'test-results/volg-zonder-javascript.png', fullPage: true });
  await context.close();
});

test('a customer with two aanvragen lands on the list of both and opens one', async ({ page, request }) => {
  const first = newRequest('LIST1');
  const second = newRequest('LIST2');
  const applicant = { name: 'Sanne de Vries', email: first.email };
  await send(request, 'netbeheer-zuid', [first.submitted, { ...second.submitted, applicant }]);
  await signInByEmail(page, first.email);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uw aanvragen');
  const rows = page.getByRole('row');
  for (const number of [first.number, second.number]) {
    await expect(rows.filter({ hasText: number })).toContainText('Molenweg 12, Eindhoven');
  }
  await expectAccessible(page, 'aanvragen');
  await page.getByRole('link', { name: second.number }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Aanvraag ${second.number}`);
});

test('the sign-in pages are accessible and say the same for unknown details', async ({ page }) => {
  await page.goto('/volg');
  await expectAccessible(page, 'inloggen');
  await page.getByLabel('Aanvraagnummer').fill('MA-2099-9999999');
  await page.getByLabel('Postcode').fill('1234 AB');
  await page.getByLabel('Huisnummer').fill('1');
  await page.getByRole('button', { name: 'Stuur mij een inlogcode' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vul uw inlogcode in');
  await page.getByLabel('Inlogcode').fill('12345678');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('alert')).toContainText('Deze code klopt niet of is verlopen');
  await expectAccessible(page, 'code-onjuist');
});

test('a customer subscribes their calendar once: it follows a move, and stops when they stop it', async ({ page, request }) => {
  const r = newRequest('AGENDA');
  const planned = (id: string, daysFromNow: number, start: string) =>
    r.m(id, daysFromNow, { type: 'planning_changed', confirmedStart: { date: start, part: 'ochtend' }, reason: 'afgesproken' });
  await send(request, 'netbeheer-zuid', [
    r.submitted,
    r.m('combi', -2, { type: 'handed_to_combi', workOrderIds: [`${r.number}-E`], contractor: 'van-der-berg-infra' }),
  ]);
  await send(request, 'van-der-berg-infra', [planned('start', -1, date(40))]);
  await signInWithCode(page, r.number, r.email);

  const feed = page.locator('#agenda');
  await feed.getByRole('button', { name: 'Maak een agenda-abonnement' }).click();
  await expect(page.getByText('Uw keuze is opgeslagen.')).toBeVisible();
  const subscribe = feed.getByRole('link', { name: 'Abonneer in uw agenda' });
  await expect(subscribe).toHaveAttribute('href', /^webcal:\/\/[^/]+\/volg\/agenda\/[a-z2-7]{24}\.[a-z2-7]{40}\.ics$/);
  const address = (await feed.locator('.feed-url').textContent()) ?? '';
  expect(address).toMatch(/^http:\/\/.+\/volg\/agenda\/.+\.ics$/);
  await expectAccessible(page, '8-agenda-abonnement');
  // On a phone the block itself (the page's per-connection table has its own, known finding at 320 px).
  await page.setViewportSize({ width: 320, height: 900 });
  const narrow = await new AxeBuilder({ page })
    .include('#agenda')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(narrow.violations.map((v) => v.id)).toEqual([]);
  await page.locator('#agenda').screenshot({ path: 'test-results/volg-8-agenda-abonnement-320.png' });

  // A calendar app reads it without a cookie; a move keeps the event and raises its SEQUENCE.
  const read = async () => {
    const res = await request.get(address);
    return { status: res.status(), text: await res.text() };
  };
  const first = await read();
  expect(first.status).toBe(200);
  expect(first.text).toContain(`UID:${r.number}-startdatum@traject`);
  expect(first.text).toMatch(/SEQUENCE:0\r\n/);
  await send(request, 'van-der-berg-infra', [planned('moved', 0, date(47))]);
  const moved = await read();
  expect(moved.text).toContain(`UID:${r.number}-startdatum@traject`);
  expect(moved.text).toMatch(/SEQUENCE:1\r\n/);

  // The English page offers the same subscription, in English.
  await page.goto(`/en/volg/${r.number}`);
  await expect(page.locator('#agenda').getByRole('link', { name: 'Subscribe in your calendar' })).toHaveAttribute(
    'href',
    /^webcal:\/\/[^/]+\/en\/volg\/agenda\/.+\.ics$/,
  );
  await page.locator('#agenda').getByRole('button', { name: 'Stop the calendar subscription' }).click();
  await expect(page).toHaveURL(new RegExp(`/en/volg/${r.number}\\?opgeslagen=agenda#agenda$`));
  await expect(page.locator('#agenda').getByRole('button', { name: 'Create a calendar subscription' })).toBeVisible();
  expect((await read()).status).toBe(410);
});
