/** Webhook endpoints and deliveries in SQLite: SQL only (api/storage/webhook-rows.ts maps the rows). */
import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
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
import type { SqliteOutbox } from './outbox.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;
const { webhookEndpoints: w, webhookAttempts: a, outbox: o } = schema;

/** The active endpoints, as ingestion and the other writers of events read them. */
export function activeSubscriptions(db: Db, ids: DirectoryIds): WebhookSubscription[] {
  return db
    .select({ id: w.id, organisationId: w.organisationId, events: w.events })
    .from(w)
    .where(activeEndpoints(w))
    .all()
    .map((row) => subscriptionOf(row, ids));
}

export class SqliteWebhooks implements WebhookStore {
  readonly #db: Db;
  readonly #ids: DirectoryIds;
  readonly #outbox: SqliteOutbox;

  constructor(db: Db, ids: DirectoryIds, outbox: SqliteOutbox) {
    this.#db = db;
    this.#ids = ids;
    this.#outbox = outbox;
  }

  async add(organisation: string, endpoint: NewWebhookEndpoint, at: Date): Promise<WebhookEndpoint> {
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) throw new Error(`unknown organisation ${organisation}`);
    const row = this.#db
      .insert(w)
      .values({
        organisationId,
        url: endpoint.url,
        events: [...endpoint.events],
        secret: endpoint.secret,
        createdAt: at.toISOString(),
      })
      .returning()
      .get();
    return endpointOf(row, this.#ids);
  }

  async ofOrganisation(organisation: string): Promise<WebhookEndpoint[]> {
    const id = this.#ids.organisationId(organisation) ?? -1;
    return this.#db
      .select()
      .from(w)
      .where(eq(w.organisationId, id))
      .orderBy(asc(w.id))
      .all()
      .map((row) => endpointOf(row, this.#ids));
  }

  async endpoint(organisation: string, id: number): Promise<WebhookEndpoint | undefined> {
    const row = this.#db
      .select()
      .from(w)
      .where(ownEndpoint(w, this.#ids, organisation, id))
      .get();
    return row && endpointOf(row, this.#ids);
  }

  async remove(organisation: string, id: number): Promise<boolean> {
    return this.#db.transaction((tx) => {
      const own = tx
        .select({ id: w.id })
        .from(w)
        .where(ownEndpoint(w, this.#ids, organisation, id))
        .get();
      if (!own) return false;
      tx.update(o)
        .set({ status: 'failed', lastError: ENDPOINT_GONE })
        .where(and(deliveriesTo(o, [id]), eq(o.status, 'pending')))
        .run();
      tx.delete(a).where(eq(a.endpointId, id)).run();
      tx.delete(w).where(eq(w.id, id)).run();
      return true;
    });
  }

  async rotateSecret(organisation: string, id: number, secret: string, previousUntil: Date): Promise<boolean> {
    const changed = this.#db
      .update(w)
      .set({ previousSecret: sql`${w.secret}`, previousSecretUntil: previousUntil.toISOString(), secret })
      .where(ownEndpoint(w, this.#ids, organisation, id))
      .run().changes;
    return changed > 0;
  }

  async enable(organisation: string, id: number): Promise<boolean> {
    const changed = this.#db
      .update(w)
      .set({ disabledAt: null, disabledReason: null, failingSince: null })
      .where(and(ownEndpoint(w, this.#ids, organisation, id), isNotNull(w.disabledAt)))
      .run().changes;
    return changed > 0;
  }

  async deliveries(organisation: string, id: number, limit: number): Promise<WebhookDelivery[]> {
    if (!(await this.endpoint(organisation, id))) return [];
    const rows = this.#db
      .select(deliveryColumns(o))
      .from(o)
      .where(deliveriesTo(o, [id]))
      .orderBy(newestFirst(o))
      .limit(limit)
      .all();
    const attempts = rows.length
      ? this.#db
          .select()
          .from(a)
          .where(
            inArray(
              a.outboxId,
              rows.map((r) => r.id),
            ),
          )
          .all()
      : [];
    return rows.map((row) => deliveryOf(row, attempts));
  }

  async replay(organisation: string, endpointId: number, deliveryId: number, idempotencyKey: string, at: Date) {
    const ownIds = (await this.ofOrganisation(organisation)).map((e) => e.id).filter((id) => id === endpointId);
    const original = this.#db
      .select({ kind: o.kind, to: o.to, subject: o.subject, text: o.text, requestId: o.requestId })
      .from(o)
      .where(and(eq(o.id, deliveryId), deliveriesTo(o, ownIds)))
      .get();
    if (!original) return 'onbekend';
    const active = this.#db
      .select({ id: w.id })
      .from(w)
      .where(and(eq(w.id, Number(original.to)), activeEndpoints(w)))
      .get();
    if (!original.text || !active) return 'niet-meer';
    this.#db
      .insert(o)
      .values(replayRow({ ...original, text: original.text }, idempotencyKey, at))
      .run();
    return 'ok';
  }

  async subscriptions(): Promise<WebhookSubscription[]> {
    return activeSubscriptions(this.#db, this.#ids);
  }

  async target(id: number): Promise<WebhookTarget | undefined> {
    const row = this.#db.select().from(w).where(eq(w.id, id)).get();
    return row && targetOf(row, this.#ids);
  }

  async succeeded(deliveryId: number, endpointId: number, attempt: WebhookAttempt): Promise<void> {
    this.#db.transaction((tx) => {
      tx.insert(a)
        .values(attemptColumns(endpointId, deliveryId, attempt))
        .run();
      tx.update(o).set(deliveredColumns(attempt.at)).where(eq(o.id, deliveryId)).run();
      tx.update(w).set({ failingSince: null }).where(eq(w.id, endpointId)).run();
    });
  }

  async failed(deliveryId: number, endpointId: number, attempt: WebhookAttempt, retryAt: Date | undefined): Promise<Date> {
    return this.#db.transaction((tx) => {
      tx.insert(a)
        .values(attemptColumns(endpointId, deliveryId, attempt))
        .run();
      const error = attempt.error ?? `HTTP ${attempt.statusCode}`;
      tx.update(o)
        .set({
          attempts: sql`${o.attempts} + 1`,
          lastError: error,
          ...(retryAt ? { nextAttemptAt: retryAt.toISOString() } : { status: 'failed' as const }),
        })
        .where(eq(o.id, deliveryId))
        .run();
      tx.update(w)
        .set({ failingSince: attempt.at.toISOString() })
        .where(and(eq(w.id, endpointId), isNull(w.failingSince)))
        .run();
      const since = tx.select({ since: w.failingSince }).from(w).where(eq(w.id, endpointId)).get()?.since;
      return since ? new Date(since) : attempt.at;
    });
  }

  async disable(id: number, at: Date, reason: string, mails: readonly NewOutboxMail[]): Promise<boolean> {
    return this.#db.transaction((tx) => {
      const changed = tx
        .update(w)
        .set({ disabledAt: at.toISOString(), disabledReason: reason })
        .where(and(eq(w.id, id), activeEndpoints(w)))
        .run().changes;
      if (changed === 0) return false;
      tx.update(o)
        .set({ status: 'failed', lastError: ENDPOINT_GONE })
        .where(and(deliveriesTo(o, [id]), eq(o.status, 'pending')))
        .run();
      for (const mail of mails) this.#outbox.enqueueSync(mail, at);
      return true;
    });
  }
}
