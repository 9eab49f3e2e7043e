import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../domain/messages.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const key = (org: string) => server.keys.get(org) as string;

/** Submission, "mee in combi" and a TG message for every opdracht, sent as the systems would. */
async function deliver(
  number: string,
  options: { combi?: string; email?: string; contractors?: [string, string]; deliveredAt?: string } = {},
) {
  const [first, second] = options.contractors ?? ['van-der-berg-infra', 'van-der-berg-infra'];
  // An oplevering at another time is submitted and handed over well before it.
  const early = options.deliveredAt ? '2026-05-04T10:00:00+02:00' : undefined;
  const sub = submission(number, {
    combi: options.combi ?? 'brabant-oost',
    applicant: { name: 'Sanne de Vries', email: options.email ?? `${number.toLowerCase()}@example.com` },
    ...(early ? { occurredAt: early, wishDate: undefined } : {}),
  });
  expect((await server.post(key('netbeheer-zuid'), { berichten: [sub] })).status).toBe(201);
  const handed = (id: string, contractor: string) =>
    ({
      id: `${number}-h-${id}`,
      type: 'handed_to_combi',
      requestNumber: number,
      occurredAt: early ?? '2026-11-05T10:00:00+01:00',
      workOrderIds: [id],
      contractor,
    }) as Message;
  expect((await server.post(key('netbeheer-zuid'), { berichten: [handed(`${number}-E`, first)] })).status).toBe(201);
  expect((await server.post(key('waterbedrijf-peel'), { berichten: [handed(`${number}-W`, second)] })).status).toBe(201);
  const tg = (id: string) => ({
    id: `${number}-tg-${id}`,
    type: 'work_order_completed',
    requestNumber: number,
    occurredAt: options.deliveredAt ?? '2026-11-20T15:00:00+01:00',
    workOrderId: id,
  });
  expect((await server.post(key(first), { berichten: [tg(`${number}-E`)] })).status).toBe(201);
  const sentAt = Date.now();
  expect((await server.post(key(second), { berichten: [tg(`${number}-W`)] })).status).toBe(201);
  return sentAt;
}

