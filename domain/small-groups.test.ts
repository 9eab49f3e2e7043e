import { describe, expect, it } from 'vitest';
import { derivableSmallGroup } from './differencing.ts';
import { type Group, hiddenGroups, isSmall, MIN_GROUP } from './small-groups.ts';

/** A test breakdown: a name, its own units (leaves only), its parts. */
interface Tree extends Group<Tree> {
  name: string;
  units: string[];
  counts: number[];
  parts: Tree[];
}

/** A group over units; `kind(unit)` gives the unit's count per kind (1 or 0). */
function tree(name: string, partsOrUnits: Tree[] | string[], kind: (u: string) => number[] = () => [1]): Tree {
  const parts = typeof partsOrUnits[0] === 'string' || partsOrUnits.length === 0 ? [] : (partsOrUnits as Tree[]);
  const units = parts.length ? parts.flatMap((p) => p.units) : (partsOrUnits as string[]);
  const counts = units.reduce<number[]>((sum, u) => kind(u).map((n, k) => n + (sum[k] ?? 0)), []);
  return { name, units, counts, parts };
}
const unitsOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const all = (t: Tree): Tree[] => [t, ...t.parts.flatMap(all)];
const shownSets = (root: Tree, hidden: Set<Tree>) => all(root).filter((g) => !hidden.has(g) && g.units.length > 0);
const leak = (root: Tree, hidden: Set<Tree>, kind: (u: string) => number[] = () => [1]) =>
  derivableSmallGroup(
    shownSets(root, hidden).map((g) => g.units),
    kind,
  );

