/**
 * What customers said, as the dashboards show it (docs/decisions/0019-small-groups.md): per
 * closed quarter and per survey, over a fixed breakdown (all aanvragen of the organisation, then
 * per combi area when it has more than one, then per discipline), with small groups hidden by
 * domain/small-groups.ts. No other period or cut exists, so no two views can be subtracted to
 * isolate a few answers; the page and the CSV export both show exactly these figures.
 *
 * Which quarter an answer belongs to does not depend on the aanvraag: for the surveys that come
 * by a personal link (eindmeting, helpdesk) it is the day the invitation was sent, for the others
 * the day the response was started. A quarter is shown once its last invitations have expired,
 * and only answers given before that day count: its figures never change afterwards, so two
 * views at different times cannot be subtracted either.
 */

import {
  APPLICANT_TYPES,
  type ApplicantType,
  applicantType,
  type RegionUnit,
  typeCutShown,
  type WeightedFigure,
  weightedFigures,
  weightedShown,
} from './applicant-types.ts';
import { addDays, type IsoDate } from './calendar.ts';
import { INVITATION_VALID_DAYS } from './eindmeting.ts';
import { DISCIPLINE_NAMES, DISCIPLINES, type Discipline } from './messages.ts';
import { type Group, hiddenGroups, MIN_GROUP } from './small-groups.ts';
import type { Scope } from './staff.ts';

/**
 * Which answers the dashboard reads (content/enquetes/*.yaml; question ids never change once
 * there are answers): effort is the customer-effort question "moeite" (1–7) of every survey that
 * has it, KTV the eindmeting's overall grade "cijfer" (1–10), free text the open questions.
 * satisfaction.test.ts checks these against the survey files.
 */
export const SATISFACTION = {
  effort: { question: 'moeite', min: 1, max: 7 },
  ktv: { survey: 'eindmeting', question: 'cijfer', min: 1, max: 10 },
  freeText: ['verbeteren', 'feedback'],
  /** Surveys whose invitations are counted: they come by a personal link. */
  invited: ['eindmeting', 'helpdesk'],
} as const;

/** The surveys' names on the page and in the CSV, in the order a customer meets them. */
export const SURVEY_NAMES: Record<string, string> = {
  webfeedback: 'Webfeedback (na het indienen)',
  helpdesk: 'Helpdesk (na een contact)',
  offerte: 'Offerte (na het besluit)',
  eindmeting: 'Eindmeting (na de oplevering)',
  feedbackknop: 'Feedbackknop',
};
const SURVEY_ORDER = Object.keys(SURVEY_NAMES);
/** Free-text answers listed per survey and quarter; the count says how many there are in all. */
export const FREE_TEXT_SHOWN = 25;

// ---------------------------------------------------------------------------------------------
// Quarters.

/** A calendar quarter on the Dutch calendar, "2026-K3". */
export type Quarter = `${number}-K${1 | 2 | 3 | 4}`;
/** How many closed quarters can be chosen: two years. */
export const QUARTER_CHOICES = 8;
/**
 * Days after a quarter's last day until its figures are final: an invitation sent on the last day
 * can be answered for INVITATION_VALID_DAYS more days (the helpdesk link as long, tested).
 */
export const SETTLE_DAYS = INVITATION_VALID_DAYS + 1;

export const isQuarter = (value: string): value is Quarter => /^\d{4}-K[1-4]$/.test(value);

/** The quarter of a date. */
export function quarterOf(day: IsoDate): Quarter {
  return `${Number(day.slice(0, 4))}-K${(Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4}`;
}

/** Its first and last day, and `final`: the first day it is shown, and the day from which answers no longer count. */
export function quarterDays(quarter: Quarter): { first: IsoDate; last: IsoDate; final: IsoDate } {
  const year = Number(quarter.slice(0, 4));
  const k = Number(quarter.slice(-1));
  const first = `${year}-${String(3 * k - 2).padStart(2, '0')}-01`;
  const next = k === 4 ? `${year + 1}-01-01` : `${year}-${String(3 * k + 1).padStart(2, '0')}-01`;
  const last = addDays(next, -1);
  return { first, last, final: addDays(last, SETTLE_DAYS) };
}

/** The quarters that can be chosen on `today`: the closed ones, newest first. */
export function closedQuarters(today: IsoDate, count = QUARTER_CHOICES): Quarter[] {
  const out: Quarter[] = [];
  let quarter = quarterOf(today);
  while (out.length < count) {
    if (quarterDays(quarter).final <= today) out.push(quarter);
    quarter = quarterOf(addDays(quarterDays(quarter).first, -1));
  }
  return out;
}

