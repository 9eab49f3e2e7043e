/**
 * Berichten: the messages back-office systems send about an aanvraag. These zod schemas are
 * the one definition: they validate ingestion, type the reducer and generate the OpenAPI document.
 */
import { z } from 'zod';
import { CLOCK_SKEW_MINUTES, instantMs, isInTheFuture, isoWeekExists } from './calendar.ts';
import { plainString } from './plain-text.ts';
import './zod-dutch.ts';

export const DISCIPLINES = ['elektra', 'gas', 'water', 'telecom'] as const;
export const discipline = z.enum(DISCIPLINES).meta({
  id: 'Discipline',
  description: 'Discipline van de opdracht: `elektra`, `gas`, `water` of `telecom` (glasvezel of kabel).',
});
export type Discipline = z.infer<typeof discipline>;
/** The disciplines in the customer's words, per language: the pages, the staff pages and the exports say these. */
export const DISCIPLINE_NAMES: Record<'nl' | 'en', Readonly<Record<Discipline, string>>> = {
  nl: { elektra: 'Elektriciteit', gas: 'Gas', water: 'Water', telecom: 'Telecom' },
  en: { elektra: 'Electricity', gas: 'Gas', water: 'Water', telecom: 'Telecom' },
};

export const CONTACT_MOMENTS = ['A', 'B', '1', '1a', '1b', '2', '3', 'C', '4', 'overig'] as const;
export type ContactMomentCode = (typeof CONTACT_MOMENTS)[number];

export const STAGNATION_CAUSES = ['klant', 'netbeheerder', 'derde'] as const;
export type StagnationCause = (typeof STAGNATION_CAUSES)[number];

/** What the work needs before it can start, each reported by message as missing or in order (preparation_reported). */
export const PREPARATION_ITEMS = ['werkmap', 'vergunning', 'bodemonderzoek'] as const;
export type PreparationItem = (typeof PREPARATION_ITEMS)[number];
export const PREPARATION_STATUSES = ['ontbreekt', 'rond'] as const;

export const DAY_PARTS = ['dag', 'ochtend', 'middag'] as const;
/** Named in the OpenAPI document, where each value is described. */
export const dayPart = z.enum(DAY_PARTS).meta({
  id: 'Dagdeel',
  description: 'Wanneer op die dag: `dag` de hele dag, `ochtend` 8–12 uur, `middag` 12–17 uur.',
});

/** How a contact moment took place. */
export const CHANNELS = ['telefoon', 'email', 'op_locatie', 'video', 'sms', 'portaal'] as const;

export const REQUEST_KINDS = ['nieuwe_aansluiting', 'wijziging_met_graafwerk', 'wijziging_zonder_graafwerk'] as const;
export const requestKind = z.enum(REQUEST_KINDS).meta({
  id: 'SoortAanvraag',
  description:
    'Wat er moet gebeuren: `nieuwe_aansluiting` een aansluiting die er nog niet is; `wijziging_met_graafwerk` verzwaren of verplaatsen waarvoor gegraven wordt; `wijziging_zonder_graafwerk` een wijziging zonder graafwerk, bijvoorbeeld in de meterkast. Bepaalt ook welke wettelijke termijn voor elektriciteit geldt (Netcode art. 8.11).',
});
const channel = z.enum(CHANNELS).meta({
  id: 'Kanaal',
  description:
    'Hoe het contact ging: `telefoon`, `email`, `op_locatie` (bij de klant), `video` (beeldbellen), `sms` of `portaal` (een bericht in het portaal van de organisatie).',
});
/** Each value is described in the OpenAPI document from content/contactmomenten/ and content/stappen.yaml. */
export const contactMoment = z.enum(CONTACT_MOMENTS).meta({ id: 'Contactmoment' });
/** Each value is described in the OpenAPI document from the stagnation steps in content/stappen.yaml. */
export const stagnationCause = z.enum(STAGNATION_CAUSES).meta({ id: 'Stagnatieoorzaak' });

/** A required line of text of at most `max` characters, with Dutch messages. */
export const text = (max: number) =>
  plainString().trim().min(1, 'mag niet leeg zijn').max(max, `mag hoogstens ${max} tekens zijn`);
const isoDate = z.iso.date({ error: 'moet een datum zijn als 2027-02-15' });
/** An ISO week that exists (2027-W53 does not): the planning message and the staff's planning form. */
export const isoWeek = z
  .string()
  .regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'moet een ISO-week zijn als 2027-W07')
  .refine(isoWeekExists, { error: (issue) => `bestaat niet: ${String(issue.input).slice(0, 4)} heeft geen week 53` })
  .meta({ example: '2027-W07' });
const orgCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'moet een organisatiecode zijn (kleine letters, cijfers, streepjes)');
const workOrderId = text(64).meta({ description: 'Id van de opdracht, gekozen door de netbeheerder.' });

