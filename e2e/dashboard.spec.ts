/**
 * The dashboard in Chromium: a combi-organisatie's staff member (signed in with both factors,
 * the session made in the e2e server's database as the unit tests do) sees the figures of the
 * area, filters by discipline, finds the CSV export, reads customers' free text as text, and the
 * satisfaction of the last closed quarter, which no period or discipline filter changes; axe on
 * it at 1280 and 390 pixels wide.
 */
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { STAFF_COOKIE } from '../api/auth/staff-sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { windowCalibrationNow } from '../api/storage/dashboard-rows.ts';
import { staffCookie } from '../api/testing.ts';
import { addDays, dutchDate } from '../domain/calendar.ts';
import { deliveredAt } from '../domain/request-state.ts';
import { closedQuarters, quarterDays, quarterName } from '../domain/satisfaction.ts';
import { actualStart, type WindowCalibration } from '../domain/window-calibration.ts';
import { e2eDatabaseFile, noAxeViolations, rawBits } from './fixtures.ts';

const HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';

/** The quarter the dashboard shows first: the last closed one. */
const QUARTER = closedQuarters(new Date().toISOString().slice(0, 10))[0] as NonNullable<ReturnType<typeof closedQuarters>[0]>;

/**
 * A viewer of Combi Brabant-Oost with a session that passed both factors, and five webfeedback
 * answers with free text on aanvragen of the area (one with markup in it), given in the last
 * closed quarter, in the server's database.
 */
async function signedInViewer(context: BrowserContext, baseURL: string) {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const email = `dashboard-${Date.now()}@brabant-oost.example`;
    const { token } = await staffCookie(store, {
      organisation: 'combi-brabant-oost',
      email,
      name: 'Dana Dashboard',
      role: 'viewer',
    });
    const numbers: string[] = [];
    for (const number of await store.sampleRequestNumbers(50)) {
      if ((await store.requestState(number))?.combi === 'brabant-oost') numbers.push(number);
    }
    for (const [i, number] of numbers.slice(0, 5).entries()) {
      await store.responses.save({
        id: `e2e-dashboard-${Date.now()}-${i}`,
        context: { survey: 'webfeedback', requestNumber: number, trigger: 'aanvraag-ingediend' },
        answers: { moeite: 2 + (i % 3), verbeteren: i === 0 ? `Sneller bellen ${HOSTILE}` : `Duidelijk verhaal ${i}` },
        completed: true,
        at: new Date(`${addDays(quarterDays(QUARTER).first, 10 + i)}T10:00:00Z`),
      });
    }
    const url = new URL(baseURL);
    await context.addCookies([{ name: STAFF_COOKIE, value: token, domain: url.hostname, path: '/beheer', httpOnly: true }]);
  } finally {
    await store.close();
  }
}

/** The dashboard as the viewer of signedInViewer, with time for the first view to build its facts. */
async function openAsViewer(page: Page, context: BrowserContext, baseURL: string) {
  test.setTimeout(90_000);
  await signedInViewer(context, baseURL);
  await page.goto('/beheer/dashboard');
}

/** The satisfaction part as a reader sees it: its tables and open answers. */
const satisfactionText = async (page: Page) => [
  ...(await page.locator('.satisfaction table').allInnerTexts()),
  ...(await page.locator('.satisfaction .free-text').allInnerTexts()),
];

const total = async (page: Page) =>
  Number(
    ((await page.locator('.dashboard-totals div', { hasText: 'Aanvragen' }).locator('dd').textContent()) ?? '').replace(
      /\D/g,
      '',
    ),
  );

