/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and lists the functions with the most self time, and
 * the long stretches in which the event loop answered nothing else (what a look-up beside a
 * batch waits for). Also usable on its own: node bench/profile.ts FILE.cpuprofile [N]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export type SelfTime = { name: string; where: string; ms: number; share: number };

const readProfile = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const whereOf = ({ url, lineNumber }: ProfileNode['callFrame']) => {
  const path = url.startsWith('file://') ? relative(process.cwd(), new URL(url).pathname) : url;
  return path ? `${path}:${lineNumber + 1}` : '';
};

export function topSelfTime(file: string, limit = 15): { totalMs: number; top: SelfTime[] } {
  const profile = readProfile(file);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { name: string; where: string; us: number }>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const { functionName } = node.callFrame;
    if (functionName === '(idle)') return;
    totalUs += us;
    const where = whereOf(node.callFrame);
    const key = `${functionName}@${where}`;
    const entry = selfUs.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    selfUs.set(key, entry);
  });
  const top = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((e) => ({ name: e.name, where: e.where, ms: e.us / 1000, share: e.us / Math.max(1, totalUs) }));
  return { totalMs: totalUs / 1000, top };
}

export function formatTop({ totalMs, top }: ReturnType<typeof topSelfTime>): string {
  const lines = [`  busy ${(totalMs / 1000).toFixed(1)} s (idle excluded); top self time:`];
  for (const t of top) {
    lines.push(`  ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}  ${t.where}`);
  }
  return lines.join('\n');
}

export type LongStretches = {
  /** Stretches of at least `minMs` in which the process was never idle, longest first (ms). */
  stretches: number[];
  /** Our own functions (not node_modules, not Node's) on the stack during those stretches: inclusive ms. */
  inside: SelfTime[];
};

/**
 * The stretches of at least `minMs` without an idle sample: the event loop ran one task after
 * another (or one long one) and a request that arrived then waited. Beside them, which of our
 * functions those stretches spent their time in (each counted once per sample it is on the stack).
 */
export function longStretches(file: string, minMs: number, limit = 15): LongStretches {
  const profile = readProfile(file);
  // Per node, once: its parent, and its frame when it is one of ours (not node_modules, not Node's).
  const parent = new Map<number, number>();
  const ours = new Map<number, { key: string; name: string; where: string }>();
  const idle = new Set<number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
    const { functionName } = node.callFrame;
    if (functionName === '(idle)') idle.add(node.id);
    const where = whereOf(node.callFrame);
    if (where && !where.includes('node_modules') && !where.startsWith('node:'))
      ours.set(node.id, { key: `${functionName}@${where}`, name: functionName || '(anonymous)', where });
  }
  const stretches: number[] = [];
  const inclusive = new Map<string, { name: string; where: string; us: number }>();
  let run: { id: number; us: number }[] = [];
  const close = () => {
    const runUs = run.reduce((sum, sample) => sum + sample.us, 0);
    if (runUs >= minMs * 1000) {
      stretches.push(runUs / 1000);
      for (const { id, us } of run) {
        // A recursive function counts once per sample.
        const seen = new Set<string>();
        for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
          const frame = ours.get(at);
          if (!frame || seen.has(frame.key)) continue;
          seen.add(frame.key);
          const entry = inclusive.get(frame.key) ?? { name: frame.name, where: frame.where, us: 0 };
          entry.us += us;
          inclusive.set(frame.key, entry);
        }
      }
    }
    run = [];
  };
  profile.samples.forEach((id, i) => {
    if (idle.has(id)) close();
    else run.push({ id, us: profile.timeDeltas[i] ?? 0 });
  });
  close();
  const total = stretches.reduce((a, b) => a + b, 0) * 1000;
  const inside = [...inclusive.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((e) => ({ name: e.name, where: e.where, ms: e.us / 1000, share: e.us / Math.max(1, total) }));
  return { stretches: stretches.sort((a, b) => b - a), inside };
}

export function formatStretches({ stretches, inside }: LongStretches, minMs: number): string {
  const sum = stretches.reduce((a, b) => a + b, 0);
  const lines = [
    `  ${stretches.length} stretches of ${minMs} ms or more without idle (${(sum / 1000).toFixed(1)} s);` +
      ` longest ${stretches
        .slice(0, 5)
        .map((ms) => ms.toFixed(0))
        .join(', ')} ms; in them (inclusive):`,
  ];
  for (const t of inside) {
    lines.push(`  ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}  ${t.where}`);
  }
  return lines.join('\n');
}

if (import.meta.main) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/profile.ts FILE.cpuprofile [N]');
    process.exit(2);
  }
  console.log(formatTop(topSelfTime(file, Number(n ?? 25))));
  console.log(formatStretches(longStretches(file, 20), 20));
}
