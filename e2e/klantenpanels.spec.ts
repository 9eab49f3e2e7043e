/**
 * A klantenpanel in Chromium (issue 16.2): a combi planner finds the frequent applicants of the
 * area, plans a panel of one place and invites two; the first registers, the second (in English)
 * lands on the waiting list; the first cancels and the second moves up, by mail; the questionnaire
 * goes out and is answered on the survey page; the planner reads the answers by topic and shares a
 * summary with a PDF, which the participant downloads. Axe on every page at 1280 and 375 pixels,
 * screenshots at 1280 and 320. Isolation per organisation and role: e2e/isolation.spec.ts.
 */
import { expect, type Page, test } from '@playwright/test';
import { apiKey, mailTo, noAxeViolations, staffSignedIn } from './fixtures.ts';

const BUILDER = { name: 'Bouwbedrijf E2E', email: 'planning@bouw-e2e.example', kind: 'zakelijk', kvk: '87654321' };
const CORPORATION = { name: 'Woonstichting E2E', email: 'projecten@wonen-e2e.example' };

/** Axe at 1280 and 375 px, no sideways scrolling when narrow, and screenshots at 1280 and 320 px. */
async function atAllWidths(page: Page, heading: RegExp | string, name: string) {
  for (const width of [1280, 375, 320]) {
    await page.setViewportSize({ width, height: 900 });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}`).toBeLessThanOrEqual(width);
    if (width !== 320) await noAxeViolations(page);
    if (width !== 375) await page.screenshot({ path: `test-results/klantenpanel-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The page's notice of what just happened (the customer pages also have the widgets' empty live region). */
const notice = (page: Page) => page.locator('.notice[role="status"]');

/** The path of the personal link in the newest such mail. */
async function linkIn(address: string, subject: string): Promise<string> {
  const mail = await mailTo(address, subject);
  const path = /https?:\/\/[^/\s]+(\/(?:en\/)?(?:klantenpanel|enquete)\/[a-z2-7.]+)/.exec(mail.text ?? '')?.[1];
  if (!path) throw new Error(`no link in "${mail.subject}"`);
  return path;
}

