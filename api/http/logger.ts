/**
 * Structured logs: one JSON object per line on stdout, so any log collector can read them.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogLine = Record<string, unknown> & { level?: Exclude<LogLevel, 'silent'>; msg: string };
export type Logger = ((line: LogLine) => void) & {
  /** Whether a line of `level` would be dropped, so a caller on a hot path need not build it. */
  drops?: (level: Exclude<LogLevel, 'silent'>) => boolean;
};

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger(level: LogLevel, write: (text: string) => void = (t) => process.stdout.write(t)): Logger {
  const drops = (lineLevel: Exclude<LogLevel, 'silent'>) => RANK[lineLevel] < RANK[level];
  const log = (line: LogLine) => {
    const lineLevel = line.level ?? 'info';
    if (drops(lineLevel)) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), ...line, level: lineLevel })}\n`);
  };
  return Object.assign(log, { drops });
}
