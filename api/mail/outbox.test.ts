import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import { loadContent } from '../../domain/content.ts';
import type { Message } from '../../domain/messages.ts';
import { createLogger } from '../http/logger.ts';
import type { NewOutboxMail, Store } from '../storage/store.ts';
import { openTestStore } from '../storage/testing/test-store.ts';
import { contactLogged, submission } from '../testing.ts';
import { createMailComposer } from './compose.ts';
import { type FakeResend, startFakeResend } from './fake-resend.ts';
import { MAIL_BATCH, MAX_ATTEMPTS, startOutboxWorker } from './outbox-worker.ts';
import { resendSender } from './resend-sender.ts';

let fake: FakeResend;
let store: Store;

beforeAll(async () => {
  fake = await startFakeResend(0, { hangMs: 1500 });
});
afterAll(() => fake.close());

beforeEach(async () => {
  await fetch(`${fake.url}/emails`, { method: 'DELETE' });
  const content = loadContent();
  const mail = createMailComposer({
    publicUrl: () => 'https://traject.example',
    content,
    organisations: (c) => store.organisation(c),
  });
  store = await openTestStore({ mail });
  await seedDirectory(store);
});
afterEach(() => store.close());

function worker(timeoutMs = 5000, now = () => new Date()) {
  return startOutboxWorker({
    now,
    outbox: store.outbox,
    send: resendSender({ apiKey: 're_test', baseUrl: fake.url, from: 'Traject <noreply@traject.example>' }),
    log: createLogger('silent'),
    intervalMs: 60_000,
    timeoutMs,
    backoffMs: () => 0,
  });
}

async function ingest(sender: string, ...messages: Message[]) {
  const org = store.organisation(sender);
  if (!org) throw new Error(sender);
  return store.ingest(messages.map((message) => ({ sender: org, message })));
}

const contact = (id: string) => contactLogged('MA-MAIL-1', id, { summary: 'Aanvraag doorgenomen <zonder> HTML.' });

