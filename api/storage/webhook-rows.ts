/**
 * Webhook endpoints, attempts and deliveries (WebhookStore) between records and rows, for both
 * databases: moments as ISO 8601 strings, organisations as their row ids; one mapping for
 * api/storage/sqlite/webhooks.ts and api/storage/postgres/webhooks.ts. A delivery is an outbox row
 * of channel `webhook` (`to` the endpoint id, `subject` the event id, `kind` the event type).
 */
import { and, type Column, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { WebhookEvent } from '../../domain/webhooks.ts';
import type { DirectoryIds } from './scope-sql.ts';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookTarget } from './store.ts';

type EndpointRow = {
  id: number;
  organisationId: number;
  url: string;
  events: string[];
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: string | null;
  createdAt: string;
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
};

const date = (value: string | null) => (value ? new Date(value) : null);

export function targetOf(row: EndpointRow, ids: DirectoryIds): WebhookTarget {
  return {
    id: row.id,
    organisation: ids.organisationCode(row.organisationId) ?? String(row.organisationId),
    url: row.url,
    events: row.events as WebhookEvent[],
    createdAt: new Date(row.createdAt),
    failingSince: date(row.failingSince),
    disabledAt: date(row.disabledAt),
    disabledReason: row.disabledReason,
    previousSecretUntil: date(row.previousSecretUntil),
    secret: row.secret,
    previousSecret: row.previousSecret,
  };
}

/** What the organisation sees of its endpoint: everything but the secrets. */
export function endpointOf(row: EndpointRow, ids: DirectoryIds): WebhookEndpoint {
  const { secret: _, previousSecret: __, ...endpoint } = targetOf(row, ids);
  return endpoint;
}

/** The endpoint with this id, of this organisation (an unknown organisation has none). */
export function ownEndpoint(
  t: Record<'id' | 'organisationId', Column>,
  ids: DirectoryIds,
  organisation: string,
  id: number,
): SQL | undefined {
  return and(eq(t.id, id), eq(t.organisationId, ids.organisationId(organisation) ?? -1));
}

/** The endpoints that receive events now. */
export function activeEndpoints(t: Record<'disabledAt', Column>): SQL | undefined {
  return isNull(t.disabledAt);
}

/** An active endpoint as ingestion sees it (api/storage/contract.ts WebhookSubscription). */
export function subscriptionOf(row: { id: number; organisationId: number; events: string[] }, ids: DirectoryIds) {
  return { endpointId: row.id, organisation: ids.organisationCode(row.organisationId) ?? '', events: row.events };
}

export function attemptColumns(endpointId: number, outboxId: number, attempt: WebhookAttempt) {
  return { endpointId, outboxId, ...attempt, at: attempt.at.toISOString() };
}

/** Webhook deliveries to these endpoints (the outbox's `to` holds the endpoint id as text). */
export function deliveriesTo(o: Record<'channel' | 'to', Column>, endpointIds: readonly number[]): SQL | undefined {
  return and(eq(o.channel, 'webhook'), inArray(o.to, endpointIds.map(String)));
}

/** Newest first, the way the admin page lists them. */
export const newestFirst = (o: Record<'id', Column>) => desc(o.id);

type DeliveryRow = {
  id: number;
  subject: string;
  kind: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  lastError: string | null;
};
type AttemptRow = { outboxId: number; at: string; statusCode: number | null; answer: string | null; error: string | null };

const DELIVERY_COLUMNS = ['id', 'subject', 'kind', 'status', 'attempts', 'createdAt', 'nextAttemptAt', 'lastError'] as const;

/** The outbox columns a delivery is listed with, from either schema's outbox table. */
export function deliveryColumns<T extends Record<(typeof DELIVERY_COLUMNS)[number], Column>>(
  outbox: T,
): Pick<T, (typeof DELIVERY_COLUMNS)[number]> {
  return Object.fromEntries(DELIVERY_COLUMNS.map((c) => [c, outbox[c]])) as Pick<T, (typeof DELIVERY_COLUMNS)[number]>;
}

/** How many attempts per delivery the admin page shows. */
export const LATEST_ATTEMPTS = 3;

export function deliveryOf(row: DeliveryRow, attempts: readonly AttemptRow[]): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.subject,
    type: row.kind,
    status: row.status,
    attempts: row.attempts,
    createdAt: new Date(row.createdAt),
    nextAttemptAt: new Date(row.nextAttemptAt),
    lastError: row.lastError,
    latest: attempts
      .filter((a) => a.outboxId === row.id)
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, LATEST_ATTEMPTS)
      .map(({ at, statusCode, answer, error }) => ({ at: new Date(at), statusCode, answer, error })),
  };
}

/** What a delivered webhook row becomes: sent, its body kept (a replay sends it again). */
export function deliveredColumns(at: Date) {
  return { status: 'sent' as const, sentAt: at.toISOString(), providerId: null, lastError: null };
}

/** A replay: the original's event, body and endpoint in a new outbox row, due now. */
export function replayRow(
  original: { kind: string; to: string; subject: string; text: string; requestId: number | null },
  idempotencyKey: string,
  at: Date,
) {
  return {
    idempotencyKey,
    kind: original.kind,
    requestId: original.requestId,
    to: original.to,
    subject: original.subject,
    html: '',
    text: original.text,
    channel: 'webhook' as const,
    nextAttemptAt: at.toISOString(),
  };
}

/** The message kept as a delivery's last error when its endpoint went. */
export const ENDPOINT_GONE = 'eindpunt verwijderd of uitgeschakeld';
