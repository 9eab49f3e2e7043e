/**
 * Lead times (submission to delivery, in days) of the latest delivered aanvragen of a combi area
 * and kind, which the process site and the status show as "usually takes". Statistics over
 * hundreds of aanvragen move slowly, so each is read at most once per ten minutes per process.
 */
import { leadTimeDays } from '../../domain/expected-window.ts';

const FRESH_MS = 600_000;
/** How many of the latest deliveries count. */
export const LEAD_TIME_SAMPLE = 1000;

/** Later than any delivery: the page reads the latest deliveries of all. */
export const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/** The submission and delivery of the latest LEAD_TIME_SAMPLE delivered aanvragen, from storage. */
export type LatestDeliveries = (combi: string, kind: string) => Promise<{ submittedAt: string; deliveredAt: string }[]>;

export class LeadTimes {
  readonly #read: LatestDeliveries;
  readonly #cache = new Map<string, { at: number; days: number[] }>();

  constructor(read: LatestDeliveries) {
    this.#read = read;
  }

  async of(combi: string, kind: string): Promise<number[]> {
    const key = `${combi}|${kind}`;
    const cached = this.#cache.get(key);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.days;
    const days = (await this.#read(combi, kind)).map((r) => leadTimeDays(r.submittedAt, r.deliveredAt));
    this.#cache.set(key, { at: Date.now(), days });
    return days;
  }
}
