import { describe, expect, it } from 'vitest';
import type { LoggedMessage, Message } from './messages.ts';
import { foldMessages } from './request-state.ts';
import {
  anonymiseAnswer,
  anonymisedRequestColumns,
  anonymiseMessage,
  isEmailAnswer,
  pc4,
  personalValues,
  REDACTED,
  redact,
  retentionCutoff,
} from './retention.ts';

const submitted = {
  id: 's1',
  type: 'request_submitted',
  requestNumber: 'MA-1',
  occurredAt: '2024-01-10T10:00:00+01:00',
  kind: 'nieuwe_aansluiting',
  combi: 'brabant-oost',
  applicant: { name: 'Sanne de Vries', email: 'Sanne@Example.com', phone: '06 12345678' },
  address: { street: 'Molenweg', houseNumber: '12', houseNumberAddition: 'A', postcode: '5611 AB', city: 'Eindhoven' },
  wishDate: '2024-03-01',
  workOrders: [{ id: 'E', discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
} as Message;
const contact = {
  id: 'c1',
  type: 'contact_logged',
  requestNumber: 'MA-1',
  occurredAt: '2024-01-11T09:00:00+01:00',
  contactMoment: 'B',
  channel: 'telefoon',
  staffName: 'Petra Jansen',
  spokeWith: 'Sanne de Vries',
  subject: 'Intake met mevrouw De Vries',
  summary: 'Aanvraag doorgenomen met Sanne.',
} as Message;
const planning = {
  id: 'p1',
  type: 'planning_changed',
  requestNumber: 'MA-1',
  occurredAt: '2024-01-12T09:00:00+01:00',
  provisionalWeek: '2024-W10',
  reason: 'graafwerk in de Molenweg; bel 0612345678',
  staffName: 'Kees',
} as Message;
const personal = personalValues({ name: 'Sanne de Vries', email: 'Sanne@Example.com', phone: '06 12345678', street: 'Molenweg' });

describe('the retention period', () => {
  it('cuts off the configured number of days before now', () => {
    expect(retentionCutoff(new Date('2026-11-22T12:00:00Z'), 730).toISOString()).toBe('2024-11-22T12:00:00.000Z');
  });

  it('refuses fewer than 30 days or a fraction', () => {
    expect(() => retentionCutoff(new Date(), 29)).toThrow(/minstens 30/);
    expect(() => retentionCutoff(new Date(), 30.5)).toThrow();
    expect(() => retentionCutoff(new Date(), 30)).not.toThrow();
  });
});

describe('the replacements', () => {
  it('keeps the PC4 of a postcode, also of one already shortened', () => {
    expect(pc4('5611 AB')).toBe('5611');
    expect(pc4('5611AB')).toBe('5611');
    expect(pc4('5611')).toBe('5611');
    expect(pc4(null)).toBeNull();
    expect(pc4('ABCD')).toBeNull();
  });

  it('empties every personal column of an aanvraag and keeps the area', () => {
    expect(anonymisedRequestColumns({ postcode: '5611 AB', city: 'Eindhoven' })).toEqual({
      applicantName: null,
      applicantEmail: null,
      applicantPhone: null,
      street: null,
      houseNumber: null,
      houseNumberAddition: null,
      applicantKvk: null,
      postcode: '5611',
      city: 'Eindhoven',
    });
  });

  it('knows a person by their whole name, its capitalised parts, e-mail, phone and street', () => {
    expect(personal).toEqual(expect.arrayContaining(['Sanne de Vries', 'Sanne', 'Vries', 'Sanne@Example.com', 'Molenweg']));
    expect(personal).not.toContain('de');
  });

  it('redacts those whole words in any case, and any e-mail address or Dutch phone number', () => {
    expect(redact('Gesproken met mevrouw DE VRIES over de Molenweg 12', personal)).toBe(
      `Gesproken met mevrouw DE ${REDACTED} over de ${REDACTED} 12`,
    );
    expect(redact('mail ander@voorbeeld.nl of bel +31 6-1234 5678', [])).toBe(`mail ${REDACTED} of bel ${REDACTED}`);
    // Words that merely contain a name, dates and weeks stay.
    expect(redact('Vriesland, 2027-03-15, week 2027-W07, 0,5 uur', personal)).toBe(
      'Vriesland, 2027-03-15, week 2027-W07, 0,5 uur',
    );
  });
});

describe('an anonymised message', () => {
  it('has no applicant, keeps only the area of the address, and the rest of the submission', () => {
    const clean = anonymiseMessage(submitted, personal) as Record<string, unknown>;
    expect(clean.applicant).toBeUndefined();
    expect(clean.address).toEqual({ postcode: '5611', city: 'Eindhoven' });
    expect(clean).toMatchObject({ kind: 'nieuwe_aansluiting', combi: 'brabant-oost', wishDate: '2024-03-01' });
    expect(JSON.stringify(clean)).not.toMatch(/Sanne|Molenweg|12345678/i);
  });

  it("keeps a contact moment's code, channel and time and redacted subject; drops staff, whom and summary", () => {
    expect(anonymiseMessage(contact, personal)).toMatchObject({
      contactMoment: 'B',
      channel: 'telefoon',
      occurredAt: contact.occurredAt,
      staffName: '',
      spokeWith: '',
      subject: `Intake met mevrouw De ${REDACTED}`,
      summary: '',
    });
  });

  it('keeps the reason of a planning change, redacted, without the staff name', () => {
    const clean = anonymiseMessage(planning, personal) as Record<string, unknown>;
    expect(clean.staffName).toBeUndefined();
    expect(clean.reason).toBe(`graafwerk in de ${REDACTED}; bel ${REDACTED}`);
    expect(clean.provisionalWeek).toBe('2024-W10');
  });

  it('keeps what a preparation report says, its note redacted', () => {
    const prep = {
      id: 'p1',
      type: 'preparation_reported',
      requestNumber: 'MA-1',
      occurredAt: '2024-02-01T10:00:00+01:00',
      item: 'werkmap',
      status: 'ontbreekt',
      note: 'Sanne de Vries belt terug over de Molenweg',
    } as Message;
    expect(anonymiseMessage(prep, personal)).toMatchObject({
      item: 'werkmap',
      status: 'ontbreekt',
      note: expect.not.stringMatching(/Sanne|Molenweg/),
    });
  });

  it('is idempotent', () => {
    for (const m of [submitted, contact, planning]) {
      const once = anonymiseMessage(m, personal);
      expect(JSON.stringify(anonymiseMessage(once, personal))).toBe(JSON.stringify(once));
      expect(JSON.stringify(anonymiseMessage(once, []))).toBe(JSON.stringify(once));
    }
  });

  it('still folds: the state has the statistics and no personal data', () => {
    const log = [submitted, contact, planning].map((m) => ({ ...anonymiseMessage(m, personal), sender: 'netbeheer-zuid' }));
    const state = foldMessages('MA-1', log as LoggedMessage[]);
    expect(state.applicant).toBeUndefined();
    expect(state.submittedAt).toBe(submitted.occurredAt);
    expect(state.workOrders.map((w) => w.discipline)).toEqual(['elektra']);
    expect(state.contactMoments.map((c) => [c.code, c.at])).toEqual([['B', contact.occurredAt]]);
    expect(state.planning.provisionalWeek).toBe('2024-W10');
    expect(JSON.stringify(state)).not.toMatch(/Sanne|Vries|Molenweg|12345678|Petra|Kees/i);
  });
});

describe('survey answers', () => {
  it('drop an e-mail address, keep scales and choices, and keep free text redacted', () => {
    expect(isEmailAnswer(' iemand@voorbeeld.nl ')).toBe(true);
    expect(isEmailAnswer('Prima service')).toBe(false);
    expect(anonymiseAnswer('iemand@voorbeeld.nl', personal)).toBeUndefined();
    expect(anonymiseAnswer(8, personal)).toBe(8);
    expect(anonymiseAnswer(['a', 'b'], personal)).toEqual(['a', 'b']);
    expect(anonymiseAnswer('Sanne was goed geholpen', personal)).toBe(`${REDACTED} was goed geholpen`);
  });
});
