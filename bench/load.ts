/**
 * A light load generator for a 2-core machine: keep-alive HTTP/1.1 over raw loopback sockets,
 * one request in flight per connection, a warm-up, then a fixed measuring window. Requests are
 * prepared as bytes by the caller; responses are parsed just enough to know where they end
 * (Content-Length or chunked), so the client stays far cheaper than the server it measures.
 */
import { connect, type Socket } from 'node:net';

/** One prepared request; `units` is what it counts for (1 request, or the messages in a batch). */
export type PreparedRequest = { bytes: Buffer; units?: number };

export type Response = { status: number; body: Buffer | undefined; units: number; ms: number; measured: boolean };

export type LoadOptions = {
  port: number;
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** The next request for this connection, or undefined when it has no more work. */
  next: (connection: number) => PreparedRequest | undefined;
  /** Keep response bodies (for checks in onResponse); off for plain throughput runs. */
  keepBody?: boolean;
  onResponse?: (response: Response) => void;
  /** Called about once a second with seconds elapsed and responses so far. */
  onTick?: (elapsedS: number, responses: number) => void;
  /** How long requests still in flight at the end may take before their sockets are destroyed. */
  drainTimeoutMs?: number;
  /** A status that counts as a success beside 2xx (304 for conditional requests). */
  alsoOk?: number;
};

export type LoadResult = {
  /** Responses with a 2xx status (or `alsoOk`) that completed inside the measuring window. */
  ok: number;
  /** Units (messages, requests) of those responses. */
  units: number;
  /** Responses with another status inside the window, by status. */
  failed: Map<number, number>;
  /** Socket errors and connections cut off mid-response (whole run). */
  socketErrors: number;
  /** Length of the measuring window in seconds (shorter when the work ran out). */
  seconds: number;
  perSecond: number;
  unitsPerSecond: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
};

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');

type Parsed = { status: number; body: Buffer | undefined; rest: Buffer; close: boolean } | undefined;

