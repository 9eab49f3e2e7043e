/** Customer access in SQLite: sign-in codes, sessions, personal links, grants, preferences. */
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
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
import { params } from './placeholders.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;
const iso = (d: Date) => d.toISOString();

export class SqliteAccess implements CustomerAccessStore {
  readonly #db: Db;
  readonly #requestId;
  readonly #mode;
  readonly #insertLink;
  readonly #language;

  constructor(db: Db) {
    this.#db = db;
    this.#insertLink = db
      .insert(schema.accessLinks)
      .values(params('id', 'secretHash', 'requestId', 'email', 'purpose', 'expiresAt'))
      .prepare();
    this.#requestId = db
      .select({ id: schema.requests.id })
      .from(schema.requests)
      .where(eq(schema.requests.number, sql.placeholder('number')))
      .prepare();
    this.#mode = db
      .select({ mode: schema.notificationPreferences.mode })
      .from(schema.notificationPreferences)
      .where(
        and(
          eq(schema.notificationPreferences.requestId, sql.placeholder('requestId')),
          eq(schema.notificationPreferences.email, sql.placeholder('email')),
        ),
      )
      .prepare();
    this.#language = db
      .select({ language: schema.customerLanguages.language })
      .from(schema.customerLanguages)
      .where(eq(schema.customerLanguages.email, sql.placeholder('email')))
      .prepare();
  }

