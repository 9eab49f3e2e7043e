/**
 * The BI feed's rows (docs/decisions/0038-bi-feed.md): every scale and choice answer of the five
 * measurements, one row per answer (per chosen option of a multiple choice), joined with the
 * process facts of its aanvraag, for tools like Power BI. Served as OData (api/routes/bi.ts) and
 * as Parquet per month; both read these rows and nothing else.
 *
 * What it leaves out, and why:
 *  - personal data: no name, e-mail, phone, street or house number; the area only as PC4
 *    (domain/retention.ts `pc4`), no aanvraagnummer, response ids only as a hash;
 *  - free text and e-mail answers: open answers may name people until retention redacts them, and
 *    the dashboard shows them only over a whole quarter, detached from date and aanvraag;
 *  - answers the dashboard would not count: only closed quarters (their figures never change
 *    afterwards) and answers given before the quarter's final day (domain/satisfaction.ts);
 *  - small groups: a response's answers are in the feed only when its cut (combi area, discipline
 *    group) and every group above it are shown by the dashboard's breakdown over every count the
 *    feed publishes (satisfaction.ts `publishedCuts`, small-groups.ts).
 */
import { createHash } from 'node:crypto';
import { addDays, dutchDate, type IsoDate } from './calendar.ts';
import type { Content } from './content.ts';
import { PHASES, type Phase } from './content-schema.ts';
import { adherence, contactMomentMeasures, judge, leadTimeOf, type Timeliness } from './dashboard-metrics.ts';
import { DISCIPLINES, type Discipline } from './messages.ts';
import { activeWorkOrders, deliveredAt, type RequestState } from './request-state.ts';
import { pc4 } from './retention.ts';
import {
  type Cut,
  disciplineGroup,
  publishedCuts,
  quarterDays,
  quarterOf,
  type SatisfactionResponse,
  SURVEY_NAMES,
} from './satisfaction.ts';
import { requestPhase } from './status.ts';
import type { Question } from './survey-schema.ts';

/** The OData types the feed's fields have (CSDL names); Parquet and the guide follow them. */
export type BiType = 'Edm.String' | 'Edm.Int32' | 'Edm.Double' | 'Edm.Date';

export type BiField = {
  name: keyof BiRow;
  type: BiType;
  nullable: boolean;
  /** What it means, in Dutch, for the guide and the OData document. */
  description: string;
};

/** One row of the feed: one answer (or one chosen option) with the facts of its aanvraag. */
export type BiRow = {
  id: string;
  reactie: string;
  meting: string;
  vraag: string;
  soortVraag: 'schaal' | 'keuze';
  waarde: number | null;
  schaalVan: number | null;
  schaalTot: number | null;
  keuze: string | null;
  kwartaal: string;
  meetdatum: IsoDate;
  antwoorddatum: IsoDate;
  combi: string | null;
  disciplines: string;
  disciplinegroep: string;
  netbeheerders: string;
  aannemer: string | null;
  pc4: string | null;
  soortAanvraag: string | null;
  fase: Phase;
  ingediendOp: IsoDate | null;
  offerteVerstuurdOp: IsoDate | null;
  offerteBesluitOp: IsoDate | null;
  meeInCombiOp: IsoDate | null;
  vasteStartdatum: IsoDate | null;
  opgeleverdOp: IsoDate | null;
  geannuleerdOp: IsoDate | null;
  doorlooptijdDagen: number | null;
  kcmOpTijd: number;
  kcmTeLaat: number;
  kcmAchterstand: number;
  kcmOpen: number;
  kcmAandeelOpTijd: number | null;
};

const field = (name: keyof BiRow, type: BiType, nullable: boolean, description: string): BiField => ({
  name,
  type,
  nullable,
  description,
});

