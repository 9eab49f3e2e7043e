/**
 * Ingestion work for the benchmark: messages of NEW demo aanvragen (generator indices after every
 * aanvraag in the database), prepared as ready-to-send POST /api/v1/berichten requests of a fixed
 * batch size. Each connection gets its own contiguous range of aanvragen and sends its batches in
 * order, so a batch never refers to an aanvraag whose request_submitted is still in flight.
 */
import { generateRequest } from '../demo/generator.ts';
import type { PreparedRequest, Response } from './load.ts';

/** Messages per aanvraag from the demo generator, on average (about 14.8). */
export const MESSAGES_PER_AANVRAAG = 14.75;

/**
 * New aanvragen enough for `rate` messages per second over `ms`: a run that sends them all
 * before its end ends early and says so.
 */
export function ingestionPool(ms: number, rate = 20_000): number {
  return Math.ceil((rate * ms) / 1000 / MESSAGES_PER_AANVRAAG);
}

export type IngestPlan = {
  /** Per connection, its batches in sending order. */
  queues: PreparedRequest[][];
  aanvragen: number;
  messages: number;
  batches: number;
};

export function planIngestion(options: {
  port: number;
  key: string;
  fromIndex: number;
  aanvragen: number;
  connections: number;
  batchSize: number;
  onProgress?: (done: number) => void;
}): IngestPlan {
  const { port, key, fromIndex, aanvragen, connections, batchSize, onProgress } = options;
  const now = new Date();
  const perConnection = Math.ceil(aanvragen / connections);
  const queues: PreparedRequest[][] = [];
  let messages = 0;
  let done = 0;
  for (let c = 0; c < connections; c++) {
    const queue: PreparedRequest[] = [];
    let batch: string[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      queue.push(post(port, key, batch));
      batch = [];
    };
    const first = fromIndex + c * perConnection;
    const last = Math.min(fromIndex + aanvragen, first + perConnection);
    for (let i = first; i < last; i++) {
      for (const m of generateRequest(i, now)) {
        batch.push(JSON.stringify(m.message));
        messages++;
        if (batch.length === batchSize) flush();
      }
      if (++done % 500 === 0) onProgress?.(done);
    }
    flush();
    queues.push(queue);
  }
  onProgress?.(aanvragen);
  return { queues, aanvragen, messages, batches: queues.reduce((s, q) => s + q.length, 0) };
}

function post(port: number, key: string, messages: string[]): PreparedRequest {
  const body = Buffer.from(`{"berichten":[${messages.join(',')}]}`);
  const head =
    `POST /api/v1/berichten HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${key}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  return { bytes: Buffer.concat([Buffer.from(head, 'latin1'), body]), units: messages.length };
}

/** A load's `next` and `onResponse` that send a plan's batches, each connection its own queue, and tally the answers. */
export function ingestionLoad(plan: IngestPlan): {
  next: (connection: number) => PreparedRequest | undefined;
  onResponse: (response: Response) => void;
  tally: IngestTally;
} {
  const queues = plan.queues.map((q) => q.values());
  const tally = newTally();
  return {
    next: (c) => queues[c]?.next().value,
    onResponse: (r) => tallyBatch(tally, r.status, r.body, r.units),
    tally,
  };
}

/** What the server answered per message, over all batches (warm-up included). */
export type IngestTally = {
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Batches answered with another status than 200/201, by status. */
  badStatuses: Map<number, number>;
  /** The first few refusals, to print. */
  samples: string[];
};

export function newTally(): IngestTally {
  return { accepted: 0, duplicates: 0, rejected: 0, badStatuses: new Map(), samples: [] };
}

type BatchResponse = {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: { id: string | null; status: number; result: string; errors?: unknown }[];
};

/** Adds one batch response to the tally. */
export function tallyBatch(tally: IngestTally, status: number, body: Buffer | undefined, batchSize: number): void {
  if (status !== 200 && status !== 201) tally.badStatuses.set(status, (tally.badStatuses.get(status) ?? 0) + 1);
  let parsed: BatchResponse | undefined;
  try {
    parsed = JSON.parse(body?.toString('utf8') ?? '') as BatchResponse;
  } catch {
    parsed = undefined;
  }
  if (!parsed || !Array.isArray(parsed.results)) {
    // A problem+json answer for the whole batch: every message in it counts as refused.
    tally.rejected += batchSize;
    if (tally.samples.length < 5) tally.samples.push(`HTTP ${status}: ${body?.toString('utf8').slice(0, 300) ?? ''}`);
    return;
  }
  tally.accepted += parsed.accepted;
  tally.duplicates += parsed.duplicates;
  tally.rejected += parsed.rejected;
  for (const r of parsed.results) {
    if (r.result !== 'rejected' || tally.samples.length >= 5) continue;
    tally.samples.push(`${r.id ?? '?'} → ${r.status} ${JSON.stringify(r.errors)}`);
  }
}
