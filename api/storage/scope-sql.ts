/**
 * An organisation's scope (domain/staff.ts `inScope`) as a condition on `requests`, so every staff
 * list, dashboard and export filters in SQL with the same rule, on either database: the platform
 * sees all; others see the aanvragen of their combi areas and those with an opdracht of theirs as
 * grid operator. Drizzle renders the same condition for SQLite's tables and PostgreSQL's.
 */
import { type Column, eq, inArray, type SQL, sql, type Table } from 'drizzle-orm';
import type { Scope } from '../../domain/staff.ts';

/** The row ids behind the directory's codes (the store keeps them in memory). */
export type DirectoryIds = {
  organisationId(code: string): number | undefined;
  organisationCode(id: number): string | undefined;
  combiId(code: string): number | undefined;
  combiCode(id: number): string | undefined;
};

/** The tables the rule reads, from either schema module. */
export type ScopeTables = {
  requests: Table & { id: Column; combiId: Column };
  workOrders: Table & { requestId: Column; gridOperatorId: Column };
};

export function scopeCondition(scope: Scope, { combiId, organisationId }: DirectoryIds, tables: ScopeTables): SQL {
  if (scope.all) return sql`1 = 1`;
  const { requests, workOrders } = tables;
  const combis = scope.combis.map(combiId).filter((id): id is number => id !== undefined);
  const parts: SQL[] = [];
  if (combis.length) parts.push(inArray(requests.combiId, combis));
  const operator = scope.gridOperator ? organisationId(scope.gridOperator) : undefined;
  if (operator !== undefined) {
    parts.push(
      sql`exists (select 1 from ${workOrders} where ${eq(workOrders.requestId, requests.id)} and ${eq(workOrders.gridOperatorId, operator)})`,
    );
  }
  if (parts.length === 0) return sql`1 = 0`;
  return parts.length === 1 ? (parts[0] as SQL) : sql`(${sql.join(parts, sql` or `)})`;
}
