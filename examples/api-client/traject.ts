/**
 * A short client for the Traject API: openapi-fetch with the types openapi-typescript generated from
 * the portal's own OpenAPI document (`npm run genereer`). A wrong path, field or parameter is a type
 * error here, not a surprise at run time. docs/integreren-in-een-dag.md walks through it.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './traject-api.d.ts';

/** Any message type the API takes (RequestSubmitted, ContactLogged, PlanningChanged, …). */
export type Bericht = paths['/api/v1/berichten']['post']['requestBody']['content']['application/json']['berichten'][number];
export type Status = components['schemas']['RequestStatus'];

export function trajectClient(baseUrl: string, apiKey: string) {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
}
export type TrajectClient = ReturnType<typeof trajectClient>;

/** Sends messages; each gets its own result (sending the same id again is safe: a duplicate). */
export async function sendMessages(client: TrajectClient, berichten: Bericht[]) {
  const { data, error, response } = await client.POST('/api/v1/berichten', { body: { berichten } });
  // 400–422: every message refused (the same body as 207 for one refusal, or a problem detail).
  if (error) throw new Error(`berichten: ${response.status} ${JSON.stringify(error)}`);
  return { status: response.status, results: data.results };
}

/**
 * The status of one aanvraag. With the ETag of the last answer, an unchanged status costs a 304
 * without a body: keep the status you had.
 */
export async function lookUp(client: TrajectClient, nummer: string, etag?: string) {
  const { data, error, response } = await client.GET('/api/v1/aanvragen/{nummer}', {
    params: { path: { nummer }, header: etag ? { 'if-none-match': etag } : {} },
  });
  if (response.status === 304) return { changed: false as const, etag };
  if (error || !data) throw new Error(`aanvraag ${nummer}: ${response.status}`);
  const status: Status = data;
  return { changed: true as const, etag: response.headers.get('etag') ?? undefined, status };
}

/**
 * One page of the change feed after a cursor (none: from the start). `wacht` seconds: wait for the
 * next change when there is none yet (long polling), instead of asking again and again.
 */
export async function changesAfter(client: TrajectClient, na?: string, wacht?: number) {
  const { data, error, response } = await client.GET('/api/v1/wijzigingen', {
    params: { query: { ...(na && { na }), ...(wacht && { wacht }) } },
  });
  if (error) throw new Error(`wijzigingen: ${response.status} ${error.title}`);
  return data;
}

export type WebhookEventType = components['schemas']['WebhookGebeurtenis'];

/** Registers an endpoint for events; the answer holds its secret (`whsec_…`), shown this once. */
export async function addWebhook(client: TrajectClient, url: string, gebeurtenissen: WebhookEventType[]) {
  const { data, error, response } = await client.POST('/api/v1/webhooks', { body: { url, gebeurtenissen } });
  if (error) throw new Error(`webhooks: ${response.status} ${error.title}`);
  return { id: data.webhook.id, secret: data.geheim };
}

export async function removeWebhook(client: TrajectClient, id: number) {
  const { error, response } = await client.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } });
  if (error) throw new Error(`webhook ${id}: ${response.status} ${error.title}`);
}