/** The shape of a public aanvraagnummer; also matched, without zod, by the look-up's fast lane. */
export const REQUEST_NUMBER = /^[A-Z0-9][A-Z0-9-]{3,31}$/;

export const requestNumber = z
  .string()
  .regex(REQUEST_NUMBER, 'moet een aanvraagnummer zijn (hoofdletters, cijfers, streepjes)')
  .meta({ description: 'Het publieke aanvraagnummer.', example: 'MA-2026-000123' });

const FUTURE_MESSAGE = `ligt in de toekomst: een tijdstip mag hoogstens ${CLOCK_SKEW_MINUTES} minuten later zijn dan nu (verschil in klok)`;

/**
 * The rule that needs the receiver's clock, checked where a message or contact arrives (the API,
 * the staff forms) rather than in the schema, which must also read messages of any time (imports,
 * tests): what happened may not lie in the future, beyond a few minutes of clock skew.
 */
export function clockIssues(occurredAt: string, now: Date): { field: 'occurredAt'; message: string }[] {
  return isInTheFuture(occurredAt, now) ? [{ field: 'occurredAt', message: FUTURE_MESSAGE }] : [];
}

/** When something happened, with its time zone; where it arrives, clockIssues checks it against the clock. */
export const occurredAt = z.iso.datetime({
  offset: true,
  error: (issue) =>
    issue.input === undefined
      ? 'is verplicht maar ontbreekt'
      : 'moet een tijdstip met tijdzone zijn als 2026-11-20T09:30:00+01:00',
});
/** The clock rule in words, for the API documentation. */
export const NOT_AHEAD = `Mag niet in de toekomst liggen: hoogstens ${CLOCK_SKEW_MINUTES} minuten later dan de klok van Traject.`;

const envelope = {
  id: text(128).meta({ description: 'Uniek id dat de verzender kiest; hetzelfde id opnieuw sturen is veilig.' }),
  requestNumber,
  occurredAt: occurredAt.meta({ description: `Wanneer het gebeurde, volgens de verzender. Bepaalt de volgorde. ${NOT_AHEAD}` }),
};

const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'moet een telefoonnummer zijn');
const postcode = z
  .string()
  .trim()
  .regex(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, 'moet een Nederlandse postcode zijn als 1234 AB')
  .transform((p) => `${p.slice(0, 4)} ${p.slice(-2).toUpperCase()}`);

export const APPLICANT_KINDS = ['particulier', 'zakelijk'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];
/** A KvK number: eight digits, as the Kamer van Koophandel gives them. */
export const KVK = /^[0-9]{8}$/;
export const kvkNumber = z.string().regex(KVK, 'moet een KvK-nummer van precies acht cijfers zijn, als 12345678');

/**
 * Who asks. A business applicant (a builder, a housing corporation, a charge-point operator)
 * gives its KvK number: that is what makes it "zakelijk" on the dashboard and what tells one
 * business applicant from another (domain/applicant-types.ts). Without `kind` and `kvk` the
 * applicant counts as particulier.
 */
const applicant = z
  .strictObject({
    name: text(200),
    email: z.email({ error: 'moet een e-mailadres zijn' }).max(254),
    phone: phone.optional(),
    kind: z
      .enum(APPLICANT_KINDS, { error: `moet ${APPLICANT_KINDS.join(' of ')} zijn` })
      .optional()
      .meta({
        id: 'SoortAanvrager',
        description:
          'Wie er aanvraagt: `particulier` een persoon voor de eigen woning; `zakelijk` een organisatie (aannemer, woningcorporatie, laadpaalexploitant, gemeente), dan met `kvk`. Zonder `kind` geldt `zakelijk` als `kvk` er is, anders `particulier`.',
        example: 'zakelijk',
      }),
    kvk: kvkNumber
      .optional()
      .meta({ description: 'KvK-nummer van de zakelijke aanvrager: acht cijfers, zonder spaties.', example: '12345678' }),
  })
  .refine((a) => a.kind !== 'zakelijk' || a.kvk !== undefined, {
    message: 'is verplicht bij een zakelijke aanvrager (kind zakelijk): het KvK-nummer van acht cijfers',
    path: ['kvk'],
  })
  .refine((a) => a.kind !== 'particulier' || a.kvk === undefined, {
    message: 'hoort niet bij een particuliere aanvrager: laat kvk weg of geef kind zakelijk',
    path: ['kvk'],
  });

/**
 * A building project with many addresses (a new estate, a cable route): the code the business
 * applicant gives it, so that its portfolio groups the aanvragen per project (issue 16.1).
 */
export const PROJECT_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
export const projectCode = z
  .string()
  .regex(
    PROJECT_CODE,
    'moet een projectcode zijn: 1 tot 40 letters, cijfers, punten, streepjes of liggende streepjes, als NIEUWBOUW-2026-07',
  );