describe('the transactional outbox', () => {
  it('writes the confirmation with the submission and delivers it through the real Resend SDK', async () => {
    await ingest('netbeheer-zuid', submission('MA-MAIL-1'));
    expect(await store.outbox.counts()).toEqual({ pending: 1, sent: 0, failed: 0 });
    const w = worker();
    expect(await w.drain()).toBe(1);
    await w.stop();

    expect(fake.mails).toHaveLength(1);
    const [mail] = fake.mails;
    expect(mail).toMatchObject({
      to: ['sanne@example.com'],
      subject: 'Wij hebben uw aanvraag MA-MAIL-1 ontvangen',
      // The key of the batch it went in (POST /emails/batch), stored with the mail before it went.
      idempotencyKey: expect.stringMatching(/^batch-[0-9a-f-]{36}$/),
      batchIndex: 0,
    });
    expect(mail?.text).toContain('Netbeheer Zuid belt u uiterlijk');
    expect(mail?.text).toMatch(/https:\/\/traject\.example\/volg\/link\/[a-z2-7]{24}\.[a-z2-7]{40}/);
    expect(mail?.headers['List-Unsubscribe']).toMatch(/^<https:\/\/traject\.example\/volg\/afmelden\//);
    expect(mail?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail?.html).toContain('lang="nl"');
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 1, failed: 0 });
  });

  it('confirms a contact moment in the standard form, escaped, and never twice for a repeated message', async () => {
    await ingest('netbeheer-zuid', submission('MA-MAIL-1'), contact('c1'));
    await ingest('netbeheer-zuid', contact('c1'));
    const w = worker();
    await w.drain();
    await w.stop();
    const confirmation = fake.mails.find((m) => m.subject.startsWith('Bevestiging van ons contact'));
    expect(fake.mails).toHaveLength(2);
    expect(confirmation?.text).toContain('Medewerker: Petra Jansen (Netbeheer Zuid)');
    expect(confirmation?.text).toContain('Gesproken met: Sanne de Vries');
    expect(confirmation?.text).toContain('Tijd: 09:30');
    expect(confirmation?.html).toContain('Aanvraag doorgenomen &#60;zonder&#62; HTML.');
  });

  it('writes in English to a customer who chose English: the words around the staff text, the next step, the links', async () => {
    await ingest('netbeheer-zuid', submission('MA-MAIL-1'));
    // What signing in from the English pages (or the mails' language choice) stores.
    await store.access.setLanguage('Sanne@example.com', 'en', new Date());
    await ingest('netbeheer-zuid', contact('c1'));
    const w = worker();
    await w.drain();
    await w.stop();
    // Batches go under one key per request: the mails are told apart by what they say.
    expect(fake.mails).toHaveLength(2);
    const confirmation = fake.mails.find((m) => m.subject.startsWith('Confirmation'));
    expect(confirmation?.subject).toBe('Confirmation of our contact about request MA-MAIL-1');
    expect(confirmation?.html).toContain('<html lang="en">');
    expect(confirmation?.text).toContain('Dear Sanne de Vries,');
    expect(confirmation?.text).toContain('Staff member: Petra Jansen (Netbeheer Zuid)');
    expect(confirmation?.text).toContain('Date: Tuesday, 3 November 2026');
    // The summary is the staff member's, as written, and marked as Dutch.
    expect(confirmation?.html).toContain('<p lang="nl">Aanvraag doorgenomen &#60;zonder&#62; HTML.</p>');
    expect(confirmation?.text).toMatch(/WHAT HAPPENS NOW\?\nNetbeheer Zuid will /);
    expect(confirmation?.text).toContain('Unsubscribe: https://traject.example/volg/afmelden/');
    expect(confirmation?.text).not.toMatch(/ uiterlijk | belt u |Afmelden/);
    // The confirmation sent before the choice stays Dutch.
    expect(fake.mails.filter((m) => m !== confirmation).map((m) => m.subject)).toEqual([
      'Wij hebben uw aanvraag MA-MAIL-1 ontvangen',
    ]);
  });

  it('survives the provider answering 500: retries until delivered, exactly once', async () => {
    await ingest('netbeheer-zuid', submission('MA-MAIL-1'));
    await fetch(`${fake.url}/_fake/failures`, { method: 'POST', body: JSON.stringify({ mode: '500', count: 3 }) });
    const w = worker();
    for (let i = 0; i < 5; i++) await w.drain();
    await w.stop();
    expect(fake.requests.total).toBeGreaterThanOrEqual(4);
    expect(fake.mails).toHaveLength(1);
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 1, failed: 0 });
  });

  it('survives a timeout after the provider accepted the mail: the retry carries the same key, one mail arrives', async () => {
    await ingest('netbeheer-zuid', submission('MA-MAIL-1'));
    await fetch(`${fake.url}/_fake/failures`, { method: 'POST', body: JSON.stringify({ mode: 'timeout', count: 1 }) });
    const w = worker(300);
    expect(await w.drain()).toBe(0);
    expect(await store.outbox.counts()).toEqual({ pending: 1, sent: 0, failed: 0 });
    expect(await w.drain()).toBe(1);
    await w.stop();
    expect(fake.mails).toHaveLength(1);
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 1, failed: 0 });
  });

  it(`gives up after ${MAX_ATTEMPTS} failed attempts and marks the mail failed`, async () => {
    await ingest('netbeheer-zuid', submission('MA-MAIL-1'));
    await fetch(`${fake.url}/_fake/failures`, { method: 'POST', body: JSON.stringify({ mode: '500', count: MAX_ATTEMPTS }) });
    const w = worker();
    for (let i = 0; i < MAX_ATTEMPTS; i++) await w.drain();
    await w.stop();
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 0, failed: 1 });
    expect(fake.mails).toHaveLength(0);
  });

  it('writes no mail when the change itself is not written', async () => {
    const platform = store.organisation('traject');
    if (!platform) throw new Error('platform');
    const ghost = { ...platform, id: 9999, code: 'ghost' };
    await expect(
      store.ingest([
        { sender: platform, message: submission('MA-MAIL-1') },
        { sender: ghost, message: contact('c1') },
      ]),
    ).rejects.toThrow();
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 0, failed: 0 });
  });

  it('follows the customer’s choice: planning changes only, or nothing', async () => {
    await ingest('netbeheer-zuid', submission('MA-MAIL-1'));
    await store.access.setNotificationMode('MA-MAIL-1', 'sanne@example.com', 'planning', new Date());
    await ingest('netbeheer-zuid', contact('c1'), {
      id: 'h1',
      type: 'handed_to_combi',
      requestNumber: 'MA-MAIL-1',
      occurredAt: '2026-11-04T10:00:00+01:00',
      workOrderIds: ['MA-MAIL-1-E'],
      contractor: 'van-der-berg-infra',
    } as Message);
    await ingest('van-der-berg-infra', {
      id: 'p1',
      type: 'planning_changed',
      requestNumber: 'MA-MAIL-1',
      occurredAt: '2026-11-05T10:00:00+01:00',
      provisionalWeek: '2027-W10',
      reason: 'plangesprek',
    } as Message);
    await store.access.setNotificationMode('MA-MAIL-1', 'sanne@example.com', 'niets', new Date());
    await ingest('van-der-berg-infra', {
      id: 'p2',
      type: 'planning_changed',
      requestNumber: 'MA-MAIL-1',
      occurredAt: '2026-11-06T10:00:00+01:00',
      provisionalWeek: '2027-W12',
      reason: 'vorstverlet',
    } as Message);
    const w = worker();
    await w.drain();
    await w.stop();
    expect(fake.mails.map((m) => m.subject)).toEqual([
      'Wij hebben uw aanvraag MA-MAIL-1 ontvangen',
      'De planning van aanvraag MA-MAIL-1 is gewijzigd',
    ]);
    // The week as its working days, with their year; no ISO week number.
    expect(fake.mails[1]?.text).toContain(
      'Voorlopige uitvoerweek: maandag 8 maart 2027 tot en met vrijdag 12 maart 2027 (nog niet vast)',
    );
    expect(fake.mails[1]?.text).not.toMatch(/week 10|W10/);
  });
});

