import { describe, expect, it } from 'vitest';
import { decideEndSurvey, endSurveyMayBeOpen, INVITATION_VALID_DAYS, invitationUsable } from './eindmeting.ts';
import type { NotificationMode } from './kcm-mails.ts';
import { type LoggedMessage, message } from './messages.ts';
import { emptyState, foldMessages } from './request-state.ts';

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
  opts: { capo?: boolean; last?: Date; trigger?: 'capo' | 'csv'; now?: Date; mode?: NotificationMode } = {},
) =>
  decideEndSurvey({
    state: s,
    capoActive: opts.capo ?? true,
    trigger: opts.trigger ?? 'capo',
    lastSentAt: opts.last,
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
      expiresAt: new Date(NOW.getTime() + INVITATION_VALID_DAYS * DAY),
    });
  });

  it('waits while an opdracht has no TG yet; a cancelled opdracht does not count', () => {
    expect(decide(state([handed('E', 'ca'), handed('W', 'ca'), tg('E', 'ca')]), {})).toEqual({
      send: false,
      reason: 'niet-opgeleverd',
    });
    // Without cancelling gas, gas still lacks its TG.
    expect(decide(state([handed('E', 'ca'), handed('W', 'ca'), tg('E', 'ca'), tg('W', 'ca')]))).toEqual({
      send: false,
      reason: 'niet-opgeleverd',
    });
  });

  it('is skipped when a second contractor worked on the aanvraag, also when only its TG shows it', () => {
    const two = state([handed('E', 'ca'), handed('W', 'ca2'), cancelWo('G'), tg('E', 'ca'), tg('W', 'ca2')]);
    expect(decide(two)).toEqual({ send: false, reason: 'meerdere-aannemers' });
    const unassigned = state([handed('E', 'ca'), cancelWo('G'), tg('E', 'ca'), tg('W', 'ca2')]);
    expect(decide(unassigned)).toEqual({ send: false, reason: 'meerdere-aannemers' });
  });

  it('is not sent twice to one address within 90 days; exactly 90 days later it may be', () => {
    expect(decide(delivered, { last: new Date(NOW.getTime() - 89 * DAY) })).toEqual({ send: false, reason: 'recent-gemeten' });
    expect(decide(delivered, { last: new Date(NOW.getTime() - 90 * DAY + 1000) })).toEqual({
      send: false,
      reason: 'recent-gemeten',
    });
    expect(decide(delivered, { last: new Date(NOW.getTime() - 90 * DAY) }).send).toBe(true);
  });

  it('is automatic only for CAPO combis; the CSV upload triggers it for the others', () => {
    expect(decide(delivered, { capo: false })).toEqual({ send: false, reason: 'niet-in-capo' });
    expect(decide(delivered, { capo: false, trigger: 'csv' }).send).toBe(true);
  });

  it('is skipped as afgemeld for an applicant who wants no mails, or only the planning', () => {
    expect(decide(delivered, { mode: 'niets' })).toEqual({ send: false, reason: 'afgemeld' });
    expect(decide(delivered, { mode: 'planning' })).toEqual({ send: false, reason: 'afgemeld' });
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
    expect(decide(cancelled)).toEqual({ send: false, reason: 'geannuleerd' });
  });

  it('has a link that works until 14 days have passed, once', () => {
    const expiresAt = new Date(NOW.getTime() + 14 * DAY);
    expect(invitationUsable({ expiresAt }, new Date(expiresAt.getTime() - 1))).toBe(true);
    expect(invitationUsable({ expiresAt }, expiresAt)).toBe(false);
    expect(invitationUsable({ expiresAt, usedAt: NOW }, NOW)).toBe(false);
  });
});

describe('what the delivered page may say about the end survey', () => {
  const delivered = (contractors: string[]) => {
    const state = emptyState('MA-1');
    state.workOrders = contractors.map((c, i) => ({
      id: `wo${i}`,
      discipline: 'elektra' as const,
      gridOperator: 'nb',
      contractor: c,
      completedAt: '2027-03-01T15:00:00+01:00',
    }));
    return state;
  };
  it('an invitation may be open for three weeks after delivery, with one contractor only', () => {
    expect(endSurveyMayBeOpen(delivered(['ca']), new Date('2027-03-22T10:00:00+01:00'))).toBe(true);
    expect(endSurveyMayBeOpen(delivered(['ca']), new Date('2027-03-23T10:00:00+01:00'))).toBe(false);
    expect(endSurveyMayBeOpen(delivered(['ca', 'cb']), new Date('2027-03-02T10:00:00+01:00'))).toBe(false);
  });
});
