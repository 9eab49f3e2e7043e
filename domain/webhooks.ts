/**
 * Webhooks: which events an organisation's systems can be told about, which of them a batch of
 * messages about one aanvraag causes, which URLs may receive them, and how long a failing
 * endpoint is tried (docs/decisions/0033-webhooks.md). Pure: api/core/webhooks.ts applies them
 * in the ingestion transaction, api/webhooks/webhook-worker.ts at delivery.
 */
import { BlockList, isIP } from 'node:net';
import { type CustomerView, customerView, kcmCJustDelivered, movesPlanning } from './kcm-mails.ts';
import { compareMessages, type LoggedMessage } from './messages.ts';
import type { RequestState } from './request-state.ts';
import { requestPhase } from './status.ts';

export const WEBHOOK_EVENTS = [
  'aanvraag.status_gewijzigd',
  'aanvraag.contactmoment_vastgelegd',
  'aanvraag.planning_gewijzigd',
  'aanvraag.stagnatie',
  'aanvraag.opgeleverd',
  'enquete.negatief_beantwoord',
  'terugbelverzoek.ingediend',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What each event means, for the admin page and the reference. */
export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'aanvraag.status_gewijzigd': 'De fase van de aanvraag veranderde (ook bij indienen en annuleren)',
  'aanvraag.contactmoment_vastgelegd': 'Er is een contactmoment met de klant vastgelegd',
  'aanvraag.planning_gewijzigd': 'Een datum in de planning veranderde',
  'aanvraag.stagnatie': 'Stagnatie is gemeld of opgeheven',
  'aanvraag.opgeleverd': 'Elke opdracht is opgeleverd',
  'enquete.negatief_beantwoord': 'Een klant gaf een lage score in een enquête',
  'terugbelverzoek.ingediend': 'Een klant vroeg om teruggebeld te worden',
};

/** An event a batch caused, with the message that caused it (its place in the log keys the event). */
export type BatchEvent<M extends LoggedMessage = LoggedMessage> = { type: WebhookEvent; cause: M };

/** The part of an aanvraag's state the events compare: taken before a batch, compared after. */
export type WebhookView = CustomerView & { phase: string; cancelled: boolean };

export function webhookView(state: RequestState): WebhookView {
  return { ...customerView(state), phase: requestPhase(state), cancelled: !!state.cancelledAt };
}

/**
 * The events of a batch about one aanvraag, judged like its mails (./mails-after-a-batch.ts) on
 * the view before the batch and the state after all of it, so a late message that changes
 * nothing causes no status or planning event. Logged facts (contacts, stagnation) are events each.
 */
export function webhookEventsAfterBatch<M extends LoggedMessage>(batch: {
  before: WebhookView;
  after: RequestState;
  added: readonly M[];
}): BatchEvent<M>[] {
  const { before } = batch;
  const after = webhookView(batch.after);
  const added = [...batch.added].sort(compareMessages);
  const last = added.at(-1);
  if (!last) return [];
  const events: BatchEvent<M>[] = [];
  for (const m of added) {
    if (m.type === 'contact_logged') events.push({ type: 'aanvraag.contactmoment_vastgelegd', cause: m });
    if (m.type === 'stagnation_reported' || m.type === 'stagnation_lifted') events.push({ type: 'aanvraag.stagnatie', cause: m });
  }
  const lastPlanning = added.findLast(movesPlanning);
  if (lastPlanning && before.planning !== after.planning)
    events.push({ type: 'aanvraag.planning_gewijzigd', cause: lastPlanning });
  if (before.phase !== after.phase || before.cancelled !== after.cancelled)
    events.push({ type: 'aanvraag.status_gewijzigd', cause: last });
  if (kcmCJustDelivered(before, after)) {
    events.push({ type: 'aanvraag.opgeleverd', cause: added.findLast((m) => m.type === 'work_order_completed') ?? last });
  }
  return events.sort((a, b) => compareMessages(a.cause, b.cause));
}

/** Loopback, private, link-local, carrier-grade NAT and other non-public ranges (RFC 6890). */
const NOT_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(net, prefix, 'ipv6');

/** Whether an IP address (v4 or v6, without brackets) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is its IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const [high, low] = [Number.parseInt(hex[1] as string, 16), Number.parseInt(hex[2] as string, 16)];
    return isPublicAddress([high >> 8, high & 255, low >> 8, low & 255].join('.'));
  }
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

export type UrlRefusal = { message: string };

/**
 * Whether this URL may receive webhooks, before its host is resolved: https only, except a
 * loopback address outside production (a developer's own receiver); in production an address
 * must be public. `addresses` are what the host resolves to (api/core/webhooks.ts looks them up
 * in production): each must be public, so a name cannot point into the network either.
 */
export function webhookUrlRefusal(
  raw: string,
  { production, addresses = [] }: { production: boolean; addresses?: readonly string[] },
): UrlRefusal | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { message: 'is geen geldige URL / is not a valid URL' };
  }
  if (raw.length > 500) return { message: 'mag hoogstens 500 tekens zijn / must be at most 500 characters' };
  if (url.username || url.password)
    return { message: 'mag geen gebruikersnaam of wachtwoord bevatten / must not contain credentials' };
  const host = url.hostname.toLowerCase();
  const loopback = LOOPBACK_NAMES.has(host) || host.endsWith('.localhost') || (isIP(host) === 4 && host.startsWith('127.'));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback && !production))
    return { message: 'moet met https:// beginnen / must use https://' };
  if (!production) return undefined;
  const literal = host.startsWith('[') ? host.slice(1, -1) : host;
  const named = isIP(literal) === 0;
  if (loopback || (!named && !isPublicAddress(literal)) || addresses.some((a) => !isPublicAddress(a)))
    return {
      message:
        'wijst naar een intern of lokaal netwerkadres; kies een publiek bereikbaar adres / points to a private or loopback address; use a publicly reachable one',
    };
  return undefined;
}

/**
 * The wait before the next attempt after `attempts` failed ones: quick at first, then hours, as
 * the Standard Webhooks guidance does (5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h).
 */
export function webhookBackoffMs(attempts: number): number {
  const steps = [5, 300, 1800, 7200, 18_000];
  return (steps[attempts - 1] ?? 36_000) * 1000;
}

/** An endpoint that has failed without a success for this long is disabled. */
export function failingTooLong(failingSince: Date | null, now: Date, disableAfterMs: number): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= disableAfterMs;
}

/** The body of a delivery (Standard Webhooks: type, timestamp, data). */
export function webhookPayload(type: WebhookEvent, at: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data });
}

/** Keep this many characters of an endpoint's answer: enough to see what went wrong, no more. */
export const ANSWER_CHARS = 300;