async function waitForMail(subject: string, timeoutMs = 60_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const mail = server.resend.mails.find((m) => m.subject.startsWith(subject));
    if (mail) return mail;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

describe('the eindmeting on oplevering', () => {
  it('leaves through the outbox within 60 seconds of the last TG message, naming the contractor, with a 14-day link', async () => {
    const sentAt = await deliver('MA-EIND-1');
    const mail = await waitForMail('Hoe ging de aanleg van uw aansluiting? (aanvraag MA-EIND-1)');
    const elapsed = Date.now() - sentAt;
    expect(mail, 'no eindmeting mail within 60 s').toBeDefined();
    expect(elapsed).toBeLessThan(60_000);
    expect(mail?.to).toEqual(['ma-eind-1@example.com']);
    expect(mail?.text).toContain('opgeleverd door Van der Berg Infra');
    expect(mail?.text).toMatch(/\/enquete\/[a-z2-7]{24}\.[a-z2-7]{40}/);
    const invitation = await server.store.endSurveys.forRequest('MA-EIND-1');
    expect(invitation).toMatchObject({
      status: 'uitgenodigd',
      trigger: 'capo',
      contractor: 'van-der-berg-infra',
      skipReason: null,
    });
    const days = ((invitation?.expiresAt?.getTime() ?? 0) - (invitation?.createdAt.getTime() ?? 0)) / 86_400_000;
    expect(days).toBe(14);
  });

  it('is skipped, with the reason recorded, outside CAPO, with two contractors, and within 90 days for one address', async () => {
    await deliver('MA-EIND-2', { combi: 'peelland', contractors: ['peelbouw', 'peelbouw'] });
    expect(await server.store.endSurveys.forRequest('MA-EIND-2')).toMatchObject({
      status: 'overgeslagen',
      skipReason: 'niet-in-capo',
    });

    await deliver('MA-EIND-3', { contractors: ['van-der-berg-infra', 'kempen-kabel'] });
    expect(await server.store.endSurveys.forRequest('MA-EIND-3')).toMatchObject({
      status: 'overgeslagen',
      skipReason: 'meerdere-aannemers',
    });

    await deliver('MA-EIND-4', { email: 'vaak@example.com' });
    await deliver('MA-EIND-5', { email: 'vaak@example.com' });
    expect(await server.store.endSurveys.forRequest('MA-EIND-4')).toMatchObject({ status: 'uitgenodigd' });
    expect(await server.store.endSurveys.forRequest('MA-EIND-5')).toMatchObject({
      status: 'overgeslagen',
      skipReason: 'recent-gemeten',
    });
    await server.deliverMail();
    expect(server.resend.mails.filter((m) => m.subject.includes('MA-EIND-5') && m.subject.startsWith('Hoe ging'))).toHaveLength(
      0,
    );
  });

  it('counts the 90 days in Dutch calendar days between the opleveringen, across the end of summer time', async () => {
    // Sent today, all of them: the processing time must not count, the oplevering dates must.
    // 1 August 23:30 (summer time) to 30 October 00:30 (winter time): 90 calendar days, 89 × 24 hours and 2.
    await deliver('MA-EIND-7', { email: 'negentig@example.com', deliveredAt: '2026-08-01T23:30:00+02:00' });
    await deliver('MA-EIND-8', { email: 'negentig@example.com', deliveredAt: '2026-10-30T00:30:00+01:00' });
    expect(await server.store.endSurveys.forRequest('MA-EIND-7')).toMatchObject({ status: 'uitgenodigd' });
    expect(await server.store.endSurveys.forRequest('MA-EIND-8')).toMatchObject({ status: 'uitgenodigd' });
    // 2 August 00:30 to 30 October 23:30: 89 calendar days, a full 90 × 24 hours; the later one arrives first.
    await deliver('MA-EIND-9', { email: 'negenentachtig@example.com', deliveredAt: '2026-10-30T23:30:00+01:00' });
    await deliver('MA-EIND-10', { email: 'negenentachtig@example.com', deliveredAt: '2026-08-02T00:30:00+02:00' });
    expect(await server.store.endSurveys.forRequest('MA-EIND-9')).toMatchObject({ status: 'uitgenodigd' });
    expect(await server.store.endSurveys.forRequest('MA-EIND-10')).toMatchObject({
      status: 'overgeslagen',
      skipReason: 'recent-gemeten',
    });
  });

  it('invites once per aanvraag, whatever arrives after oplevering', async () => {
    await deliver('MA-EIND-6');
    const again = {
      id: 'MA-EIND-6-late',
      type: 'contact_logged',
      requestNumber: 'MA-EIND-6',
      occurredAt: '2026-11-21T10:00:00+01:00',
      contactMoment: 'C',
      channel: 'email',
      staffName: 'P',
      spokeWith: 'S',
      subject: 'Oplevering',
      summary: 'Opgeleverd.',
    };
    await server.post(key('netbeheer-zuid'), { berichten: [again] });
    await server.deliverMail();
    expect(
      server.resend.mails.filter((m) => m.subject === 'Hoe ging de aanleg van uw aansluiting? (aanvraag MA-EIND-6)'),
    ).toHaveLength(1);
  });
});

describe('the weekly CSV upload for combis outside CAPO', () => {
  const upload = async (org: string, csv: string) => {
    const res = await fetch(`${server.url}/api/v1/eindmeting/csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key(org)}`, 'content-type': 'text/csv' },
      body: csv,
    });
    return { status: res.status, body: await res.json() };
  };

  it('invites for valid rows, reports every bad row, and changes nothing on a second upload', async () => {
    await deliver('MA-CSV-1', { combi: 'peelland', contractors: ['peelbouw', 'peelbouw'] });
    await deliver('MA-CSV-2', { combi: 'peelland', contractors: ['peelbouw', 'peelbouw'] });
    expect(await server.store.endSurveys.forRequest('MA-CSV-1')).toMatchObject({ skipReason: 'niet-in-capo' });
    const csv = [
      'aanvraagnummer;aannemer;opgeleverd_op',
      'MA-CSV-1;peelbouw;2026-11-20',
      'MA-CSV-2;van-der-berg-infra;2026-11-20',
      'MA-ONBEKEND;peelbouw;2026-11-20',
      'MA-CSV-1;peelbouw;20-11-2026',
      'MA-CSV-1;peelbouw;2099-01-01',
    ].join('\n');
    const first = await upload('combi-peelland', csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ uitgenodigd: 1, overgeslagen: 0, alVerwerkt: 0, fouten: 4 });
    expect(first.body.regels.map((r: { regel: number; resultaat: string }) => [r.regel, r.resultaat])).toEqual([
      [2, 'uitgenodigd'],
      [3, 'fout'],
      [4, 'fout'],
      [5, 'fout'],
      [6, 'fout'],
    ]);
    expect(first.body.regels[1].reden).toContain('de TG-berichten kwamen van peelbouw');
    expect(first.body.regels[3].reden).toContain('opgeleverd_op');
    expect(await server.store.endSurveys.forRequest('MA-CSV-1')).toMatchObject({ status: 'uitgenodigd', trigger: 'csv' });
    await server.deliverMail();
    const invitations = () =>
      server.resend.mails.filter((m) => m.subject === 'Hoe ging de aanleg van uw aansluiting? (aanvraag MA-CSV-1)');
    expect(invitations()).toHaveLength(1);

    const second = await upload('combi-peelland', csv);
    expect(second.body).toMatchObject({ uitgenodigd: 0, alVerwerkt: 1, fouten: 4 });
    await server.deliverMail();
    expect(invitations()).toHaveLength(1);
  });

  it('accepts only the platform and combi-organisaties, for their own combi, with the right header', async () => {
    expect((await upload('netbeheer-zuid', 'aanvraagnummer;aannemer;opgeleverd_op\n')).status).toBe(403);
    const wrongHeader = await upload('traject', 'nummer,datum\nMA-CSV-2,2026-11-20');
    expect(wrongHeader.status).toBe(400);
    expect(wrongHeader.body.title).toContain('aanvraagnummer');
    await deliver('MA-CSV-3', { combi: 'peelland', contractors: ['peelbouw', 'peelbouw'] });
    const otherCombi = await upload('combi-brabant-oost', 'aanvraagnummer,aannemer,opgeleverd_op\nMA-CSV-3,peelbouw,2026-11-20');
    expect(otherCombi.body.regels[0]).toMatchObject({
      resultaat: 'fout',
      reden: expect.stringContaining('hoort niet bij uw combi'),
    });
  });
});

