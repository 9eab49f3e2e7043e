/**
 * Sends answers to the surveys API, one request at a time and in order, retrying after network
 * failures and server errors with growing pauses. Every request is an idempotent PUT keyed by the
 * response id and the question id, so a retry of a request that did arrive changes nothing.
 * Free of the DOM: the tests run it in Node against a real server behind a failing proxy.
 */
export type SendOptions = {
  /** The surveys API, ending in a slash: …/api/v1/enquetes/ */
  api: string;
  fetch?: typeof fetch;
  /** Pause before retry n (1, 2, …); the tests make it short. */
  pause?: (attempt: number) => number;
  retries?: number;
  /** A request that will not succeed: refused (4xx) or still failing after the last retry. */
  onFail?: (status: number) => void;
};

type Job = { path: string; body: unknown };

export function sender({
  api,
  fetch: doFetch = (...args) => fetch(...args),
  pause = (n) => Math.min(30_000, 500 * 2 ** n),
  retries = 6,
  onFail,
}: SendOptions) {
  const queue: Job[] = [];
  let running: Promise<void> | undefined;

  async function attempt(job: Job): Promise<number> {
    try {
      const res = await doFetch(api + job.path, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(job.body),
        credentials: 'omit',
      });
      return res.status;
    } catch {
      return 0; // no answer: offline, or the connection broke after the server got the request
    }
  }

  async function run(): Promise<void> {
    while (queue.length) {
      const job = queue[0] as Job;
      for (let n = 0; ; n++) {
        const status = await attempt(job);
        const retry = status === 0 || status === 408 || status === 429 || status >= 500;
        if (!retry) {
          // 409: this trigger already has its response (answered before); nothing to repeat.
          if (status >= 400 && status !== 409) onFail?.(status);
          break;
        }
        if (n >= retries) {
          onFail?.(status);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, pause(n + 1)));
      }
      queue.shift();
    }
    running = undefined;
  }

  return {
    /** Queues a PUT; a waiting one to the same path is replaced (the latest answer counts). */
    put(path: string, body: unknown): Promise<void> {
      const waiting = queue.findIndex((j, i) => j.path === path && (i > 0 || !running));
      if (waiting >= 0) queue[waiting] = { path, body };
      else queue.push({ path, body });
      running ??= run();
      return running;
    },
    /** Resolves when everything queued has been sent (or given up). */
    idle: (): Promise<void> => running ?? Promise.resolve(),
  };
}
