/**
 * Registering an applicant organisation and managing its members, over real HTTP, on SQLite and
 * PostgreSQL (postgres-suite.ts): the code goes to an address of the domain, bad input is a clear
 * 4xx with nothing written, the first verified member is the admin and only the admin manages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../domain/content.ts';
import { createSession } from '../auth/sessions.ts';
import { siteContext } from '../site-context.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';

let server: TestServer;
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const KVK = '17001234';

beforeAll(async () => {
  server = await startTestServer();
  const nb = server.keys.get('netbeheer-zuid') as string;
  const business = (n: string, email: string, project?: string) =>
    submission(n, {
      applicant: { name: 'Bouwbedrijf De Kempen', email, kind: 'zakelijk', kvk: KVK },
      ...(project && { project }),
    });
  const res = await server.post(nb, {
    berichten: [
      business('MA-ORG-1', 'planning@dekempen.nl', 'KEMPEN-NOORD'),
      business('MA-ORG-2', 'j.smit@dekempen.nl', 'KEMPEN-NOORD'),
      submission('MA-ORG-3', { applicant: { name: 'Sanne', email: 'sanne@example.com' } }),
    ],
  });
  expect(res.status).toBe(201);
});
afterAll(() => server.close());

async function form(path: string, fields: Record<string, string>, cookie?: string) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN, ...(cookie && { cookie }) },
    body: new URLSearchParams(fields),
  });
}

/** Asks for the organisation's code and reads it from the mail, if one was sent. */
async function register(fields: Record<string, string>) {
  const before = server.resend.mails.length;
  const res = await form('/volg/organisatie/aanmelden', fields);
  const attempt = new URL(res.headers.get('location') ?? '', server.url).searchParams.get('poging') ?? '';
  await server.deliverMail();
  const mail = server.resend.mails.slice(before).find((m) => /inlogcode|sign-in code/i.test(m.subject));
  return { res, attempt, code: mail?.subject.split(': ')[1], mail };
}

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('registering an organisation', () => {
  it('refuses bad input with a clear 4xx in the page language, writing nothing and sending nothing', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ kvk: '1700123', domein: 'dekempen.nl', email: 'planning@dekempen.nl' }, /precies acht cijfers/],
      [{ kvk: '17001234a', domein: 'dekempen.nl', email: 'planning@dekempen.nl' }, /precies acht cijfers/],
      [{ kvk: KVK, domein: 'dekempen.nl', email: 'planning@elders.nl' }, /eindigt op het opgegeven domein/],
      [{ kvk: KVK, domein: 'dekempen.nl', email: 'planning@sub.dekempen.nl' }, /eindigt op het opgegeven domein/],
      [{ kvk: KVK, domein: 'gmail.com', email: 'bouwer@gmail.com' }, /e-mailaanbieders/],
      [{ kvk: KVK, domein: 'dekempen.nl', email: 'planning@dekempen.nl', extra: 'x' }, /niet volledig/],
    ];
    for (const [fields, message] of cases) {
      const { res, mail } = await register({ taal: 'nl', ...fields });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(await res.text()).toMatch(message);
      expect(mail).toBeUndefined();
    }
    const english = await register({ taal: 'en', kvk: KVK, domein: 'dekempen.nl', email: 'x@elders.nl' });
    expect(english.res.status).toBe(400);
    expect(await english.res.text()).toMatch(/ends in the domain you gave/);
    expect(await server.store.applicantOrganisations.organisation(KVK)).toBeUndefined();
  });

  it('sends no code to an address no aanvraag of the organisation names, even at its own domain, with the same answer', async () => {
    // A KvK number is public, and a domain may be a provider's where anyone gets an address.
    const { res, attempt, mail } = await register({
      taal: 'nl',
      kvk: KVK,
      domein: 'dekempen.nl',
      email: 'indringer@dekempen.nl',
    });
    expect(res.status).toBe(303);
    expect(attempt).toMatch(/^[a-z2-7]{24}$/);
    expect(mail).toBeUndefined();
  });

  it('sends no code for a domain the organisation’s aanvragen do not name, with the same answer', async () => {
    const { res, attempt, mail } = await register({ taal: 'nl', kvk: KVK, domein: 'bouwgigant.nl', email: 'a@bouwgigant.nl' });
    expect(res.status).toBe(303);
    expect(attempt).toMatch(/^[a-z2-7]{24}$/);
    expect(mail).toBeUndefined();
  });

  it('makes the first verified address the admin, signed in, and refuses a second registration', async () => {
    const { res, attempt, code, mail } = await register({
      taal: 'nl',
      kvk: KVK,
      domein: 'DeKempen.nl',
      email: 'planning@dekempen.nl',
    });
    expect(res.status).toBe(303);
    expect(mail?.to).toEqual(['planning@dekempen.nl']);
    expect(mail?.text).toContain(KVK);
    const wrong = await form('/volg/organisatie/code', { poging: attempt, code: '00000000', taal: 'nl' });
    expect(wrong.headers.get('location')).toContain('fout=onjuist');
    expect(await server.store.applicantOrganisations.organisation(KVK)).toBeUndefined();

    const ok = await form('/volg/organisatie/code', { poging: attempt, code: code as string, taal: 'nl' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/volg/organisatie?opgeslagen=aangemeld');
    // Signed in as a customer, with the session every customer gets: the page's context knows the organisation.
    const { context } = await siteContext(server.store, loadContent(), new Map(), cookieOf(ok));
    expect(context.customer?.email).toBe('planning@dekempen.nl');
    expect(await context.memberships()).toMatchObject([{ kvk: KVK, domain: 'dekempen.nl', role: 'beheerder' }]);
    expect(await server.store.applicantOrganisations.members(KVK)).toMatchObject([
      { email: 'planning@dekempen.nl', role: 'beheerder' },
    ]);
    // The code is one use; a second registration of the same KvK number is a clear 409.
    expect((await form('/volg/organisatie/code', { poging: attempt, code: code as string })).headers.get('location')).toContain(
      'fout=onjuist',
    );
    // Whether a KvK number has a portfolio is told only to an address that proved it is one of its
    // applicants: anyone else gets the same 303 as ever, and no mail.
    const stranger = await register({ taal: 'en', kvk: KVK, domein: 'dekempen.nl', email: 'indringer@dekempen.nl' });
    expect(stranger.res.status).toBe(303);
    expect(stranger.mail).toBeUndefined();
    const again = await register({ taal: 'en', kvk: KVK, domein: 'dekempen.nl', email: 'planning@dekempen.nl' });
    expect(again.res.status).toBe(303);
    const taken = await form('/volg/organisatie/code', { poging: again.attempt, code: again.code as string, taal: 'en' });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('Ask the administrator');
  });
});

