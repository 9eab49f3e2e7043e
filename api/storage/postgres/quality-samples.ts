/** Quality samples in PostgreSQL: SQL only (api/storage/quality-sample-rows.ts maps the rows). */
import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import type { Scope } from '../../../domain/staff.ts';
import { confirmationMailJoin, itemColumns, itemOf, ownSamples, sampleColumns, sampleOf } from '../quality-sample-rows.ts';
import { type DirectoryIds, scopeCondition } from '../scope-sql.ts';
import type { NewQualitySample, QualitySample, QualitySampleStore, QualityVerdict } from '../store.ts';
import type { PgDb } from './database.ts';
import * as schema from './schema.ts';

const { qualitySamples: s, qualitySampleItems: i, contactMoments: c, requests: r, outbox: o } = schema;

export class PgQualitySamples implements QualitySampleStore {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;

  constructor(db: PgDb, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async candidates(scope: Scope, from: string, before: string): Promise<number[]> {
    const rows = await this.#db
      .select({ id: c.id })
      .from(c)
      .innerJoin(r, eq(r.id, c.requestId))
      .where(and(gte(c.at, from), lt(c.at, before), scopeCondition(scope, this.#ids, schema)))
      .orderBy(asc(c.id));
    return rows.map((row) => row.id);
  }

  async create(organisation: string, sample: NewQualitySample, ids: readonly number[]): Promise<QualitySample> {
    const organisationId = this.#ids.organisationId(organisation);
    if (organisationId === undefined) throw new Error(`unknown organisation ${organisation}`);
    const id = await this.#db.transaction(async (tx) => {
      const [row] = await tx
        .insert(s)
        .values({
          organisationId,
          fromDate: sample.from,
          toDate: sample.to,
          size: sample.size,
          seed: sample.seed,
          drawnBy: sample.drawnBy,
        })
        .returning({ id: s.id });
      if (!row) throw new Error('quality sample not inserted');
      if (ids.length)
        await tx.insert(i).values(ids.map((contactMomentId, position) => ({ sampleId: row.id, contactMomentId, position })));
      return row.id;
    });
    return (await this.#own(organisation, id)) as QualitySample;
  }

  async #own(organisation: string, id: number): Promise<QualitySample | undefined> {
    const [row] = await this.#db
      .select(sampleColumns(s, i))
      .from(s)
      .where(ownSamples(s, this.#ids, organisation, id));
    return row && sampleOf(row, this.#ids);
  }

  async ofOrganisation(organisation: string): Promise<QualitySample[]> {
    const rows = await this.#db
      .select(sampleColumns(s, i))
      .from(s)
      .where(ownSamples(s, this.#ids, organisation))
      .orderBy(desc(s.id));
    return rows.map((row) => sampleOf(row, this.#ids));
  }

  async sample(organisation: string, id: number) {
    const sample = await this.#own(organisation, id);
    if (!sample) return undefined;
    const rows = await this.#db
      .select(itemColumns(i, c, r, o))
      .from(i)
      .innerJoin(c, eq(c.id, i.contactMomentId))
      .innerJoin(r, eq(r.id, c.requestId))
      .leftJoin(o, confirmationMailJoin(o, c))
      .where(eq(i.sampleId, id))
      .orderBy(asc(i.position));
    return { sample, items: rows.map((row) => itemOf(row, this.#ids)) };
  }

  async recordVerdict(organisation: string, sampleId: number, itemId: number, v: QualityVerdict): Promise<boolean> {
    if (!(await this.#own(organisation, sampleId))) return false;
    const changed = await this.#db
      .update(i)
      .set({ verdict: v.verdict, failed: v.failed, note: v.note || null, reviewedBy: v.by, reviewedAt: v.at.toISOString() })
      .where(and(eq(i.id, itemId), eq(i.sampleId, sampleId)))
      .returning({ id: i.id });
    return changed.length > 0;
  }
}
