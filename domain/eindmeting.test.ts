import { describe, expect, it } from 'vitest';
import { decideEndSurvey, INVITATION_VALID_DAYS, invitationUsable } from './eindmeting.ts';
import type { NotificationMode } from './kcm-mails.ts';
import { type LoggedMessage, message } from './messages.ts';
import { foldMessages } from './request-state.ts';

const DAY = 86_400_000;
const NOW = new Date('2027-04-23T15:00:30+02:00');

function state(
  extra: Record<string, unknown>[] = [],
  workOrders = [
    ['E', 'elektra', 'nb'],
    ['W', 'water', 'wb'],
    ['G', 'gas', 'nb'],
  ],
) {
  let n = 0;
  const m = (sender: string, occurredAt: string, body: Record<string, unknown>): LoggedMessage => ({
    ...message.parse({ id: `m${++n}`, requestNumber: 'MA-1', occurredAt, ...body }),
    sender,
  });
  const messages = [
    m('nb', '2027-01-04T10:00:00+01:00', {
      type: 'request_submitted',
      kind: 'nieuwe_aansluiting',
      combi: 'combi',
      applicant: { name: 'Sanne', email: 'Sanne@Example.com' },
      address: { street: 'Molenweg', houseNumber: '1', postcode: '5611AB', city: 'Eindhoven' },
      workOrders: workOrders.map(([id, discipline, gridOperator]) => ({ id, discipline, gridOperator })),
    }),
    ...extra.map((e) => m(e.sender as string, e.at as string, e.body as Record<string, unknown>)),
  ];
  return foldMessages('MA-1', messages);
}
const handed = (id: string, contractor: string) => ({
  sender: 'nb',
  at: '2027-01-06T10:00:00+01:00',
  body: { type: 'handed_to_combi', workOrderIds: [id], contractor },
});
const tg = (id: string, by: string, at = '2027-04-23T15:00:00+02:00') => ({
  sender: by,
  at,
  body: { type: 'work_order_completed', workOrderId: id },
});
const cancelWo = (id: string) => ({
  sender: 'nb',
  at: '2027-01-07T10:00:00+01:00',
  body: { type: 'work_order_cancelled', workOrderId: id, reason: 'gasloos' },
});

const decide = (
  s: ReturnType<typeof state>,
  opts: { capo?: boolean; invited?: string[]; trigger?: 'capo' | 'csv'; now?: Date; mode?: NotificationMode } = {},
) =>
  decideEndSurvey({
    state: s,
    capoActive: opts.capo ?? true,
    trigger: opts.trigger ?? 'capo',
    invitedDeliveries: opts.invited ?? [],
    notificationMode: opts.mode ?? 'alles',
    now: opts.now ?? NOW,
  });

