/**
 * The widgets in Chromium, on a hostile host page (e2e/hostile/): global !important styles, a
 * strict CSP with a nonce and no 'unsafe-inline', COEP, and a different origin than the portal.
 * They must look right (screenshots in reports/widgets/ for a person to look at), leave the host's
 * styles and layout alone, pass axe, and be completed by keyboard alone; answers land in the
 * database once; a clearly negative pop-up offers "bel mij terug", which becomes a task in the
 * API. A pop-up appears only with the token the host page got for its aanvraag, and not once the
 * customer answered it, in any browser; a refused answer is never thanked. Also: the feedback
 * button on our own site, in its header slot.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { apiKey } from './fixtures.ts';

const SHOTS = 'reports/widgets';
const PORT = process.env.E2E_PORT ?? '4399';
/** Another origin than the portal's (127.0.0.1): the widgets are embedded cross-origin. */
const HOSTILE = `http://localhost:${PORT}/e2e/hostile/`;
let run = 0;
/** A fresh aanvraagnummer per test: one pop-up response per aanvraag and trigger. */
const nummer = () => `MA-E2E-${Date.now().toString(36).toUpperCase()}-${++run}`;

/**
 * A fresh aanvraag, sent as Netbeheer Zuid's system would: the hostile page (the portal) gets
 * pop-up tokens for it, and Netbeheer Zuid is the organisation that calls back.
 */
