/**
 * Webhook endpoints and deliveries in PostgreSQL: SQL only (api/storage/webhook-rows.ts maps the
 * rows). The writes of a delivery's outcome are one transaction each, as on SQLite.
 */
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { WebhookSubscription } from '../contract.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type {
  NewOutboxMail,
  NewWebhookEndpoint,
  WebhookAttempt,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookStore,
  WebhookTarget,
} from '../store.ts';
import {
  activeEndpoints,
  attemptColumns,
  deliveredColumns,
  deliveriesTo,
  deliveryColumns,
  deliveryOf,
  ENDPOINT_GONE,
  endpointOf,
  newestFirst,
  ownEndpoint,
  replayRow,
  subscriptionOf,
  targetOf,
} from '../webhook-rows.ts';
import type { PgDb, PgTx } from './database.ts';
import { insertOutboxMails } from './outbox.ts';
import * as schema from './schema.ts';

const { webhookEndpoints: w, webhookAttempts: a, outbox: o } = schema;

/** The active endpoints, as ingestion (in its transaction) and the other writers of events read them. */
export async function activeSubscriptions(db: PgDb | PgTx, ids: DirectoryIds): Promise<WebhookSubscription[]> {
  const rows = await db
    .select({ id: w.id, organisationId: w.organisationId, events: w.events })
    .from(w)
    .where(activeEndpoints(w));
  return rows.map((row) => subscriptionOf(row, ids));
}

export class PgWebhooks implements WebhookStore {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;

