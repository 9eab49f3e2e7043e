import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { isoWeekOf } from '../domain/calendar.ts';
import { apiKey, mailCount, mailTo, noAxeViolations } from './fixtures.ts';

// The long stories (sign in, several states, two widths, two languages, axe on each) need more than 30 s.
test.describe.configure({ timeout: 120_000 });

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
  await bothLanguages(
    page,
    r.number,
    'geannuleerd',
    async () => {
      await expect(page.locator('.phase-bar, .next-step, .legal-overrun')).toHaveCount(0);
      // Not even a phase per connection: a cancelled one is in none.
      await expect(page.locator('.connections dt', { hasText: 'Fase' })).toHaveCount(0);
      await expect(page.locator('.connections')).toContainText('Geannuleerd');
    },
    async () => {
      await expect(page.getByText(/This request was cancelled on .*: u heeft de aanvraag ingetrokken\./)).toBeVisible();
      await expect(page.locator('.phase-bar, .next-step, .legal-overrun')).toHaveCount(0);
      await expect(page.getByText('Not planned yet', { exact: false })).toHaveCount(0);
    },
  );
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

/** A state as the customer sees it, at a desktop's and a small phone's width: axe, and a screenshot to look at. */
async function lookAt(page: Page, name: string, check: () => Promise<void>) {
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    await check();
    // Nothing sideways on a phone: no scroll area hides who does the work.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await noAxeViolations(page);
    await page.screenshot({ path: `test-results/screens/${name}-${width}.png`, fullPage: true });
  }
}

async function bothLanguages(page: Page, number: string, name: string, nl: () => Promise<void>, en: () => Promise<void>) {
  await page.goto(`/volg/${number}`);
  await lookAt(page, `${name}-nl`, nl);
  await page.goto(`/en/volg/${number}`);
  await lookAt(page, `${name}-en`, en);
}

test('an overdue step says it is late, by how many working days, who is late and whom to call', async ({ page, request }) => {
  const r = newRequest('LATE');
  // Submitted 30 days ago, no intake since: the grid operator's call (10 working days) is late.
  await send(request, 'netbeheer-zuid', [{ ...r.submitted, occurredAt: at(-30) }]);
  await signInWithCode(page, r.number, r.email);
  const step = page.locator('.next-step');
  await bothLanguages(
    page,
    r.number,
    'te-laat',
    async () => {
      await expect(step.getByRole('heading')).toHaveText('Volgende stap: later dan afgesproken');
      await expect(step).toContainText(/Netbeheer Zuid zou u uiterlijk \w+ \d+ \w+ \d{4} bellen om uw aanvraag door te nemen\./);
      await expect(step).toContainText(/Netbeheer Zuid is \d+ werkdagen te laat\./);
      await expect(step.getByRole('link', { name: '088 123 45 00' })).toHaveAttribute('href', 'tel:0881234500');
      // No promise in the future tense for a date gone by.
      await expect(step).not.toContainText('belt u uiterlijk');
    },
    async () => {
      await expect(step.getByRole('heading')).toHaveText('Next step: later than agreed');
      await expect(step).toContainText(/Netbeheer Zuid was to call you by \w+, \d+ \w+ \d{4} to go through your request\./);
      await expect(step).toContainText(/Netbeheer Zuid is \d+ working days late\./);
      await expect(step.getByRole('link', { name: '088 123 45 00' })).toBeVisible();
    },
  );
});

