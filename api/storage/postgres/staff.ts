/**
 * Staff accounts, their sign-in codes and sessions, and API key management, in PostgreSQL. Every
 * single-use thing (a sign-in code, a recovery code, a TOTP step) is used by one conditional
 * `update … returning`: of two processes that try at once, one gets the row.
 */
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Scope } from '../../../domain/staff.ts';
import { type DirectoryIds, scopeCondition } from '../scope-sql.ts';
import { requestSearch, requestSummary, staffLoginCode, staffRecord, staffSession, summaryColumns } from '../staff-rows.ts';
import type {
  ApiKeyRecord,
  ContactDetails,
  RequestSummary,
  StaffLoginCode,
  StaffRecord,
  StaffSession,
  StaffStore,
} from '../store.ts';
import type { PgDb, PgTx as Tx } from './database.ts';
import * as schema from './schema.ts';

const iso = (d: Date) => d.toISOString();
const {
  staffMembers: members,
  staffSessions: sessions,
  staffLoginCodes: codes,
  staffRecoveryCodes: recoveryCodes,
  apiKeys,
} = schema;

export class PgStaff implements StaffStore {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;
  /** Called when a key is revoked, so cached look-ups of it end at once. */
  readonly #keysChanged: () => void;

  constructor(db: PgDb, ids: DirectoryIds, keysChanged: () => void) {
    this.#db = db;
    this.#ids = ids;
    this.#keysChanged = keysChanged;
  }

