import { describe, expect, it } from 'vitest';
import type { LoggedMessage } from './messages.ts';
import { applyMessage, emptyState } from './request-state.ts';
import {
  failingTooLong,
  isPublicAddress,
  webhookBackoffMs,
  webhookEventsAfterBatch,
  webhookUrlRefusal,
  webhookView,
} from './webhooks.ts';

const submitted = {
  id: 's',
  sender: 'netbeheer-zuid',
  type: 'request_submitted',
  requestNumber: 'MA-1',
  occurredAt: '2026-11-02T10:00:00+01:00',
  kind: 'nieuwe_aansluiting',
  combi: 'brabant-oost',
  applicant: { name: 'A', email: 'a@example.com' },
  address: { street: 'Molenweg', houseNumber: '1', postcode: '5611 AB', city: 'Eindhoven' },
  workOrders: [{ id: 'E', discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
} as unknown as LoggedMessage;
const contact = {
  id: 'c',
  sender: 'netbeheer-zuid',
  type: 'contact_logged',
  requestNumber: 'MA-1',
  occurredAt: '2026-11-03T10:00:00+01:00',
  contactMoment: 'B',
  channel: 'telefoon',
  staffName: 'P',
  spokeWith: 'A',
  subject: 'Intake',
  summary: 'x',
} as unknown as LoggedMessage;

describe('webhookEventsAfterBatch', () => {
  it('a submission changes the status; a contact is an event of its own; a repeat of nothing is none', () => {
    const state = emptyState('MA-1');
    const before = webhookView(state);
    applyMessage(state, submitted);
    applyMessage(state, contact);
    const events = webhookEventsAfterBatch({ before, after: state, added: [contact, submitted] });
    expect(events.map((e) => e.type)).toEqual(['aanvraag.contactmoment_vastgelegd', 'aanvraag.status_gewijzigd']);
    const now = webhookView(state);
    expect(webhookEventsAfterBatch({ before: now, after: state, added: [] })).toEqual([]);
  });
});

describe('webhookUrlRefusal', () => {
  const dev = { production: false };
  const prod = { production: true };
  it('takes https, and loopback http only outside production', () => {
    expect(webhookUrlRefusal('https://planning.example.nl/hook', dev)).toBeUndefined();
    expect(webhookUrlRefusal('http://127.0.0.1:4412/hook', dev)).toBeUndefined();
    expect(webhookUrlRefusal('http://localhost/hook', dev)).toBeUndefined();
    expect(webhookUrlRefusal('http://planning.example.nl/hook', dev)).toBeDefined();
    expect(webhookUrlRefusal('http://127.0.0.1/hook', prod)).toBeDefined();
  });
  it('refuses private and loopback addresses in production, also those a name resolves to', () => {
    expect(webhookUrlRefusal('https://10.0.0.5/hook', prod)).toBeDefined();
    expect(webhookUrlRefusal('https://[::ffff:10.0.0.1]/', prod)).toBeDefined();
    expect(webhookUrlRefusal('https://planning.example.nl/', { production: true, addresses: ['192.168.0.3'] })).toBeDefined();
    expect(webhookUrlRefusal('https://planning.example.nl/', { production: true, addresses: ['93.184.215.14'] })).toBeUndefined();
    expect(webhookUrlRefusal('https://10.0.0.5/hook', dev)).toBeUndefined();
  });
  it('knows the public internet from the rest', () => {
    for (const a of [
      '10.1.1.1',
      '127.0.0.1',
      '169.254.169.254',
      '172.20.0.1',
      '192.168.1.1',
      '100.64.0.1',
      '::1',
      'fd00::1',
      'fe80::1',
    ])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ['93.184.215.14', '8.8.8.8', '2001:4860:4860::8888', '::ffff:8.8.8.8'])
      expect(isPublicAddress(a), a).toBe(true);
  });
});

describe('retries', () => {
  it('wait longer after each failed attempt, and an endpoint failing long enough is disabled', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map(webhookBackoffMs);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1] as number);
    expect(waits[0]).toBe(5000);
    const day = 86_400_000;
    const since = new Date('2026-12-01T00:00:00Z');
    expect(failingTooLong(since, new Date(since.getTime() + 3 * day - 1), 3 * day)).toBe(false);
    expect(failingTooLong(since, new Date(since.getTime() + 3 * day), 3 * day)).toBe(true);
    expect(failingTooLong(null, new Date(), 3 * day)).toBe(false);
  });
});
