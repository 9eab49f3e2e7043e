import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import { loadContent } from '../../domain/content.ts';
import type { Message } from '../../domain/messages.ts';
import { createLogger, type LogLine } from '../http/logger.ts';
import { type FakeResend, startFakeResend } from '../mail/fake-resend.ts';
import { startOutboxWorker } from '../mail/outbox-worker.ts';
import { resendSender } from '../mail/resend-sender.ts';
import type { StaffRecord, Store } from '../storage/store.ts';
import { openTestStore, testDatabaseKind } from '../storage/testing/test-store.ts';
import { submission } from '../testing.ts';
import { DIGEST_JOB, sendDailyDigests, startDailyDigestJob } from './daily-digest.ts';

// Monday 7 December 2026, 08:00 in the Netherlands (07:00 UTC).
const MONDAY_8 = new Date('2026-12-07T07:00:00Z');
const content = loadContent();
let fake: FakeResend;
let store: Store;
const staff: Record<string, StaffRecord> = {};

beforeAll(async () => {
  fake = await startFakeResend(0);
});
afterAll(() => fake.close());

async function ingest(sender: string, ...messages: Message[]) {
  const org = store.organisation(sender);
  if (!org) throw new Error(sender);
  const results = await store.ingest(
    messages.map((message) => ({ sender: org, message })),
    { notify: false },
  );
  for (const r of results) expect(r.result, JSON.stringify(r)).not.toBe('rejected');
}