const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];

/** "3e kwartaal 2026 (juli–september)". */
export function quarterName(quarter: Quarter): string {
  const k = Number(quarter.slice(-1));
  return `${k}e kwartaal ${quarter.slice(0, 4)} (${MONTHS[3 * k - 3]}–${MONTHS[3 * k - 1]})`;
}

// ---------------------------------------------------------------------------------------------
// The fixed breakdown.

/** An aanvraag with one discipline, or several (a combi-aanvraag): every aanvraag is in exactly one. */
export type DisciplineGroup = Discipline | 'meerdere';
export const DISCIPLINE_GROUPS: readonly DisciplineGroup[] = [...DISCIPLINES, 'meerdere'];

export function disciplineGroup(disciplines: readonly Discipline[]): DisciplineGroup {
  return disciplines.length === 1 ? (disciplines[0] as Discipline) : 'meerdere';
}

/** "alleen elektriciteit", "meer disciplines (combi-aanvraag)": the page and the CSV say the same. */
export const disciplineGroupName = (group: DisciplineGroup) =>
  group === 'meerdere' ? 'meer disciplines (combi-aanvraag)' : `alleen ${DISCIPLINE_NAMES.nl[group].toLowerCase()}`;

/** Where an answer or invitation belongs: its aanvraag's combi area ('' without one) and discipline group. */
export type Cut = {
  combi: string;
  discipline: DisciplineGroup;
  /** The aanvraag's business applicant (KvK), for the figures per applicant type (domain/applicant-types.ts); not a group of the table. */
  kvk?: string;
};

/**
 * Whether the breakdown has a level per combi area: for an organisation that can see more than
 * one (the platform, grid operators, a contractor in several). Decided by the scope, not by the
 * data, so the rows do not come and go with the answers.
 */
export function splitsByCombi(scope: Scope): boolean {
  return scope.all || scope.gridOperator !== undefined || scope.combis.length > 1;
}

/** A row of a table: the whole (level 0), a combi area (1), a discipline group (1 or 2, under its combi). */
export type GroupLabel = { level: 0 | 1 | 2; combi?: string; discipline?: DisciplineGroup };
/** A group's figure, or null: hidden (fewer than MIN_GROUP, or it would give away a hidden one). */
type Row<T> = { label: GroupLabel; figure: T | null };

const groupKey = (l: GroupLabel) => `${l.level}|${l.combi ?? ''}|${l.discipline ?? ''}`;

/** The whole first, then each combi area (by code, the aanvragen without one last) followed by its discipline groups. */
function readingOrder(a: GroupLabel, b: GroupLabel): number {
  const combi = (l: GroupLabel) => (l.level === 0 || l.combi === undefined ? '' : l.combi === '' ? '\uffff' : l.combi);
  const discipline = (l: GroupLabel) => (l.discipline === undefined ? -1 : DISCIPLINE_GROUPS.indexOf(l.discipline));
  return (
    Math.min(a.level, 1) - Math.min(b.level, 1) ||
    (combi(a) < combi(b) ? -1 : combi(a) > combi(b) ? 1 : 0) ||
    discipline(a) - discipline(b)
  );
}

/** A group of the breakdown: its units of each kind, and the sum of their values (scales). */
interface Node extends Group<Node> {
  label: GroupLabel;
  counts: number[];
  sum: number;
  parts: Node[];
}
type Unit = { cut: Cut; counts: readonly number[]; value?: number };

/**
 * The breakdown of some units, with the hidden groups marked: its rows in reading order (each
 * group, then its parts), only groups that hold units; none without units.
 */
function breakdown<T>(units: Unit[], byCombi: boolean, figure: (node: Node) => T): Row<T>[] {
  return breakdownWithRegions(units, byCombi, figure).rows;
}

/**
 * The breakdown, and each unit's region: the key of the nearest shown group it is in (its leaf,
 * else the one above), null when none is shown. What a reader can tell apart of these units from
 * the table is exactly the regions (domain/small-groups.ts), which domain/applicant-types.ts needs.
 */