async function aanvraag(request: APIRequestContext): Promise<string> {
  const nr = nummer();
  const sent = await request.post('/api/v1/berichten', {
    headers: { authorization: `Bearer ${apiKey('netbeheer-zuid')}` },
    data: {
      berichten: [
        {
          id: `${nr}-ingediend`,
          type: 'request_submitted',
          requestNumber: nr,
          occurredAt: '2026-11-20T10:00:00+01:00',
          kind: 'nieuwe_aansluiting',
          combi: 'brabant-oost',
          applicant: { name: 'Sanne de Vries', email: 'sanne.terugbellen@example.com' },
          address: { street: 'Molenweg', houseNumber: '12', postcode: '5611 AB', city: 'Eindhoven' },
          workOrders: [
            { id: `${nr}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' },
            { id: `${nr}-W`, discipline: 'water', gridOperator: 'waterbedrijf-peel' },
          ],
        },
      ],
    },
  });
  expect(sent.status()).toBe(201);
  return nr;
}

type Saved = { id: string; completed_at: string | null; answers: Record<string, unknown> };

/** The responses saved for an aanvraag, read from the e2e server's database. */
function savedFor(requestNumber: string): Saved[] {
  const file = readFileSync(join(tmpdir(), `traject-e2e-db-${PORT}.txt`), 'utf8');
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare('select id, completed_at from survey_responses where request_number = ?')
      .all(requestNumber) as Saved[];
    for (const row of rows) {
      const answers = db.prepare('select question, value from survey_answers where response_id = ?').all(row.id) as {
        question: string;
        value: string;
      }[];
      row.answers = Object.fromEntries(answers.map((a) => [a.question, JSON.parse(a.value)]));
    }
    return rows;
  } finally {
    db.close();
  }
}

/** The focused element, through shadow roots: "tag name/label". */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return '';
    const label = el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent;
    return `${el.tagName.toLowerCase()} ${(label ?? '').replace(/\s+/g, ' ').trim()}`;
  });

/** Presses Tab until the focused element matches, at most `max` times. */
async function tabTo(page: Page, pattern: RegExp, max = 25) {
  for (let i = 0; i < max; i++) {
    if (pattern.test(await focused(page))) return;
    await page.keyboard.press('Tab');
  }
  expect(await focused(page)).toMatch(pattern);
}

/** Computed styles and boxes of every element of the host page: the widgets must change none. */
const hostSnapshot = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *:not(traject-widgets)')].map((el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return `${el.tagName}#${el.id}: ${s.fontSize} ${s.fontFamily} ${s.color} ${s.backgroundColor} ${s.display} ${s.outlineStyle} @${r.x},${r.y} ${r.width}x${r.height}`;
    }),
  );

const cspErrors = (page: Page) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
};

const popUp = (page: Page, name: string | RegExp) => page.getByRole('region', { name });

/** axe over the widgets alone (WCAG 2.2 AA and best practice): no violations. The result, for more checks. */
async function widgetAxe(page: Page) {
  const axe = await new AxeBuilder({ page })
    .include('traject-widgets')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  return axe;
}

test.describe('on a hostile host page', () => {
  test('the widgets look right, and the host page keeps its styles and layout', async ({ page, request }) => {
    const errors = cspErrors(page);
    const nr = await aanvraag(request);
    await page.goto(`${HOSTILE}?widgets=nee`);
    const before = await hostSnapshot(page);

    await page.goto(`${HOSTILE}?nummer=${nr}&direct=webfeedback`);
    const button = page.getByRole('button', { name: 'Feedback' });
    await expect(button).toBeVisible();
    await expect(popUp(page, 'Hoe ging het aanvragen?')).toBeVisible();
    await page.waitForTimeout(400);
    expect(await hostSnapshot(page)).toEqual(before);
    expect(await page.evaluate(() => (window as unknown as { layoutShift: number }).layoutShift)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    expect(errors).toEqual([]);

    // Nothing of the page's 40px Comic Sans, red, uppercase or blur gets in.
    const look = await button.evaluate((b) => {
      const s = getComputedStyle(b);
      return {
        font: s.fontSize,
        family: s.fontFamily,
        transform: s.textTransform,
        color: s.color,
        height: (b as HTMLElement).offsetHeight,
      };
    });
    expect(look).toEqual({
      font: '16px',
      family: 'system-ui, sans-serif',
      transform: 'none',
      color: 'rgb(11, 92, 173)',
      height: 44,
    });
    const panel = popUp(page, 'Hoe ging het aanvragen?');
    expect(await panel.evaluate((p) => [getComputedStyle(p).fontSize, getComputedStyle(p).backgroundColor])).toEqual([
      '16px',
      'rgb(255, 255, 255)',
    ]);
    // The page's own fixed menu button, top right, stays uncovered.
    const menu = await page.locator('#menu').boundingBox();
    const ours = await button.boundingBox();
    expect(menu && ours && ours.y >= menu.y + menu.height).toBe(true);

    await page.screenshot({ path: `${SHOTS}/hostile-popup-desktop.png`, animations: 'disabled' });
    await button.click();
    await expect(page.getByRole('dialog', { name: 'Feedback geven' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/hostile-form-desktop.png`, animations: 'disabled' });
    expect(await hostSnapshot(page)).toEqual(before);
  });

  test('small screens: the fixed button covers none of the page’s controls, the pop-up fits', async ({ page, request }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${HOSTILE}?nummer=${await aanvraag(request)}&direct=webfeedback`);
    const button = page.getByRole('button', { name: 'Feedback' });
    await expect(popUp(page, 'Hoe ging het aanvragen?')).toBeVisible();
    for (const scrolled of [0, 300]) {
      await page.evaluate((y) => window.scrollTo(0, y), scrolled);
      await page.waitForTimeout(300);
      const ours = await button.boundingBox();
      const controls = await page.evaluate(() =>
        [...document.querySelectorAll('a[href], button, input')].map((c) => c.getBoundingClientRect().toJSON()),
      );
      expect(ours && ours.width >= 44 && ours.height >= 44).toBe(true);
      for (const c of controls) {
        const overlaps =
          ours && ours.x < c.x + c.width && c.x < ours.x + ours.width && ours.y < c.y + c.height && c.y < ours.y + ours.height;
        expect(overlaps, `knop over ${JSON.stringify(c)} (scroll ${scrolled})`).toBeFalsy();
      }
    }
    const box = await popUp(page, 'Hoe ging het aanvragen?').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 375 && box.y + box.height <= 740).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/hostile-popup-mobile.png`, animations: 'disabled' });
    await button.click();
    await expect(page.getByRole('dialog', { name: 'Feedback geven' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/hostile-form-mobile.png`, animations: 'disabled' });
  });

  test('axe finds nothing in the button, the pop-up or the form', async ({ page, request }) => {
    await page.goto(`${HOSTILE}?nummer=${await aanvraag(request)}&direct=webfeedback`);
    await expect(popUp(page, 'Hoe ging het aanvragen?')).toBeVisible();
    await page.getByRole('button', { name: 'Feedback' }).click();
    await expect(page.getByRole('dialog', { name: 'Feedback geven' })).toBeVisible();
    expect((await widgetAxe(page)).passes.length).toBeGreaterThan(10);
  });

  test('the web-feedback pop-up appears without taking focus, is announced, and is answered by keyboard alone', async ({
    page,
    request,
  }) => {
    const nr = await aanvraag(request);
    await page.goto(`${HOSTILE}?nummer=${nr}`);
    await page.locator('#indienen').focus();
    await page.keyboard.press('Enter');
    const panel = popUp(page, 'Hoe ging het aanvragen?');
    await expect(panel).toBeVisible();
    expect(await focused(page)).toBe('button Aanvraag indienen');
    await expect(page.getByRole('status')).toHaveText(/Hoe ging het aanvragen\? Een korte vragenlijst staat onderaan in beeld/);

    // Tab on into the pop-up; the scale is a radio group: arrows choose, and each choice is saved.
    await tabTo(page, /^input 1: Heel weinig moeite$/);
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect(panel.getByRole('radio', { name: '5' })).toBeChecked();
    await tabTo(page, /^button Volgende$/);
    await page.keyboard.press('Enter');

    await expect(panel.getByRole('group', { name: /Vraag 2 van 4 Wat vond u lastig\?/ })).toBeVisible();
    expect(await focused(page)).toBe('input Kiezen welke aansluiting ik nodig heb');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect(panel.getByRole('checkbox', { name: 'Weten welke gegevens ik moest invullen' })).toBeChecked();
    await tabTo(page, /^button Volgende$/);
    await page.keyboard.press('Enter');

    expect(await focused(page)).toBe('input Ja');
    await page.keyboard.press('ArrowDown');
    await expect(panel.getByRole('radio', { name: 'Nee, ik moest eerst gegevens opzoeken' })).toBeChecked();
    await tabTo(page, /^button Volgende$/);
    await page.keyboard.press('Enter');

    expect(await focused(page)).toMatch(/^textarea /);
    await page.keyboard.type('<b>Minder</b> velden & "uitleg"');
    await tabTo(page, /^button Versturen$/);
    await page.keyboard.press('Enter');
    await expect(panel.getByText('Bedankt! Met uw antwoorden maken we het aanvragen makkelijker.')).toBeFocused();

    await expect.poll(() => savedFor(nr)[0]?.completed_at ?? null).not.toBeNull();
    const [saved, ...more] = savedFor(nr);
    expect(more).toEqual([]);
    expect(saved?.answers).toEqual({
      moeite: 5,
      lastig: ['gegevens'],
      'in-een-keer': 'opzoeken',
      verbeteren: '<b>Minder</b> velden & "uitleg"',
    });

    // Escape closes; focus goes back to where it came from, not lost on the body.
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    expect(await focused(page)).not.toMatch(/^body/);
    // Answered once: a reload does not ask again.
    await page.reload();
    await page.locator('#indienen').click();
    await page.waitForTimeout(800);
    await expect(panel).toBeHidden();
  });

  test('a clearly negative web feedback offers "bel mij terug" by keyboard alone; the call-back is a task in the API', async ({
    page,
    request,
  }) => {
    const errors = cspErrors(page);
    const nr = await aanvraag(request);

    await page.goto(`${HOSTILE}?nummer=${nr}`);
    await page.locator('#indienen').focus();
    await page.keyboard.press('Enter');
    const panel = popUp(page, 'Hoe ging het aanvragen?');
    await expect(panel).toBeVisible();
    // Heel veel moeite (7 of 7): clearly negative.
    await tabTo(page, /^input 1: Heel weinig moeite$/);
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
    await expect(panel.getByRole('radio', { name: /^7/ })).toBeChecked();
    for (let i = 0; i < 3; i++) {
      await tabTo(page, /^button Volgende$/);
      await page.keyboard.press('Enter');
    }
    await tabTo(page, /^button Versturen$/);
    await page.keyboard.press('Enter');
    await expect(panel.getByText('Bedankt! Met uw antwoorden maken we het aanvragen makkelijker.')).toBeFocused();

    // The offer: announced, not focused; the next Tab reaches it.
    const phone = panel.getByRole('textbox', { name: 'Wilt u dat we u terugbellen? Vul dan uw telefoonnummer in.' });
    await expect(phone).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('Wilt u dat we u terugbellen? Vul dan uw telefoonnummer in.');
    await expect(phone).toHaveAttribute('type', 'tel');
    await expect(panel.getByRole('button', { name: 'Nee', exact: true })).toBeVisible();
    await widgetAxe(page);
    await page.screenshot({ path: `${SHOTS}/hostile-terugbellen.png`, animations: 'disabled' });

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input Wilt u dat we u terugbellen? Vul dan uw telefoonnummer in.');
    // A number the server refuses: said next to the field, focus stays there, nothing is made.
    await page.keyboard.type('06 1234');
    await tabTo(page, /^button Ja, bel mij terug$/);
    await page.keyboard.press('Enter');
    await expect(panel.getByText('Vul een Nederlands telefoonnummer in, zoals 06 12345678.')).toBeVisible();
    await expect(phone).toHaveAttribute('aria-invalid', 'true');
    expect(await focused(page)).toMatch(/^input Wilt u dat we u terugbellen\?/);

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('06 12345678');
    await page.keyboard.press('Enter');
    await expect(panel.getByText('Bedankt. We bellen u zo snel mogelijk terug.')).toBeFocused();
    await expect(phone).toBeHidden();

    const tasks = async (org: string) => {
      const res = await request.get('/api/v1/terugbelverzoeken', { headers: { authorization: `Bearer ${apiKey(org)}` } });
      expect(res.status()).toBe(200);
      const { verzoeken } = (await res.json()) as { verzoeken: { aanvraagnummer: string }[] };
      return verzoeken.filter((v) => v.aanvraagnummer === nr);
    };
    expect(await tasks('netbeheer-zuid')).toEqual([
      expect.objectContaining({ enquete: 'webfeedback', organisatie: 'netbeheer-zuid', telefoon: '+31612345678' }),
    ]);
    expect(await tasks('waterbedrijf-peel')).toEqual([]);
    // Chromium logs the refused number (400) as a failed resource; nothing else went wrong.
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);

    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    expect(await focused(page)).not.toMatch(/^body/);
  });

  test('calls queued before the loader has loaded are carried out', async ({ page, request }) => {
    const nr = await aanvraag(request);
    await page.goto(`${HOSTILE}?nummer=${nr}&direct=webfeedback`);
    await expect(popUp(page, 'Hoe ging het aanvragen?')).toBeVisible();
    // Answered partly, then closed: the answer given is kept.
    await popUp(page, 'Hoe ging het aanvragen?').getByRole('radio', { name: '2' }).check();
    await popUp(page, 'Hoe ging het aanvragen?').getByRole('button', { name: 'Sluiten' }).click();
    await expect.poll(() => savedFor(nr)[0]?.answers).toEqual({ moeite: 2 });
    expect(savedFor(nr)[0]?.completed_at).toBeNull();
  });

  test('a pop-up answered in one browser does not appear in another; the first browser may go on after a reload', async ({
    browser,
    request,
  }) => {
    const nr = await aanvraag(request);
    const url = `${HOSTILE}?nummer=${nr}&direct=webfeedback`;
    /** Opens the page in a browser of its own; the answer to the widget's question whether it may show the pop-up. */
    const open = async (page: Page) => {
      const asked = page.waitForResponse((r) => r.url().includes('/webfeedback/pop-up?'));
      await page.goto(url);
      return (await asked).status();
    };
    const first = await (await browser.newContext()).newPage();
    expect(await open(first)).toBe(200);
    await popUp(first, 'Hoe ging het aanvragen?').getByRole('radio', { name: '3' }).check();
    await expect.poll(() => savedFor(nr)[0]?.answers).toEqual({ moeite: 3 });

    // Another browser (another device, say): its page got a token of its own, but the pop-up was answered.
    const second = await (await browser.newContext()).newPage();
    expect(await open(second)).toBe(409);
    await expect(second.getByRole('button', { name: 'Feedback' })).toBeVisible();
    await expect(popUp(second, 'Hoe ging het aanvragen?')).toHaveCount(0);

    // The first browser began the response: after a reload it goes on with it, and is thanked.
    expect(await open(first)).toBe(200);
    const panel = popUp(first, 'Hoe ging het aanvragen?');
    for (let i = 0; i < 3; i++) await panel.getByRole('button', { name: 'Volgende' }).click();
    await panel.getByRole('button', { name: 'Versturen' }).click();
    await expect(panel.getByText('Bedankt! Met uw antwoorden maken we het aanvragen makkelijker.')).toBeVisible();
    await expect.poll(() => savedFor(nr).map((r) => !!r.completed_at)).toEqual([true]);
    expect(await open(second)).toBe(409);
    await expect(popUp(second, 'Hoe ging het aanvragen?')).toHaveCount(0);
    for (const p of [first, second]) await p.context().close();
  });

  test('an answer the server refuses is not thanked: the customer is told why', async ({ browser, request }) => {
    const nr = await aanvraag(request);
    const url = `${HOSTILE}?nummer=${nr}&direct=webfeedback`;
    // Both browsers show the pop-up before either answers; the first one answers first.
    const first = await (await browser.newContext()).newPage();
    const second = await (await browser.newContext()).newPage();
    for (const page of [first, second]) {
      await page.goto(url);
      await expect(popUp(page, 'Hoe ging het aanvragen?')).toBeVisible();
    }
    await popUp(first, 'Hoe ging het aanvragen?').getByRole('radio', { name: '6' }).check();
    await expect.poll(() => savedFor(nr)[0]?.answers).toEqual({ moeite: 6 });

    const page = second;
    const panel = popUp(page, 'Hoe ging het aanvragen?');
    const refused = page.waitForResponse((r) => /\/antwoorden\/moeite$/.test(r.url()));
    await panel.getByRole('radio', { name: '2' }).check();
    expect((await refused).status()).toBe(409);
    const told = panel.getByRole('alert');
    await expect(told).toHaveText('U heeft deze vragenlijst al ingevuld. Deze antwoorden zijn niet opgeslagen.');
    for (let i = 0; i < 3; i++) await panel.getByRole('button', { name: 'Volgende' }).click();
    const finished = page.waitForResponse((r) => /\/reacties\/[^/]+$/.test(r.url()) && r.request().method() === 'PUT');
    await panel.getByRole('button', { name: 'Versturen' }).click();
    expect((await finished).status()).toBe(409);
    await expect(told).toBeVisible();
    await expect(panel.getByText(/Bedankt/)).toHaveCount(0);
    await expect(panel.getByRole('button', { name: 'Versturen' })).toBeVisible();
    await widgetAxe(page);
    await page.screenshot({ path: `${SHOTS}/hostile-refused.png`, animations: 'disabled' });
    expect(savedFor(nr)).toEqual([expect.objectContaining({ answers: { moeite: 6 }, completed_at: null })]);
    for (const p of [first, second]) await p.context().close();
  });

  test('no pop-up without a token: an aanvraag the portal got none for', async ({ page }) => {
    // Not a known aanvraag: the portal got no token, and the widget's question is refused.
    const asked = page.waitForResponse((r) => r.url().includes('/webfeedback/pop-up?'));
    await page.goto(`${HOSTILE}?nummer=${nummer()}&direct=webfeedback`);
    expect((await asked).status()).toBe(403);
    await expect(page.getByRole('button', { name: 'Feedback' })).toBeVisible();
    await expect(popUp(page, 'Hoe ging het aanvragen?')).toHaveCount(0);
  });

  test('the feedback form: focus moves in, a required answer is asked for, Escape closes and focus returns', async ({ page }) => {
    await page.goto(HOSTILE);
    await tabTo(page, /^button Feedback$/);
    const button = page.getByRole('button', { name: 'Feedback' });
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('Enter');
    const form = page.getByRole('dialog', { name: 'Feedback geven' });
    await expect(form).toBeVisible();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(await focused(page)).toBe('h2 Feedback geven');

    await tabTo(page, /^input 1: Heel slecht$/);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await tabTo(page, /^button Versturen$/);
    await page.keyboard.press('Enter');
    // The required text is missing: said next to the field, and focus goes there.
    await expect(form.getByText('Vul dit in.')).toBeVisible();
    expect(await focused(page)).toMatch(/^textarea Uw feedback/);
    await expect(form.getByRole('textbox', { name: /Uw feedback/ })).toHaveAttribute('aria-invalid', 'true');
    await page.keyboard.type('Het zoeken werkt fijn.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('sanne@example.com');
    await tabTo(page, /^button Versturen$/);
    const saved = page.waitForResponse((r) => /\/reacties\/[^/]+$/.test(r.url()) && r.request().method() === 'PUT');
    await page.keyboard.press('Enter');
    await expect(form.getByText('Bedankt voor uw feedback!')).toBeFocused();
    expect((await saved).status()).toBeLessThan(300);

    await page.keyboard.press('Escape');
    await expect(form).toBeHidden();
    expect(await focused(page)).toBe('button Feedback');
    await expect(button).toHaveAttribute('aria-expanded', 'false');
  });

  test('the page’s own link can open the feedback form too', async ({ page }) => {
    await page.goto(HOSTILE);
    await page.locator('#eigen-feedback').click();
    await expect(page.getByRole('dialog', { name: 'Feedback geven' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Feedback geven' })).toBeHidden();
  });

  test('the offerte pop-up knows whether the quote was accepted or rejected', async ({ page, request }) => {
    const rejected = await aanvraag(request);
    await page.goto(`${HOSTILE}?nummer=${rejected}`);
    await page.locator('#afkeuren').click();
    const panel = popUp(page, 'Hoe ging het beoordelen van de offerte?');
    await expect(panel.getByText('Vraag 1 van 4')).toBeVisible();
    await panel.getByRole('button', { name: 'Volgende' }).click();
    await panel.getByRole('button', { name: 'Volgende' }).click();
    await expect(panel.getByRole('group', { name: /Waarom heeft u de offerte afgekeurd\?/ })).toBeVisible();
    await panel.getByRole('radio', { name: 'De kosten zijn hoger dan ik verwachtte' }).check();
    await expect.poll(() => savedFor(rejected)[0]?.answers).toEqual({ 'reden-afwijzen': 'kosten' });

    await page.goto(`${HOSTILE}?nummer=${await aanvraag(request)}`);
    await page.locator('#goedkeuren').click();
    await expect(popUp(page, 'Hoe ging het beoordelen van de offerte?').getByText('Vraag 1 van 3')).toBeVisible();
  });

  test('without a preference the pop-up slides in; with reduced motion it just appears', async ({ page, request }) => {
    const animation = async () => {
      await page.goto(`${HOSTILE}?nummer=${await aanvraag(request)}&direct=webfeedback`);
      const panel = popUp(page, 'Hoe ging het aanvragen?');
      await expect(panel).toBeVisible();
      return panel.evaluate((p) => getComputedStyle(p).animationName);
    };
    expect(await animation()).toBe('verschijn');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await animation()).toBe('none');
  });
});

test.describe('on our own site', () => {
  test('the feedback button sits in the header, covers nothing, and opens the form', async ({ page }) => {
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 740 });
      await page.goto('/');
      const button = page.getByRole('banner').getByRole('button', { name: 'Feedback' });
      await expect(button).toBeVisible();
      const ours = await button.boundingBox();
      const controls = await page
        .getByRole('banner')
        .locator('a, button, input')
        .evaluateAll((els) => els.filter((e) => e.getRootNode() === document).map((e) => e.getBoundingClientRect().toJSON()));
      for (const c of controls) {
        const overlaps =
          ours && ours.x < c.x + c.width && c.x < ours.x + ours.width && ours.y < c.y + c.height && c.y < ours.y + ours.height;
        expect(overlaps, `${width}px: knop over ${JSON.stringify(c)}`).toBeFalsy();
      }
      expect(ours && ours.height >= 44).toBe(true);
      await page.screenshot({ path: `${SHOTS}/site-header-${width}.png`, animations: 'disabled' });
    }
    await page.getByRole('banner').getByRole('button', { name: 'Feedback' }).click();
    await expect(page.getByRole('dialog', { name: 'Feedback geven' })).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/site-form-375.png`, animations: 'disabled' });
  });
});

test.describe('on a site that is not in WIDGET_ORIGINS', () => {
  // A name for this machine (playwright.config.ts maps it) that WIDGET_ORIGINS does not list.
  const FOREIGN = `http://vreemd.example:${PORT}/e2e/hostile/`;

  test('there is no feedback button that opens nothing: the console tells the site’s owner why', async ({ page }) => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(FOREIGN);
    await expect.poll(() => warnings.join('\n')).toContain(`Traject: vreemd.example:${PORT} niet in WIDGET_ORIGINS`);
    await expect(page.getByRole('button', { name: 'Feedback' })).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/not-allowed-origin.png`, animations: 'disabled' });

    // The same page on a site that is allowed has its button, and it opens the form.
    await page.goto(HOSTILE);
    await page.getByRole('button', { name: 'Feedback' }).click();
    await expect(page.getByRole('dialog', { name: 'Feedback geven' })).toBeVisible();
  });
});
