/**
 * Fictitious aanvragen for the editors' preview (`npm run voorbeeld`): one story per state a
 * customer can find their aanvraag in, told message by message as back-office systems would send
 * them, dated back from today so the dates read as they would now. Each message is validated
 * like any message from outside. The stories hold no texts of content/: the preview folds them
 * and asks domain/status.ts with the content on disk, so every sentence comes from there.
 */
import { addDays, addWorkingDays, dutchDate, dutchInstant, type IsoDate, isoWeekOf } from '../domain/calendar.ts';
import { type LoggedMessage, type Message, message } from '../domain/messages.ts';

export type GalleryRequest = {
  /** The aanvraagnummer, also the address of its page: /volg/VOORBEELD-… */
  number: string;
  /** What the state is, for the gallery's list (Dutch: the editors read it). */
  title: string;
  /** What to look at on the page. */
  about: string;
  messages: LoggedMessage[];
};

const OPERATOR = 'netbeheer-zuid';
const WATER = 'waterbedrijf-peel';
const CONTRACTOR = 'van-der-berg-infra';
const APPLICANT = { name: 'Sanne de Vries', email: 'sanne.devries@voorbeeld.example', phone: '06 12345678' };
const ADDRESS = { street: 'Kastanjelaan', houseNumber: '12', postcode: '5611 AB', city: 'Eindhoven' };

type Body = Record<string, unknown>;

/** One aanvraag's messages; `at(n)` is n working days before today, at ten in the morning. */
function story(number: string, today: IsoDate) {
  const messages: LoggedMessage[] = [];
  const day = (workingDaysAgo: number) => addWorkingDays(today, -workingDaysAgo);
  const add = (sender: string, date: IsoDate, body: Body) => {
    const parsed = message.parse({
      id: `${number}-${messages.length + 1}`,
      requestNumber: number,
      occurredAt: dutchInstant(date, '10:00'),
      ...body,
    }) as Message;
    messages.push({ ...parsed, sender });
    return api;
  };
  const contact = (sender: string, date: IsoDate, code: string, subject: string, summary: string) =>
    add(sender, date, {
      type: 'contact_logged',
      contactMoment: code,
      channel: 'telefoon',
      staffName: sender === CONTRACTOR ? 'Joris van Dijk' : 'Priya Ramdin',
      spokeWith: APPLICANT.name,
      subject,
      summary,
    });
  /** KCM B: the grid operator's intake call. */
  const intake = (date: IsoDate, summary: string) => contact(OPERATOR, date, 'B', 'Intake van de aanvraag', summary);
  const api = {
    messages,
    day,
    add,
    intake,
    submitted: (
      date: IsoDate,
      orders: { discipline: string; gridOperator: string }[],
      kind = 'nieuwe_aansluiting',
      wish?: IsoDate,
    ) =>
      add(orders[0]?.gridOperator ?? OPERATOR, date, {
        type: 'request_submitted',
        kind,
        combi: 'brabant-oost',
        applicant: APPLICANT,
        address: ADDRESS,
        wishDate: wish ?? addDays(date, 120),
        workOrders: orders.map((o, i) => ({ id: `${number}-${i + 1}`, ...o })),
      }),
    /** Intake (KCM B) and a quick scan without a quote, then handed to the contractor. */
    toContractor: (on: IsoDate, handed: IsoDate, orders: number) => {
      intake(on, 'Aanvraag doorgenomen; er is geen offerte nodig.');
      for (let i = 1; i <= orders; i++)
        add(OPERATOR, on, { type: 'quickscan_done', workOrderId: `${number}-${i}`, quoteRequired: false });
      return add(OPERATOR, handed, {
        type: 'handed_to_combi',
        workOrderIds: Array.from({ length: orders }, (_, i) => `${number}-${i + 1}`),
        contractor: CONTRACTOR,
      });
    },
    /** The planning call (KCM 1) that sets a provisional week. */
    planned: (date: IsoDate, week: string) =>
      contact(CONTRACTOR, date, '1', 'Plangesprek', 'Planning doorgesproken; de voorlopige uitvoerweek staat vast.').add(
        CONTRACTOR,
        date,
        {
          type: 'planning_changed',
          provisionalWeek: week,
          reason: 'Ingepland na het plangesprek.',
          staffName: 'Joris van Dijk',
        },
      ),
  };
  return api;
}

const ELECTRICITY = { discipline: 'elektra', gridOperator: OPERATOR };
const WATER_ORDER = { discipline: 'water', gridOperator: WATER };

/** A story in the phase Voorbereiden: with the contractor, a provisional week a few weeks ahead. */
function preparing(number: string, today: IsoDate) {
  const s = story(number, today);
  return s
    .submitted(s.day(45), [ELECTRICITY, WATER_ORDER])
    .toContractor(s.day(40), s.day(20), 2)
    .planned(s.day(17), isoWeekOf(addDays(today, 35)));
}

