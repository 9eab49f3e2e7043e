/**
 * Every state a customer's track & trace page can be in, in Dutch and English, at a desktop's
 * (1280 px) and a small phone's (320 px) width: the page's language set, what marks the state
 * shown in that language, no Dutch on the English page but the texts staff wrote (marked
 * lang="nl"), nothing sideways, 0 axe violations, and a screenshot of each to look at
 * (test-results/states/<state>-<lang>-<width>.png). Oriënteren has no page: an aanvraag exists
 * from its submission on.
 */
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { isoWeekOf } from '../domain/calendar.ts';
import { apiKey, mailCount, mailTo, noAxeViolations } from './fixtures.ts';

test.describe.configure({ timeout: 240_000 });

const DAY = 86_400_000;
const at = (daysFromNow: number) => new Date(Date.now() + daysFromNow * DAY).toISOString();
const date = (daysFromNow: number) => at(daysFromNow).slice(0, 10);

type Lang = 'nl' | 'en';
type Message = Record<string, unknown> & { sender: string };

/** The words of a Dutch page that must not show on an English one, outside the texts staff wrote. */
const DUTCH =
  /\b(uw|het|niet|wordt|wij|wachten|ingetrokken|besproken|aanvraag|aannemer|netbeheerder|uiterlijk|werkdagen|gepland|volgende|opgeleverd|geannuleerd|staat stil|wijzigingen|contactpersoon)\b/i;

const RUN = Date.now().toString(36).toUpperCase();
const EMAIL = `states-${RUN.toLowerCase()}@example.com`;

