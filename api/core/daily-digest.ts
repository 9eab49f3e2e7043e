/**
 * The planners' daily digest (issue 15 item 4): on each working day, from 07:00 Dutch time, every
 * planner and admin of an organisation who did not opt out gets one mail through the outbox with
 * the organisation's overdue steps, firm dates at risk and aanvragen without an update
 * (domain/daily-digest.ts), unless there is nothing to report. Of several server processes one
 * sends per day: each timer first claims the day's run (Store.claimScheduledRun, as the retention
 * job does), and each mail's idempotency key names the day and the member, so a second run on the
 * same day adds nothing to the outbox.
 */
import { dutchDate, dutchInstant } from '../../domain/calendar.ts';
import type { Content } from '../../domain/content.ts';
import { digestIsEmpty, isDigestDay } from '../../domain/daily-digest.ts';
import { scopeOf } from '../../domain/staff.ts';
import { partyName, staffStepName } from '../../site/lib/beheer.ts';
import type { Logger } from '../http/logger.ts';
import { dailyDigestMail } from '../mail/templates.ts';
import type { Store } from '../storage/store.ts';

export const DIGEST_JOB = 'dagoverzicht';
/** The digest goes out from this hour (Dutch time): planners read it when they start. */
export const DIGEST_HOUR = 7;

export type DigestRun = { day: string; organisations: number; mails: number } | { day: string; skipped: 'geen werkdag' };

export type DigestOptions = {
  store: Store;
  content: Content;
  /** The portal's address, for the links in the mail. */
  publicUrl: () => string;
  /** Called after mail was written to the outbox, to deliver it at once. */
  mailQueued?: () => void;
};

/** Writes the day's digest mails to the outbox; a day that is not a working day sends nothing. */
export async function sendDailyDigests({ store, content, publicUrl, mailQueued }: DigestOptions, now: Date): Promise<DigestRun> {
  const day = dutchDate(now);
  if (!isDigestDay(now)) return { day, skipped: 'geen werkdag' };
  let organisations = 0;
  let mails = 0;
  const base = publicUrl().replace(/\/$/, '');
  for (const code of store.organisationCodes()) {
    const org = store.organisation(code);
    // The platform sees every aanvraag: a digest of all of them helps nobody.
    if (!org || org.kind === 'platform') continue;
    const members = (await store.staff.ofOrganisation(code)).filter((m) => m.role !== 'viewer' && !m.disabledAt);
    const recipients = [];
    for (const m of members) if (await store.alerts.wantsDigest(m.id)) recipients.push(m);
    if (recipients.length === 0) continue;
    const settings = await store.alerts.settings(code);
    const digest = await store.dashboard.digest(scopeOf(org, store.combiCodes(), store), settings, now);
    if (digestIsEmpty(digest)) continue;
    organisations++;
    for (const member of recipients) {
      const mail = dailyDigestMail(digest, {
        organisation: org.name,
        memberName: member.name,
        links: { worklist: `${base}/beheer/werklijst`, account: `${base}/beheer/account` },
        stepName: (step) => staffStepName(step, content),
        partyName: (party) => partyName(party, (c) => store.organisation(c)),
      });
      await store.outbox.enqueue({
        idempotencyKey: `${DIGEST_JOB}:${day}:${member.id}`,
        kind: DIGEST_JOB,
        to: member.email,
        ...mail,
      });
      mails++;
    }
  }
  if (mails > 0) mailQueued?.();
  return { day, organisations, mails };
}

export type DigestJobOptions = DigestOptions & {
  log: Logger;
  intervalMs?: number;
  now?: () => Date;
  /** Claims the day's run for this process (Store.claimScheduledRun); without it every timer may send (one process). */
  claim?: (job: string, periodMs: number, at: Date) => Promise<boolean>;
  /** Gives a failed run's claim back (Store.releaseScheduledRun), so a later turn sends what is missing. */
  release?: (job: string, claimedAt: Date) => Promise<void>;
};

/** The timer: every `intervalMs` it checks whether today's digest is due, and sends it once. */
export function startDailyDigestJob({
  log,
  intervalMs = 10 * 60_000,
  now = () => new Date(),
  claim,
  release,
  ...options
}: DigestJobOptions) {
  let running: Promise<DigestRun | undefined> | undefined;

  /** One scheduled turn: on a working day from DIGEST_HOUR, when this process gets the day's run. */
  function tick(): Promise<DigestRun | undefined> {
    running ??= (async () => {
      let claimedAt: Date | undefined;
      try {
        const at = now();
        const day = dutchDate(at);
        if (!isDigestDay(at) || at.getTime() < Date.parse(dutchInstant(day, `${String(DIGEST_HOUR).padStart(2, '0')}:00`))) {
          return undefined;
        }
        // The period reaches back to the start of today: claimed when the last run was on an earlier day.
        const sinceMidnight = at.getTime() - Date.parse(dutchInstant(day, '00:00'));
        if (claim && !(await claim(DIGEST_JOB, sinceMidnight, at))) return undefined;
        claimedAt = at;
        const started = performance.now();
        const run = await sendDailyDigests(options, at);
        log({ msg: 'daily digest', ...run, ms: Math.round(performance.now() - started) });
        return run;
      } catch (error) {
        log({ level: 'error', msg: 'daily digest failed', error: (error as Error).message });
        // The day is not lost: the next turn (of any process) claims it again, and the mails already
        // in the outbox are not sent twice (their idempotency keys name the day and the member).
        if (claimedAt && release)
          await release(DIGEST_JOB, claimedAt).catch((e: Error) =>
            log({ level: 'error', msg: 'daily digest claim not given back', error: e.message }),
          );
        return undefined;
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  const timer = setInterval(tick, intervalMs);
  timer.unref();
  const first = setTimeout(tick, Math.min(60_000, intervalMs));
  first.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
