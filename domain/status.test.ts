import { describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS } from '../demo/directory.ts';
import { generateRequest, randomSource } from '../demo/generator.ts';
import { loadContent } from './content.ts';
import type { LoggedMessage, Message } from './messages.ts';
import { message } from './messages.ts';
import { type OpenStep, type Organisation, workingDaysLate } from './next-step.ts';
import { foldMessages } from './request-state.ts';
import { requestStatus, statusValidUntil } from './status.ts';
import { requestStatusSchema } from './status-schema.ts';
import { statusVersion } from './status-version.ts';

const content = loadContent();
const ORGS: Record<string, Organisation> = {
  nb: { code: 'nb', name: 'Netbeheer Zuid', kind: 'netbeheerder', phone: '088 123' },
  water: { code: 'water', name: 'Waterbedrijf De Peel', kind: 'netbeheerder' },
  ca: { code: 'ca', name: 'Van Gelder', kind: 'aannemer', phone: '0492 55' },
  ca2: { code: 'ca2', name: 'Kabel & Co', kind: 'aannemer', phone: '040 11' },
};
const lookup = (code: string) => ORGS[code];

/** A story of one aanvraag, message by message; every message is validated as the API would. */
function story() {
  const messages: LoggedMessage[] = [];
  let n = 0;
  const add = (sender: string, occurredAt: string, body: Record<string, unknown>) => {
    const m = message.parse({ id: `m${++n}`, requestNumber: 'MA-1', occurredAt, ...body }) as Message;
    messages.push({ ...m, sender });
    return api;
  };
  const api = {
    messages,
    add,
    submitted: (at: string, disciplines: [string, string][] = [['elektra', 'nb']]) =>
      add(disciplines[0]?.[1] ?? 'nb', at, {
        type: 'request_submitted',
        kind: 'nieuwe_aansluiting',
        combi: 'combi',
        applicant: { name: 'Sanne de Vries', email: 'sanne@example.com' },
        address: { street: 'Molenweg', houseNumber: '12', postcode: '5611AB', city: 'Eindhoven' },
        wishDate: '2027-03-01',
        workOrders: disciplines.map(([discipline, gridOperator], i) => ({ id: `wo${i + 1}`, discipline, gridOperator })),
      }),
    contact: (sender: string, at: string, code: string) =>
      add(sender, at, {
        type: 'contact_logged',
        contactMoment: code,
        channel: 'telefoon',
        staffName: 'Petra',
        spokeWith: 'Sanne',
        subject: 'Gesprek',
        summary: 'Samenvatting',
      }),
    status: (now: string) => requestStatus(foldMessages('MA-1', messages), content, lookup, new Date(now)),
  };
  return api;
}