test('a combi-organisatie sees the figures of its area, filters them and exports them', async ({ page, context, baseURL }) => {
  // Three axe runs and a dozen page views: more than the default 30 s on a busy machine.
  await openAsViewer(page, context, baseURL as string);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard Combi Brabant-Oost');
  const all = await total(page);
  expect(all).toBeGreaterThan(0);

  // One chart per figure, each an image with a name, and a table under it.
  await expect(page.getByRole('img', { name: /Contactmomenten: op tijd/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Contactmomenten per partij' })).toContainText('Intake (KCM B)');
  await expect(page.getByRole('table', { name: 'Contactmomenten per partij' })).toContainText('Netbeheer Zuid');
  await expect(page.getByRole('heading', { name: 'Achterstand per partij, nu' })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Vaste startdatums: gehouden, verschoven/ })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Opgeleverde aanvragen naar doorlooptijd' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Doorlooptijd per maand van indienen' })).toBeVisible();
  await expect(page.getByRole('img', { name: /naar dagen sinds het laatste bericht/ })).toBeVisible();
  // Satisfaction: the last closed quarter, one table per survey over fixed groups, small ones hidden.
  await expect(page.getByRole('heading', { name: `Tevredenheid: ${quarterName(QUARTER)}` })).toBeVisible();
  await expect(page.getByText('minder dan 5 antwoorden', { exact: false }).first()).toBeVisible();
  const webfeedback = page.getByRole('table', { name: `Webfeedback (na het indienen), ${quarterName(QUARTER)}: per groep` });
  await expect(webfeedback).toContainText('Alle aanvragen');
  await expect(webfeedback.locator('td.hidden').first()).toHaveText('verborgen');
  await expect(page.getByRole('img', { name: 'Gemiddelde moeite per meting' })).toBeVisible();
  // Free text is shown as text, never run, and without a date.
  await expect(page.locator('.free-text')).toContainText(`Sneller bellen ${HOSTILE}`);
  await expect(page.locator('.free-text')).not.toContainText(/20\d\d|januari|juli|oktober/);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  // Only the own area in the filter; no JavaScript on the page.
  await expect(page.getByLabel('Combi').locator('option')).toHaveText(['Alle', 'Combi Brabant-Oost']);
  expect(await page.locator('script').count()).toBe(0);
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true });
  await page.locator('.satisfaction').screenshot({ path: 'test-results/dashboard-tevredenheid.png' });

  const satisfaction = await satisfactionText(page);
  await page.getByLabel('Discipline').selectOption('gas');
  await page.getByRole('button', { name: 'Toon', exact: true }).click();
  await expect(page).toHaveURL(/discipline=gas/);
  await expect(page.getByText(/met een opdracht gas/)).toBeVisible();
  const gas = await total(page);
  expect(gas).toBeLessThan(all);
  // The finding: a discipline, or two periods a day apart, gave a few answers by subtraction.
  // Satisfaction follows neither.
  expect(await satisfactionText(page)).toEqual(satisfaction);
  for (const period of ['tot=2026-10-04', 'tot=2026-10-05', 'van=2026-10-04&tot=2026-10-04']) {
    await page.goto(`/beheer/dashboard?${period}`);
    expect(await satisfactionText(page), period).toEqual(satisfaction);
  }
  await page.goto('/beheer/dashboard?discipline=gas');
  const csv = page.getByRole('link', { name: 'Download deze aanvragen als CSV' });
  await expect(csv).toHaveAttribute('href', /^\/beheer\/dashboard\.csv\?.*discipline=gas/);
  const download = await page.request.get((await csv.getAttribute('href')) as string);
  expect(download.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
  expect((await download.text()).trim().split('\r\n')).toHaveLength(gas + 1);
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/dashboard-gas.png', fullPage: true });
  // On a phone: the charts scale down, the tables scroll sideways, nothing overflows the page.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await noAxeViolations(page);
  await page.screenshot({ path: 'test-results/dashboard-telefoon.png', fullPage: true });
  await page.locator('.satisfaction').screenshot({ path: 'test-results/dashboard-tevredenheid-telefoon.png' });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Another quarter: the process filters stay; the satisfaction CSV holds the page's figures.
  const previous = closedQuarters(new Date().toISOString().slice(0, 10))[1] as string;
  await page.getByRole('combobox', { name: /^Kwartaal/ }).selectOption(previous);
  await page.getByRole('button', { name: 'Toon kwartaal' }).click();
  await expect(page).toHaveURL(new RegExp(`discipline=gas.*kwartaal=${previous}`));
  await expect(page.getByRole('heading', { level: 2, name: /^Tevredenheid:/ })).toContainText(previous.slice(0, 4));
  await page.goto('/beheer/dashboard');
  const satisfactionCsv = page.getByRole('link', { name: 'Download deze tevredenheidscijfers als CSV' });
  await expect(satisfactionCsv).toHaveAttribute('href', `/beheer/dashboard-tevredenheid.csv?kwartaal=${QUARTER}`);
  const figures = await (await page.request.get((await satisfactionCsv.getAttribute('href')) as string)).text();
  expect(figures).toContain(`${QUARTER};Webfeedback (na het indienen);Alle;Alle;;5;`);
  expect(figures).toContain('verborgen');

  // Another area is refused, with the field named.
  const refused = await page.goto('/beheer/dashboard?combi=peelland');
  expect(refused?.status()).toBe(400);
  await expect(page.getByRole('alert')).toContainText('combi: deze combi hoort niet bij uw organisatie');
  await expect(page.locator('.dashboard-totals')).toHaveCount(0);
  await noAxeViolations(page);
});