function breakdownWithRegions<T>(
  units: Unit[],
  byCombi: boolean,
  figure: (node: Node) => T,
): { rows: Row<T>[]; regions: (string | null)[] } {
  if (units.length === 0) return { rows: [], regions: [] };
  const kinds = (units[0] as Unit).counts.length;
  const node = (label: GroupLabel): Node => ({
    label,
    counts: new Array(kinds).fill(0),
    sum: 0,
    parts: [],
  });
  const root = node({ level: 0 });
  const child = (parent: Node, label: GroupLabel): Node => {
    let found = parent.parts.find((p) => p.label.combi === label.combi && p.label.discipline === label.discipline);
    if (!found) {
      found = node(label);
      parent.parts.push(found);
    }
    return found;
  };
  const chains: Node[][] = [];
  for (const unit of units) {
    const combi = byCombi ? child(root, { level: 1, combi: unit.cut.combi }) : root;
    const leaf = child(combi, {
      level: byCombi ? 2 : 1,
      ...(byCombi && { combi: unit.cut.combi }),
      discipline: unit.cut.discipline,
    });
    const chain = [...new Set([leaf, combi, root])];
    chains.push(chain);
    for (const n of chain) {
      for (const [k, c] of unit.counts.entries()) n.counts[k] = (n.counts[k] as number) + c;
      n.sum += unit.value ?? 0;
    }
  }
  const sort = (n: Node) => {
    n.parts.sort((a, b) => readingOrder(a.label, b.label));
    for (const p of n.parts) sort(p);
  };
  sort(root);
  const hidden = hiddenGroups<Node>(root);
  const rows: Row<T>[] = [];
  const walk = (n: Node) => {
    rows.push({ label: n.label, figure: hidden.has(n) ? null : figure(n) });
    for (const p of n.parts) walk(p);
  };
  walk(root);
  const regions = chains.map((chain) => {
    const shown = chain.find((n) => !hidden.has(n));
    return shown ? groupKey(shown.label) : null;
  });
  return { rows, regions };
}

/**
 * Which cuts of a quarter's survey may be published unit by unit (the BI feed,
 * domain/bi-feed.ts): those whose group and every group above it are shown by the breakdown
 * above, over `counts` of every kind the units carry. A reader who adds up the published units
 * then finds what the shown groups hold, and from a shown total minus them only residues of 0 or
 * at least MIN_GROUP units: the same guarantee as the dashboard's tables.
 */
export function publishedCuts(units: { cut: Cut; counts: readonly number[] }[], byCombi: boolean): (cut: Cut) => boolean {
  const shown = new Set(breakdown(units, byCombi, () => true).flatMap((row) => (row.figure ? [groupKey(row.label)] : [])));
  return (cut) =>
    shown.has(groupKey({ level: 0 })) &&
    (byCombi
      ? shown.has(groupKey({ level: 1, combi: cut.combi })) &&
        shown.has(groupKey({ level: 2, combi: cut.combi, discipline: cut.discipline }))
      : shown.has(groupKey({ level: 1, discipline: cut.discipline })));
}

// ---------------------------------------------------------------------------------------------
// The figures of one quarter.

/** A response as the dashboard reads it: `day` decides its quarter (the invitation's, or its own start). */
export type SatisfactionResponse = {
  id: string;
  survey: string;
  cut: Cut;
  day: IsoDate;
  answers: { question: string; value: unknown; day: IsoDate }[];
};
/** An invitation by personal link (eindmeting, helpdesk), on the day it was sent. */
export type SatisfactionInvitation = { survey: string; cut: Cut; day: IsoDate; responded: boolean };

export type ResponseFigure = { responses: number; invited?: number; rate?: number };
export type ScaleFigure = { n: number; average: number };

/**
 * One group's figures in a survey's table. Each kind of figure has its own breakdown and hides on
 * its own count: null is hidden, undefined means no units of that kind in the group (0).
 */
export type SurveyRow = GroupLabel & {
  responses?: ResponseFigure | null;
  effort?: ScaleFigure | null;
  ktv?: ScaleFigure | null;
};

/** One applicant type's figures in a survey (domain/applicant-types.ts): null hidden, undefined none of that kind. */
export type TypeRow = {
  type: ApplicantType;
  responses?: ResponseFigure | null;
  effort?: ScaleFigure | null;
  ktv?: ScaleFigure | null;
};
/** A scale weighted by volume: the business applicants, and all applicants. */
export type WeightedScale = { business?: WeightedFigure; all?: WeightedFigure };