/** The fields in their order: the OData document, the Parquet columns, $select and $filter read this list. */
export const BI_FIELDS: readonly BiField[] = [
  field('id', 'Edm.String', false, 'Sleutel van de rij: één antwoord (bij meerkeuze één gekozen optie). Blijft gelijk.'),
  field(
    'reactie',
    'Edm.String',
    false,
    'Pseudoniem van de ingevulde vragenlijst: rijen met hetzelfde pseudoniem zijn één respons.',
  ),
  field('meting', 'Edm.String', false, `De meting: ${Object.keys(SURVEY_NAMES).join(', ')}.`),
  field('vraag', 'Edm.String', false, 'De vraag (id uit content/enquetes/, bijvoorbeeld cijfer, moeite, planning).'),
  field('soortVraag', 'Edm.String', false, 'schaal (een getal in waarde) of keuze (een optie in keuze).'),
  field('waarde', 'Edm.Int32', true, 'Het antwoord op een schaalvraag; leeg bij een keuzevraag.'),
  field('schaalVan', 'Edm.Int32', true, 'Laagste waarde van de schaal (1).'),
  field('schaalTot', 'Edm.Int32', true, 'Hoogste waarde van de schaal (5, 7 of 10).'),
  field('keuze', 'Edm.String', true, 'De gekozen optie (id) bij een keuzevraag; leeg bij een schaalvraag.'),
  field('kwartaal', 'Edm.String', false, 'Het kwartaal waarin de respons telt, als 2026-K3 (zoals op het dashboard).'),
  field(
    'meetdatum',
    'Edm.Date',
    false,
    'De dag die het kwartaal bepaalt: de dag van de uitnodiging (eindmeting, helpdesk), anders de dag waarop de respons begon.',
  ),
  field('antwoorddatum', 'Edm.Date', false, 'De dag waarop dit antwoord is gegeven (Nederlandse tijd).'),
  field('combi', 'Edm.String', true, 'Code van het combi-gebied van de aanvraag.'),
  field('disciplines', 'Edm.String', false, 'De disciplines van de aanvraag, met komma’s: elektra, gas, water, telecom.'),
  field(
    'disciplinegroep',
    'Edm.String',
    false,
    'Eén discipline, of meerdere (een combi-aanvraag): de indeling van het dashboard.',
  ),
  field('netbeheerders', 'Edm.String', false, 'Codes van de netbeheerders van de opdrachten, met komma’s.'),
  field('aannemer', 'Edm.String', true, 'Code van de aannemer, zodra de aanvraag mee in combi is.'),
  field('pc4', 'Edm.String', true, 'De vier cijfers van de postcode (geen straat of huisnummer).'),
  field('soortAanvraag', 'Edm.String', true, 'nieuwe_aansluiting, wijziging_met_graafwerk of wijziging_zonder_graafwerk.'),
  field('fase', 'Edm.String', false, `De fase nu: ${PHASES.join(', ')}.`),
  field('ingediendOp', 'Edm.Date', true, 'Dag van indienen.'),
  field('offerteVerstuurdOp', 'Edm.Date', true, 'Dag waarop de eerste offerte is verstuurd.'),
  field('offerteBesluitOp', 'Edm.Date', true, 'Dag waarop de klant de laatste offerte accepteerde of afwees.'),
  field('meeInCombiOp', 'Edm.Date', true, 'Dag waarop de aanvraag mee in combi ging (naar de aannemer).'),
  field('vasteStartdatum', 'Edm.Date', true, 'De vaste startdatum van het werk, zodra die er is.'),
  field('opgeleverdOp', 'Edm.Date', true, 'Dag van oplevering (alle opdrachten gereed).'),
  field('geannuleerdOp', 'Edm.Date', true, 'Dag van annuleren.'),
  field('doorlooptijdDagen', 'Edm.Int32', true, 'Kalenderdagen van indienen tot oplevering.'),
  field(
    'kcmOpTijd',
    'Edm.Int32',
    false,
    'Klantcontactmomenten met een norm (intake, plangesprek, opleverbevestiging) op tijd gedaan.',
  ),
  field('kcmTeLaat', 'Edm.Int32', false, 'Klantcontactmomenten met een norm te laat gedaan.'),
  field('kcmAchterstand', 'Edm.Int32', false, 'Klantcontactmomenten met een norm nog niet gedaan en over hun termijn (vandaag).'),
  field('kcmOpen', 'Edm.Int32', false, 'Klantcontactmomenten met een norm nog niet gedaan en nog binnen hun termijn.'),
  field(
    'kcmAandeelOpTijd',
    'Edm.Double',
    true,
    'Aandeel op tijd van de beoordeelde klantcontactmomenten (op tijd, te laat of achterstand), 0 tot 1; leeg zonder beoordeelde.',
  ),
];