/** A small deterministic random source (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the attacker of these tests', () => {
  it('finds the finding: the total (10 answers) minus elektra (6) gives the water group (4)', () => {
    const elektra = unitsOf('e', 6);
    const water = unitsOf('w', 4);
    expect(derivableSmallGroup([[...elektra, ...water], elektra], () => [1])?.sort()).toEqual(water.sort());
  });

  it('finds the day-range attack: two periods one day apart differ by one answer', () => {
    const untilOctober4 = unitsOf('a', 9);
    expect(derivableSmallGroup([untilOctober4, [...untilOctober4, 'october-5']], () => [1])).toEqual(['october-5']);
  });

  it('finds what two overlapping cuts give away together, and nothing where nothing is derivable', () => {
    // Per combi and per discipline beside each other: elektra minus combi 3 (all elektra) is combi 1.
    const c1e = unitsOf('1e', 3);
    const c2w = unitsOf('2w', 3);
    const c3e = unitsOf('3e', 7);
    const c4w = unitsOf('4w', 5);
    const shown = [[...c1e, ...c2w, ...c3e, ...c4w], c3e, c4w, [...c1e, ...c3e], [...c2w, ...c4w]];
    expect(derivableSmallGroup(shown, () => [1])?.sort()).toEqual(c1e.sort());
    expect(derivableSmallGroup([[...c1e, ...c2w, ...c3e]], () => [1])).toBeUndefined();
  });
});

describe('small-group suppression', () => {
  it('hides the small group and a complementary one, so the total minus the rest gives nothing', () => {
    const root = tree('totaal', [tree('elektra', unitsOf('e', 6)), tree('water', unitsOf('w', 4))]);
    expect(leak(root, new Set())).toBeDefined();
    const hidden = hiddenGroups(root);
    expect([...hidden].map((g) => g.name).sort()).toEqual(['elektra', 'water']);
    expect(leak(root, hidden)).toBeUndefined();
  });

  it('hides more when the hidden ones together are still fewer than five', () => {
    const root = tree('totaal', [tree('a', unitsOf('a', 2)), tree('b', unitsOf('b', 2)), tree('c', unitsOf('c', 8))]);
    const hidden = hiddenGroups(root);
    expect([...hidden].map((g) => g.name).sort()).toEqual(['a', 'b', 'c']);
    expect(leak(root, hidden)).toBeUndefined();
  });

  it('takes the smallest complementary group, and leaves a group of five or more alone', () => {
    const root = tree('totaal', [
      tree('a', unitsOf('a', 3)),
      tree('b', unitsOf('b', 9)),
      tree('c', unitsOf('c', 6)),
      tree('d', unitsOf('d', 20)),
    ]);
    expect([...hiddenGroups(root)].map((g) => g.name).sort()).toEqual(['a', 'c']);
    expect(hiddenGroups(tree('totaal', [tree('a', unitsOf('a', 5)), tree('b', unitsOf('b', 7))])).size).toBe(0);
  });

  it('looks through the levels: a hidden combi whose disciplines are shown gives nothing away', () => {
    // Combi A: 3 answers (hidden); combi B: 12, of which water 4 (hidden) and elektra 8.
    const a = tree('A', [tree('A-elektra', unitsOf('ae', 3))]);
    const b = tree('B', [tree('B-water', unitsOf('bw', 4)), tree('B-elektra', unitsOf('be', 8))]);
    const root = tree('totaal', [a, b]);
    const hidden = hiddenGroups(root);
    expect(leak(root, hidden)).toBeUndefined();
    for (const g of all(root)) {
      if (hidden.has(g) || g.parts.length === 0) continue;
      // Within every shown total, a hidden part never stands alone.
      const hiddenParts = g.parts.filter((p) => hidden.has(p));
      expect(hiddenParts.length === 0 || hiddenParts.length >= 2, g.name).toBe(true);
    }
  });

  it('keeps responses and invitations of a group together, and neither may be small', () => {
    // Units are invitations; the first kind counts those answered. 8 invitations, 3 answered:
    // hidden, and the response rate of what is left must not give the 3 away.
    const answered = new Set(['x0', 'x1', 'x2', 'y0', 'y1', 'y2', 'y3', 'y4', 'y5', 'z0', 'z1', 'z2', 'z3', 'z4']);
    const kind = (u: string) => [answered.has(u) ? 1 : 0, 1];
    const root = tree(
      'totaal',
      [tree('x', unitsOf('x', 8), kind), tree('y', unitsOf('y', 10), kind), tree('z', unitsOf('z', 12), kind)],
      kind,
    );
    expect(root.counts).toEqual([14, 30]);
    const hidden = hiddenGroups(root);
    expect([...hidden].map((g) => g.name).sort()).toEqual(['x', 'y']);
    expect(leak(root, hidden, kind)).toBeUndefined();
    expect(isSmall([0, 7])).toBe(false);
    expect(isSmall([3, 30])).toBe(true);
  });

  it('leaves nothing under five derivable in 2,000 random breakdowns, where primary suppression alone often does', () => {
    const rnd = random(20261206);
    let leaksWithoutSecondary = 0;
    for (let n = 0; n < 2000; n++) {
      const twoKinds = rnd() < 0.3;
      const answered = new Set<string>();
      const kind = twoKinds ? (u: string) => [answered.has(u) ? 1 : 0, 1] : () => [1];
      let serial = 0;
      const leaf = (name: string): Tree => {
        const size = rnd() < 0.5 ? Math.floor(rnd() * MIN_GROUP) : Math.floor(rnd() * 15);
        const units = unitsOf(`${name}.${serial++}.`, size);
        for (const u of units) if (rnd() < 0.5) answered.add(u);
        return tree(name, units, kind);
      };
      const group = (name: string, depth: number): Tree => {
        if (depth === 0 || rnd() < 0.25) return leaf(name);
        const parts = Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, i) => group(`${name}/${i}`, depth - 1));
        return tree(name, parts, kind);
      };
      const root = group('r', 1 + Math.floor(rnd() * 3));
      if (all(root).filter((g) => g.parts.length === 0).length > 14) continue;
      const found = leak(root, hiddenGroups(root), kind);
      expect(found, `breakdown ${n}: ${JSON.stringify(found)}`).toBeUndefined();
      const primaryOnly = new Set(all(root).filter((g) => isSmall(g.counts)));
      if (leak(root, primaryOnly, kind)) leaksWithoutSecondary++;
    }
    expect(leaksWithoutSecondary).toBeGreaterThan(100);
  });
});
