/**
 * Isolation between organisations, as a matrix: for every organisation and every role, every
 * staff page (the werklijst too), export and form, and the API with the organisation's key, an aanvraag the
 * organisation takes no part in never shows — not in lists, figures or exports, and not by
 * guessing its number — and cannot be changed; klantenpanels are a combi's own areas' only; the platform's own pages (the impact of a norm
 * change) open for the platform's staff only. Two marked aanvragen in two combi areas, each
 * with one grid operator, make who may see what unambiguous (domain/staff.ts, takesPart).
 * A call-back request on each belongs to one contractor, the one that must call: only its staff
 * see it on the werklijst (the number only planners and admins), and only its planners and
 * admins claim or close it (domain/callback-handling.ts).
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { createSession } from '../api/auth/sessions.ts';
import { openSqliteStore } from '../api/core/open-store.ts';
import { staffCookie } from '../api/testing.ts';
import { DEMO_COMBIS, DEMO_ORGANISATIONS } from '../demo/directory.ts';
import { DEMO_BUILDERS, demoBuilderOf, requestNumberFor } from '../demo/generator.ts';
import { STAFF_ROLES, type StaffRole } from '../domain/staff.ts';
import { apiKey, e2eContentRepo, e2eDatabaseFile } from './fixtures.ts';

const ALFA = {
  number: 'MA-ISO-ALFA',
  name: 'Alfa Isolatietest',
  combi: 'brabant-oost',
  operator: 'netbeheer-zuid',
  discipline: 'elektra',
};
const BETA = {
  number: 'MA-ISO-BETA',
  name: 'Beta Isolatietest',
  combi: 'peelland',
  operator: 'waterbedrijf-peel',
  discipline: 'water',
};

/** Who takes part in each: its grid operator, the combi-organisatie and contractors of its area, the platform. */
const SEES: Record<string, string[]> = {
  [ALFA.number]: ['netbeheer-zuid', 'combi-brabant-oost', 'van-der-berg-infra', 'kempen-kabel', 'traject'],
  [BETA.number]: ['waterbedrijf-peel', 'combi-peelland', 'peelbouw', 'traject'],
};
const sees = (org: string, number: string) => SEES[number]?.includes(org) ?? false;

/**
 * Whose workload (/beheer/werkvoorraad) an organisation may read: a contractor its own, a
 * combi-organisatie the contractors of its area; undefined: any contractor of the aanvragen it sees.
 */
function workloadOf(org: string): string[] | undefined {
  const kind = DEMO_ORGANISATIONS.find((o) => o.code === org)?.kind;
  if (kind === 'aannemer') return [org];
  const contractor = (code: string) => DEMO_ORGANISATIONS.some((o) => o.code === code && o.kind === 'aannemer');
  if (kind === 'combi') return DEMO_COMBIS.filter((c) => c.organisation === org).flatMap((c) => c.members.filter(contractor));
  return undefined;
}
const organisationName = (code: string) => DEMO_ORGANISATIONS.find((o) => o.code === code)?.name ?? code;

const submission = (a: typeof ALFA) => ({
  id: `${a.number}-ingediend`,
  type: 'request_submitted',
  requestNumber: a.number,
  occurredAt: '2026-10-01T10:00:00+02:00',
  kind: 'nieuwe_aansluiting',
  combi: a.combi,
  applicant: { name: a.name, email: `${a.number.toLowerCase()}@iso.example`, phone: '06 11111111' },
  address: { street: `${a.name}straat`, houseNumber: '1', postcode: '5611 ZZ', city: 'Isodorp' },
  workOrders: [{ id: `${a.number}-1`, discipline: a.discipline, gridOperator: a.operator }],
});

const cookies = new Map<string, string>();
const key = (org: string, role: StaffRole) => `${org}/${role}`;

/** A contact moment late on the day of submission: the quality samples below draw that one day. */
const contact = (a: typeof ALFA) => ({
  id: `${a.number}-contact`,
  type: 'contact_logged',
  requestNumber: a.number,
  occurredAt: '2026-10-01T23:40:00+02:00',
  contactMoment: 'B',
  channel: 'telefoon',
  staffName: 'Iso Medewerker',
  spokeWith: a.name,
  subject: 'Intake',
  summary: 'Isolatietest',
});
const SAMPLE_DAY = '2026-10-01';