/**
 * Windows kept for ten aanvragen of Brabant-Oost, not delivered: the e2e world is too small for
 * windows of its own at the moments they were fixed, so the records are written as ingestion
 * writes them, placed around each aanvraag's own start day. Those whose work started (a firm date
 * that has come): one before its window, the others inside it. Those still waiting: a window that
 * passed a week ago (late, known without a delivery). Written again on every run, the same.
 */
async function keptWindows(): Promise<WindowCalibration['total']> {
  const file = e2eDatabaseFile();
  const store = openSqliteStore(file);
  const now = new Date();
  const today = dutchDate(now);
  try {
    // Sorted by number: the same ten on every run (their state does not change).
    const started: { number: string; startsOn: string }[] = [];
    const waiting: string[] = [];
    for (const number of (await store.sampleRequestNumbers(200)).sort()) {
      const state = await store.requestState(number);
      if (state?.combi !== 'brabant-oost' || !state.kind || !state.submittedAt || deliveredAt(state) || state.cancelledAt)
        continue;
      const start = actualStart(state);
      if (start && start <= today) started.push({ number, startsOn: start });
      else if (!start) waiting.push(number);
    }
    const chosenStarted = started.slice(0, 6);
    const chosenWaiting = waiting.slice(0, 10 - chosenStarted.length);
    expect(chosenStarted.length, 'aanvragen whose work has started').toBeGreaterThanOrEqual(2);
    expect(chosenWaiting.length, 'aanvragen still waiting').toBeGreaterThanOrEqual(1);
    // Their records as the small world made them (without dates) give way to these.
    const sqlite = new Database(file);
    const numbers = [...chosenStarted.map((s) => s.number), ...chosenWaiting];
    sqlite
      .prepare(
        `delete from shown_windows where request_id in (select id from requests where number in (${numbers.map(() => '?').join(', ')}))`,
      )
      .run(...numbers);
    sqlite.close();
    const window = (number: string, fromDate: string, toDate: string) => ({
      number,
      shownAt: '2026-10-01T10:00:00Z',
      fromDate,
      toDate,
      statedOutOf10: 8,
      comparable: 40,
    });
    await store.storage.ingestion.transaction(async (tx) => {
      for (const [i, { number, startsOn }] of chosenStarted.entries())
        await tx.recordShownWindow(
          i === 0
            ? window(number, addDays(startsOn, 7), addDays(startsOn, 25))
            : window(number, addDays(startsOn, -7), addDays(startsOn, 14)),
        );
      for (const number of chosenWaiting) await tx.recordShownWindow(window(number, addDays(today, -30), addDays(today, -7)));
    });
    // What the dashboard should show: these ten as built, beside whatever windows this small world has of its own.
    const total = (
      await windowCalibrationNow(
        await store.dashboard.shownWindows({ all: true }),
        (combi, kind, at) => store.comparableStarts(combi, kind, at),
        now,
      )
    ).total;
    expect(total.measured).toBeGreaterThanOrEqual(10);
    expect(total.measured - (total.inside ?? 0)).toBeGreaterThanOrEqual(1 + chosenWaiting.length);
    return total;
  } finally {
    await store.close();
  }
}