  constructor(db: PgDb, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async add(organisation: string, endpoint: NewWebhookEndpoint, at: Date): Promise<WebhookEndpoint> {
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) throw new Error(`unknown organisation ${organisation}`);
    const [row] = await this.#db
      .insert(w)
      .values({
        organisationId,
        url: endpoint.url,
        events: [...endpoint.events],
        secret: endpoint.secret,
        createdAt: at.toISOString(),
      })
      .returning();
    return endpointOf(row as NonNullable<typeof row>, this.#ids);
  }

  async ofOrganisation(organisation: string): Promise<WebhookEndpoint[]> {
    const id = this.#ids.organisationId(organisation) ?? -1;
    const rows = await this.#db.select().from(w).where(eq(w.organisationId, id)).orderBy(asc(w.id));
    return rows.map((row) => endpointOf(row, this.#ids));
  }

  async endpoint(organisation: string, id: number): Promise<WebhookEndpoint | undefined> {
    const [row] = await this.#db
      .select()
      .from(w)
      .where(ownEndpoint(w, this.#ids, organisation, id));
    return row && endpointOf(row, this.#ids);
  }

  async remove(organisation: string, id: number): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const [own] = await tx
        .select({ id: w.id })
        .from(w)
        .where(ownEndpoint(w, this.#ids, organisation, id))
        .for('update');
      if (!own) return false;
      await tx
        .update(o)
        .set({ status: 'failed', lastError: ENDPOINT_GONE })
        .where(and(deliveriesTo(o, [id]), eq(o.status, 'pending')));
      await tx.delete(a).where(eq(a.endpointId, id));
      await tx.delete(w).where(eq(w.id, id));
      return true;
    });
  }

  async rotateSecret(organisation: string, id: number, secret: string, previousUntil: Date): Promise<boolean> {
    const rows = await this.#db
      .update(w)
      .set({ previousSecret: sql`${w.secret}`, previousSecretUntil: previousUntil.toISOString(), secret })
      .where(ownEndpoint(w, this.#ids, organisation, id))
      .returning({ id: w.id });
    return rows.length > 0;
  }

  async enable(organisation: string, id: number): Promise<boolean> {
    const rows = await this.#db
      .update(w)
      .set({ disabledAt: null, disabledReason: null, failingSince: null })
      .where(and(ownEndpoint(w, this.#ids, organisation, id), isNotNull(w.disabledAt)))
      .returning({ id: w.id });
    return rows.length > 0;
  }

  async deliveries(organisation: string, id: number, limit: number): Promise<WebhookDelivery[]> {
    if (!(await this.endpoint(organisation, id))) return [];
    const rows = await this.#db
      .select(deliveryColumns(o))
      .from(o)
      .where(deliveriesTo(o, [id]))
      .orderBy(newestFirst(o))
      .limit(limit);
    const attempts = rows.length
      ? await this.#db
          .select()
          .from(a)
          .where(
            inArray(
              a.outboxId,
              rows.map((r) => r.id),
            ),
          )
      : [];
    return rows.map((row) => deliveryOf(row, attempts));
  }

  async replay(organisation: string, endpointId: number, deliveryId: number, idempotencyKey: string, at: Date) {
    const ownIds = (await this.ofOrganisation(organisation)).map((e) => e.id).filter((id) => id === endpointId);
    const [original] = await this.#db
      .select({ kind: o.kind, to: o.to, subject: o.subject, text: o.text, requestId: o.requestId })
      .from(o)
      .where(and(eq(o.id, deliveryId), deliveriesTo(o, ownIds)));
    if (!original) return 'onbekend';
    const [active] = await this.#db
      .select({ id: w.id })
      .from(w)
      .where(and(eq(w.id, Number(original.to)), activeEndpoints(w)));
    if (!original.text || !active) return 'niet-meer';
    await this.#db.insert(o).values(replayRow({ ...original, text: original.text }, idempotencyKey, at));
    return 'ok';
  }

  subscriptions(): Promise<WebhookSubscription[]> {
    return activeSubscriptions(this.#db, this.#ids);
  }

  async target(id: number): Promise<WebhookTarget | undefined> {
    const [row] = await this.#db.select().from(w).where(eq(w.id, id));
    return row && targetOf(row, this.#ids);
  }

  async succeeded(deliveryId: number, endpointId: number, attempt: WebhookAttempt): Promise<void> {
    // The endpoint's row before the delivery's, as disable() locks them: the other order deadlocked
    // with a delivery failing while its endpoint was being disabled.
    await this.#db.transaction(async (tx) => {
      await tx.insert(a).values(attemptColumns(endpointId, deliveryId, attempt));
      await tx.update(w).set({ failingSince: null }).where(eq(w.id, endpointId));
      await tx.update(o).set(deliveredColumns(attempt.at)).where(eq(o.id, deliveryId));
    });
  }

  async failed(deliveryId: number, endpointId: number, attempt: WebhookAttempt, retryAt: Date | undefined): Promise<Date> {
    return this.#db.transaction(async (tx) => {
      await tx.insert(a).values(attemptColumns(endpointId, deliveryId, attempt));
      // The endpoint's row first, as in succeeded() and disable().
      const [row] = await tx
        .update(w)
        .set({ failingSince: sql`coalesce(${w.failingSince}, ${attempt.at.toISOString()}::timestamptz)` })
        .where(eq(w.id, endpointId))
        .returning({ since: w.failingSince });
      const error = attempt.error ?? `HTTP ${attempt.statusCode}`;
      await tx
        .update(o)
        .set({
          attempts: sql`${o.attempts} + 1`,
          lastError: error,
          ...(retryAt ? { nextAttemptAt: retryAt.toISOString() } : { status: 'failed' as const }),
        })
        .where(eq(o.id, deliveryId));
      return row?.since ? new Date(row.since) : attempt.at;
    });
  }

  async disable(id: number, at: Date, reason: string, mails: readonly NewOutboxMail[]): Promise<boolean> {
    return this.#db.transaction(async (tx) => {
      const changed = await tx
        .update(w)
        .set({ disabledAt: at.toISOString(), disabledReason: reason })
        .where(and(eq(w.id, id), activeEndpoints(w)))
        .returning({ id: w.id });
      if (changed.length === 0) return false;
      await tx
        .update(o)
        .set({ status: 'failed', lastError: ENDPOINT_GONE })
        .where(and(deliveriesTo(o, [id]), eq(o.status, 'pending')));
      await insertOutboxMails(tx, mails, at);
      return true;
    });
  }
}
