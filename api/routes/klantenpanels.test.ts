/**
 * Klantenpanels over HTTP on both databases (issue 16.2): a combi's planner plans a panel for its
 * own area and invites frequent applicants (mails through the outbox to the fake Resend, each with
 * a personal link); invitees register by the link (over the capacity on the waiting list, after the
 * deadline a 409 and nothing written), one cancels and the waiting list moves up with a mail; the
 * questionnaire goes once and is answered on the survey engine's page; the summary with a PDF reaches the participants only. Bad forms are
 * refused with nothing written; another combi gets 404, a viewer or a contractor 403, a cross-site
 * form 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, SAME_ORIGIN, staffCookie, startTestServer, submission, type TestServer } from '../testing.ts';

const BUILDER = { name: 'Bouwbedrijf Hendriks', email: 'planning@hendriks.example', kind: 'zakelijk', kvk: '12345678' };
const CORPORATION = { name: 'Woonstichting Kempen', email: 'projecten@woonkempen.example' };
let server: TestServer;
let planner: string;
let viewer: string;
let otherCombi: string;
let contractor: string;

beforeAll(async () => {
  server = await startTestServer();
  const nb = server.keys.get('netbeheer-zuid') as string;
  const now = new Date();
  const recent = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const berichten = [
    ...[1, 2, 3].map((n) => submission(`MA-PANEL-B${n}`, { applicant: BUILDER, occurredAt: recent(10 + n) })),
    ...[1, 2, 3].map((n) => submission(`MA-PANEL-W${n}`, { applicant: CORPORATION, occurredAt: recent(20 + n) })),
  ];
  expect((await server.post(nb, { berichten })).status).toBe(201);
  planner = (await staffCookie(server.store, { organisation: 'combi-brabant-oost', role: 'planner', name: 'Joris' })).cookie;
  viewer = (await staffCookie(server.store, { organisation: 'combi-brabant-oost', role: 'viewer' })).cookie;
  otherCombi = (await staffCookie(server.store, { organisation: 'combi-peelland', role: 'admin' })).cookie;
  contractor = (await staffCookie(server.store, { organisation: 'van-der-berg-infra', role: 'admin' })).cookie;
});
afterAll(() => server.close());

const send = (path: string, cookie: string, form: Record<string, string | string[]>, headers = SAME_ORIGIN) =>
  postForm(server.url, path, cookie, form, headers);
const upload = (path: string, cookie: string, form: FormData) =>
  fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, ...SAME_ORIGIN }, body: form });
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PANEL = {
  combi: 'brabant-oost',
  titel: 'Klantenpanel bouwers',
  datum: day(40),
  tijd: '14:00',
  plaats: 'Eindhoven, Stadhuisplein 1',
  capaciteit: '1',
  aanmeldenTot: day(30),
  partners: 'Bouwend Nederland\nCombi Brabant-Oost',
};
const plan = (form: Record<string, string> = {}, cookie = planner) =>
  send('/beheer/klantenpanels', cookie, { ...PANEL, ...form });
const idOf = (res: Response) => Number(/\/beheer\/klantenpanels\/(\d+)\?/.exec(res.headers.get('location') ?? '')?.[1]);
const panelCount = async () => (await server.store.panels.list()).length;
/** The personal links in the mails of this subject start, per recipient. */
const linksIn = async (subject: string) => {
  await server.deliverMail();
  const out = new Map<string, string>();
  for (const m of server.resend.mails.filter((m) => m.subject.startsWith(subject))) {
    const token = /\/(?:klantenpanel|enquete)\/([a-z2-7]{24}\.[a-z2-7]{40})/.exec(m.text ?? '')?.[1];
    if (token) out.set(m.to[0] as string, token);
  }
  return out;
};
const participant = (token: string, action: 'aanmelden' | 'afmelden', taal = 'nl') =>
  send(`/klantenpanel/${token}/${action}`, '', { taal });

