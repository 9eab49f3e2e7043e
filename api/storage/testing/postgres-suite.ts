/**
 * The test files that run a second time on PostgreSQL (Vitest's `postgresql` project): every
 * file whose tests go through a Store. Together with their run on SQLite they are the
 * conformance suite of the two stores. A file joins when every store call it makes is built on
 * PostgreSQL; tests of SQLite's own machinery (checkpointer, disk-full, its file) stay out.
 */
export const POSTGRES_SUITE: string[] = [
  'api/storage/postgres/*.test.ts',
  'api/storage/scheduled-runs.test.ts',
  'api/storage/outbox-pruning.test.ts',
  'api/storage/rate-limits.test.ts',
  'api/privacy/retention-job.test.ts',
  'api/routes/directory.test.ts',
  'api/routes/widgets.test.ts',
  'api/storage/ingest-storage.test.ts',
  'api/mail/outbox.test.ts',
  'api/mail/sms-outbox.test.ts',
  'api/routes/berichten.test.ts',
  'api/routes/customer.test.ts',
  'api/routes/calendar-feed.test.ts',
  'api/routes/enquetes.test.ts',
  'api/routes/eindmeting-csv.test.ts',
  'api/mail/eindmeting.test.ts',
  'api/mail/mails-after-a-batch.test.ts',
  'api/storage/served-status-version.test.ts',
  'api/storage/postgres/outage.test.ts',
  'scripts/staff.test.ts',
  'api/routes/helpdesk.test.ts',
  'api/routes/staff.test.ts',
  'api/routes/personal-data.test.ts',
  'api/privacy/retention.test.ts',
  'api/auth/login-codes.test.ts',
  'api/auth/sessions.test.ts',
  'api/storage/dashboard.test.ts',
  'api/routes/aanvragen.test.ts',
  'api/routes/wijzigingen.test.ts',
  'api/storage/change-feed.test.ts',
  'api/routes/dashboard-export.test.ts',
  'api/routes/dashboard-small-groups.test.ts',
  'api/routes/bi.test.ts',
  'api/routes/sign-in-limits.test.ts',
  'api/fleet.test.ts',
];
