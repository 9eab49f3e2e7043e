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
import type { IngestTransaction, OutboxRow, WebhookSubscription } from '../storage/contract.ts';
import type {
  CallbackRequest,
  NewOutboxMail,
  SaveResponse,
  SaveResult,
  Store,
  WebhookEndpoint,
  WebhookStore,
} from '../storage/store.ts';

/**
 * The event's id (Standard Webhooks `webhook-id`): made from the aanvraag, its cause (the
 * message's place in the log, or the call-back request's or response's own id) and the event type, so a transaction that runs again, a retry and a replay all carry
 * the same id, and every endpoint gets the same id for the same event.
 */
function webhookEventId(requestNumber: string, cause: string, type: WebhookEvent): string {
  const hash = createHash('sha256').update(`${requestNumber}\n${cause}\n${type}`).digest('base64url');
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

/**
 * The outbox rows of one event: one per endpoint that wants it and whose organisation takes part
 * in the aanvraag (the one isolation rule). Ingestion, call-back requests and survey responses
 * all fan out here.
 */
function webhookRows(
  subscriptions: readonly WebhookSubscription[],
  directory: Directory,
  event: { type: WebhookEvent; eventId: string; state: RequestState; data: Record<string, unknown>; now: Date },
): OutboxRow[] {
  const { type, eventId, state } = event;
  const text = webhookPayload(type, event.now, event.data);
  return subscriptions.flatMap((s) => {
    const org = directory.organisation(s.organisation);
    if (!s.events.includes(type) || !org || !takesPart(org, state, directory)) return [];
    return [
      {
        idempotencyKey: `webhook:${eventId}:${s.endpointId}`,
        kind: type,
        requestNumber: state.number,
        to: String(s.endpointId),
        subject: eventId,
        html: '',
        text,
        channel: 'webhook' as const,
      },
    ];
  });
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
  for (const { type, cause } of events) {
    const eventId = webhookEventId(state.number, String(seqs.get(cause)), type);
    const data = eventData(type, state, cause);
    for (const row of webhookRows(subscriptions, batch.directory, { type, eventId, state, data, now: batch.now }))
      await batch.tx.enqueue(row);
  }
}

/**
 * The webhooks of something a customer did about an aanvraag (a call-back request, a clearly
 * negative survey answer), for the store to write in the same transaction as that. `key` is the
 * thing's own id: a retried request makes the same rows, which the outbox takes once.
 */
export async function customerEventWebhooks(
  store: Pick<Store, 'webhooks' | 'requestState' | 'organisation' | 'combi'>,
  event: { type: WebhookEvent; requestNumber: string | null; key: string; data: Record<string, unknown> },
  now = new Date(),
): Promise<NewOutboxMail[]> {
  if (!event.requestNumber) return [];
  const [subscriptions, state] = await Promise.all([store.webhooks.subscriptions(), store.requestState(event.requestNumber)]);
  if (!state || !subscriptions.some((s) => s.events.includes(event.type))) return [];
  const eventId = webhookEventId(state.number, event.key, event.type);
  const data = { aanvraagnummer: state.number, fase: requestPhase(state), ...event.data };
  return webhookRows(subscriptions, store, { type: event.type, eventId, state, data, now }).map(
    ({ requestNumber: _, ...row }) => row,
  );
}

/**
 * A new signing secret in the Standard Webhooks form (`whsec_` and 32 random bytes in base64), and
 * that secret sealed for the store.
 */
function newWebhookSecret(box: SecretBox): { secret: string; sealed: string } {
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  return { secret, sealed: box.seal(new TextEncoder().encode(secret)) };
}

/** How long the secret before a rotation keeps signing, so a receiver can switch without missing a delivery. */
const PREVIOUS_SECRET_MS = 24 * 60 * 60_000;

export type AddressLookup = (host: string) => Promise<string[]>;

/** Every address a host name resolves to (IPv4 and IPv6). */
const lookUpAddresses: AddressLookup = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

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
  const addresses = await resolve(host).catch(() => []);
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
  const { secret, sealed } = newWebhookSecret(settings.box);
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
  const { secret, sealed } = newWebhookSecret(box);
  const previousUntil = new Date(now.getTime() + PREVIOUS_SECRET_MS);
  const ok = await webhooks.rotateSecret(organisation, id, sealed, previousUntil);
  return ok ? { secret, previousUntil } : undefined;
}

/** Sends one of the organisation's deliveries again, with its event id and body, as a new outbox row. */
export function replayDelivery(
  webhooks: WebhookStore,
  organisation: string,
  endpointId: number,
  deliveryId: number,
  now = new Date(),
) {
  return webhooks.replay(organisation, endpointId, deliveryId, `webhook-opnieuw:${deliveryId}:${randomUUID()}`, now);
}

/** Stores a call-back request; when it is new, its webhooks go to the outbox in the same transaction. */
export async function addCallbackRequest(
  store: Pick<Store, 'webhooks' | 'requestState' | 'organisation' | 'combi' | 'callbacks'>,
  request: Omit<CallbackRequest, 'doneAt'>,
): Promise<'created' | 'exists'> {
  const hooks = await customerEventWebhooks(
    store,
    {
      type: 'terugbelverzoek.ingediend',
      requestNumber: request.requestNumber,
      key: request.invitationId,
      data: { enquete: request.survey, organisatie: request.organisation },
    },
    request.createdAt,
  );
  return store.callbacks.add(request, hooks);
}

/**
 * Saves survey answers; a response finished with a clearly negative answer (domain/callback.ts,
 * judged by the caller) about an aanvraag causes its webhooks in the same transaction.
 */
export async function saveSurveyResponse(
  store: Pick<Store, 'webhooks' | 'requestState' | 'organisation' | 'combi' | 'responses'>,
  input: SaveResponse,
  negative: boolean,
): Promise<SaveResult> {
  const hooks =
    input.completed && negative
      ? await customerEventWebhooks(
          store,
          {
            type: 'enquete.negatief_beantwoord',
            requestNumber: input.context.requestNumber ?? null,
            key: input.id,
            data: { enquete: input.context.survey },
          },
          input.at,
        )
      : [];
  return store.responses.save(input, hooks);
}
