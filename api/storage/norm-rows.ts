/** The recorded norms as both databases keep them: the working days per step as JSON text. */
import { z } from 'zod';
import { STEP_IDS } from '../../domain/content-schema.ts';
import type { Norms } from '../../domain/norm-impact.ts';
import type { RequestState } from '../../domain/request-state.ts';
import type { RecordedNorms } from './contract.ts';

const normsSchema = z.partialRecord(z.enum(STEP_IDS), z.number().int().nonnegative());

/** A row read back; a row written by a later release with a step this one does not know is refused loudly. */
export function toRecordedNorms(row: { version: string; norms: string; startedAt: string }): RecordedNorms {
  return { version: row.version, norms: normsSchema.parse(JSON.parse(row.norms)) as Norms, startedAt: row.startedAt };
}

/** States read per query: a large database is never held in memory at once. */
export const OPEN_STATES_CHUNK = 1000;

/** Reads the states in id order, a chunk after the last id read, until a chunk comes back empty. */
export async function eachChunk(
  read: (afterId: number) => Promise<{ id: number; state: unknown }[]> | { id: number; state: unknown }[],
  each: (states: RequestState[]) => void,
): Promise<void> {
  for (let after = 0; ; ) {
    const rows = await read(after);
    const last = rows.at(-1);
    if (!last) return;
    each(rows.map((row) => row.state as RequestState));
    after = last.id;
  }
}