describe('members', () => {
  const session = async (email: string) => `traject_sessie=${(await createSession(server.store.access, email)).token}`;

  it('lets the admin add and remove addresses of the domain, and nobody else', async () => {
    const admin = await session('planning@dekempen.nl');
    const add = await form(
      '/volg/organisatie/leden',
      { taal: 'nl', kvk: KVK, email: 'J.Smit@dekempen.nl', actie: 'toevoegen' },
      admin,
    );
    expect(add.status).toBe(303);
    expect((await server.store.applicantOrganisations.members(KVK)).map((m) => [m.email, m.role])).toEqual([
      ['planning@dekempen.nl', 'beheerder'],
      ['j.smit@dekempen.nl', 'lid'],
    ]);

    const outside = await form(
      '/volg/organisatie/leden',
      { taal: 'nl', kvk: KVK, email: 'x@elders.nl', actie: 'toevoegen' },
      admin,
    );
    expect(outside.status).toBe(400);
    expect(await outside.text()).toContain('domein van de organisatie');
    const self = await form(
      '/volg/organisatie/leden',
      { taal: 'en', kvk: KVK, email: 'planning@dekempen.nl', actie: 'verwijderen' },
      admin,
    );
    expect(self.status).toBe(400);
    expect(await self.text()).toContain('cannot remove yourself');

    // A member, and an outsider, are refused: what the page does not show them, the server refuses.
    const member = await session('j.smit@dekempen.nl');
    const stranger = await session('sanne@example.com');
    for (const cookie of [member, stranger]) {
      const res = await form(
        '/volg/organisatie/leden',
        { taal: 'nl', kvk: KVK, email: 'p@dekempen.nl', actie: 'toevoegen' },
        cookie,
      );
      expect(res.status).toBe(403);
    }
    const { context: memberSide } = await siteContext(server.store, loadContent(), new Map(), member);
    expect(await memberSide.memberships()).toMatchObject([{ kvk: KVK, role: 'lid' }]);
    const { context: strangerSide } = await siteContext(server.store, loadContent(), new Map(), stranger);
    expect(await strangerSide.organisationMembers(KVK)).toBeUndefined();
    expect(await server.store.applicantOrganisations.members(KVK)).toHaveLength(2);

    const remove = await form(
      '/volg/organisatie/leden',
      { taal: 'nl', kvk: KVK, email: 'j.smit@dekempen.nl', actie: 'verwijderen' },
      admin,
    );
    expect(remove.status).toBe(303);
    expect((await server.store.applicantOrganisations.members(KVK)).map((m) => m.email)).toEqual(['planning@dekempen.nl']);
  });

  it('lets a member without aanvragen of their own sign in with their address, to the portfolio', async () => {
    const admin = await session('planning@dekempen.nl');
    await form('/volg/organisatie/leden', { taal: 'nl', kvk: KVK, email: 'uitvoerder@dekempen.nl', actie: 'toevoegen' }, admin);
    const before = server.resend.mails.length;
    const res = await form('/volg/inloggen', { via: 'email', email: 'uitvoerder@dekempen.nl', taal: 'nl' });
    const attempt = new URL(res.headers.get('location') ?? '', server.url).searchParams.get('poging') ?? '';
    await server.deliverMail();
    const mail = server.resend.mails.slice(before).find((m) => m.subject.startsWith('Uw inlogcode'));
    expect(mail?.to).toEqual(['uitvoerder@dekempen.nl']);
    const signedIn = await form('/volg/code', { poging: attempt, code: mail?.subject.split(': ')[1] as string, taal: 'nl' });
    expect(signedIn.headers.get('location')).toBe('/volg/portfolio');
  });
});
