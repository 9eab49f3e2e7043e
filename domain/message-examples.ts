/**
 * One example per message type, for the API reference: together they tell one aanvraag from
 * submission to delivery in combi Brabant-Oost of the demo directory (demo/directory.ts), in
 * this order. A test sends them all, in order, to a real server: each must be accepted, so the
 * examples stay true when a schema or a rule changes (api/routes/berichten-reference.test.ts).
 */
import type { Message, MessageType } from './messages.ts';

const N = 'MA-2026-000123';
const E = `${N}-E`;
const W = `${N}-W`;

type Examples = { [T in MessageType]: Extract<Message, { type: T }> };

export const MESSAGE_EXAMPLES: Examples = {
  request_submitted: {
    id: 'portaal-7f3a9c',
    type: 'request_submitted',
    requestNumber: N,
    occurredAt: '2026-09-01T09:12:00+02:00',
    kind: 'nieuwe_aansluiting',
    combi: 'brabant-oost',
    applicant: { name: 'Sanne de Vries', email: 'sanne.devries@example.nl', phone: '06 12345678' },
    address: { street: 'Kastanjelaan', houseNumber: '12', postcode: '5611 AB', city: 'Eindhoven' },
    wishDate: '2026-12-01',
    workOrders: [
      { id: E, discipline: 'elektra', gridOperator: 'netbeheer-zuid' },
      { id: W, discipline: 'water', gridOperator: 'waterbedrijf-peel' },
    ],
  },
  contact_logged: {
    id: 'nz-contact-88121',
    type: 'contact_logged',
    requestNumber: N,
    occurredAt: '2026-09-03T14:05:00+02:00',
    contactMoment: 'B',
    channel: 'telefoon',
    staffName: 'Priya Ramdin',
    spokeWith: 'Sanne de Vries',
    subject: 'Intake van de aanvraag',
    summary: 'We hebben uw aanvraag doorgenomen. Er is een offerte nodig; die ontvangt u binnen 10 werkdagen.',
  },
  quickscan_done: {
    id: 'nz-qs-55120',
    type: 'quickscan_done',
    requestNumber: N,
    occurredAt: '2026-09-04T10:00:00+02:00',
    workOrderId: E,
    quoteRequired: true,
  },
  quote_sent: {
    id: 'nz-offerte-9931',
    type: 'quote_sent',
    requestNumber: N,
    occurredAt: '2026-09-10T16:30:00+02:00',
    workOrderId: E,
    amountCents: 148_500,
    validUntil: '2026-10-10',
  },
  quote_accepted: {
    id: 'nz-offerte-9931-akkoord',
    type: 'quote_accepted',
    requestNumber: N,
    occurredAt: '2026-09-14T08:45:00+02:00',
    workOrderId: E,
  },
  quote_rejected: {
    id: 'wp-offerte-301-afgewezen',
    type: 'quote_rejected',
    requestNumber: N,
    occurredAt: '2026-09-15T11:20:00+02:00',
    workOrderId: W,
    reason: 'De klant laat de wateraansluiting later aanleggen.',
  },
  work_order_cancelled: {
    id: 'wp-opdracht-301-vervalt',
    type: 'work_order_cancelled',
    requestNumber: N,
    occurredAt: '2026-09-16T09:00:00+02:00',
    workOrderId: W,
    reason: 'Offerte afgewezen: de wateraansluiting vervalt.',
  },
  handed_to_combi: {
    id: 'nz-mic-4410',
    type: 'handed_to_combi',
    requestNumber: N,
    occurredAt: '2026-09-17T13:00:00+02:00',
    workOrderIds: [E],
    contractor: 'van-der-berg-infra',
  },
  planning_changed: {
    id: 'vdb-plan-20931',
    type: 'planning_changed',
    requestNumber: N,
    occurredAt: '2026-09-21T10:15:00+02:00',
    provisionalWeek: '2026-W47',
    reason: 'Ingepland na het plangesprek met de klant.',
    staffName: 'Joris van Dijk',
  },
  inspection_planned: {
    id: 'vdb-schouw-771',
    type: 'inspection_planned',
    requestNumber: N,
    occurredAt: '2026-09-22T09:00:00+02:00',
    date: '2026-10-06',
    part: 'ochtend',
  },
  inspection_done: {
    id: 'vdb-schouw-771-klaar',
    type: 'inspection_done',
    requestNumber: N,
    occurredAt: '2026-10-06T11:40:00+02:00',
    approved: true,
    notes: 'Meterkast is in orde; mantelbuis ligt klaar.',
  },
  stagnation_reported: {
    id: 'vdb-stag-118',
    type: 'stagnation_reported',
    requestNumber: N,
    occurredAt: '2026-10-20T15:00:00+02:00',
    cause: 'derde',
    reason: 'De gemeente moet de vergunning voor het graven in de stoep nog afgeven.',
  },
  stagnation_lifted: {
    id: 'vdb-stag-118-op',
    type: 'stagnation_lifted',
    requestNumber: N,
    occurredAt: '2026-11-02T09:30:00+01:00',
    note: 'Vergunning ontvangen.',
  },
  preparation_reported: {
    id: 'vdb-voorbereiding-118',
    type: 'preparation_reported',
    requestNumber: N,
    occurredAt: '2026-11-02T09:35:00+01:00',
    item: 'vergunning',
    status: 'rond',
    note: 'Graafvergunning van de gemeente ontvangen, ligt in de werkmap.',
  },
  work_order_completed: {
    id: 'vdb-tg-20931',
    type: 'work_order_completed',
    requestNumber: N,
    occurredAt: '2026-11-19T15:10:00+01:00',
    workOrderId: E,
  },
  request_cancelled: {
    id: 'nz-annulering-2211',
    type: 'request_cancelled',
    requestNumber: 'MA-2026-000124',
    occurredAt: '2026-11-20T10:00:00+01:00',
    reason: 'De klant heeft de aanvraag ingetrokken.',
  },
};
