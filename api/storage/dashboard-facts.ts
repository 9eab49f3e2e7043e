/**
 * The dashboard's facts per aanvraag (RequestFacts, domain/dashboard-metrics.ts) as both databases
 * store them, in the table dashboard_facts: a compact JSON array per aanvraag, and the fingerprint
 * of what they were computed with. A server's first view reads these small facts instead of
 * folding every state again (docs/decisions/0013-dashboards.md).
 */
import { createHash } from 'node:crypto';
import { type Content, loadContent } from '../../domain/content.ts';
import type { Phase, StepId } from '../../domain/content-schema.ts';
import type { RequestFacts } from '../../domain/dashboard-metrics.ts';
import type { Blocker } from '../../domain/date-at-risk.ts';
import type { Discipline } from '../../domain/messages.ts';

/** Most aanvragen have no blocker: one shared empty list. */
const NO_BLOCKERS: Blocker[] = [];
/** Raise when requestFacts or the encoding below changes: every stored fact is then recomputed once. */
const FACTS_FORMAT = 3;

/**
 * RequestFacts as stored: an array in a fixed order, measures and open steps flattened, absent
 * values as null (about a fifth of the object's JSON).
 */
type EncodedFacts = [
  number: string,
  combi: string | null,
  disciplines: Discipline[],
  phase: Phase,
  submitted: number,
  cancelled: 0 | 1,
  delivered: number | null,
  leadDays: number | null,
  lastMessageAt: number | null,
  /** kept, moved, lapsed, otherDay, dayPart, pending (or null); null without a firm date. */
  firmDates: [number, number, number, number, number, number | null] | null,
  /** step, organisation, due, doneOn (or null), disciplines (bits), for each measure. */
  measures: (string | number | null)[],
  /** step, party, due, disciplines (bits), for each open step. */
  open: (string | number)[],
  kvk: string | null,
  firmStart: number | null,
  /** Absent when there is none (most aanvragen). */
  blockers?: Blocker[],
];

export function encodeFacts(f: RequestFacts): string {
  const encoded: EncodedFacts = [
    f.number,
    f.combi ?? null,
    f.disciplines,
    f.phase,
    f.submitted,
    f.cancelled ? 1 : 0,
    f.delivered ?? null,
    f.leadDays ?? null,
    f.lastMessageAt ?? null,
    f.firmDates
      ? [
          f.firmDates.kept,
          f.firmDates.moved,
          f.firmDates.lapsed,
          f.firmDates.otherDay,
          f.firmDates.dayPart,
          f.firmDates.pending ?? null,
        ]
      : null,
    f.measures.flatMap((m) => [m.step, m.organisation, m.due, m.doneOn ?? null, m.disciplines]),
    f.open.flatMap((o) => [o.step, o.party, o.due, o.disciplines]),
    f.kvk ?? null,
    f.firmStart ?? null,
  ];
  if (f.blockers.length > 0) encoded.push(f.blockers);
  return JSON.stringify(encoded);
}

/**
 * Decodes stored facts. Within one decoder, equal strings (codes, steps, measure keys) are one
 * string object, so the figures' map look-ups reuse each string's hash instead of computing it
 * anew; equal discipline lists and firm-date tallies (most aanvragen have one of a few) are one
 * object, a fifth of the memory of 100,000 facts.
 */
