/**
 * Turns of the event loop for long work done in slices: a large batch's parts (./ingest.ts) and the
 * checking of its messages (api/routes/berichten.ts). Between two slices other requests are read
 * and answered (decision 0048). With `setImmediate` alone, every slice waiting for a turn ran in
 * the same pass of the loop (two batches' parts back to back, and a third batch's check), and a
 * look-up waited for all of them. Here one slice runs per pass, in the order they asked, so a
 * look-up waits for one slice at most.
 */

const waiting: (() => void)[] = [];
let passScheduled = false;

/** Resolves in a later pass of the event loop than this one, after the slices that asked before. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!passScheduled) {
      passScheduled = true;
      setImmediate(giveOneTurn);
    }
  });
}

function giveOneTurn(): void {
  // The slice continues in this callback's microtasks; an immediate set from here runs in the
  // next pass, after the loop has read what the sockets brought.
  waiting.shift()?.();
  if (waiting.length) setImmediate(giveOneTurn);
  else passScheduled = false;
}
