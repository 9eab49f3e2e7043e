/**
 * What an organisation's admin sets for its planners' alerts (issue 15 items 3 and 4): how many
 * working days before a firm start date an open blocker makes it "planning in gevaar"
 * (date-at-risk.ts), and after how many days without a message an aanvraag counts as "zonder
 * update" (dashboard-metrics.ts isQuiet) in the daily digest and on the dashboard alike.
 */
import { z } from 'zod';
import './zod-dutch.ts';
import { DEFAULT_QUIET_DAYS } from './dashboard-metrics.ts';

export type AlertSettings = { riskDays: number; quietDays: number };

export const DEFAULT_RISK_DAYS = 5;
export const MAX_RISK_DAYS = 20;
export const MAX_QUIET_DAYS = 365;
export const DEFAULT_ALERT_SETTINGS: AlertSettings = { riskDays: DEFAULT_RISK_DAYS, quietDays: DEFAULT_QUIET_DAYS };

const days = (unit: string, min: number, max: number) =>
  z.coerce
    .number({ error: `moet een aantal ${unit} zijn` })
    .int(`moet een heel aantal ${unit} zijn`)
    .min(min, `moet minstens ${min} zijn`)
    .max(max, `mag hoogstens ${max} ${unit} zijn`);

/** The admin's form: both fields required. */
const settingsForm = z.strictObject({
  'werkdagen-gevaar': days('werkdagen', 1, MAX_RISK_DAYS),
  'dagen-zonder-update': days('dagen', 1, MAX_QUIET_DAYS),
});

export type AlertSettingsResult = { ok: true; settings: AlertSettings } | { ok: false; field: string; message: string };

export function parseAlertSettings(form: Record<string, unknown>): AlertSettingsResult {
  const parsed = settingsForm.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? (issue?.code === 'unrecognized_keys' ? issue.keys[0] : 'instelling'));
    return { ok: false, field, message: `${field}: ${issue?.message ?? 'klopt niet'}` };
  }
  return { ok: true, settings: { riskDays: parsed.data['werkdagen-gevaar'], quietDays: parsed.data['dagen-zonder-update'] } };
}
