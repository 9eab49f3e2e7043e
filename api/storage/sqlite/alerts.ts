/** Organisations' alert settings and the daily digest's opt-outs in SQLite (api/storage/store.ts AlertStore). */
import { eq } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { AlertSettings } from '../../../domain/alert-settings.ts';
import { alertSettingsOf } from '../alert-rows.ts';
import type { DirectoryIds } from '../scope-sql.ts';
import type { AlertStore } from '../store.ts';
import * as schema from './schema.ts';

type Db = BetterSQLite3Database<typeof schema>;

export class SqliteAlerts implements AlertStore {
  readonly #db: Db;
  readonly #ids: DirectoryIds;

  constructor(db: Db, ids: DirectoryIds) {
    this.#db = db;
    this.#ids = ids;
  }

  async settings(organisation: string): Promise<AlertSettings> {
    const id = this.#ids.organisationId(organisation);
    const t = schema.alertSettings;
    return alertSettingsOf(id === undefined ? undefined : this.#db.select().from(t).where(eq(t.organisationId, id)).get());
  }

  async set(organisation: string, settings: AlertSettings, by: number, at: Date): Promise<void> {
    const id = this.#ids.organisationId(organisation);
    if (id === undefined) throw new Error(`unknown organisation ${organisation}`);
    const row = { ...settings, updatedAt: at.toISOString(), updatedBy: by };
    this.#db
      .insert(schema.alertSettings)
      .values({ organisationId: id, ...row })
      .onConflictDoUpdate({ target: schema.alertSettings.organisationId, set: row })
      .run();
  }

  async wantsDigest(staffId: number): Promise<boolean> {
    const t = schema.digestOptOuts;
    return !this.#db.select().from(t).where(eq(t.staffId, staffId)).get();
  }

  async setWantsDigest(staffId: number, wanted: boolean, at: Date): Promise<void> {
    const t = schema.digestOptOuts;
    if (wanted) this.#db.delete(t).where(eq(t.staffId, staffId)).run();
    else this.#db.insert(t).values({ staffId, at: at.toISOString() }).onConflictDoNothing().run();
  }
}