/** The process facts of an aanvraag, as every row of its answers carries them. */
export type BiProcessFacts = Omit<
  BiRow,
  | 'id'
  | 'reactie'
  | 'meting'
  | 'vraag'
  | 'soortVraag'
  | 'waarde'
  | 'schaalVan'
  | 'schaalTot'
  | 'keuze'
  | 'kwartaal'
  | 'meetdatum'
  | 'antwoorddatum'
>;

const day = (instant: string | undefined): IsoDate | null => (instant ? dutchDate(instant) : null);
const earliestOf = (instants: (string | undefined)[]) =>
  instants.filter((i): i is string => !!i).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
const latestOf = (instants: (string | undefined)[]) =>
  instants
    .filter((i): i is string => !!i)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .at(-1);

/** The disciplines of an aanvraag's opdrachten, cancelled ones too (as the dashboard counts them). */
export function disciplinesOf(state: RequestState): Discipline[] {
  const own = new Set(state.workOrders.map((w) => w.discipline));
  return DISCIPLINES.filter((d) => own.has(d));
}

/** Where an aanvraag's answers count on the dashboard: its combi area and discipline group. */
export const cutOfState = (state: RequestState): Cut => ({
  combi: state.combi ?? '',
  discipline: disciplineGroup(disciplinesOf(state)),
});

/**
 * The process facts of a submitted aanvraag, the contact moments judged on `today` (the same
 * rules as the dashboard's adherence table). Nothing personal: the address only as PC4.
 */
export function biProcessFacts(state: RequestState, content: Content, today: IsoDate): BiProcessFacts {
  const disciplines = disciplinesOf(state);
  const active = activeWorkOrders(state);
  const measured = contactMomentMeasures(state, content).map((m) => ({ timeliness: judge(m.due, m.doneOn, today) }));
  const count = (t: Timeliness) => measured.filter((m) => m.timeliness === t).length;
  const quotes = state.workOrders.map((w) => w.quote);
  return {
    combi: state.combi ?? null,
    disciplines: disciplines.join(','),
    disciplinegroep: disciplineGroup(disciplines),
    netbeheerders: [...new Set(state.workOrders.map((w) => w.gridOperator))].sort().join(','),
    aannemer: active.find((w) => w.contractor)?.contractor ?? state.workOrders.find((w) => w.contractor)?.contractor ?? null,
    pc4: pc4(state.address?.postcode),
    soortAanvraag: state.kind ?? null,
    fase: requestPhase(state),
    ingediendOp: day(state.submittedAt),
    offerteVerstuurdOp: day(earliestOf(quotes.map((q) => q?.sentAt))),
    offerteBesluitOp: day(latestOf(quotes.map((q) => q?.decidedAt))),
    meeInCombiOp: day(earliestOf(active.map((w) => w.handedToCombiAt))),
    vasteStartdatum: state.planning.confirmedStart?.date ?? null,
    opgeleverdOp: day(deliveredAt(state)),
    geannuleerdOp: day(state.cancelledAt),
    doorlooptijdDagen: leadTimeOf(state) ?? null,
    kcmOpTijd: count('op-tijd'),
    kcmTeLaat: count('te-laat'),
    kcmAchterstand: count('verstreken'),
    kcmOpen: count('open'),
    kcmAandeelOpTijd: adherence(measured).share,
  };
}

/** A response as the feed reads it: the dashboard's response, with the facts of its aanvraag. */
export type BiResponse = SatisfactionResponse & { facts: BiProcessFacts };

/** How the feed treats a question: a scale (with its range) or a choice is published; anything else is not. */
export type BiQuestion = { kind: 'schaal'; min: number; max: number } | { kind: 'keuze' };

/** The published kind of a survey question: scales and choices; open text and e-mail never. */
export function biQuestion(question: Question): BiQuestion | undefined {
  if (question.soort === 'schaal') return { kind: 'schaal', min: question.van, max: question.tot };
  if (question.soort === 'keuze') return { kind: 'keuze' };
  return undefined;
}

/** A short stable pseudonym: the same input always gives the same text, and it says nothing of the input. */
const pseudonym = (text: string) => createHash('sha256').update(`traject-bi|${text}`).digest('base64url').slice(0, 22);