export const requestSubmitted = z.strictObject({
  ...envelope,
  type: z.literal('request_submitted'),
  kind: requestKind,
  combi: orgCode.meta({ description: 'Code van de combi (het combigebied).' }),
  applicant: applicant,
  project: projectCode.optional().meta({
    description:
      'Projectcode van de zakelijke aanvrager, voor een bouwproject met veel adressen: het portfolio van de organisatie groepeert haar aanvragen per project. Letters, cijfers, `.`, `-` en `_`, hoogstens 40 tekens.',
    example: 'KEMPEN-NOORD-2027',
  }),
  address: z.strictObject({
    street: text(200),
    houseNumber: z
      .string()
      .trim()
      .regex(/^[0-9]{1,5}$/, 'moet een huisnummer zijn'),
    houseNumberAddition: plainString().trim().max(10, 'mag hoogstens 10 tekens zijn').optional(),
    postcode,
    city: text(100),
  }),
  wishDate: isoDate.optional(),
  workOrders: z
    .array(z.strictObject({ id: workOrderId, discipline, gridOperator: orgCode }))
    .min(1, 'moet minstens één opdracht bevatten')
    .max(8, 'mag hoogstens 8 opdrachten bevatten')
    .refine((wos) => new Set(wos.map((w) => w.id)).size === wos.length, 'opdracht-ids moeten uniek zijn'),
});

export const contactLogged = z.strictObject({
  ...envelope,
  type: z.literal('contact_logged'),
  contactMoment,
  channel,
  staffName: text(120).meta({ description: 'Naam van de medewerker.' }),
  spokeWith: text(120).meta({ description: 'Met wie er is gesproken.' }),
  subject: text(200).meta({ description: 'Waarover.' }),
  summary: text(2000).meta({ description: 'Samenvatting die de klant ziet.' }),
});

const workOrderMessage = <T extends string>(type: T) => z.strictObject({ ...envelope, type: z.literal(type), workOrderId });

export const quickscanDone = workOrderMessage('quickscan_done').extend({
  quoteRequired: z.boolean().meta({ description: 'Is er een offerte nodig?' }),
});
export const quoteSent = workOrderMessage('quote_sent').extend({
  amountCents: z.number().int().nonnegative().optional(),
  validUntil: isoDate.optional(),
});
export const quoteAccepted = workOrderMessage('quote_accepted');
export const quoteRejected = workOrderMessage('quote_rejected').extend({ reason: text(500).optional() });
export const workOrderCompleted = workOrderMessage('work_order_completed');
export const workOrderCancelled = workOrderMessage('work_order_cancelled').extend({ reason: text(500) });

export const handedToCombi = z.strictObject({
  ...envelope,
  type: z.literal('handed_to_combi'),
  workOrderIds: z.array(workOrderId).min(1).max(8),
  contractor: orgCode.meta({ description: 'Code van de combi-aannemer die de opdracht krijgt.' }),
});

export const planningChanged = z
  .strictObject({
    ...envelope,
    type: z.literal('planning_changed'),
    wishDate: isoDate.optional(),
    provisionalWeek: isoWeek.optional(),
    confirmedStart: z.strictObject({ date: isoDate, part: dayPart }).optional(),
    reason: text(500).meta({ description: 'Waarom de planning is gezet of verschoven.' }),
    staffName: text(120).optional(),
    customerAgreed: z.boolean().optional().meta({
      description:
        'De klant heeft om deze planning gevraagd of ermee ingestemd. Een latere datum die de klant zelf vroeg of afsprak, telt niet als overschrijding van de wettelijke termijn (Netcode elektriciteit art. 8.11).',
    }),
  })
  .refine((m) => m.wishDate || m.provisionalWeek || m.confirmedStart, {
    message: 'moet minstens wishDate, provisionalWeek of confirmedStart bevatten',
    path: ['provisionalWeek'],
  });

export const stagnationReported = z.strictObject({
  ...envelope,
  type: z.literal('stagnation_reported'),
  cause: stagnationCause,
  reason: text(500).meta({ description: 'Wat er ontbreekt, in woorden die de klant begrijpt.' }),
});
/**
 * The preparation of the work: a work folder, a permit or a soil survey is missing, or is in order
 * again. A missing one before a firm start date makes that date at risk (domain/date-at-risk.ts).
 */