test('the expected window’s calibration: starts inside the stated period per combi and kind, beside the promise', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const { withWindow, measured, unknown, inside: counted, stated: promised } = await keptWindows();
  const inside = counted ?? 0;
  const stated = promised ?? 0;
  await signedInViewer(context, baseURL as string);
  await page.goto('/beheer/dashboard');
  const section = page.getByRole('region', { name: 'Verwachte uitvoerperiode: klopt de belofte?' });
  const percent = (n: number) => new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 0 }).format(n);
  await expect(section).toContainText(
    `Bij ${percent(inside / measured)} van de ${measured} aanvragen met een verwachte periode en een bekende afloop begon het werk in die periode; beloofd was ${percent(stated)}.`,
  );
  await expect(section).toContainText(`Van ${unknown} periodes is de afloop nog niet bekend; die tellen nog niet mee.`);
  const table = page.getByRole('table', { name: 'Verwachte uitvoerperiode per combi en soort aanvraag' });
  const total = table.getByRole('row', { name: /^Alle aanvragen/ });
  // The aanvragen of the view's period (a part of all); every window in this world lies inside it.
  await expect(total.getByRole('cell')).toHaveText([
    /\d+/,
    String(withWindow),
    String(measured),
    String(unknown),
    String(inside),
    percent(inside / measured),
    percent(stated),
  ]);
  await expect(table.getByRole('rowheader', { name: 'Combi Brabant-Oost', exact: true })).toBeVisible();
  // The kinds name their combi for a screen reader; a share over fewer than five windows is hidden.
  await expect(table.getByRole('rowheader', { name: 'Combi Brabant-Oost, Nieuwe aansluiting' })).toBeVisible();
  await expect(page.getByText('minder dan 5 aanvragen met een verwachte periode')).toBeVisible();
  await expect(table.locator('td.hidden').first()).toHaveText('verborgen');
  await noAxeViolations(page);
  await section.screenshot({ path: 'test-results/dashboard-verwachting.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await noAxeViolations(page);
});

test('the dashboard reads in words at 1280 and 375 px: no ids or ISO dates, working days late, line names apart', async ({
  page,
  context,
  baseURL,
}) => {
  await openAsViewer(page, context, baseURL as string);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dashboard Combi Brabant-Oost');
  expect(await rawBits(page)).toEqual([]);
  // Offerte and mee in combi fall under KCM B but are not the intake.
  await expect(page.locator('main')).not.toContainText(/Offerte sturen \(KCM B\)|Mee in combi \(KCM B\)/);
  const overdue = page.getByRole('table', { name: 'Stappen met achterstand per partij' });
  await expect(overdue.getByRole('columnheader', { name: 'Oudste' })).toBeVisible();
  for (const cell of await overdue.locator('tbody td:last-child').allInnerTexts())
    expect(cell).toMatch(/^(\d+ werkdagen? te laat|te laat \(minder dan 1 werkdag\))$/);
  const chart = page.getByRole('img', { name: 'Doorlooptijd per maand van indienen' });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 800 });
    // The lines' names at their ends: no two boxes overlap.
    const boxes = await chart.locator('text.value').evaluateAll((nodes) =>
      nodes.map((n) => {
        const r = n.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }),
    );
    expect(boxes.length).toBeGreaterThan(0);
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1))
        expect(a.bottom <= b.top || b.bottom <= a.top || a.right <= b.left || b.right <= a.left, JSON.stringify([a, b])).toBe(
          true,
        );
    await chart.screenshot({ path: `test-results/screens/dashboard-doorlooptijd-maand-${width}.png` });
    await noAxeViolations(page);
  }
  // A refused combi is not named as if the figures were over it.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/beheer/dashboard?combi=peelland');
  await expect(page.locator('.dashboard > p').first()).not.toContainText(/peelland|Peelland/);

  // A contractor's page says truthfully that it shows its combi areas, other contractors' aanvragen included.
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const { token } = await staffCookie(store, { organisation: 'van-der-berg-infra', role: 'viewer' });
    await context.clearCookies();
    await context.addCookies([
      { name: STAFF_COOKIE, value: token, domain: new URL(baseURL as string).hostname, path: '/beheer' },
    ]);
  } finally {
    await store.close();
  }
  await page.goto('/beheer/dashboard');
  await expect(page.locator('.dashboard > p').first()).toContainText(
    'De aanvragen in de combigebieden waarin Van der Berg Infra werkt, ook die van andere aannemers',
  );
});

