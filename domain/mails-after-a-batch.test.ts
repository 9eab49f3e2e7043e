import { describe, expect, it } from 'vitest';
import { customerView } from './kcm-mails.ts';
import { mailsAfterBatch } from './mails-after-a-batch.ts';
import { type LoggedMessage, message } from './messages.ts';
import { emptyState, foldMessages } from './request-state.ts';

const m = (id: string, occurredAt: string, body: Record<string, unknown>, sender = 'nb'): LoggedMessage => ({
  ...message.parse({ id, requestNumber: 'MA-1', occurredAt, ...body }),
  sender,
});
const submitted = m('s', '2026-10-01T10:00:00+02:00', {
  type: 'request_submitted',
  kind: 'nieuwe_aansluiting',
  combi: 'oost',
  applicant: { name: 'Sanne', email: 'sanne@example.com' },
  address: { street: 'Molenweg', houseNumber: '1', postcode: '5611AB', city: 'Eindhoven' },
  workOrders: [{ id: 'E', discipline: 'elektra', gridOperator: 'nb' }],
});
const handed = m('h', '2026-10-02T10:00:00+02:00', { type: 'handed_to_combi', workOrderIds: ['E'], contractor: 'ca' });
const week = (id: string, at: string, provisionalWeek: string) =>
  m(id, at, { type: 'planning_changed', provisionalWeek, reason: 'plangesprek' }, 'ca');
const contact = (id: string, at: string) =>
  m(
    id,
    at,
    {
      type: 'contact_logged',
      contactMoment: '3',
      channel: 'telefoon',
      staffName: 'P',
      spokeWith: 'S',
      subject: 'x',
      summary: 'y',
    },
    'ca',
  );
const tg = m('tg', '2026-12-01T15:00:00+01:00', { type: 'work_order_completed', workOrderId: 'E' }, 'ca');

/** The mails of a batch after the stored messages, as kind and cause id. */
function mails(stored: LoggedMessage[], batch: LoggedMessage[]) {
  const before = customerView(stored.length ? foldMessages('MA-1', stored) : emptyState('MA-1'));
  const after = foldMessages('MA-1', [...stored, ...batch]);
  return mailsAfterBatch({ before, after, added: batch }).map((mail) => [mail.kind, mail.cause.id]);
}

const kinds = (stored: LoggedMessage[], batch: LoggedMessage[]) => mails(stored, batch).map(([kind]) => kind);

describe('the contact moments, one message at a time', () => {
  it('KCM A confirms the submission; KCM B, 1, 2, 3 confirm every logged contact', () => {
    expect(kinds([], [submitted])).toEqual(['aanvraag']);
    expect(kinds([submitted], [contact('c1', '2026-10-05T10:00:00+02:00')])).toEqual(['contactmoment']);
  });

  it('KCM 1a confirms a shift the customer can see, and nothing when the dates stay as they were', () => {
    const w10 = week('w10', '2026-10-05T10:00:00+02:00', '2027-W10');
    expect(kinds([submitted, handed], [w10])).toEqual(['planning']);
    expect(kinds([submitted, handed, w10], [week('w10b', '2026-10-06T10:00:00+02:00', '2027-W10')])).toEqual([]);
    expect(kinds([submitted, handed, w10], [week('w11', '2026-10-06T10:00:00+02:00', '2027-W11')])).toEqual(['planning']);
    const inspection = (id: string) =>
      m(id, '2026-10-05T10:00:00+02:00', { type: 'inspection_planned', date: '2027-02-01', part: 'ochtend' }, 'ca');
    expect(kinds([submitted, handed], [inspection('i1')])).toEqual(['planning']);
    expect(kinds([submitted, handed, inspection('i1')], [inspection('i2')])).toEqual([]);
  });

  it('KCM C confirms the delivery once, when the last opdracht gets its TG message, and KCM 4 follows', () => {
    expect(kinds([submitted, handed], [tg])).toEqual(['oplevering', 'eindmeting']);
    const again = m('tg2', '2026-12-02T15:00:00+01:00', { type: 'work_order_completed', workOrderId: 'E' }, 'ca');
    expect(kinds([submitted, handed, tg], [again])).toEqual([]);
  });
});

describe('the mails after a batch', () => {
  it('a backlog that arrives delivered-first mails the delivery and the eindmeting, no superseded planning', () => {
    // Arrival order: the TG message, then three planning messages and a contact from weeks before it.
    const backlog = [
      tg,
      week('p1', '2026-10-20T10:00:00+02:00', '2026-W46'),
      contact('c1', '2026-10-21T10:00:00+02:00'),
      week('p2', '2026-11-02T10:00:00+01:00', '2026-W47'),
      week('p3', '2026-11-10T10:00:00+01:00', '2026-W48'),
    ];
    expect(mails([submitted, handed], backlog)).toEqual([
      ['contactmoment', 'c1'],
      ['oplevering', 'tg'],
      ['eindmeting', 'tg'],
    ]);
  });

  it('planning messages that arrive after the delivery mail nothing; a late contact is still confirmed', () => {
    const late = [week('p1', '2026-10-20T10:00:00+02:00', '2026-W46'), contact('c1', '2026-10-21T10:00:00+02:00')];
    expect(mails([submitted, handed, tg], late)).toEqual([['contactmoment', 'c1']]);
  });

  it('several planning shifts in one batch, in any order, make one mail with the planning as it now stands', () => {
    const shifts = [week('p3', '2026-11-10T10:00:00+01:00', '2026-W50'), week('p1', '2026-10-20T10:00:00+02:00', '2026-W46')];
    expect(mails([submitted, handed], shifts)).toEqual([['planning', 'p3']]);
    // Back where the customer last saw it: nothing shifted for them.
    const stored = [submitted, handed, week('p0', '2026-10-10T10:00:00+02:00', '2026-W50')];
    expect(
      mails(stored, [week('p4', '2026-10-20T10:00:00+02:00', '2026-W49'), week('p5', '2026-10-21T10:00:00+02:00', '2026-W50')]),
    ).toEqual([]);
  });

  it('a submission cancelled in the same batch is not confirmed as if it were going ahead', () => {
    const cancelled = m('x', '2026-10-03T10:00:00+02:00', { type: 'request_cancelled', reason: 'verhuisd' });
    expect(mails([], [submitted, handed, week('p1', '2026-10-02T12:00:00+02:00', '2026-W46'), cancelled])).toEqual([]);
    expect(mails([], [submitted])).toEqual([['aanvraag', 's']]);
  });
});
