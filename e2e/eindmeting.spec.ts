import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { apiKey, mailTo } from './fixtures.ts';

test('the eindmeting: mailed on oplevering, answered on a phone without JavaScript, once', async ({ browser, request }) => {
  const number = `MA-E2E-EIND-${Date.now().toString(36).toUpperCase()}`;
  const email = `${number.toLowerCase()}@example.com`;
  const at = (h: number) => new Date(Date.now() - (48 - h) * 3_600_000).toISOString();
  const send = async (org: string, berichten: Record<string, unknown>[]) => {
    const res = await request.post('/api/v1/berichten', {
      headers: { authorization: `Bearer ${apiKey(org)}` },
      data: { berichten },
    });
    expect(res.status()).toBe(201);
  };
  await send('netbeheer-zuid', [
    {
      id: `${number}-s`,
      type: 'request_submitted',
      requestNumber: number,
      occurredAt: at(0),
      kind: 'nieuwe_aansluiting',
      combi: 'brabant-oost',
      applicant: { name: 'Sanne de Vries', email },
      address: { street: 'Molenweg', houseNumber: '12', postcode: '5611 AB', city: 'Eindhoven' },
      workOrders: [{ id: `${number}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    },
    {
      id: `${number}-h`,
      type: 'handed_to_combi',
      requestNumber: number,
      occurredAt: at(1),
      workOrderIds: [`${number}-E`],
      contractor: 'kempen-kabel',
    },
  ]);
  await send('kempen-kabel', [
    { id: `${number}-tg`, type: 'work_order_completed', requestNumber: number, occurredAt: at(2), workOrderId: `${number}-E` },
  ]);

  const mail = await mailTo(email, 'Hoe ging de aanleg van uw aansluiting?');
  const link = /\/enquete\/[a-z2-7]{24}\.[a-z2-7]{40}/.exec(mail.text ?? '')?.[0] ?? '';
  expect(link).not.toBe('');

  // Looking does not use the link up: first axe on the form, in a browser with JavaScript.
  const withJs = await browser.newContext();
  const look = await withJs.newPage();
  await look.goto(link);
  const axe = await new AxeBuilder({ page: look }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations).toEqual([]);
  await withJs.close();

  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
  const page = await context.newPage();
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hoe ging uw aansluiting?');
  await expect(page.getByText('aangelegd door Kempen Kabel & Leiding')).toBeVisible();
  await page.screenshot({ path: 'test-results/eindmeting-mobiel.png', fullPage: true });
  await page.getByRole('group', { name: 'Welk cijfer geeft u het hele traject?' }).getByLabel('8', { exact: true }).check();
  await page
    .getByRole('group', { name: /Hoeveel moeite kostte het/ })
    .getByLabel(/^2/)
    .check();
  await page.getByLabel(/Wat kunnen we beter doen/).fill('Eerder bellen <graag>.');
  await page.getByRole('button', { name: 'Versturen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bedankt');

  const again = await page.goto(link);
  expect(again?.status()).toBe(410);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('U heeft deze vragenlijst al ingevuld');
  await context.close();
});
