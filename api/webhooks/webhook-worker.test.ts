/**
 * The webhook worker on a real store (SQLite and PostgreSQL) against a real receiver, on a clock
 * the test moves: retries with backoff and the same event id, disabling after failing for days
 * with a mail to the admins, and the bounds of a delivery (timeout, no redirects, a short answer).
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import { DAY_MS } from '../../domain/calendar.ts';
import type { Message } from '../../domain/messages.ts';
import type { WebhookEvent } from '../../domain/webhooks.ts';
import { secretBox } from '../auth/secret-box.ts';
import { addCallbackRequest, registerEndpoint, saveSurveyResponse } from '../core/webhooks.ts';
import { createLogger } from '../http/logger.ts';
import type { OrganisationRecord, Store } from '../storage/store.ts';
import { openTestStore } from '../storage/testing/test-store.ts';
import { contactLogged, submission } from '../testing.ts';
import { startReceiver } from './test-receiver.ts';
import { startWebhookWorker } from './webhook-worker.ts';

const box = secretBox(randomBytes(32));
let store: Store;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let clock: Date;
const log = createLogger('silent');
const at = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

const worker = (options: { disableAfterMs?: number; timeoutMs?: number } = {}) =>
  startWebhookWorker({
    outbox: store.outbox,
    webhooks: store.webhooks,
    staff: store.staff,
    box,
    log,
    production: false,
    now: () => clock,
    intervalMs: 3_600_000,
    ...options,
  });
const send = async (message: Message, from = 'netbeheer-zuid') =>
  expect((await store.ingest([{ sender: store.organisation(from) as OrganisationRecord, message }]))[0]?.result).toBe('accepted');
const register = async (org: string, path: string, events: readonly WebhookEvent[] = ['aanvraag.contactmoment_vastgelegd']) => {
  const made = await registerEndpoint(store.webhooks, { production: false, box }, org, { url: `${receiver.url}${path}`, events });
  if ('refused' in made) throw new Error(made.refused.message);
  return made;
};

beforeEach(async () => {
  store = await openTestStore();
  await seedDirectory(store);
  receiver = await startReceiver();
  // From the real now: deliveries are queued at the real time, so they are due from then on.
  clock = new Date(Date.now() + 1000);
  await send(submission('MA-2026-WORK01'));
});
afterEach(async () => {
  await receiver.close();
  await store.close();
});

describe('the webhook worker', () => {
  it('retries a failed delivery later and later, with the same event id, until the endpoint takes it', async () => {
    const { endpoint, secret } = await register('kempen-kabel', '/k');
    receiver.answerWith((_, res) => res.writeHead(503).end('x'.repeat(5000)));
    await send(contactLogged('MA-2026-WORK01', 'work-c1'));
    const hooks = worker();
    expect(await hooks.drain()).toBe(0);
    let [delivery] = await store.webhooks.deliveries('kempen-kabel', endpoint.id, 10);
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
    expect(delivery?.nextAttemptAt.getTime()).toBe(clock.getTime() + 5000);
    expect(delivery?.latest[0]).toMatchObject({ statusCode: 503 });
    expect(delivery?.latest[0]?.answer).toHaveLength(300);
    // Not due yet: nothing goes.
    await hooks.drain();
    expect(receiver.received).toHaveLength(1);
    at(5000);
    await hooks.drain();
    [delivery] = await store.webhooks.deliveries('kempen-kabel', endpoint.id, 10);
    expect(delivery?.nextAttemptAt.getTime()).toBe(clock.getTime() + 300_000);
    expect((await store.webhooks.endpoint('kempen-kabel', endpoint.id))?.failingSince).not.toBeNull();
    receiver.answerWith((_, res) => res.writeHead(200).end('ok'));
    at(300_000);
    expect(await hooks.drain()).toBe(1);
    const ids = receiver.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    expect(ids).toHaveLength(3);
    // Each attempt is signed anew, at its own time, and verifies.
    const last = receiver.received.at(-1);
    if (!last) throw new Error('nothing arrived');
    expect(Number(last.headers['webhook-timestamp'])).toBe(Math.floor(clock.getTime() / 1000));
    expect(() =>
      new Webhook(secret).verify(last.body, { ...last.headers, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) }),
    ).toThrow();
    [delivery] = await store.webhooks.deliveries('kempen-kabel', endpoint.id, 10);
    expect(delivery).toMatchObject({ status: 'sent' });
    expect(delivery?.latest.map((a) => a.statusCode)).toEqual([200, 503, 503]);
    expect((await store.webhooks.endpoint('kempen-kabel', endpoint.id))?.failingSince).toBeNull();
    await hooks.stop();
  });

  it('gives every endpoint the same event id for the same event, and a repeated message causes no second one', async () => {
    await register('kempen-kabel', '/k');
    await register('netbeheer-zuid', '/n');
    await register('peelbouw', '/p');
    const message = contactLogged('MA-2026-WORK01', 'work-c2');
    await send(message);
    expect(
      (await store.ingest([{ sender: store.organisation('netbeheer-zuid') as OrganisationRecord, message }]))[0]?.result,
    ).toBe('duplicate');
    const hooks = worker();
    expect(await hooks.drain()).toBe(2);
    expect(receiver.received.map((r) => r.path).sort()).toEqual(['/k', '/n']);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    await hooks.stop();
  });

  it('disables an endpoint that fails for days, fails what still waits for it and mails the admins', async () => {
    const admin = await store.staff.add({
      organisation: 'kempen-kabel',
      email: 'beheer@kempen.example',
      name: 'Kim',
      role: 'admin',
    });
    const { endpoint } = await register('kempen-kabel', '/k');
    receiver.answerWith((_, res) => res.writeHead(500).end());
    await send(contactLogged('MA-2026-WORK01', 'work-c3'));
    const hooks = worker({ disableAfterMs: DAY_MS });
    await hooks.drain();
    await send(contactLogged('MA-2026-WORK01', 'work-c4'));
    at(2 * DAY_MS);
    await hooks.drain();
    const disabled = await store.webhooks.endpoint('kempen-kabel', endpoint.id);
    expect(disabled?.disabledAt).not.toBeNull();
    const deliveries = await store.webhooks.deliveries('kempen-kabel', endpoint.id, 10);
    expect(deliveries.map((d) => d.status)).toEqual(['failed', 'failed']);
    const mails = await store.outbox.due(100, clock, ['email']);
    const notice = mails.filter((m) => m.kind === 'webhook-uitgeschakeld');
    expect(notice.map((m) => m.to)).toEqual([admin.email]);
    expect(notice[0]?.text).toContain(`${receiver.url}/k`);
    // Disabled: a new event is not queued for it, and switching it on again makes it work again.
    await send(contactLogged('MA-2026-WORK01', 'work-c5'));
    expect(await store.webhooks.deliveries('kempen-kabel', endpoint.id, 10)).toHaveLength(2);
    expect(await store.webhooks.enable('kempen-kabel', endpoint.id)).toBe(true);
    expect((await store.webhooks.endpoint('kempen-kabel', endpoint.id))?.disabledAt).toBeNull();
    await hooks.stop();
  });

  it('follows no redirect, waits a bounded time and keeps only the start of an answer', async () => {
    const { endpoint } = await register('kempen-kabel', '/k');
    receiver.answerWith((_, res) => res.writeHead(302, { location: '/elders' }).end());
    await send(contactLogged('MA-2026-WORK01', 'work-c6'));
    const hooks = worker({ timeoutMs: 300 });
    await hooks.drain();
    expect(receiver.received.map((r) => r.path)).toEqual(['/k']);
    let [delivery] = await store.webhooks.deliveries('kempen-kabel', endpoint.id, 10);
    expect(delivery?.latest[0]?.statusCode).toBe(302);
    // An endpoint that never answers: the attempt ends at the timeout.
    receiver.answerWith(() => {});
    at(5000);
    const started = performance.now();
    await hooks.drain();
    expect(performance.now() - started).toBeLessThan(5000);
    [delivery] = await store.webhooks.deliveries('kempen-kabel', endpoint.id, 10);
    expect(delivery?.latest[0]).toMatchObject({ statusCode: null, error: 'geen antwoord binnen 300 ms' });
    await hooks.stop();
  });

  it('tells the organisations that take part of a clearly negative survey answer and a call-back request, once each', async () => {
    const events: WebhookEvent[] = ['enquete.negatief_beantwoord', 'terugbelverzoek.ingediend'];
    await register('kempen-kabel', '/k', events);
    await register('peelbouw', '/p', events);
    const context = { survey: 'webfeedback', requestNumber: 'MA-2026-WORK01', trigger: 'aanvraag-ingediend' };
    const answer = { id: 'resp-1', context, answers: { moeite: 7 }, completed: true, at: new Date() };
    expect((await saveSurveyResponse(store, answer, true)).result).toBe('created');
    // Sent again (a retry): the same event, not a second one.
    await saveSurveyResponse(store, answer, true);
    // Not negative: nothing.
    await saveSurveyResponse(store, { ...answer, id: 'resp-2', context: { ...context, trigger: 'x' } }, false);
    const request = {
      id: 'cb-1',
      invitationId: 'resp-1',
      survey: 'webfeedback',
      requestNumber: 'MA-2026-WORK01',
      organisation: 'netbeheer-zuid',
      phone: null,
      note: null,
      createdAt: new Date(),
    };
    expect(await addCallbackRequest(store, request)).toBe('created');
    expect(await addCallbackRequest(store, { ...request, id: 'cb-2' })).toBe('exists');
    const hooks = worker();
    expect(await hooks.drain()).toBe(2);
    // Delivered side by side: in either order.
    expect(receiver.received.map((r) => [r.path, JSON.parse(r.body).type]).sort()).toEqual([
      ['/k', 'enquete.negatief_beantwoord'],
      ['/k', 'terugbelverzoek.ingediend'],
    ]);
    for (const r of receiver.received) expect(r.body).not.toContain('moeite');
    await hooks.stop();
  });
});
