/**
 * Small-group suppression for figures about what people answered (docs/decisions/0019-small-groups.md).
 *
 * Figures are shown only over a fixed breakdown: a group (a quarter's answers to one survey) splits
 * into parts (combi areas), which split into parts again (disciplines), and so on; every part
 * belongs to exactly one group above it. Nothing else is published, so every figure a reader sees
 * is the sum over one such group.
 *
 * Primary suppression hides a group with 1 to MIN_GROUP − 1 units (answers, responses or
 * invitations). That alone is not enough: a shown total minus its shown parts gives the hidden
 * ones together. For a breakdown like this the exact rule is known: from the shown groups a reader
 * can derive precisely the sums of the *residues*: a shown group minus its nearest shown groups
 * below it (and unions of residues), nothing finer. So secondary suppression makes every residue
 * hold 0 or at least MIN_GROUP units of each kind: where a residue is small, it hides the smallest
 * shown part that adds to it (the "complementary cell" of statistics offices), or, when no part
 * can, the group itself, whose residue then joins the one above. A hidden part is then never the
 * only hidden one of its total, and neither are the hidden ones together a small group.
 */

/** Aggregates over fewer units than this are not shown (privacy, and no false precision). */
export const MIN_GROUP = 5;

/**
 * A group of a fixed breakdown: how many units of each kind it holds (for instance answers, or
 * responses and invitations), and the groups it splits into, which together hold all its units.
 */
export type Group<G> = { counts: readonly number[]; parts: readonly G[] };

/** Whether some kind of unit has 1 to MIN_GROUP − 1 units here. */
export const isSmall = (counts: readonly number[]): boolean => counts.some((n) => n > 0 && n < MIN_GROUP);

/**
 * The groups to hide so that no group of 1 to MIN_GROUP − 1 units can be derived from the shown
 * ones by adding and subtracting them: the small groups themselves, and the complementary ones.
 */
export function hiddenGroups<G extends Group<G>>(root: G): Set<G> {
  const hidden = new Set<G>();
  const primary = (g: G) => {
    if (isSmall(g.counts)) hidden.add(g);
    for (const part of g.parts) primary(part);
  };
  primary(root);

  /** The nearest shown groups below `g`. */
  const frontier = (g: G): G[] => g.parts.flatMap((p) => (hidden.has(p) ? frontier(p) : [p]));
  /** What `g` holds beyond its nearest shown groups below: all a reader can derive about it that they do not show. */
  const residue = (g: G): number[] => {
    const out = [...g.counts];
    for (const below of frontier(g)) for (const [k, n] of below.counts.entries()) out[k] = (out[k] as number) - n;
    return out;
  };
  const total = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);

  // Parts before the group they make up: a part's residue is settled (0 or ≥ MIN_GROUP) before
  // the group above may hide it and take that residue into its own.
  const settle = (g: G) => {
    for (const part of g.parts) settle(part);
    while (!hidden.has(g)) {
      const rest = residue(g);
      const short = rest.flatMap((n, k) => (n > 0 && n < MIN_GROUP ? [k] : []));
      if (short.length === 0) return;
      // A part helps when it holds units of a kind that is short; hiding one whose own residue
      // has them fixes it at once, hiding one without opens up its parts for the next round.
      const helps = frontier(g).filter((p) => short.some((k) => (p.counts[k] as number) > 0));
      if (helps.length === 0) {
        hidden.add(g);
        return;
      }
      const direct = helps.filter((p) => residue(p).some((n, k) => n > 0 && short.includes(k)));
      const choice = (direct.length ? direct : helps).reduce((best, p) => (total(p.counts) < total(best.counts) ? p : best));
      hidden.add(choice);
    }
  };
  settle(root);
  return hidden;
}
