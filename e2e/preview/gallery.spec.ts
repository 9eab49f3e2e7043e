/**
 * The editors' preview (npm run voorbeeld): the gallery shows the real track & trace page for a
 * fictitious aanvraag in every state, in Dutch and English, accessible on a desktop and a phone;
 * a change to a copy of content/ shows on the open page without a restart; an English text that
 * is missing is named on the English page; every customer mail renders in both languages.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { noAxeViolations } from '../fixtures.ts';
import { previewContentCopy } from './fixtures.ts';

const STEPS = join(previewContentCopy(), 'stappen.yaml');

/** Each state of the gallery, with what shows it on its page (the same in both languages). */
const STATES: Record<string, string> = {
  'VOORBEELD-BESTELLEN': '.phase-bar [aria-current="step"]',
  'VOORBEELD-OFFERTE': '.next-step',
  'VOORBEELD-VOORBEREIDEN': '.phase-bar [aria-current="step"]',
  'VOORBEELD-LEVEREN': '.phase-bar [aria-current="step"]',
  'VOORBEELD-OPGELEVERD': '.next-step.delivered',
  'VOORBEELD-STAGNATIE': '.notice.warning h2',
  'VOORBEELD-GEANNULEERD': '.notice.warning',
  'VOORBEELD-TE-LAAT': '.next-step.late',
  'VOORBEELD-TERMIJN': '#wettelijke-termijn',
};
const PHASES: Record<string, [string, string]> = {
  'VOORBEELD-BESTELLEN': ['Bestellen', 'Ordering'],
  'VOORBEELD-VOORBEREIDEN': ['Voorbereiden', 'Preparation'],
  'VOORBEELD-LEVEREN': ['Leveren', 'Delivery'],
};

async function atWidths(page: Page, check: () => Promise<void>) {
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    await check();
    await noAxeViolations(page);
  }
}

let original: string;
test.beforeAll(() => {
  original = readFileSync(STEPS, 'utf8');
});
test.afterEach(() => writeFileSync(STEPS, original));

test('the gallery links every state in both languages, each rendered by the real track & trace page', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/voorbeeld');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Voorbeeld: zo lezen klanten uw teksten');
  await expect(page.getByRole('complementary', { name: 'Voorbeeld' })).toContainText('verzonnen gegevens');
  const listed = await page.locator('[data-toestand]').evaluateAll((items) => items.map((i) => i.getAttribute('data-toestand')));
  expect(listed).toEqual(Object.keys(STATES));
  await atWidths(page, async () => {});

  for (const [number, marker] of Object.entries(STATES)) {
    for (const [lang, title] of [
      ['nl', `Aanvraag ${number}`],
      ['en', `Request ${number}`],
    ] as const) {
      await page.goto('/voorbeeld');
      await page
        .locator(`[data-toestand="${number}"]`)
        .getByRole('link', { name: lang === 'nl' ? /^Nederlands/ : /^English/ })
        .click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('complementary', { name: 'Voorbeeld' })).toContainText('Voorbeeld met verzonnen gegevens');
      await expect(page.locator(marker).first()).toBeVisible();
      const phase = PHASES[number];
      if (phase) await expect(page.locator('.phase-bar [aria-current="step"] .name')).toHaveText(phase[lang === 'nl' ? 0 : 1]);
      await atWidths(page, async () => {
        await expect(page.locator(marker).first()).toBeVisible();
      });
    }
  }
});

test('a changed step text shows on the open page without a restart, and a missing English one is named', async ({ page }) => {
  await page.goto('/volg/VOORBEELD-VOORBEREIDEN');
  const next = page.locator('.next-step');
  await expect(next).toContainText('om de definitieve startdatum af te spreken');

  // The editor saves a new sentence: the open page reloads by itself and shows it.
  writeFileSync(
    STEPS,
    original.replace(
      '"{organisatie} belt u uiterlijk {datum} om de definitieve startdatum af te spreken."',
      '"{organisatie} belt u vóór {datum} voor de startdatum (nieuwe tekst)."',
    ),
  );
  await expect(next).toContainText('voor de startdatum (nieuwe tekst)', { timeout: 30_000 });

  // Without its English sentence, the open English page says the step in Dutch, and the banner names it.
  await page.goto('/en/volg/VOORBEELD-VOORBEREIDEN');
  await expect(page.locator('.next-step')).toContainText('to agree the firm start date');
  await expect(page.locator('.voorbeeld-ontbreekt')).toHaveCount(0);
  writeFileSync(
    STEPS,
    original.replace(/\n {4}tekst: "\{organisatie\} will call you by \{datum\} to agree the firm start date."/, ''),
  );
  await expect(page.locator('.next-step')).toContainText('om de definitieve startdatum af te spreken', { timeout: 30_000 });
  await expect(page.locator('.voorbeeld-ontbreekt')).toContainText('content/stappen.yaml, stap "startdatum": en.tekst ontbreekt');
  await noAxeViolations(page);
});

test('a broken content file shows the editor message in the preview, and the preview recovers once it is right', async ({
  page,
}) => {
  await page.goto('/voorbeeld');
  writeFileSync(STEPS, original.replace('werkdagen: 10', 'werkdagen: tien'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('De inhoud in content/ klopt niet', { timeout: 30_000 });
  await expect(page.locator('pre')).toContainText('stappen.yaml klopt niet');
  await expect(page.locator('pre')).toContainText('veld "werkdagen"');
  writeFileSync(STEPS, original);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Voorbeeld: zo lezen klanten uw teksten', { timeout: 30_000 });
});

test('the mails page shows every customer mail in Dutch and English, with the step texts of now', async ({ page }) => {
  test.setTimeout(400_000);
  await page.goto('/voorbeeld/mails');
  const kinds = ['aanvraag', 'contactmoment', 'planning', 'oplevering', 'eindmeting', 'helpdesk', 'inlogcode'];
  await expect(page.locator('[data-mail]')).toHaveCount(kinds.length);
  for (const kind of kinds) {
    for (const lang of ['nl', 'en']) {
      const mail = page.locator(`[data-mail="${kind}"] [data-taal="${lang}"]`);
      await expect(mail.locator('strong[lang]')).not.toBeEmpty();
      const body = page.frameLocator(`[data-mail="${kind}"] [data-taal="${lang}"] iframe`).locator('body');
      await expect(body).toContainText(lang === 'nl' ? /Beste|inlogcode/ : /Dear|sign-in code/);
    }
  }
  // The confirmation's "what now" is the intake step of content/stappen.yaml, in each language.
  const confirmation = (lang: string) => page.frameLocator(`[data-mail="aanvraag"] [data-taal="${lang}"] iframe`).locator('body');
  await expect(confirmation('nl')).toContainText('om uw aanvraag door te nemen');
  await expect(confirmation('en')).toContainText('to go through your request');
  await atWidths(page, async () => {
    await expect(page.locator('[data-mail]').first()).toBeVisible();
  });
});