beforeEach(async () => {
  await fetch(`${fake.url}/emails`, { method: 'DELETE' });
  store = await openTestStore();
  await seedDirectory(store);
  const add = async (key: string, organisation: string, role: StaffRecord['role']) => {
    staff[key] = await store.staff.add({ organisation, role, email: `${key}@example.com`, name: `Naam ${key}` });
  };
  await add('oost-planner', 'combi-brabant-oost', 'planner');
  await add('oost-admin', 'combi-brabant-oost', 'admin');
  await add('oost-viewer', 'combi-brabant-oost', 'viewer');
  await add('oost-uit', 'combi-brabant-oost', 'planner');
  await add('peel-admin', 'combi-peelland', 'admin');
  await add('glasnet-planner', 'glasnet', 'planner');
  await store.alerts.setWantsDigest(staff['oost-uit']?.id as number, false, MONDAY_8);

  // Brabant-Oost: a firm start on Wednesday 9 December with the permit missing, the intake overdue, quiet since November.
  const n = 'MA-DIGEST-OOST';
  await ingest(
    'netbeheer-zuid',
    submission(n, { workOrders: [{ id: `${n}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }] }),
    {
      id: `${n}-combi`,
      type: 'handed_to_combi',
      requestNumber: n,
      occurredAt: '2026-11-04T10:00:00+01:00',
      workOrderIds: [`${n}-E`],
      contractor: 'van-der-berg-infra',
    },
  );
  await ingest(
    'van-der-berg-infra',
    {
      id: `${n}-plan`,
      type: 'planning_changed',
      requestNumber: n,
      occurredAt: '2026-11-05T10:00:00+01:00',
      confirmedStart: { date: '2026-12-09', part: 'ochtend' },
      reason: 'Afgesproken met de klant.',
    },
    {
      id: `${n}-vergunning`,
      type: 'preparation_reported',
      requestNumber: n,
      occurredAt: '2026-11-06T10:00:00+01:00',
      item: 'vergunning',
      status: 'ontbreekt',
    },
  );
  // Brabant-Oost too: only submitted on 2 November, so its intake is overdue.
  await ingest('netbeheer-zuid', submission('MA-DIGEST-OOST2'));
  // Peelland: only submitted, so its intake is overdue and it is quiet.
  await ingest(
    'netbeheer-zuid',
    submission('MA-DIGEST-PEEL', {
      combi: 'peelland',
      address: { street: 'Markt', houseNumber: '1', postcode: '5751 AB', city: 'Deurne' },
      workOrders: [{ id: 'MA-DIGEST-PEEL-E', discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    }),
  );
});
afterEach(() => store.close());

async function deliver() {
  const worker = startOutboxWorker({
    outbox: store.outbox,
    send: resendSender({ apiKey: 're_test', baseUrl: fake.url, from: 'Traject <noreply@traject.example>' }),
    log: createLogger('silent'),
    intervalMs: 60_000,
    backoffMs: () => 0,
  });
  await worker.drain();
  await worker.stop();
}

const options = () => ({ store, content, publicUrl: () => 'https://traject.example' });
const mailsTo = (key: string) => fake.mails.filter((m) => m.to.includes(`${key}@example.com`));

describe(`the daily digest on ${testDatabaseKind()}`, () => {
  it('mails each planner and admin their own organisation’s overdue steps, dates at risk and quiet aanvragen, through Resend', async () => {
    const run = await sendDailyDigests(options(), MONDAY_8);
    expect(run).toEqual({ day: '2026-12-07', organisations: 2, mails: 3 });
    await deliver();

    const [oost] = mailsTo('oost-planner');
    expect(oost?.subject).toBe('Werklijst Combi Brabant-Oost: 2 te laat, 1 planning in gevaar, 2 zonder update');
    expect(oost?.text).toContain('Goedemorgen Naam oost-planner');
    expect(oost?.text).toContain('MA-DIGEST-OOST: start woensdag 9 december 2026 (over 2 werkdagen); vergunning ontbreekt');
    // Intake within 10 working days of Monday 2 November: due 16 November, 15 working days late on 7 December.
    expect(oost?.text).toContain('MA-DIGEST-OOST2: Intake (KCM B), aan zet: Netbeheer Zuid, 15 werkdagen te laat');
    expect(oost?.text).toContain('MA-DIGEST-OOST: laatste bericht vrijdag 6 november 2026 (30 dagen geleden)');
    expect(oost?.text).toContain('Open de werklijst: https://traject.example/beheer/werklijst');
    expect(oost?.html).toContain('href="https://traject.example/beheer/account"');
    // Isolation: Brabant-Oost never reads Peelland's aanvraag, and the other way round.
    expect(oost?.text).not.toContain('MA-DIGEST-PEEL');
    expect(mailsTo('oost-admin')).toHaveLength(1);
    const [peel] = mailsTo('peel-admin');
    expect(peel?.text).toContain('MA-DIGEST-PEEL');
    expect(peel?.text).not.toContain('MA-DIGEST-OOST');
    expect(peel?.subject).toBe('Werklijst Combi Peelland: 1 te laat, 1 zonder update');

    // Opted out, a viewer, and an organisation with nothing to report: no mail.
    expect(mailsTo('oost-uit')).toEqual([]);
    expect(mailsTo('oost-viewer')).toEqual([]);
    expect(mailsTo('glasnet-planner')).toEqual([]);
    expect(fake.mails).toHaveLength(3);
  });

  it('goes out once per working day: a second run, in this process or another, adds no mail', async () => {
    const claim = (job: string, periodMs: number, at: Date) => store.claimScheduledRun(job, periodMs, at);
    const log = createLogger('silent');
    const first = startDailyDigestJob({ ...options(), log, claim, now: () => MONDAY_8 });
    const second = startDailyDigestJob({ ...options(), log, claim, now: () => new Date(MONDAY_8.getTime() + 3_600_000) });
    try {
      expect(await first.tick()).toMatchObject({ mails: 3 });
      expect(await second.tick()).toBeUndefined();
      expect(await first.tick()).toBeUndefined();
      // Even without the claim, the day's idempotency keys keep the outbox at one mail each.
      await sendDailyDigests(options(), new Date(MONDAY_8.getTime() + 7_200_000));
      await deliver();
      expect(fake.mails.map((m) => m.to[0]).sort()).toEqual([
        'oost-admin@example.com',
        'oost-planner@example.com',
        'peel-admin@example.com',
      ]);
      // The next working day it is claimed again.
      const tuesday = startDailyDigestJob({ ...options(), log, claim, now: () => new Date('2026-12-08T07:00:00Z') });
      expect(await tuesday.tick()).toMatchObject({ day: '2026-12-08', mails: 3 });
      await tuesday.stop();
    } finally {
      await first.stop();
      await second.stop();
    }
    expect(DIGEST_JOB).toBe('dagoverzicht');
  });

  it('gives a run that fails halfway back, so the next turn sends the rest of the day, nothing twice', async () => {
    const WEDNESDAY = new Date('2026-12-09T07:30:00Z');
    const claim = (job: string, periodMs: number, at: Date) => store.claimScheduledRun(job, periodMs, at);
    const release = (job: string, at: Date) => store.releaseScheduledRun(job, at);
    let enqueued = 0;
    // The store as it is, but its outbox fails at the second mail (a full disk, a lost connection).
    const failing = new Proxy(store, {
      get(target, name) {
        if (name === 'outbox')
          return {
            enqueue: (mail: Parameters<typeof store.outbox.enqueue>[0]) => {
              if (++enqueued === 2) throw new Error('schijf vol');
              return target.outbox.enqueue(mail);
            },
          };
        const value = Reflect.get(target, name, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const lines: LogLine[] = [];
    const broken = startDailyDigestJob({
      ...options(),
      store: failing,
      log: (l) => lines.push(l),
      claim,
      release,
      now: () => WEDNESDAY,
    });
    const later = startDailyDigestJob({
      ...options(),
      log: createLogger('silent'),
      claim,
      release,
      now: () => new Date(WEDNESDAY.getTime() + 600_000),
    });
    try {
      const before = fake.mails.length;
      expect(await broken.tick()).toBeUndefined();
      expect(lines.map((l) => l.msg)).toContain('daily digest failed');
      expect(await later.tick()).toMatchObject({ day: '2026-12-09', mails: 3 });
      await deliver();
      // Three recipients, each once: the mail queued before the failure was not queued again.
      expect(
        fake.mails
          .slice(before)
          .map((m) => m.to[0])
          .sort(),
      ).toEqual(['oost-admin@example.com', 'oost-planner@example.com', 'peel-admin@example.com']);
      expect(await later.tick()).toBeUndefined();
    } finally {
      await broken.stop();
      await later.stop();
    }
  });

  it('never on a weekend or a public holiday, and not before seven in the morning', async () => {
    expect(await sendDailyDigests(options(), new Date('2026-12-05T09:00:00Z'))).toEqual({
      day: '2026-12-05',
      skipped: 'geen werkdag',
    });
    expect(await sendDailyDigests(options(), new Date('2026-12-25T09:00:00Z'))).toMatchObject({ skipped: 'geen werkdag' });
    const early = startDailyDigestJob({ ...options(), log: createLogger('silent'), now: () => new Date('2026-12-07T05:30:00Z') });
    expect(await early.tick()).toBeUndefined();
    await early.stop();
    expect(await store.outbox.counts()).toEqual({ pending: 0, sent: 0, failed: 0 });
  });

  it('follows the organisation’s N: with a firm date 2 working days away and N = 1, no date is at risk', async () => {
    await store.alerts.set('combi-brabant-oost', { riskDays: 1, quietDays: 60 }, staff['oost-admin']?.id as number, MONDAY_8);
    expect(await store.alerts.settings('combi-brabant-oost')).toEqual({ riskDays: 1, quietDays: 60 });
    await sendDailyDigests(options(), MONDAY_8);
    await deliver();
    const [oost] = mailsTo('oost-planner');
    expect(oost?.subject).toBe('Werklijst Combi Brabant-Oost: 2 te laat');
  });
});
