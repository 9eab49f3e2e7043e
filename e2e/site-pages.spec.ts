/**
 * The process site in Chromium, page by page from the sitemap: zero axe violations, valid HTML
 * (html-validate on the HTML as served), and no JavaScript but the widget loader outside the search pages.
 * Screenshots of every page, wide and narrow, land in reports/site/ for a person to look at
 * (not test-results/, which Playwright empties when any run starts).
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { HtmlValidate } from 'html-validate';

const SHOTS = 'reports/site';
const SEARCH_PAGES = ['/zoeken/', '/en/search/'];
const LOADER = '/widgets/traject.js';
const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

/** The paths in the sitemap the build wrote (its host is the configured `site`, not ours). */
async function sitemapPaths(page: Page): Promise<string[]> {
  const index = await (await page.request.get('/sitemap-index.xml')).text();
  const maps = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] as string).pathname);
  const paths: string[] = [];
  for (const map of maps) {
    const xml = await (await page.request.get(map)).text();
    paths.push(...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1] as string).pathname));
  }
  return paths;
}

test('every page in the sitemap: no axe violations, valid HTML, only the widget loader outside search', async ({ page }) => {
  // About 30 pages, each validated, checked by axe and shot twice: minutes on a loaded machine.
  test.setTimeout(240_000);
  const paths = await sitemapPaths(page);
  expect(paths.length).toBeGreaterThanOrEqual(15);
  expect(paths).toEqual(expect.arrayContaining(['/', '/contactmomenten/', '/doorlooptijden/', '/en/', '/fasen/leveren/']));

  const report: string[] = [];
  for (const path of paths) {
    await test.step(path, async () => {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      const html = (await response?.text()) ?? '';

      const validation = await validator.validateString(html, path);
      const htmlErrors = validation.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (regel ${m.line})`));
      expect(htmlErrors, `html-validate op ${path}`).toEqual([]);

      const axe = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      expect(
        axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        `axe op ${path}`,
      ).toEqual([]);

      const sources = await page
        .locator('script')
        .evaluateAll((all) => all.map((s) => `${s.getAttribute('src')}${s.hasAttribute('async') ? ' async' : ''}`));
      const scripts = sources.length;
      // Track & trace (/volg, rendered per request) is not a process page and sets its own rules.
      if (SEARCH_PAGES.includes(path)) expect(scripts, path).toBeGreaterThan(1);
      // The feedback button's loader, as any host page embeds it (widgets/), and nothing else.
      else if (!path.startsWith('/volg')) expect(sources, `JavaScript op procespagina ${path}`).toEqual([`${LOADER} async`]);
      report.push(
        `${path}: axe ${axe.violations.length} violations / ${axe.passes.length} rules passed, html-validate ${htmlErrors.length} errors, ${scripts} scripts`,
      );

      await page.screenshot({ path: `${SHOTS}/${slugOf(path)}-desktop.png`, fullPage: true });
      await page.setViewportSize({ width: 375, height: 740 });
      await page.screenshot({ path: `${SHOTS}/${slugOf(path)}-mobile.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `horizontaal scrollen op ${path} (375 px)`).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 720 });
    });
  }
  console.log(report.join('\n'));
});

const slugOf = (path: string) => path.replace(/^\/|\/$/g, '').replaceAll('/', '-') || 'home';

test('the skip link moves focus to the main content', async ({ page }) => {
  await page.goto('/contactmomenten/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Naar de inhoud' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('search finds pages without any outside service, and the form works without JavaScript', async ({ page, browser }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) foreign.push(r.url());
  });
  await page.goto('/');
  await page.getByRole('searchbox', { name: 'Zoek op deze site' }).fill('schouw');
  await page.getByRole('button', { name: 'Zoeken' }).click();
  await expect(page).toHaveURL(/\/zoeken\/\?q=schouw/);
  await expect(page.locator('main').getByRole('status')).toContainText(/resultaten? voor “schouw”/);
  await expect(page.locator('[data-list] a').first()).toBeVisible();
  const hrefs = await page.locator('[data-list] a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(hrefs).toContain('/begrippen/');
  expect(foreign).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/zoeken-resultaten.png`, fullPage: true });

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto('/zoeken/?q=schouw');
  await expect(plain.getByRole('link', { name: 'Wie belt u wanneer?' }).last()).toBeVisible();
  await noJs.close();
});

test('printing keeps the text and drops the navigation', async ({ page }) => {
  await page.goto('/doorlooptijden/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toBeHidden();
  await expect(page.getByRole('table')).toBeVisible();
  await page.pdf({ path: `${SHOTS}/doorlooptijden.pdf` });
});

test('the entry to track & trace leads to the sign-in in the page’s language: /volg and /en/volg', async ({ page }) => {
  for (const [path, signIn] of [
    ['/', '/volg'],
    ['/en/', '/en/volg'],
  ] as const) {
    await page.goto(path);
    const links = page.locator(`main a[href="${signIn}"]`);
    await expect(links.first()).toBeVisible();
  }
});

test('each phase page says what happens, what you do and who contacts you', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Voorbereiden' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Voorbereiden');
  await expect(page.getByRole('heading', { name: 'Maak de meterkast klaar' })).toBeVisible();
  await expect(page.getByRole('link', { name: /1a Tussentijds contact/ })).toBeVisible();
  await page.getByRole('link', { name: /Volgende fase: Leveren/ }).click();
  await expect(page).toHaveURL(/\/fasen\/leveren\/$/);
});

/** An error page, wide and narrow: its status, language, heading, a way back, and no axe violations. */
async function expectErrorPage(
  page: Page,
  status: 404 | 500,
  pages: readonly (readonly [path: string, lang: 'nl' | 'en', heading: string, back: string])[],
) {
  for (const [path, lang, heading, back] of pages) {
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 800 });
      const res = await page.goto(path);
      // The 500 pages are read here as the files they are (200); the server's 500 is tested over HTTP.
      expect(res?.status(), path).toBe(status === 404 ? 404 : 200);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      await expect(page.getByRole('link', { name: back, exact: true })).toBeVisible();
      const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      expect(
        axe.violations.map((v) => v.id),
        `${path} at ${width}`,
      ).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/${status}-${lang}-${width}.png`, fullPage: true });
    }
  }
}

test('an address that is no page gets the site’s own 404 page in its language, wide and narrow, without axe violations', async ({
  page,
}) => {
  test.slow(); // four addresses, each wide and narrow with axe
  await expectErrorPage(page, 404, [
    ['/bestaat-niet', 'nl', 'Deze pagina bestaat niet', 'Naar de startpagina'],
    ['/en/does-not-exist', 'en', 'This page does not exist', 'To the home page'],
    ['/volg/MA-2026-0000001/bestaat/niet', 'nl', 'Deze pagina bestaat niet', 'Naar de startpagina'],
    ['/en/volg/MA-2026-0000001/does/not/exist', 'en', 'This page does not exist', 'To the home page'],
  ]);
});

test('the page for an error on our side, in both languages, wide and narrow, has a way back and no axe violations', async ({
  page,
}) => {
  // The server sends these with status 500 when a page fails (api/http/error-pages.test.ts).
  await expectErrorPage(page, 500, [
    ['/500.html', 'nl', 'Er ging iets mis aan onze kant', 'Naar de startpagina'],
    ['/en/500/', 'en', 'Something went wrong on our side', 'To the home page'],
  ]);
});
