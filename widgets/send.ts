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

type Job = { path: string; body: unknown; done?: ((res: Response) => unknown) | undefined };

/** One PUT of JSON, without cookies; undefined when no answer came (offline, or the connection broke). */
export const putJson = (url: string, body: unknown, doFetch: typeof fetch = fetch): Promise<Response | undefined> =>
  doFetch(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'omit',
  }).catch(() => undefined);

export function sender({
  api,
  fetch: doFetch = (...args) => fetch(...args),
  pause = (n) => Math.min(30_000, 500 * 2 ** n),
  retries = 6,
  onFail,
}: SendOptions) {
  const queue: Job[] = [];
  let running: Promise<void> | undefined;

  async function run(): Promise<void> {
    while (queue.length) {
      const job = queue[0] as Job;
      for (let n = 0; ; n++) {
        const res = await putJson(api + job.path, job.body, doFetch);
        // 0: no answer, offline or the connection broke after the server got the request.
        const status = res?.status ?? 0;
        if ((status && status !== 408 && status !== 429 && status < 500) || n >= retries) {
          // Refused (409: answered before, 403: the pop-up's token ran out), or still failing
          // after the last retry: the customer is told, never thanked.
          if (!status || status >= 400) onFail?.(status);
          else if (status < 300) job.done?.(res as Response);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, pause(n + 1)));
      }
      queue.shift();
    }
    running = undefined;
  }

  return {
    /**
     * Queues a PUT; a waiting one to the same path is replaced (the latest answer counts). `done`
     * gets the answer when it succeeded (2xx).
     */
    put(path: string, body: unknown, done?: (res: Response) => unknown): Promise<void> {
      const waiting = queue.findIndex((j, i) => j.path === path && (i > 0 || !running));
      if (waiting >= 0) queue[waiting] = { path, body, done };
      else queue.push({ path, body, done });
      running ??= run();
      return running;
    },
    /** Resolves when everything queued has been sent (or given up). */
    idle: (): Promise<void> => running ?? Promise.resolve(),
  };
}