/** One call-back request per aanvraag, fresh per run, each for one contractor of its area. */
const RUN = Date.now().toString(36);
const CALLBACKS = [
  {
    id: `isoalfa${RUN}`,
    number: ALFA.number,
    owner: 'van-der-berg-infra',
    note: `Terugbel-ISO-alfa-${RUN}`,
    phone: '+31611110001',
  },
  { id: `isobeta${RUN}`, number: BETA.number, owner: 'peelbouw', note: `Terugbel-ISO-beta-${RUN}`, phone: '+31611110002' },
];

test.beforeAll(async ({ request }) => {
  for (const a of [ALFA, BETA]) {
    const res = await request.post('/api/v1/berichten', {
      headers: { authorization: `Bearer ${apiKey(a.operator)}` },
      data: { berichten: [submission(a), contact(a)] },
    });
    expect([201, 207, 200]).toContain(res.status());
  }
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    for (const cb of CALLBACKS)
      await store.callbacks.add({
        id: cb.id,
        invitationId: cb.id,
        survey: 'eindmeting',
        requestNumber: cb.number,
        organisation: cb.owner,
        phone: cb.phone,
        note: cb.note,
        createdAt: new Date(),
      });
    for (const org of DEMO_ORGANISATIONS)
      for (const role of STAFF_ROLES)
        cookies.set(
          key(org.code, role),
          (await staffCookie(store, { organisation: org.code, role, email: `iso-${role}@${org.code}.example` })).cookie,
        );
  } finally {
    await store.close();
  }
});

