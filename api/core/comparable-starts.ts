/**
 * The comparable aanvragen behind the track & trace page's expected window: the latest of the same
 * combi area and kind, those started and those still waiting (domain/expected-window.ts). Statistics
 * over hundreds of aanvragen move slowly, so each is read at most once per ten minutes per process.
 */
import { type ComparableAanvraag, startObservations } from '../../domain/expected-window.ts';
import type { Observation } from '../../domain/kaplan-meier.ts';

const FRESH_MS = 600_000;
/**
 * How many of the latest submitted aanvragen count. More than the 1000 deliveries counted before:
 * the latest submissions are young and mostly still waiting, and a sample that reaches back less
 * far than the slow ones take cannot see 9 in 10 start (docs/decisions/0037-window-calibration.md).
 */
export const COMPARABLE_SAMPLE = 5000;

/** The latest COMPARABLE_SAMPLE comparable aanvragen submitted before `at`, from storage (comparableAt). */
export type ComparableAt = (combi: string, kind: string, at: string) => Promise<ComparableAanvraag[]>;

export class ComparableStarts {
  readonly #read: ComparableAt;
  readonly #cache = new Map<string, { at: number; observations: Observation[] }>();

  constructor(read: ComparableAt) {
    this.#read = read;
  }

  /** As they stand now: started ones at their days to start, the others at their age. */
  async of(combi: string, kind: string, now = new Date()): Promise<Observation[]> {
    const key = `${combi}|${kind}`;
    const cached = this.#cache.get(key);
    if (cached && now.getTime() - cached.at < FRESH_MS) return cached.observations;
    const observations = startObservations(await this.#read(combi, kind, now.toISOString()), now);
    this.#cache.set(key, { at: now.getTime(), observations });
    return observations;
  }
}
