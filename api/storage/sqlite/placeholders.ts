import { type SQL, sql } from 'drizzle-orm';

/**
 * Named placeholders for prepared statements: `params('a', 'b')` is `{ a: sql.placeholder('a'), … }`.
 * Drizzle binds them through each column's encoder (JSON, booleans) in values() and set(), but its
 * types only admit them in values(); the cast covers set().
 */
export function params<K extends string>(...keys: K[]): Record<K, SQL> {
  return Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)])) as unknown as Record<K, SQL>;
}