test('the legal outer term: passed without delivery is said at the top; a later wish date of the customer is not an overrun', async ({
  page,
  request,
}) => {
  const r = newRequest('TERM');
  const wished = newRequest('TERMWISH');
  // 130 days ago, more than 18 weeks: the term has passed; the first customer wished for a date before it.
  await send(request, 'netbeheer-zuid', [
    { ...r.submitted, occurredAt: at(-130), wishDate: date(-100) },
    { ...wished.submitted, occurredAt: at(-130) },
  ]);
  await signInWithCode(page, r.number, r.email);
  const block = page.locator('.legal-overrun');
  await bothLanguages(
    page,
    r.number,
    'wettelijke-termijn',
    async () => {
      await expect(block.getByRole('heading', { level: 2 })).toHaveText('Later dan de wettelijke termijn');
      await expect(block).toContainText(
        /De wettelijke uiterste termijn voor uw elektriciteitsaansluiting was \w+ \d+ \w+ \d{4} \(18 weken na uw aanvraag\)\. Die datum is voorbij, en uw aansluiting is nog niet opgeleverd\./,
      );
      await expect(block).toContainText('Netbeheer Zuid is als netbeheerder verantwoordelijk voor deze termijn.');
      await expect(block.getByRole('link', { name: '088 123 45 00' })).toBeVisible();
      await expect(block).toContainText('U hoeft niet in te stemmen met een latere datum.');
    },
    async () => {
      await expect(block.getByRole('heading', { level: 2 })).toHaveText('Later than the legal term');
      await expect(block).toContainText('That date has passed, and your connection has not been completed.');
      await expect(block).toContainText('You do not have to agree to a later date.');
    },
  );
  // The same term, but the customer asked for a date 60 days ahead: no overrun.
  await page.context().clearCookies();
  await signInWithCode(page, wished.number, wished.email);
  await expect(page.locator('.legal-overrun')).toHaveCount(0);
});

test('after a rejected quote the next step says who acts and by when; the timeline says the customer did it', async ({
  page,
  request,
}) => {
  const r = newRequest('REJECT');
  await send(request, 'netbeheer-zuid', [
    r.submitted,
    r.contact('b1', -2, 'B', 'Intake'),
    r.m('qs', -2, { type: 'quickscan_done', workOrderId: `${r.number}-E`, quoteRequired: true }),
    r.m('qsent', -2, { type: 'quote_sent', workOrderId: `${r.number}-E`, validUntil: date(60) }),
    r.m('qrej', -1, { type: 'quote_rejected', workOrderId: `${r.number}-E`, reason: 'te duur' }),
  ]);
  await send(request, 'waterbedrijf-peel', [
    r.m('wcancel', -1, { type: 'work_order_cancelled', workOrderId: `${r.number}-W`, reason: 'niet nodig' }),
  ]);
  await signInWithCode(page, r.number, r.email);
  const step = page.locator('.next-step');
  await bothLanguages(
    page,
    r.number,
    'offerte-afgewezen',
    async () => {
      await expect(step).toContainText(/Netbeheer Zuid neemt uiterlijk \w+ \d+ \w+ contact met u op over de afgewezen offerte/);
      await expect(step).not.toContainText('geen stap gepland');
      // No work is coming while the quote is off: no expected window, no "not planned yet".
      await expect(page.getByText('Verwachting:')).toHaveCount(0);
      await expect(page.getByText('Nog niet gepland', { exact: false })).toHaveCount(0);
      await expect(page.locator('.timeline')).toContainText('U heeft de offerte afgewezen (elektriciteit)');
      await expect(page.locator('.timeline')).not.toContainText('afgewezen (elektriciteit) · Netbeheer Zuid');
    },
    async () => {
      await expect(step).toContainText(/Netbeheer Zuid will contact you by \w+ \d+ \w+ about the quote you rejected/);
      await expect(page.locator('.timeline')).toContainText('You rejected the quote (electricity)');
    },
  );
});