export const preparationReported = z.strictObject({
  ...envelope,
  type: z.literal('preparation_reported'),
  item: z.enum(PREPARATION_ITEMS, { error: `moet ${PREPARATION_ITEMS.join(', ')} zijn` }).meta({
    id: 'Voorbereiding',
    description:
      'Wat de uitvoering nodig heeft: `werkmap` (de werkmap met tekeningen voor de monteurs), `vergunning` (bijvoorbeeld een graafvergunning of instemmingsbesluit) of `bodemonderzoek` (bijvoorbeeld een verkennend of asbestonderzoek).',
  }),
  status: z.enum(PREPARATION_STATUSES, { error: `moet ${PREPARATION_STATUSES.join(' of ')} zijn` }).meta({
    id: 'VoorbereidingStatus',
    description: '`ontbreekt`: nog niet rond, de startdatum kan in gevaar komen; `rond`: in orde.',
  }),
  note: text(500).optional().meta({ description: 'Toelichting voor de planners (de klant ziet dit niet).' }),
});
export const stagnationLifted = z.strictObject({ ...envelope, type: z.literal('stagnation_lifted'), note: text(500).optional() });

export const inspectionPlanned = z.strictObject({
  ...envelope,
  type: z.literal('inspection_planned'),
  date: isoDate,
  part: dayPart,
});
export const inspectionDone = z.strictObject({
  ...envelope,
  type: z.literal('inspection_done'),
  approved: z.boolean(),
  notes: text(1000).optional(),
});
export const requestCancelled = z.strictObject({ ...envelope, type: z.literal('request_cancelled'), reason: text(500) });

/** One message, by its `type`. Each kind is a named schema in the OpenAPI document. */
export const message = z.discriminatedUnion('type', [
  requestSubmitted.meta({
    id: 'RequestSubmitted',
    description: 'Aanvraag ingediend (KCM A): de aanvraag met aanvrager, adres, combi en opdrachten per discipline.',
  }),
  contactLogged.meta({
    id: 'ContactLogged',
    description:
      'Klantcontactmoment gelogd in het standaardformulier: datum en tijd (occurredAt), medewerker, met wie, waarover, en de samenvatting die de klant ziet.',
  }),
  quickscanDone.meta({
    id: 'QuickscanDone',
    description: 'Quickscan uitgevoerd voor een opdracht; zegt of er een offerte nodig is.',
  }),
  quoteSent.meta({ id: 'QuoteSent', description: 'Offerte verstuurd voor een opdracht.' }),
  quoteAccepted.meta({ id: 'QuoteAccepted', description: 'De klant heeft de offerte geaccepteerd.' }),
  quoteRejected.meta({ id: 'QuoteRejected', description: 'De klant heeft de offerte afgewezen.' }),
  handedToCombi.meta({
    id: 'HandedToCombi',
    description: '"Mee in combi": de netbeheerder geeft opdrachten door aan de combi-aannemer.',
  }),
  planningChanged.meta({
    id: 'PlanningChanged',
    description: 'Planning gezet of verschoven door de aannemer, altijd met de reden.',
  }),
  stagnationReported.meta({
    id: 'StagnationReported',
    description: 'De aanvraag stagneert, met de oorzaak: klant, netbeheerder of derde.',
  }),
  stagnationLifted.meta({ id: 'StagnationLifted', description: 'De stagnatie is opgeheven.' }),
  preparationReported.meta({
    id: 'PreparationReported',
    description:
      'Voorbereiding van de uitvoering: werkmap, vergunning of bodemonderzoek ontbreekt nog, of is rond. Een ontbrekend stuk vlak voor een vaste startdatum zet die datum "in gevaar" in de werklijst.',
  }),
  inspectionPlanned.meta({ id: 'InspectionPlanned', description: 'Schouw gepland (KCM 3).' }),
  inspectionDone.meta({ id: 'InspectionDone', description: 'Schouw uitgevoerd, met het resultaat.' }),
  workOrderCompleted.meta({
    id: 'WorkOrderCompleted',
    description: 'TG-bericht (gereedmelding) van één opdracht. Als alle opdrachten gereed zijn, is de aanvraag opgeleverd.',
  }),
  workOrderCancelled.meta({ id: 'WorkOrderCancelled', description: 'Eén opdracht vervalt (bijvoorbeeld gasloos gebouwd).' }),
  requestCancelled.meta({ id: 'RequestCancelled', description: 'De aanvraag is geannuleerd.' }),
]);
export type Message = z.infer<typeof message>;
export type MessageType = Message['type'];
export const MESSAGE_TYPES = message.options.map((o) => o.shape.type.value) as MessageType[];

/** A message as stored in the log: what was sent, plus who sent it. */
export type LoggedMessage = Message & { sender: string };

/** What orders messages: their own time, then sender and id so that equal times still have one order. */
export type MessageKey = Pick<LoggedMessage, 'occurredAt' | 'sender' | 'id'>;

/** Messages of one aanvraag in their own order: by time, then sender and id for equal times. */
export function compareMessages(a: MessageKey, b: MessageKey): number {
  const ta = instantMs(a.occurredAt);
  const tb = instantMs(b.occurredAt);
  if (ta !== tb) return ta - tb;
  if (a.sender !== b.sender) return a.sender < b.sender ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
