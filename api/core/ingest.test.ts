/**
 * The ingestion use case on its own: no HTTP, no SQL. Storage is the in-memory fake of the
 * contract; the mail composer is a stand-in that records which state each mail was made from.
 */

import { beforeEach, describe, expect, it } from 'vitest';
import type { CombiInfo, Directory, OrgKind, Sender } from '../../domain/authorization.ts';
import { type Message, message } from '../../domain/messages.ts';
import type { RequestState } from '../../domain/request-state.ts';
import type { MailComposer } from '../mail/compose.ts';
import { MemoryIngestStorage } from '../storage/testing/memory-ingest-storage.ts';
import { ComparableIndex } from './comparable-index.ts';
import { inviteFromCsv } from './end-survey-invitation.ts';
import { type IngestDeps, ingestMessages, MESSAGES_PER_TRANSACTION, partsByAanvraag } from './ingest.ts';

const kinds: Record<string, OrgKind> = {
  nb: 'netbeheerder',
  wb: 'netbeheerder',
  elders: 'netbeheerder',
  ca: 'aannemer',
  ca2: 'aannemer',
  'combi-oost': 'combi',
  traject: 'platform',
};
const combis: Record<string, CombiInfo & { capo: boolean }> = {
  oost: { code: 'oost', name: 'Oost', organisation: 'combi-oost', members: new Set(['nb', 'wb', 'ca', 'ca2']), capo: true },
  peel: { code: 'peel', name: 'Peel', organisation: null, members: new Set(['nb', 'wb', 'ca']), capo: false },
};
const directory: Directory = {
  organisation: (code) => (kinds[code] ? { code, kind: kinds[code] } : undefined),
  combi: (code) => combis[code],
};
const org = (code: string): Sender => ({ code, kind: kinds[code] as OrgKind });

/** What each mail was composed from: its kind and the planning it showed. */
type Composed = { kind: string; number: string; week: string | undefined };
let composed: Composed[];
const mail: MailComposer = {
  url: (path) => `https://traject.example${path}`,
  compose(kind, state, _message, links) {
    composed.push({ kind, number: state.number, week: state.planning.provisionalWeek });
    return { subject: `${kind} ${state.number}`, html: '', text: links.follow };
  },
  endSurvey(state, contractor, _expiresAt, links) {
    composed.push({ kind: 'eindmeting', number: state.number, week: state.planning.provisionalWeek });
    return { subject: `eindmeting ${state.number}`, html: '', text: `${contractor} ${links.follow}` };
  },
};
const deps: IngestDeps = {
  directory,
  capoActive: (combi) => combis[combi]?.capo ?? false,
  mail,
  comparable: new ComparableIndex(),
};

let storage: MemoryIngestStorage;
beforeEach(() => {
  storage = new MemoryIngestStorage();
  composed = [];
});

const send = (sender: string, ...messages: Record<string, unknown>[]) =>
  ingestMessages(
    storage,
    deps,
    messages.map((m) => ({ sender: org(sender), message: message.parse(m) as Message })),
  );

/** Sends messages that must all be accepted. */
async function sendOk(sender: string, ...messages: Record<string, unknown>[]) {
  const results = await send(sender, ...messages);
  expect(results.map((r) => [r.id, r.status])).toEqual(messages.map((m) => [m.id, 201]));
}

