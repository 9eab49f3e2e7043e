/**
 * Realistic demo aanvragen. Each aanvraag is simulated from its submission onwards with
 * plausible durations (some beyond their norm), re-plannings, stagnations, rejected quotes and
 * cancellations, and cut off at "now": older aanvragen are further along, so every phase shows up.
 * Deterministic for a given seed, so tests and benchmarks see the same world.
 */
import { addDays, addWorkingDays, dutchDate, isoWeekOf, mondayOfIsoWeek } from '../domain/calendar.ts';
import type { Discipline, Message } from '../domain/messages.ts';
import { DEMO_COMBIS, DEMO_GRID_OPERATOR, DEMO_PLACES } from './directory.ts';

export type DemoMessage = { sender: string; message: Message };

/** mulberry32: a tiny seeded PRNG. */
export function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
type Rng = ReturnType<typeof randomSource>;

const FIRST = [
  'Anouk',
  'Bram',
  'Daan',
  'Emma',
  'Fleur',
  'Jesse',
  'Julia',
  'Lars',
  'Lotte',
  'Milan',
  'Noah',
  'Sanne',
  'Sem',
  'Sophie',
  'Thijs',
  'Yara',
  'Ruben',
  'Eva',
  'Finn',
  'Iris',
];
const LAST = [
  'de Jong',
  'Jansen',
  'de Vries',
  'van den Berg',
  'van Dijk',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'de Boer',
  'Mulder',
  'de Groot',
  'Bos',
  'Vos',
  'Peters',
  'Hendriks',
  'van Leeuwen',
  'Dekker',
  'Brouwer',
  'de Wit',
];
const STREETS = [
  'Kerkstraat',
  'Molenweg',
  'Dorpsstraat',
  'Beukenlaan',
  'Schoolstraat',
  'Esdoornhof',
  'Wilgenpad',
  'Nieuwbouwlaan',
  'Vlinderstraat',
  'Zonnedauw',
  'Heideveld',
  'Akkerweg',
];
const STAFF = ['Petra', 'Mohamed', 'Kees', 'Ingrid', 'Sven', 'Fatima', 'Wim', 'Lieke'];
const DISCIPLINE_SETS: { set: Discipline[]; weight: number }[] = [
  { set: ['elektra'], weight: 25 },
  { set: ['elektra', 'water'], weight: 20 },
  { set: ['elektra', 'water', 'telecom'], weight: 35 },
  { set: ['elektra', 'gas'], weight: 8 },
  { set: ['elektra', 'gas', 'water', 'telecom'], weight: 7 },
  { set: ['water'], weight: 3 },
  { set: ['telecom'], weight: 2 },
];
const REPLAN_REASONS = [
  'vorstverlet: de grond is bevroren',
  'de meterkast is nog niet gereed',
  'de bouw loopt vertraging op',
  'de vergunning van de gemeente is later verleend',
  'op verzoek van de klant',
];
/** Frost season, when the ground may be too hard to dig. */
const isWinter = (date: string) => ['12', '01', '02'].includes(date.slice(5, 7));
const STAGNATIONS = [
  { cause: 'klant', reason: 'wij wachten op uw betaling van de factuur' },
  { cause: 'klant', reason: 'wij wachten op de tekening van de meterkast' },
  { cause: 'netbeheerder', reason: 'de werkmap is nog niet klaar' },
  { cause: 'netbeheerder', reason: 'het bodemonderzoek loopt nog' },
  { cause: 'derde', reason: 'de gemeente moet de graafvergunning nog verlenen' },
] as const;

/**
 * Working days from the planning call to the earliest week the contractor has a crew free: a
 * log-normal spread around a median per combi area and kind (a digging job waits longer than a
 * meter swap, one contractor is busier than the other), so most come in a few weeks and a long
 * tail waits months. Real lead times look like this; the expected window is built from them,
 * never from its own rule, so its calibration measures something. A stream of its own per aanvraag.
 */
const BACKLOG_MEDIAN: Record<string, Record<string, number>> = {
  'brabant-oost': { nieuwe_aansluiting: 28, wijziging_met_graafwerk: 22, wijziging_zonder_graafwerk: 10 },
  peelland: { nieuwe_aansluiting: 36, wijziging_met_graafwerk: 30, wijziging_zonder_graafwerk: 14 },
};
const BACKLOG_SIGMA = 0.6;

