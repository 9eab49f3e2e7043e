/**
 * Configuration from environment variables, validated at start. Every variable has a safe
 * default for a local run; README.md lists them.
 */
import { join } from 'node:path';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { DEFAULT_PARKED_MESSAGE_DAYS } from '../domain/parked-messages.ts';
import { DEFAULT_OUTBOX_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, MIN_RETENTION_DAYS } from '../domain/retention.ts';

const ROOT = join(import.meta.dirname, '..');

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(4321),
    HOST: z.string().default('127.0.0.1'),
    DATABASE_FILE: z.string().default(join(ROOT, 'data', 'traject.sqlite')),
    /**
     * A PostgreSQL database (postgres://user:password@host:5432/traject) instead of the SQLite file:
     * for several server processes on one database (README, "Running several servers").
     */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/./, 'moet een PostgreSQL-adres zijn: postgres://gebruiker:wachtwoord@host:5432/database')
      .optional(),
    /**
     * On PostgreSQL: how long a mail that a process took from the outbox stays away from the other
     * processes; when the process dies mid-send, another sends it after this (same idempotency key).
     * Longer than the worker's send timeout times its batch.
     */
    OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).default(300),
    /** Connections per server process to PostgreSQL. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
    CONTENT_DIR: z.string().default(join(ROOT, 'content')),
    /**
     * Where content editors' text proposals (/beheer/teksten) go as patch files when CONTENT_DIR is
     * not in a git checkout; in one, each proposal is a branch tekstvoorstel/… instead (decision 0036).
     */
    TEXT_PROPOSALS_DIR: z.string().default(join(ROOT, 'data', 'tekstvoorstellen')),
    /** The built Astro site (dist/); without it the server runs the API only. */
    SITE_DIR: z.string().default(join(ROOT, 'dist')),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    /** How long graceful shutdown waits for requests in flight before it closes them. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    /**
     * On SIGTERM, how long the server goes on serving (with /readyz at 503 and `Connection: close`)
     * before it stops listening: the time a proxy or load balancer needs to stop sending it requests.
     */
    DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(5),
    /** The portal's address as customers reach it, for links in mails (default: where it listens). */
    PUBLIC_URL: z.url().optional(),
    /** Without a key, mails wait in the outbox; `npm start` then runs a local fake Resend. */
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: z.url().default('https://api.resend.com'),
    /**
     * Batches of up to 100 mails the outbox worker has in flight at once (per server process).
     * Resend allows 5 requests per second per team unless asked for more: raise it with that limit.
     */
    MAIL_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(50).default(2),
    MAIL_FROM: z.string().default('Traject <noreply@traject.example>'),
    /** The SMS provider (api/mail/sms-sender.ts); without it, `npm start` runs a local fake and SMS wait in the outbox otherwise. */
    SMS_API_URL: z.url().optional(),
    SMS_API_KEY: z.string().min(1).optional(),
    /** The sender name of SMS (at most 11 characters, as operators allow). */
    SMS_FROM: z.string().min(1).max(11).default('Traject'),
    /**
     * The window of the sign-in rate limits, in seconds: 20 code requests per client address, 5 per
     * address and account, 20 per account from all addresses (api/http/sign-in-limits.ts).
     */
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /**
     * The reverse proxies in front of the server whose X-Forwarded-For is believed, comma-separated:
     * addresses, subnets (10.0.0.0/8) or the names loopback, linklocal and uniquelocal. Empty: none,
     * and a client's address is its socket's (api/http/rate-limit.ts clientIp).
     */
    TRUST_PROXY: z
      .string()
      .default('')
      .transform((value, ctx) => {
        const list = value
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean);
        try {
          return proxyaddr.compile(list);
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            message: `${(error as Error).message}: schrijf adressen, subnetten (10.0.0.0/8) of loopback, linklocal, uniquelocal, met komma's ertussen`,
          });
          return z.NEVER;
        }
      }),
    /** AVG: days after delivery or cancellation before an aanvraag's personal data is removed (api/privacy/retention-job.ts). */
    RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(MIN_RETENTION_DAYS, `moet minstens ${MIN_RETENTION_DAYS} dagen zijn`)
      .default(DEFAULT_RETENTION_DAYS),
    /**
     * Days a sent or finally failed mail stays in the outbox after its last attempt; then the
     * retention job deletes the row (its body was already cleared at delivery).
     */
    OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).default(DEFAULT_OUTBOX_RETENTION_DAYS),
    /**
     * Days a message that arrived before its aanvraag waits for it (docs/decisions/0034-parked-messages.md);
     * then it expires unapplied, with result `verlopen`.
     */
    PARKED_MESSAGE_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_PARKED_MESSAGE_DAYS),
    /**
     * `production`: webhook URLs must resolve to public addresses (no loopback, no private ranges);
     * otherwise a loopback URL over plain http is allowed, for a developer's own receiver.
     */
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** Days a webhook endpoint may fail without a success before it is disabled and its admins are mailed. */
    WEBHOOK_DISABLE_AFTER_DAYS: z.coerce.number().min(0.001).max(60).default(3),
    /** How long a webhook endpoint has to answer, in seconds. */
    WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(1).max(60).default(10),
    /**
     * The planners' daily digest (api/core/daily-digest.ts): `uit` switches the job off, for test
     * servers whose mail counts it would disturb; the job itself still sends only on working days.
     */
    DAILY_DIGEST: z.enum(['aan', 'uit']).default('aan'),
    /** How often the retention job runs; of several server processes, one runs it per period. */
    RETENTION_INTERVAL_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(6 * 3600),
    /**
     * Other sites that embed the widgets and may send survey answers: origins, comma-separated
     * (https://www.example.nl,https://partner.example). The portal's own origin is always allowed.
     */
    WIDGET_ORIGINS: z
      .string()
      .default('')
      .transform((value, ctx) =>
        value
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)
          .map((o) => {
            const origin = URL.canParse(o) ? new URL(o).origin : 'null';
            if (origin === 'null' || origin !== o.replace(/\/$/, ''))
              ctx.addIssue({ code: 'custom', message: `"${o}" is geen origin: schrijf schema://host[:poort], zonder pad` });
            return origin;
          }),
      ),
    /**
     * The key that encrypts staff TOTP keys at rest: 32 random bytes in base64
     * (`openssl rand -base64 32`). Without it, a key file is made beside the database on first start.
     */
    SECRET_KEY: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'moet 32 bytes in base64 zijn (openssl rand -base64 32)')
      .optional(),
    /** Largest request body the API accepts, in bytes. */
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(2 * 1024 * 1024),
    /**
     * Memory for the statuses the API serves, in MB: about 6 KB per aanvraag. The cache holds the
     * aanvragen looked up more than once (it starts empty; api/core/status-cache.ts); a look-up
     * answered from memory costs no database read; 0 turns the cache off.
     */
    STATUS_CACHE_MB: z.coerce.number().int().min(0).default(32),
  })
  .superRefine((config, ctx) => {
    // Every process of a fleet must decrypt what another encrypted: one key, given to all.
    if (config.DATABASE_URL && !config.SECRET_KEY)
      ctx.addIssue({
        code: 'custom',
        path: ['SECRET_KEY'],
        message: 'is nodig naast DATABASE_URL: elk serverproces moet dezelfde sleutel hebben (openssl rand -base64 32)',
      });
  });

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new Error(`Configuration is invalid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
