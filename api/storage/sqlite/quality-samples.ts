/** Quality samples in SQLite: SQL only (api/storage/quality-sample-rows.ts maps the rows). */
import { and, asc, desc, eq, gte, lt, sql } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { DAY_MS } from '../../../domain/calendar.ts';
import type { Scope } from '../../../domain/staff.ts';
import { confirmationMailJoin, itemColumns, itemOf, ownSamples, sampleColumns, sampleOf } from '../quality-sample-rows.ts';
import { type DirectoryIds, scopeCondition } from '../scope-sql.ts';
import type { NewQualitySample, QualitySample, QualitySampleStore, QualityVerdict } from '../store.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;
const { qualitySamples: s, qualitySampleItems: i, contactMoments: c, requests: r, outbox: o } = schema;

export class SqliteQualitySamples implements QualitySampleStore {
  readonly #db: Db;
  readonly #ids: DirectoryIds;

  constructor(db: Db, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async candidates(scope: Scope, from: string, before: string): Promise<number[]> {
    // SQLite keeps `at` as the message sent it, with its own offset ("…T23:40:00+02:00"): text
    // order is not time order, so compare instants (julianday reads the offset), after a cheap
    // text filter a day wider than any offset.
    const day = (instant: string, days: number) => new Date(Date.parse(instant) + days * DAY_MS).toISOString();
    return this.#db
      .select({ id: c.id })
      .from(c)
      .innerJoin(r, eq(r.id, c.requestId))
      .where(
        and(
          gte(c.at, day(from, -1)),
          lt(c.at, day(before, 1)),
          sql`julianday(${c.at}) >= julianday(${from})`,
          sql`julianday(${c.at}) < julianday(${before})`,
          scopeCondition(scope, this.#ids, schema),
        ),
      )
      .orderBy(asc(c.id))
      .all()
      .map((row) => row.id);
  }

  async create(organisation: string, sample: NewQualitySample, ids: readonly number[]): Promise<QualitySample> {
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) throw new Error(`unknown organisation ${organisation}`);
    const id = this.#db.transaction((tx) => {
      const row = tx
        .insert(s)
        .values({
          organisationId,
          fromDate: sample.from,
          toDate: sample.to,
          size: sample.size,
          seed: sample.seed,
          drawnBy: sample.drawnBy,
        })
        .returning({ id: s.id })
        .get();
      if (ids.length)
        tx.insert(i)
          .values(ids.map((contactMomentId, position) => ({ sampleId: row.id, contactMomentId, position })))
          .run();
      return row.id;
    });
    return (await this.#own(organisation, id)) as QualitySample;
  }

  async #own(organisation: string, id: number): Promise<QualitySample | undefined> {
    const row = this.#db
      .select(sampleColumns(s, i))
      .from(s)
      .where(ownSamples(s, this.#ids, organisation, id))
      .get();
    return row && sampleOf(row, this.#ids);
  }

  async ofOrganisation(organisation: string): Promise<QualitySample[]> {
    return this.#db
      .select(sampleColumns(s, i))
      .from(s)
      .where(ownSamples(s, this.#ids, organisation))
      .orderBy(desc(s.id))
      .all()
      .map((row) => sampleOf(row, this.#ids));
  }

  async sample(organisation: string, id: number) {
    const sample = await this.#own(organisation, id);
    if (!sample) return undefined;
    const items = this.#db
      .select(itemColumns(i, c, r, o))
      .from(i)
      .innerJoin(c, eq(c.id, i.contactMomentId))
      .innerJoin(r, eq(r.id, c.requestId))
      .leftJoin(o, confirmationMailJoin(o, c))
      .where(eq(i.sampleId, id))
      .orderBy(asc(i.position))
      .all()
      .map((row) => itemOf(row, this.#ids));
    return { sample, items };
  }

  async recordVerdict(organisation: string, sampleId: number, itemId: number, v: QualityVerdict): Promise<boolean> {
    if (!(await this.#own(organisation, sampleId))) return false;
    const changed = this.#db
      .update(i)
      .set({ verdict: v.verdict, failed: v.failed, note: v.note || null, reviewedBy: v.by, reviewedAt: v.at.toISOString() })
      .where(and(eq(i.id, itemId), eq(i.sampleId, sampleId)))
      .run();
    return changed.changes > 0;
  }
}