const submitted = (number: string, extra: Record<string, unknown> = {}) => ({
  id: `${number}-s`,
  type: 'request_submitted',
  requestNumber: number,
  occurredAt: '2026-11-02T10:00:00+01:00',
  kind: 'nieuwe_aansluiting',
  combi: 'oost',
  applicant: { name: 'Sanne', email: `${number.toLowerCase()}@example.com` },
  address: { street: 'Molenweg', houseNumber: '12', postcode: '5611 AB', city: 'Eindhoven' },
  workOrders: [
    { id: `${number}-E`, discipline: 'elektra', gridOperator: 'nb' },
    { id: `${number}-W`, discipline: 'water', gridOperator: 'wb' },
  ],
  ...extra,
});
/** "Mee in combi" for both opdrachten at once: a coordinator's message (the platform sends it here). */
const handed = (number: string, contractor = 'ca') => ({
  id: `${number}-h`,
  type: 'handed_to_combi',
  requestNumber: number,
  occurredAt: '2026-11-03T10:00:00+01:00',
  workOrderIds: [`${number}-E`, `${number}-W`],
  contractor,
});
const week = (number: string, id: string, occurredAt: string, provisionalWeek: string) => ({
  id,
  type: 'planning_changed',
  requestNumber: number,
  occurredAt,
  provisionalWeek,
  reason: 'plangesprek',
});
const contact = (number: string, id: string, occurredAt: string) => ({
  id,
  type: 'contact_logged',
  requestNumber: number,
  occurredAt,
  contactMoment: '1',
  channel: 'telefoon',
  staffName: 'Petra',
  spokeWith: 'Sanne',
  subject: 'Kennismaking',
  summary: 'Planning besproken.',
});
const tg = (number: string, workOrder: 'E' | 'W') => ({
  id: `${number}-tg-${workOrder}`,
  type: 'work_order_completed',
  requestNumber: number,
  occurredAt: '2026-12-01T15:00:00+01:00',
  workOrderId: `${number}-${workOrder}`,
});
const state = (number: string) => storage.aanvragen.get(number)?.state as RequestState;
const mailKinds = (number: string) => [...storage.outbox.values()].filter((m) => m.requestNumber === number).map((m) => m.kind);

describe('ingesting a batch: may this sender send this?', () => {
  it('parks a message of an organisation that takes no part as one about an unknown aanvraag, and applies nothing of it', async () => {
    await sendOk('nb', submitted('MA-1'));
    const [notTheirs] = await send('elders', contact('MA-1', 'c-elders', '2026-11-04T10:00:00+01:00'));
    const [unknown] = await send('elders', contact('MA-404', 'c-404', '2026-11-04T10:00:00+01:00'));
    expect(unknown).toEqual({ id: 'c-404', status: 202, result: 'geparkeerd' });
    // Decision 0034: the same answer as for an unknown number.
    expect({ ...notTheirs, id: 'c-404' }).toEqual(unknown);
    const [outsider] = await send(
      'elders',
      submitted('MA-2', { workOrders: [{ id: 'X', discipline: 'gas', gridOperator: 'nb' }] }),
    );
    expect(outsider).toMatchObject({ status: 403, result: 'rejected' });

    expect(storage.messages.map((m) => m.messageId)).toEqual(['MA-1-s']);
    expect(storage.parked.map((m) => [m.messageId, m.outcome])).toEqual([
      ['c-elders', undefined],
      ['c-404', undefined],
    ]);
    expect([...storage.aanvragen.keys()]).toEqual(['MA-1']);
    expect(state('MA-1').contactMoments).toEqual([]);
    expect(mailKinds('MA-1')).toEqual(['aanvraag']);
  });

  it('answers a repeated message as a duplicate and the same id with another body as a conflict, within a batch too', async () => {
    const results = await send(
      'nb',
      submitted('MA-1'),
      contact('MA-1', 'c1', '2026-11-04T10:00:00+01:00'),
      contact('MA-1', 'c1', '2026-11-04T10:00:00+01:00'),
      { ...contact('MA-1', 'c1', '2026-11-04T10:00:00+01:00'), summary: 'Iets anders.' },
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 200, 409]);
    const [again] = await send('nb', contact('MA-1', 'c1', '2026-11-04T10:00:00+01:00'));
    expect(again).toMatchObject({ status: 200, result: 'duplicate' });
    expect(storage.messages).toHaveLength(2);
    expect(mailKinds('MA-1')).toEqual(['aanvraag', 'contactmoment']);
  });

  it('writes nothing of a batch whose commit fails', async () => {
    storage.failNextCommit = true;
    await expect(send('nb', submitted('MA-1'), contact('MA-1', 'c1', '2026-11-04T10:00:00+01:00'))).rejects.toThrow();
    expect(storage.messages).toEqual([]);
    expect(storage.aanvragen.size).toBe(0);
    expect(storage.outbox.size).toBe(0);
    expect(storage.links).toEqual([]);
  });
});