test('invite, register, waiting list, questionnaire and summary of a klantenpanel', async ({
  page,
  context,
  baseURL,
  request,
}) => {
  test.slow();
  const days = (n: number) => new Date(Date.now() + n * 86_400_000);
  const berichten = [BUILDER, CORPORATION].flatMap((applicant, a) =>
    [1, 2, 3].map((n) => ({
      id: `MA-E2E-PANEL-${a}${n}-ingediend`,
      type: 'request_submitted',
      requestNumber: `MA-E2E-PANEL-${a}${n}`,
      occurredAt: days(-10 * n).toISOString(),
      kind: 'nieuwe_aansluiting',
      combi: 'brabant-oost',
      applicant,
      address: { street: 'Paneelstraat', houseNumber: `${a}${n}`, postcode: '5611 PP', city: 'Eindhoven' },
      workOrders: [{ id: `MA-E2E-PANEL-${a}${n}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    })),
  );
  const sent = await request.post('/api/v1/berichten', {
    headers: { authorization: `Bearer ${apiKey('netbeheer-zuid')}` },
    data: { berichten },
  });
  expect(sent.status()).toBe(201);
  await staffSignedIn(context, baseURL, { organisation: 'combi-brabant-oost', role: 'planner', name: 'Pien Planner' });

  // The frequent applicants of the area, at least 3 aanvragen in 12 months.
  await page.goto('/beheer');
  await page.getByRole('navigation', { name: 'Beheermenu' }).getByRole('link', { name: 'Klantenpanels' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Klantenpanels');
  const filters = page.getByRole('form', { name: 'Filters' });
  await filters.getByLabel('Combi-gebied').selectOption('brabant-oost');
  await filters.getByLabel(/Minstens zoveel aanvragen/).fill('3');
  await filters.getByRole('button', { name: 'Toon' }).click();
  const applicants = page.getByRole('table', { name: /Vaste aanvragers in/ });
  await expect(applicants.getByRole('row', { name: /Bouwbedrijf E2E/ })).toContainText('Zakelijk, KvK 87654321');
  await expect(applicants.getByRole('row', { name: /Woonstichting E2E/ })).toContainText('Particulier');
  await atAllWidths(page, 'Klantenpanels', 'overzicht');

  // A panel of one place, with Bouwend Nederland.
  const plan = page.getByRole('group', { name: 'Nieuw klantenpanel' });
  await plan.getByLabel('Combi-gebied').selectOption('brabant-oost');
  await plan.getByLabel('Titel').fill('Klantenpanel bouwers E2E');
  await plan.getByLabel('Datum', { exact: true }).fill(days(40).toISOString().slice(0, 10));
  await plan.getByLabel('Begintijd').fill('14:00');
  await plan.getByLabel(/^Plaats/).fill('Eindhoven, Stadhuisplein 1');
  await plan.getByLabel(/^Capaciteit/).fill('1');
  await plan.getByLabel('Aanmelden kan tot en met').fill(days(30).toISOString().slice(0, 10));
  await plan.getByLabel(/^Partnerorganisaties/).fill('Bouwend Nederland');
  await plan.getByRole('button', { name: 'Panel plannen' }).click();
  await expect(notice(page)).toContainText('Het panel is gepland');
  const panelPage = page.url().replace(/\?.*$/, '');

  // Invite both, with the checkboxes of the list.
  await page.goto(`${panelPage}?minimaal=3`);
  await page.getByRole('checkbox', { name: 'Bouwbedrijf E2E' }).check();
  await page.getByRole('checkbox', { name: 'Woonstichting E2E' }).check();
  await page.getByRole('button', { name: 'Geselecteerde aanvragers uitnodigen' }).click();
  await expect(notice(page)).toHaveText(/2 aanvragers zijn uitgenodigd/);
  await atAllWidths(page, 'Klantenpanel bouwers E2E', 'panel');

  // The builder registers and gets the one place.
  const builder = await linkIn(BUILDER.email, 'Uitnodiging klantenpanel: Klantenpanel bouwers E2E');
  await page.goto(builder);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Klantenpanel bouwers E2E');
  await atAllWidths(page, 'Klantenpanel bouwers E2E', 'uitnodiging');
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(notice(page)).toHaveText('Gelukt: u bent aangemeld.');

  // The corporation reads it in English: the panel is full, so the waiting list.
  const corporation = (await linkIn(CORPORATION.email, 'Uitnodiging klantenpanel')).replace(
    '/klantenpanel/',
    '/en/klantenpanel/',
  );
  await page.goto(corporation);
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(notice(page)).toHaveText('The panel is full: you are now on the waiting list.');
  await atAllWidths(page, 'Klantenpanel bouwers E2E', 'wachtlijst-en');

  // The builder cancels; the corporation moves up and is mailed.
  await page.goto(builder);
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(notice(page)).toHaveText('U bent afgemeld.');
  await mailTo(CORPORATION.email, 'Er is een plaats vrij: Klantenpanel bouwers E2E');
  await page.goto(corporation);
  await expect(page.locator('#status')).toHaveText('You are registered. We look forward to seeing you!');

  // The questionnaire beforehand, answered on the survey page.
  await page.goto(panelPage);
  await page.getByRole('button', { name: 'Vragenlijst versturen' }).click();
  await expect(notice(page)).toContainText('De vragenlijst is verstuurd');
  const questionnaire = await linkIn(CORPORATION.email, 'Vooraf een paar vragen');
  await page.goto(questionnaire);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vooraf aan het klantenpanel');
  await atAllWidths(page, 'Vooraf aan het klantenpanel', 'vragenlijst');
  await page
    .getByRole('group', { name: /Hoe ervaart u het aanvragen/ })
    .getByLabel('2', { exact: false })
    .first()
    .check();
  const topics = page.getByRole('group', { name: 'Over welke onderwerpen wilt u praten?' });
  await topics.getByLabel('Planning en vaste datums').check();
  await topics.getByLabel('Projecten met veel adressen').check();
  await page.getByLabel(/Wat wilt u over die onderwerpen kwijt/).fill('Vaste datums per project, eerder dan nu.');
  await page.getByRole('button', { name: 'Versturen' }).click();
  await expect(page).toHaveURL(/\/enquete\/bedankt/);

  // The organisers read the answers by topic, and share the summary with a PDF.
  await page.goto(panelPage);
  const answers = page.getByRole('region', { name: 'Antwoorden per onderwerp' });
  await expect(answers.getByRole('heading', { name: /Planning en vaste datums — gekozen door 1/ })).toBeVisible();
  await expect(answers).toContainText('Vaste datums per project, eerder dan nu.');
  const summary = page.getByRole('group', { name: 'Verslag delen met de deelnemers' });
  await summary
    .getByLabel('Verslag', { exact: true })
    .fill('We spraken over vaste datums per project.\nVolgende keer: de oplevering.');
  await summary.getByLabel(/Bijlage/).setInputFiles({
    name: 'verslag-panel.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% verslag klantenpanel\n'),
  });
  await summary.getByRole('button', { name: 'Verslag delen' }).click();
  await expect(notice(page)).toHaveText('Het verslag is gedeeld met de deelnemers.');
  await atAllWidths(page, 'Klantenpanel bouwers E2E', 'panel-verslag');

  // The participant reads it behind their link and downloads the file; who cancelled does not.
  await mailTo(CORPORATION.email, 'Het verslag van het klantenpanel');
  await page.goto(corporation);
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('We spraken over vaste datums per project.');
  const download = await page.request.get(`${corporation.replace('/en/', '/')}/verslag`);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await atAllWidths(page, 'Klantenpanel bouwers E2E', 'verslag-en');
  await page.goto(builder);
  await expect(page.getByRole('region', { name: 'Verslag' })).toHaveCount(0);
  expect((await page.request.get(`${builder}/verslag`)).status()).toBe(403);
});
