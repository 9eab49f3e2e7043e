/**
 * Which content and code a stored status was computed with. A status holds texts and norms from
 * content/ (phase names, step texts, working days) and the shape the code gives it; a status kept
 * with another version is out of date however long its due dates hold, and is computed again
 * (docs/decisions/0028-stored-statuses-follow-content-and-code.md).
 */
import { createHash } from 'node:crypto';
import type { Content } from './content.ts';

/**
 * Raise this in a release that changes what a status says or how it is shaped (domain/status.ts,
 * domain/next-step.ts, their texts): every stored status is then recomputed.
 */
export const STATUS_FORMAT_VERSION = 1;

/** The format version and a hash of the content a status is made from: the phases, the steps with their norms, the legal term. */
export function statusVersion(content: Content): string {
  const relevant = JSON.stringify({
    phases: content.phases,
    steps: [...content.steps.values()],
    legalTermWeeks: content.legalTermWeeks,
  });
  return `${STATUS_FORMAT_VERSION}:${createHash('sha256').update(relevant).digest('hex').slice(0, 32)}`;
}
