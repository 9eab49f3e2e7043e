/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and lists the functions with the most self time.
 * Also usable on its own: node bench/profile.ts FILE.cpuprofile [N]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export type SelfTime = { name: string; where: string; ms: number; share: number };

export function topSelfTime(file: string, limit = 15): { totalMs: number; top: SelfTime[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { name: string; where: string; us: number }>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    totalUs += us;
    const path = url.startsWith('file://') ? relative(process.cwd(), new URL(url).pathname) : url;
    const where = path ? `${path}:${lineNumber + 1}` : '';
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

if (import.meta.main) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/profile.ts FILE.cpuprofile [N]');
    process.exit(2);
  }
  console.log(formatTop(topSelfTime(file, Number(n ?? 25))));
}
