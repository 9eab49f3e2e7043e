/**
 * An integrator's first day in one script: send an aanvraag, look it up, ask again with its ETag,
 * follow the change feed, and receive a verified webhook. Against your own local portal (npm start in the repository):
 *
 *   TRAJECT_SLEUTEL=<the demo key npm start printed> npx node examples/api-client/eerste-dag.ts
 *
 * Run it twice: the second time the same message is a duplicate (200), nothing is applied twice.
 */
import type { AddressInfo } from 'node:net';
import { type TrajectEvent, webhookReceiver } from './ontvanger.ts';
import { addWebhook, changesAfter, lookUp, removeWebhook, sendMessages, type TrajectClient, trajectClient } from './traject.ts';

export const FIRST_AANVRAAG = 'MA-2026-EERSTEDAG';

export async function firstDay(baseUrl: string, apiKey: string, say: (line: string) => void = console.log) {
  const client = trajectClient(baseUrl, apiKey);

  // 1. A message. The same id with the same body again is safe: the answer is 200 "duplicate".
  const sent = await sendMessages(client, [
    {
      id: 'eerste-dag-aanvraag',
      type: 'request_submitted',
      requestNumber: FIRST_AANVRAAG,
      occurredAt: '2026-11-02T09:00:00+01:00',
      kind: 'nieuwe_aansluiting',
      combi: 'brabant-oost',
      applicant: { name: 'Sanne de Vries', email: 'sanne.devries@example.nl', phone: '06 12345678' },
      address: { street: 'Kastanjelaan', houseNumber: '12', postcode: '5611 AB', city: 'Eindhoven' },
      workOrders: [{ id: `${FIRST_AANVRAAG}-E`, discipline: 'elektra', gridOperator: 'netbeheer-zuid' }],
    },
  ]);
  say(`1. bericht: HTTP ${sent.status}, ${sent.results.map((r) => r.result).join(', ')}`);

  // 2. The status: phase, per discipline, planning, next step (who, by when), contact person.
  const first = await lookUp(client, FIRST_AANVRAAG);
  if (!first.changed) throw new Error('a first look-up without an ETag always has a body');
  say(`2. status: fase ${first.status.phase.name}, ETag ${first.etag}`);

  // 3. Asking again with the ETag: 304 and no body while nothing changed.
  const again = await lookUp(client, FIRST_AANVRAAG, first.etag);
  say(`3. opnieuw met de ETag: ${again.changed ? 'gewijzigd' : '304, niet gewijzigd'}`);

  // 4. The change feed: every aanvraag of your organisation whose status changed, in commit order.
  // Keep the last cursor; next time ask with ?na=<cursor>, and wacht=30 to wait for a change.
  let page = await changesAfter(client);
  let seen = page.wijzigingen.length;
  while (page.meer) {
    page = await changesAfter(client, page.cursor);
    seen += page.wijzigingen.length;
  }
  say(`4. wijzigingen: ${seen} aanvragen, cursor om mee verder te gaan: ${page.cursor}`);

  const event = await webhookOnContact(client);
  say(`5. webhook ontvangen en geverifieerd: ${event.type} voor ${event.data.aanvraagnummer}`);
  return { sent, first, again, cursor: page.cursor, seen, event };
}

/**
 * 5. A webhook: Traject tells your system itself. A receiver on this computer (plain http to a
 * loopback address is allowed outside production), registered for logged contact moments; a new
 * contact moment on the aanvraag makes Traject deliver a signed event, which the receiver verifies.
 */
async function webhookOnContact(client: TrajectClient, waitMs = 30_000): Promise<TrajectEvent> {
  let secret = '';
  let arrived: (event: TrajectEvent) => void = () => {};
  const event = new Promise<TrajectEvent>((resolve) => {
    arrived = resolve;
  });
  const receiver = webhookReceiver(
    () => secret,
    (e) => e.data.aanvraagnummer === FIRST_AANVRAAG && arrived(e),
  );
  await new Promise<void>((listening) => receiver.listen(0, '127.0.0.1', listening));
  const { port } = receiver.address() as AddressInfo;
  const endpoint = await addWebhook(client, `http://127.0.0.1:${port}/traject`, ['aanvraag.contactmoment_vastgelegd']);
  secret = endpoint.secret;
  try {
    await sendMessages(client, [
      {
        // A new id each time: the same id again would be a duplicate, which changes nothing.
        id: `eerste-dag-contact-${Date.now()}`,
        type: 'contact_logged',
        requestNumber: FIRST_AANVRAAG,
        occurredAt: new Date().toISOString(),
        contactMoment: 'B',
        channel: 'telefoon',
        staffName: 'Priya Ramdin',
        spokeWith: 'Sanne de Vries',
        subject: 'Intake van de aanvraag',
        summary: 'We hebben uw aanvraag doorgenomen.',
      },
    ]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`geen webhook binnen ${waitMs / 1000} s`)), waitMs);
    });
    return await Promise.race([event, timeout]).finally(() => clearTimeout(timer));
  } finally {
    await removeWebhook(client, endpoint.id);
    receiver.close();
  }
}

if (import.meta.main) {
  const key = process.env.TRAJECT_SLEUTEL;
  if (!key) {
    console.error('Zet TRAJECT_SLEUTEL op uw API-sleutel (npm start toont een demosleutel).');
    process.exit(1);
  }
  await firstDay(process.env.TRAJECT_URL ?? 'http://127.0.0.1:4321', key);
}
