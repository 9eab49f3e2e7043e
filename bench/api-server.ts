/**
 * The real server (api/main.ts) as the benchmark starts it: on a SQLite file (its pages read
 * into the OS page cache first, as on a server that has been running a while) or on PostgreSQL
 * (DATABASE_URL, with the one SECRET_KEY every process of a fleet shares).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { warmPageCache } from './database.ts';
import { type ServerProcess, startServerProcess } from './processes.ts';

const ROOT = join(import.meta.dirname, '..');

/** Where the server keeps its data: a SQLite file, or a PostgreSQL database. */
export type Where = { file: string } | { url: string };

/** One key for every PostgreSQL server process of this run. */
const SECRET_KEY = randomBytes(32).toString('base64');

export type ApiServerOptions = {
  name: string;
  where: Where;
  /** Serve the built site (dist/) too: the track & trace page and the staff pages. */
  site?: boolean;
  logLevel?: 'warn' | 'info';
  nodeArgs?: string[];
  onLine?: (line: string) => boolean;
  /** Progress lines (the page-cache warming). */
  log?: (line: string) => void;
  /** More environment (e.g. a mail provider). */
  env?: Record<string, string>;
  /** Another checkout's server entry (api/main.ts, or api/server.ts before it), to measure its code on the same data (bench/mail-only.ts). */
  script?: string;
};

export function startApiServer({
  name,
  where,
  site = false,
  logLevel = 'warn',
  nodeArgs,
  onLine,
  log,
  env = {},
  script = join(ROOT, 'api', 'main.ts'),
}: ApiServerOptions): Promise<ServerProcess> {
  if ('file' in where) {
    const warm = warmPageCache(where.file);
    log?.(`\nWarmed the page cache for ${where.file}: ${warm.how}, ${Math.round(warm.mb)} MB in ${warm.seconds.toFixed(1)} s`);
  }
  return startServerProcess({
    name,
    script,
    readyPath: '/readyz',
    env: {
      ...('file' in where ? { DATABASE_FILE: where.file } : { DATABASE_URL: where.url, SECRET_KEY }),
      LOG_LEVEL: logLevel,
      SITE_DIR: site ? join(ROOT, 'dist') : join(ROOT, 'data', 'bench-no-site'),
      ...env,
    },
    nodeArgs,
    onLine,
  });
}
