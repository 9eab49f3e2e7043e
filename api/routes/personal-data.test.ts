import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dutchDate } from '../../domain/calendar.ts';
import type { Message } from '../../domain/messages.ts';
import { createSession } from '../auth/sessions.ts';
import { hashSecret, newId } from '../auth/tokens.ts';
import { contactLogged, staffCookie, startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
const key = (org: string) => server.keys.get(org) as string;
const ANNA = { name: 'Anna Kuipers', email: 'anna@example.com', phone: '06 11112222' };
const BERT = { name: 'Bert Oosterhout', email: 'bert@example.com', phone: '06 33334444' };
const CARLA = { name: 'Carla Timmer', email: 'carla@example.com', phone: '06 55556666' };
const address = (street: string) => ({ street, houseNumber: '3', postcode: '5611 CD', city: 'Eindhoven' });

beforeAll(async () => {
  server = await startTestServer();
  const nb = key('netbeheer-zuid');
  const berichten = [
    submission('MA-GEG-1', { applicant: ANNA, address: address('Annastraat') }),
    submission('MA-GEG-2', { applicant: BERT, address: address('Bertlaan') }),
    submission('MA-GEG-3', { applicant: CARLA, address: address('Carlaweg') }),
    contactLogged('MA-GEG-1', 'geg-b', { spokeWith: ANNA.name, summary: 'Intake gedaan met Anna.' }),
    contactLogged('MA-GEG-3', 'geg-c', { spokeWith: CARLA.name }),
    {
      id: 'geg-h',
      type: 'handed_to_combi',
      requestNumber: 'MA-GEG-1',
      occurredAt: '2026-11-04T10:00:00+01:00',
      workOrderIds: ['MA-GEG-1-E'],
      contractor: 'van-der-berg-infra',
    } as Message,
  ];
  expect((await server.post(nb, { berichten })).status).toBe(201);
  const planning = {
    id: 'geg-p',
    type: 'planning_changed',
    requestNumber: 'MA-GEG-1',
    occurredAt: '2026-11-05T10:00:00+01:00',
    provisionalWeek: '2027-W10',
    reason: 'plangesprek',
    staffName: 'Kees',
  };
  expect((await server.post(key('van-der-berg-infra'), { berichten: [planning] })).status).toBe(201);
  const { access, outbox, responses, callbacks } = server.store;
  // Bert lets Anna follow his aanvraag; Anna wants planning mails only.
  await access.grantAccess('MA-GEG-2', ANNA.email, BERT.email, new Date());
  await access.setNotificationMode('MA-GEG-1', ANNA.email, 'planning', new Date());
  const feed = { requestNumber: 'MA-GEG-1', email: ANNA.email, secretHash: hashSecret('agenda') };
  await server.store.calendarFeeds.create({ ...feed, id: newId(), createdAt: new Date('2026-11-03T09:00:00Z') });
  await access.setLanguage(ANNA.email, 'en', new Date());
  await outbox.enqueue({
    idempotencyKey: `inlogcode:${newId()}`,
    kind: 'inlogcode',
    to: ANNA.email,
    subject: 'Uw inlogcode voor Traject: 12345678',
    html: '',
    text: '',
  });
  const helpdesk = await fetch(`${server.url}/api/v1/helpdesk/contacten`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key('traject')}` },
    body: JSON.stringify({
      id: 'geg-hd-1',
      occurredAt: '2026-11-06T11:00:00+01:00',
      requestNumber: 'MA-GEG-1',
      phone: ANNA.phone,
    }),
  });
  expect(helpdesk.status).toBe(201);
  const responseId = newId();
  await responses.save({
    id: responseId,
    context: { survey: 'webfeedback', requestNumber: 'MA-GEG-1', trigger: 'aanvraag-ingediend' },
    answers: { moeite: 2 },
    completed: true,
    at: new Date(),
  });
  await responses.save({
    id: newId(),
    context: { survey: 'webfeedback', requestNumber: 'MA-GEG-2', trigger: 'aanvraag-ingediend' },
    answers: { moeite: 6 },
    at: new Date(),
  });
  const callbackId = newId();
  await callbacks.add({
    id: callbackId,
    invitationId: responseId,
    survey: 'webfeedback',
    requestNumber: 'MA-GEG-1',
    organisation: 'netbeheer-zuid',
    phone: ANNA.phone,
    note: 'Liefst in de ochtend',
    createdAt: new Date(),
  });
  // Closed by a planner with a note: what staff wrote about the customer is theirs to see.
  const planner = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'planner' });
  await callbacks.close('netbeheer-zuid', callbackId, planner.id, { reason: 'anders', note: 'Klant belde zelf' }, new Date());
  await server.deliverMail();
});
afterAll(() => server.close());

async function download(email?: string) {
  const cookie = email ? `traject_sessie=${(await createSession(server.store.access, email)).token}` : undefined;
  return fetch(`${server.url}/volg/mijn-gegevens`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

describe('GET /volg/mijn-gegevens', () => {
  it('sends someone who is not signed in to the sign-in page, with no data', async () => {
    for (const res of [
      await download(),
      await fetch(`${server.url}/volg/mijn-gegevens`, { redirect: 'manual', headers: { cookie: 'traject_sessie=abc.def' } }),
    ]) {
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/volg?fout=inloggen');
      expect(res.headers.get('content-disposition')).toBeNull();
      expect(await res.text()).toBe('');
    }
  });

  it('is a JSON download with the personal-page headers', async () => {
    const res = await download(ANNA.email);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="traject-gegevens-${dutchDate(new Date())}.json"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it("holds the customer's own aanvragen with their details, contacts, planning, choices, mails, surveys, helpdesk and call-backs", async () => {
    const data = await (await download(ANNA.email)).json();
    expect(data.emailadres).toBe(ANNA.email);
    expect(data.taalVanUwEmails).toBe('Engels');
    expect(data.aanvragen.map((a: { aanvraagnummer: string }) => a.aanvraagnummer)).toEqual(
      await server.store.access.requestNumbersFor(ANNA.email),
    );
    const [own, granted] = data.aanvragen;
    expect(own).toMatchObject({
      aanvraagnummer: 'MA-GEG-1',
      rol: 'aanvrager',
      aanvrager: { naam: ANNA.name, email: ANNA.email, telefoon: ANNA.phone },
      adres: { straat: 'Annastraat', huisnummer: '3', postcode: '5611 CD', plaats: 'Eindhoven' },
      meldingen: 'planning',
      agendaAbonnementen: [{ sinds: '2026-11-03T09:00:00.000Z', ingetrokkenOp: null }],
      status: { ingediendOp: '2026-11-02T10:00:00+01:00', opgeleverdOp: null, geannuleerd: null },
      planning: { voorlopigeUitvoerweek: '2027-W10' },
    });
    expect(own.status.opdrachten).toEqual([
      expect.objectContaining({ discipline: 'elektra', netbeheerder: 'Netbeheer Zuid', aannemer: 'Van der Berg Infra' }),
      expect.objectContaining({ discipline: 'water', netbeheerder: 'Waterbedrijf De Peel', aannemer: null }),
    ]);
    expect(own.status.fase).toEqual(expect.any(String));
    expect(own.contactmomenten).toEqual([
      expect.objectContaining({
        contactmoment: 'B',
        organisatie: 'Netbeheer Zuid',
        gesprokenMet: ANNA.name,
        samenvatting: 'Intake gedaan met Anna.',
      }),
    ]);
    expect(own.planning.geschiedenis).toContainEqual(
      expect.objectContaining({
        wat: 'voorlopige uitvoerweek',
        nieuw: '2027-W10',
        door: 'Van der Berg Infra',
        medewerker: 'Kees',
        waarom: 'plangesprek',
      }),
    );
    const kinds = data.berichtenAanU.map((m: { soort: string }) => m.soort);
    expect(kinds).toEqual(expect.arrayContaining(['aanvraag', 'contactmoment', 'planning', 'helpdesk', 'inlogcode']));
    expect(data.berichtenAanU.find((m: { soort: string }) => m.soort === 'inlogcode').onderwerp).toBe(
      'Uw inlogcode voor Traject',
    );
    expect(JSON.stringify(data.berichtenAanU)).not.toMatch(/html|text|12345678|\/volg\/link/);
    expect(data.enquetes).toEqual([
      expect.objectContaining({ vragenlijst: 'webfeedback', aanvraagnummer: 'MA-GEG-1', antwoorden: { moeite: 2 } }),
    ]);
    expect(data.helpdeskcontacten).toEqual([
      expect.objectContaining({
        organisatie: 'Traject',
        aanvraagnummer: 'MA-GEG-1',
        telefoon: ANNA.phone,
        enqueteVerstuurdAan: ANNA.email,
      }),
    ]);
    expect(data.terugbelverzoeken).toEqual([
      expect.objectContaining({
        telefoon: ANNA.phone,
        opmerking: 'Liefst in de ochtend',
        afgehandeldAls: 'anders',
        toelichtingBijAfhandeling: 'Klant belde zelf',
      }),
    ]);
    expect(data.inlogsessies.length).toBeGreaterThanOrEqual(1);
    // An aanvraag followed by a grant: what the page shows, but not the applicant's own details.
    expect(granted).toMatchObject({ aanvraagnummer: 'MA-GEG-2', rol: 'gemachtigde', aanvrager: null });
    expect(granted.toegang).toEqual([expect.objectContaining({ email: ANNA.email, gegevenDoor: 'de aanvrager' })]);
  });

  it("holds a business applicant's memberships, project access, portfolio feeds and panel invitations", async () => {
    const { applicantOrganisations: orgs, panels } = server.store;
    const kvk = '87654321';
    expect(await orgs.register(kvk, 'example.com', ANNA.email, new Date('2026-11-01T09:00:00Z'))).toBe(true);
    await orgs.addDelegate(kvk, 'P-NOORD', CARLA.email, ANNA.email, new Date('2026-11-02T09:00:00Z'));
    await orgs.createFeed({
      id: newId(),
      secretHash: hashSecret('p'),
      kvk,
      email: ANNA.email,
      createdAt: new Date('2026-11-03T09:00:00Z'),
    });
    const panel = await panels.create({
      combi: 'brabant-oost',
      organisation: 'combi-brabant-oost',
      title: 'Klantenpanel Eindhoven',
      startsAt: '2027-02-01T14:00:00.000Z',
      place: 'Stadhuisplein 1',
      capacity: 5,
      deadline: '2027-01-25',
      partners: [],
      createdBy: 'Piet',
    });
    const invitation = {
      id: newId(),
      applicantKey: `kvk:${kvk}`,
      name: ANNA.name,
      email: 'Anna@Example.com',
      lang: 'nl' as const,
    };
    const mail = {
      idempotencyKey: `geg-panel`,
      kind: 'klantenpanel-uitnodiging',
      to: ANNA.email,
      subject: 'Uitnodiging',
      html: '',
      text: '',
    };
    await panels.invite(panel.id, [{ invitation: { ...invitation, secretHash: hashSecret('u') }, mail }], new Date());

    const anna = await (await download(ANNA.email)).json();
    expect(anna.organisaties).toEqual({
      lidmaatschappen: [{ kvkNummer: kvk, rol: 'beheerder', sinds: expect.any(String) }],
      projecttoegang: [],
      agendaAbonnementen: [{ kvkNummer: kvk, sinds: expect.any(String), ingetrokkenOp: null }],
    });
    expect(anna.klantenpanels).toEqual([
      expect.objectContaining({
        panel: 'Klantenpanel Eindhoven',
        plaats: 'Stadhuisplein 1',
        naam: ANNA.name,
        status: 'uitgenodigd',
      }),
    ]);
    // The delegate sees their project, not who gave it nor the organisation's members.
    const carla = await (await download(CARLA.email)).text();
    expect(JSON.parse(carla).organisaties.projecttoegang).toEqual([
      { kvkNummer: kvk, project: 'P-NOORD', sinds: expect.any(String) },
    ]);
    expect(JSON.parse(carla).klantenpanels).toEqual([]);
    expect(carla).not.toContain(ANNA.email);
  });

  it("never holds another customer's data", async () => {
    const text = await (await download(ANNA.email)).text();
    for (const other of [BERT.email, BERT.name, BERT.phone, CARLA.email, CARLA.name, CARLA.phone, 'MA-GEG-3', 'Carlaweg'])
      expect(text).not.toContain(other);
    const carla = await (await download(CARLA.email)).text();
    for (const other of [ANNA.email, ANNA.name, ANNA.phone, 'MA-GEG-1', 'MA-GEG-2']) expect(carla).not.toContain(other);
    // Bert, the applicant, sees whom he gave access.
    const bert = await (await download(BERT.email)).json();
    expect(bert.taalVanUwEmails).toBe('Nederlands');
    expect(bert.aanvragen[0].toegang).toEqual([expect.objectContaining({ email: ANNA.email, gegevenDoor: BERT.email })]);
    expect(bert.enquetes).toEqual([expect.objectContaining({ antwoorden: { moeite: 6 } })]);
  });

  it('holds nothing of someone else who gave the helpdesk the same phone number, or whose account a contact about the aanvraag named', async () => {
    const helpdesk = (body: Record<string, unknown>) =>
      fetch(`${server.url}/api/v1/helpdesk/contacten`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key('traject')}` },
        body: JSON.stringify(body),
      });
    const DIRK = 'dirk@example.com';
    // Dirk (no aanvraag of his own) calls; the helpdesk notes Anna's number: the survey goes there by SMS.
    const byPhone = await helpdesk({
      id: 'geg-hd-dirk-1',
      occurredAt: '2026-11-07T11:00:00+01:00',
      account: DIRK,
      phone: ANNA.phone,
    });
    expect(await byPhone.json()).toMatchObject({ route: 'telefoon', channel: 'sms' });
    // A contact about Anna's aanvraag that names Dirk's account.
    const named = await helpdesk({
      id: 'geg-hd-dirk-2',
      occurredAt: '2026-11-08T11:00:00+01:00',
      requestNumber: 'MA-GEG-1',
      account: DIRK,
    });
    expect(named.status).toBe(201);
    await server.deliverMail();
    // Whoever has that phone answers the SMS survey, with words of their own.
    const sms = server.sms.messages.filter((m) => m.to === '+31611112222').at(-1);
    const token = /\/enquete\/([a-z2-7]{24}\.[a-z2-7]{40})/.exec(sms?.body ?? '')?.[1] as string;
    const answered = await fetch(`${server.url}/enquete/${token}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ beantwoord: 'ja', moeite: '2', tevreden: '5', verbeteren: 'Dirk wil sneller geholpen worden' }),
    });
    expect(answered.headers.get('location')).toBe('/enquete/bedankt');

    const text = await (await download(ANNA.email)).text();
    for (const other of [DIRK, 'Dirk wil sneller', '2026-11-07T11:00:00+01:00']) expect(text).not.toContain(other);
    const data = JSON.parse(text);
    expect(data.berichtenAanU.filter((m: { kanaal: string }) => m.kanaal === 'sms')).toEqual([]);
    // The contact about her own aanvraag is hers, without the account it named.
    expect(data.helpdeskcontacten).toContainEqual(
      expect.objectContaining({ op: '2026-11-08T10:00:00.000Z', aanvraagnummer: 'MA-GEG-1', account: null }),
    );
  });
});
