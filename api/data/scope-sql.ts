/**
 * An organisation's scope (domain/staff.ts) as a condition on `requests`, so every staff list,
 * dashboard and export filters in SQL with the same rule: the platform sees all; others see the
 * aanvragen of their combi areas and those with an opdracht of theirs as grid operator.
 */
import { eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Scope } from '../../domain/staff.ts';
import * as schema from './schema.ts';

/** The row ids behind the directory's codes (the store keeps them in memory). */
export type DirectoryIds = {
  organisationId(code: string): number | undefined;
  organisationCode(id: number): string | undefined;
  combiId(code: string): number | undefined;
  combiCode(id: number): string | undefined;
};

export function scopeCondition(scope: Scope, { combiId, organisationId }: DirectoryIds): SQL {
  if (scope.all) return sql`1 = 1`;
  const combis = scope.combis.map(combiId).filter((id): id is number => id !== undefined);
  const parts: SQL[] = [];
  if (combis.length) parts.push(inArray(schema.requests.combiId, combis));
  const operator = scope.gridOperator ? organisationId(scope.gridOperator) : undefined;
  if (operator !== undefined) {
    parts.push(
      sql`exists (select 1 from ${schema.workOrders} where ${eq(schema.workOrders.requestId, schema.requests.id)} and ${eq(schema.workOrders.gridOperatorId, operator)})`,
    );
  }
  if (parts.length === 0) return sql`1 = 0`;
  return parts.length === 1 ? (parts[0] as SQL) : sql`(${sql.join(parts, sql` or `)})`;
}