/** A value the question allows: a whole number on its scale, or option ids. */
function answerValues(value: unknown, question: BiQuestion): (number | string)[] {
  if (question.kind === 'schaal')
    return typeof value === 'number' && Number.isInteger(value) && value >= question.min && value <= question.max ? [value] : [];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The feed's rows of these responses on `today`: for every closed quarter among them, the
 * published answers (see the top of this file), ordered by meetdatum and id. `byCombi` is the
 * dashboard's (satisfaction.ts `splitsByCombi`): the breakdown follows the organisation's scope.
 */
export function biRows(input: {
  responses: readonly BiResponse[];
  today: IsoDate;
  byCombi: boolean;
  question: (survey: string, question: string) => BiQuestion | undefined;
  /** The response days read (biReadWindow): responses outside are left out, so no quarter is judged on part of it. */
  window?: { from?: IsoDate; to?: IsoDate };
}): BiRow[] {
  const { today, byCombi, question, window = {} } = input;
  // Per quarter and survey: the dashboard's groups.
  const groups = new Map<string, { survey: string; final: IsoDate; responses: BiResponse[] }>();
  for (const r of input.responses) {
    if ((window.from && r.day < window.from) || (window.to && r.day >= window.to)) continue;
    const quarter = quarterOf(r.day);
    const { final } = quarterDays(quarter);
    if (today < final) continue;
    const key = `${quarter}|${r.survey}`;
    let group = groups.get(key);
    if (!group) {
      group = { survey: r.survey, final, responses: [] };
      groups.set(key, group);
    }
    group.responses.push(r);
  }
  const rows: BiRow[] = [];
  for (const { survey, final, responses } of groups.values()) {
    // The answers that count, and per question how many responses answered it: each a kind of unit.
    const answered = responses.map((r) =>
      r.answers.flatMap((a) => {
        const q = question(survey, a.question);
        const values = q && a.day < final ? answerValues(a.value, q) : [];
        return q && values.length ? [{ ...a, q, values }] : [];
      }),
    );
    const questions = [...new Set(answered.flat().map((a) => a.question))].sort();
    const units = responses.map((r, i) => {
      const own = new Set((answered[i] ?? []).map((a) => a.question));
      return { cut: r.cut, counts: [1, ...questions.map((q) => (own.has(q) ? 1 : 0))] };
    });
    const published = publishedCuts(units, byCombi);
    for (const [i, r] of responses.entries()) {
      if (!published(r.cut)) continue;
      const reactie = pseudonym(r.id);
      for (const a of answered[i] ?? []) {
        for (const value of a.values) {
          const scale = a.q.kind === 'schaal' ? a.q : undefined;
          rows.push({
            id: pseudonym(`${r.id}|${a.question}|${a.q.kind === 'keuze' ? value : ''}`),
            reactie,
            meting: survey,
            vraag: a.question,
            soortVraag: a.q.kind,
            waarde: scale ? (value as number) : null,
            schaalVan: scale?.min ?? null,
            schaalTot: scale?.max ?? null,
            keuze: scale ? null : (value as string),
            kwartaal: quarterOf(r.day),
            meetdatum: r.day,
            antwoorddatum: a.day,
            ...r.facts,
          });
        }
      }
    }
  }
  return rows.sort(compareRows);
}

/** The feed's order: by meetdatum, then id; paging goes on after the last row's (meetdatum, id). */
export function compareRows(a: Pick<BiRow, 'meetdatum' | 'id'>, b: Pick<BiRow, 'meetdatum' | 'id'>): number {
  return a.meetdatum < b.meetdatum ? -1 : a.meetdatum > b.meetdatum ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The window of response days to read for rows whose meetdatum or antwoorddatum lies in
 * [from, to): whole quarters, since suppression weighs every response of a quarter, and an
 * answer can come up to the quarter's final day after it.
 */
export function biReadWindow(from: IsoDate | undefined, to: IsoDate | undefined): { from?: IsoDate; to?: IsoDate } {
  const window: { from?: IsoDate; to?: IsoDate } = {};
  if (from) {
    // The earliest quarter whose answers can still be given on `from`.
    let quarter = quarterOf(from);
    for (;;) {
      const before = quarterOf(addDays(quarterDays(quarter).first, -1));
      if (quarterDays(before).final <= from) break;
      quarter = before;
    }
    window.from = quarterDays(quarter).first;
  }
  if (to) window.to = addDays(quarterDays(quarterOf(to)).last, 1);
  return window;
}
