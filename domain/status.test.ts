import { describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS } from '../demo/directory.ts';
import { generateRequest, randomSource } from '../demo/generator.ts';
import { loadContent } from './content.ts';
import type { LoggedMessage, Message } from './messages.ts';
import { message } from './messages.ts';
import type { Organisation } from './next-step.ts';
import { foldMessages } from './request-state.ts';
import { requestStatus } from './status.ts';
import { requestStatusSchema } from './status-schema.ts';

const content = loadContent();
const ORGS: Record<string, Organisation> = {
  nb: { code: 'nb', name: 'Netbeheer Zuid', kind: 'netbeheerder', phone: '088 123' },
  water: { code: 'water', name: 'Waterbedrijf De Peel', kind: 'netbeheerder' },
  ca: { code: 'ca', name: 'Van Gelder', kind: 'aannemer', phone: '0492 55' },
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

  it('a rejected quote leaves that opdracht without a next step', () => {
    const s = story()
      .submitted('2026-05-04T10:00:00+02:00')
      .contact('nb', '2026-05-06T10:00:00+02:00', 'B')
      .add('nb', '2026-05-08T10:00:00+02:00', { type: 'quickscan_done', workOrderId: 'wo1', quoteRequired: true })
      .add('nb', '2026-05-12T10:00:00+02:00', { type: 'quote_sent', workOrderId: 'wo1' })
      .add('nb', '2026-05-13T10:00:00+02:00', { type: 'quote_rejected', workOrderId: 'wo1', reason: 'te duur' })
      .status('2026-05-14T10:00:00+02:00');
    expect(s.disciplines[0]?.statusText).toBe('Offerte afgewezen');
    expect(s.nextStep).toBeNull();
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
    expect(st.legalTerm).toEqual({ weeks: 18, until: '2027-03-08' });
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