export function contractorBacklog(combi: string, kind: string, seed: number, index: number): number {
  const draw = randomSource((seed * 1_000_003 + index) ^ 0xba6106);
  // Box–Muller: a standard normal from two uniforms (1 − u keeps the logarithm finite).
  const z = Math.sqrt(-2 * Math.log(1 - draw.next())) * Math.cos(2 * Math.PI * draw.next());
  const median = BACKLOG_MEDIAN[combi]?.[kind] ?? 28;
  return Math.max(5, Math.round(median * Math.exp(BACKLOG_SIGMA * z)));
}

/** The demo's business applicants: builders of houses and cables (made-up KvK numbers). */
export const DEMO_BUILDERS = [
  { name: 'Bouwbedrijf De Kempen', kvk: '17001234', project: 'KEMPEN', domain: 'dekempen.example' },
  { name: 'Woonbouw Peelland', kvk: '17005678', project: 'PEELLAND', domain: 'woonbouwpeelland.example' },
  { name: 'Laadpunt Zuid', kvk: '17009012', project: 'LAADPUNT', domain: 'laadpuntzuid.example' },
] as const;

/** Generator indices per demo project: each builder gets 300 addresses in every block (one in five is a builder's, three builders). */
export const DEMO_PROJECT_BLOCK = 4500;

/** The builder of demo aanvraag `index`, if a builder's, and its project: 300 addresses each (the portfolio's bench). */
export function demoBuilderOf(index: number) {
  if (index % 5 !== 3) return undefined;
  const builder = DEMO_BUILDERS[Math.floor(index / 5) % DEMO_BUILDERS.length];
  return (
    builder && {
      ...builder,
      projectCode: `${builder.project}-${String(Math.floor(index / DEMO_PROJECT_BLOCK) + 1).padStart(2, '0')}`,
    }
  );
}

export function requestNumberFor(index: number): string {
  return `MA-2026-${String(index + 1).padStart(7, '0')}`;
}

/** An instant on a working day, between 8:00 and 16:59 Dutch time (written in UTC). */
function at(date: string, rng: Rng): string {
  const hour = rng.int(7, 15);
  return `${date}T${String(hour).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00Z`;
}

/** The later of two ISO dates or instants (they sort as text). */
const later = (a: string, b: string) => (a.localeCompare(b) > 0 ? a : b);

function weighted<T extends { weight: number }>(items: T[], rng: Rng): T {
  let roll = rng.next() * items.reduce((s, i) => s + i.weight, 0);
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1] as T;
}

/**
 * All messages of demo aanvraag `index`, submitted somewhere in the `spanDays` before `now`,
 * in the order they happened, stopping at `now`.
 */
export function generateRequest(index: number, now: Date, seed = 2026, spanDays = 300): DemoMessage[] {
  return simulate(index, now, seed, spanDays).sort((a, b) => Date.parse(a.message.occurredAt) - Date.parse(b.message.occurredAt));
}

