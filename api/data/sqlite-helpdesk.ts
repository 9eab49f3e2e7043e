/**
 * Helpdesk contacts in SQLite: each contact with the route of its survey invitation (or the
 * reason there is none), and the invitation itself — a mail or an SMS — written to the outbox in
 * the same transaction (docs/decisions/0008-transactional-outbox.md).
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { and, eq, isNull } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { DAY_MS } from '../../domain/calendar.ts';
import type { HelpdeskRoute } from '../../domain/helpdesk-routing.ts';
import { newToken } from '../auth/tokens.ts';
import type { MailComposer } from '../mail/compose.ts';
import { helpdeskInvitation, helpdeskSms } from '../mail/templates.ts';
import type { DirectoryIds } from '../storage/scope-sql.ts';
import * as schema from './schema.ts';
import type { SqliteOutbox } from './sqlite-outbox.ts';
import type {
  HelpdeskContactInput,
  HelpdeskContactRecord,
  HelpdeskLogResult,
  HelpdeskStore,
  OrganisationRecord,
} from './store.ts';

type Db = BetterSQLite3Database<typeof schema>;
type Row = typeof schema.helpdeskContacts.$inferSelect;

/** How long the personal survey link works. */
export const HELPDESK_LINK_DAYS = 14;

function hashContact(c: HelpdeskContactInput): string {
  const canonical = {
    id: c.id,
    occurredAt: c.occurredAt,
    requestNumber: c.requestNumber ?? null,
    account: c.account ?? null,
    phone: c.phone ?? null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export class SqliteHelpdesk implements HelpdeskStore {
  readonly #sqlite: Database.Database;
  readonly #db: Db;
  readonly #outbox: SqliteOutbox;
  readonly #mail: MailComposer | undefined;
  readonly #ids: DirectoryIds;

  constructor(sqlite: Database.Database, db: Db, outbox: SqliteOutbox, mail: MailComposer | undefined, ids: DirectoryIds) {
    this.#sqlite = sqlite;
    this.#db = db;
    this.#outbox = outbox;
    this.#mail = mail;
    this.#ids = ids;
  }

  async log(
    organisation: OrganisationRecord,
    contact: HelpdeskContactInput,
    route: HelpdeskRoute,
    now = new Date(),
  ): Promise<HelpdeskLogResult> {
    const t = schema.helpdeskContacts;
    const bodyHash = hashContact(contact);
    return this.#sqlite.transaction((): HelpdeskLogResult => {
      const existing = this.#db
        .select()
        .from(t)
        .where(and(eq(t.organisationId, organisation.id), eq(t.contactId, contact.id)))
        .get();
      if (existing) {
        return { result: existing.bodyHash === bodyHash ? 'duplicate' : 'conflict', contact: this.#record(existing) };
      }
      const token = newToken();
      const sends = route.route !== 'geen' && this.#mail !== undefined;
      const expiresAt = new Date(now.getTime() + HELPDESK_LINK_DAYS * DAY_MS);
      const row = this.#db
        .insert(t)
        .values({
          id: token.id,
          organisationId: organisation.id,
          contactId: contact.id,
          bodyHash,
          occurredAt: contact.occurredAt,
          requestNumber: contact.requestNumber ?? null,
          account: contact.account ?? null,
          phone: contact.phone ?? null,
          route: route.route,
          channel: route.route === 'geen' ? null : route.channel,
          recipient: route.route === 'geen' ? null : route.to,
          reason: route.route === 'geen' ? route.reason : sends ? null : 'geen mailinstelling: uitnodiging niet verstuurd',
          secretHash: sends ? token.secretHash : null,
          createdAt: now.toISOString(),
          expiresAt: sends ? expiresAt.toISOString() : null,
        })
        .returning()
        .get();
      if (sends && this.#mail) {
        const link = this.#mail.url(`/enquete/${token.token}`);
        const idempotencyKey = `helpdesk:${organisation.id}:${contact.id}`;
        if (route.channel === 'sms') {
          this.#outbox.enqueueSync({
            idempotencyKey,
            kind: 'helpdesk',
            channel: 'sms',
            to: route.to,
            subject: 'Helpdesk-enquête (SMS)',
            html: '',
            text: helpdeskSms(link),
          });
        } else {
          const requestId =
            route.route === 'aanvraag'
              ? (this.#db
                  .select({ id: schema.requests.id })
                  .from(schema.requests)
                  .where(eq(schema.requests.number, route.requestNumber))
                  .get()?.id ?? null)
              : null;
          this.#outbox.enqueueSync({
            idempotencyKey,
            kind: 'helpdesk',
            requestId,
            to: route.to,
            ...helpdeskInvitation(link, expiresAt),
          });
        }
      }
      return { result: 'created', contact: this.#record(row) };
    })();
  }

  /** Marks the survey invitation used; false when it was used already. */
  async use(id: string, at: Date): Promise<boolean> {
    const t = schema.helpdeskContacts;
    const result = this.#db
      .update(t)
      .set({ usedAt: at.toISOString() })
      .where(and(eq(t.id, id), isNull(t.usedAt)))
      .run();
    return result.changes === 1;
  }

  async byId(id: string): Promise<HelpdeskContactRecord | undefined> {
    const row = this.#db.select().from(schema.helpdeskContacts).where(eq(schema.helpdeskContacts.id, id)).get();
    return row ? this.#record(row) : undefined;
  }

  #record(row: Row): HelpdeskContactRecord {
    return {
      id: row.id,
      organisation: this.#ids.organisationCode(row.organisationId) ?? String(row.organisationId),
      contactId: row.contactId,
      occurredAt: row.occurredAt,
      requestNumber: row.requestNumber,
      account: row.account,
      phone: row.phone,
      route: row.route,
      channel: row.channel,
      recipient: row.recipient,
      reason: row.reason,
      secretHash: row.secretHash,
      createdAt: new Date(row.createdAt),
      expiresAt: row.expiresAt ? new Date(row.expiresAt) : null,
      usedAt: row.usedAt ? new Date(row.usedAt) : null,
    };
  }
}
