/**
 * Long work in slices: on SQLite every read of an ingestion batch is answered at once, so without
 * a turn now and then a batch of 500 holds the event loop for all of its work and every look-up
 * waits (issue 12, "a batch does not stop the world"). What the work reads and writes stays the
 * same; only other requests run in between.
 */

/** How long work runs before it gives the other requests a turn. */
export const SLICE_MS = 4;

/** A function to call between steps of long work: it yields to the event loop once a slice has passed since the last turn. */
export function eventLoopTurns(sliceMs = SLICE_MS): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}