test('two contractors are each named for their own discipline; a lifted stagnation shows its note; phones see every party', async ({
  page,
  request,
}) => {
  const r = newRequest('TWO');
  await send(request, 'netbeheer-zuid', [
    r.submitted,
    r.contact('b1', -2, 'B', 'Intake'),
    r.m('h1', -2, { type: 'handed_to_combi', workOrderIds: [`${r.number}-E`], contractor: 'van-der-berg-infra' }),
  ]);
  await send(request, 'waterbedrijf-peel', [
    r.contact('b2', -2, 'B', 'Intake water'),
    r.m('h2', -2, { type: 'handed_to_combi', workOrderIds: [`${r.number}-W`], contractor: 'kempen-kabel' }),
  ]);
  await send(request, 'van-der-berg-infra', [
    r.m('s1', -1, { type: 'stagnation_reported', cause: 'derde', reason: 'de vergunning van de gemeente' }),
    r.m('s2', 0, { type: 'stagnation_lifted', note: 'de vergunning is verleend' }),
  ]);
  await signInWithCode(page, r.number, r.email);
  const step = page.locator('.next-step');
  await bothLanguages(
    page,
    r.number,
    'twee-aannemers',
    async () => {
      await expect(step.getByRole('listitem')).toHaveText([
        /^Elektriciteit: Van der Berg Infra belt u uiterlijk .*$/,
        /^Water: Kempen Kabel & Leiding belt u uiterlijk .*$/,
      ]);
      await expect(page.locator('.timeline')).toContainText('Aanvraag loopt weer: de vergunning is verleend');
      // Every party of every connection within the screen, and the phase bar no taller than a few lines.
      for (const name of ['Netbeheer Zuid', 'Van der Berg Infra', 'Waterbedrijf De Peel', 'Kempen Kabel & Leiding']) {
        const box = await page.locator('.connections dd', { hasText: name }).boundingBox();
        expect(box && box.x + box.width).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
      }
      expect((await page.locator('.phase-bar').boundingBox())?.height).toBeLessThan(200);
    },
    async () => {
      await expect(step.getByRole('listitem')).toHaveText([
        /^Electricity: Van der Berg Infra will call you by .*$/,
        /^Water: Kempen Kabel & Leiding will call you by .*$/,
      ]);
      await expect(page.locator('.timeline')).toContainText('Request moving again: de vergunning is verleend');
    },
  );
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(`/volg/${r.number}`);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await expectAccessible(page, 'twee-aannemers-375');
});

test('a delivered aanvraag shows the delivery and what follows, not a next step with a provisional week', async ({
  page,
  request,
}) => {
  const r = newRequest('DONE');
  await send(request, 'netbeheer-zuid', [
    r.submitted,
    r.contact('b1', -2, 'B', 'Intake'),
    r.m('h1', -2, { type: 'handed_to_combi', workOrderIds: [`${r.number}-E`], contractor: 'van-der-berg-infra' }),
  ]);
  await send(request, 'waterbedrijf-peel', [
    r.m('h2', -2, { type: 'handed_to_combi', workOrderIds: [`${r.number}-W`], contractor: 'van-der-berg-infra' }),
  ]);
  await send(request, 'van-der-berg-infra', [
    r.contact('k1', -1, '1', 'Kennismaking en planning'),
    r.m('p1', -1, { type: 'planning_changed', provisionalWeek: isoWeekOf(date(50)), reason: 'voorlopige week afgesproken' }),
    r.m('tg1', 0, { type: 'work_order_completed', workOrderId: `${r.number}-E` }),
    r.m('tg2', 0, { type: 'work_order_completed', workOrderId: `${r.number}-W` }),
  ]);
  await signInWithCode(page, r.number, r.email);
  const block = page.locator('.next-step');
  await bothLanguages(
    page,
    r.number,
    'opgeleverd',
    async () => {
      await expect(block.getByRole('heading', { level: 2 })).toHaveText('Uw aansluiting is opgeleverd');
      await expect(block.getByRole('listitem').first()).toContainText('Netbeheer Zuid bevestigt uiterlijk');
      await expect(block).toContainText('korte vragenlijst');
      await expect(page.getByRole('heading', { name: 'Volgende stap' })).toHaveCount(0);
      await expect(page.locator('dt', { hasText: 'Voorlopige uitvoerweek' })).toHaveCount(0);
      await expect(page.locator('dt', { hasText: 'Opgeleverd' })).toBeVisible();
    },
    async () => {
      await expect(block.getByRole('heading', { level: 2 })).toHaveText('Your connection is complete');
      await expect(page.locator('dt', { hasText: 'Provisional week' })).toHaveCount(0);
    },
  );
});

/**
 * Thirty comparable aanvragen (Peelland, a change without groundwork) whose work started 8 to 14
 * days after their submission: the window of a new one runs from 8 to 14 days after its own.
 */