for (const org of DEMO_ORGANISATIONS.map((o) => o.code)) {
  test(`${org}: sees exactly the aanvragen it takes part in, on every page, export and endpoint`, async ({ request }) => {
    for (const role of STAFF_ROLES) {
      const headers = { cookie: cookies.get(key(org, role)) as string };
      const page = async (path: string) => {
        const res = await request.get(path, { headers, maxRedirects: 0 });
        return { status: res.status(), body: await res.text(), location: res.headers().location };
      };
      const lists = [
        await page('/beheer'),
        await page('/beheer?q=MA-ISO'),
        await page('/beheer?q=5611ZZ'),
        await page('/beheer?q=Alfa'),
        await page('/beheer?q=Beta'),
      ];
      // The impact of a norm change: the platform's staff only, in every role; nobody else gets the page.
      const norms = await page('/beheer/normwijziging');
      expect(norms.status, `${org} as ${role}: norm change page`).toBe(org === 'traject' ? 200 : 403);
      if (org !== 'traject') expect(norms.body).not.toContain('Gewijzigde normen');
      const csv = await page('/beheer/dashboard.csv');
      const moments = await page('/beheer/dashboard-contactmomenten.csv');
      const dashboard = await page('/beheer/dashboard');
      // Werkvoorraad: one section per contractor, each headed by its name; only those the organisation may read.
      const workload = await page('/beheer/werkvoorraad');
      expect(workload.status, `${org} as ${role}: werkvoorraad`).toBe(200);
      const shown = [...workload.body.matchAll(/<h2 id="workload-\d+"[^>]*>([^<]*)<\/h2>/g)].map((m) =>
        m[1]?.replaceAll('&amp;', '&'),
      );
      const allowed = workloadOf(org);
      if (allowed) {
        const names = allowed.map(organisationName);
        for (const name of shown) expect(names, `${org} as ${role}: werkvoorraad shows ${name}`).toContain(name);
      }
      // A combi-organisatie sees its contractors' figures: the check above is not about an empty page.
      if (org.startsWith('combi-')) expect(shown.length, `${org} as ${role}: werkvoorraad`).toBeGreaterThan(0);
      for (const a of [ALFA, BETA]) expect(workload.body, `${org} as ${role}: werkvoorraad`).not.toContain(a.name);
      for (const a of [ALFA, BETA]) {
        const visible = sees(org, a.number);
        const where = `${org} as ${role}, ${a.number}`;
        // Lists and search: the name and number appear only where the organisation takes part.
        if (!visible) for (const list of lists) expect(list.body, `${where}: lists`).not.toContain(a.number);
        expect(lists[1]?.body.includes(a.number), `${where}: search by number`).toBe(visible);
        expect(
          lists.some((l) => l.body.includes(a.name)),
          `${where}: names in lists`,
        ).toBe(visible);
        // The aanvraag page by guessing its number.
        const detail = await page(`/beheer/aanvragen/${a.number}`);
        expect(detail.status === 200, `${where}: detail page`).toBe(visible);
        if (!visible) expect(detail.body).not.toContain(a.name);
        // Export and dashboard.
        expect(csv.status, `${where}: export`).toBe(200);
        expect(csv.body.includes(a.number), `${where}: export`).toBe(visible);
        // The contact moments' export: an aanvraag's lines only where the organisation takes part.
        expect(moments.status, `${where}: contact moments export`).toBe(200);
        if (!visible) expect(moments.body, `${where}: contact moments export`).not.toContain(a.number);
        expect(dashboard.body.includes(a.name), `${where}: dashboard`).toBe(false);
        // The werklijst (narrowed to the aanvraag's grid operator, so it is on the first page): the
        // step only where the organisation takes part; the applicant's name for planners and admins only.
        const worklist = await page(`/beheer/werklijst?partij=${a.operator}`);
        expect(worklist.status, `${where}: werklijst`).toBe(200);
        expect(worklist.body.includes(a.number), `${where}: werklijst`).toBe(visible);
        expect(worklist.body.includes(a.name), `${where}: werklijst contact details`).toBe(visible && role !== 'viewer');
        const worklistCombi = await page(`/beheer/werklijst?combi=${a.combi}`);
        if (!visible) expect(worklistCombi.body, `${where}: werklijst filtered to ${a.combi}`).not.toContain(a.number);
        const atRisk = await page('/beheer/werklijst?in-gevaar=ja&dagen=20');
        expect(atRisk.status, `${where}: werklijst in gevaar`).toBe(200);
        if (!visible) expect(atRisk.body, `${where}: werklijst in gevaar`).not.toContain(a.number);
        // A combi filter outside the organisation's area answers nothing from that area.
        const filtered = await page(`/beheer/dashboard.csv?combi=${a.combi}`);
        if (!visible && filtered.status === 200)
          expect(filtered.body, `${where}: export filtered to ${a.combi}`).not.toContain(a.number);
        const momentsFiltered = await page(`/beheer/dashboard-contactmomenten.csv?combi=${a.combi}`);
        if (!visible && momentsFiltered.status === 200)
          expect(momentsFiltered.body, `${where}: contact moments filtered to ${a.combi}`).not.toContain(a.number);
        // Forms: nothing changes on an aanvraag the organisation takes no part in.
        const post = await request.post(`/beheer/aanvragen/${a.number}/stagnatie`, {
          headers: { ...headers, 'sec-fetch-site': 'same-origin' },
          form: {
            formulier: `iso${a.number.slice(7).toLowerCase()}${org.replace(/[^a-z]/g, '')}${role}`.slice(0, 40),
            oorzaak: 'derde',
            reden: `Test ${org}`,
          },
          maxRedirects: 0,
        });
        // A viewer may change nothing at all; others get the answer of an unknown number.
        if (role === 'viewer') expect(post.status(), `${where}: form`).toBe(403);
        else if (!visible) expect(post.headers().location, `${where}: form`).toBe(`/beheer?fout=onbekend&q=${a.number}`);
      }
      // Call-backs: only the organisation that must call sees one, and only its planners and admins handle it.
      const worklist = await page('/beheer/werklijst');
      const form = async (path: string, fields: Record<string, string> = {}) =>
        request.post(path, { headers: { ...headers, 'sec-fetch-site': 'same-origin' }, form: fields, maxRedirects: 0 });
      for (const cb of CALLBACKS) {
        const own = cb.owner === org;
        const where = `${org} as ${role}, call-back of ${cb.owner}`;
        expect(worklist.body.includes(cb.note), `${where}: werklijst`).toBe(own);
        expect(worklist.body.includes(cb.phone.slice(3)), `${where}: phone number`).toBe(own && role !== 'viewer');
        const path = `/beheer/werklijst/terugbelverzoeken/${cb.id}`;
        const claimed = await form(`${path}/ik-bel`);
        if (own && role !== 'viewer') {
          // The owner's planners and admins claim it, and give it back so the next role finds it free.
          expect(claimed.status(), `${where}: claim`).toBe(303);
          expect((await form(`${path}/vrijgeven`)).status(), `${where}: give back`).toBe(303);
          continue;
        }
        const closed = await form(`${path}/afsluiten`, { reden: 'opgelost' });
        // A viewer may not (403); to another organisation the request does not exist (404).
        const refused = role === 'viewer' ? 403 : 404;
        expect([claimed.status(), closed.status()], `${where}: claim and close`).toEqual([refused, refused]);
        // Nor is it closed through the contact-moment form of an aanvraag the organisation does see.
        if (role !== 'viewer' && sees(org, cb.number)) {
          const logged = await form(`/beheer/aanvragen/${cb.number}/contactmoment`, { terugbelverzoek: cb.id });
          expect(logged.headers().location, `${where}: closed by a contact moment`).toContain('fout=Terugbelverzoek');
        }
      }
    }
    // Quality samples: combi-organisaties and grid operators draw over the contact moments of what
    // they see (planners and admins); others get no page. Another organisation's sample does not exist.
    const kind = DEMO_ORGANISATIONS.find((o) => o.code === org)?.kind;
    const samples = kind === 'combi' || kind === 'netbeheerder';
    for (const role of STAFF_ROLES) {
      const headers = { cookie: cookies.get(key(org, role)) as string, 'sec-fetch-site': 'same-origin' };
      const list = await request.get('/beheer/steekproeven', { headers, maxRedirects: 0 });
      expect(list.status(), `${org} ${role} samples page`).toBe(samples ? 200 : 403);
      const drawn = await request.post('/beheer/steekproeven', {
        headers,
        form: { van: SAMPLE_DAY, tot: SAMPLE_DAY, omvang: '100', zaad: `iso-${role}` },
        maxRedirects: 0,
      });
      expect(drawn.status(), `${org} ${role} draws a sample`).toBe(samples && role !== 'viewer' ? 303 : 403);
      if (drawn.status() !== 303) continue;
      const path = (drawn.headers().location ?? '').replace(/\?.*$/, '');
      const [page, report, pdf] = await Promise.all(
        [path, `${path}/rapport`, `${path}/rapport.pdf`].map((p) => request.get(p, { headers, maxRedirects: 0 })),
      );
      const body = await (page as Awaited<typeof list>).text();
      for (const a of [ALFA, BETA])
        expect(body.includes(a.number), `${org} ${role} sample holds ${a.number}`).toBe(sees(org, a.number));
      expect([report?.status(), pdf?.status()], `${org} ${role} report`).toEqual([200, 200]);
      for (const other of DEMO_ORGANISATIONS.filter((o) => o.code !== org && (o.kind === 'combi' || o.kind === 'netbeheerder'))) {
        const theirs = { cookie: cookies.get(key(other.code, 'admin')) as string, 'sec-fetch-site': 'same-origin' };
        for (const p of [path, `${path}/rapport`, `${path}/rapport.pdf`])
          expect((await request.get(p, { headers: theirs, maxRedirects: 0 })).status(), `${other.code} opens ${org}'s ${p}`).toBe(
            404,
          );
      }
    }
    // The member's own page (/beheer/account) shows only themselves; the digest choice is theirs
    // (planners and admins), the alert settings the admin's, both of the own organisation only.
    for (const role of STAFF_ROLES) {
      const headers = { cookie: cookies.get(key(org, role)) as string, 'sec-fetch-site': 'same-origin' };
      const account = await request.get('/beheer/account', { headers, maxRedirects: 0 });
      expect(account.status(), `${org} ${role} account page`).toBe(200);
      const accountPage = await account.text();
      expect(accountPage, `${org} ${role} account page`).toContain(`iso-${role}@${org}.example`);
      for (const other of DEMO_ORGANISATIONS.filter((o) => o.code !== org))
        expect(accountPage.includes(`@${other.code}.example`), `${org} ${role} account page names ${other.code}`).toBe(false);
      const digest = await request.post('/beheer/account/dagoverzicht', {
        headers,
        form: { dagoverzicht: 'aan' },
        maxRedirects: 0,
      });
      expect(digest.status(), `${org} ${role} digest choice`).toBe(role === 'viewer' ? 403 : 303);
      const settings = await request.post('/beheer/organisatie/meldingen', {
        headers,
        form: { 'werkdagen-gevaar': '5', 'dagen-zonder-update': '14' },
        maxRedirects: 0,
      });
      expect(settings.status(), `${org} ${role} alert settings`).toBe(role === 'admin' ? 303 : 403);
    }
    // Klantenpanels: a combi-organisatie works on its own combi areas (the platform on all): it sees
    // the frequent applicants and panels of those only, plans there only; another's panel does not exist.
    const organises = kind === 'combi' || kind === 'platform';
    const areas =
      kind === 'platform' ? DEMO_COMBIS.map((c) => c.code) : DEMO_COMBIS.filter((c) => c.organisation === org).map((c) => c.code);
    for (const role of STAFF_ROLES) {
      const headers = { cookie: cookies.get(key(org, role)) as string, 'sec-fetch-site': 'same-origin' };
      expect((await request.get('/beheer/klantenpanels', { headers, maxRedirects: 0 })).status(), `${org} ${role} panels`).toBe(
        organises ? 200 : 403,
      );
      for (const a of [ALFA, BETA]) {
        const list = await request.get(`/beheer/klantenpanels?combi=${a.combi}&minimaal=1`, { headers, maxRedirects: 0 });
        const own = organises && areas.includes(a.combi);
        expect(list.status(), `${org} ${role} applicants of ${a.combi}`).toBe(own ? 200 : organises ? 400 : 403);
        expect((await list.text()).includes(a.name), `${org} ${role} lists ${a.name}`).toBe(own);
      }
      const plan = (combi: string) =>
        request.post('/beheer/klantenpanels', {
          headers,
          form: {
            combi,
            titel: `Iso ${org} ${role}`,
            datum: '2027-06-01',
            tijd: '14:00',
            plaats: 'Isodorp',
            capaciteit: '5',
            aanmeldenTot: '2027-05-15',
            partners: '',
          },
          maxRedirects: 0,
        });
      for (const combi of DEMO_COMBIS.map((c) => c.code).filter((c) => !areas.includes(c))) {
        const refused = await plan(combi);
        expect(refused.status(), `${org} ${role} plans in ${combi}`).toBe(organises && role !== 'viewer' ? 303 : 403);
        if (refused.status() === 303) expect(refused.headers().location).toBe('/beheer/klantenpanels?fout=combi#plannen');
      }
      const [area] = areas;
      if (!area) continue;
      const planned = await plan(area);
      expect(planned.status(), `${org} ${role} plans in ${area}`).toBe(role !== 'viewer' ? 303 : 403);
      if (planned.status() !== 303) continue;
      const path = (planned.headers().location ?? '').replace(/\?.*$/, '');
      expect((await request.get(path, { headers, maxRedirects: 0 })).status(), `${org} ${role} opens its panel`).toBe(200);
      for (const other of DEMO_ORGANISATIONS.filter((o) => o.code !== org && o.kind === 'combi')) {
        const theirs = { cookie: cookies.get(key(other.code, 'admin')) as string, 'sec-fetch-site': 'same-origin' };
        const mayOpen = DEMO_COMBIS.some((c) => c.code === area && c.organisation === other.code);
        expect(
          (await request.get(path, { headers: theirs, maxRedirects: 0 })).status(),
          `${other.code} opens ${org}'s panel`,
        ).toBe(mayOpen ? 200 : 404);
        const invite = await request.post(`${path}/uitnodigen`, {
          headers: theirs,
          form: { aanvragers: 'kvk:12345678', minimaal: '1' },
          maxRedirects: 0,
        });
        if (!mayOpen) expect(invite.status(), `${other.code} invites to ${org}'s panel`).toBe(404);
      }
    }
    // The admin's page lists its own staff and keys, and nobody else's; other roles get no page.
    const admin = await request.get('/beheer/organisatie', { headers: { cookie: cookies.get(key(org, 'admin')) as string } });
    const adminPage = await admin.text();
    for (const other of DEMO_ORGANISATIONS.map((o) => o.code))
      expect(adminPage.includes(`@${other}.example`), `${org} admin page lists staff of ${other}`).toBe(other === org);
    for (const role of ['viewer', 'planner'] as const) {
      const res = await request.get('/beheer/organisatie', { headers: { cookie: cookies.get(key(org, role)) as string } });
      expect(res.status(), `${org} ${role} organisation page`).toBe(403);
    }
    // The site's texts are everyone's: only the platform's planners and admins propose changes to them.
    const edits = await Promise.all(
      STAFF_ROLES.map(async (role) => {
        const headers = { cookie: cookies.get(key(org, role)) as string, 'sec-fetch-site': 'same-origin' };
        const list = await request.get('/beheer/teksten', { headers, maxRedirects: 0 });
        const form = await request.get(`/beheer/teksten/bewerken?bestand=begrippen.yaml&item=0`, { headers, maxRedirects: 0 });
        const post = await request.post('/beheer/teksten/bewerken', {
          headers,
          form: { bestand: 'begrippen.yaml', item: '0', versie: '00000000', term: `Iso ${org} ${role}` },
          maxRedirects: 0,
        });
        return { role, statuses: [list.status(), form.status(), post.status()] };
      }),
    );
    for (const { role, statuses } of edits) {
      const editor = org === 'traject' && role !== 'viewer';
      // An editor's post with a stale version is refused by the proposal itself (422), not by the gate.
      expect(statuses, `${org} ${role} text pages`).toEqual(editor ? [200, 200, 422] : [403, 403, 403]);
    }
    // The API with the organisation's own key.
    for (const a of [ALFA, BETA]) {
      const res = await request.get(`/api/v1/aanvragen/${a.number}`, { headers: { authorization: `Bearer ${apiKey(org)}` } });
      expect(res.status() === 200, `${org} API ${a.number}`).toBe(sees(org, a.number));
      if (!sees(org, a.number)) expect(await res.text()).not.toContain(a.name);
    }
  });
}

