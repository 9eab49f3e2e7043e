import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../domain/content.ts';
import type { Message } from '../../domain/messages.ts';
import { createSession } from '../auth/sessions.ts';
import { hashSecret, newId, newToken } from '../auth/tokens.ts';
import { siteContext } from '../site-context.ts';
import { startTestServer, submission, type TestServer } from '../testing.ts';
import { readIcs } from '../testing-ics.ts';

let server: TestServer;
let nb: string;
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_WINDOW_SECONDS: '2' });
  nb = server.keys.get('netbeheer-zuid') as string;
  const mine = submission('MA-KLANT-1', { applicant: { name: 'Sanne de Vries', email: 'sanne@example.com' } });
  const theirs = submission('MA-KLANT-2', {
    applicant: { name: 'Daan Bakker', email: 'daan@example.com' },
    address: { street: 'Kerkstraat', houseNumber: '3', postcode: '5611 CD', city: 'Eindhoven' },
  });
  const planned = [
    {
      id: 'h1',
      type: 'handed_to_combi',
      requestNumber: 'MA-KLANT-1',
      occurredAt: '2026-11-04T10:00:00+01:00',
      workOrderIds: ['MA-KLANT-1-E'],
      contractor: 'van-der-berg-infra',
    },
  ] as Message[];
  expect((await server.post(nb, { berichten: [mine, theirs, ...planned] })).status).toBe(201);
  const ca = server.keys.get('van-der-berg-infra') as string;
  const firm = {
    id: 'p1',
    type: 'planning_changed',
    requestNumber: 'MA-KLANT-1',
    occurredAt: '2026-11-05T10:00:00+01:00',
    confirmedStart: { date: '2027-03-15', part: 'ochtend' },
    reason: 'afgesproken',
  };
  expect((await server.post(ca, { berichten: [firm] })).status).toBe(201);
  await server.deliverMail();
});
afterAll(() => server.close());

async function form(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = SAME_ORIGIN,
  cookie?: string,
) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers, ...(cookie && { cookie }) },
    body: new URLSearchParams(fields),
  });
}