describe('ingesting a batch: messages that arrive before their aanvraag are parked', () => {
  const at =
    (receivedAt: string) =>
    (sender: string, ...messages: Record<string, unknown>[]) =>
      ingestMessages(
        storage,
        deps,
        messages.map((m) => ({ sender: org(sender), message: message.parse(m) as Message })),
        { receivedAt: new Date(receivedAt) },
      );

  it('applies them when request_submitted arrives, in the order received, each through the rules, fold and mails', async () => {
    // The week of the second planning message wins: it was received last, though both tell the same moment.
    const first = week('MA-P', 'w1', '2026-11-05T10:00:00+01:00', '2027-W10');
    const second = week('MA-P', 'w2', '2026-11-05T10:00:00+01:00', '2027-W12');
    expect(await send('ca', first)).toEqual([{ id: 'w1', status: 202, result: 'geparkeerd' }]);
    expect(await send('nb', contact('MA-P', 'c1', '2026-11-04T10:00:00+01:00'))).toMatchObject([{ status: 202 }]);
    expect(await send('ca', second)).toMatchObject([{ status: 202 }]);
    expect(storage.messages).toEqual([]);
    expect(storage.aanvragen.size).toBe(0);
    expect(mailKinds('MA-P')).toEqual([]);

    await sendOk('nb', submitted('MA-P'));
    expect(storage.messages.map((m) => m.messageId)).toEqual(['MA-P-s', 'w1', 'c1', 'w2']);
    expect(state('MA-P').planning.provisionalWeek).toBe('2027-W12');
    expect(state('MA-P').contactMoments.map((c) => c.summary)).toEqual(['Planning besproken.']);
    // The same mails as had the messages come after the aanvraag: made from the state after all of them.
    expect(composed.filter((c) => c.number === 'MA-P').map((c) => [c.kind, c.week])).toEqual(
      mailKinds('MA-P').map((kind) => [kind, '2027-W12']),
    );
    expect(mailKinds('MA-P')).toContain('contactmoment');
    expect(storage.parked.map((p) => [p.messageId, p.outcome?.status, p.outcome?.result])).toEqual([
      ['w1', 201, 'accepted'],
      ['c1', 201, 'accepted'],
      ['w2', 201, 'accepted'],
    ]);
  });

  it('records a refusal for one its sender may not send after all, and applies nothing of it', async () => {
    // Quickscan of an opdracht that turns out not to be the aanvraag's, and one of another grid operator's opdracht.
    const quickscan = (id: string, workOrderId: string) => ({
      id,
      type: 'quickscan_done',
      requestNumber: 'MA-R',
      occurredAt: '2026-11-03T10:00:00+01:00',
      workOrderId,
      quoteRequired: false,
    });
    await send('nb', quickscan('q-onbekend', 'MA-R-X'), quickscan('q-water', 'MA-R-W'), quickscan('q-ok', 'MA-R-E'));
    await sendOk('nb', submitted('MA-R'));
    expect(storage.messages.map((m) => m.messageId)).toEqual(['MA-R-s', 'q-ok']);
    expect(storage.parked.map((p) => [p.messageId, p.outcome?.status, p.outcome?.result])).toEqual([
      ['q-onbekend', 422, 'rejected'],
      ['q-water', 403, 'rejected'],
      ['q-ok', 201, 'accepted'],
    ]);
    expect(storage.parked[0]?.outcome?.errors).toEqual([
      { field: 'workOrderId', message: 'opdracht MA-R-X hoort niet bij aanvraag MA-R' },
    ]);
  });

  it('leaves one of an organisation that takes no part waiting, so its outcome does not tell the aanvraag arrived', async () => {
    await send('elders', contact('MA-N', 'c-elders', '2026-11-04T10:00:00+01:00'));
    await sendOk('nb', submitted('MA-N'));
    expect(storage.messages.map((m) => m.messageId)).toEqual(['MA-N-s']);
    expect(storage.parked.map((p) => [p.messageId, p.outcome])).toEqual([['c-elders', undefined]]);
  });

  it('does not apply one that expired before its aanvraag arrived, and records it as expired', async () => {
    // Parked 40 days ago with the default term of 30 days.
    const long = new Date(Date.now() - 40 * 24 * 3600 * 1000).toISOString();
    await at(long)('nb', contact('MA-E', 'c-oud', '2026-11-04T10:00:00+01:00'));
    await send('nb', contact('MA-E', 'c-nieuw', '2026-11-04T11:00:00+01:00'));
    await sendOk('nb', submitted('MA-E'));
    expect(storage.messages.map((m) => m.messageId)).toEqual(['MA-E-s', 'c-nieuw']);
    expect(storage.parked.map((p) => [p.messageId, p.outcome?.status, p.outcome?.result])).toEqual([
      ['c-oud', 410, 'verlopen'],
      ['c-nieuw', 201, 'accepted'],
    ]);
  });

  it('waits as long as PARKED_MESSAGE_DAYS says', async () => {
    const results = await ingestMessages(
      storage,
      { ...deps, parkedDays: 2 },
      [{ sender: org('nb'), message: message.parse(contact('MA-D', 'c', '2026-11-04T10:00:00+01:00')) as Message }],
      { receivedAt: new Date('2026-11-04T10:00:00Z') },
    );
    expect(results).toMatchObject([{ status: 202 }]);
    expect(storage.parked[0]?.expiresAt).toBe('2026-11-06T10:00:00.000Z');
  });

  it('answers the same id and body again as a duplicate, and another body as a conflict, parked or applied', async () => {
    const c = contact('MA-I', 'c1', '2026-11-04T10:00:00+01:00');
    await send('nb', c);
    expect(await send('nb', c)).toEqual([{ id: 'c1', status: 200, result: 'duplicate' }]);
    expect(await send('nb', { ...c, summary: 'Iets anders.' })).toMatchObject([{ status: 409, result: 'rejected' }]);
    await sendOk('nb', submitted('MA-I'));
    expect(await send('nb', c)).toEqual([{ id: 'c1', status: 200, result: 'duplicate' }]);
    expect(await send('nb', { ...c, summary: 'Iets anders.' })).toMatchObject([{ status: 409, result: 'rejected' }]);
    expect(storage.messages.map((m) => m.messageId)).toEqual(['MA-I-s', 'c1']);
    expect(storage.parked).toHaveLength(1);
  });

  it('applies a message parked earlier in the same batch, and answers it as applied', async () => {
    const results = await send('nb', contact('MA-B', 'c1', '2026-11-04T10:00:00+01:00'), submitted('MA-B'));
    expect(results.map((r) => [r.id, r.status, r.result])).toEqual([
      ['c1', 201, 'accepted'],
      ['MA-B-s', 201, 'accepted'],
    ]);
    expect(state('MA-B').contactMoments).toHaveLength(1);
    expect(storage.parked.map((p) => [p.messageId, p.outcome?.result])).toEqual([['c1', 'accepted']]);
  });

  it('parks nothing of a batch whose commit fails', async () => {
    storage.failNextCommit = true;
    await expect(send('nb', contact('MA-F', 'c1', '2026-11-04T10:00:00+01:00'))).rejects.toThrow();
    expect(storage.parked).toEqual([]);
    expect(await send('nb', contact('MA-F', 'c1', '2026-11-04T10:00:00+01:00'))).toMatchObject([{ status: 202 }]);
  });
});

