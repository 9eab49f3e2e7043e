/**
 * What one server process tells the others through PostgreSQL's LISTEN/NOTIFY, so that no
 * process serves from memory what another has changed: the directory (organisations, combis),
 * API keys (a revoked key is refused everywhere at once) and statuses (cached look-ups).
 * A notification reaches every listening process in milliseconds; one lost while a process was
 * reconnecting is covered by `onListening`, which runs after every (re)connect: the process then
 * drops everything it cached.
 */
import type postgres from 'postgres';

export const CHANGES_CHANNEL = 'traject_changes';

export type Change = { kind: 'directory' } | { kind: 'api-keys' } | { kind: 'statuses'; numbers: string[] };

/** PostgreSQL refuses payloads of 8,000 bytes or more; lists of numbers are split well below. */
const MAX_PAYLOAD = 7000;

/**
 * Listens as `self` (each store's own name): the store applies its own changes when it makes them,
 * so it skips their echo.
 */
export function listenForChanges(
  sql: postgres.Sql,
  self: string,
  onChange: (change: Change) => void,
  onListening: () => void,
): Promise<{ unlisten: () => Promise<void> }> {
  return sql.listen(
    CHANGES_CHANNEL,
    (payload) => {
      const { from, ...change } = JSON.parse(payload) as Change & { from: string };
      if (from !== self) onChange(change as Change);
    },
    onListening,
  );
}

/** Sends a change, made by `self`, to every other process. */
export async function announce(sql: postgres.Sql, self: string, change: Change): Promise<void> {
  for (const payload of payloads(change, self)) await sql`select pg_notify(${CHANGES_CHANNEL}, ${payload})`;
}

function payloads(change: Change, from: string): string[] {
  if (change.kind !== 'statuses') return [JSON.stringify({ ...change, from })];
  const out: string[] = [];
  let numbers: string[] = [];
  let size = 0;
  for (const number of change.numbers) {
    if (size + number.length + 3 > MAX_PAYLOAD && numbers.length) {
      out.push(JSON.stringify({ kind: 'statuses', numbers, from }));
      numbers = [];
      size = 0;
    }
    numbers.push(number);
    size += number.length + 3;
  }
  if (numbers.length) out.push(JSON.stringify({ kind: 'statuses', numbers, from }));
  return out;
}
