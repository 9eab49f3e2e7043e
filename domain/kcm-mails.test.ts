import { describe, expect, it } from 'vitest';
import { customerView, wanted } from './kcm-mails.ts';
import { mailsAfterBatch } from './mails-after-a-batch.ts';
import { type LoggedMessage, message } from './messages.ts';
import { applyMessage, emptyState, type RequestState } from './request-state.ts';

let n = 0;
const m = (body: Record<string, unknown>): LoggedMessage => ({
  ...message.parse({ id: `m${++n}`, requestNumber: 'MA-1', occurredAt: '2026-11-05T10:00:00+01:00', ...body }),
  sender: 'nb',
});
const submitted = m({
  type: 'request_submitted',
  kind: 'nieuwe_aansluiting',
  combi: 'oost',
  applicant: { name: 'Sanne', email: 'sanne@example.com' },
  address: { street: 'Molenweg', houseNumber: '1', postcode: '5611AB', city: 'Eindhoven' },
  workOrders: [{ id: 'E', discipline: 'elektra', gridOperator: 'nb' }],
});

/** The mails of `next` alone after `earlier`, judged as the use case does: the view before, the state after. */
function mailsAfter(earlier: LoggedMessage[], next: LoggedMessage) {
  const state: RequestState = emptyState('MA-1');
  for (const e of earlier) applyMessage(state, e);
  const before = customerView(state);
  applyMessage(state, next);
  return mailsAfterBatch({ before, after: state, added: [next] }).map((mail) => mail.kind);
}

describe('the contact-moment mails', () => {
  it('KCM A confirms the submission; KCM B, 1, 2, 3 confirm every logged contact', () => {
    expect(mailsAfter([], submitted)).toEqual(['aanvraag']);
    const contact = m({
      type: 'contact_logged',
      contactMoment: '1',
      channel: 'telefoon',
      staffName: 'P',
      spokeWith: 'S',
      subject: 'Kennismaking',
      summary: 'x',
    });
    expect(mailsAfter([submitted], contact)).toEqual(['contactmoment']);
  });

  it('KCM 1a confirms a shift the customer can see, and nothing when the dates stay as they were', () => {
    const week = (provisionalWeek: string) => m({ type: 'planning_changed', provisionalWeek, reason: 'plangesprek' });
    const w10 = week('2027-W10');
    expect(mailsAfter([submitted], w10)).toEqual(['planning']);
    expect(mailsAfter([submitted, w10], week('2027-W10'))).toEqual([]);
    expect(mailsAfter([submitted, w10], week('2027-W11'))).toEqual(['planning']);
    const inspection = m({ type: 'inspection_planned', date: '2027-02-01', part: 'ochtend' });
    expect(mailsAfter([submitted], inspection)).toEqual(['planning']);
    expect(mailsAfter([submitted, inspection], m({ type: 'inspection_planned', date: '2027-02-01', part: 'ochtend' }))).toEqual(
      [],
    );
  });

  it('KCM C confirms the delivery once, when the last opdracht gets its TG message, and KCM 4 follows', () => {
    const tg = m({ type: 'work_order_completed', workOrderId: 'E' });
    expect(mailsAfter([submitted], tg)).toEqual(['oplevering', 'eindmeting']);
    expect(mailsAfter([submitted, tg], m({ type: 'work_order_completed', workOrderId: 'E' }))).toEqual([]);
  });

  it('sends what the customer chose: everything, planning and delivery only, or nothing; sign-in codes always', () => {
    expect(wanted('contactmoment', 'alles')).toBe(true);
    expect(wanted('contactmoment', 'planning')).toBe(false);
    expect(wanted('planning', 'planning')).toBe(true);
    expect(wanted('oplevering', 'planning')).toBe(true);
    expect(wanted('eindmeting', 'planning')).toBe(false);
    expect(wanted('oplevering', 'niets')).toBe(false);
    expect(wanted('inlogcode', 'niets')).toBe(true);
  });
});