async function get(path: string, cookie?: string) {
  return fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

/** Asks for a code and reads it from the mail the fake Resend received. */
async function requestCode(fields: Record<string, string>) {
  const before = server.resend.mails.length;
  const res = await form('/volg/inloggen', fields);
  const attempt = new URL(res.headers.get('location') ?? '', server.url).searchParams.get('poging') ?? '';
  await server.deliverMail();
  const mail = server.resend.mails.slice(before).find((m) => m.subject.startsWith('Uw inlogcode'));
  return { res, attempt, code: mail?.subject.split(': ')[1], mail };
}

/** A session made directly in the database, for tests that are not about signing in. */
async function sessionFor(email: string): Promise<string> {
  const { token } = await createSession(server.store.access, email);
  return `traject_sessie=${token}`;
}

async function signIn(number = 'MA-KLANT-1', postcode = '5611 AB', huisnummer = '12') {
  const { attempt, code } = await requestCode({ via: 'aanvraag', aanvraagnummer: number, postcode, huisnummer });
  const res = await form('/volg/code', { poging: attempt, code: code ?? '' });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
  return { res, cookie, attempt, code };
}

describe('signing in with a one-time code', () => {
  it('mails a code to the address on file and answers the same whether or not the details exist', async () => {
    const known = await requestCode({ via: 'aanvraag', aanvraagnummer: 'MA-KLANT-1', postcode: '5611ab', huisnummer: '12' });
    const unknown = await requestCode({ via: 'aanvraag', aanvraagnummer: 'MA-KLANT-1', postcode: '9999 ZZ', huisnummer: '12' });
    const noSuch = await requestCode({ via: 'email', email: 'niemand@example.com' });
    for (const r of [known, unknown, noSuch]) {
      expect(r.res.status).toBe(303);
      expect(r.res.headers.get('location')).toMatch(/^\/volg\/code\?poging=[a-z2-7]{24}$/);
    }
    expect(known.mail?.to).toEqual(['sanne@example.com']);
    expect(known.code).toMatch(/^\d{8}$/);
    expect(unknown.mail).toBeUndefined();
    expect(noSuch.mail).toBeUndefined();
  });

  it('exchanges a right code for a session cookie (HttpOnly, Secure, SameSite=Lax) and lands on the aanvraag', async () => {
    const { res } = await signIn();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/volg/MA-KLANT-1');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^traject_sessie=[a-z2-7]{24}\.[a-z2-7]{40};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('refuses a used code, a wrong code, and every try after five wrong ones', async () => {
    const used = await signIn();
    const again = await form('/volg/code', { poging: used.attempt, code: used.code ?? '' });
    expect(again.headers.get('location')).toContain('fout=onjuist');
    expect(again.headers.get('set-cookie')).toBeNull();

    const { attempt, code } = await requestCode({ via: 'email', email: 'sanne@example.com' });
    const wrongCode = code === '00000000' ? '11111111' : '00000000';
    for (let i = 0; i < 5; i++) await form('/volg/code', { poging: attempt, code: wrongCode });
    const late = await form('/volg/code', { poging: attempt, code: code ?? '' });
    expect(late.headers.get('location')).toContain('fout=onjuist');
    expect(late.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a form posted from another site (CSRF), and one that says nothing about where it comes from', async () => {
    const fields = { via: 'email', email: 'sanne@example.com' };
    expect((await form('/volg/inloggen', fields, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await form('/volg/inloggen', fields, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await form('/volg/inloggen', fields, {})).status).toBe(403);
  });
});

describe('rate limits', () => {
  it('trip after five sign-ins for one aanvraag with a Dutch message and Retry-After, and recover', async () => {
    const fields = { via: 'aanvraag', aanvraagnummer: 'MA-KLANT-2', postcode: '5611 CD', huisnummer: '3' };
    for (let i = 0; i < 5; i++) expect((await form('/volg/inloggen', fields)).status).toBe(303);
    const limited = await form('/volg/inloggen', fields);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toContain('U heeft het te vaak geprobeerd');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await form('/volg/inloggen', fields)).status).toBe(303);
  });
});

describe('nobody sees an aanvraag that is not theirs', () => {
  it('gives the page data only for the customer’s own aanvragen', async () => {
    const cookie = await sessionFor('sanne@example.com');
    const { context } = await siteContext(server.store, loadContent(), new Map(), cookie);
    expect(context.customer?.email).toBe('sanne@example.com');
    expect((await context.followed()).map((f) => [f.number, f.state.number])).toEqual([['MA-KLANT-1', 'MA-KLANT-1']]);
    expect((await context.requestFor('MA-KLANT-1'))?.number).toBe('MA-KLANT-1');
    expect(await context.requestFor('MA-KLANT-2')).toBeUndefined();
    const anonymous = await siteContext(server.store, loadContent(), new Map(), undefined);
    expect(await anonymous.context.requestFor('MA-KLANT-1')).toBeUndefined();
    expect(await anonymous.context.followed()).toEqual([]);
    // The last character changed (to another one: a token may end in "a" already).
    const forged = await siteContext(
      server.store,
      loadContent(),
      new Map(),
      `${cookie.slice(0, -1)}${cookie.endsWith('a') ? 'b' : 'a'}`,
    );
    expect(forged.context.customer).toBeUndefined();
  });

  it('serves the calendar file of a firm date to its customer only', async () => {
    const cookie = await sessionFor('sanne@example.com');
    const own = await get('/volg/aanvraag/MA-KLANT-1/agenda/startdatum.ics', cookie);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toContain('text/calendar');
    const ics = await own.text();
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain('DTSTART:20270315T070000Z'); // 8:00 in the Netherlands in winter
    expect(ics).toContain('Van der Berg Infra');
    expect((await get('/volg/aanvraag/MA-KLANT-2/agenda/startdatum.ics', cookie)).status).toBe(404);
    expect((await get('/volg/aanvraag/MA-KLANT-1/agenda/startdatum.ics')).status).toBe(404);
    expect((await get('/volg/aanvraag/MA-KLANT-1/agenda/schouw.ics', cookie)).status).toBe(404);
  });

  it('writes the calendar file in the page’s language, else in the language the customer chose', async () => {
    const cookie = await sessionFor('sanne@example.com');
    const event = async (query: string) => {
      const res = await get(`/volg/aanvraag/MA-KLANT-1/agenda/startdatum.ics${query}`, cookie);
      expect(res.status).toBe(200);
      const { calendar, events } = readIcs(await res.text());
      return { prodId: calendar.PRODID, ...events[0] } as Record<string, string | undefined>;
    };
    const dutch = await event('');
    expect(dutch).toMatchObject({
      SUMMARY: 'Aanleg aansluiting (Van der Berg Infra)',
      DESCRIPTION: expect.stringMatching(/^Aanvraag MA-KLANT-1\. Zorg dat/),
    });
    const fromEnglishPage = await event('?taal=en');
    expect(fromEnglishPage).toMatchObject({
      SUMMARY: 'Connection work (Van der Berg Infra)',
      DESCRIPTION: 'Request MA-KLANT-1. Please make sure the contractor can reach the meter cupboard.',
      prodId: expect.stringMatching(/\/\/EN$/),
    });
    // Same appointment, another language: a calendar that has one version replaces it.
    expect(fromEnglishPage.UID).toBe(dutch.UID);
    try {
      await server.store.access.setLanguage('sanne@example.com', 'en', new Date());
      expect((await event('')).SUMMARY).toBe('Connection work (Van der Berg Infra)');
      // The page's language wins over the stored one.
      expect((await event('?taal=nl')).SUMMARY).toBe('Aanleg aansluiting (Van der Berg Infra)');
      const missing = await get('/volg/aanvraag/MA-KLANT-1/agenda/schouw.ics', cookie);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toMatch(/<html lang="en">[\s\S]*This appointment does not exist/);
    } finally {
      await server.store.access.setLanguage('sanne@example.com', 'nl', new Date());
    }
  });

  it('changes nothing through the forms of another aanvraag', async () => {
    const cookie = await sessionFor('sanne@example.com');
    const notMine = await form('/volg/aanvraag/MA-KLANT-2/meldingen', { meldingen: 'niets' }, SAME_ORIGIN, cookie);
    expect(notMine.headers.get('location')).toBe('/volg?fout=inloggen');
    expect(await server.store.access.notificationMode('MA-KLANT-2', 'daan@example.com')).toBe('alles');
    const grant = await form('/volg/aanvraag/MA-KLANT-2/toegang', { email: 'sanne@example.com' }, SAME_ORIGIN, cookie);
    expect(grant.headers.get('location')).toBe('/volg?fout=inloggen');
    expect(await server.store.access.mayFollow('sanne@example.com', 'MA-KLANT-2')).toBe(false);
  });

  it('lets the customer give and take back access for someone acting for them', async () => {
    const cookie = await sessionFor('sanne@example.com');
    await form(
      '/volg/aanvraag/MA-KLANT-1/toegang',
      { email: 'Installateur@Example.com', actie: 'toevoegen' },
      SAME_ORIGIN,
      cookie,
    );
    expect(await server.store.access.mayFollow('installateur@example.com', 'MA-KLANT-1')).toBe(true);
    const { code, attempt } = await requestCode({ via: 'email', email: 'installateur@example.com' });
    const res = await form('/volg/code', { poging: attempt, code: code ?? '' });
    expect(res.headers.get('location')).toBe('/volg/MA-KLANT-1');
    await form(
      '/volg/aanvraag/MA-KLANT-1/toegang',
      { email: 'installateur@example.com', actie: 'intrekken' },
      SAME_ORIGIN,
      cookie,
    );
    expect(await server.store.access.mayFollow('installateur@example.com', 'MA-KLANT-1')).toBe(false);
  });

  it('lets only the applicant give or take back access: someone acting for them gets 403 and changes nothing', async () => {
    const { access } = server.store;
    await access.grantAccess('MA-KLANT-1', 'gemachtigde@example.com', 'sanne@example.com', new Date());
    await access.grantAccess('MA-KLANT-1', 'tweede@example.com', 'sanne@example.com', new Date());
    const delegate = await sessionFor('gemachtigde@example.com');
    for (const [actie, email] of [
      ['toevoegen', 'derde@example.com'],
      ['intrekken', 'tweede@example.com'],
      ['intrekken', 'gemachtigde@example.com'],
    ] as const) {
      const res = await form('/volg/aanvraag/MA-KLANT-1/toegang', { email, actie }, SAME_ORIGIN, delegate);
      expect(res.status, `${actie} ${email}`).toBe(403);
      expect(await res.text()).toContain('Alleen de aanvrager');
    }
    expect(await access.mayFollow('derde@example.com', 'MA-KLANT-1')).toBe(false);
    expect(await access.mayFollow('tweede@example.com', 'MA-KLANT-1')).toBe(true);
    expect(await access.mayFollow('gemachtigde@example.com', 'MA-KLANT-1')).toBe(true);

    // What the page offers someone acting for the applicant: their own mail preference, for them only.
    const mode = await form('/volg/aanvraag/MA-KLANT-1/meldingen', { meldingen: 'niets' }, SAME_ORIGIN, delegate);
    expect(mode.headers.get('location')).toBe('/volg/MA-KLANT-1?opgeslagen=meldingen#meldingen');
    expect(await access.notificationMode('MA-KLANT-1', 'gemachtigde@example.com')).toBe('niets');
    expect(await access.notificationMode('MA-KLANT-1', 'sanne@example.com')).toBe('alles');
    for (const email of ['gemachtigde@example.com', 'tweede@example.com'])
      await access.revokeAccess('MA-KLANT-1', email, new Date());
  });

  it('refuses what the forms never send, and says nothing was saved', async () => {
    const { access } = server.store;
    const cookie = await sessionFor('sanne@example.com');
    const grant = (fields: Record<string, string>) => form('/volg/aanvraag/MA-KLANT-1/toegang', fields, SAME_ORIGIN, cookie);
    for (const [fields, fout] of [
      [{ email: 'nul\u0000@example.com', actie: 'toevoegen' }, 'email'],
      [{ email: 'vreemd@example.com', actie: 'iets' }, 'toegang'],
      [{ email: 'extra@example.com', actie: 'toevoegen', rol: 'aanvrager' }, 'toegang'],
    ] as const) {
      const res = await grant(fields);
      expect(res.headers.get('location'), JSON.stringify(fields)).toBe(`/volg/MA-KLANT-1?fout=${fout}#toegang`);
    }
    for (const email of ['vreemd@example.com', 'extra@example.com'])
      expect(await access.mayFollow(email, 'MA-KLANT-1')).toBe(false);
    const mode = await form('/volg/aanvraag/MA-KLANT-1/meldingen', { meldingen: 'soms' }, SAME_ORIGIN, cookie);
    expect(mode.headers.get('location')).toBe('/volg/MA-KLANT-1?fout=meldingen#meldingen');
    expect(await access.notificationMode('MA-KLANT-1', 'sanne@example.com')).toBe('alles');
  });

  it('ends the session on sign-out', async () => {
    const cookie = await sessionFor('sanne@example.com');
    await form('/volg/uitloggen', {}, SAME_ORIGIN, cookie);
    expect((await get('/volg/aanvraag/MA-KLANT-1/agenda/startdatum.ics', cookie)).status).toBe(404);
  });
});

describe('personal links in mails', () => {
  const linkIn = (text: string | undefined, kind: 'link' | 'afmelden') =>
    new RegExp(`/volg/${kind}/[a-z2-7]{24}\\.[a-z2-7]{40}`).exec(text ?? '')?.[0] ?? '';

  it('sign the customer in once, scoped to their aanvraag; a used link is refused', async () => {
    const confirmation = server.resend.mails.find((m) => m.subject === 'Wij hebben uw aanvraag MA-KLANT-1 ontvangen');
    const link = linkIn(confirmation?.text, 'link');
    const first = await get(link);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/volg/MA-KLANT-1');
    expect(first.headers.get('referrer-policy')).toBe('no-referrer');
    expect(first.headers.get('set-cookie')).toMatch(/^traject_sessie=/);
    const replay = await get(link);
    expect(replay.headers.get('location')).toBe('/volg?fout=link');
    expect(replay.headers.get('set-cookie')).toBeNull();
    expect((await get(`${link.slice(0, -1)}a`)).headers.get('location')).toBe('/volg?fout=link');
  });

  it('refuse an expired link and an expired code', async () => {
    const link = newToken();
    await server.store.access.addAccessLink({
      id: link.id,
      secretHash: link.secretHash,
      requestNumber: 'MA-KLANT-1',
      email: 'sanne@example.com',
      purpose: 'volgen',
      expiresAt: new Date(Date.now() - 1000),
    });
    const res = await get(`/volg/link/${link.token}`);
    expect(res.headers.get('location')).toBe('/volg?fout=link');
    expect(res.headers.get('set-cookie')).toBeNull();

    const attempt = newId();
    await server.store.access.addLoginCode({
      id: attempt,
      email: 'sanne@example.com',
      codeHash: hashSecret('12345678'),
      expiresAt: new Date(Date.now() - 1000),
    });
    const late = await form('/volg/code', { poging: attempt, code: '12345678' });
    expect(late.headers.get('location')).toContain('fout=onjuist');
    expect(late.headers.get('set-cookie')).toBeNull();
  });

  it('unsubscribe in one click, and only for the aanvraag they belong to', async () => {
    const mail = server.resend.mails.find((m) => m.subject === 'Wij hebben uw aanvraag MA-KLANT-2 ontvangen');
    const link = linkIn(mail?.text, 'afmelden');
    const res = await fetch(`${server.url}${link}`, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await server.store.access.notificationMode('MA-KLANT-2', 'daan@example.com')).toBe('niets');
    expect(await server.store.access.notificationMode('MA-KLANT-1', 'sanne@example.com')).toBe('alles');
    expect((await get('/volg/afmelden/aaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
  });
});
