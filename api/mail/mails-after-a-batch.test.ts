/**
 * Issue 13, point 6, through the real ingestion (HTTP, the store, the outbox, the fake Resend):
 * when an aanvraag's messages arrive late and out of order, the customer gets mails about what
 * happened, in the order it happened, never about a half-built or superseded state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../domain/messages.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const key = (org: string) => server.keys.get(org) as string;
const CONTRACTOR = 'van-der-berg-infra';

async function postOk(org: string, berichten: Record<string, unknown>[]) {
  const res = await server.post(key(org), { berichten });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** Submitted on 2 November and handed to the combi's contractor on the 3rd. */
async function submitAndHand(number: string, email: string) {
  await postOk('netbeheer-zuid', [
    submission(number, { applicant: { name: 'Sanne de Vries', email }, wishDate: undefined }) as Record<string, unknown>,
  ]);
  const handed = (id: string) => ({
    id: `${number}-h-${id}`,
    type: 'handed_to_combi',
    requestNumber: number,
    occurredAt: '2026-11-03T10:00:00+01:00',
    workOrderIds: [`${number}-${id}`],
    contractor: CONTRACTOR,
  });
  await postOk('netbeheer-zuid', [handed('E')]);
  await postOk('waterbedrijf-peel', [handed('W')]);
}

const week = (number: string, id: string, occurredAt: string, provisionalWeek: string): Message =>
  ({ id, type: 'planning_changed', requestNumber: number, occurredAt, provisionalWeek, reason: 'plangesprek' }) as Message;
const tg = (number: string, discipline: 'E' | 'W') => ({
  id: `${number}-tg-${discipline}`,
  type: 'work_order_completed',
  requestNumber: number,
  occurredAt: '2026-12-01T15:00:00+01:00',
  workOrderId: `${number}-${discipline}`,
});
const contact = (number: string, id: string, occurredAt: string) => ({
  id,
  type: 'contact_logged',
  requestNumber: number,
  occurredAt,
  contactMoment: '3',
  channel: 'telefoon',
  staffName: 'Ruud',
  spokeWith: 'Sanne de Vries',
  subject: 'Uitvoering',
  summary: 'De monteur komt in de week van 23 november.',
});

/** The subjects mailed to an address: as queued (the outbox's order), and as the provider received them. */
async function mailed(email: string) {
  await server.deliverMail();
  const queued = (await server.store.retention.subjectAccess(email)).mails.map((m) => m.subject);
  const received = server.resend.mails.filter((m) => m.to.includes(email)).map((m) => m.subject);
  return { queued, received };
}

describe('mails after a late, out-of-order batch', () => {
  it('a backlog that arrives delivery-first mails the contact, the delivery and the eindmeting, and no superseded planning', async () => {
    const email = 'laat-1@example.com';
    await submitAndHand('MA-LAAT-1', email);
    // The contractor's system catches up: the TG messages first, then weeks-old planning and a contact.
    await postOk(CONTRACTOR, [
      tg('MA-LAAT-1', 'E'),
      tg('MA-LAAT-1', 'W'),
      week('MA-LAAT-1', 'laat-1-p1', '2026-11-05T10:00:00+01:00', '2026-W47'),
      contact('MA-LAAT-1', 'laat-1-c1', '2026-11-12T10:00:00+01:00'),
      week('MA-LAAT-1', 'laat-1-p2', '2026-11-13T10:00:00+01:00', '2026-W48'),
      {
        id: 'laat-1-i1',
        type: 'inspection_planned',
        requestNumber: 'MA-LAAT-1',
        occurredAt: '2026-11-06T10:00:00+01:00',
        date: '2026-11-16',
        part: 'ochtend',
      },
    ]);
    // A planning message from before the delivery, arriving after it: superseded, mailed nothing.
    await postOk(CONTRACTOR, [week('MA-LAAT-1', 'laat-1-p0', '2026-11-04T10:00:00+01:00', '2026-W46')]);

    const expected = [
      'Wij hebben uw aanvraag MA-LAAT-1 ontvangen',
      'Bevestiging van ons contact over aanvraag MA-LAAT-1',
      'Uw aansluiting is opgeleverd (aanvraag MA-LAAT-1)',
      'Hoe ging de aanleg van uw aansluiting? (aanvraag MA-LAAT-1)',
    ];
    const { queued, received } = await mailed(email);
    expect(queued).toEqual(expected);
    expect([...received].sort()).toEqual([...expected].sort());
    const delivery = server.resend.mails.find((m) => m.subject === expected[2]);
    expect(delivery?.text).not.toMatch(/week 4[678]|Schouw/);
  });

  it('several planning messages in one batch, in any order, make one mail with the planning as it now stands', async () => {
    const email = 'laat-2@example.com';
    await submitAndHand('MA-LAAT-2', email);
    await postOk(CONTRACTOR, [
      week('MA-LAAT-2', 'laat-2-p3', '2026-11-20T10:00:00+01:00', '2027-W03'),
      week('MA-LAAT-2', 'laat-2-p1', '2026-11-05T10:00:00+01:00', '2026-W50'),
      week('MA-LAAT-2', 'laat-2-p2', '2026-11-12T10:00:00+01:00', '2026-W51'),
    ]);
    const { queued } = await mailed(email);
    expect(queued).toEqual(['Wij hebben uw aanvraag MA-LAAT-2 ontvangen', 'De planning van aanvraag MA-LAAT-2 is gewijzigd']);
    const planning = server.resend.mails.find((m) => m.subject === queued[1]);
    // The week that holds, not one of the weeks it replaced.
    expect(planning?.text).toMatch(/week 3\b|18 januari/);
    expect(planning?.text).not.toMatch(/week 5[01]\b|december/);
  });
});