describe('the status of an aanvraag', () => {
  it('after submission: Bestellen, the grid operator calls within 10 working days (over Koningsdag)', () => {
    const s = story().submitted('2026-04-20T10:00:00+02:00').status('2026-04-21T09:00:00+02:00');
    expect(s.phase.current).toBe('bestellen');
    expect(s.phase.phases.map((p) => p.state)).toEqual(['done', 'current', 'todo', 'todo', 'todo']);
    expect(s.disciplines[0]?.status).toBe('ingediend');
    expect(s.contactPerson).toMatchObject({ name: 'Netbeheer Zuid', role: 'netbeheerder' });
    expect(s.nextStep).toMatchObject({
      step: 'intake',
      contactMoment: 'B',
      who: { role: 'netbeheerder', organisation: 'nb', name: 'Netbeheer Zuid' },
      dueDate: '2026-05-05',
      dueKind: 'norm',
      normWorkingDays: 10,
      overdue: false,
      text: 'Netbeheer Zuid belt u uiterlijk dinsdag 5 mei om uw aanvraag door te nemen.',
    });
  });

  it('flags the step overdue once its due day has passed', () => {
    const s = story().submitted('2026-04-20T10:00:00+02:00');
    expect(s.status('2026-05-05T23:59:00+02:00').nextStep?.overdue).toBe(false);
    expect(s.status('2026-05-06T00:01:00+02:00').nextStep?.overdue).toBe(true);
  });

  it('quote: sent within 10 working days of the quickscan, then the customer decides', () => {
    const s = story()
      .submitted('2026-05-04T10:00:00+02:00')
      .contact('nb', '2026-05-06T10:00:00+02:00', 'B')
      .add('nb', '2026-05-08T10:00:00+02:00', { type: 'quickscan_done', workOrderId: 'wo1', quoteRequired: true });
    // 8 May + 10 working days, skipping Ascension (14 May) and Whit Monday (25 May).
    expect(s.status('2026-05-11T09:00:00+02:00').nextStep).toMatchObject({ step: 'offerte', dueDate: '2026-05-26' });
    s.add('nb', '2026-05-12T10:00:00+02:00', { type: 'quote_sent', workOrderId: 'wo1', validUntil: '2026-08-10' });
    const waiting = s.status('2026-05-13T09:00:00+02:00');
    expect(waiting.disciplines[0]?.status).toBe('offerte_verstuurd');
    expect(waiting.nextStep).toMatchObject({
      step: 'offerte-beslissen',
      who: { role: 'klant' },
      dueDate: '2026-08-10',
      dueKind: 'afspraak',
    });
    s.add('nb', '2026-05-20T10:00:00+02:00', { type: 'quote_accepted', workOrderId: 'wo1' });
    // Mee in combi within 5 working days of the acceptance: 20 May + 5 skips Whit Monday.
    expect(s.status('2026-05-21T09:00:00+02:00').nextStep).toMatchObject({ step: 'mee-in-combi', dueDate: '2026-05-28' });
  });

  it('after a rejected quote the grid operator contacts the customer within the norm of KCM B', () => {
    const s = story()
      .submitted('2026-05-04T10:00:00+02:00')
      .contact('nb', '2026-05-06T10:00:00+02:00', 'B')
      .add('nb', '2026-05-08T10:00:00+02:00', { type: 'quickscan_done', workOrderId: 'wo1', quoteRequired: true })
      .add('nb', '2026-05-12T10:00:00+02:00', { type: 'quote_sent', workOrderId: 'wo1' })
      .add('nb', '2026-05-13T10:00:00+02:00', { type: 'quote_rejected', workOrderId: 'wo1', reason: 'te duur' });
    const st = s.status('2026-05-14T10:00:00+02:00');
    expect(st.disciplines[0]?.statusText).toBe('Offerte afgewezen');
    // 13 May + 10 working days, skipping Ascension (14 May) and Whit Monday (25 May).
    expect(st.nextStep).toMatchObject({
      step: 'offerte-afgewezen',
      contactMoment: 'B',
      who: { role: 'netbeheerder', name: 'Netbeheer Zuid' },
      dueDate: '2026-05-29',
      dueKind: 'norm',
      normWorkingDays: 10,
    });
    expect(st.nextStep?.text).toBe(
      'Netbeheer Zuid neemt uiterlijk vrijdag 29 mei contact met u op over de afgewezen offerte: een aangepaste offerte, of de opdracht vervalt.',
    );
    // A changed quote puts the decision back with the customer.
    s.add('nb', '2026-05-20T10:00:00+02:00', { type: 'quote_sent', workOrderId: 'wo1', validUntil: '2026-08-20' });
    expect(s.status('2026-05-21T10:00:00+02:00').nextStep?.step).toBe('offerte-beslissen');
  });

  it("with two contractors, each discipline's step names its own contractor", () => {
    const s = story()
      .submitted('2027-01-04T10:00:00+01:00', [
        ['elektra', 'nb'],
        ['water', 'water'],
      ])
      .add('nb', '2027-01-06T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo1'], contractor: 'ca' })
      .add('water', '2027-01-07T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo2'], contractor: 'ca2' });
    const st = s.status('2027-01-08T09:00:00+01:00');
    expect(st.openSteps.map((x) => [x.step, x.who.name, x.workOrderIds])).toEqual([
      ['plangesprek', 'Van Gelder', ['wo1']],
      ['plangesprek', 'Kabel & Co', ['wo2']],
    ]);
    // One contractor's planning call does not close the other's.
    s.contact('ca', '2027-01-08T10:00:00+01:00', '1').add('ca', '2027-01-08T10:05:00+01:00', {
      type: 'planning_changed',
      provisionalWeek: '2027-W18',
      reason: 'plangesprek',
    });
    expect(s.status('2027-01-11T09:00:00+01:00').openSteps.map((x) => [x.step, x.who.name])).toEqual([
      ['plangesprek', 'Kabel & Co'],
      ['startdatum', 'Van Gelder'],
    ]);
  });

  it('counts how many working days an overdue step is late', () => {
    const s = story().submitted('2026-10-23T10:00:00+02:00');
    // Intake due Friday 6 November 2026 (10 working days).
    const due = s.status('2026-11-06T12:00:00+01:00').nextStep as OpenStep;
    expect(due).toMatchObject({ dueDate: '2026-11-06', overdue: false });
    expect(workingDaysLate(due, '2026-11-06')).toBe(0);
    // The weekend after: overdue, but not a working day late yet.
    const weekend = s.status('2026-11-08T12:00:00+01:00').nextStep as OpenStep;
    expect(weekend.overdue).toBe(true);
    expect(workingDaysLate(weekend, '2026-11-08')).toBe(0);
    expect(workingDaysLate(s.status('2026-11-09T12:00:00+01:00').nextStep as OpenStep, '2026-11-09')).toBe(1);
    // Sunday 6 December: 20 working days after Friday 6 November.
    expect(workingDaysLate(s.status('2026-12-06T12:00:00+01:00').nextStep as OpenStep, '2026-12-06')).toBe(20);
  });

  it('the timeline says the customer accepted the quote, not the grid operator that sent the message', () => {
    const st = story()
      .submitted('2026-05-04T10:00:00+02:00')
      .add('nb', '2026-05-08T10:00:00+02:00', { type: 'quickscan_done', workOrderId: 'wo1', quoteRequired: true })
      .add('nb', '2026-05-12T10:00:00+02:00', { type: 'quote_sent', workOrderId: 'wo1' })
      .add('nb', '2026-05-13T10:00:00+02:00', { type: 'quote_accepted', workOrderId: 'wo1' })
      .status('2026-05-14T10:00:00+02:00');
    expect(st.timeline.map((e) => [e.type, e.actor, e.by.name])).toEqual([
      ['quote_accepted', 'klant', 'Netbeheer Zuid'],
      ['quote_sent', 'afzender', 'Netbeheer Zuid'],
      ['quickscan_done', 'afzender', 'Netbeheer Zuid'],
      ['request_submitted', 'klant', 'Netbeheer Zuid'],
    ]);
  });

  it('mee in combi: the contractor becomes the contact person and calls within 5 working days', () => {
    const s = story()
      .submitted('2026-12-01T10:00:00+01:00')
      .contact('nb', '2026-12-02T10:00:00+01:00', 'B')
      .add('nb', '2026-12-21T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo1'], contractor: 'ca' })
      .status('2026-12-22T09:00:00+01:00');
    expect(s.phase.current).toBe('bestellen');
    expect(s.disciplines[0]?.status).toBe('mee_in_combi');
    expect(s.contactPerson).toMatchObject({ name: 'Van Gelder', role: 'aannemer', reachable: 'werkdagen 8:00–17:00' });
    // 21 Dec + 5 working days over Christmas: 22, 23, 24, 28, 29.
    expect(s.nextStep).toMatchObject({ step: 'plangesprek', contactMoment: '1', dueDate: '2026-12-29' });
    expect(s.nextStep?.text).toBe('Van Gelder belt u uiterlijk dinsdag 29 december om de planning door te spreken.');
  });

  it('Voorbereiden: after the planning call, the firm date is due 10 working days before the provisional week', () => {
    const s = story()
      .submitted('2027-01-04T10:00:00+01:00')
      .contact('nb', '2027-01-05T10:00:00+01:00', 'B')
      .add('nb', '2027-01-06T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo1'], contractor: 'ca' })
      .contact('ca', '2027-01-08T10:00:00+01:00', '1')
      .add('ca', '2027-01-08T10:05:00+01:00', { type: 'planning_changed', provisionalWeek: '2027-W18', reason: 'plangesprek' });
    const st = s.status('2027-01-11T09:00:00+01:00');
    expect(st.phase.current).toBe('voorbereiden');
    expect(st.planning.provisionalWeek).toMatchObject({
      week: '2027-W18',
      from: '2027-05-03',
      to: '2027-05-07',
      precision: 'indicatief',
    });
    // Monday 3 May 2027 minus 10 working days, skipping Koningsdag (27 April).
    expect(st.nextStep).toMatchObject({ step: 'startdatum', contactMoment: '2', dueDate: '2027-04-16', dueKind: 'norm' });
  });

  it('Leveren: a firm start date and an inspection are appointments, not norms', () => {
    const s = story()
      .submitted('2027-01-04T10:00:00+01:00')
      .add('nb', '2027-01-06T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo1'], contractor: 'ca' })
      .contact('ca', '2027-01-08T10:00:00+01:00', '1')
      .add('ca', '2027-03-01T10:00:00+01:00', {
        type: 'planning_changed',
        confirmedStart: { date: '2027-03-15', part: 'ochtend' },
        reason: 'afgesproken',
      })
      .add('ca', '2027-03-01T10:10:00+01:00', { type: 'inspection_planned', date: '2027-03-08', part: 'middag' });
    const st = s.status('2027-03-02T09:00:00+01:00');
    expect(st.phase.current).toBe('leveren');
    expect(st.disciplines[0]?.status).toBe('ingepland');
    expect(st.planning.confirmedStart).toEqual({ date: '2027-03-15', part: 'ochtend', precision: 'vast' });
    expect(st.openSteps.map((x) => [x.step, x.dueDate, x.dueKind])).toEqual([
      ['schouw', '2027-03-08', 'afspraak'],
      ['uitvoering', '2027-03-15', 'afspraak'],
    ]);
    expect(st.nextStep?.text).toBe('Van Gelder komt op maandag 8 maart langs voor de schouw.');
  });

  it('Nazorg: when every active opdracht has its TG, the grid operator confirms within 2 working days', () => {
    const s = story()
      .submitted('2027-01-04T10:00:00+01:00', [
        ['elektra', 'nb'],
        ['water', 'water'],
        ['gas', 'nb'],
      ])
      .add('nb', '2027-01-06T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo1'], contractor: 'ca' })
      .add('water', '2027-01-06T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo2'], contractor: 'ca' })
      .add('nb', '2027-01-07T10:00:00+01:00', { type: 'work_order_cancelled', workOrderId: 'wo3', reason: 'gasloos gebouwd' })
      .add('ca', '2027-04-22T15:00:00+02:00', { type: 'work_order_completed', workOrderId: 'wo1' });
    expect(s.status('2027-04-23T09:00:00+02:00').deliveredAt).toBeNull();
    s.add('ca', '2027-04-23T15:00:00+02:00', { type: 'work_order_completed', workOrderId: 'wo2' });
    const st = s.status('2027-04-26T09:00:00+02:00');
    expect(st.phase.current).toBe('nazorg');
    expect(st.phase.phases.every((p) => p.state === 'done')).toBe(true);
    expect(st.deliveredAt).toBe('2027-04-23T15:00:00+02:00');
    expect(st.disciplines.map((d) => d.status)).toEqual(['gereed', 'gereed', 'geannuleerd']);
    // Friday 23 April + 2 working days skips Koningsdag (Tuesday 27 April): Monday 26, Wednesday 28.
    expect(st.openSteps.map((x) => [x.step, x.who.organisation, x.dueDate])).toEqual([
      ['opleverbevestiging', 'nb', '2027-04-28'],
      ['opleverbevestiging', 'water', '2027-04-28'],
    ]);
    s.contact('nb', '2027-04-26T10:00:00+02:00', 'C').contact('water', '2027-04-26T11:00:00+02:00', 'C');
    expect(s.status('2027-04-27T09:00:00+02:00').nextStep).toBeNull();
  });

  it('stagnation comes first, with its cause and who must act', () => {
    const s = story()
      .submitted('2027-01-04T10:00:00+01:00')
      .add('nb', '2027-01-06T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo1'], contractor: 'ca' })
      .contact('ca', '2027-01-08T10:00:00+01:00', '1')
      .add('ca', '2027-02-01T10:00:00+01:00', {
        type: 'stagnation_reported',
        cause: 'klant',
        reason: 'wij wachten op de tekening van de meterkast',
      });
    const st = s.status('2027-02-02T09:00:00+01:00');
    expect(st.stagnation).toMatchObject({ cause: 'klant', reason: 'wij wachten op de tekening van de meterkast' });
    expect(st.nextStep).toMatchObject({ step: 'stagnatie-klant', who: { role: 'klant' }, dueKind: 'geen' });
    expect(st.nextStep?.text).toBe(
      'Uw aanvraag wacht op u: wij wachten op de tekening van de meterkast. Daarna plant Van Gelder opnieuw in.',
    );
    s.add('ca', '2027-02-10T10:00:00+01:00', { type: 'stagnation_lifted' });
    expect(s.status('2027-02-11T09:00:00+01:00').stagnation).toBeNull();
  });

  it('keeps the planning history with who, when, why and the previous value, newest first', () => {
    const s = story()
      .submitted('2027-01-04T10:00:00+01:00')
      .add('nb', '2027-01-06T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo1'], contractor: 'ca' })
      .add('ca', '2027-01-08T10:00:00+01:00', {
        type: 'planning_changed',
        provisionalWeek: '2027-W10',
        reason: 'plangesprek',
        staffName: 'Sven',
      })
      .add('ca', '2027-02-01T10:00:00+01:00', { type: 'planning_changed', provisionalWeek: '2027-W13', reason: 'vorstverlet' });
    const history = s.status('2027-02-02T09:00:00+01:00').planning.history;
    expect(history.map((h) => [h.field, h.value, h.previous, h.by?.name, h.reason])).toEqual([
      ['provisionalWeek', '2027-W13', '2027-W10', 'Van Gelder', 'vorstverlet'],
      ['provisionalWeek', '2027-W10', undefined, 'Van Gelder', 'plangesprek'],
      ['wishDate', '2027-03-01', undefined, 'Netbeheer Zuid', 'wensdatum bij de aanvraag'],
    ]);
  });

  it('gives the legal outer term for electricity: 18 weeks after submission with groundwork', () => {
    const st = story().submitted('2026-11-02T10:00:00+01:00').status('2026-11-03T09:00:00+01:00');
    expect(st.legalTerm).toEqual({ weeks: 18, until: '2027-03-08', overrun: null });
  });

  it('takes the legal term from content/doorlooptijden.yaml, so a changed rule changes every status with it', () => {
    const st = story().submitted('2026-11-02T10:00:00+01:00');
    const state = foldMessages('MA-1', st.messages);
    const longer = { ...content, legalTermWeeks: { ...content.legalTermWeeks, withGroundwork: 20 } };
    const status = requestStatus(state, longer, lookup, new Date('2026-11-03T09:00:00+01:00'));
    expect(status.legalTerm).toEqual({ weeks: 20, until: '2027-03-22', overrun: null });
    expect(statusVersion(longer)).not.toBe(statusVersion(content));
  });

  it('watches the legal term: a provisional week after it, then a passed term, is an overrun until delivery', () => {
    const s = story()
      .submitted('2026-11-02T10:00:00+01:00')
      .add('nb', '2026-11-04T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo1'], contractor: 'ca' })
      .add('ca', '2026-11-10T10:00:00+01:00', { type: 'planning_changed', provisionalWeek: '2027-W12', reason: 'drukte' });
    // The wish date (1 March) lies before the term (8 March): it does not move it.
    const planned = s.status('2026-11-11T09:00:00+01:00');
    expect(planned.legalTerm).toEqual({
      weeks: 18,
      until: '2027-03-08',
      overrun: { plannedStart: '2027-03-22', passed: false },
    });
    // Right until the term's last day, so a kept status turns on the day after.
    expect(statusValidUntil(planned)).toBe('2027-03-08');
    expect(s.status('2027-03-09T09:00:00+01:00').legalTerm?.overrun).toEqual({ plannedStart: '2027-03-22', passed: true });
    s.add('ca', '2027-03-23T15:00:00+01:00', { type: 'work_order_completed', workOrderId: 'wo1' });
    expect(s.status('2027-03-24T09:00:00+01:00').legalTerm?.overrun).toBeNull();
  });

  it('a later date the customer agreed to is not an overrun', () => {
    const s = story()
      .submitted('2026-11-02T10:00:00+01:00')
      .add('nb', '2026-11-04T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo1'], contractor: 'ca' })
      .add('ca', '2026-11-10T10:00:00+01:00', {
        type: 'planning_changed',
        provisionalWeek: '2027-W12',
        reason: 'de klant verbouwt eerst',
        customerAgreed: true,
      });
    expect(s.status('2027-03-10T09:00:00+01:00').legalTerm).toEqual({
      weeks: 18,
      until: '2027-03-08',
      customerDate: '2027-03-26',
      overrun: null,
    });
    // Moved again without the customer's say: past the date they agreed to.
    s.add('ca', '2027-03-11T10:00:00+01:00', { type: 'planning_changed', provisionalWeek: '2027-W15', reason: 'drukte' });
    expect(s.status('2027-03-12T09:00:00+01:00').legalTerm?.overrun).toEqual({ plannedStart: '2027-04-12', passed: false });
  });

  it('a cancelled aanvraag has no next step', () => {
    const st = story()
      .submitted('2027-01-04T10:00:00+01:00')
      .add('nb', '2027-01-05T10:00:00+01:00', { type: 'request_cancelled', reason: 'dubbele aanvraag' })
      .status('2027-01-06T09:00:00+01:00');
    expect(st.cancelled).toMatchObject({ reason: 'dubbele aanvraag' });
    expect(st.nextStep).toBeNull();
    expect(st.disciplines[0]?.status).toBe('geannuleerd');
  });
});

