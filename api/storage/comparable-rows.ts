/**
 * The comparable columns of an aanvraag as the comparable index reads them
 * (api/core/comparable-index.ts, the storage contract's comparableChanges and comparableGroup),
 * for both databases and the in-memory storage of the tests.
 */
import type { AanvraagRow, ComparableChange } from './contract.ts';
import type { DirectoryIds } from './scope-sql.ts';

type Column = 'number' | 'combiId' | 'kind' | 'submittedAt' | 'cancelledAt' | 'startsOn';

/** The columns to select from either dialect's `requests` table. */
export function comparableColumns<T extends Record<Column, unknown>>(requests: T): Pick<T, Column> {
  const { number, combiId, kind, submittedAt, cancelledAt, startsOn } = requests;
  return { number, combiId, kind, submittedAt, cancelledAt, startsOn };
}

/** A row of those columns, its combi area by code. */
export function comparableChangeOf(
  ids: Pick<DirectoryIds, 'combiCode'>,
  { combiId, ...rest }: { combiId: number | null } & Omit<ComparableChange, 'combi'>,
): ComparableChange {
  return { ...rest, combi: combiId === null ? null : (ids.combiCode(combiId) ?? null) };
}

/** An aanvraag's comparable columns. */
export function comparableChange({ number, combi, kind, submittedAt, cancelledAt, startsOn }: AanvraagRow): ComparableChange {
  return { number, combi, kind, submittedAt, cancelledAt, startsOn };
}