describe('the eindmeting', () => {
  const delivered = state([handed('E', 'ca'), handed('W', 'ca'), cancelWo('G'), tg('E', 'ca'), tg('W', 'ca')]);

  it('is sent when every active opdracht has its TG, naming the contractor, valid 14 days', () => {
    expect(decide(delivered)).toEqual({
      send: true,
      email: 'sanne@example.com',
      contractor: 'ca',
      deliveredAt: '2027-04-23T15:00:00+02:00',
      deliveredOn: '2027-04-23',
      expiresAt: new Date(NOW.getTime() + INVITATION_VALID_DAYS * DAY),
    });
  });

  it('waits while an opdracht has no TG yet; a cancelled opdracht does not count', () => {
    expect(decide(state([handed('E', 'ca'), handed('W', 'ca'), tg('E', 'ca')]), {})).toMatchObject({
      send: false,
      reason: 'niet-opgeleverd',
    });
    // Without cancelling gas, gas still lacks its TG.
    expect(decide(state([handed('E', 'ca'), handed('W', 'ca'), tg('E', 'ca'), tg('W', 'ca')]))).toMatchObject({
      send: false,
      reason: 'niet-opgeleverd',
    });
  });

  it('is skipped when a second contractor worked on the aanvraag, also when only its TG shows it', () => {
    const two = state([handed('E', 'ca'), handed('W', 'ca2'), cancelWo('G'), tg('E', 'ca'), tg('W', 'ca2')]);
    expect(decide(two)).toMatchObject({ send: false, reason: 'meerdere-aannemers' });
    const unassigned = state([handed('E', 'ca'), cancelWo('G'), tg('E', 'ca'), tg('W', 'ca2')]);
    expect(decide(unassigned)).toMatchObject({ send: false, reason: 'meerdere-aannemers' });
  });

  it('is not sent twice to one address within 90 calendar days of the opleveringen; 90 days apart it is', () => {
    // Counted from the oplevering, whenever the server processes it (NOW is the oplevering day itself).
    const later = { now: new Date('2027-09-01T12:00:00+02:00') };
    expect(decide(delivered, { invited: ['2027-01-24'], ...later })).toMatchObject({
      send: false,
      reason: 'recent-gemeten',
      deliveredOn: '2027-04-23',
    });
    expect(decide(delivered, { invited: ['2027-01-23'], ...later }).send).toBe(true);
    // An oplevering that arrives late, before one already invited about, counts the same way.
    expect(decide(delivered, { invited: ['2027-07-21'] })).toMatchObject({ send: false, reason: 'recent-gemeten' });
    expect(decide(delivered, { invited: ['2027-07-22', '2026-12-01'] }).send).toBe(true);
  });

  it('counts Dutch calendar days across the end of summer time, not 24-hour periods', () => {
    // 3 August 23:30 (summer time) to 1 November 00:30 (winter time): 90 days, though 89 days and 2 hours.
    const delivery = (at: string) =>
      state([handed('E', 'ca'), handed('W', 'ca'), cancelWo('G'), tg('E', 'ca', at), tg('W', 'ca', at)]);
    expect(decide(delivery('2027-11-01T00:30:00+01:00'), { invited: ['2027-08-03'] }).send).toBe(true);
    // 4 August 00:30 to 1 November 23:30: 89 days, though a full 90 × 24 hours.
    const evening = delivery('2027-11-01T23:30:00+01:00');
    expect(decide(evening, { invited: ['2027-08-04'] })).toMatchObject({ send: false, reason: 'recent-gemeten' });
  });

  it('is automatic only for CAPO combis; the CSV upload triggers it for the others', () => {
    expect(decide(delivered, { capo: false })).toMatchObject({ send: false, reason: 'niet-in-capo' });
    expect(decide(delivered, { capo: false, trigger: 'csv' }).send).toBe(true);
  });

  it('is skipped as afgemeld for an applicant who wants no mails, or only the planning', () => {
    expect(decide(delivered, { mode: 'niets' })).toMatchObject({ send: false, reason: 'afgemeld' });
    expect(decide(delivered, { mode: 'planning' })).toMatchObject({ send: false, reason: 'afgemeld' });
  });

  it('is not sent for a cancelled aanvraag', () => {
    const cancelled = state(
      [
        handed('E', 'ca'),
        tg('E', 'ca'),
        { sender: 'nb', at: '2027-04-24T10:00:00+02:00', body: { type: 'request_cancelled', reason: 'x' } },
      ],
      [['E', 'elektra', 'nb']],
    );
    expect(decide(cancelled)).toMatchObject({ send: false, reason: 'geannuleerd' });
  });

  it('has a link that works until 14 days have passed, once', () => {
    const expiresAt = new Date(NOW.getTime() + 14 * DAY);
    expect(invitationUsable({ expiresAt }, new Date(expiresAt.getTime() - 1))).toBe(true);
    expect(invitationUsable({ expiresAt }, expiresAt)).toBe(false);
    expect(invitationUsable({ expiresAt, usedAt: NOW }, NOW)).toBe(false);
  });
});
