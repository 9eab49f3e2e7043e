/**
 * What the dashboard's charts share: the series' colours and patterns, and number formats. The
 * charts are SVG rendered on the server (d3-scale for positions, d3-shape for lines); no script
 * reaches the browser. Colours have at least 3:1 contrast with white (WCAG 1.4.11) and never carry
 * meaning alone: each series also has its own pattern or marker, a legend in words, and the
 * table under every chart holds the same numbers.
 */

/** The width of every chart in SVG units; on a wide screen it is drawn at up to 40rem (dashboard.css). */
export const WIDTH = 520;

/** About how wide a letter of chart text is, in SVG units, at the largest font size (phones, dashboard.css). */
export const CHAR_WIDTH = 10;

/** Label every n-th category, so that labels `step` units apart do not overlap. */
export function labelEvery(labels: string[], step: number): number {
  const longest = Math.max(1, ...labels.map((l) => l.length));
  return Math.max(1, Math.ceil((longest * CHAR_WIDTH + 8) / step));
}

/** The height a chart label takes, in SVG units, at the largest font size (phones), with some air. */
export const LABEL_HEIGHT = 22;

/**
 * Labels at heights `ys` moved apart so that none overlaps another: in order of height, each at
 * least `gap` below the one above it, then pushed back up as a group where they run past `bottom`.
 * Labels far enough apart stay where they are. Returns the new heights in the order given.
 */
export function spreadLabels(ys: number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const placed = order.map((o) => o.y);
  for (let k = 0; k < placed.length; k++)
    placed[k] = Math.max(placed[k] as number, top, k ? (placed[k - 1] as number) + gap : top);
  for (let k = placed.length - 1; k >= 0; k--)
    placed[k] = Math.min(placed[k] as number, k === placed.length - 1 ? bottom : (placed[k + 1] as number) - gap);
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => {
    out[o.i] = placed[k] as number;
  });
  return out;
}

export type Pattern = 'solid' | 'stripes' | 'cross' | 'dots';

export type SeriesStyle = { colour: string; pattern: Pattern };

/** Blue, brown, red and grey, each ≥ 4.5:1 on white; distinct in the common colour blindnesses by pattern. */
export const STYLES: SeriesStyle[] = [
  { colour: '#0b5cad', pattern: 'solid' },
  { colour: '#8a5a00', pattern: 'stripes' },
  { colour: '#b3261e', pattern: 'cross' },
  { colour: '#5b6675', pattern: 'dots' },
];

/** The id of a series' pattern in the chart's <defs> (Patterns.astro). */
export const patternId = (chartId: string, style: SeriesStyle) => `${chartId}-${style.pattern}-${style.colour.slice(1)}`;

/** The fill of a series: its colour, or a pattern in its colour defined in the chart's <defs>. */
export function fill(chartId: string, style: SeriesStyle): string {
  return style.pattern === 'solid' ? style.colour : `url(#${patternId(chartId, style)})`;
}

const number = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 0 });

export const fmt = {
  number: (n: number) => number.format(n),
  whole: (n: number) => whole.format(n),
  percent: (n: number | null) => (n === null ? '–' : percent.format(n)),
};
