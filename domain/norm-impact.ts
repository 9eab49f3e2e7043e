/**
 * The impact of a norm change before it goes live: the open steps of every aanvraag worked out
 * twice with the real rule (openSteps in next-step.ts), once with the norms the running portal
 * uses and once with the norms in content/ on disk, and the differences counted per organisation
 * that must act on the step (docs/decisions/0035-norm-impact.md). Pure: callers read the states.
 */
import type { Content } from './content.ts';
import { STEP_IDS, type StepId } from './content-schema.ts';
import { type OpenStep, type OrganisationLookup, openSteps } from './next-step.ts';
import type { RequestState } from './request-state.ts';

/** The working days per step, for the steps that have a norm. */
export type Norms = Partial<Record<StepId, number>>;

export function normsOf(content: Content): Norms {
  const norms: Norms = {};
  for (const [id, step] of content.steps) if (step.werkdagen !== undefined) norms[id] = step.werkdagen;
  return norms;
}

/** The content with other norms: the texts stay, only the working days differ (all a due date depends on). */
export function withNorms(content: Content, norms: Norms): Content {
  const steps = new Map(
    [...content.steps].map(([id, step]) => {
      const { werkdagen: _, ...rest } = step;
      const days = norms[id];
      return [id, days === undefined ? rest : { ...rest, werkdagen: days }] as const;
    }),
  );
  return { ...content, steps };
}

export type NormChange = { step: StepId; inUse: number | undefined; onDisk: number | undefined };

/** The steps whose norm differs, in process order. */
export function normChanges(inUse: Norms, onDisk: Norms): NormChange[] {
  return STEP_IDS.filter((id) => inUse[id] !== onDisk[id]).map((step) => ({ step, inUse: inUse[step], onDisk: onDisk[step] }));
}

/** One open step whose due date moves. */
export type MovedStep = {
  number: string;
  step: StepId;
  dueInUse: string | undefined;
  dueOnDisk: string | undefined;
  /** Not overdue today with the norms in use, overdue with those on disk. */
  newlyOverdue: boolean;
};

export type OrganisationImpact = {
  /** The organisation that must act on the steps ('' when a step names none). */
  organisation: string;
  name: string;
  /** Open steps of this organisation whose due date follows from a norm. */
  normSteps: number;
  earlier: number;
  later: number;
  /** Overdue today with the norms on disk and not with those in use. */
  newlyOverdue: number;
  /** Overdue now and no longer with the norms on disk. */
  noLongerOverdue: number;
  /** A few affected aanvragen: the newly overdue first, then by aanvraagnummer. */
  sample: MovedStep[];
};

export type NormImpact = {
  changes: NormChange[];
  /** Aanvragen read, and those with at least one moved due date. */
  aanvragen: number;
  affected: number;
  /** Organisations with at least one moved due date, the most newly overdue first. */
  organisations: OrganisationImpact[];
};

/** How a step is told apart within one aanvraag: the same candidate gives the same key under any norm. */
const stepKey = (s: OpenStep) => `${s.step}|${s.who.organisation ?? ''}|${s.workOrderIds.join(',')}`;

/** A running count: feed it states one at a time (a large database is read in chunks), then ask `result`. */
export function normImpactCounter(inUse: Content, onDisk: Content, organisations: OrganisationLookup, now: Date, sampleSize = 5) {
  const byOrganisation = new Map<string, OrganisationImpact & { moved: MovedStep[] }>();
  let aanvragen = 0;
  let affected = 0;
  const changes = normChanges(normsOf(inUse), normsOf(onDisk));
  const entry = (code: string) => {
    let e = byOrganisation.get(code);
    if (!e) {
      const name = organisations(code)?.name ?? (code || 'Geen organisatie');
      e = {
        organisation: code,
        name,
        normSteps: 0,
        earlier: 0,
        later: 0,
        newlyOverdue: 0,
        noLongerOverdue: 0,
        sample: [],
        moved: [],
      };
      byOrganisation.set(code, e);
    }
    return e;
  };
  return {
    add(state: RequestState): void {
      aanvragen++;
      if (changes.length === 0) return;
      const before = new Map(openSteps(state, inUse, organisations, now).map((s) => [stepKey(s), s]));
      let moved = false;
      for (const after of openSteps(state, onDisk, organisations, now)) {
        const old = before.get(stepKey(after));
        if (!old || (old.normWorkingDays === undefined && after.normWorkingDays === undefined)) continue;
        const e = entry(after.who.organisation ?? '');
        e.normSteps++;
        if (old.dueDate === after.dueDate) continue;
        moved = true;
        if (old.dueDate && after.dueDate) {
          if (after.dueDate < old.dueDate) e.earlier++;
          else e.later++;
        }
        const newlyOverdue = after.overdue && !old.overdue;
        if (newlyOverdue) e.newlyOverdue++;
        if (old.overdue && !after.overdue) e.noLongerOverdue++;
        e.moved.push({ number: state.number, step: after.step, dueInUse: old.dueDate, dueOnDisk: after.dueDate, newlyOverdue });
      }
      if (moved) affected++;
    },
    result(): NormImpact {
      const list = [...byOrganisation.values()]
        .filter((e) => e.moved.length > 0)
        .map(({ moved, ...e }) => ({
          ...e,
          sample: moved
            .sort((a, b) => Number(b.newlyOverdue) - Number(a.newlyOverdue) || a.number.localeCompare(b.number))
            .slice(0, sampleSize),
        }))
        .sort(
          (a, b) =>
            b.newlyOverdue - a.newlyOverdue || b.earlier + b.later - (a.earlier + a.later) || a.name.localeCompare(b.name),
        );
      return { changes, aanvragen, affected, organisations: list };
    },
  };
}
