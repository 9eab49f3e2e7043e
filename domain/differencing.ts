/**
 * The attacker of the small-group tests: what a reader can work out by adding and subtracting
 * the totals shown to them. Independent of how domain/small-groups.ts decides (no breakdown, no
 * residues): linear algebra over the units themselves.
 *
 * Each shown figure is a sum over a set of units (answers, responses, invitations). A reader
 * knows the sum over a set S exactly when S's indicator is a linear combination of the shown
 * sets' indicators: any coefficients, so every difference of two periods, every total minus its
 * parts and every ±1 combination of overlapping cuts is among them. The reader is assumed to know
 * which combinations of cuts hold no units at all (the CSV of aanvragen may tell): units in no
 * shown set, or in exactly the same shown sets, are one "atom", and S is a union of atoms.
 */
import { isSmall } from './small-groups.ts';

const EPSILON = 1e-9;
/** Atoms per analysis: every subset is tried, 2^MAX_ATOMS of them. */
const MAX_ATOMS = 20;

/**
 * A set of units, derivable from the shown sets, that holds 1 to MIN_GROUP − 1 units of some kind
 * (`kinds(unit)`: per kind 1 or 0), or undefined when there is none.
 */
export function derivableSmallGroup(
  shown: readonly (readonly string[])[],
  kinds: (unit: string) => readonly number[],
): string[] | undefined {
  // Atoms: the units with the same membership of the shown sets.
  const membership = new Map<string, number[]>();
  shown.forEach((set, i) => {
    for (const unit of new Set(set)) {
      const list = membership.get(unit) ?? [];
      list.push(i);
      membership.set(unit, list);
    }
  });
  const atoms = new Map<string, string[]>();
  for (const [unit, sets] of membership) {
    const key = sets.join(',');
    atoms.set(key, [...(atoms.get(key) ?? []), unit]);
  }
  const atomUnits = [...atoms.values()];
  const a = atomUnits.length;
  if (a > MAX_ATOMS) throw new Error(`${a} atoms: too many to try every subset; split the analysis`);
  const atomOf = new Map<string, number>();
  atomUnits.forEach((units, j) => {
    for (const u of units) atomOf.set(u, j);
  });

  // The shown sets as rows over the atoms, brought to reduced row echelon form.
  const rows = shown.map((set) => {
    const row = new Array<number>(a).fill(0);
    for (const unit of set) row[atomOf.get(unit) as number] = 1;
    return row;
  });
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < a && r < rows.length; c++) {
    const p = rows.findIndex((row, i) => i >= r && Math.abs(row[c] as number) > EPSILON);
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p] as number[], rows[r] as number[]];
    const pivot = rows[r] as number[];
    const scale = pivot[c] as number;
    for (let k = 0; k < a; k++) pivot[k] = (pivot[k] as number) / scale;
    for (const [i, row] of rows.entries()) {
      if (i === r || Math.abs(row[c] as number) < EPSILON) continue;
      const f = row[c] as number;
      for (let k = 0; k < a; k++) row[k] = (row[k] as number) - f * (pivot[k] as number);
    }
    pivots.push(c);
    r++;
  }
  // The null space: one vector per free atom. S is derivable when its indicator is orthogonal to
  // each, i.e. when the null-space coordinates of its atoms add up to zero.
  const free = [...Array(a).keys()].filter((c) => !pivots.includes(c));
  const coordinate = (atom: number): number[] =>
    free.map((f) => {
      if (atom === f) return 1;
      const row = pivots.indexOf(atom);
      return row < 0 ? 0 : -(rows[row]?.[f] as number);
    });
  const coordinates = [...Array(a).keys()].map(coordinate);
  const weight = atomUnits.map((units) =>
    units.reduce<number[]>((sum, u) => {
      const w = kinds(u);
      return w.map((n, k) => n + (sum[k] ?? 0));
    }, []),
  );

  // Every non-empty subset of atoms, in Gray-code order: one atom in or out per step.
  const sum = new Array<number>(free.length).fill(0);
  let weights: number[] = [];
  let mask = 0;
  for (let step = 1; step < 2 ** a; step++) {
    const atom = Math.log2(step & -step);
    const sign = mask & (1 << atom) ? -1 : 1;
    mask ^= 1 << atom;
    for (const [k, x] of (coordinates[atom] as number[]).entries()) sum[k] = (sum[k] as number) + sign * x;
    const w = weight[atom] as number[];
    weights = w.map((n, k) => (weights[k] ?? 0) + sign * n);
    if (sum.every((x) => Math.abs(x) < EPSILON) && isSmall(weights)) {
      return atomUnits.filter((_, j) => mask & (1 << j)).flat();
    }
  }
  return undefined;
}