test('nobody wrote a text proposal: the refused posts above left the content checkout as it was', () => {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: e2eContentRepo(), encoding: 'utf8' });
  expect(git('for-each-ref', 'refs/heads/tekstvoorstel/')).not.toContain('Iso');
  expect(git('log', '--all', '--format=%s')).not.toMatch(/Iso /);
  expect(git('status', '--porcelain')).toBe('');
});

test('no organisation changed an aanvraag it takes no part in', async () => {
  const store = openSqliteStore(e2eDatabaseFile());
  try {
    // Every call-back is still open and free: refused claims and closes wrote nothing.
    for (const cb of CALLBACKS) {
      const open = (await store.callbacks.openTasks(cb.owner)).find((t) => t.id === cb.id);
      expect(open, `call-back of ${cb.owner}`).toMatchObject({ claimedBy: null, doneAt: null });
    }
    for (const a of [ALFA, BETA]) {
      const state = await store.requestState(a.number);
      const by = new Set(state?.stagnations.map((s) => s.by));
      for (const org of by) expect(sees(org, a.number), `${org} reported a stagnation on ${a.number}`).toBe(true);
    }
  } finally {
    await store.close();
  }
});

/**
 * Business applicants' portfolios (issue 16.1): a member sees exactly the aanvragen where its own
 * organisation (KvK number) is the applicant, on the page and in the export; another
 * organisation's portfolio, its members and its export answer as if they did not exist, and its
 * members cannot be changed. The demo's builders (demo/generator.ts) are the applicants.
 */