describe('ingesting a batch: a message that arrives late', () => {
  it('replays the log in order, and mails nothing about a planning a later message already replaced', async () => {
    await sendOk('traject', submitted('MA-1'), handed('MA-1'));
    await sendOk('ca', week('MA-1', 'p2', '2026-11-06T10:00:00+01:00', '2027-W12'));
    // Sent on the 5th, received after the change of the 6th.
    const [late] = await send('ca', week('MA-1', 'p1', '2026-11-05T10:00:00+01:00', '2027-W10'));
    expect(late).toMatchObject({ status: 201, result: 'accepted' });

    expect(state('MA-1').planning.provisionalWeek).toBe('2027-W12');
    expect(state('MA-1').planning.history.map((h) => h.value)).toEqual(['2027-W10', '2027-W12']);
    expect(mailKinds('MA-1')).toEqual(['aanvraag', 'planning']);
    expect(composed.filter((c) => c.kind === 'planning')).toEqual([{ kind: 'planning', number: 'MA-1', week: '2027-W12' }]);
  });

  it('replays with the messages of its own batch, which storage has not seen yet', async () => {
    await sendOk('traject', submitted('MA-1'), handed('MA-1'));
    await sendOk(
      'ca',
      week('MA-1', 'p2', '2026-11-06T10:00:00+01:00', '2027-W12'),
      week('MA-1', 'p1', '2026-11-05T10:00:00+01:00', '2027-W10'),
      contact('MA-1', 'c-late', '2026-11-04T10:00:00+01:00'),
    );
    expect(state('MA-1').planning.provisionalWeek).toBe('2027-W12');
    expect(state('MA-1').messageCount).toBe(5);
    // The late contact is confirmed (it happened), in the order things happened, made from the
    // whole state, not a half-built one; one planning mail for the two planning messages.
    expect(composed.map((c) => [c.kind, c.week])).toEqual([
      ['aanvraag', undefined],
      ['contactmoment', '2027-W12'],
      ['planning', '2027-W12'],
    ]);
  });

  it('keys each mail by its message’s place in the log, so a message causes each mail once', async () => {
    await sendOk('nb', submitted('MA-1'), contact('MA-1', 'c1', '2026-11-04T10:00:00+01:00'));
    expect([...storage.outbox.keys()]).toEqual(['aanvraag:1', 'contactmoment:2']);
    expect(storage.links.filter((l) => l.purpose === 'volgen')).toHaveLength(2);
  });
});

