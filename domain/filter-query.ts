/**
 * The filters of a page's GET form (the werklijst, the portfolio): its own fields only, an empty
 * value meaning "all", strict within those fields, and the first wrong one named.
 */
import type { z } from 'zod';
import './zod-dutch.ts';

export type FilterQueryResult<T> = { ok: true; data: T } | { ok: false; field: string; message: string };

export function parseFilterQuery<S extends z.ZodObject>(
  schema: S,
  query: Record<string, string | undefined>,
): FilterQueryResult<z.infer<S>> {
  const cleaned = Object.fromEntries(
    Object.entries(query).filter(([key, value]) => key in schema.shape && value !== undefined && value.trim() !== ''),
  );
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? 'filter');
  return { ok: false, field, message: `${field}: ${issue?.message ?? 'klopt niet'}` };
}