/** One aanvraag per state, all of one customer, with the messages that bring it there. */
function request(tag: string, submittedDaysAgo: number, extra: Record<string, unknown> = {}) {
  const number = `MA-E2E-ST${tag}-${RUN}`;
  const m = (id: string, sender: string, daysFromNow: number, body: Record<string, unknown>): Message => ({
    sender,
    id: `${number}-${id}`,
    requestNumber: number,
    occurredAt: at(daysFromNow),
    ...body,
  });
  const submitted = m('submitted', 'netbeheer-zuid', -submittedDaysAgo, {
    type: 'request_submitted',
    kind: 'nieuwe_aansluiting',
    combi: 'brabant-oost',
    applicant: { name: 'Alex Morgan', email: EMAIL },
    address: { street: 'Molenweg', houseNumber: '21', postcode: '5611 AB', city: 'Eindhoven' },
    workOrders: [{ id: `${number}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    ...extra,
  });
  const contact = (id: string, sender: string, daysFromNow: number, code: string, subject: string) =>
    m(id, sender, daysFromNow, {
      type: 'contact_logged',
      contactMoment: code,
      channel: 'telefoon',
      staffName: 'Petra',
      spokeWith: 'Alex Morgan',
      subject,
      summary: `${subject}: besproken.`,
    });
  /** Intake, handed to the combi, the planning call and a provisional week 50 days ahead. */
  const prepared = (start: number) => [
    contact('b', 'netbeheer-zuid', start, 'B', 'Intake'),
    m('h', 'netbeheer-zuid', start, { type: 'handed_to_combi', workOrderIds: [`${number}-E`], contractor: 'van-der-berg-infra' }),
    contact('k1', 'van-der-berg-infra', start + 1, '1', 'Planning'),
    m('p1', 'van-der-berg-infra', start + 1, {
      type: 'planning_changed',
      provisionalWeek: isoWeekOf(date(50)),
      reason: 'voorlopige week afgesproken',
    }),
  ];
  /** Prepared, then a firm start date (by default in three weeks) and the inspection a week before it. */
  const firm = (start: number, startIn = 21) => [
    ...prepared(start),
    contact('k2', 'van-der-berg-infra', start + 2, '2', 'Startdatum'),
    m('p2', 'van-der-berg-infra', start + 2, {
      type: 'planning_changed',
      confirmedStart: { date: date(startIn), part: 'ochtend' },
      reason: 'startdatum afgesproken',
    }),
    m('i1', 'van-der-berg-infra', start + 2, { type: 'inspection_planned', date: date(startIn - 7), part: 'middag' }),
  ];
  return { number, m, submitted, prepared, firm };
}

type Check = (page: Page) => Promise<void>;
type State = { name: string; number: string; messages: Message[]; nl: Check; en: Check };

/**
 * A date in the next step's sentence carries its year exactly when it is not this year's: the
 * line under it ("Uiterste datum …: maandag 11 januari 2027") always does.
 */
async function yearOnlyOutsideThisYear(page: Page) {
  const [sentence = '', dateLine = ''] = await page.locator('.next-step p').allTextContents();
  const year = /(?<!\d)(\d{4})(?!\d)/.exec(dateLine)?.[1] as string;
  expect(year, dateLine).toMatch(/^\d{4}$/);
  expect(sentence.includes(year), sentence).toBe(year !== new Date().toISOString().slice(0, 4));
}

const current = (page: Page) => page.locator('.phase-bar [aria-current="step"]');
const heading = (page: Page, name: string | RegExp) => expect(page.getByRole('heading', { name })).toBeVisible();

function states(): State[] {
  const ordering = request('BEST', 1);
  const preparing = request('VOOR', 8);
  const delivering = request('LEV', 8);
  const delivered = request('OPL', 40);
  const stagnated = request('STIL', 8);
  const cancelled = request('ANN', 8);
  const overdue = request('LATE', 30);
  // More than 18 weeks ago, a wish date long gone: the legal outer term has passed.
  const legal = request('WET', 130, { wishDate: date(-100) });
  return [
    {
      name: 'fase-bestellen',
      ...ordering,
      messages: [ordering.submitted],
      nl: async (page) => {
        await expect(current(page)).toContainText('Bestellen');
        await expect(page.locator('.next-step')).toContainText('Netbeheer Zuid belt u uiterlijk');
      },
      en: async (page) => {
        await expect(current(page)).toContainText('Ordering');
        await expect(page.locator('.next-step')).toContainText('Netbeheer Zuid will call you by');
      },
    },
    {
      name: 'fase-voorbereiden',
      ...preparing,
      messages: [preparing.submitted, ...preparing.prepared(-6)],
      nl: async (page) => {
        await expect(current(page)).toContainText('Voorbereiden');
        await expect(page.locator('dt', { hasText: 'Voorlopige uitvoerweek' })).toBeVisible();
        await yearOnlyOutsideThisYear(page);
      },
      en: async (page) => {
        await expect(current(page)).toContainText('Preparation');
        await expect(page.locator('dt', { hasText: 'Provisional week' })).toBeVisible();
        await yearOnlyOutsideThisYear(page);
      },
    },
    {
      name: 'fase-leveren',
      ...delivering,
      messages: [delivering.submitted, ...delivering.firm(-6)],
      nl: async (page) => {
        await expect(current(page)).toContainText('Leveren');
        await expect(page.locator('dt', { hasText: 'Startdatum' })).toBeVisible();
        await expect(page.locator('.next-step')).toContainText('Van der Berg Infra komt op');
      },
      en: async (page) => {
        await expect(current(page)).toContainText('Delivery');
        await expect(page.locator('dt', { hasText: 'Start date' })).toBeVisible();
        await expect(page.locator('.next-step')).toContainText('Van der Berg Infra will visit on');
      },
    },
    {
      name: 'opgeleverd',
      ...delivered,
      messages: [
        delivered.submitted,
        // The inspection ten days ago, the work started a week ago and was reported done yesterday.
        ...delivered.firm(-30, -7),
        delivered.m('i2', 'van-der-berg-infra', -10, { type: 'inspection_done', approved: true }),
        delivered.m('tg', 'van-der-berg-infra', -1, { type: 'work_order_completed', workOrderId: `${delivered.number}-E` }),
      ],
      nl: async (page) => {
        await heading(page, 'Uw aansluiting is opgeleverd');
        // The start date lies in the past: no appointment to add to a calendar any more.
        await expect(page.locator('dt', { hasText: 'Startdatum' })).toBeVisible();
        await expect(page.getByRole('link', { name: /Zet in uw agenda/ })).toHaveCount(0);
        await expect(page.locator('.phase-bar li').last()).toContainText('klaar');
      },
      en: async (page) => {
        await heading(page, 'Your connection is complete');
        await expect(page.getByRole('link', { name: /Add to your calendar/ })).toHaveCount(0);
      },
    },
    {
      name: 'stagnatie',
      ...stagnated,
      messages: [
        stagnated.submitted,
        ...stagnated.prepared(-6),
        stagnated.m('s', 'van-der-berg-infra', -1, {
          type: 'stagnation_reported',
          cause: 'klant',
          reason: 'wij wachten op de tekening van de meterkast',
        }),
      ],
      nl: async (page) => {
        await heading(page, 'Uw aanvraag staat stil');
      },
      en: async (page) => {
        await heading(page, 'Your request is on hold');
      },
    },
    {
      name: 'geannuleerd',
      ...cancelled,
      messages: [
        cancelled.submitted,
        ...cancelled.prepared(-6),
        cancelled.m('x', 'netbeheer-zuid', -1, { type: 'request_cancelled', reason: 'u heeft de aanvraag ingetrokken' }),
      ],
      nl: async (page) => {
        await expect(page.locator('main')).toContainText('Deze aanvraag is geannuleerd op');
        await expect(page.locator('.next-step')).toHaveCount(0);
        // The week agreed before the cancellation no longer holds: only the history has it.
        await expect(page.locator('dt', { hasText: 'Voorlopige uitvoerweek' })).toHaveCount(0);
      },
      en: async (page) => {
        await expect(page.locator('main')).toContainText('This request was cancelled on');
        await expect(page.locator('.next-step')).toHaveCount(0);
        await expect(page.locator('dt', { hasText: 'Provisional week' })).toHaveCount(0);
      },
    },
    {
      name: 'te-laat',
      ...overdue,
      messages: [overdue.submitted],
      nl: async (page) => {
        await expect(page.locator('.next-step').getByRole('heading')).toHaveText('Volgende stap: later dan afgesproken');
      },
      en: async (page) => {
        await expect(page.locator('.next-step').getByRole('heading')).toHaveText('Next step: later than agreed');
      },
    },
    {
      name: 'wettelijke-termijn-voorbij',
      ...legal,
      messages: [legal.submitted],
      nl: async (page) => {
        await expect(page.locator('.legal-overrun').getByRole('heading', { level: 2 })).toHaveText(
          'Later dan de wettelijke termijn',
        );
      },
      en: async (page) => {
        await expect(page.locator('.legal-overrun').getByRole('heading', { level: 2 })).toHaveText('Later than the legal term');
      },
    },
  ];
}

async function send(request: APIRequestContext, messages: Message[]) {
  // In the order given, one batch per run of messages from the same sender.
  for (let i = 0; i < messages.length; ) {
    const sender = messages[i]?.sender as string;
    const run: Record<string, unknown>[] = [];
    for (; messages[i]?.sender === sender; i++) {
      const { sender: _, ...body } = messages[i] as Message;
      run.push(body);
    }
    const res = await request.post('/api/v1/berichten', {
      headers: { authorization: `Bearer ${apiKey(sender)}` },
      data: { berichten: run },
    });
    expect(res.status(), await res.text()).toBe(201);
  }
}

async function signIn(page: Page) {
  const before = await mailCount();
  await page.goto('/volg');
  await page.getByLabel('E-mailadres').fill(EMAIL);
  await page.getByRole('button', { name: 'Stuur mij een inlogcode' }).last().click();
  const mail = await mailTo(EMAIL, 'Uw inlogcode', before);
  await page.getByLabel('Inlogcode').fill(mail.subject.split(': ')[1] ?? '');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uw aanvragen');
}

/** The text of the page's main content without what staff wrote (kept as written, marked Dutch). */
const ownText = (page: Page) =>
  page.locator('main').evaluate((main) => {
    const copy = main.cloneNode(true) as HTMLElement;
    for (const staff of copy.querySelectorAll('[lang="nl"]')) staff.remove();
    return copy.textContent ?? '';
  });

test('every customer page state, in Dutch and English, at 1280 and 320 px: its own words, 0 axe violations, a screenshot', async ({
  page,
  request,
}) => {
  const table = states();
  for (const s of table) await send(request, s.messages);
  await signIn(page);
  for (const s of table) {
    for (const lang of ['nl', 'en'] as const satisfies Lang[]) {
      await test.step(`${s.name} (${lang})`, async () => {
        const response = await page.goto(`${lang === 'en' ? '/en' : ''}/volg/${s.number}`);
        expect(response?.status()).toBe(200);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${lang === 'en' ? 'Request' : 'Aanvraag'} ${s.number}`);
        // The way to the same page in the other language.
        await expect(page.getByRole('link', { name: lang === 'en' ? 'Nederlands' : 'English', exact: true })).toHaveAttribute(
          'href',
          `${lang === 'en' ? '' : '/en'}/volg/${s.number}`,
        );
        if (lang === 'en')
          expect((await ownText(page)).match(DUTCH)?.[0], `Dutch on the English page (${s.name})`).toBeUndefined();
        for (const width of [1280, 320]) {
          await page.setViewportSize({ width, height: 900 });
          await s[lang](page);
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `sideways at ${width}`).toBeLessThanOrEqual(
            width,
          );
          await noAxeViolations(page);
          await page.screenshot({ path: `test-results/states/${s.name}-${lang}-${width}.png`, fullPage: true });
        }
        await page.setViewportSize({ width: 1280, height: 900 });
      });
    }
  }
});
