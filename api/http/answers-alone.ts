/**
 * Hono's own router (SmartRouter over RegExpRouter and TrieRouter), with one change: when the
 * first handler a request matches is a route that answers alone, the handlers matched after it are
 * left out. Such a route never calls next(), so they would never run; but with more than one
 * handler Hono composes them into an async chain, and the answer reaches Node a microtask later.
 * With the route alone, Hono calls it directly and Node writes its answer in the same turn.
 *
 * The status look-up answers alone: it is registered before any middleware and carries its own
 * headers and log line (docs/decisions/0026-one-look-up-route.md). Measured on the real server,
 * 304 answers: about 2.7 µs of 25 µs less server CPU per request (docs/decisions/0049-the-look-up-answers-alone.md).
 */

import type { Result, Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { SmartRouter } from 'hono/router/smart-router';
import { TrieRouter } from 'hono/router/trie-router';

const alone = new WeakSet<object>();

/** Marks `handler` as a route that never calls next(): whatever it matches after it, it answers alone. */
export function answersAlone<H extends object>(handler: H): H {
  alone.add(handler);
  return handler;
}

/** Hono adds to its router, for each route, `T`: the handler and the route's record. */
export class AnswersAloneRouter<T extends [handler: unknown, route: unknown]> implements Router<T> {
  readonly #inner: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter<T>(), new TrieRouter<T>()] });
  /** The shortened list, per list the inner router returns (it keeps one list per route). */
  readonly #shortened = new WeakMap<object, unknown[]>();

  get name(): string {
    return `AnswersAlone + ${this.#inner.name}`;
  }

  add(method: string, path: string, handler: T): void {
    this.#inner.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    const result = this.#inner.match(method, path);
    const handlers = result[0] as unknown as [T, unknown][];
    const first = handlers[0];
    if (handlers.length < 2 || !first || !alone.has(first[0][0] as object)) return result;
    let shortened = this.#shortened.get(handlers);
    if (!shortened) {
      shortened = [first];
      this.#shortened.set(handlers, shortened);
    }
    return [shortened, result[1]] as unknown as Result<T>;
  }
}