/** Parses one complete response from `buf`, or returns undefined when more bytes are needed. */
function parseResponse(buf: Buffer, keepBody: boolean): Parsed {
  const headerEnd = buf.indexOf(HEADER_END);
  if (headerEnd < 0) return undefined;
  const head = buf.toString('latin1', 0, headerEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const close = /\r\nconnection: *close/.test(head);
  const bodyStart = headerEnd + 4;
  const lengthAt = head.indexOf('\r\ncontent-length:');
  if (lengthAt >= 0) {
    const lineEnd = head.indexOf('\r\n', lengthAt + 2);
    const length = Number(head.slice(lengthAt + 17, lineEnd < 0 ? undefined : lineEnd).trim());
    if (buf.length < bodyStart + length) return undefined;
    const body = keepBody ? buf.subarray(bodyStart, bodyStart + length) : undefined;
    return { status, body, rest: buf.subarray(bodyStart + length), close };
  }
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) {
    const chunks: Buffer[] = [];
    let at = bodyStart;
    for (;;) {
      const sizeEnd = buf.indexOf(CRLF, at);
      if (sizeEnd < 0) return undefined;
      const size = Number.parseInt(buf.toString('latin1', at, sizeEnd), 16);
      if (Number.isNaN(size)) throw new Error('malformed chunked response');
      if (size === 0) {
        // No trailers are ever sent here: the body ends with an empty line.
        if (buf.length < sizeEnd + 4) return undefined;
        return { status, body: keepBody ? Buffer.concat(chunks) : undefined, rest: buf.subarray(sizeEnd + 4), close };
      }
      if (buf.length < sizeEnd + 2 + size + 2) return undefined;
      if (keepBody) chunks.push(buf.subarray(sizeEnd + 2, sizeEnd + 2 + size));
      at = sizeEnd + 2 + size + 2;
    }
  }
  // No length and not chunked: only bodiless responses are expected here.
  return { status, body: keepBody ? Buffer.alloc(0) : undefined, rest: buf.subarray(bodyStart), close };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { port, connections, warmupMs, durationMs, next, onResponse, onTick } = options;
  const keepBody = options.keepBody ?? onResponse !== undefined;
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const deadline = measureFrom + durationMs;
  let latencies = new Float64Array(1 << 16);
  let measured = 0;
  let units = 0;
  let responses = 0;
  let socketErrors = 0;
  let lastDone = start;
  const failed = new Map<number, number>();
  const sockets = new Set<Socket>();

  const record = (ms: number) => {
    if (measured === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[measured++] = ms;
  };

  return new Promise<LoadResult>((resolve, reject) => {
    /** Connections that still have work (a socket open or a reconnect pending). */
    let active = 0;
    let finished = false;
    const ticker = setInterval(() => onTick?.((performance.now() - start) / 1000, responses), 1000);
    let drainTimer: NodeJS.Timeout | undefined;
    const deadlineTimer = setTimeout(() => {
      // Past the deadline no new requests start; those in flight get drainTimeoutMs to finish.
      drainTimer = setTimeout(finish, drainTimeoutMs);
    }, deadline - start);

    function stop() {
      finished = true;
      clearInterval(ticker);
      clearTimeout(deadlineTimer);
      clearTimeout(drainTimer);
      for (const s of sockets) s.destroy();
    }

    function finish() {
      if (finished) return;
      stop();
      const end = Math.min(deadline, Math.max(lastDone, measureFrom));
      const seconds = Math.max(0.001, (end - measureFrom) / 1000);
      const sorted = latencies.subarray(0, measured).sort();
      let sum = 0;
      for (const v of sorted) sum += v;
      resolve({
        ok: measured,
        units,
        failed,
        socketErrors,
        seconds,
        perSecond: measured / seconds,
        unitsPerSecond: units / seconds,
        p50: percentile(sorted, 0.5),
        p99: percentile(sorted, 0.99),
        mean: measured ? sum / measured : Number.NaN,
        max: measured ? (sorted[measured - 1] as number) : Number.NaN,
      });
    }

    const done = () => {
      active--;
      if (active === 0) finish();
    };

    /** Opens a socket for connection `id`; `carry` is a request cut off on a previous socket. */
    const openSocket = (id: number, carry: PreparedRequest | undefined) => {
      let current = carry ?? next(id);
      if (!current) return done();
      const socket = connect({ host: '127.0.0.1', port, noDelay: true });
      sockets.add(socket);
      let pending: Buffer | undefined;
      let sentAt = 0;
      let serverCloses = false;

      const send = (req: PreparedRequest) => {
        current = req;
        sentAt = performance.now();
        socket.write(req.bytes);
      };
      socket.once('connect', () => {
        if (current) send(current);
      });
      socket.on('data', (chunk: Buffer) => {
        let buf = pending ? Buffer.concat([pending, chunk]) : chunk;
        pending = undefined;
        while (buf.length > 0) {
          let parsed: Parsed;
          try {
            parsed = parseResponse(buf, keepBody);
          } catch (error) {
            socket.destroy(error as Error);
            return;
          }
          if (!parsed) {
            pending = buf;
            return;
          }
          const now = performance.now();
          const ms = now - sentAt;
          const inWindow = now >= measureFrom && now <= deadline;
          const requestUnits = current?.units ?? 1;
          responses++;
          if (inWindow) {
            lastDone = now;
            if ((parsed.status >= 200 && parsed.status < 300) || parsed.status === options.alsoOk) {
              record(ms);
              units += requestUnits;
            } else {
              failed.set(parsed.status, (failed.get(parsed.status) ?? 0) + 1);
            }
          }
          current = undefined;
          try {
            onResponse?.({ status: parsed.status, body: parsed.body, units: requestUnits, ms, measured: inWindow });
          } catch (error) {
            stop();
            reject(error);
            return;
          }
          buf = parsed.rest;
          if (parsed.close) {
            serverCloses = true;
            return;
          }
          const req = now < deadline ? next(id) : undefined;
          if (!req) {
            socket.end();
            return;
          }
          send(req);
        }
      });
      socket.on('error', () => {
        // Counted on close, where the request cut off (if any) is known.
      });
      socket.on('close', () => {
        sockets.delete(socket);
        if (finished) return;
        const cutOff = current;
        if (cutOff) socketErrors++;
        if ((cutOff || serverCloses) && performance.now() < deadline) {
          // Carry on with a new socket, sending the cut-off request again (ingestion is idempotent).
          setTimeout(() => openSocket(id, cutOff), cutOff ? 50 : 0);
          return;
        }
        done();
      });
    };

    active = connections;
    for (let i = 0; i < connections; i++) openSocket(i, undefined);
  });
}
