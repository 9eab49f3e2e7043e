/**
 * PgHelpdesk under the core's helpdesk survey (api/core/helpdesk-survey.ts) on a real PostgreSQL
 * database: the contact and its invitation in one transaction, once however many try at once.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpdeskSurvey } from '../../core/helpdesk-survey.ts';
import type { MailComposer } from '../../mail/compose.ts';
import type { OrganisationRecord } from '../store.ts';
import { type PgFixture, pgFixture } from '../testing/pg-directory.ts';
import { PgHelpdesk } from './helpdesk.ts';
import * as schema from './schema.ts';

const mail = { url: (path: string) => `https://traject.example${path}` } as MailComposer;
const now = new Date('2026-11-21T13:10:00Z');
const log = helpdeskSurvey(mail);

let f: PgFixture;
let helpdesk: PgHelpdesk;
let platform: OrganisationRecord;
beforeAll(async () => {
  f = await pgFixture();
  helpdesk = new PgHelpdesk(f.db, f.ids);
  platform = {
    id: f.ids.organisationId('PL') as number,
    code: 'PL',
    name: 'Platform',
    kind: 'platform',
    phone: null,
    email: null,
  };
  await f.db.insert(schema.requests).values({ number: 'MA-HD-1', phase: 'uitvoeren', updatedAt: now.toISOString(), state: {} });
});
afterAll(() => f.drop());

const outboxOf = (key: string) => f.db.select().from(schema.outbox).where(eq(schema.outbox.idempotencyKey, key));

describe('PgHelpdesk', () => {
  it('records a contact by the aanvraag with its invitation mail in the outbox, linked to the aanvraag', async () => {
    const contact = { id: 'hd-1', occurredAt: '2026-11-21T14:05:00+01:00', requestNumber: 'MA-HD-1' };
    const logged = await log(
      helpdesk,
      platform,
      contact,
      { route: 'aanvraag', channel: 'email', to: 'klant@example.com', requestNumber: 'MA-HD-1' },
      now,
    );
    expect(logged.result).toBe('created');
    expect(logged.contact).toMatchObject({
      organisation: 'PL',
      contactId: 'hd-1',
      // PostgreSQL keeps the instant; it reads back in UTC.
      occurredAt: '2026-11-21T13:05:00.000Z',
      requestNumber: 'MA-HD-1',
      route: 'aanvraag',
      channel: 'email',
      recipient: 'klant@example.com',
      reason: null,
      createdAt: now,
      expiresAt: new Date('2026-12-05T13:10:00Z'),
      usedAt: null,
    });
    expect(logged.contact.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await helpdesk.byId(logged.contact.id)).toEqual(logged.contact);
    const [queued] = await outboxOf(`helpdesk:${platform.id}:hd-1`);
    expect(queued).toMatchObject({
      kind: 'helpdesk',
      channel: 'email',
      to: 'klant@example.com',
      subject: 'Hoe was uw contact met de helpdesk?',
      status: 'pending',
    });
    expect(queued?.text).toMatch(/https:\/\/traject\.example\/enquete\/[a-z2-7]{24}\.[a-z2-7]{40}/);
    const [request] = await f.db.select().from(schema.requests).where(eq(schema.requests.number, 'MA-HD-1'));
    expect(queued?.requestId).toBe(request?.id);
  });

  it('sends an SMS by phone, and nothing by route "geen" or without mail settings', async () => {
    const sms = await log(
      helpdesk,
      platform,
      { id: 'hd-sms', occurredAt: now.toISOString(), phone: '06 1234 5678' },
      { route: 'telefoon', channel: 'sms', to: '+31612345678' },
      now,
    );
    expect(sms.contact).toMatchObject({ route: 'telefoon', channel: 'sms', recipient: '+31612345678', reason: null });
    const [queued] = await outboxOf(`helpdesk:${platform.id}:hd-sms`);
    expect(queued).toMatchObject({ channel: 'sms', to: '+31612345678', html: '', requestId: null });

    const none = await log(
      helpdesk,
      platform,
      { id: 'hd-geen', occurredAt: now.toISOString() },
      { route: 'geen', reason: 'geen adres' },
      now,
    );
    expect(none.contact).toMatchObject({
      route: 'geen',
      channel: null,
      recipient: null,
      reason: 'geen adres',
      secretHash: null,
      expiresAt: null,
    });
    expect(await outboxOf(`helpdesk:${platform.id}:hd-geen`)).toEqual([]);

    const unsent = await helpdeskSurvey(undefined)(
      helpdesk,
      platform,
      { id: 'hd-stil', occurredAt: now.toISOString(), account: 'a@example.com' },
      { route: 'account', channel: 'email', to: 'a@example.com' },
      now,
    );
    expect(unsent.contact).toMatchObject({
      route: 'account',
      reason: 'geen mailinstelling: uitnodiging niet verstuurd',
      secretHash: null,
    });
    expect(await outboxOf(`helpdesk:${platform.id}:hd-stil`)).toEqual([]);
  });

  it('answers the same contact again with the first record, and a changed body as a conflict', async () => {
    const contact = { id: 'hd-idem', occurredAt: now.toISOString(), phone: '0655556666' };
    const route = { route: 'telefoon', channel: 'sms', to: '+31655556666' } as const;
    const first = await log(helpdesk, platform, contact, route, now);
    expect(await log(helpdesk, platform, contact, route, now)).toEqual({ result: 'duplicate', contact: first.contact });
    expect(await log(helpdesk, platform, { ...contact, phone: '0655556667' }, route, now)).toEqual({
      result: 'conflict',
      contact: first.contact,
    });
  });

  it('records a contact sent by many connections at once once, with one invitation', async () => {
    const contact = { id: 'hd-race', occurredAt: now.toISOString(), account: 'race@example.com' };
    const route = { route: 'account', channel: 'email', to: 'race@example.com' } as const;
    const results = await Promise.all(Array.from({ length: 12 }, () => log(helpdesk, platform, contact, route, now)));
    expect(results.filter((r) => r.result === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.result === 'duplicate')).toHaveLength(11);
    expect(new Set(results.map((r) => r.contact.id)).size).toBe(1);
    expect(await outboxOf(`helpdesk:${platform.id}:hd-race`)).toHaveLength(1);
    const rows = await f.db.select().from(schema.helpdeskContacts).where(eq(schema.helpdeskContacts.contactId, 'hd-race'));
    expect(rows).toHaveLength(1);
  });

  it('uses the survey link once', async () => {
    const { contact } = await log(
      helpdesk,
      platform,
      { id: 'hd-use', occurredAt: now.toISOString(), phone: '0611112222' },
      { route: 'telefoon', channel: 'sms', to: '+31611112222' },
      now,
    );
    const tries = await Promise.all(Array.from({ length: 10 }, () => helpdesk.use(contact.id, now)));
    expect(tries.filter(Boolean)).toHaveLength(1);
    expect((await helpdesk.byId(contact.id))?.usedAt).toEqual(now);
    expect(await helpdesk.byId('onbekend')).toBeUndefined();
  });
});
