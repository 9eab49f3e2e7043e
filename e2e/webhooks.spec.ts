/**
 * The webhooks page in Chromium: an organisation admin adds an endpoint (a receiver on a loopback
 * port of this test), sees a delivery arrive with the endpoint's answer, and sends it again; axe
 * on the page at 1280 and at 375 px.
 */
import { generateTOTP } from '@oslojs/otp';
import { expect, test } from '@playwright/test';
import { Webhook } from 'standardwebhooks';
import { startReceiver } from '../api/webhooks/test-receiver.ts';
import { apiKey, noAxeViolations, signIn } from './fixtures.ts';

test('an organisation admin adds a webhook endpoint, sees its deliveries and sends one again', async ({ page }) => {
  test.slow();
  const receiver = await startReceiver((_, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ontvangen'));
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    const { key } = await signIn(page, 'beheer@peelland.example');
    await page.getByLabel(/Code uit de app/).fill(generateTOTP(key, 30, 6));
    await page.getByRole('button', { name: 'Koppelen en inloggen' }).click();
    await page.getByRole('link', { name: 'Verder naar Traject beheer' }).click();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Webhooks');
    await noAxeViolations(page);

    const add = page.locator('form', { has: page.getByRole('group', { name: 'Nieuw webhook-adres' }) });
    await add.getByLabel(/Adres \(URL\)/).fill(`${receiver.url}/peelland`);
    await add.getByLabel('De fase van de aanvraag veranderde (ook bij indienen en annuleren)').check();
    await add.getByRole('button', { name: 'Adres toevoegen' }).click();
    const secret = (await page.locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('link', { name: 'Terug naar de webhooks' }).click();
    expect(await page.content()).not.toContain(secret);

    // A new aanvraag in combi Peelland: its status changes, and the endpoint hears of it.
    const number = `MA-2026-WH${String(Date.now()).slice(-6)}`;
    const res = await fetch(new URL('/api/v1/berichten', page.url()), {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey('netbeheer-zuid')}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        berichten: [
          {
            id: `${number}-submitted`,
            type: 'request_submitted',
            requestNumber: number,
            occurredAt: '2026-11-02T10:00:00+01:00',
            kind: 'nieuwe_aansluiting',
            combi: 'peelland',
            applicant: { name: 'Piet Peel', email: 'piet@example.com' },
            address: { street: 'Kerkstraat', houseNumber: '3', postcode: '5751 AB', city: 'Deurne' },
            workOrders: [{ id: `${number}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
          },
        ],
      }),
    });
    expect(res.status).toBe(201);
    const [delivery] = await receiver.waitFor(1, 20_000);
    if (!delivery) throw new Error('no delivery');
    expect((new Webhook(secret).verify(delivery.body, delivery.headers) as { type: string }).type).toBe(
      'aanvraag.status_gewijzigd',
    );

    await page.reload();
    const table = page.getByRole('table', { name: /Laatste meldingen/ });
    await expect(table).toContainText('HTTP 200');
    await expect(table).toContainText('ontvangen');
    await noAxeViolations(page);
    await page.screenshot({ path: 'test-results/beheer-webhooks.png', fullPage: true });

    await table
      .getByRole('button', { name: /Opnieuw versturen/ })
      .first()
      .click();
    await expect(page.getByRole('status')).toContainText('opnieuw te versturen');
    const again = await receiver.waitFor(2, 20_000);
    expect(again[1]?.headers['webhook-id']).toBe(delivery.headers['webhook-id']);

    await page.setViewportSize({ width: 375, height: 800 });
    await page.reload();
    await noAxeViolations(page);
    // Nothing sticks out of the narrow screen but the scrolling table.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.screenshot({ path: 'test-results/beheer-webhooks-375.png', fullPage: true });
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter(
          (e) =>
            (!e.parentElement?.closest('.table-scroll') &&
              e.getBoundingClientRect().right > document.documentElement.clientWidth + 1) ||
            e.scrollWidth > document.documentElement.clientWidth + 1,
        )
        .slice(0, 8)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)} ${e.scrollWidth}`),
    );
    expect(overflow, wide.join(' | ')).toBeLessThanOrEqual(0);
  } finally {
    await receiver.close();
  }
});
