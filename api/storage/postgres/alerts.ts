/** Organisations' alert settings and the daily digest's opt-outs in PostgreSQL (api/storage/store.ts AlertStore). */
import { eq } from 'drizzle-orm';
import type { AlertSettings } from '../../../domain/alert-settings.ts';
import { alertSettingsOf } from '../alert-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { AlertStore } from '../store.ts';
import type { PgDb } from './database.ts';
import { alertSettings, digestOptOuts } from './schema.ts';

export class PgAlerts implements AlertStore {
  readonly #db: PgDb;
  readonly #ids: DirectoryIds;

  constructor(db: PgDb, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async settings(organisation: string): Promise<AlertSettings> {
    const id = this.#ids.organisationId(organisation);
    if (id === undefined) return alertSettingsOf(undefined);
    const [row] = await this.#db.select().from(alertSettings).where(eq(alertSettings.organisationId, id));
    return alertSettingsOf(row);
  }

  async set(organisation: string, settings: AlertSettings, by: number, at: Date): Promise<void> {
    const id = this.#ids.organisationId(organisation);
    if (id === undefined) throw new Error(`unknown organisation ${organisation}`);
    const row = { ...settings, updatedAt: at.toISOString(), updatedBy: by };
    await this.#db
      .insert(alertSettings)
      .values({ organisationId: id, ...row })
      .onConflictDoUpdate({ target: alertSettings.organisationId, set: row });
  }

  async wantsDigest(staffId: number): Promise<boolean> {
    const rows = await this.#db.select().from(digestOptOuts).where(eq(digestOptOuts.staffId, staffId));
    return rows.length === 0;
  }

  async setWantsDigest(staffId: number, wanted: boolean, at: Date): Promise<void> {
    if (wanted) await this.#db.delete(digestOptOuts).where(eq(digestOptOuts.staffId, staffId));
    else await this.#db.insert(digestOptOuts).values({ staffId, at: at.toISOString() }).onConflictDoNothing();
  }
}
