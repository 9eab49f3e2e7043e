/**
 * How far the mail falls behind while ingestion runs at full rate (issue 12, "Mail keeps
 * flowing under load"): the age of the oldest pending mail in the outbox, sampled from the SQLite
 * file beside the server (read-only; WAL lets it read while the server writes).
 */
import Database from 'better-sqlite3';
import { percentile } from './load.ts';

/** The server's environment for mail through the fake providers, with `inFlight` batches at once when given. */
export function fakeProvidersEnv(providers: { resend: string; sms: string }, inFlight?: string): Record<string, string> {
  return {
    RESEND_API_KEY: 're_bench',
    RESEND_BASE_URL: providers.resend,
    SMS_API_URL: providers.sms,
    SMS_API_KEY: 'sms_bench',
    ...(inFlight && { MAIL_BATCHES_IN_FLIGHT: inFlight }),
  };
}

/**
 * Marks as sent the mails that earlier runs left pending: their servers had no mail provider, so
 * their mails stay in the outbox, and a worker that starts on that backlog measures the backlog.
 * A server that always had its provider has none. Returns how many rows it marked.
 */
export function markBacklogSent(file: string): number {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    return db
      .prepare(
        "update outbox set status = 'sent', sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), html = null, text = null where status = 'pending'",
      )
      .run().changes;
  } finally {
    db.close();
  }
}

export type MailLag = {
  /** Starts sampling (call when the measuring window starts). */
  start: () => void;
  /** Stops sampling; the ages are in seconds. */
  stop: () => { p99: number; max: number; samples: number; pendingAtEnd: number };
};

/** Samples every `everyMs` the age of the oldest pending mail created since `since`. */
export function mailLagSampler(file: string, since: Date, everyMs = 250): MailLag {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const oldest = db.prepare(
    "select min(created_at) as at, count(*) as n from outbox where status = 'pending' and created_at >= ?",
  );
  const from = since.toISOString();
  const ages: number[] = [];
  let timer: NodeJS.Timeout | undefined;
  const sample = () => {
    const row = oldest.get(from) as { at: string | null; n: number };
    ages.push(row.at ? (Date.now() - Date.parse(row.at)) / 1000 : 0);
    return row.n;
  };
  return {
    start: () => {
      timer = setInterval(sample, everyMs);
    },
    stop: () => {
      clearInterval(timer);
      const pendingAtEnd = sample();
      db.close();
      const sorted = Float64Array.from(ages).sort();
      return { p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN, samples: sorted.length, pendingAtEnd };
    },
  };
}
