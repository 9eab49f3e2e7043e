/**
 * The servers under test as child processes: a free loopback port each, output passed on to our
 * stderr with a prefix (stdout is kept for the results), ready once a health path answers, and
 * stopped on every way out of the bench: done, error, Ctrl-C.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { SERVER_NODE_FLAGS } from '../api/boot/node-flags.ts';

export type ServerProcess = {
  name: string;
  port: number;
  url: string;
  child: ChildProcess;
  /** Rejects when the process exits before stop() was called. */
  died: Promise<never>;
  /** User + system CPU time of the process so far, in seconds (Linux; NaN elsewhere). */
  cpuSeconds: () => number;
  /** Resident memory of the process now, in MB (Linux; NaN elsewhere). */
  residentMb: () => number;
  /** Seconds from spawning the process until readyPath first answered 200. */
  readyS: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop: (graceMs?: number) => Promise<void>;
};

const running = new Set<ChildProcess>();
let interrupted = false;

function killAll(signal: NodeJS.Signals): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}

process.once('exit', () => killAll('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping the servers\n`);
    killAll('SIGTERM');
    const started = performance.now();
    setInterval(() => {
      if (running.size === 0) process.exit(130);
      if (performance.now() - started > 3000) {
        killAll('SIGKILL');
        process.exit(130);
      }
    }, 50);
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    // Fields after the command name: utime and stime are the 12th and 13th (clock ticks, 100 per second).
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU time of a process and its children (e.g. a PostgreSQL server and its backends), in seconds (Linux). */
export function processTreeCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  let total = cpuSecondsOf(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      // The parent's id is the 2nd field after the command name.
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) total += cpuSecondsOf(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** What a load runs against: one server process, or a proxy in front of several with their database. */
export type LoadTarget = {
  name: string;
  port: number;
  died: Promise<never>;
  /** CPU time of everything that serves the requests (server processes, proxy, database), in seconds. */
  cpuSeconds: () => number;
};

function residentMbOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  } catch {
    return Number.NaN;
  }
}

export type StartOptions = {
  name: string;
  script: string;
  env: Record<string, string>;
  readyPath: string;
  nodeArgs?: string[];
  timeoutMs?: number;
  /** Sees every output line; returning true keeps the line out of our stderr (e.g. request logs). */
  onLine?: (line: string) => boolean;
};

/**
 * Starts `node [server flags] [nodeArgs] script` with PORT set to a free port; resolves once
 * readyPath answers 200. Every server of the bench, the bare ones too, runs with the flags the
 * server runs with in production (api/boot/node-flags.ts): its young generation is part of its
 * memory, and the ratios compare like with like.
 */
export async function startServerProcess({
  name,
  script,
  env,
  readyPath,
  nodeArgs = [],
  timeoutMs = 60_000,
  onLine,
}: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeArgs, script], {
    // No drain period: nothing routes to a benchmark's server, so its stop need not wait for a proxy.
    env: { ...process.env, DRAIN_SECONDS: '0', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (onLine?.(line)) return;
      tail.push(line);
      if (tail.length > 30) tail.shift();
      process.stderr.write(`  [${name}] ${line}\n`);
    });
  }
  let stopping = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  const died = exited.then((): Promise<never> => {
    // Stopped on purpose, or by the Ctrl-C that reached the whole process group: not a failure.
    if (stopping || interrupted) return new Promise<never>(() => {});
    throw new Error(`${name} exited unexpectedly (code ${child.exitCode}, signal ${child.signalCode}):\n${tail.join('\n')}`);
  });
  // Nobody may be waiting on it (yet): keep an unhandled rejection from ending the process.
  died.catch(() => {});

  const stop = async (graceMs = 15_000) => {
    if (stopping) return exited;
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) await died;
    try {
      const res = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - started > timeoutMs) {
      await stop(1000);
      throw new Error(`${name} did not answer ${readyPath} within ${timeoutMs / 1000} s:\n${tail.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const readyS = (performance.now() - spawnedAt) / 1000;
  return {
    name,
    port,
    url,
    child,
    died,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    residentMb: () => residentMbOf(child.pid),
    readyS,
    stop,
  };
}

/**
 * CPU shares, in cores, from now until the returned function is called: this client, the server,
 * everything else (other programs, and the kernel's share of loopback traffic), and disk wait.
 */
export function cpuMeter(server: Pick<LoadTarget, 'cpuSeconds'>) {
  const client = process.cpuUsage();
  const serverStart = server.cpuSeconds();
  const machine = machineCpuSeconds();
  const started = performance.now();
  return () => {
    const wall = (performance.now() - started) / 1000;
    const used = process.cpuUsage(client);
    const clientCpu = (used.user + used.system) / 1e6 / wall;
    const serverCpu = (server.cpuSeconds() - serverStart) / wall;
    const now = machineCpuSeconds();
    const otherCpu = Math.max(0, (now.busy - machine.busy) / wall - clientCpu - serverCpu);
    return { wall, clientCpu, serverCpu, otherCpu, iowait: (now.iowait - machine.iowait) / wall };
  };
}

/** CPU time of the whole machine so far (all cores), in seconds: busy, and idle waiting on the disk. NaN off Linux. */
function machineCpuSeconds(): { busy: number; iowait: number } {
  try {
    const line = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0] ?? '';
    // cpu  user nice system idle iowait irq softirq steal …
    const [user = 0, nice = 0, system = 0, , iowait = 0, irq = 0, softirq = 0, steal = 0] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return { busy: (user + nice + system + irq + softirq + steal) / 100, iowait: iowait / 100 };
  } catch {
    return { busy: Number.NaN, iowait: Number.NaN };
  }
}

/**
 * Server time per request, from the server's own request log (one JSON line per request with
 * `ms`), so queueing in the client does not count. Pass `onLine` to startServerProcess: it
 * swallows the request lines and keeps the times of 200 answers for paths that `counts`: with
 * `afterStart`, only from start() on (after a warm-up); otherwise from the first line.
 */
export function requestTimes(counts: (path: string) => boolean, { afterStart = false } = {}) {
  const times: number[] = [];
  let since = afterStart ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return {
    start: () => {
      since = Date.now();
    },
    onLine: (line: string): boolean => {
      if (!line.includes('"msg":"request"')) return false;
      const entry = JSON.parse(line) as { time: string; path: string; status: number; ms: number };
      if (counts(entry.path) && entry.status === 200 && Date.parse(entry.time) >= since) times.push(entry.ms);
      return true;
    },
    times,
  };
}
