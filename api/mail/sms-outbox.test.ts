import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../http/logger.ts';
import type { Store } from '../storage/store.ts';
import { openTestStore } from '../storage/testing/test-store.ts';
import { type FakeResend, startFakeResend } from './fake-resend.ts';
import { type FakeSms, startFakeSms } from './fake-sms.ts';
import { startOutboxWorker } from './outbox-worker.ts';
import { resendSender } from './resend-sender.ts';
import { httpSmsSender } from './sms-sender.ts';

let resend: FakeResend;
let sms: FakeSms;
let store: Store;

beforeAll(async () => {
  resend = await startFakeResend();
  sms = await startFakeSms();
});
afterAll(async () => {
  await resend.close();
  await sms.close();
});
beforeEach(async () => {
  await fetch(`${resend.url}/emails`, { method: 'DELETE' });
  await fetch(`${sms.url}/messages`, { method: 'DELETE' });
  store = await openTestStore();
  await store.outbox.enqueue({
    idempotencyKey: 'mail-1',
    kind: 'test',
    to: 'a@example.com',
    subject: 'Mail',
    html: '<p>x</p>',
    text: 'x',
  });
  await store.outbox.enqueue({
    idempotencyKey: 'sms-1',
    kind: 'helpdesk',
    channel: 'sms',
    to: '+31612345678',
    subject: 'SMS',
    html: '',
    text: 'Hoe ging het? https://traject.example/enquete/x',
  });
});

afterEach(() => store.close());

function worker(withSms: boolean) {
  return startOutboxWorker({
    outbox: store.outbox,
    send: resendSender({ apiKey: 're_test', baseUrl: resend.url, from: 'Traject <noreply@traject.example>' }),
    ...(withSms && { sms: httpSmsSender({ apiUrl: sms.url, apiKey: 'sms_test', from: 'Traject' }) }),
    log: createLogger('silent'),
    intervalMs: 60_000,
    backoffMs: () => 0,
  });
}

describe('the outbox with an SMS channel', () => {
  it('sends mail as before and leaves SMS waiting while no SMS provider is configured', async () => {
    const w = worker(false);
    expect(await w.drain()).toBe(1);
    await w.stop();
    expect(resend.mails.map((m) => m.to)).toEqual([['a@example.com']]);
    expect(sms.messages).toHaveLength(0);
    expect(await store.outbox.counts()).toEqual({ pending: 1, sent: 1, failed: 0 });
  });

  it('sends the SMS to the provider with its idempotency key, once, also after a failed attempt', async () => {
    await fetch(`${sms.url}/_fake/failures`, { method: 'POST', body: JSON.stringify({ count: 1 }) });
    const w = worker(true);
    await w.drain();
    await w.drain();
    await w.stop();
    expect(sms.messages).toEqual([
      expect.objectContaining({
        to: '+31612345678',
        from: 'Traject',
        idempotencyKey: 'sms-1',
        body: expect.stringContaining('/enquete/'),
      }),
    ]);
    expect(resend.mails).toHaveLength(1);
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 2, failed: 0 });
  });
});