function simulate(index: number, now: Date, seed: number, spanDays: number): DemoMessage[] {
  const rng = randomSource(seed * 1_000_003 + index);
  const today = dutchDate(now);
  const number = requestNumberFor(index);
  const out: DemoMessage[] = [];
  let n = 0;
  const emit = (sender: string, occurredAt: string, body: Record<string, unknown>): boolean => {
    if (occurredAt.slice(0, 10) > today || Date.parse(occurredAt) > now.getTime()) return false;
    n++;
    out.push({ sender, message: { id: `${number}-${n}`, requestNumber: number, occurredAt, ...body } as Message });
    return true;
  };

  const place = rng.pick(DEMO_PLACES);
  const combi = DEMO_COMBIS.find((c) => c.code === place.combi);
  const contractors = combi?.members.filter((m) => ['van-der-berg-infra', 'kempen-kabel', 'peelbouw'].includes(m)) ?? [];
  const contractor = rng.pick(contractors);
  const disciplines = weighted(DISCIPLINE_SETS, rng).set;
  const workOrders = disciplines.map((d, i) => ({
    id: `${number}-${i + 1}`,
    discipline: d,
    gridOperator: DEMO_GRID_OPERATOR[d],
  }));
  const operators = [...new Set(workOrders.map((w) => w.gridOperator))];
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const staff = () => rng.pick(STAFF);

  const submitted = at(addWorkingDays(addDays(today, -rng.int(3, spanDays) - 1), 1), rng);
  const wish = addDays(submitted.slice(0, 10), rng.int(40, 140));
  const kind = rng.chance(0.85)
    ? 'nieuwe_aansluiting'
    : rng.chance(0.5)
      ? 'wijziging_met_graafwerk'
      : 'wijziging_zonder_graafwerk';
  // One aanvraag in five comes from a builder with many addresses: a business applicant with a
  // KvK number, so the dashboard shows both types. Chosen by index, not by the random source, so
  // every other draw (and so every other demo figure) stays as it was.
  const builder = demoBuilderOf(index);
  // A builder's planners mail from its own domain: the domain its portfolio is registered with.
  const email = `${first}.${last.replaceAll(' ', '')}${index}@${builder?.domain ?? 'example.com'}`.toLowerCase();
  emit(operators[0] as string, submitted, {
    type: 'request_submitted',
    kind,
    combi: place.combi,
    applicant: {
      name: `${first} ${last}`,
      email,
      phone: `06 ${String(10_000_000 + ((index * 7919) % 89_999_999)).slice(0, 8)}`,
      ...(builder && { kind: 'zakelijk' as const, kvk: builder.kvk }),
    },
    ...(builder && { project: builder.projectCode }),
    address: {
      street: rng.pick(STREETS),
      houseNumber: String(rng.int(1, 180)),
      postcode: `${place.postcode}${rng.int(10, 99)} ${String.fromCharCode(65 + rng.int(0, 25), 65 + rng.int(0, 25))}`,
      city: place.city,
    },
    wishDate: wish,
    workOrders,
  });

  const cancelAfter = rng.chance(0.04) ? rng.int(2, 12) : Number.POSITIVE_INFINITY;
  let steps = 0;
  const step = () => ++steps > cancelAfter;
  const cancel = (when: string) =>
    emit(operators[0] as string, when, {
      type: 'request_cancelled',
      reason: rng.pick(['de klant heeft de aanvraag ingetrokken', 'dubbele aanvraag']),
    });

  // Bestellen: per grid operator an intake, quickscan, optional quote and "mee in combi".
  let handedAt = submitted;
  for (const operator of operators) {
    const orders = workOrders.filter((w) => w.gridOperator === operator);
    const intake = at(addWorkingDays(submitted.slice(0, 10), rng.chance(0.85) ? rng.int(1, 9) : rng.int(11, 18)), rng);
    if (step()) {
      cancel(intake);
      return out;
    }
    if (
      !emit(operator, intake, {
        type: 'contact_logged',
        contactMoment: 'B',
        channel: 'telefoon',
        staffName: staff(),
        spokeWith: `${first} ${last}`,
        subject: 'Intake van de aanvraag',
        summary:
          'Aanvraag doorgenomen. Wij laten een quickscan doen en sturen zo nodig een offerte. De aannemer belt u daarna over de planning.',
      })
    )
      return out;
    let ready = intake;
    for (const wo of orders) {
      const quickscan = at(addWorkingDays(intake.slice(0, 10), rng.int(1, 5)), rng);
      const quoteRequired = rng.chance(0.55);
      if (!emit(operator, quickscan, { type: 'quickscan_done', workOrderId: wo.id, quoteRequired })) return out;
      ready = later(quickscan, ready);
      if (quoteRequired) {
        const sent = at(addWorkingDays(quickscan.slice(0, 10), rng.chance(0.8) ? rng.int(2, 9) : rng.int(11, 16)), rng);
        if (
          !emit(operator, sent, {
            type: 'quote_sent',
            workOrderId: wo.id,
            amountCents: rng.int(900, 4200) * 100,
            validUntil: addDays(sent.slice(0, 10), 90),
          })
        )
          return out;
        const decided = at(addWorkingDays(sent.slice(0, 10), rng.int(2, 25)), rng);
        if (rng.chance(0.06)) {
          emit(operator, decided, { type: 'quote_rejected', workOrderId: wo.id, reason: 'te duur' });
          return out;
        }
        if (!emit(operator, decided, { type: 'quote_accepted', workOrderId: wo.id })) return out;
        ready = later(decided, ready);
      }
    }
    const handed = at(addWorkingDays(ready.slice(0, 10), rng.chance(0.85) ? rng.int(1, 5) : rng.int(6, 12)), rng);
    if (step()) {
      cancel(handed);
      return out;
    }
    if (!emit(operator, handed, { type: 'handed_to_combi', workOrderIds: orders.map((w) => w.id), contractor })) return out;
    handedAt = later(handed, handedAt);
  }

  // Voorbereiden: the contractor's planning call (KCM 1) with a provisional week.
  const call1 = at(addWorkingDays(handedAt.slice(0, 10), rng.chance(0.8) ? rng.int(1, 5) : rng.int(6, 12)), rng);
  // Drawn still, so every later draw of the main stream (and so the rest of the demo) stays as it was.
  rng.int(15, 45);
  const earliestWeek = addWorkingDays(call1.slice(0, 10), contractorBacklog(place.combi, kind, seed, index));
  let week = isoWeekOf(later(wish, earliestWeek));
  if (step()) {
    cancel(call1);
    return out;
  }
  if (
    !emit(contractor, call1, {
      type: 'contact_logged',
      contactMoment: '1',
      channel: 'telefoon',
      staffName: staff(),
      spokeWith: `${first} ${last}`,
      subject: 'Kennismaking en planning',
      summary: `Kennisgemaakt. Voorlopige uitvoerweek ${week.slice(6)} afgesproken. U zorgt dat de meterkast op tijd klaar is.`,
    })
  )
    return out;
  if (
    !emit(contractor, at(call1.slice(0, 10), rng).replace(/T\d\d/, 'T16'), {
      type: 'planning_changed',
      provisionalWeek: week,
      reason: 'voorlopige uitvoerweek afgesproken in het plangesprek',
      staffName: staff(),
    })
  )
    return out;

  let cursor = call1;
  if (rng.chance(0.18)) {
    const when = at(addWorkingDays(cursor.slice(0, 10), rng.int(5, 15)), rng);
    const reason = rng.pick(REPLAN_REASONS);
    week = isoWeekOf(addDays(mondayOfIsoWeek(week), 7 * rng.int(1, 5)));
    if (
      !emit(contractor, when, {
        type: 'contact_logged',
        contactMoment: '1a',
        channel: 'telefoon',
        staffName: staff(),
        spokeWith: `${first} ${last}`,
        subject: 'Herplanning',
        summary: `De planning schuift: ${reason}. Nieuwe voorlopige uitvoerweek ${week.slice(6)}.`,
      })
    )
      return out;
    if (
      !emit(contractor, when.replace(/:00Z$/, ':30Z'), {
        type: 'planning_changed',
        provisionalWeek: week,
        reason,
        staffName: staff(),
      })
    )
      return out;
    cursor = when;
  }
  if (rng.chance(0.08)) {
    const s = rng.pick(STAGNATIONS);
    const when = at(addWorkingDays(cursor.slice(0, 10), rng.int(2, 10)), rng);
    const reporter = s.cause === 'netbeheerder' ? (operators[0] as string) : contractor;
    if (!emit(reporter, when, { type: 'stagnation_reported', cause: s.cause, reason: s.reason })) return out;
    const lifted = at(addWorkingDays(when.slice(0, 10), rng.int(5, 25)), rng);
    if (!emit(reporter, lifted, { type: 'stagnation_lifted', note: 'opgelost' })) return out;
    week = isoWeekOf(addDays(mondayOfIsoWeek(week), 7 * rng.int(1, 4)));
    if (
      !emit(contractor, lifted.replace(/:00Z$/, ':30Z'), {
        type: 'planning_changed',
        provisionalWeek: week,
        reason: `opnieuw ingepland na stagnatie: ${s.reason}`,
        staffName: staff(),
      })
    )
      return out;
    cursor = lifted;
  }

  // Leveren: the firm start date (KCM 2), an optional inspection (KCM 3), the work and TG per opdracht.
  const monday = mondayOfIsoWeek(week);
  const call2Date = addWorkingDays(addDays(monday, -21), rng.int(0, 8));
  const call2 = at(call2Date > cursor.slice(0, 10) ? call2Date : addWorkingDays(cursor.slice(0, 10), 1), rng);
  const start = addWorkingDays(addDays(monday, -1), rng.int(1, 5));
  const part = rng.pick(['dag', 'ochtend', 'middag'] as const);
  if (step()) {
    cancel(call2);
    return out;
  }
  if (
    !emit(contractor, call2, {
      type: 'contact_logged',
      contactMoment: '2',
      channel: 'telefoon',
      staffName: staff(),
      spokeWith: `${first} ${last}`,
      subject: 'Definitieve startdatum',
      summary: `Startdatum vastgelegd. De meterkast is gereed; zorg dat wij erbij kunnen.`,
    })
  )
    return out;
  if (
    !emit(contractor, call2.replace(/:00Z$/, ':30Z'), {
      type: 'planning_changed',
      confirmedStart: { date: start, part },
      reason: 'definitieve startdatum afgesproken',
      staffName: staff(),
    })
  )
    return out;
  if (rng.chance(0.4)) {
    const inspection = addWorkingDays(call2.slice(0, 10), rng.int(2, 6));
    if (!emit(contractor, call2.replace(/:00Z$/, ':45Z'), { type: 'inspection_planned', date: inspection, part: 'ochtend' }))
      return out;
    if (
      !emit(contractor, `${inspection}T09:30:00Z`, {
        type: 'inspection_done',
        approved: true,
        notes: 'Meterkast en tracé akkoord.',
      })
    )
      return out;
    emit(contractor, `${inspection}T09:45:00Z`, {
      type: 'contact_logged',
      contactMoment: '3',
      channel: 'op_locatie',
      staffName: staff(),
      spokeWith: `${first} ${last}`,
      subject: 'Schouw',
      summary: 'Schouw gedaan; de voorwaarden zijn akkoord.',
    });
  }
  // Now and then (7% of those that get this far) the firm date itself moves (frost, a late meter
  // cupboard): the customer is called first, after the date was set. The chances come from a
  // stream of their own, so no other aanvraag of the demo changes.
  const moves = randomSource((seed * 1_000_003 + index) ^ 0x5eed5eed);
  let workStart = start;
  if (moves.chance(0.07)) {
    const movedOn = later(addWorkingDays(start, -moves.int(2, 5)), addWorkingDays(call2.slice(0, 10), 1));
    const movedAt = at(movedOn, moves);
    workStart = addWorkingDays(start, moves.int(3, 10));
    const reason = isWinter(start) ? REPLAN_REASONS[0] : (moves.pick(REPLAN_REASONS.slice(1)) as string);
    if (
      !emit(contractor, movedAt, {
        type: 'contact_logged',
        contactMoment: '2',
        channel: 'telefoon',
        staffName: staff(),
        spokeWith: `${first} ${last}`,
        subject: 'Startdatum verschoven',
        summary: `De start verschuift naar ${workStart}: ${reason}.`,
      }) ||
      !emit(contractor, movedAt.replace(/:00Z$/, ':30Z'), {
        type: 'planning_changed',
        confirmedStart: { date: workStart, part },
        reason,
        staffName: staff(),
      })
    )
      return out;
  }
  // Now and then (12%) the contractor reports after the firm date that a permit, a work folder or a
  // soil survey is still missing, and that it is in order just in time, on or the day before the start: until
  // then the date is at risk (the werklijst's "planning in gevaar"). A stream of its own, as above.
  const preparation = randomSource((seed * 1_000_003 + index) ^ 0x9a9a9a9a);
  if (preparation.chance(0.12)) {
    const item = preparation.pick(['vergunning', 'werkmap', 'bodemonderzoek'] as const);
    const missingAt = call2.replace(/:00Z$/, ':50Z');
    const readyOn = later(addWorkingDays(workStart, -preparation.int(0, 1)), addWorkingDays(call2.slice(0, 10), 1));
    if (
      !emit(contractor, missingAt, {
        type: 'preparation_reported',
        item,
        status: 'ontbreekt',
        note: `${item === 'vergunning' ? 'Graafvergunning' : item === 'werkmap' ? 'Werkmap' : 'Bodemonderzoek'} nog niet binnen.`,
      }) ||
      !emit(contractor, at(readyOn, preparation), { type: 'preparation_reported', item, status: 'rond' })
    )
      return out;
  }
  let lastTg = workStart;
  for (const wo of workOrders) {
    const done = addWorkingDays(workStart, rng.int(0, 2));
    if (!emit(contractor, `${done}T15:${String(rng.int(10, 59))}:00Z`, { type: 'work_order_completed', workOrderId: wo.id }))
      return out;
    lastTg = later(done, lastTg);
  }
  for (const operator of operators) {
    const confirmation = at(addWorkingDays(lastTg, rng.chance(0.85) ? rng.int(0, 2) : rng.int(3, 6)), rng);
    emit(operator, confirmation, {
      type: 'contact_logged',
      contactMoment: 'C',
      channel: 'email',
      staffName: staff(),
      spokeWith: `${first} ${last}`,
      subject: 'Bevestiging oplevering',
      summary: 'Uw aansluiting is opgeleverd. Er zijn geen restpunten.',
    });
  }
  return out;
}