describe('ingesting a batch: the eindmeting on oplevering (KCM 4)', () => {
  const deliver = (number: string, contractor = 'ca') => [submitted(number), handed(number, contractor)];

  it('invites when the last TG message arrives, naming the contractor, and confirms the delivery (KCM C)', async () => {
    await sendOk('traject', ...deliver('MA-1'));
    await sendOk('ca', tg('MA-1', 'E'));
    expect(storage.endSurveys.size).toBe(0);
    await sendOk('ca', tg('MA-1', 'W'));
    expect(storage.endSurveys.get('MA-1')).toMatchObject({
      status: 'uitgenodigd',
      contractor: 'ca',
      trigger: 'capo',
      email: 'ma-1@example.com',
    });
    expect(mailKinds('MA-1')).toEqual(['aanvraag', 'oplevering', 'eindmeting']);
    expect(storage.outbox.get('eindmeting:MA-1')?.text).toMatch(/^ca https:\/\/traject\.example\/enquete\//);
  });

  it('skips within 90 days of an invitation to the same address, also within one batch', async () => {
    const same = { applicant: { name: 'Sanne', email: 'Vaak@Example.com' } };
    await sendOk('traject', submitted('MA-1', same), handed('MA-1'), submitted('MA-2', same), handed('MA-2'));
    await sendOk('ca', tg('MA-1', 'E'), tg('MA-1', 'W'), tg('MA-2', 'E'), tg('MA-2', 'W'));
    expect(storage.endSurveys.get('MA-1')).toMatchObject({ status: 'uitgenodigd', email: 'vaak@example.com' });
    expect(storage.endSurveys.get('MA-2')).toMatchObject({ status: 'overgeslagen', skipReason: 'recent-gemeten' });
    expect(mailKinds('MA-2')).toEqual(['aanvraag', 'oplevering']);
  });

  it('records the skip outside CAPO, and the weekly CSV upload decides again', async () => {
    await sendOk('traject', submitted('MA-1', { combi: 'peel' }), handed('MA-1'));
    await sendOk('ca', tg('MA-1', 'E'), tg('MA-1', 'W'));
    expect(storage.endSurveys.get('MA-1')).toMatchObject({ status: 'overgeslagen', skipReason: 'niet-in-capo' });
    expect(await inviteFromCsv(storage, { ...deps, mail }, 'MA-1')).toEqual({ result: 'uitgenodigd' });
    expect(storage.endSurveys.get('MA-1')).toMatchObject({ status: 'uitgenodigd', trigger: 'csv' });
    expect(await inviteFromCsv(storage, { ...deps, mail }, 'MA-1')).toEqual({ result: 'al-verwerkt', status: 'uitgenodigd' });
    expect(mailKinds('MA-1').filter((k) => k === 'eindmeting')).toHaveLength(1);
  });

  it('respects "no mails": no delivery mail, and the eindmeting is skipped as afgemeld', async () => {
    await sendOk('traject', ...deliver('MA-1'));
    storage.setNotificationMode('MA-1', 'ma-1@example.com', 'niets');
    await sendOk('ca', tg('MA-1', 'E'), tg('MA-1', 'W'));
    expect(storage.endSurveys.get('MA-1')).toMatchObject({ status: 'overgeslagen', skipReason: 'afgemeld' });
    expect(mailKinds('MA-1')).toEqual(['aanvraag']);
  });

  it('decides once per aanvraag, whatever arrives after oplevering', async () => {
    await sendOk('traject', ...deliver('MA-1', 'ca'));
    await sendOk('ca', tg('MA-1', 'E'), tg('MA-1', 'W'));
    await sendOk('nb', contact('MA-1', 'c-after', '2026-12-02T10:00:00+01:00'));
    expect(mailKinds('MA-1').filter((k) => k === 'eindmeting')).toHaveLength(1);
    expect(composed.filter((c) => c.kind === 'eindmeting')).toHaveLength(1);
  });
});

describe('ingesting a large batch: in parts, each aanvraag whole', () => {
  it('splits between aanvragen, never inside one, keeping each aanvraag’s messages in their order', () => {
    const entries = ['A', 'B', 'A', 'C', 'B', 'A'].map((number, i) => ({
      sender: org('nb'),
      message: { requestNumber: number, id: `m${i}` } as Message,
    }));
    expect(partsByAanvraag(entries, 4)).toEqual([
      [0, 2, 5],
      [1, 4, 3],
    ]);
    expect(partsByAanvraag(entries, 3)).toEqual([
      [0, 2, 5],
      [1, 4, 3],
    ]);
    // An aanvraag with more messages than a part holds gets a part of its own, whole.
    expect(partsByAanvraag(entries, 2)).toEqual([[0, 2, 5], [1, 4], [3]]);
    expect(partsByAanvraag(entries, 500)).toEqual([[0, 2, 5, 1, 4, 3]]);
  });

  it('lets other work run between its parts, and answers every message in the batch’s order', async () => {
    // Aanvragen interleaved: one submission each, then one contact moment each.
    const numbers = Array.from({ length: MESSAGES_PER_TRANSACTION }, (_, i) => `MA-DEEL-${i}`);
    const messages = [
      ...numbers.map((n) => submitted(n)),
      ...numbers.map((n) => contact(n, `${n}-c1`, '2026-11-04T10:00:00+01:00')),
    ];
    let finished = false;
    let ranBetween = false;
    const batch = send('nb', ...messages).then((results) => {
      finished = true;
      return results;
    });
    setImmediate(() => {
      ranBetween = !finished;
    });
    const results = await batch;
    expect(ranBetween).toBe(true);
    expect(results.map((r) => [r.id, r.status])).toEqual(messages.map((m) => [m.id, 201]));
    for (const n of numbers) expect(mailKinds(n)).toEqual(['aanvraag', 'contactmoment']);
  });

  it('keeps what earlier parts applied when a later part fails, and takes the batch again as duplicates and the rest', async () => {
    const numbers = Array.from({ length: MESSAGES_PER_TRANSACTION + 1 }, (_, i) => `MA-HERHAAL-${i}`);
    const messages = numbers.map((n) => submitted(n));
    // The second transaction's commit fails, as a full disk would.
    let transactions = 0;
    const transaction = storage.transaction.bind(storage);
    storage.transaction = (work) => {
      if (++transactions === 2) storage.failNextCommit = true;
      return transaction(work);
    };
    await expect(send('nb', ...messages)).rejects.toThrow('commit failed');
    storage.transaction = transaction;
    expect(storage.aanvragen.size).toBe(MESSAGES_PER_TRANSACTION);
    const again = await send('nb', ...messages);
    expect(again.filter((r) => r.result === 'duplicate')).toHaveLength(MESSAGES_PER_TRANSACTION);
    expect(again.filter((r) => r.status === 201)).toHaveLength(1);
    expect(storage.aanvragen.size).toBe(numbers.length);
  });
});
