/**
 * Customer access in PostgreSQL: sign-in codes, sessions, personal links, grants, preferences.
 * Several processes serve the same codes and links, so using one is a single conditional update
 * (`… where used_at is null … returning`): of two requests at once, exactly one wins.
 */
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Lang } from '../../../domain/language.ts';
import {
  accessLinkRow,
  applicantEmailWhenAddressMatches,
  chosenMode,
  followedNumbers,
  grantRow,
  loginCodeRow,
  sessionRow,
  toAccessLink,
  toLoginCode,
  toSession,
  typedRequestNumber,
} from '../access-rows.ts';
import type { AccessLink, CustomerAccessStore, LoginCode, NotificationMode, Session } from '../store.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

export class PgAccess implements CustomerAccessStore {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  async #id(number: string): Promise<number | undefined> {
    const [row] = await this.#db
      .select({ id: schema.requests.id })
      .from(schema.requests)
      .where(eq(schema.requests.number, number));
    return row?.id;
  }

  async #knownId(number: string): Promise<number> {
    const requestId = await this.#id(number);
    if (requestId === undefined) throw new Error(`unknown aanvraag ${number}`);
    return requestId;
  }

  async applicantEmail(requestNumber: string, postcode: string, houseNumber: string): Promise<string | undefined> {
    const r = schema.requests;
    const [row] = await this.#db
      .select({ email: r.applicantEmail, postcode: r.postcode, houseNumber: r.houseNumber })
      .from(r)
      .where(eq(r.number, typedRequestNumber(requestNumber)));
    return applicantEmailWhenAddressMatches(row, postcode, houseNumber);
  }

  async requestNumbersFor(email: string): Promise<string[]> {
    const address = email.toLowerCase();
    const { requests: r, accessGrants: g } = schema;
    const rows = await this.#db
      .select({ number: r.number })
      .from(r)
      .where(eq(r.applicantEmail, address))
      .union(
        this.#db
          .select({ number: r.number })
          .from(g)
          .innerJoin(r, eq(r.id, g.requestId))
          .where(and(eq(g.email, address), isNull(g.revokedAt))),
      );
    // Sorted in code, not by the database's collation, so both databases give the same order.
    return followedNumbers(rows);
  }

  async mayFollow(email: string, requestNumber: string): Promise<boolean> {
    const address = email.toLowerCase();
    const { requests: r, accessGrants: g } = schema;
    const rows = await this.#db
      .select({ id: r.id })
      .from(r)
      .leftJoin(g, and(eq(g.requestId, r.id), eq(g.email, address), isNull(g.revokedAt)))
      .where(and(eq(r.number, requestNumber), or(eq(r.applicantEmail, address), eq(g.email, address))))
      .limit(1);
    return rows.length > 0;
  }

  async addLoginCode(code: Omit<LoginCode, 'attempts' | 'usedAt'>): Promise<void> {
    await this.#db.insert(schema.loginCodes).values(loginCodeRow(code));
  }

  async loginCode(id: string): Promise<LoginCode | undefined> {
    const [row] = await this.#db.select().from(schema.loginCodes).where(eq(schema.loginCodes.id, id));
    return row && toLoginCode(row);
  }

  /** One statement: concurrent wrong tries each count, and each gets its own new total. */
  async failLoginCode(id: string): Promise<number> {
    const c = schema.loginCodes;
    const [row] = await this.#db
      .update(c)
      .set({ attempts: sql`${c.attempts} + 1` })
      .where(eq(c.id, id))
      .returning({ attempts: c.attempts });
    return row?.attempts ?? 0;
  }

  async useLoginCode(id: string, at: Date, maxAttempts: number): Promise<boolean> {
    const c = schema.loginCodes;
    const now = at.toISOString();
    const rows = await this.#db
      .update(c)
      .set({ usedAt: now })
      .where(and(eq(c.id, id), isNull(c.usedAt), lt(c.attempts, maxAttempts), gt(c.expiresAt, now)))
      .returning({ id: c.id });
    return rows.length === 1;
  }

  async addSession(session: Session): Promise<void> {
    await this.#db.insert(schema.sessions).values(sessionRow(session));
  }

  async session(id: string): Promise<Session | undefined> {
    const [row] = await this.#db.select().from(schema.sessions).where(eq(schema.sessions.id, id));
    return row && toSession(row);
  }

  async extendSession(id: string, expiresAt: Date): Promise<void> {
    await this.#db.update(schema.sessions).set({ expiresAt: expiresAt.toISOString() }).where(eq(schema.sessions.id, id));
  }

  async deleteSession(id: string): Promise<void> {
    await this.#db.delete(schema.sessions).where(eq(schema.sessions.id, id));
  }

  async addAccessLink(link: Omit<AccessLink, 'usedAt'>): Promise<void> {
    const { requestNumber, ...rest } = link;
    await this.#db.insert(schema.accessLinks).values(accessLinkRow(rest, await this.#knownId(requestNumber)));
  }

  async accessLink(id: string): Promise<AccessLink | undefined> {
    const [row] = await this.#db
      .select({ link: schema.accessLinks, number: schema.requests.number })
      .from(schema.accessLinks)
      .innerJoin(schema.requests, eq(schema.requests.id, schema.accessLinks.requestId))
      .where(eq(schema.accessLinks.id, id));
    return row && toAccessLink(row.link, row.number);
  }

  async useAccessLink(id: string, at: Date): Promise<boolean> {
    const l = schema.accessLinks;
    const rows = await this.#db
      .update(l)
      .set({ usedAt: at.toISOString() })
      .where(and(eq(l.id, id), isNull(l.usedAt)))
      .returning({ id: l.id });
    return rows.length === 1;
  }

  async grantAccess(requestNumber: string, email: string, grantedBy: string, at: Date): Promise<void> {
    const g = schema.accessGrants;
    const row = grantRow(await this.#knownId(requestNumber), email, grantedBy, at);
    await this.#db
      .insert(g)
      .values(row)
      .onConflictDoUpdate({
        target: [g.requestId, g.email],
        set: { grantedBy: row.grantedBy, createdAt: row.createdAt, revokedAt: null },
      });
  }

  async revokeAccess(requestNumber: string, email: string, at: Date): Promise<void> {
    const requestId = await this.#id(requestNumber);
    if (requestId === undefined) return;
    const g = schema.accessGrants;
    await this.#db
      .update(g)
      .set({ revokedAt: at.toISOString() })
      .where(and(eq(g.requestId, requestId), eq(g.email, email.toLowerCase())));
  }

  async grantsFor(requestNumber: string) {
    const { requests: r, accessGrants: g } = schema;
    return (
      this.#db
        .select({ email: g.email, grantedBy: g.grantedBy, createdAt: g.createdAt })
        .from(g)
        .innerJoin(r, eq(r.id, g.requestId))
        .where(and(eq(r.number, requestNumber), isNull(g.revokedAt)))
        // SQLite reads them along its primary key (request, email), in byte order: "C" is that order.
        .orderBy(sql`${g.email} collate "C"`)
    );
  }

  async notificationMode(requestNumber: string, email: string): Promise<NotificationMode> {
    const { requests: r, notificationPreferences: p } = schema;
    const [row] = await this.#db
      .select({ mode: p.mode })
      .from(p)
      .innerJoin(r, eq(r.id, p.requestId))
      .where(and(eq(r.number, requestNumber), eq(p.email, email.toLowerCase())));
    return chosenMode(row);
  }

  async setNotificationMode(requestNumber: string, email: string, mode: NotificationMode, at: Date): Promise<void> {
    const p = schema.notificationPreferences;
    const updatedAt = at.toISOString();
    await this.#db
      .insert(p)
      .values({ requestId: await this.#knownId(requestNumber), email: email.toLowerCase(), mode, updatedAt })
      .onConflictDoUpdate({ target: [p.requestId, p.email], set: { mode, updatedAt } });
  }

  async language(email: string): Promise<Lang | undefined> {
    const c = schema.customerLanguages;
    const [row] = await this.#db.select({ language: c.language }).from(c).where(eq(c.email, email.toLowerCase()));
    return row?.language;
  }

  async setLanguage(email: string, language: Lang, at: Date): Promise<void> {
    const c = schema.customerLanguages;
    const updatedAt = at.toISOString();
    await this.#db
      .insert(c)
      .values({ email: email.toLowerCase(), language, updatedAt })
      .onConflictDoUpdate({ target: c.email, set: { language, updatedAt } });
  }
}
