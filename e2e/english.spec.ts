/**
 * English, all of it: from the English home page through sign-in to the track & trace page, the
 * mails of a customer who chose English, and the way back, each page with 0 axe violations and
 * screenshots at 1280 and 320 px (test-results/english-*.png).
 */
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { apiKey, mailCount, mailTo, noAxeViolations } from './fixtures.ts';

const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** Checks the page with axe and takes its screenshots, wide and narrow. */
async function look(page: Page, name: string) {
  await noAxeViolations(page);
  for (const width of [1280, 320]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/english-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Sends messages about one aanvraag, each with an id of its own. */
function sender(request: APIRequestContext, number: string) {
  let sent = 0;
  return async (organisation: string, berichten: Record<string, unknown>[]) => {
    const res = await request.post('/api/v1/berichten', {
      headers: { authorization: `Bearer ${apiKey(organisation)}` },
      data: { berichten: berichten.map((b) => ({ requestNumber: number, id: `${number}-${++sent}`, ...b })) },
    });
    expect(res.status(), await res.text()).toBe(201);
  };
}

/** A new aanvraag of an English-speaking customer at Molenweg `house`: its number, address, sender and submission. */
function englishCustomer(request: APIRequestContext, tag: string, house: string) {
  const number = `MA-E2E-${tag}-${Date.now().toString(36).toUpperCase()}`;
  const email = `customer-${number.toLowerCase()}@example.com`;
  const submitted = {
    type: 'request_submitted',
    occurredAt: at(-3),
    kind: 'nieuwe_aansluiting',
    combi: 'brabant-oost',
    applicant: { name: 'Alex Morgan', email },
    address: { street: 'Molenweg', houseNumber: house, postcode: '5611 AB', city: 'Eindhoven' },
    workOrders: [{ id: `${number}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
  };
  return { number, email, send: sender(request, number), submitted };
}

/** The words of the Dutch pages that must not show on an English one. */
const DUTCH = /Volgende stap|Inloggen|Aanvraagnummer|Uw aanvraag|Planning gewijzigd|belt u|uiterlijk|Opslaan|Uitloggen/;

test('an English customer signs in from /en/, follows the aanvraag in English and gets English mails', async ({
  page,
  request,
}) => {
  const { number, email, send, submitted } = englishCustomer(request, 'EN', '14');
  await send('netbeheer-zuid', [
    submitted,
    {
      type: 'contact_logged',
      occurredAt: at(-2),
      contactMoment: 'B',
      channel: 'telefoon',
      staffName: 'Petra',
      spokeWith: 'Alex Morgan',
      subject: 'Intake van de aanvraag',
      summary: 'Aanvraag doorgenomen; de meterkast is in orde.',
    },
    { type: 'handed_to_combi', occurredAt: at(-2), workOrderIds: [`${number}-E`], contractor: 'van-der-berg-infra' },
  ]);

  // From the English home page, "Track your request" leads to the English sign-in.
  await page.goto('/en/');
  await page.getByRole('link', { name: 'Track your request' }).first().click();
  await expect(page).toHaveURL(/\/en\/volg$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Track your request');
  await expect(page.locator('main')).not.toContainText(DUTCH);
  await look(page, 'sign-in');

  // A wrong entry is answered in English, on the English page.
  await page.getByLabel('Request number').fill('MA-1');
  await page.getByLabel('Postcode').fill('5611 AB');
  await page.getByLabel('House number').fill('14a');
  await page
    .locator('form')
    .filter({ hasText: 'House number' })
    .evaluate((f: HTMLFormElement) => {
      f.noValidate = true;
    });
  await page.getByRole('button', { name: 'Send me a sign-in code' }).first().click();
  await expect(page).toHaveURL(/\/en\/volg\?fout=gegevens$/);
  await expect(page.getByRole('alert')).toContainText('Please enter a request number');

  const before = await mailCount();
  await page.getByLabel('Request number').fill(number.toLowerCase());
  await page.getByLabel('Postcode').fill('5611 ab');
  await page.getByLabel('House number').fill('14');
  await page.getByRole('button', { name: 'Send me a sign-in code' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter your sign-in code');
  await expect(page.locator('main')).not.toContainText(DUTCH);
  await look(page, 'code');
  const codeMail = await mailTo(email, 'Your sign-in code for Traject: ', before);
  expect(codeMail.text).toContain('The code works for');
  await page.getByLabel('Sign-in code').fill(codeMail.subject.split(': ')[1] ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();

  // The English track & trace page: the words around the staff's texts are English.
  await expect(page).toHaveURL(new RegExp(`/en/volg/${number}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Request ${number}`);
  await expect(page.locator('.next-step')).toContainText('Van der Berg Infra will call you by');
  const history = page.locator('.timeline');
  await expect(history).toContainText('Order passed to the contractor');
  // The staff's subject and summary stay as written, marked as Dutch for screen readers.
  await expect(history.locator('strong[lang="nl"]')).toHaveText('Intake van de aanvraag');
  await expect(history.locator('p[lang="nl"]')).toHaveText('Aanvraag doorgenomen; de meterkast is in orde.');
  await expect(page.locator('main')).not.toContainText(DUTCH);
  await expect(page.getByRole('radio', { name: 'English' })).toBeChecked();
  await look(page, 'track-and-trace');

  // Signing in from the English pages chose English: the next mail is English.
  const beforePlanning = await mailCount();
  await send('van-der-berg-infra', [
    { type: 'planning_changed', occurredAt: at(-1), provisionalWeek: '2027-W10', reason: 'voorlopige uitvoerweek afgesproken' },
  ]);
  const planningMail = await mailTo(email, `The planning of request ${number} has changed`, beforePlanning);
  expect(planningMail.text).toContain('Dear Alex Morgan,');
  expect(planningMail.text).toContain('Provisional week: Monday, 8 March 2027 to Friday, 12 March 2027 (not fixed yet)');
  expect(planningMail.text).toContain('voorlopige uitvoerweek afgesproken (Van der Berg Infra)');
  expect(planningMail.text).not.toMatch(/Beste|Afmelden|Voorlopige uitvoerweek:/);
  await page.reload();
  await expect(history).toContainText('Planning changed: voorlopige uitvoerweek afgesproken');
  await expect(history.locator('span[lang="nl"]')).toHaveText('voorlopige uitvoerweek afgesproken');

  // The mails' language is the customer's choice on the page, kept after signing in again.
  await page.getByRole('radio', { name: 'Nederlands' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('main').getByRole('status')).toHaveText('Your choice has been saved.');
  const beforeDutch = await mailCount();
  await send('van-der-berg-infra', [
    { type: 'planning_changed', occurredAt: at(0), provisionalWeek: '2027-W11', reason: 'week verschoven' },
  ]);
  await mailTo(email, `De planning van aanvraag ${number} is gewijzigd`, beforeDutch);

  // Signing out comes back to the English sign-in.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/en\/volg\?uitgelogd=1$/);
  await expect(page.locator('main').getByRole('status')).toHaveText('You have signed out.');
  // Without a session, the English page sends the customer to the English sign-in.
  await page.goto(`/en/volg/${number}`);
  await expect(page).toHaveURL(/\/en\/volg\?fout=inloggen$/);
  await expect(page.getByRole('alert')).toHaveText('Please sign in first to do that.');
});

test('an English customer gets the eindmeting in English and answers it on the English survey page', async ({
  page,
  request,
}) => {
  const { number, email, send, submitted } = englishCustomer(request, 'ENS', '16');
  await send('netbeheer-zuid', [
    submitted,
    { type: 'handed_to_combi', occurredAt: at(-2), workOrderIds: [`${number}-E`], contractor: 'kempen-kabel' },
  ]);
  // The customer chooses English by signing in from the English pages.
  const before = await mailCount();
  await page.goto('/en/volg');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'Send me a sign-in code' }).last().click();
  const code = await mailTo(email, 'Your sign-in code for Traject: ', before);
  await page.getByLabel('Sign-in code').fill(code.subject.split(': ')[1] ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/en/volg/${number}$`));

  await send('kempen-kabel', [{ type: 'work_order_completed', occurredAt: at(-1), workOrderId: `${number}-E` }]);
  const invitation = await mailTo(email, 'How did the construction of your connection go?', before);
  expect(invitation.text).toContain('Your connection has been completed by Kempen Kabel & Leiding.');
  const link = /\/en\/enquete\/[a-z2-7]{24}\.[a-z2-7]{40}/.exec(invitation.text ?? '')?.[0] ?? '';
  expect(link).not.toBe('');

  await page.goto(link);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How did your connection go?');
  await expect(page.getByText('Your connection was built by Kempen Kabel & Leiding')).toBeVisible();
  await expect(page.locator('main')).not.toContainText(/Hoeveel|Versturen|Welk cijfer|niet verplicht/);
  await look(page, 'survey');
  await page
    .getByRole('group', { name: 'What mark out of 10 do you give the whole process?' })
    .getByLabel('8', { exact: true })
    .check();
  await page.getByLabel(/What could we do better/).fill('Call a little earlier, please.');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page).toHaveURL(/\/en\/enquete\/bedankt$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you');
  await expect(page.locator('main')).toContainText('Your answers go to the grid operator and the contractor');
  await look(page, 'survey-thanks');
});

test('the feedback widget speaks the language of its host page, and says so', async ({ page }) => {
  await page.goto('/en/');
  await page.getByRole('button', { name: 'Feedback' }).click();
  const form = page.getByRole('dialog', { name: 'Give feedback' });
  await expect(form).toBeVisible();
  // The widgets' root carries the language they speak.
  await expect(page.locator('traject-widgets')).toHaveAttribute('lang', 'en');
  await expect(form.getByRole('group', { name: 'What do you think of this website?' })).toBeVisible();
  await expect(form.getByRole('button', { name: 'Send' })).toBeVisible();
  await expect(form).not.toContainText(/Versturen|Uw feedback|verplicht/);
  await look(page, 'widget');
  await form.getByRole('button', { name: 'Send' }).click();
  // The required answer is asked for in English.
  await expect(form.getByText('Please fill this in.')).toBeVisible();
  await page.keyboard.press('Escape');

  // A Dutch page keeps the Dutch widget.
  await page.goto('/');
  await page.getByRole('button', { name: 'Feedback' }).click();
  const dutch = page.getByRole('dialog', { name: 'Feedback geven' });
  await expect(page.locator('traject-widgets')).toHaveAttribute('lang', 'nl');
  await expect(dutch.getByRole('button', { name: 'Versturen' })).toBeVisible();
});

test('the phase pages are in English from the English home page, and link to each other in English', async ({ page }) => {
  await page.goto('/en/');
  await page.getByRole('link', { name: 'Preparation' }).click();
  await expect(page).toHaveURL(/\/en\/phases\/voorbereiden\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Preparation');
  await expect(page.getByRole('heading', { name: 'What do you do yourself?' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Get the meter cupboard ready' })).toBeVisible();
  await expect(page.getByRole('link', { name: /1a Progress and planning updates/ })).toBeVisible();
  await expect(page.locator('main')).toContainText('When: When needed, and always when the planning shifts.');
  await expect(page.locator('main')).not.toContainText(/Wat gebeurt er|Wanneer|Vorige fase|De aannemer/);
  await look(page, 'phase');
  await page.getByRole('link', { name: 'Next phase: Delivery →' }).click();
  await expect(page).toHaveURL(/\/en\/phases\/leveren\/$/);
  await page.getByRole('link', { name: 'Nederlands' }).click();
  await expect(page).toHaveURL(/\/fasen\/leveren\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Leveren');
});

test('the questions and the glossary are in English from the English menu, each Dutch word the customer meets beside its term', async ({
  page,
}) => {
  await page.goto('/en/');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Questions' }).click();
  await expect(page).toHaveURL(/\/en\/faq\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Frequently asked questions');
  await expect(page.getByRole('heading', { name: 'Who is my contact person?' })).toBeVisible();
  await expect(page.locator('main')).not.toContainText(/Wie is mijn|aannemer|netbeheerder|Veelgestelde/);
  await look(page, 'faq');
  // A link in an answer stays on the English site.
  await page.getByRole('link', { name: 'meter cupboard' }).click();
  await expect(page).toHaveURL(/\/en\/glossary\/#meter-cupboard$/);
  await expect(page.locator('#meter-cupboard dt')).toHaveText('Meter cupboard (in Dutch: meterkast)');
  await expect(page.locator('#meter-cupboard [lang="nl"]')).toHaveText('meterkast');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Glossary');
  await look(page, 'glossary');
  await page.getByRole('link', { name: 'Nederlands' }).click();
  await expect(page).toHaveURL(/\/begrippen\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/en\/glossary\/$/);
  await page.goto('/veelgestelde-vragen/');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/en\/faq\/$/);
});
