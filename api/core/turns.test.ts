/**
 * Slices of long work take turns one per pass of the event loop, so what arrived meanwhile (a
 * look-up's request) is handled between any two of them (issue 12: a look-up's p99 while ingesting).
 */
import { stat } from 'node:fs';
import { expect, it } from 'vitest';
import { nextTurn } from './turns.ts';

/** Holds the thread, as a slice of ingestion does: whatever completes meanwhile waits for the loop. */
function busy(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

it('gives one slice a turn per pass of the event loop, in the order they asked, with I/O read in between', async () => {
  const order: string[] = [];
  const slice = async (name: string, io: boolean) => {
    await nextTurn();
    order.push(name);
    // I/O that completes while this slice still runs: its callback waits for the next pass.
    if (io) stat(import.meta.filename, () => order.push(`I/O after ${name}`));
    busy(20);
  };
  await Promise.all([slice('A', true), slice('B', true), slice('C', false)]);
  await new Promise((resolve) => setTimeout(resolve, 10));
  expect(order).toEqual(['A', 'I/O after A', 'B', 'I/O after B', 'C']);
});

it('is given again after the queue ran empty', async () => {
  await nextTurn();
  const again = await Promise.race([nextTurn().then(() => 'turn'), new Promise((resolve) => setTimeout(resolve, 1000, 'none'))]);
  expect(again).toBe('turn');
});
