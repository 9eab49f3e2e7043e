import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretMatches, splitToken } from '../auth/tokens.ts';
import { testRows } from '../storage/testing/test-sql.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
let platform: string; // Traject: the platform's helpdesk
let combi: string; // Combi Brabant-Oost: a combi-organisatie
let otherCombi: string; // Combi Peelland: takes no part in the aanvragen of Brabant-Oost
beforeAll(async () => {
  server = await startTestServer();
  platform = server.keys.get('traject') as string;
  combi = server.keys.get('combi-brabant-oost') as string;
  otherCombi = server.keys.get('combi-peelland') as string;
  const nb = server.keys.get('netbeheer-zuid') as string;
  const applicants: [string, string][] = [
    ['MA-HD-1', 'hd1@example.com'],
    ['MA-HD-2', 'hd2@example.com'],
    ['MA-HD-3', 'hd3@example.com'],
    ['MA-HD-4', 'hd4@example.com'],
  ];
  for (const [number, email] of applicants) {
    const sub = submission(number, { applicant: { name: 'Sanne de Vries', email } });
    expect((await server.post(nb, { berichten: [sub] })).status).toBe(201);
  }
});
afterAll(() => server.close());

const AT = '2026-11-21T14:05:00+01:00';

async function logContact(key: string | undefined, body: unknown) {
  const res = await fetch(`${server.url}/api/v1/helpdesk/contacten`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

const surveyMails = (to: string) =>
  server.resend.mails.filter((m) => m.subject === 'Hoe was uw contact met de helpdesk?' && m.to.includes(to));
const smsTo = (to: string) => server.sms.messages.filter((m) => m.to === to);

/** The recorded row, straight from the database. */
async function recorded(contactId: string) {
  // PostgreSQL's text holds no NUL: no such contact can be stored there, nor asked for.
  if (server.where.DATABASE_URL && contactId.includes('\u0000')) return undefined;
  const [row] = await testRows<{ route: string; channel: string | null; recipient: string | null; reason: string | null }>(
    server.where,
    'select route, channel, recipient, reason, secret_hash as "secretHash" from helpdesk_contacts where contact_id = ?',
    contactId,
  );
  return row;
}

describe('POST /api/v1/helpdesk/contacten: the route of the survey', () => {
  it('by aanvraagnummer: a mail to its applicant with a personal link, stored hashed; no SMS even with a mobile number', async () => {
    const res = await logContact(platform, {
      id: 'hd-aanvraag-1',
      occurredAt: AT,
      requestNumber: 'MA-HD-1',
      phone: '06 11112222',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 'hd-aanvraag-1', result: 'accepted', route: 'aanvraag', channel: 'email', reason: null });
    await server.deliverMail();
    const [mail, ...more] = surveyMails('hd1@example.com');
    expect(more).toHaveLength(0);
    const token = /\/enquete\/([a-z2-7]{24}\.[a-z2-7]{40})/.exec(mail?.text ?? '')?.[1] as string;
    expect(token).toBeDefined();
    expect(mail?.html).toContain(`/enquete/${token}`);
    const parts = splitToken(token);
    const invitation = await server.store.helpdesk.byId(parts?.id as string);
    expect(invitation).toMatchObject({ contactId: 'hd-aanvraag-1', route: 'aanvraag', recipient: 'hd1@example.com' });
    expect(secretMatches(parts?.secret as string, invitation?.secretHash as string)).toBe(true);
    expect(smsTo('+31611112222')).toHaveLength(0);
  });

  it('by mail in the language the address chose: English words and the English survey page', async () => {
    await server.store.access.setLanguage('hd4@example.com', 'en', new Date());
    const res = await logContact(platform, { id: 'hd-aanvraag-en', occurredAt: AT, requestNumber: 'MA-HD-4' });
    expect(res.status).toBe(201);
    await server.deliverMail();
    const mail = server.resend.mails.find((m) => m.to.includes('hd4@example.com') && m.subject.startsWith('How was'));
    expect(mail?.subject).toBe('How was your contact with the helpdesk?');
    expect(mail?.html).toContain('<html lang="en">');
    expect(mail?.text).toMatch(/Fill in the short questionnaire: http\S+\/en\/enquete\/[a-z2-7]{24}\.[a-z2-7]{40}/);
  });

  it('no survey for a customer who unsubscribed from mail about the aanvraag, not by SMS either; the reason is recorded', async () => {
    await server.store.access.setNotificationMode('MA-HD-3', 'hd3@example.com', 'niets', new Date());
    const res = await logContact(platform, {
      id: 'hd-afgemeld-1',
      occurredAt: AT,
      requestNumber: 'MA-HD-3',
      phone: '06 33334444',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ route: 'geen', channel: null });
    await server.deliverMail();
    expect(surveyMails('hd3@example.com')).toHaveLength(0);
    expect(smsTo('+31633334444')).toHaveLength(0);
    expect((await recorded('hd-afgemeld-1'))?.reason).toContain('afgemeld');
  });

  it('by account (the platform helpdesk): a mail to that address when it is the applicant of an aanvraag', async () => {
    const res = await logContact(platform, {
      id: 'hd-account-1',
      occurredAt: AT,
      requestNumber: 'MA-HD-ONBEKEND',
      account: 'HD2@Example.com',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ route: 'account', channel: 'email' });
    await server.deliverMail();
    expect(surveyMails('hd2@example.com')).toHaveLength(1);
  });

  it('an account that is no applicant falls through to the phone, and without a phone is logged without a survey', async () => {
    const viaPhone = await logContact(platform, {
      id: 'hd-account-2',
      occurredAt: AT,
      account: 'niemand@example.com',
      phone: '0633334444',
    });
    expect(viaPhone.body).toMatchObject({ route: 'telefoon', channel: 'sms' });
    const none = await logContact(platform, { id: 'hd-account-3', occurredAt: AT, account: 'niemand@example.com' });
    expect(none.status).toBe(201);
    expect(none.body).toMatchObject({ route: 'geen', channel: null });
    expect((await recorded('hd-account-3'))?.reason).toMatch(/geen aanvraagnummer, account of telefoonnummer/);
    await server.deliverMail();
    expect(surveyMails('niemand@example.com')).toHaveLength(0);
  });

  it('by phone: one SMS to the E.164 number at the SMS provider, for 06…, +316… and 00316…', async () => {
    const numbers = [
      ['hd-sms-1', '06-12345601', '+31612345601'],
      ['hd-sms-2', '+31 6 12345602', '+31612345602'],
      ['hd-sms-3', '00316 12 34 56 03', '+31612345603'],
    ] as const;
    for (const [id, phone] of numbers) {
      const res = await logContact(platform, { id, occurredAt: AT, phone });
      expect(res.status, phone).toBe(201);
      expect(res.body, phone).toMatchObject({ route: 'telefoon', channel: 'sms' });
    }
    await server.deliverMail();
    for (const [id, , e164] of numbers) {
      const sent = smsTo(e164);
      expect(sent, e164).toHaveLength(1);
      expect(sent[0]?.body).toMatch(/helpdesk.*\/enquete\/[a-z2-7]{24}\.[a-z2-7]{40}$/);
      expect(sent[0]?.from).toBe('Traject');
      expect(await recorded(id)).toMatchObject({ route: 'telefoon', channel: 'sms', recipient: e164 });
    }
    expect(await server.store.outbox.counts()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('by phone in the language of the call: an English call gets its SMS in English, linking the English survey page', async () => {
    const english = await logContact(platform, { id: 'hd-sms-en', occurredAt: AT, phone: '06 12345604', taal: 'en' });
    expect(english).toMatchObject({ status: 201, body: { route: 'telefoon', channel: 'sms' } });
    const dutch = await logContact(platform, { id: 'hd-sms-nl', occurredAt: AT, phone: '06 12345605', taal: 'nl' });
    expect(dutch.status).toBe(201);
    await server.deliverMail();
    const [sent] = smsTo('+31612345604');
    expect(sent?.body).toMatch(
      /^How was your helpdesk contact\? 3 short questions: http\S+\/en\/enquete\/[a-z2-7]{24}\.[a-z2-7]{40}$/,
    );
    // An SMS is one message: under 160 characters with its link.
    expect(sent?.body.length).toBeLessThanOrEqual(160);
    const [nl] = smsTo('+31612345605');
    expect(nl?.body).toMatch(/^U had contact met de helpdesk\. .*[^n]\/enquete\//);
  });

  it('refuses a language it does not speak with a 400 naming the field', async () => {
    const res = await logContact(platform, { id: 'hd-sms-de', occurredAt: AT, phone: '06 12345606', taal: 'de' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'taal', message: expect.stringMatching(/nl of en/) })]);
  });

  it('landlines and foreign numbers are logged without a survey, with the reason recorded', async () => {
    const before = server.sms.messages.length;
    for (const [id, phone] of [
      ['hd-vast-1', '020 123 4567'],
      ['hd-buitenland-1', '+32 470 12 34 56'],
      ['hd-buitenland-2', '+49 151 23456789'],
    ] as const) {
      const res = await logContact(platform, { id, occurredAt: AT, phone });
      expect(res.status, phone).toBe(201);
      expect(res.body.route, phone).toBe('geen');
      expect(res.body.reason, phone).toMatch(/geen Nederlands mobiel nummer/);
      expect(await recorded(id), phone).toMatchObject({ route: 'geen', channel: null, recipient: null, secretHash: null });
      expect((await recorded(id))?.reason).toMatch(/geen Nederlands mobiel nummer/);
    }
    await server.deliverMail();
    expect(server.sms.messages.length).toBe(before);
  });
});

describe('POST /api/v1/helpdesk/contacten: across combis', () => {
  it('a combi-organisatie routes by an aanvraag of its own combi', async () => {
    const res = await logContact(combi, { id: 'hd-eigen-1', occurredAt: AT, requestNumber: 'MA-HD-2' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ route: 'aanvraag', channel: 'email' });
  });

  it('answers a combi-organisatie about an aanvraag of another combi exactly as about an unknown number, and sends nothing', async () => {
    await server.deliverMail();
    const mailsBefore = server.resend.mails.length;
    const unknown = await logContact(otherCombi, { id: 'hd-ander-0', occurredAt: AT, requestNumber: 'MA-HD-BESTAAT-NIET' });
    expect(unknown.status).toBe(201);
    // MA-HD-1 exists; MA-HD-3's customer unsubscribed: neither may show through the answer.
    for (const [id, requestNumber] of [
      ['hd-ander-1', 'MA-HD-1'],
      ['hd-ander-3', 'MA-HD-3'],
    ] as const) {
      const res = await logContact(otherCombi, { id, occurredAt: AT, requestNumber });
      expect(res.status, requestNumber).toBe(unknown.status);
      expect({ ...res.body, id: 'x' }, requestNumber).toEqual({ ...unknown.body, id: 'x' });
      expect(await recorded(id)).toMatchObject({ route: 'geen', channel: null, recipient: null, secretHash: null });
      expect((await recorded(id))?.reason).toBe((await recorded('hd-ander-0'))?.reason);
    }
    expect(unknown.body).toMatchObject({ route: 'geen', channel: null });
    expect(unknown.body.reason).not.toMatch(/afgemeld/);
    await server.deliverMail();
    expect(server.resend.mails.length).toBe(mailsBefore);
  });

  it('leaves routing by account or phone to the platform helpdesk: a combi-organisatie gets 403 naming the field, nothing logged or sent', async () => {
    const smsBefore = server.sms.messages.length;
    const mailsBefore = server.resend.mails.length;
    for (const [field, extra] of [
      ['account', { account: 'hd2@example.com' }],
      ['phone', { phone: '06 99990001' }],
    ] as const) {
      const id = `hd-combi-${field}`;
      const res = await logContact(combi, { id, occurredAt: AT, ...extra });
      expect(res.status, field).toBe(403);
      expect(res.body.errors, field).toEqual([{ field, message: expect.stringMatching(/helpdesk van het platform/) }]);
      expect(await recorded(id), field).toBeUndefined();
    }
    await server.deliverMail();
    expect(server.sms.messages.length).toBe(smsBefore);
    expect(server.resend.mails.length).toBe(mailsBefore);
  });
});

describe('POST /api/v1/helpdesk/contacten: idempotency', () => {
  it('the same id twice logs one contact and sends one invitation; the same id with another body is a conflict', async () => {
    const contact = { id: 'hd-idem-1', occurredAt: AT, phone: '0655556666' };
    expect((await logContact(platform, contact)).status).toBe(201);
    const again = await logContact(platform, contact);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: 'hd-idem-1', result: 'duplicate', route: 'telefoon', channel: 'sms' });
    await server.deliverMail();
    expect((await logContact(platform, contact)).status).toBe(200);
    await server.deliverMail();
    expect(smsTo('+31655556666')).toHaveLength(1);

    const changed = await logContact(platform, { ...contact, phone: '0655556667' });
    expect(changed.status).toBe(409);
    expect(changed.body.errors).toEqual([{ field: 'id', message: 'contact hd-idem-1 is eerder met een andere inhoud gelogd' }]);
    await server.deliverMail();
    expect(smsTo('+31655556667')).toHaveLength(0);
  });

  it('the same id from another helpdesk is another contact', async () => {
    const contact = { id: 'hd-idem-2', occurredAt: AT, requestNumber: 'MA-HD-2' };
    expect((await logContact(platform, contact)).status).toBe(201);
    expect((await logContact(combi, contact)).status).toBe(201);
  });
});

describe('POST /api/v1/helpdesk/contacten: who and what', () => {
  it('refuses organisations that are no helpdesk with 403, and a missing key with 401', async () => {
    for (const org of ['netbeheer-zuid', 'van-der-berg-infra']) {
      const res = await logContact(server.keys.get(org), { id: `hd-403-${org}`, occurredAt: AT, phone: '0677778888' });
      expect(res.status, org).toBe(403);
      expect(res.body.title).toMatch(/platform en combi-organisaties/);
    }
    expect((await logContact(undefined, { id: 'hd-401', occurredAt: AT })).status).toBe(401);
    await server.deliverMail();
    expect(smsTo('+31677778888')).toHaveLength(0);
  });

  it('answers bad input with 400 naming the field, in Dutch', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ occurredAt: AT, phone: '0612345678' }, 'id', /verplicht/],
      [{ id: 'hd-bad-1', phone: '0612345678' }, 'occurredAt', /verplicht/],
      [{ id: 'hd-bad-2', occurredAt: '21-11-2026 14:05', phone: '0612345678' }, 'occurredAt', /tijdstip met tijdzone/],
      [{ id: 'hd-bad-3', occurredAt: AT, account: 'geen-adres' }, 'account', /e-mailadres/],
      [{ id: 'hd-bad-4', occurredAt: AT, requestNumber: 'ma 1' }, 'requestNumber', /aanvraagnummer/],
      [{ id: 'hd-bad-5', occurredAt: AT, phone: '' }, 'phone', /leeg/],
    ];
    for (const [body, field, message] of cases) {
      const res = await logContact(platform, body);
      expect(res.status, field).toBe(400);
      expect(res.body.errors, field).toContainEqual({ field, message: expect.stringMatching(message) });
    }
    const unknown = await logContact(platform, { id: 'hd-bad-6', occurredAt: AT, telefoon: '0612345678' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toMatch(/onbekend veld: telefoon/);
    expect(await recorded('hd-bad-1')).toBeUndefined();
  });

  it('refuses control characters and a time in the future, naming the field, and logs nothing', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ id: 'hd-nul\u0000', occurredAt: AT }, 'id', /stuurtekens/],
      [{ id: 'hd-ctl-1', occurredAt: AT, phone: '06\u001b12345678' }, 'phone', /stuurtekens/],
      [{ id: 'hd-ctl-2', occurredAt: AT, phone: '06 1234 \ud800' }, 'phone', /stuurtekens/],
      [{ id: 'hd-toekomst-1', occurredAt: '9999-12-31T00:00:00+01:00', phone: '0612345678' }, 'occurredAt', /toekomst/],
    ];
    for (const [body, field, message] of cases) {
      const res = await logContact(platform, body);
      expect(res.status, field).toBe(400);
      expect(res.body.errors, field).toContainEqual({ field, message: expect.stringMatching(message) });
      expect(await recorded(body.id as string), field).toBeUndefined();
    }
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await server.get(undefined, '/api/v1/openapi.json');
    expect(doc.body.paths['/api/v1/helpdesk/contacten']?.post?.summary).toMatch(/helpdeskcontact/i);
  });
});

