/**
 * A business applicant's portfolio in Chromium (issue 16.1): register the organisation with its
 * KvK number and domain and the code from the mail, add a colleague, open the portfolio per
 * project, filter and search, in Dutch and English, at 1280 and 320 px, axe on every page.
 */
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { apiKey, mailCount, mailTo, noAxeViolations } from './fixtures.ts';

test.describe.configure({ timeout: 180_000 });

const KVK = '17001234';
const DOMAIN = 'dekempen.example';
const ADMIN = `planning@${DOMAIN}`;
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

async function send(request: APIRequestContext, organisation: string, berichten: Record<string, unknown>[]) {
  const res = await request.post('/api/v1/berichten', {
    headers: { authorization: `Bearer ${apiKey(organisation)}` },
    data: { berichten },
  });
  expect(res.status(), JSON.stringify(await res.json())).toBe(201);
}

async function shoot(page: Page, name: string) {
  await noAxeViolations(page);
  await page.screenshot({ path: `test-results/portfolio-${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 320, height: 800 });
  await noAxeViolations(page);
  // Nothing wider than the phone's screen but the tables, which scroll in their own box.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap'))
      .slice(0, 5)
      .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`),
  );
  expect(overflow, `${name} at 320 px: ${wide.join('; ')}`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `test-results/portfolio-${name}-320.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('a builder registers its organisation, adds a colleague and follows its portfolio per project', async ({
  page,
  request,
}) => {
  const number = `MA-E2E-PF-${Date.now().toString(36).toUpperCase()}`;
  await send(request, 'netbeheer-zuid', [
    {
      id: `${number}-s`,
      type: 'request_submitted',
      requestNumber: number,
      occurredAt: at(-20),
      kind: 'nieuwe_aansluiting',
      combi: 'brabant-oost',
      applicant: { name: 'Bouwbedrijf De Kempen', email: ADMIN, kind: 'zakelijk', kvk: KVK },
      project: 'BLOK-A',
      address: { street: 'Portfoliolaan', houseNumber: '7', postcode: '5611 PF', city: 'Eindhoven' },
      workOrders: [{ id: `${number}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    },
    {
      id: `${number}-h`,
      type: 'handed_to_combi',
      requestNumber: number,
      occurredAt: at(-10),
      workOrderIds: [`${number}-E`],
      contractor: 'van-der-berg-infra',
    },
  ]);
  await send(request, 'van-der-berg-infra', [
    {
      id: `${number}-p`,
      type: 'planning_changed',
      requestNumber: number,
      occurredAt: at(-5),
      confirmedStart: { date: at(10).slice(0, 10), part: 'ochtend' },
      reason: 'afgesproken met de uitvoerder',
    },
  ]);

  // From the sign-in page to the organisation page.
  await page.goto('/volg');
  await page.getByRole('link', { name: 'Volg alle aanvragen van uw organisatie in één portfolio' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uw organisatie');
  await shoot(page, 'aanmelden');

  const before = await mailCount();
  await page.getByLabel('KvK-nummer').fill(KVK);
  await page.getByLabel('E-maildomein van uw organisatie').fill(DOMAIN);
  await page.getByLabel('Uw e-mailadres').fill(ADMIN);
  await page.getByRole('button', { name: 'Stuur mij een code' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vul uw inlogcode in');
  await noAxeViolations(page);
  const mail = await mailTo(ADMIN, 'Uw inlogcode', before);
  expect(mail.text).toContain(KVK);
  // The mail names the KvK number (eight digits too): the code is the one in the subject.
  await page.getByLabel(/Inlogcode/).fill(/(\d{8})$/.exec(mail.subject)?.[1] ?? '');
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByRole('status').first()).toContainText('Uw organisatie is aangemeld. U bent de beheerder.');
  await expect(page.getByRole('heading', { name: `KvK-nummer ${KVK}, e-maildomein ${DOMAIN}` })).toBeVisible();

  // The admin adds a colleague of the domain.
  const add = page.getByRole('group', { name: 'Lid toevoegen' });
  await add.getByLabel(/E-mailadres/).fill(`uitvoerder@${DOMAIN}`);
  await add.getByRole('button', { name: 'Toevoegen' }).click();
  await expect(page.getByRole('cell', { name: `uitvoerder@${DOMAIN}`, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: `Verwijder uitvoerder@${DOMAIN}` })).toBeVisible();
  // And a site supervisor of one project, who may work for a subcontractor.
  const delegate = page.getByRole('group', { name: 'Uitvoerder toevoegen' });
  await delegate.getByRole('combobox', { name: 'Project' }).selectOption('BLOK-A');
  await delegate.getByLabel('E-mailadres').fill('uitvoerder@onderaannemer.example');
  await delegate.getByRole('button', { name: 'Toevoegen' }).click();
  await expect(page.getByText('De uitvoerders zijn bijgewerkt.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Verwijder uitvoerder@onderaannemer.example van BLOK-A' })).toBeVisible();
  await shoot(page, 'organisatie');

  // The portfolio: every project with its sums, then one project, searched by address.
  await page.getByRole('link', { name: 'Naar het portfolio' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Portfolio');
  const projects = page.getByRole('table', { name: /Per project/ });
  await expect(projects.getByRole('rowheader', { name: 'BLOK-A' })).toBeVisible();
  await expect(projects.getByRole('rowheader', { name: 'KEMPEN-01' })).toBeVisible();
  const blok = projects.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'BLOK-A' }) });
  await expect(blok.getByRole('cell').nth(0)).toHaveText('1');
  await expect(page.getByRole('table', { name: 'Aanvragen', exact: true }).getByRole('row')).not.toHaveCount(1);
  await shoot(page, 'overzicht');

  await page.getByRole('combobox', { name: 'Project' }).selectOption('BLOK-A');
  await page.getByLabel(/Zoek op adres/).fill('portfoliolaan 7');
  await page.getByRole('button', { name: 'Toon' }).click();
  const rows = page.getByRole('table', { name: 'Aanvragen', exact: true });
  await expect(rows.getByRole('row')).toHaveCount(2);
  await expect(rows.getByRole('rowheader', { name: 'Portfoliolaan 7, 5611 PF Eindhoven' })).toBeVisible();
  await expect(rows.getByRole('cell', { name: number })).toBeVisible();
  await expect(rows.getByText(/^Start \d+ /)).toBeVisible();
  await shoot(page, 'project');

  // One calendar feed of every firm date of the portfolio, made and stopped on the page.
  await page.getByRole('button', { name: 'Maak een agenda-abonnement' }).click();
  await expect(page.getByText('Uw keuze voor de agenda is opgeslagen.')).toBeVisible();
  const subscribe = page.getByRole('link', { name: 'Abonneer in uw agenda' });
  const webcal = (await subscribe.getAttribute('href')) ?? '';
  expect(webcal).toMatch(/^webcal:\/\/.*\/volg\/portfolio-agenda\/.+\.ics$/);
  const feed = await request.get(webcal.replace(/^webcal:/, 'http:'));
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain(`UID:${number}-startdatum@traject`);
  await noAxeViolations(page);
  await page.getByRole('button', { name: 'Stop het agenda-abonnement' }).click();
  await expect(page.getByRole('button', { name: 'Maak een agenda-abonnement' })).toBeVisible();
  expect((await request.get(webcal.replace(/^webcal:/, 'http:'))).status()).toBe(410);

  // In English, the same portfolio.
  await page.goto(`/en/volg/portfolio?kvk=${KVK}&project=BLOK-A`);
  await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
  await expect(page.getByRole('table', { name: /Per project/ }).getByRole('columnheader', { name: 'Legal term' })).toBeVisible();
  await shoot(page, 'english');

  // A wrong filter is a 400 that says so; another organisation's portfolio is a 404.
  const wrong = await page.goto(`/volg/portfolio?kvk=${KVK}&fase=bouwen`);
  expect(wrong?.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('fase');
  const theirs = await page.goto('/volg/portfolio?kvk=17005678');
  expect(theirs?.status()).toBe(404);
  await noAxeViolations(page);
});