test('one definition per word: each table says what its words mean, and the contact moments export counts as the table', async ({
  page,
  context,
  baseURL,
}) => {
  await openAsViewer(page, context, baseURL as string);
  // The contact moments' table says "termijn verstreken"; "achterstand" is only the open steps past due.
  const kcm = page.getByRole('table', { name: 'Contactmomenten per partij' });
  await expect(kcm.getByRole('columnheader', { name: 'Termijn verstreken' })).toBeVisible();
  await expect(kcm.getByRole('columnheader', { name: 'Achterstand' })).toHaveCount(0);
  // Each word under its table, once: the definition beside the term.
  const definition = (section: string, term: string) =>
    page
      .locator(`section[aria-labelledby="${section}"] .definitions dl > div`)
      .filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) })
      .locator('dd');
  await expect(definition('kcm', 'Termijn verstreken')).toHaveText(/^niet vastgelegd en de termijn is voorbij/);
  await expect(definition('achterstand', 'Achterstand')).toHaveText(/^een open stap waarvan de uiterste datum voorbij is/);
  // Firm dates: kept, moved, lapsed and the rest, each defined; the figures add up to the dates with an outcome.
  await expect(definition('planning', 'Gehouden')).toHaveText(/^het werk begon op de datum/);
  await expect(definition('planning', 'Verlopen zonder start')).toHaveText(/^de datum werd pas ná die dag veranderd/);
  // A passed date without a completion report yet is no outcome: the work may be under way.
  await expect(definition('planning', 'Voorbij, nog geen gereedmelding')).toHaveText(
    /^de dag is voorbij en er is nog geen gereedmelding/,
  );
  await expect(definition('planning', 'Alleen dagdeel gewijzigd')).toHaveText(/^ochtend of middag veranderd op dezelfde dag/);
  const firm = page.getByRole('table', { name: 'Vaste startdatums' });
  const cells = (await firm.locator('tbody td').allInnerTexts()).map((t) => t.trim());
  expect(cells).toHaveLength(8);
  await expect(firm.locator('tbody th')).toHaveText([
    'Gehouden',
    'Verschoven',
    'Verlopen zonder start',
    'Op een andere dag begonnen',
    'Voorbij, nog geen gereedmelding',
    'Nog te komen',
    'Alleen dagdeel gewijzigd',
    'Gehouden (%)',
  ]);
  const count = (i: number) => Number((cells[i] ?? '').replace(/\D/g, ''));
  const decided = count(0) + count(1) + count(2) + count(3);
  await expect(page.locator('section[aria-labelledby="planning"] > p').first()).toContainText(
    `van de ${decided.toLocaleString('nl-NL')} datums`,
  );

  // The second export: its lines per contact moment, party and verdict are the table's numbers.
  const link = page.getByRole('link', { name: 'Download de contactmomenten als CSV' });
  const csv = await page.request.get((await link.getAttribute('href')) as string);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1);
  const rows = await kcm
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => (c.textContent ?? '').trim())));
  const words = ['op tijd', 'te laat', 'termijn verstreken', 'nog binnen termijn'];
  for (const [step, party, ...numbers] of rows) {
    if (party === 'Alle partijen') continue;
    const code = /KCM (\w)\)/.exec(step ?? '')?.[1];
    for (const [i, word] of words.entries()) {
      const inFile = lines.filter((l) => {
        const c = l.split(';');
        return c[2] === `KCM ${code}` && c[3] === party && c[6] === word;
      }).length;
      expect(inFile, `${step}, ${party}, ${word}`).toBe(Number((numbers[i] ?? '').replace(/\D/g, '')));
    }
  }

  // Counts on an axis are whole numbers, each once (no "0 1 1 2 2" from ticks at halves).
  const ticks = await page.locator('svg:has(#chart-planning-title) .tick text').allTextContents();
  expect(ticks.length).toBeGreaterThan(1);
  expect(new Set(ticks).size).toBe(ticks.length);

  // A discipline says what it narrows.
  await page.goto('/beheer/dashboard?discipline=gas');
  await expect(page.locator('.dashboard')).toContainText(
    'Contactmomenten en achterstand tellen alleen als ze over een opdracht gas gaan',
  );
  for (const width of [1280, 375, 320]) {
    await page.setViewportSize({ width, height: 800 });
    if (width !== 320) await noAxeViolations(page);
    for (const section of ['kcm', 'achterstand', 'planning'])
      await page
        .locator(`section[aria-labelledby="${section}"]`)
        .screenshot({ path: `test-results/screens/dashboard-definities-${section}-${width}.png` });
  }
});