async function comparablesInPeelland(request: APIRequestContext) {
  const stamp = Date.now().toString(36).toUpperCase();
  const operator: Record<string, unknown>[] = [];
  const contractor: Record<string, unknown>[] = [];
  for (let i = 0; i < 30; i++) {
    const number = `MA-E2E-VGL${i}-${stamp}`;
    const wo = `${number}-E`;
    const m = (id: string, daysFromNow: number, body: Record<string, unknown>) => ({
      id: `${number}-${id}`,
      requestNumber: number,
      occurredAt: at(daysFromNow),
      ...body,
    });
    operator.push(
      m('s', -40, {
        type: 'request_submitted',
        kind: 'wijziging_zonder_graafwerk',
        combi: 'peelland',
        applicant: { name: 'Vergelijkbaar', email: `vgl-${i}-${stamp.toLowerCase()}@example.com` },
        address: { street: 'Kerkstraat', houseNumber: String(i + 1), postcode: '5751 AA', city: 'Deurne' },
        workOrders: [{ id: wo, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
      }),
      m('h', -39, { type: 'handed_to_combi', workOrderIds: [wo], contractor: 'peelbouw' }),
    );
    contractor.push(m('tg', -40 + 8 + (i % 7), { type: 'work_order_completed', workOrderId: wo }));
  }
  await send(request, 'netbeheer-zuid', operator);
  await send(request, 'peelbouw', contractor);
}

test('without a firm date the page says when the work is expected to start, counting comparable aanvragen not started yet', async ({
  page,
  request,
}) => {
  await comparablesInPeelland(request);
  const r = newRequest('VENSTER');
  await send(request, 'netbeheer-zuid', [
    {
      ...r.submitted,
      kind: 'wijziging_zonder_graafwerk',
      combi: 'peelland',
      workOrders: [{ id: `${r.number}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    },
  ]);
  await signInWithCode(page, r.number, r.email);
  const notice = page.locator('.notice', { hasText: /Verwachting|Expectation/ });
  await bothLanguages(
    page,
    r.number,
    'verwachting',
    async () => {
      await expect(notice).toContainText('Verwachting:');
      await expect(notice).toContainText(
        /Bij [89] van de 10 vergelijkbare aanvragen in Combi Peelland begint het werk in deze periode\. We rekenen met \d+ aanvragen van dezelfde soort, ook met die waar het werk nog niet begonnen is\./,
      );
      await expect(notice).not.toContainText('klaar');
    },
    async () => {
      await expect(notice).toContainText(
        /For [89] out of 10 comparable requests in Combi Peelland the work starts in this period\. This is based on \d+ requests of the same kind, including those where the work has not started yet\./,
      );
    },
  );
});

test('a window already passed without a start date says the wait is longer than expected, not an old expectation', async ({
  page,
  request,
}) => {
  await comparablesInPeelland(request);
  // Submitted 200 days ago: its window (weeks after submission, whatever else the demo data holds) ended
  // long ago, and no start date was agreed.
  const r = newRequest('VENSTER-LAAT');
  await send(request, 'netbeheer-zuid', [
    {
      ...r.submitted,
      occurredAt: at(-200),
      kind: 'wijziging_zonder_graafwerk',
      combi: 'peelland',
      workOrders: [{ id: `${r.number}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    },
  ]);
  await signInWithCode(page, r.number, r.email);
  const notice = page.locator('.notice', { hasText: /verwacht|expected/ });
  await bothLanguages(
    page,
    r.number,
    'venster-voorbij',
    async () => {
      await expect(notice).toContainText('Later dan verwacht:');
      await expect(notice).toContainText(
        /Bij [89] van de 10 vergelijkbare aanvragen in Combi Peelland was het werk uiterlijk .+ begonnen; bij uw aanvraag is er nog geen startdatum\./,
      );
      await expect(page.getByText('Verwachting:')).toHaveCount(0);
    },
    async () => {
      await expect(notice).toContainText('Later than expected:');
      await expect(notice).toContainText(/the work had started by .+; your request has no start date yet\./);
      await expect(page.getByText('Expectation:')).toHaveCount(0);
    },
  );
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
