/** Alert settings as stored, for SQLite and PostgreSQL alike (api/storage/sqlite/schema.ts alertSettings). */
import { type AlertSettings, DEFAULT_ALERT_SETTINGS } from '../../domain/alert-settings.ts';

/** A row's settings, or the defaults when the organisation has none. */
export function alertSettingsOf(row: { riskDays: number; quietDays: number } | undefined): AlertSettings {
  return row ? { riskDays: row.riskDays, quietDays: row.quietDays } : { ...DEFAULT_ALERT_SETTINGS };
}
