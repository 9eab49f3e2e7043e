/**
 * Issue 15 item 6, on both databases: a sample drawn twice with the same seed is the same, it
 * holds only contact moments of aanvragen the organisation may see (the one scope rule), the
 * period counts whole Dutch days, verdicts are recorded for the organisation's own sample only,
 * and the review reads the outbox (confirmation mail) and the dashboard's norm.
 *
 * Fixture, November 2026 (winter time, UTC+1):
 * - MA-Q-A in combi Brabant-Oost, opdrachten of Netbeheer Zuid and Waterbedrijf Peel, submitted
 *   Monday 2 November. Intake (KCM B) has 10 working days: due Monday 16 November. Netbeheer Zuid
 *   calls on 3 November (on time), Waterbedrijf Peel first on 27 November (late); then 6 more
 *   moments in November, and one on 1 December 00:10 (outside the period).
 * - MA-Q-P in combi Peelland, an opdracht of Glasnet only: 4 moments in November, one on
 *   31 October 23:59 (outside).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../demo/seed.ts';
import { loadContent } from '../../domain/content.ts';
import type { Message } from '../../domain/messages.ts';
import { type Scope, scopeOf } from '../../domain/staff.ts';
import { drawQualitySample, reviewQualitySample } from '../core/quality-samples.ts';
import { createMailComposer } from '../mail/compose.ts';
import { contactLogged, submission } from '../testing.ts';
import type { Store } from './store.ts';
import { openTestStore } from './testing/test-store.ts';

const content = loadContent();
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

let store: Store;
const scope = (code: string): Scope =>
  scopeOf(store.organisation(code) as { code: string; kind: 'combi' }, store.combiCodes(), store);

beforeEach(async () => {
  const mail = createMailComposer({
    publicUrl: () => 'https://traject.example',
    content,
    organisations: (c) => store.organisation(c),
  });
  store = await openTestStore({ mail, content });
  await seedDirectory(store);
  const org = (code: string) => store.organisation(code) as NonNullable<ReturnType<Store['organisation']>>;
  const contact = (sender: string, number: string, n: number, occurredAt: string, code = 'B') => ({
    sender: org(sender),
    message: contactLogged(number, `${number}-c${n}`, {
      occurredAt,
      contactMoment: code,
      staffName: `Medewerker ${n}`,
      subject: `Gesprek ${number}-${n}`,
    }),
  });
  const entries = [
    { sender: org('netbeheer-zuid'), message: submission('MA-Q-A', { occurredAt: '2026-11-02T09:00:00+01:00' }) },
    {
      sender: org('glasnet'),
      message: submission('MA-Q-P', {
        occurredAt: '2026-10-20T09:00:00+02:00',
        combi: 'peelland',
        workOrders: [{ id: 'MA-Q-P-T', discipline: 'telecom', gridOperator: 'glasnet' }],
      }) as Message,
    },
    contact('netbeheer-zuid', 'MA-Q-A', 1, '2026-11-03T09:30:00+01:00'),
    contact('waterbedrijf-peel', 'MA-Q-A', 2, '2026-11-27T10:00:00+01:00'),
    ...[4, 5, 6, 9, 10, 12].map((day, i) =>
      contact(i % 2 ? 'waterbedrijf-peel' : 'netbeheer-zuid', 'MA-Q-A', 3 + i, `2026-11-${String(day + 10)}T11:00:00+01:00`, '2'),
    ),
    contact('netbeheer-zuid', 'MA-Q-A', 20, '2026-12-01T00:10:00+01:00', '2'),
    contact('glasnet', 'MA-Q-P', 1, '2026-10-31T23:59:00+01:00'),
    ...[2, 3, 4, 5].map((n) => contact('glasnet', 'MA-Q-P', n, `2026-11-${n === 5 ? '30T23:30' : `0${n}T10:00`}:00+01:00`, '2')),
  ];
  const results = await store.ingest(entries, { receivedAt: new Date('2026-12-02T08:00:00Z') });
  expect(results.map((r) => r.status)).toEqual(entries.map(() => 201));
});
afterEach(async () => {
  await store.close();
});

const numbersOf = async (org: string, id: number) =>
  (await store.qualitySamples.sample(org, id))?.items.map((i) => `${i.requestNumber} ${i.moment.at}`) ?? [];

describe('drawing a sample', () => {
  it('draws the same moments twice with the same seed, and only of aanvragen the organisation sees', async () => {
    const combi = scope('combi-brabant-oost');
    const first = await drawQualitySample(
      store.qualitySamples,
      combi,
      'combi-brabant-oost',
      { ...NOVEMBER, size: 4, seed: 'ov-1' },
      'Sanne',
    );
    const again = await drawQualitySample(
      store.qualitySamples,
      combi,
      'combi-brabant-oost',
      { ...NOVEMBER, size: 4, seed: 'ov-1' },
      'Sanne',
    );
    expect(first.id).not.toBe(again.id);
    expect(first.drawn).toBe(4);
    const drawn = await numbersOf('combi-brabant-oost', first.id);
    expect(await numbersOf('combi-brabant-oost', again.id)).toEqual(drawn);
    expect(drawn.every((d) => d.startsWith('MA-Q-A '))).toBe(true);

    // Peelland sees only its own aanvraag: all four November moments, not the one of 31 October.
    const peel = await drawQualitySample(
      store.qualitySamples,
      scope('combi-peelland'),
      'combi-peelland',
      { ...NOVEMBER, size: 10, seed: 'ov-1' },
      'Ruud',
    );
    expect(peel.drawn).toBe(4);
    const peelMoments = await numbersOf('combi-peelland', peel.id);
    // Stored with their offset: 30 November 23:30 (+01:00) is in November, 31 October 23:59 is not.
    expect(
      peelMoments.some((d) => d.startsWith('MA-Q-P ') && new Date(d.slice(7)).toISOString() === '2026-11-30T22:30:00.000Z'),
    ).toBe(true);
    expect(peelMoments.some((d) => new Date(d.slice(7)).toISOString() === '2026-10-31T22:59:00.000Z')).toBe(false);
    expect((await numbersOf('combi-peelland', peel.id)).every((d) => d.startsWith('MA-Q-P '))).toBe(true);
    // A grid operator: its own opdrachten only (Netbeheer Zuid is not on MA-Q-P).
    expect(
      await store.qualitySamples.candidates(scope('netbeheer-zuid'), '2026-10-31T23:00:00.000Z', '2026-11-30T23:00:00.000Z'),
    ).toHaveLength(8);
    expect(
      await store.qualitySamples.candidates(scope('glasnet'), '2026-10-31T23:00:00.000Z', '2026-11-30T23:00:00.000Z'),
    ).toHaveLength(4);
  });

  it('takes every moment of the period (both days whole) when the size is larger, and none outside', async () => {
    const all = await drawQualitySample(
      store.qualitySamples,
      scope('combi-brabant-oost'),
      'combi-brabant-oost',
      { ...NOVEMBER, size: 100 },
      'Sanne',
    );
    expect(all.drawn).toBe(8);
    expect(all.seed).toMatch(/^[0-9a-f]{10}$/);
    expect(await numbersOf('combi-brabant-oost', all.id)).not.toContain('MA-Q-A 2026-12-01T00:10:00+01:00');
  });
});

describe('reviewing a sample', () => {
  it('records verdicts on the own sample only, and reads the mail and the norm', async () => {
    const sample = await drawQualitySample(
      store.qualitySamples,
      scope('combi-brabant-oost'),
      'combi-brabant-oost',
      { ...NOVEMBER, size: 100 },
      'Sanne',
    );
    const mails = await store.outbox.due(100, new Date(Date.now() + 60_000));
    const contactMails = mails.filter((m) => m.kind === 'contactmoment');
    expect(contactMails).toHaveLength(14);
    const mailOf = (n: number) => contactMails.find((m) => m.text?.includes(`Gesprek MA-Q-A-${n}\n`))?.id ?? -1;
    await store.outbox.markSent([{ id: mailOf(1), providerId: 'p-1' }], new Date('2026-12-02T09:00:00Z'));
    await store.outbox.markFailed(mailOf(2), 'adres bestaat niet');
    const review = await reviewQualitySample(
      store.qualitySamples,
      (n) => store.requestState(n),
      content,
      'combi-brabant-oost',
      sample.id,
    );
    if (!review) throw new Error('no review');
    const byStaff = (name: string) => review.items.find((i) => i.moment.staffName === name);
    expect(byStaff('Medewerker 1')?.norm).toEqual({ finding: 'op-tijd', due: '2026-11-16' });
    expect(byStaff('Medewerker 2')?.norm).toEqual({ finding: 'te-laat', due: '2026-11-16' });
    expect(byStaff('Medewerker 3')?.norm).toEqual({ finding: 'geen-norm' });
    // Each contact moment queued its confirmation mail: the first one delivered, one failed, the rest waiting.
    expect(byStaff('Medewerker 1')).toMatchObject({ mail: 'verstuurd', findings: { bevestiging: true } });
    expect(byStaff('Medewerker 2')).toMatchObject({ mail: 'mislukt', findings: { bevestiging: false } });
    expect(byStaff('Medewerker 3')).toMatchObject({ mail: 'in-wachtrij', findings: { bevestiging: false } });
    expect(byStaff('Medewerker 2')?.findings['binnen-norm']).toBe(false);

    const item = byStaff('Medewerker 2');
    if (!item) throw new Error('no item');
    const verdict = {
      verdict: 'voldoet-niet' as const,
      failed: ['binnen-norm'],
      note: 'Intake te laat',
      by: 'Sanne',
      at: new Date(),
    };
    expect(await store.qualitySamples.recordVerdict('combi-peelland', sample.id, item.id, verdict)).toBe(false);
    expect(await store.qualitySamples.sample('combi-peelland', sample.id)).toBeUndefined();
    expect(await store.qualitySamples.recordVerdict('combi-brabant-oost', sample.id, item.id, verdict)).toBe(true);
    const after = await reviewQualitySample(
      store.qualitySamples,
      (n) => store.requestState(n),
      content,
      'combi-brabant-oost',
      sample.id,
    );
    const recorded = after?.items.find((i) => i.id === item.id);
    expect(recorded).toMatchObject({
      verdict: 'voldoet-niet',
      failed: ['binnen-norm'],
      note: 'Intake te laat',
      reviewedBy: 'Sanne',
    });
    expect(after?.sample.reviewed).toBe(1);
    expect(after?.report.parties.find((p) => p.party === 'waterbedrijf-peel')).toMatchObject({ drawn: 4, reviewed: 1, fails: 1 });
    expect((await store.qualitySamples.ofOrganisation('combi-brabant-oost')).map((s) => s.id)).toEqual([sample.id]);
    expect(await store.qualitySamples.ofOrganisation('combi-peelland')).toEqual([]);
  });
});
