/**
 * Webhooks in the application core: the events a batch causes (domain/webhooks.ts decides which)
 * go to the outbox in the batch's own transaction, one row per event and endpoint, to every
 * endpoint that wants the event and whose organisation takes part in the aanvraag (the one
 * isolation rule, `takesPart`); and the checks and secrets of registering an endpoint. The
 * delivery itself is api/webhooks/webhook-worker.ts. docs/decisions/0033-webhooks.md.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { type Directory, takesPart } from '../../domain/authorization.ts';
import type { LoggedMessage } from '../../domain/messages.ts';
import type { RequestState } from '../../domain/request-state.ts';
import { requestPhase } from '../../domain/status.ts';
import {
  type UrlRefusal,
  type WebhookEvent,
  type WebhookView,
  webhookEventsAfterBatch,
  webhookPayload,
  webhookUrlRefusal,
} from '../../domain/webhooks.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { WebhookEndpoint, WebhookStore } from '../data/store.ts';
import type { IngestTransaction, WebhookSubscription } from '../storage/contract.ts';

/**
 * The event's id (Standard Webhooks `webhook-id`): made from the aanvraag, the cause's place in
 * the log and the event type, so a transaction that runs again, a retry and a replay all carry
 * the same id, and every endpoint gets the same id for the same event.
 */
export function webhookEventId(requestNumber: string, seq: number, type: WebhookEvent): string {
  const hash = createHash('sha256').update(`${requestNumber}\n${seq}\n${type}`).digest('base64url');
  return `msg_${hash.slice(0, 27)}`;
}

/** What an event says about its aanvraag: numbers, codes and moments; never the customer's person. */
function eventData(type: WebhookEvent, state: RequestState, cause: LoggedMessage): Record<string, unknown> {
  const data: Record<string, unknown> = {
    aanvraagnummer: state.number,
    fase: requestPhase(state),
    geannuleerd: !!state.cancelledAt,
    bericht: { id: cause.id, type: cause.type, afzender: cause.sender, moment: cause.occurredAt },
  };
  if (type === 'aanvraag.contactmoment_vastgelegd' && cause.type === 'contact_logged')
    data.contactmoment = { code: cause.contactMoment, kanaal: cause.channel };
  if (type === 'aanvraag.stagnatie')
    data.stagnatie =
      cause.type === 'stagnation_reported' ? { gebeurtenis: 'gemeld', oorzaak: cause.cause } : { gebeurtenis: 'opgeheven' };
  if (type === 'aanvraag.planning_gewijzigd') data.planning = state.planning;
  return data;
}

export type WebhookBatch = {
  tx: IngestTransaction;
  directory: Directory;
  now: Date;
  /** The batch's endpoints, read once, at the first event. */
  subscriptions?: Promise<WebhookSubscription[]>;
};

/** Queues the webhooks of one aanvraag's part of a batch, in the batch's transaction. */
export async function queueWebhooks(
  batch: WebhookBatch,
  aanvraag: { state: RequestState; before: WebhookView; added: readonly LoggedMessage[]; seqs: Map<LoggedMessage, number> },
): Promise<void> {
  const { state, before, added, seqs } = aanvraag;
  const events = webhookEventsAfterBatch({ before, after: state, added });
  if (events.length === 0) return;
  batch.subscriptions ??= batch.tx.webhookSubscriptions();
  const subscriptions = await batch.subscriptions;
  const takingPart = subscriptions.filter((s) => {
    const org = batch.directory.organisation(s.organisation);
    return !!org && takesPart(org, state, batch.directory);
  });
  for (const { type, cause } of events) {
    const eventId = webhookEventId(state.number, seqs.get(cause) as number, type);
    const text = webhookPayload(type, batch.now, eventData(type, state, cause));
    for (const s of takingPart) {
      if (!s.events.includes(type)) continue;
      await batch.tx.enqueue({
        idempotencyKey: `webhook:${eventId}:${s.endpointId}`,
        kind: type,
        requestNumber: state.number,
        to: String(s.endpointId),
        subject: eventId,
        html: '',
        text,
        channel: 'webhook',
      });
    }
  }
}

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** How long the secret before a rotation keeps signing, so a receiver can switch without missing a delivery. */
export const PREVIOUS_SECRET_MS = 24 * 60 * 60_000;

export type AddressLookup = (host: string) => Promise<string[]>;

/** Every address a host name resolves to (IPv4 and IPv6). */
export const lookUpAddresses: AddressLookup = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Whether this URL may receive webhooks (domain/webhooks.ts webhookUrlRefusal). In production the
 * host is resolved and every address it has must be public; a name that does not resolve is refused.
 */
export async function webhookUrlCheck(
  url: string,
  { production, resolve = lookUpAddresses }: { production: boolean; resolve?: AddressLookup },
): Promise<UrlRefusal | undefined> {
  const first = webhookUrlRefusal(url, { production });
  if (first || !production) return first;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    return { message: 'de naam van de host bestaat niet / the host name does not resolve' };
  }
  if (addresses.length === 0) return { message: 'de naam van de host bestaat niet / the host name does not resolve' };
  return webhookUrlRefusal(url, { production, addresses });
}

/** What registering and rotating need: where the server runs, how hosts resolve, the box that seals secrets. */
export type WebhookSettings = { production: boolean; resolve?: AddressLookup; box: SecretBox };

/** A new endpoint of the organisation, with its secret shown this once; or why its URL is refused. */
export async function registerEndpoint(
  webhooks: WebhookStore,
  settings: WebhookSettings,
  organisation: string,
  wanted: { url: string; events: readonly WebhookEvent[] },
  now = new Date(),
): Promise<{ endpoint: WebhookEndpoint; secret: string } | { refused: UrlRefusal }> {
  const refused = await webhookUrlCheck(wanted.url, settings);
  if (refused) return { refused };
  const secret = newWebhookSecret();
  const sealed = settings.box.seal(new TextEncoder().encode(secret));
  const endpoint = await webhooks.add(
    organisation,
    { url: wanted.url, events: [...new Set(wanted.events)], secret: sealed },
    now,
  );
  return { endpoint, secret };
}

/** A new secret for the organisation's endpoint; the old one keeps signing for PREVIOUS_SECRET_MS. */
export async function rotateEndpointSecret(
  webhooks: WebhookStore,
  box: SecretBox,
  organisation: string,
  id: number,
  now = new Date(),
): Promise<{ secret: string; previousUntil: Date } | undefined> {
  const secret = newWebhookSecret();
  const previousUntil = new Date(now.getTime() + PREVIOUS_SECRET_MS);
  const ok = await webhooks.rotateSecret(organisation, id, box.seal(new TextEncoder().encode(secret)), previousUntil);
  return ok ? { secret, previousUntil } : undefined;
}

/** Sends one of the organisation's deliveries again, with its event id and body, as a new outbox row. */
export function replayDelivery(webhooks: WebhookStore, organisation: string, deliveryId: number, now = new Date()) {
  return webhooks.replay(organisation, deliveryId, `webhook-opnieuw:${deliveryId}:${randomUUID()}`, now);
}