test('satisfaction per applicant type, and business applicants weighed by their aanvragen when asked', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(90_000);
  await signedInViewer(context, baseURL as string);
  // In the last closed quarter: eight elektra aanvragen of one builder, six with an offerte effort
  // of 3, and five private ones with 5. One group, both types in it: everything is shown.
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    const sender = store.organisation('netbeheer-zuid');
    if (!sender) throw new Error('no netbeheer-zuid');
    const run = Date.now().toString(36).toUpperCase();
    const day = (k: number) => `${addDays(quarterDays(QUARTER).first, 20 + k)}T10:00:00+01:00`;
    const submit = (number: string, k: number, kvk?: string) => ({
      sender,
      message: {
        id: `${number}-ingediend`,
        type: 'request_submitted' as const,
        requestNumber: number,
        occurredAt: day(k),
        kind: 'nieuwe_aansluiting' as const,
        combi: 'brabant-oost',
        applicant: {
          name: 'Aanvrager',
          email: `e2e-${number.toLowerCase()}@example.com`,
          ...(kvk && { kind: 'zakelijk' as const, kvk }),
        },
        address: { street: 'Nieuwbouwlaan', houseNumber: String(k + 1), postcode: '5611 AB', city: 'Eindhoven' },
        workOrders: [{ id: `${number}-E`, discipline: 'elektra' as const, gridOperator: 'netbeheer-zuid' }],
      },
    });
    const builder = Array.from({ length: 8 }, (_, k) => `MA-TYPE-${run}-Z${k}`);
    const households = Array.from({ length: 5 }, (_, k) => `MA-TYPE-${run}-P${k}`);
    const results = await store.ingest([
      ...builder.map((n, k) => submit(n, k, '87654321')),
      ...households.map((n, k) => submit(n, k)),
    ]);
    expect(results.map((r) => r.result)).toEqual(new Array(13).fill('accepted'));
    const effort = [...builder.slice(0, 6).map((n) => [n, 3] as const), ...households.map((n) => [n, 5] as const)];
    for (const [number, moeite] of effort) {
      await store.responses.save({
        id: `e2e-type-${number}`,
        context: { survey: 'offerte', requestNumber: number },
        answers: { moeite },
        completed: true,
        at: new Date(day(9)),
      });
    }
  } finally {
    await store.close();
  }

  await page.goto('/beheer/dashboard#soort-aanvrager');
  const types = page.getByRole('table', { name: /^Tevredenheid per soort aanvrager/ });
  const offerte = (type: string) => types.getByRole('row').filter({ hasText: 'Offerte' }).filter({ hasText: type });
  // Private 5, business 3 (the counts grow when the test runs again on the same database; the averages do not).
  await expect(offerte('Particulier').locator('td').nth(3)).toHaveText('5');
  await expect(offerte('Zakelijk').locator('td').nth(3)).toHaveText('3');
  await expect(page.getByRole('table', { name: /^Gewogen naar het aantal aanvragen/ })).toHaveCount(0);
  await noAxeViolations(page);

  // The toggle: weighed by their aanvragen of the quarter, the definition on the page.
  await page.getByLabel('Weeg zakelijke aanvragers naar hun aantal aanvragen').check();
  await page.getByRole('button', { name: 'Toon kwartaal' }).click();
  await expect(page).toHaveURL(/weeg=zakelijk/);
  await expect(page.locator('#gewogen-definitie')).toContainText('maal het aantal aanvragen dat hij in dit kwartaal indiende');
  const weighted = page.getByRole('table', { name: /^Gewogen naar het aantal aanvragen/ });
  const row = (who: string) => weighted.getByRole('row').filter({ hasText: 'Offerte' }).filter({ hasText: who });
  // Business: the builder's mean, 3. All: (5 private answers of 5 + 8 aanvragen × 3) / 13 = 3,8.
  await expect(row('Zakelijk').locator('td')).toHaveText(['Zakelijk', '1', /^\d+$/, '3', '–', '–']);
  await expect(row('Alle aanvragers').locator('td').nth(3)).toHaveText('3,8');
  // The process filters keep the toggle.
  await page.getByRole('button', { name: 'Toon', exact: true }).click();
  await expect(page).toHaveURL(/weeg=zakelijk/);
  await expect(weighted).toBeVisible();
  await noAxeViolations(page);
  await page.locator('.satisfaction').screenshot({ path: 'test-results/dashboard-soort-aanvrager.png' });
});

test('the dashboard is closed without a staff session', async ({ page }) => {
  await page.goto('/beheer/dashboard');
  await expect(page).toHaveURL(/\/beheer\/inloggen$/);
  const csv = await page.request.get('/beheer/dashboard.csv', { maxRedirects: 0 });
  expect(csv.status()).toBe(303);
});
