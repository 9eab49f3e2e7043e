/**
 * Structured logs: one JSON object per line on stdout, so any log collector can read them.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogLine = Record<string, unknown> & { level?: Exclude<LogLevel, 'silent'>; msg: string };
export type Logger = (line: LogLine) => void;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger(level: LogLevel, write: (text: string) => void = (t) => process.stdout.write(t)): Logger {
  return (line) => {
    const lineLevel = line.level ?? 'info';
    if (RANK[lineLevel] < RANK[level]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), ...line, level: lineLevel })}\n`);
  };
}
