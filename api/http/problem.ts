/**
 * One error shape for the whole API: RFC 9457 problem details, with the fields that were wrong
 * named in `errors`. Every refusal goes through here, so clients parse one format.
 */

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { ErrorPages } from './error-pages.ts';
import type { Logger } from './logger.ts';

export type FieldError = { field?: string; message: string };

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  errors?: FieldError[],
  headers?: Record<string, string>,
): Response {
  // A plain Response: typed OpenAPI routes accept it whatever answers they declare.
  return c.body(JSON.stringify({ type: 'about:blank', title, status, ...(errors && { errors }) }), status, {
    'content-type': 'application/problem+json; charset=utf-8',
    ...headers,
  });
}

/** The problem body as an OpenAPI schema: what every refusal and failure of the API looks like. */
export const problemSchema = z
  .object({
    type: z.literal('about:blank'),
    title: z.string().meta({ description: 'Wat er mis is, in het Nederlands (soms met de Engelse zin erachter).' }),
    status: z.number().int().meta({ description: 'Dezelfde HTTP-status als die van het antwoord.' }),
    errors: z
      .array(
        z.object({
          field: z.string().optional().meta({ description: 'Het veld, met punten als pad: applicant.email, berichten.0.id.' }),
          message: z.string(),
        }),
      )
      .optional()
      .meta({ description: 'Per veld wat er niet klopt.' }),
  })
  .meta({
    id: 'Probleem',
    description: 'RFC 9457 problem details (application/problem+json).',
    example: {
      type: 'about:blank',
      title: 'Het helpdeskcontact is ongeldig',
      status: 400,
      errors: [{ field: 'occurredAt', message: 'moet een tijdstip met tijdzone zijn als 2026-11-20T09:30:00+01:00' }],
    },
  });

type ProblemAnswer = {
  description: string;
  content?: { 'application/problem+json': { schema: typeof problemSchema } };
  headers?: typeof RETRY_AFTER;
};

const RETRY_AFTER = {
  'Retry-After': { description: 'Na hoeveel seconden opnieuw proberen zin heeft.', schema: { type: 'integer' as const } },
};

/**
 * An answer of the OpenAPI document whose body is a problem (the shape `problem()` writes). Its
 * content is typed optional on purpose: a typed route then accepts the plain Response of problem().
 */
export function problemAnswer(description: string, { retryAfter = false }: { retryAfter?: boolean } = {}): ProblemAnswer {
  return {
    description,
    content: { 'application/problem+json': { schema: problemSchema } },
    ...(retryAfter && { headers: RETRY_AFTER }),
  };
}

/**
 * What `onError` below answers for any route: 500 for an unexpected error, and 503 when the route
 * reads or writes the database and it is full or out of reach.
 */
export const SERVER_ERROR = {
  500: problemAnswer('Er ging iets mis aan onze kant; het is gelogd. Probeer het later opnieuw.'),
} as const;
export const DATABASE_ERRORS = {
  ...SERVER_ERROR,
  503: problemAnswer(
    'De database is vol of even niet bereikbaar. Er is niets opgeslagen: hetzelfde verzoek later opnieuw sturen is veilig (zie Retry-After).',
    { retryAfter: true },
  ),
} as const;

/** Zod issues as field errors: "applicant.email" with a sentence. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return path ? { field: path, message: issue.message } : { message: issue.message };
  });
}

/** Whether the error, or one it wraps (`cause`), carries a code that `matches`. */
function hasCode(error: unknown, matches: (code: string) => boolean): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && matches(code)) return true;
  }
  return false;
}

/** SQLite's SQLITE_FULL and PostgreSQL's disk_full (53100), also inside a driver's wrapping error. */
const storageFull = (error: unknown) => hasCode(error, (code) => code === 'SQLITE_FULL' || code === '53100');

/**
 * The database cannot be reached: the connection was refused, lost or timed out, or PostgreSQL is
 * starting or shutting down (SQLSTATE class 08, 57P01–57P03). A transaction cut off by it rolls
 * back, so nothing was half-written.
 */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
]);
const databaseUnreachable = (error: unknown) => hasCode(error, (code) => UNREACHABLE.has(code) || code.startsWith('08'));

const UNREACHABLE_TITLE =
  'De database is even niet bereikbaar. Er is niets opgeslagen; probeer het over een minuut opnieuw. (The database cannot be reached right now. Nothing was saved; try again in a minute.)';

/** The transaction was rolled back, so sending the same again later is safe. */
const STORAGE_FULL =
  'De opslag is vol. Er is niets opgeslagen; stuur hetzelfde over een minuut opnieuw. (Storage is full. Nothing was saved; send the same again in a minute.)';

/**
 * Turns thrown errors into problem responses: a full disk or a database out of reach into 503 with
 * Retry-After (nothing was written, and the operator is told); other unexpected ones are logged
 * and answered with 500.
 * `page` answers a request for a page of the site with the site's own error page instead.
 */
export function onError(log: Logger, page?: ErrorPages) {
  return (error: Error, c: Context) => {
    if (error instanceof HTTPException) {
      return problem(c, error.status as ContentfulStatusCode, error.message || 'Fout in het verzoek');
    }
    if (storageFull(error)) {
      log({ level: 'error', msg: 'storage full', error: error.message, path: c.req.path });
      return page?.(c, 503) ?? problem(c, 503, STORAGE_FULL, undefined, { 'retry-after': '60' });
    }
    if (databaseUnreachable(error)) {
      log({ level: 'error', msg: 'database unreachable', error: error.message, path: c.req.path });
      return page?.(c, 503) ?? problem(c, 503, UNREACHABLE_TITLE, undefined, { 'retry-after': '30' });
    }
    log({ level: 'error', msg: 'unhandled error', error: error.stack ?? String(error), path: c.req.path });
    return page?.(c, 500) ?? problem(c, 500, 'Er ging iets mis aan onze kant. Probeer het later opnieuw.');
  };
}

/** The default hook of an API route app: a request its schemas refuse gets 400 naming the fields. */
export function refuseInvalid(result: { success: true } | { success: false; error: z.ZodError }, c: Context) {
  return result.success ? undefined : problem(c, 400, 'Ongeldig verzoek', fieldErrors(result.error));
}