  #org(code: string): number {
    const id = this.#ids.organisationId(code);
    if (id === undefined) throw new Error(`unknown organisation ${code}`);
    return id;
  }

  async add(member: { organisation: string; email: string; name: string; role: StaffRecord['role'] }): Promise<StaffRecord> {
    const [row] = await this.#db
      .insert(members)
      .values({
        organisationId: this.#org(member.organisation),
        email: member.email.toLowerCase(),
        name: member.name,
        role: member.role,
      })
      .returning();
    return staffRecord(row as typeof members.$inferSelect, this.#ids);
  }

  async byId(id: number): Promise<StaffRecord | undefined> {
    const [row] = await this.#db.select().from(members).where(eq(members.id, id));
    return row && staffRecord(row, this.#ids);
  }

  async byEmail(email: string): Promise<StaffRecord | undefined> {
    const [row] = await this.#db.select().from(members).where(eq(members.email, email.toLowerCase()));
    return row && staffRecord(row, this.#ids);
  }

  async ofOrganisation(organisation: string): Promise<StaffRecord[]> {
    const id = this.#ids.organisationId(organisation);
    if (id === undefined) return [];
    const rows = await this.#db.select().from(members).where(eq(members.organisationId, id)).orderBy(asc(members.id));
    return rows.map((r) => staffRecord(r, this.#ids));
  }

  async update(
    organisation: string,
    id: number,
    change: { role?: StaffRecord['role']; disabled?: boolean },
    at = new Date(),
  ): Promise<boolean> {
    const orgId = this.#ids.organisationId(organisation);
    if (orgId === undefined) return false;
    const set = {
      ...(change.role && { role: change.role }),
      ...(change.disabled !== undefined && { disabledAt: change.disabled ? iso(at) : null }),
    };
    if (Object.keys(set).length === 0) return false;
    // The change and the sign-out together: no session outlives a role it no longer has.
    return this.#db.transaction(async (tx) => {
      const changed = await tx
        .update(members)
        .set(set)
        .where(and(eq(members.id, id), eq(members.organisationId, orgId)))
        .returning({ id: members.id });
      if (changed.length === 0) return false;
      await tx.delete(sessions).where(eq(sessions.staffId, id));
      return true;
    });
  }

  /** Holds the member's row until the transaction ends, so two changes of their second factor do not interleave. */
  async #lock(tx: Tx, id: number): Promise<void> {
    await tx.select({ id: members.id }).from(members).where(eq(members.id, id)).for('update');
  }

  async setTotpKey(id: number, encryptedKey: string | null): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await this.#lock(tx, id);
      await tx.update(members).set({ totpKey: encryptedKey, totpLastStep: null }).where(eq(members.id, id));
      if (encryptedKey === null) await tx.delete(recoveryCodes).where(eq(recoveryCodes.staffId, id));
    });
  }

  async replaceRecoveryCodes(id: number, hashes: string[]): Promise<void> {
    await this.#db.transaction(async (tx) => {
      // Without the lock, two replacements at once would both delete the old codes and leave both new sets.
      await this.#lock(tx, id);
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.staffId, id));
      if (hashes.length) await tx.insert(recoveryCodes).values(hashes.map((codeHash) => ({ staffId: id, codeHash })));
    });
  }

  async useRecoveryCode(id: number, hash: string, at: Date): Promise<boolean> {
    const c = recoveryCodes;
    const used = await this.#db
      .update(c)
      .set({ usedAt: iso(at) })
      .where(and(eq(c.staffId, id), eq(c.codeHash, hash), isNull(c.usedAt)))
      .returning({ id: c.id });
    return used.length === 1;
  }

  async useTotpStep(id: number, step: number): Promise<boolean> {
    const used = await this.#db
      .update(members)
      .set({ totpLastStep: step })
      .where(and(eq(members.id, id), or(isNull(members.totpLastStep), lt(members.totpLastStep, step))))
      .returning({ id: members.id });
    return used.length === 1;
  }

  async addLoginCode(code: Omit<StaffLoginCode, 'attempts' | 'usedAt'>): Promise<void> {
    await this.#db.insert(codes).values({ ...code, expiresAt: iso(code.expiresAt) });
  }

  async loginCode(id: string): Promise<StaffLoginCode | undefined> {
    const [row] = await this.#db.select().from(codes).where(eq(codes.id, id));
    return row && staffLoginCode(row);
  }

  async failLoginCode(id: string): Promise<number> {
    const [row] = await this.#db
      .update(codes)
      .set({ attempts: sql`${codes.attempts} + 1` })
      .where(eq(codes.id, id))
      .returning({ attempts: codes.attempts });
    return row?.attempts ?? 0;
  }

  async useLoginCode(id: string, at: Date, maxAttempts: number): Promise<boolean> {
    const used = await this.#db
      .update(codes)
      .set({ usedAt: iso(at) })
      .where(and(eq(codes.id, id), isNull(codes.usedAt), lt(codes.attempts, maxAttempts), gt(codes.expiresAt, iso(at))))
      .returning({ id: codes.id });
    return used.length === 1;
  }

  async addSession(session: StaffSession): Promise<void> {
    await this.#db.insert(sessions).values({ ...session, createdAt: iso(session.createdAt), expiresAt: iso(session.expiresAt) });
  }

  async session(id: string): Promise<StaffSession | undefined> {
    const [row] = await this.#db.select().from(sessions).where(eq(sessions.id, id));
    return row && staffSession(row);
  }

  async extendSession(id: string, expiresAt: Date): Promise<void> {
    await this.#db
      .update(sessions)
      .set({ expiresAt: iso(expiresAt) })
      .where(eq(sessions.id, id));
  }

  async deleteSession(id: string): Promise<void> {
    await this.#db.delete(sessions).where(eq(sessions.id, id));
  }

  async deleteSessionsOf(staffId: number): Promise<void> {
    await this.#db.delete(sessions).where(eq(sessions.staffId, staffId));
  }

  async findRequests(scope: Scope, query: string, limit: number): Promise<RequestSummary[]> {
    const r = schema.requests;
    // ILIKE: PostgreSQL's LIKE minds case, SQLite's does not.
    const match = requestSearch(r, query, (column, pattern) => sql`${column} ilike ${pattern} escape '\\'`);
    const rows = await this.#db
      .select(summaryColumns(r))
      .from(r)
      .where(and(scopeCondition(scope, this.#ids, schema), match))
      .orderBy(desc(r.updatedAt), desc(r.id))
      .limit(limit);
    return rows.map((row) => requestSummary(row, this.#ids));
  }

  async contactDetails(scope: Scope, numbers: readonly string[]): Promise<Map<string, ContactDetails>> {
    if (numbers.length === 0) return new Map();
    const r = schema.requests;
    const rows = await this.#db
      .select({ number: r.number, name: r.applicantName, phone: r.applicantPhone })
      .from(r)
      .where(and(scopeCondition(scope, this.#ids, schema), inArray(r.number, [...numbers])));
    return new Map(rows.map((row) => [row.number, { name: row.name, phone: row.phone }]));
  }

  async apiKeys(organisation: string): Promise<ApiKeyRecord[]> {
    const id = this.#ids.organisationId(organisation);
    if (id === undefined) return [];
    return this.#db
      .select({
        id: apiKeys.id,
        prefix: apiKeys.prefix,
        label: apiKeys.label,
        createdAt: apiKeys.createdAt,
        revokedAt: apiKeys.revokedAt,
      })
      .from(apiKeys)
      .where(eq(apiKeys.organisationId, id))
      .orderBy(asc(apiKeys.id));
  }

  async revokeApiKey(organisation: string, id: number, at = new Date()): Promise<boolean> {
    const orgId = this.#ids.organisationId(organisation);
    if (orgId === undefined) return false;
    const revoked = await this.#db
      .update(apiKeys)
      .set({ revokedAt: iso(at) })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.organisationId, orgId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (revoked.length === 1) this.#keysChanged();
    return revoked.length === 1;
  }
}