  #id(number: string): number | undefined {
    return this.#requestId.get({ number })?.id;
  }

  async applicantEmail(requestNumber: string, postcode: string, houseNumber: string): Promise<string | undefined> {
    const row = this.#db
      .select({
        email: schema.requests.applicantEmail,
        postcode: schema.requests.postcode,
        houseNumber: schema.requests.houseNumber,
      })
      .from(schema.requests)
      .where(eq(schema.requests.number, typedRequestNumber(requestNumber)))
      .get();
    return applicantEmailWhenAddressMatches(row, postcode, houseNumber);
  }

  async requestNumbersFor(email: string): Promise<string[]> {
    const address = email.toLowerCase();
    const own = this.#db
      .select({ number: schema.requests.number })
      .from(schema.requests)
      .where(eq(schema.requests.applicantEmail, address))
      .all();
    const granted = this.#db
      .select({ number: schema.requests.number })
      .from(schema.accessGrants)
      .innerJoin(schema.requests, eq(schema.requests.id, schema.accessGrants.requestId))
      .where(and(eq(schema.accessGrants.email, address), isNull(schema.accessGrants.revokedAt)))
      .all();
    return followedNumbers([...own, ...granted]);
  }

  async mayFollow(email: string, requestNumber: string): Promise<boolean> {
    const address = email.toLowerCase();
    const row = this.#db
      .select({ id: schema.requests.id })
      .from(schema.requests)
      .leftJoin(
        schema.accessGrants,
        and(
          eq(schema.accessGrants.requestId, schema.requests.id),
          eq(schema.accessGrants.email, address),
          isNull(schema.accessGrants.revokedAt),
        ),
      )
      .where(
        and(
          eq(schema.requests.number, requestNumber),
          or(eq(schema.requests.applicantEmail, address), eq(schema.accessGrants.email, address)),
        ),
      )
      .get();
    return row !== undefined;
  }

  async addLoginCode(code: Omit<LoginCode, 'attempts' | 'usedAt'>): Promise<void> {
    this.#db.insert(schema.loginCodes).values(loginCodeRow(code)).run();
  }

  async loginCode(id: string): Promise<LoginCode | undefined> {
    const row = this.#db.select().from(schema.loginCodes).where(eq(schema.loginCodes.id, id)).get();
    return row && toLoginCode(row);
  }

  async failLoginCode(id: string): Promise<number> {
    const row = this.#db
      .update(schema.loginCodes)
      .set({ attempts: sql`${schema.loginCodes.attempts} + 1` })
      .where(eq(schema.loginCodes.id, id))
      .returning({ attempts: schema.loginCodes.attempts })
      .get();
    return row?.attempts ?? 0;
  }

  async useLoginCode(id: string, at: Date, maxAttempts: number): Promise<boolean> {
    const c = schema.loginCodes;
    const result = this.#db
      .update(c)
      .set({ usedAt: iso(at) })
      .where(and(eq(c.id, id), isNull(c.usedAt), lt(c.attempts, maxAttempts), gt(c.expiresAt, iso(at))))
      .run();
    return result.changes === 1;
  }

  async addSession(session: Session): Promise<void> {
    this.#db.insert(schema.sessions).values(sessionRow(session)).run();
  }

  async session(id: string): Promise<Session | undefined> {
    const row = this.#db.select().from(schema.sessions).where(eq(schema.sessions.id, id)).get();
    return row && toSession(row);
  }

  async extendSession(id: string, expiresAt: Date): Promise<void> {
    this.#db
      .update(schema.sessions)
      .set({ expiresAt: iso(expiresAt) })
      .where(eq(schema.sessions.id, id))
      .run();
  }

  async deleteSession(id: string): Promise<void> {
    this.#db.delete(schema.sessions).where(eq(schema.sessions.id, id)).run();
  }

  /** Synchronous, for use inside the ingestion transaction. */
  addAccessLinkSync(link: Omit<AccessLink, 'usedAt' | 'requestNumber'> & { requestId: number }): void {
    this.#insertLink.run(accessLinkRow(link, link.requestId));
  }

  async addAccessLink(link: Omit<AccessLink, 'usedAt'>): Promise<void> {
    const requestId = this.#id(link.requestNumber);
    if (requestId === undefined) throw new Error(`unknown aanvraag ${link.requestNumber}`);
    const { requestNumber: _, ...rest } = link;
    this.addAccessLinkSync({ ...rest, requestId });
  }

  async accessLink(id: string): Promise<AccessLink | undefined> {
    const row = this.#db
      .select({ link: schema.accessLinks, number: schema.requests.number })
      .from(schema.accessLinks)
      .innerJoin(schema.requests, eq(schema.requests.id, schema.accessLinks.requestId))
      .where(eq(schema.accessLinks.id, id))
      .get();
    return row && toAccessLink(row.link, row.number);
  }

  async useAccessLink(id: string, at: Date): Promise<boolean> {
    const result = this.#db
      .update(schema.accessLinks)
      .set({ usedAt: iso(at) })
      .where(and(eq(schema.accessLinks.id, id), isNull(schema.accessLinks.usedAt)))
      .run();
    return result.changes === 1;
  }

  async grantAccess(requestNumber: string, email: string, grantedBy: string, at: Date): Promise<void> {
    const requestId = this.#id(requestNumber);
    if (requestId === undefined) throw new Error(`unknown aanvraag ${requestNumber}`);
    const row = grantRow(requestId, email, grantedBy, at);
    this.#db
      .insert(schema.accessGrants)
      .values(row)
      .onConflictDoUpdate({
        target: [schema.accessGrants.requestId, schema.accessGrants.email],
        set: { grantedBy: row.grantedBy, createdAt: row.createdAt, revokedAt: null },
      })
      .run();
  }

  async revokeAccess(requestNumber: string, email: string, at: Date): Promise<void> {
    const requestId = this.#id(requestNumber);
    if (requestId === undefined) return;
    this.#db
      .update(schema.accessGrants)
      .set({ revokedAt: iso(at) })
      .where(and(eq(schema.accessGrants.requestId, requestId), eq(schema.accessGrants.email, email.toLowerCase())))
      .run();
  }

  async grantsFor(requestNumber: string) {
    const requestId = this.#id(requestNumber);
    if (requestId === undefined) return [];
    return this.#db
      .select({
        email: schema.accessGrants.email,
        grantedBy: schema.accessGrants.grantedBy,
        createdAt: schema.accessGrants.createdAt,
      })
      .from(schema.accessGrants)
      .where(and(eq(schema.accessGrants.requestId, requestId), isNull(schema.accessGrants.revokedAt)))
      .all();
  }

  /** Synchronous, for use inside the ingestion transaction. */
  notificationModeSync(requestId: number, email: string): NotificationMode {
    return chosenMode(this.#mode.get({ requestId, email: email.toLowerCase() }));
  }

  async notificationMode(requestNumber: string, email: string): Promise<NotificationMode> {
    const requestId = this.#id(requestNumber);
    return requestId === undefined ? 'alles' : this.notificationModeSync(requestId, email);
  }

  async setNotificationMode(requestNumber: string, email: string, mode: NotificationMode, at: Date): Promise<void> {
    const requestId = this.#id(requestNumber);
    if (requestId === undefined) throw new Error(`unknown aanvraag ${requestNumber}`);
    this.#db
      .insert(schema.notificationPreferences)
      .values({ requestId, email: email.toLowerCase(), mode, updatedAt: iso(at) })
      .onConflictDoUpdate({
        target: [schema.notificationPreferences.requestId, schema.notificationPreferences.email],
        set: { mode, updatedAt: iso(at) },
      })
      .run();
  }

  /** Synchronous, for use inside the ingestion transaction. */
  languageSync(email: string): Lang | undefined {
    return this.#language.get({ email: email.toLowerCase() })?.language;
  }

  async language(email: string): Promise<Lang | undefined> {
    return this.languageSync(email);
  }

  async setLanguage(email: string, language: Lang, at: Date): Promise<void> {
    const c = schema.customerLanguages;
    this.#db
      .insert(c)
      .values({ email: email.toLowerCase(), language, updatedAt: iso(at) })
      .onConflictDoUpdate({ target: c.email, set: { language, updatedAt: iso(at) } })
      .run();
  }
}