/** The gallery's aanvragen on `now`, in the order a customer's aanvraag goes. */
export function galleryRequests(now: Date): GalleryRequest[] {
  const today = dutchDate(now);
  const list: GalleryRequest[] = [];
  const push = (number: string, title: string, about: string, messages: LoggedMessage[]) =>
    list.push({ number: `VOORBEELD-${number}`, title, about, messages });

  const ordering = story('VOORBEELD-BESTELLEN', today);
  ordering.submitted(ordering.day(2), [ELECTRICITY, { discipline: 'gas', gridOperator: OPERATOR }]);
  push(
    'BESTELLEN',
    'Fase Bestellen: net aangevraagd',
    'De netbeheerder belt binnen de norm voor de intake (stap intake).',
    ordering.messages,
  );

  const quote = story('VOORBEELD-OFFERTE', today);
  quote
    .submitted(quote.day(15), [ELECTRICITY])
    .intake(quote.day(13), 'Er is een offerte nodig; die ontvangt u binnenkort.')
    .add(OPERATOR, quote.day(12), { type: 'quickscan_done', workOrderId: 'VOORBEELD-OFFERTE-1', quoteRequired: true })
    .add(OPERATOR, quote.day(5), {
      type: 'quote_sent',
      workOrderId: 'VOORBEELD-OFFERTE-1',
      amountCents: 148_500,
      validUntil: addDays(today, 20),
    });
  push(
    'OFFERTE',
    'Fase Bestellen: offerte verstuurd',
    'De klant beslist over de offerte (stap offerte-beslissen).',
    quote.messages,
  );

  push(
    'VOORBEREIDEN',
    'Fase Voorbereiden: bij de aannemer',
    'Voorlopige uitvoerweek; de aannemer belt voor de startdatum (stap startdatum).',
    preparing('VOORBEELD-VOORBEREIDEN', today).messages,
  );

  const building = preparing('VOORBEELD-LEVEREN', today);
  building
    .add(CONTRACTOR, building.day(6), {
      type: 'planning_changed',
      confirmedStart: { date: addWorkingDays(today, 6), part: 'ochtend' },
      reason: 'Startdatum afgesproken met de klant.',
      staffName: 'Joris van Dijk',
    })
    .add(CONTRACTOR, building.day(5), { type: 'inspection_planned', date: building.day(3), part: 'ochtend' })
    .add(CONTRACTOR, building.day(3), { type: 'inspection_done', approved: true, notes: 'Meterkast is in orde.' });
  push('LEVEREN', 'Fase Leveren: startdatum vast', 'Vaste startdatum, schouw gedaan (stap uitvoering).', building.messages);

  const delivered = preparing('VOORBEELD-OPGELEVERD', today);
  delivered
    .add(CONTRACTOR, delivered.day(12), {
      type: 'planning_changed',
      confirmedStart: { date: delivered.day(3), part: 'dag' },
      reason: 'Startdatum afgesproken met de klant.',
    })
    .add(CONTRACTOR, delivered.day(1), { type: 'work_order_completed', workOrderId: 'VOORBEELD-OPGELEVERD-1' })
    .add(CONTRACTOR, delivered.day(1), { type: 'work_order_completed', workOrderId: 'VOORBEELD-OPGELEVERD-2' });
  push(
    'OPGELEVERD',
    'Fase Nazorg: opgeleverd',
    'Alles is aangelegd; de netbeheerder bevestigt de oplevering (stap opleverbevestiging).',
    delivered.messages,
  );

  const stalled = preparing('VOORBEELD-STAGNATIE', today);
  stalled.add(CONTRACTOR, stalled.day(4), {
    type: 'stagnation_reported',
    cause: 'klant',
    reason: 'wij wachten op de tekening van de meterkast',
  });
  push(
    'STAGNATIE',
    'Stilgevallen (stagnatie)',
    'Het werk ligt stil; de reden komt van de aannemer (stap stagnatie-klant).',
    stalled.messages,
  );

  const cancelled = story('VOORBEELD-GEANNULEERD', today);
  cancelled
    .submitted(cancelled.day(30), [ELECTRICITY])
    .intake(cancelled.day(28), 'Aanvraag doorgenomen.')
    .add(OPERATOR, cancelled.day(10), { type: 'request_cancelled', reason: 'U heeft de aanvraag ingetrokken.' });
  push('GEANNULEERD', 'Geannuleerd', 'De annulering en de reden; geen volgende stap.', cancelled.messages);

  // Handed to the contractor long enough ago that the planning call is past any sensible norm.
  const late = story('VOORBEELD-TE-LAAT', today);
  late.submitted(late.day(50), [ELECTRICITY]).toContractor(late.day(45), late.day(25), 1);
  push('TE-LAAT', 'Te laat', 'De aannemer had al moeten bellen (stap plangesprek, over de norm).', late.messages);

  // Submitted well beyond any legal term, planned later still, not delivered.
  const term = story('VOORBEELD-TERMIJN', today);
  const submitted = addWorkingDays(addDays(today, -7 * 40), 0);
  term
    .submitted(submitted, [ELECTRICITY], 'nieuwe_aansluiting', addDays(submitted, 60))
    .toContractor(addWorkingDays(submitted, 5), addWorkingDays(submitted, 15), 1)
    .planned(addWorkingDays(submitted, 18), isoWeekOf(addDays(today, 21)));
  push(
    'TERMIJN',
    'Wettelijke termijn voorbij',
    'De wettelijke uiterste termijn voor elektriciteit is verstreken.',
    term.messages,
  );

  return list;
}