test('an applicant organisation sees only the aanvragen where it is the applicant', async ({ request }) => {
  const builders = DEMO_BUILDERS.slice(1);
  const numbersOf = (kvk: string) =>
    Array.from({ length: 50 }, (_, i) => i).flatMap((i) => (demoBuilderOf(i)?.kvk === kvk ? [requestNumberFor(i)] : []));
  const store = openSqliteStore(e2eDatabaseFile());
  const cookieOf = new Map<string, string>();
  try {
    for (const b of builders) {
      const email = `iso-lid@${b.domain}`;
      await store.applicantOrganisations.register(b.kvk, b.domain, email, new Date());
      cookieOf.set(b.kvk, `traject_sessie=${(await createSession(store.access, email)).token}`);
    }
    // A site supervisor of the first builder's project only.
    const [first] = builders;
    if (first) {
      await store.applicantOrganisations.addDelegate(
        first.kvk,
        demoBuilderOf(8)?.projectCode ?? '',
        'iso-uitvoerder@elders.example',
        'iso',
        new Date(),
      );
      cookieOf.set('uitvoerder', `traject_sessie=${(await createSession(store.access, 'iso-uitvoerder@elders.example')).token}`);
    }
    cookieOf.set('particulier', `traject_sessie=${(await createSession(store.access, 'ma-iso-alfa@iso.example')).token}`);
  } finally {
    await store.close();
  }
  for (const b of builders) {
    const headers = { cookie: cookieOf.get(b.kvk) as string };
    const own = numbersOf(b.kvk);
    expect(own.length, `${b.name} has demo aanvragen`).toBeGreaterThan(0);
    for (const viewer of [...builders.map((x) => x.kvk), 'particulier', 'uitvoerder']) {
      const as = { cookie: cookieOf.get(viewer) as string };
      const mine = viewer === b.kvk;
      if (viewer === 'uitvoerder') {
        // The delegate sees the one project of the first builder, nothing of another; and manages nothing.
        const theirs = b.kvk === builders[0]?.kvk;
        const page = await request.get(`/volg/portfolio?kvk=${b.kvk}`, { headers: as, maxRedirects: 0 });
        expect(page.status(), `delegate opens ${b.kvk}`).toBe(theirs ? 200 : 404);
        const body = await page.text();
        for (const number of own) expect(body.includes(number), `delegate sees ${number}`).toBe(theirs);
        const without = await request.get(`/volg/portfolio?kvk=${b.kvk}&project=-`, { headers: as, maxRedirects: 0 });
        expect(without.status(), `delegate opens ${b.kvk} without project`).toBe(404);
        const change = await request.post('/volg/organisatie/leden', {
          headers: { ...as, 'sec-fetch-site': 'same-origin' },
          form: { taal: 'nl', kvk: b.kvk, email: `indringer@${b.domain}`, actie: 'toevoegen' },
          maxRedirects: 0,
        });
        expect(change.status(), `delegate adds a member to ${b.kvk}`).toBe(403);
        continue;
      }
      const page = await request.get(`/volg/portfolio?kvk=${b.kvk}`, { headers: as, maxRedirects: 0 });
      const csv = await request.get(`/volg/portfolio.csv?kvk=${b.kvk}`, { headers: as, maxRedirects: 0 });
      const project = await request.get(`/volg/portfolio?kvk=${b.kvk}&project=${demoBuilderOf(3)?.projectCode}`, { headers: as });
      expect([page.status(), csv.status(), project.status()], `${viewer} opens ${b.kvk}`).toEqual(
        mine ? [200, 200, 200] : [404, 404, 404],
      );
      const bodies = `${await page.text()}${await csv.text()}${await project.text()}`;
      for (const number of own) expect(bodies.includes(number), `${viewer} sees ${number} of ${b.kvk}`).toBe(mine);
      // Another organisation's members cannot be changed: what the page does not show, the server refuses.
      const change = await request.post('/volg/organisatie/leden', {
        headers: { ...as, 'sec-fetch-site': 'same-origin' },
        form: { taal: 'nl', kvk: b.kvk, email: `indringer@${b.domain}`, actie: 'toevoegen' },
        maxRedirects: 0,
      });
      expect(change.status(), `${viewer} adds a member to ${b.kvk}`).toBe(mine ? 303 : 403);
      const feed = await request.post('/volg/portfolio-agenda', {
        headers: { ...as, 'sec-fetch-site': 'same-origin' },
        form: { taal: 'nl', kvk: b.kvk, actie: 'maken' },
        maxRedirects: 0,
      });
      expect(feed.status(), `${viewer} makes a calendar feed of ${b.kvk}`).toBe(mine ? 303 : 404);
    }
    // Its own portfolio holds none of the others' aanvragen, nor the private ones.
    const body = await (await request.get(`/volg/portfolio?kvk=${b.kvk}`, { headers })).text();
    for (const other of DEMO_BUILDERS.filter((x) => x.kvk !== b.kvk))
      for (const number of numbersOf(other.kvk)) expect(body, `${b.kvk} portfolio`).not.toContain(number);
    for (const a of [ALFA, BETA]) expect(body).not.toContain(a.number);
  }
});