describe('the helpdesk survey behind its link', () => {
  it('is answered once, like the eindmeting, and a bad score offers a call-back', async () => {
    await logContact(platform, { id: 'hd-link-1', occurredAt: AT, requestNumber: 'MA-HD-1' });
    await server.deliverMail();
    const mail = surveyMails('hd1@example.com').at(-1);
    const token = /\/enquete\/([a-z2-7]{24}\.[a-z2-7]{40})/.exec(mail?.text ?? '')?.[1] as string;
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body: new URLSearchParams(fields),
      });
    const answered = await post(`/enquete/${token}`, { beantwoord: 'nee', moeite: '7' });
    expect(answered.headers.get('location')).toBe(`/enquete/bedankt?terugbellen=${token}`);
    expect((await server.store.helpdesk.byId(splitToken(token)?.id as string))?.usedAt).toBeInstanceOf(Date);
    expect((await post(`/enquete/${token}`, { beantwoord: 'ja' })).headers.get('location')).toBe(`/enquete/${token}`);
    // A note with a control character is sent back to the form, and makes no task.
    const refused = await post(`/enquete/${token}/terugbellen`, { opmerking: 'graag\u001b[31m' });
    expect(refused.headers.get('location')).toBe(`/enquete/bedankt?terugbellen=${token}&fout=opmerking#terugbellen`);
    expect((await server.store.callbacks.openFor('alle')).filter((r) => r.survey === 'helpdesk')).toEqual([]);
    await post(`/enquete/${token}/terugbellen`, { opmerking: 'graag' });
    const open = (await server.store.callbacks.openFor('alle')).filter((r) => r.survey === 'helpdesk');
    expect(open).toEqual([expect.objectContaining({ requestNumber: 'MA-HD-1', note: 'graag' })]);
  });
});