export type SurveyFigures = {
  survey: string;
  /** Per applicant type; both or neither of a kind shown. */
  types: TypeRow[];
  /** Business applicants weighed by their volume, per scale: null hidden, undefined without business answers. */
  weighted: { effort?: WeightedScale | null; ktv?: WeightedScale | null };
  /** By personal link: the invitations are counted, and the response rate. */
  invited: boolean;
  rows: SurveyRow[];
  /**
   * Open answers over the whole quarter only, in an order unrelated to when they were given (a
   * hash of the response), without date or aanvraag; null when fewer than MIN_GROUP responses
   * have one.
   */
  freeText: { total: number; shown: string[] } | null;
};

export type SatisfactionFigures = {
  quarter: Quarter;
  /** False until the quarter is final: then nothing is shown. */
  final: boolean;
  surveys: SurveyFigures[];
  /** The eindmeting's grades over the whole quarter, when its whole is shown. */
  ktvDistribution: { value: number; n: number }[] | null;
};

const surveyOrder = (a: string, b: string) =>
  (SURVEY_ORDER.indexOf(a) + 1 || 99) - (SURVEY_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);

const inScale = (v: unknown, scale: { min: number; max: number }): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= scale.min && v <= scale.max;

/**
 * A fixed order for free text that says nothing about when it was given: FNV-1a over the
 * response, then MurmurHash3's finaliser, so ids that differ only in their last characters
 * (client-chosen ones may count up) still land anywhere.
 */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const answerOf = (r: SatisfactionResponse, question: string) => r.answers.find((a) => a.question === question)?.value;

/** Open answers of a survey's responses: all or nothing, by the number of responses that have one. */
function freeTextOf(responses: SatisfactionResponse[]): SurveyFigures['freeText'] {
  const texts: { key: number; text: string }[] = [];
  let withText = 0;
  for (const r of responses) {
    const own = SATISFACTION.freeText.flatMap((question) => {
      const value = answerOf(r, question);
      return typeof value === 'string' && value.trim() ? [{ key: hash(`${r.id}|${question}`), text: value }] : [];
    });
    texts.push(...own);
    if (own.length) withText++;
  }
  if (withText > 0 && withText < MIN_GROUP) return null;
  texts.sort((a, b) => a.key - b.key || (a.text < b.text ? -1 : 1));
  return { total: texts.length, shown: texts.slice(0, FREE_TEXT_SHOWN).map((t) => t.text) };
}

/**
 * The satisfaction figures of one quarter over the responses and invitations of the aanvragen an
 * organisation sees. Nothing until the quarter is final (`today` on or after its final day); then
 * the responses and invitations of the quarter count, with the answers given before that day.
 */