describe('answering behind the link, and closing the loop', () => {
  const form = (path: string, fields: Record<string, string>) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams(fields),
    });
  const linkOf = async (number: string) => {
    await deliver(number);
    const mail = await waitForMail(`Hoe ging de aanleg van uw aansluiting? (aanvraag ${number})`);
    return /\/enquete\/([a-z2-7]{24}\.[a-z2-7]{40})/.exec(mail?.text ?? '')?.[1] ?? '';
  };
  const callbacks = async (org: string) =>
    (await (
      await fetch(`${server.url}/api/v1/terugbelverzoeken`, { headers: { authorization: `Bearer ${key(org)}` } })
    ).json()) as {
      verzoeken: { aanvraagnummer: string; organisatie: string; telefoon: string | null; opmerking: string | null }[];
    };

  it('stores the answers once; a positive answer just says thanks', async () => {
    const token = await linkOf('MA-LOOP-1');
    const res = await form(`/enquete/${token}`, { cijfer: '9', moeite: '2', verbeteren: 'Prima <b>geregeld</b>' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/enquete/bedankt');
    const again = await form(`/enquete/${token}`, { cijfer: '1' });
    expect(again.headers.get('location')).toBe(`/enquete/${token}`);
    const invitation = await server.store.endSurveys.forRequest('MA-LOOP-1');
    expect(invitation?.usedAt).toBeInstanceOf(Date);
    const saved = await server.store.responses.get(invitation?.id ?? '');
    expect(saved?.answers).toMatchObject({ cijfer: 9, moeite: 2, verbeteren: 'Prima <b>geregeld</b>' });
  });

  it('refuses an answer outside the scale, naming the question, and keeps the link usable', async () => {
    const token = await linkOf('MA-LOOP-2');
    const res = await form(`/enquete/${token}`, { cijfer: '11' });
    expect(res.headers.get('location')).toBe(`/enquete/${token}?fout=cijfer#cijfer`);
    expect((await server.store.endSurveys.forRequest('MA-LOOP-2'))?.usedAt).toBeNull();
  });

  it('offers "bel mij terug" after a clearly negative answer; the contractor sees the task, nobody else', async () => {
    const token = await linkOf('MA-LOOP-3');
    const res = await form(`/enquete/${token}`, { cijfer: '2', verbeteren: 'Drie keer verzet' });
    expect(res.headers.get('location')).toBe(`/enquete/bedankt?terugbellen=${token}`);
    // A number nobody can call (premium rate) is refused, and the form comes back.
    const bad = await form(`/enquete/${token}/terugbellen`, { telefoon: '0900 1234567', opmerking: 'x' });
    expect(bad.headers.get('location')).toBe(`/enquete/bedankt?terugbellen=${token}&fout=telefoon#terugbellen`);
    const call = await form(`/enquete/${token}/terugbellen`, { telefoon: '06 12345678', opmerking: 'Liefst na 16 uur' });
    expect(call.headers.get('location')).toBe('/enquete/bedankt?teruggebeld=1');
    await form(`/enquete/${token}/terugbellen`, { telefoon: '06 12345678' });
    const mine = (await callbacks('van-der-berg-infra')).verzoeken.filter((v) => v.aanvraagnummer === 'MA-LOOP-3');
    expect(mine).toEqual([
      expect.objectContaining({ organisatie: 'van-der-berg-infra', telefoon: '+31612345678', opmerking: 'Liefst na 16 uur' }),
    ]);
    expect((await callbacks('kempen-kabel')).verzoeken.filter((v) => v.aanvraagnummer === 'MA-LOOP-3')).toEqual([]);
    expect((await callbacks('traject')).verzoeken.some((v) => v.aanvraagnummer === 'MA-LOOP-3')).toBe(true);
  });

  it('refuses a call-back request before the survey was answered', async () => {
    const token = await linkOf('MA-LOOP-4');
    const res = await form(`/enquete/${token}/terugbellen`, { telefoon: '0612345678' });
    expect(res.headers.get('location')).toBe(`/enquete/${token}`);
    expect((await callbacks('traject')).verzoeken.some((v) => v.aanvraagnummer === 'MA-LOOP-4')).toBe(false);
  });
});