describe('the outbox in provider batches', () => {
  const queued = (key: string, to = `${key}@example.com`): NewOutboxMail => ({
    idempotencyKey: key,
    kind: 'test',
    to,
    subject: `Onderwerp ${key}`,
    html: `<p>${key}</p>`,
    text: key,
  });
  const enqueue = async (...keys: string[]) => {
    for (const key of keys) await store.outbox.enqueue(queued(key));
  };
  const keys = (from: number, n: number) => Array.from({ length: n }, (_, i) => `m${from + i}`);
  const inject = (mode: 'refuse' | 'timeout' | '500', count = 1) =>
    fetch(`${fake.url}/_fake/failures`, { method: 'POST', body: JSON.stringify({ mode, count }) });
  /** Each mail's subject once: nothing lost, nothing twice. */
  const subjects = () => fake.mails.map((m) => m.subject).sort();
  const expected = (...lists: string[][]) =>
    lists
      .flat()
      .map((k) => `Onderwerp ${k}`)
      .sort();

  it(`sends up to ${MAIL_BATCH} mails per request through the SDK's batch send, each batch with its own key`, async () => {
    await enqueue(...keys(0, 150));
    const requests = fake.requests.total;
    const w = worker();
    expect(await w.drain()).toBe(150);
    await w.stop();
    expect(fake.requests.total - requests).toBe(2);
    expect(subjects()).toEqual(expected(keys(0, 150)));
    const batches = new Map<string, number[]>();
    for (const m of fake.mails)
      batches.set(m.idempotencyKey ?? '', [...(batches.get(m.idempotencyKey ?? '') ?? []), m.batchIndex ?? -1]);
    expect([...batches.values()].map((indexes) => indexes.length).sort()).toEqual([100, 50]);
    expect(fake.mails.find((m) => m.subject === 'Onderwerp m0')).toMatchObject({ to: ['m0@example.com'], text: 'm0' });
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 150, failed: 0 });
  });

  it('retries a mail the provider refused on its own, and sends the rest of its batch once', async () => {
    await enqueue(...keys(0, 5));
    await inject('refuse');
    const requests = fake.requests.total;
    const w = worker();
    expect(await w.drain()).toBe(5);
    await w.stop();
    // The first batch's first mail was refused; the drain went on and sent it in a batch of its own.
    expect(fake.requests.total - requests).toBe(2);
    expect(subjects()).toEqual(expected(keys(0, 5)));
    const [first] = fake.mails.filter((m) => m.subject === 'Onderwerp m0');
    const others = fake.mails.filter((m) => m.subject !== 'Onderwerp m0');
    expect(new Set(others.map((m) => m.idempotencyKey)).size).toBe(1);
    expect(first?.idempotencyKey).not.toBe(others[0]?.idempotencyKey);
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 5, failed: 0 });
  });

  it('sends a batch that got no answer again whole, with its key, apart from newer mails: one mail each', async () => {
    await enqueue(...keys(0, 3));
    await inject('timeout');
    const w = worker(300);
    expect(await w.drain()).toBe(0);
    // The provider took the batch; the worker does not know. Newer mails come in meanwhile.
    expect(fake.mails).toHaveLength(3);
    await enqueue(...keys(3, 2));
    expect(await w.drain()).toBe(5);
    await w.stop();
    expect(subjects()).toEqual(expected(keys(0, 5)));
    expect(new Set(fake.mails.map((m) => m.idempotencyKey)).size).toBe(2);
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 5, failed: 0 });
  });

  it('counts what is left of an answered-before batch as sent when one of its mails has left it', async () => {
    await enqueue(...keys(0, 3));
    await inject('timeout');
    const w = worker(300);
    expect(await w.drain()).toBe(0);
    await w.stop();
    // (On PostgreSQL this look takes the batch for five minutes, so the worker comes back later.)
    const [gone] = await store.outbox.due(1, new Date());
    // For instance anonymised meanwhile: never to be sent (again).
    await store.outbox.markFailed(gone?.id ?? -1, 'weg');
    // The provider refuses the key with other mails in it (409): it had the batch, so no new one goes.
    const later = worker(300, () => new Date(Date.now() + 3_600_000));
    expect(await later.drain()).toBe(2);
    await later.stop();
    expect(fake.mails).toHaveLength(3);
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 2, failed: 1 });
  });
});