export function factsDecoder(): (text: string) => RequestFacts {
  const strings = new Map<string, string>();
  /** Measure keys by step, then organisation: no key string is built to find one. */
  const keys = new Map<string, Map<string, string>>();
  const disciplineLists = new Map<string, Discipline[]>();
  const tallies = new Map<string, NonNullable<RequestFacts['firmDates']>>();
  const s = <T extends string>(value: T): T => {
    const known = strings.get(value);
    if (known !== undefined) return known as T;
    strings.set(value, value);
    return value;
  };
  const keyOf = (step: string, organisation: string): string => {
    let byOrganisation = keys.get(step);
    if (byOrganisation === undefined) {
      byOrganisation = new Map();
      keys.set(step, byOrganisation);
    }
    let key = byOrganisation.get(organisation);
    if (key === undefined) {
      key = `${step}|${organisation}`;
      byOrganisation.set(organisation, key);
    }
    return key;
  };
  const shared = <T>(known: Map<string, T>, key: string, value: T): T => {
    const found = known.get(key);
    if (found !== undefined) return found;
    known.set(key, value);
    return value;
  };
  return (text) => {
    const [
      number,
      combi,
      disciplines,
      phase,
      submitted,
      cancelled,
      delivered,
      leadDays,
      lastMessageAt,
      firmDates,
      measures,
      open,
      kvk,
      firmStart,
      blockers,
    ] = JSON.parse(text) as EncodedFacts;
    const measured: RequestFacts['measures'] = [];
    const openSteps: RequestFacts['open'] = [];
    for (let i = 0; i < measures.length; i += 5) {
      const step = s(measures[i] as StepId);
      const organisation = s(measures[i + 1] as string);
      const doneOn = measures[i + 3] as number | null;
      measured.push({
        key: keyOf(step, organisation),
        step,
        organisation,
        due: measures[i + 2] as number,
        doneOn: doneOn ?? undefined,
        disciplines: measures[i + 4] as number,
      });
    }
    for (let i = 0; i < open.length; i += 4) {
      openSteps.push({
        step: s(open[i] as StepId),
        party: s(open[i + 1] as string),
        due: open[i + 2] as number,
        disciplines: open[i + 3] as number,
      });
    }
    // Every object built with the same properties in the same order: one shape for V8.
    const f: RequestFacts = {
      number,
      combi: combi === null ? undefined : s(combi),
      disciplines: shared(disciplineLists, disciplines.join(), disciplines),
      phase: s(phase),
      submitted,
      cancelled: cancelled === 1,
      delivered: delivered ?? undefined,
      leadDays: leadDays ?? undefined,
      lastMessageAt: lastMessageAt ?? undefined,
      // Copies of their own length: an array grown by push keeps room for 17, which for 100,000
      // facts was 15 MB more and a werklijst view about a tenth slower.
      measures: measured.slice(),
      open: openSteps.slice(),
      firmDates: firmDates
        ? shared(tallies, firmDates.join(), {
            kept: firmDates[0],
            moved: firmDates[1],
            lapsed: firmDates[2],
            otherDay: firmDates[3],
            dayPart: firmDates[4],
            pending: firmDates[5] ?? undefined,
          })
        : undefined,
      kvk: kvk ?? undefined,
      firmStart: firmStart ?? undefined,
      blockers: blockers ?? NO_BLOCKERS,
    };
    return f;
  };
}

/** What the facts are computed from besides the state: the content's phases and steps (norms, texts). */
function contentOfFacts(content: Content): string {
  return JSON.stringify({ phases: content.phases, steps: [...content.steps] });
}

/**
 * What stored facts must name to be current besides their row's version: this code's format and
 * the content they were computed with. Facts of other content (another release, edited norms) are
 * recomputed once.
 */
export function factsFingerprint(content: Content): string {
  return `${FACTS_FORMAT}.${createHash('sha256').update(contentOfFacts(content)).digest('hex').slice(0, 16)}`;
}

/** The content a store computes facts with, and its fingerprint. */
export type FactsSource = { content: Content; fingerprint: string };

/**
 * The source of a store's facts, worked out on first use: without `content` (scripts that open
 * the store bare) the norms are read from content/ then, and the fingerprint is hashed once.
 */
export function factsSource(content: Content | undefined): () => FactsSource {
  let source: FactsSource | undefined;
  return () => {
    if (source === undefined) {
      const used = content ?? loadContent();
      source = { content: used, fingerprint: factsFingerprint(used) };
    }
    return source;
  };
}
