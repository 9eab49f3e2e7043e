/**
 * Satisfaction per applicant type (issue 16.4): private applicants and business ones, and, when a
 * combi asks for it, business applicants weighed by their volume. The seed's point: every response
 * counts once, and one eindmeting per 90 days per address, so a builder with 300 aanvragen says as
 * much as a household with one.
 *
 * - **Type.** An aanvraag whose `request_submitted` names a KvK number (applicant.kvk) has a
 *   business applicant ("zakelijk"), that KvK number tells business applicants apart; any other
 *   is private ("particulier").
 * - **Weighted (one definition).** Per survey, quarter and scale (moeite, cijfer): each business
 *   applicant's mean answer counts with weight w = its number of aanvragen in the organisation's
 *   scope submitted in the quarter, at least 1 (an applicant who answered counts). Business:
 *   Σ w·mean / Σ w. All applicants: (sum of the private answers + Σ w·mean) / (number of private
 *   answers + Σ w): a private answer keeps weight 1. The private figure does not change.
 *
 * Small groups (docs/decisions/0019-small-groups.md): the type cut lies across the fixed groups,
 * so it is judged against them. A reader can combine the shown groups of the survey's table
 * (exactly the residues of domain/small-groups.ts: each shown group minus its nearest shown groups
 * below, the "regions" here) with the type figures. With two types, what they can then derive
 * beyond the regions is the business (or private) units of all regions that hold both types,
 * together with any whole regions; so those two sums must each hold 0 or ≥ MIN_GROUP units of
 * every kind, or both types are hidden. A weighted figure adds, in the worst case (a reader who
 * knows every applicant's volume and number of answers), each applicant's units: it is shown only
 * when every region holds 0 or ≥ MIN_GROUP units of every kind of each business applicant and of
 * the private ones, so that everything derivable is a union of such pieces.
 * applicant-types.test.ts checks both against the attacker of domain/differencing.ts.
 */
import { isSmall } from './small-groups.ts';

export const APPLICANT_TYPES = ['particulier', 'zakelijk'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];

/** "Particulier", "Zakelijk". */
export const APPLICANT_TYPE_NAMES: Record<ApplicantType, string> = { particulier: 'Particulier', zakelijk: 'Zakelijk' };

export const applicantType = (kvk: string | undefined): ApplicantType => (kvk ? 'zakelijk' : 'particulier');

/** The aanvragen of each business applicant (by KvK) among `aanvragen`: those of the scope submitted in the quarter. */
export function businessVolumes(aanvragen: Iterable<{ kvk: string | undefined }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const { kvk } of aanvragen) if (kvk) out.set(kvk, (out.get(kvk) ?? 0) + 1);
  return out;
}

/** A unit of one kind of figure: the region it is shown in (null: in no shown group), its applicant, its counts per kind. */
export type RegionUnit = { region: string | null; kvk: string | undefined; counts: readonly number[] };

const add = (sum: number[], counts: readonly number[]) => {
  for (const [k, n] of counts.entries()) sum[k] = (sum[k] ?? 0) + n;
};

/** Whether the figures per type may be shown beside the fixed groups whose regions the units name. */
export function typeCutShown(units: readonly RegionUnit[]): boolean {
  if (units.length === 0) return true;
  // Nothing shown in the table (its whole hidden): nothing per type either.
  if (units.some((u) => u.region === null)) return false;
  const types = new Map<string, Set<ApplicantType>>();
  for (const u of units) {
    const seen = types.get(u.region as string) ?? new Set<ApplicantType>();
    seen.add(applicantType(u.kvk));
    types.set(u.region as string, seen);
  }
  const mixed: Record<ApplicantType, number[]> = { particulier: [], zakelijk: [] };
  for (const u of units) if (types.get(u.region as string)?.size === 2) add(mixed[applicantType(u.kvk)], u.counts);
  return !isSmall(mixed.particulier) && !isSmall(mixed.zakelijk);
}

/** Whether a weighted figure may be shown: every region holds 0 or ≥ MIN_GROUP of each applicant (the private ones as one). */
export function weightedShown(units: readonly RegionUnit[]): boolean {
  if (units.some((u) => u.region === null)) return false;
  const cells = new Map<string, number[]>();
  for (const u of units) {
    const key = `${u.region}|${u.kvk ?? ''}`;
    const sum = cells.get(key) ?? [];
    add(sum, u.counts);
    cells.set(key, sum);
  }
  return [...cells.values()].every((counts) => !isSmall(counts));
}

/** A weighted mean and what it weighs: the business applicants in it and the total weight. */
export type WeightedFigure = { average: number; applicants: number; weight: number };

/**
 * The weighted figures of one scale (the definition above) over its answers, or undefined for a
 * type without answers: `business` over the business applicants, `all` with the private answers.
 */
export function weightedFigures(
  answers: readonly { kvk: string | undefined; value: number }[],
  volumes: ReadonlyMap<string, number>,
): { business?: WeightedFigure; all?: WeightedFigure } {
  const perApplicant = new Map<string, { sum: number; n: number }>();
  let privateSum = 0;
  let privateN = 0;
  for (const { kvk, value } of answers) {
    if (!kvk) {
      privateSum += value;
      privateN++;
      continue;
    }
    const own = perApplicant.get(kvk) ?? { sum: 0, n: 0 };
    own.sum += value;
    own.n++;
    perApplicant.set(kvk, own);
  }
  let weighted = 0;
  let weight = 0;
  for (const [kvk, { sum, n }] of perApplicant) {
    const w = Math.max(1, volumes.get(kvk) ?? 0);
    weighted += (w * sum) / n;
    weight += w;
  }
  const applicants = perApplicant.size;
  return {
    ...(applicants > 0 && { business: { average: weighted / weight, applicants, weight } }),
    ...(applicants + privateN > 0 && {
      all: { average: (privateSum + weighted) / (privateN + weight), applicants, weight: privateN + weight },
    }),
  };
}