export function satisfactionFigures(input: {
  quarter: Quarter;
  today: IsoDate;
  byCombi: boolean;
  responses: SatisfactionResponse[];
  invitations: SatisfactionInvitation[];
  /** The aanvragen per business applicant (KvK) in the scope submitted in the quarter, for the weighted figures. */
  volumes?: ReadonlyMap<string, number>;
}): SatisfactionFigures {
  const { quarter, byCombi } = input;
  const { first, last, final } = quarterDays(quarter);
  if (input.today < final) return { quarter, final: false, surveys: [], ktvDistribution: null };
  const inQuarter = (day: IsoDate) => day >= first && day <= last;
  const responses = input.responses
    .filter((r) => inQuarter(r.day))
    .map((r) => ({ ...r, answers: r.answers.filter((a) => a.day < final) }));
  const invitations = input.invitations.filter((i) => inQuarter(i.day));
  const scaleUnits = (own: SatisfactionResponse[], question: string, range: { min: number; max: number }): Unit[] =>
    own.flatMap((r) => {
      const value = answerOf(r, question);
      return inScale(value, range) ? [{ cut: r.cut, counts: [1], value }] : [];
    });
  const volumes = input.volumes ?? new Map<string, number>();
  const scaleFigure = (n: Pick<Node, 'counts' | 'sum'>): ScaleFigure => ({
    n: n.counts[0] as number,
    average: n.sum / (n.counts[0] as number),
  });
  const scale = (units: Unit[]) => breakdownWithRegions(units, byCombi, scaleFigure);
  /** Each unit with its region in the table, for the rules of domain/applicant-types.ts. */
  const regionUnits = (units: Unit[], regions: (string | null)[]): RegionUnit[] =>
    units.map((u, i) => ({ region: regions[i] ?? null, kvk: u.cut.kvk, counts: u.counts }));
  /** The figure of each type over `units`, hidden together when the type cut would give away a small group. */
  const perType = <F>(units: Unit[], regions: (string | null)[], figure: (n: Pick<Node, 'counts' | 'sum'>) => F) => {
    const shown = typeCutShown(regionUnits(units, regions));
    return new Map(
      APPLICANT_TYPES.map((type): [ApplicantType, F | null | undefined] => {
        const own = units.filter((u) => applicantType(u.cut.kvk) === type);
        if (own.length === 0) return [type, undefined];
        if (!shown) return [type, null];
        const total = { counts: new Array<number>((own[0] as Unit).counts.length).fill(0), sum: 0 };
        for (const u of own) {
          for (const [k, c] of u.counts.entries()) total.counts[k] = (total.counts[k] as number) + c;
          total.sum += u.value ?? 0;
        }
        return [type, figure(total)];
      }),
    );
  };
  const weighted = (units: Unit[], regions: (string | null)[]): WeightedScale | null | undefined => {
    if (!units.some((u) => u.cut.kvk)) return undefined;
    const regionsOf = regionUnits(units, regions);
    if (!typeCutShown(regionsOf) || !weightedShown(regionsOf)) return null;
    return weightedFigures(
      units.map((u) => ({ kvk: u.cut.kvk, value: u.value ?? 0 })),
      volumes,
    );
  };

  let ktvDistribution: SatisfactionFigures['ktvDistribution'] = null;
  const surveys = [...new Set([...responses.map((r) => r.survey), ...invitations.map((i) => i.survey)])]
    .sort(surveyOrder)
    .map((survey): SurveyFigures => {
      const own = responses.filter((r) => r.survey === survey);
      const invited = (SATISFACTION.invited as readonly string[]).includes(survey);
      // By personal link the invitations are the units: responses and invitations hide together,
      // so a hidden group's response rate cannot be worked out from the counts beside it.
      const responseUnits: Unit[] = invited
        ? invitations.filter((i) => i.survey === survey).map((i) => ({ cut: i.cut, counts: [i.responded ? 1 : 0, 1] }))
        : own.map((r) => ({ cut: r.cut, counts: [1] }));
      const responseFigure = (n: Pick<Node, 'counts'>): ResponseFigure => {
        const [responded = 0, sent = 0] = n.counts;
        return invited ? { responses: responded, invited: sent, rate: responded / sent } : { responses: responded };
      };
      const responseCut = breakdownWithRegions(responseUnits, byCombi, responseFigure);
      const responseRows = responseCut.rows;
      const effortUnits = scaleUnits(own, SATISFACTION.effort.question, SATISFACTION.effort);
      const effortCut = scale(effortUnits);
      const effortRows = effortCut.rows;
      const ktvUnits = survey === SATISFACTION.ktv.survey ? scaleUnits(own, SATISFACTION.ktv.question, SATISFACTION.ktv) : [];
      const ktvCut = scale(ktvUnits);
      const ktvRows = ktvCut.rows;
      const typeResponses = perType(responseUnits, responseCut.regions, responseFigure);
      const typeEffort = perType(effortUnits, effortCut.regions, scaleFigure);
      const typeKtv = perType(ktvUnits, ktvCut.regions, scaleFigure);
      const types = APPLICANT_TYPES.map(
        (type): TypeRow => ({
          type,
          responses: typeResponses.get(type),
          effort: typeEffort.get(type),
          ktv: typeKtv.get(type),
        }),
      );
      if (ktvRows[0]?.figure) {
        ktvDistribution = [];
        for (let value = SATISFACTION.ktv.min; value <= SATISFACTION.ktv.max; value++)
          ktvDistribution.push({ value, n: ktvUnits.filter((u) => u.value === value).length });
      }
      const rows = new Map<string, SurveyRow>();
      const add = <K extends 'responses' | 'effort' | 'ktv'>(kind: K, list: Row<NonNullable<SurveyRow[K]>>[]) => {
        for (const { label, figure } of list) {
          const key = groupKey(label);
          rows.set(key, { ...(rows.get(key) ?? label), [kind]: figure });
        }
      };
      add('responses', responseRows);
      add('effort', effortRows);
      add('ktv', ktvRows);
      return {
        survey,
        invited,
        types,
        weighted: { effort: weighted(effortUnits, effortCut.regions), ktv: weighted(ktvUnits, ktvCut.regions) },
        rows: [...rows.values()].sort(readingOrder),
        freeText: freeTextOf(own),
      };
    });
  return { quarter, final: true, surveys, ktvDistribution };
}