describe('the documented shape', () => {
  it('holds for the status of every kind of demo aanvraag', () => {
    const demoOrgs = new Map(DEMO_ORGANISATIONS.map((o) => [o.code, { ...o, phone: o.phone ?? null }]));
    const now = new Date('2026-11-20T12:00:00Z');
    const phases = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const messages = generateRequest(i, now).map((m) => ({ ...m.message, sender: m.sender }));
      const status = requestStatus(
        foldMessages(messages[0]?.requestNumber ?? '', messages),
        content,
        (c) => demoOrgs.get(c),
        now,
      );
      expect(() => requestStatusSchema.strict().parse(status)).not.toThrow();
      phases.add(status.phase.current);
    }
    expect([...phases].sort()).toEqual(['bestellen', 'leveren', 'nazorg', 'voorbereiden']);
  });
});

describe('messages out of order', () => {
  it('give the same state as in order, whatever order they arrive in', () => {
    const s = story()
      .submitted('2027-01-04T10:00:00+01:00', [
        ['elektra', 'nb'],
        ['water', 'water'],
      ])
      .contact('nb', '2027-01-05T10:00:00+01:00', 'B')
      .add('nb', '2027-01-06T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo1'], contractor: 'ca' })
      .add('water', '2027-01-06T10:00:00+01:00', { type: 'handed_to_combi', workOrderIds: ['wo2'], contractor: 'ca' })
      .add('ca', '2027-01-08T10:00:00+01:00', { type: 'planning_changed', provisionalWeek: '2027-W10', reason: 'plangesprek' })
      .add('ca', '2027-02-01T10:00:00+01:00', { type: 'planning_changed', provisionalWeek: '2027-W13', reason: 'vorstverlet' })
      .add('ca', '2027-02-02T10:00:00+01:00', { type: 'stagnation_reported', cause: 'derde', reason: 'vergunning' })
      .add('ca', '2027-02-09T10:00:00+01:00', { type: 'stagnation_lifted' })
      .add('ca', '2027-03-29T15:00:00+02:00', { type: 'work_order_completed', workOrderId: 'wo2' })
      .add('ca', '2027-03-30T15:00:00+02:00', { type: 'work_order_completed', workOrderId: 'wo1' });
    const expected = foldMessages('MA-1', s.messages);
    const rng = randomSource(7);
    for (let round = 0; round < 25; round++) {
      const shuffled = [...s.messages];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [shuffled[i], shuffled[j]] = [shuffled[j] as LoggedMessage, shuffled[i] as LoggedMessage];
      }
      expect(foldMessages('MA-1', shuffled)).toEqual(expected);
    }
  });
});
