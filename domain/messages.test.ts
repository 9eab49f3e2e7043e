import { describe, expect, it } from 'vitest';
import { clockIssues, MESSAGE_TYPES, message } from './messages.ts';

const envelope = (type: string) => ({ id: `m-${type}`, type, requestNumber: 'MA-1', occurredAt: '2026-11-02T10:00:00+01:00' });
/** One valid message of every type. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  request_submitted: {
    kind: 'nieuwe_aansluiting',
    combi: 'oost',
    applicant: { name: 'A', email: 'a@example.com' },
    address: { street: 'S', houseNumber: '1', postcode: '1234 AB', city: 'C' },
    workOrders: [{ id: 'e', discipline: 'elektra', gridOperator: 'nb' }],
  },
  contact_logged: { contactMoment: '1', channel: 'telefoon', staffName: 'P', spokeWith: 'A', subject: 'S', summary: 'S' },
  quickscan_done: { workOrderId: 'e', quoteRequired: true },
  quote_sent: { workOrderId: 'e' },
  quote_accepted: { workOrderId: 'e' },
  quote_rejected: { workOrderId: 'e' },
  handed_to_combi: { workOrderIds: ['e'], contractor: 'ca' },
  planning_changed: { provisionalWeek: '2027-W10', reason: 'r' },
  stagnation_reported: { cause: 'klant', reason: 'r' },
  stagnation_lifted: {},
  preparation_reported: { item: 'werkmap', status: 'ontbreekt' },
  inspection_planned: { date: '2027-01-10', part: 'ochtend' },
  inspection_done: { approved: true },
  work_order_completed: { workOrderId: 'e' },
  work_order_cancelled: { workOrderId: 'e', reason: 'r' },
  request_cancelled: { reason: 'r' },
};

describe('message schemas', () => {
  it('has a sample for every type', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...MESSAGE_TYPES].sort());
  });

  it.each(MESSAGE_TYPES)('%s accepts its sample and refuses an unknown field', (type) => {
    const sample = { ...envelope(type), ...SAMPLES[type] };
    expect(message.safeParse(sample).success).toBe(true);
    const extra = message.safeParse({ ...sample, extra: 1 });
    expect(extra.success).toBe(false);
    expect(extra.error?.issues.map((i) => i.message)).toContain('onbekend veld: extra');
  });

  it('refuses an ISO week that does not exist, saying why', () => {
    const result = message.safeParse({ ...envelope('planning_changed'), reason: 'r', provisionalWeek: '2027-W53' });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['provisionalWeek'], message: 'bestaat niet: 2027 heeft geen week 53' }),
    ]);
  });

  it('names occurredAt when it lies in the future beyond clock skew', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(clockIssues('2026-12-06T12:04:00Z', now)).toEqual([]);
    expect(clockIssues('9999-12-31T00:00:00+01:00', now)).toEqual([
      {
        field: 'occurredAt',
        message: expect.stringMatching(/toekomst/),
      },
    ]);
  });
});

describe('preparation_reported', () => {
  const base = {
    id: 'p1',
    requestNumber: 'MA-2026-000123',
    occurredAt: '2026-11-02T09:35:00+01:00',
    type: 'preparation_reported',
  };
  it('names a work folder, permit or soil survey, missing or in order, and nothing else', () => {
    expect(message.safeParse({ ...base, item: 'vergunning', status: 'rond' }).success).toBe(true);
    const unknown = message.safeParse({ ...base, item: 'sleutel', status: 'ontbreekt' });
    expect(unknown.error?.issues[0]?.message).toBe('moet werkmap, vergunning, bodemonderzoek zijn');
    expect(message.safeParse({ ...base, item: 'werkmap', status: 'misschien' }).success).toBe(false);
    expect(message.safeParse({ ...base, item: 'werkmap' }).success).toBe(false);
  });
});