describe('/beheer/klantenpanels', () => {
  it('refuses bad forms, another area, viewers, contractors and cross-site posts, writing nothing', async () => {
    const before = await panelCount();
    for (const [form, field] of [
      [{ capaciteit: '0' }, 'capaciteit'],
      [{ capaciteit: 'veel' }, 'capaciteit'],
      [{ aanmeldenTot: day(41) }, 'aanmeldenTot'],
      [{ datum: '2027-02-30' }, 'datum'],
      [{ tijd: '25:00' }, 'tijd'],
      [{ titel: '' }, 'titel'],
      [{ partners: Array.from({ length: 11 }, (_, i) => `Partner ${i}`).join('\n') }, 'partners'],
      [{ combi: 'peelland' }, 'combi'],
    ] as const) {
      const res = await plan(form);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/beheer/klantenpanels?fout=${field}#plannen`);
    }
    expect((await plan({}, viewer)).status).toBe(403);
    expect((await plan({}, contractor)).status).toBe(403);
    expect((await send('/beheer/klantenpanels', planner, PANEL, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await panelCount()).toBe(before);
  });

  it('invites, registers within the capacity then on the waiting list, moves it up on a cancellation, and shares the summary', async () => {
    const planned = await plan();
    expect(planned.status).toBe(303);
    const id = idOf(planned);
    expect(await server.store.panels.panel(id)).toMatchObject({
      partners: ['Bouwend Nederland', 'Combi Brabant-Oost'],
      capacity: 1,
    });

    // Another combi does not see it; a viewer of the own combi cannot act.
    const invite = { aanvragers: ['kvk:12345678', 'email:projecten@woonkempen.example'], minimaal: '3' };
    expect((await send(`/beheer/klantenpanels/${id}/uitnodigen`, otherCombi, invite)).status).toBe(404);
    expect((await send(`/beheer/klantenpanels/${id}/uitnodigen`, viewer, invite)).status).toBe(403);
    expect((await server.store.panels.invitations(id)).length).toBe(0);
    // An applicant the list does not offer (too few aanvragen here) is not invited.
    const unlisted = await send(`/beheer/klantenpanels/${id}/uitnodigen`, planner, {
      aanvragers: 'email:sanne@example.com',
      minimaal: '3',
    });
    expect(unlisted.headers.get('location')).toBe(
      `/beheer/klantenpanels/${id}?minimaal=3&fout=onbekend&uitgenodigd=0#uitnodigen`,
    );
    expect(
      (await send(`/beheer/klantenpanels/${id}/uitnodigen`, planner, { aanvragers: 'iemand', minimaal: '3' })).headers.get(
        'location',
      ),
    ).toBe(`/beheer/klantenpanels/${id}?minimaal=3&fout=aanvragers#uitnodigen`);
    expect((await server.store.panels.invitations(id)).length).toBe(0);

    const invited = await send(`/beheer/klantenpanels/${id}/uitnodigen`, planner, invite);
    expect(invited.headers.get('location')).toBe(
      `/beheer/klantenpanels/${id}?minimaal=3&gelukt=uitgenodigd&uitgenodigd=2#genodigden`,
    );
    const links = await linksIn('Uitnodiging klantenpanel: Klantenpanel bouwers');
    const builder = links.get(BUILDER.email) as string;
    const corporation = links.get(CORPORATION.email) as string;
    expect(builder && corporation).toBeTruthy();

    expect((await participant(`${builder.slice(0, 25)}${'a'.repeat(40)}`, 'aanmelden')).status).toBe(404);
    const first = await participant(builder, 'aanmelden');
    expect(first.headers.get('location')).toBe(`/klantenpanel/${builder}?gelukt=aangemeld`);
    const second = await participant(corporation, 'aanmelden', 'en');
    expect(second.headers.get('location')).toBe(`/en/klantenpanel/${corporation}?gelukt=wachtlijst`);
    expect((await server.store.panels.panel(id))?.counts).toMatchObject({ aangemeld: 1, wachtlijst: 1 });
    // Cross-site, an invitee's form is refused too.
    expect((await send(`/klantenpanel/${builder}/afmelden`, '', {}, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);

    expect((await participant(builder, 'afmelden')).headers.get('location')).toBe(`/klantenpanel/${builder}?gelukt=afgemeld`);
    const place = await linksIn('Er is een plaats vrij: Klantenpanel bouwers');
    expect([...place.keys()]).toEqual([CORPORATION.email]);
    expect((await server.store.panels.panel(id))?.counts).toMatchObject({ aangemeld: 1, wachtlijst: 0, afgemeld: 1 });

    expect((await send(`/beheer/klantenpanels/${id}/vragenlijst`, planner, {})).headers.get('location')).toBe(
      `/beheer/klantenpanels/${id}?gelukt=vragenlijst#vragenlijst`,
    );
    expect((await send(`/beheer/klantenpanels/${id}/vragenlijst`, planner, {})).headers.get('location')).toBe(
      `/beheer/klantenpanels/${id}?fout=vragenlijst#vragenlijst`,
    );
    const questionnaire = await linksIn('Vooraf een paar vragen: Klantenpanel bouwers');
    expect([...questionnaire.keys()]).toEqual([CORPORATION.email]);
    // The survey engine's page for links takes it: several topics, once.
    const token = questionnaire.get(CORPORATION.email) as string;
    const answers = {
      taal: 'nl',
      ervaring: '2',
      onderwerpen: ['planning', 'projecten'],
      toelichting: 'Vaste datums eerder graag',
    };
    expect((await send(`/enquete/${token}`, '', { ...answers, ervaring: '9' })).headers.get('location')).toBe(
      `/enquete/${token}?fout=ervaring#ervaring`,
    );
    expect((await send(`/enquete/${token}`, '', answers)).headers.get('location')).toBe('/enquete/bedankt');
    expect((await send(`/enquete/${token}`, '', answers)).headers.get('location')).toBe(`/enquete/${token}`);
    // Who cancelled was not sent it: their link opens no questionnaire.
    expect((await send(`/enquete/${builder}`, '', answers)).headers.get('location')).toBe(`/enquete/${builder}`);
    expect(await server.store.panels.questionnaireAnswers(id)).toEqual([
      { ervaring: 2, onderwerpen: ['planning', 'projecten'], toelichting: 'Vaste datums eerder graag' },
    ]);

    // The summary: a renamed text file is not a PDF, too large is 413; then text and a real PDF.
    const summary = (name: string, bytes: Uint8Array<ArrayBuffer>, type = 'application/pdf') => {
      const form = new FormData();
      form.set('tekst', 'Wat we hoorden: planning vooraf delen.');
      form.set('bestand', new File([bytes], name, { type }));
      return upload(`/beheer/klantenpanels/${id}/verslag`, planner, form);
    };
    const notPdf = await summary('verslag.pdf', new TextEncoder().encode('gewoon tekst'));
    expect(notPdf.headers.get('location')).toBe(`/beheer/klantenpanels/${id}?fout=bestand-soort#verslag`);
    expect((await summary('groot.pdf', new Uint8Array(6 * 1024 * 1024).fill(0x25))).status).toBe(413);
    expect((await server.store.panels.panel(id))?.summary).toBeNull();
    const pdf = new TextEncoder().encode('%PDF-1.4\n%verslag\n');
    expect((await summary('Verslag <panel>.pdf', pdf)).headers.get('location')).toBe(
      `/beheer/klantenpanels/${id}?gelukt=verslag#verslag`,
    );
    expect([...(await linksIn('Het verslag van het klantenpanel')).keys()]).toEqual([CORPORATION.email]);

    const file = await fetch(`${server.url}/klantenpanel/${corporation}/verslag`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="Verslag panel.pdf"');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(pdf);
    // Who cancelled is no participant: the server refuses what their page does not show.
    expect((await fetch(`${server.url}/klantenpanel/${builder}/verslag`)).status).toBe(403);
    expect(
      (await fetch(`${server.url}/beheer/klantenpanels/${id}/verslag/bestand`, { headers: { cookie: otherCombi } })).status,
    ).toBe(404);
    expect(
      (await fetch(`${server.url}/beheer/klantenpanels/${id}/verslag/bestand`, { headers: { cookie: viewer } })).status,
    ).toBe(200);
  });

  it('refuses a registration after the deadline with a 409 in the page language, writing nothing', async () => {
    const id = idOf(await plan({ titel: 'Verlopen panel', datum: day(-1), aanmeldenTot: day(-2) }));
    await send(`/beheer/klantenpanels/${id}/uitnodigen`, planner, { aanvragers: 'kvk:12345678', minimaal: '3' });
    const token = (await linksIn('Uitnodiging klantenpanel: Verlopen panel')).get(BUILDER.email) as string;
    const late = await participant(token, 'aanmelden', 'en');
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('Registration has closed');
    const laat = await participant(token, 'aanmelden');
    expect(laat.status).toBe(409);
    expect(await laat.text()).toContain('Aanmelden is gesloten');
    expect((await server.store.panels.invitations(id)).map((i) => [i.state, i.registeredAt])).toEqual([['uitgenodigd', null]]);
  });
});
