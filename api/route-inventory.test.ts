/**
 * Every route of the API and the site, taken from the route definitions (the Hono app's routes and
 * the on-demand pages under site/pages/), is either on the explicit public list below or needs a
 * credential; without one it is refused and shows nothing of the aanvraag it names. A new route
 * that is on neither list fails this test: classify it here.
 *
 * The credentials, and what each proves (docs/security.md):
 *  - api-key: `Authorization: Bearer trj_…`, an organisation's back-office system.
 *  - staff: the staff session cookie after the mailed code and the app's code, with a role
 *    (view < act < manage); `staff:texts` is a content editor: the platform's planners and admins
 *    (domain/staff.ts mayProposeTexts); `staff:platform` any role of the platform's own staff, no
 *    other organisation's; `staff:samples` any role of a combi-organisatie or grid operator, and
 *    `staff:samples-act` their planners and admins (domain/staff.ts maySample); `staff:panels`
 *    any role of a combi-organisatie or the platform, `staff:panels-act` their planners and admins
 *    (domain/staff.ts mayOrganisePanels); `staff-half` is
 *    the session between the two factors.
 *  - customer: the customer session cookie after a mailed code or a personal link.
 *  - link: a personal link's token in the path (id.secret), mailed to one person for one purpose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UnsupportedPathError } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import type { RouterRoute } from 'hono/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffSession, STAFF_COOKIE } from './auth/staff-sessions.ts';
import { newToken } from './auth/tokens.ts';
import { AnswersAloneRouter } from './http/answers-alone.ts';
import { redactedPath } from './http/request-log.ts';
import { staffCookie, startTestServer, submission, type TestServer } from './testing.ts';
import { buildSiteForTests } from './testing-site.ts';

type Credential =
  | 'api-key'
  | 'staff:view'
  | 'staff:act'
  | 'staff:manage'
  | 'staff:texts'
  | 'staff:platform'
  | 'staff:samples'
  | 'staff:samples-act'
  | 'staff:panels'
  | 'staff:panels-act'
  | 'staff-half'
  | 'customer'
  | 'link';

/** Open to anyone, and why. */
const PUBLIC: Record<string, string> = {
  'GET /healthz': 'liveness for the load balancer',
  'GET /readyz': 'readiness for the load balancer',
  'GET /api/v1/openapi.json': 'the API description',
  'GET /api/v1/docs': 'the API reference',
  'GET /api/v1/enquetes/:enquete': 'survey questions, for the widgets',
  'PUT /api/v1/enquetes/:enquete/reacties/:reactie':
    'widget answers: allowed sites only (Origin), rate-limited; a pop-up answer about an aanvraag needs its signed pop-up token',
  'GET /api/v1/enquetes/:enquete/pop-up': 'may a pop-up show? Needs its pop-up token; unknown and foreign aanvragen answer alike',
  'PUT /api/v1/enquetes/:enquete/reacties/:reactie/antwoorden/:vraag': 'widget answers, one at a time',
  'PUT /api/v1/enquetes/:enquete/reacties/:reactie/terugbellen':
    'a call-back after a finished pop-up response, with its pop-up token',
  'GET /widgets/:name': 'the widget scripts, for any site',
  'POST /volg/inloggen': 'asking for a sign-in code (rate-limited)',
  'POST /volg/code': 'the code itself is the proof (5 tries per code)',
  'POST /volg/uitloggen': 'signing out',
  'POST /beheer/inloggen': 'asking for a staff sign-in code (rate-limited)',
  'POST /beheer/code': 'the code itself is the proof (5 tries per code)',
  'POST /beheer/uitloggen': 'signing out',
  'GET /volg': 'the customers’ sign-in page',
  'GET /volg/code': 'the code form',
  'GET /en/volg': 'the customers’ sign-in page, in English',
  'GET /en/volg/code': 'the code form, in English',
  'GET /beheer/inloggen': 'the staff sign-in page',
  'GET /beheer/code': 'the staff code form',
  'GET /enquete/bedankt': 'thanks after a survey',
  'GET /en/enquete/bedankt': 'thanks after a survey, in English',
  'POST /volg/organisatie/aanmelden':
    'registering an applicant organisation: a mail code to an address of its domain, only when its aanvragen name that domain (rate-limited)',
  'POST /volg/organisatie/code': 'the code itself is the proof (5 tries per code)',
  'GET /volg/organisatie': 'the registration form of an applicant organisation (members also see their organisation)',
  'GET /en/volg/organisatie': 'the registration form of an applicant organisation, in English',
  'GET /volg/organisatie/code': 'the code form of a registration',
  'GET /en/volg/organisatie/code': 'the code form of a registration, in English',
};

/** What every other route needs. */
const NEEDS: Record<string, Credential> = {
  'POST /api/v1/berichten': 'api-key',
  'GET /api/v1/berichten/:berichtId': 'api-key',
  'GET /api/v1/geparkeerde-berichten': 'api-key',
  'POST /api/v1/eindmeting/csv': 'api-key',
  'GET /api/v1/terugbelverzoeken': 'api-key',
  'GET /api/v1/organisaties': 'api-key',
  'GET /api/v1/wijzigingen': 'api-key',
  'GET /api/v1/webhooks': 'api-key',
  'POST /api/v1/webhooks': 'api-key',
  'DELETE /api/v1/webhooks/:id': 'api-key',
  'POST /api/v1/webhooks/:id/geheim': 'api-key',
  'POST /api/v1/webhooks/:id/inschakelen': 'api-key',
  'GET /api/v1/webhooks/:id/afleveringen': 'api-key',
  'POST /api/v1/webhooks/:id/afleveringen/:aflevering/opnieuw': 'api-key',
  'GET /api/v1/bi': 'api-key',
  'GET /api/v1/bi/': 'api-key',
  'GET /api/v1/bi/$metadata': 'api-key',
  'GET /api/v1/bi/Antwoorden': 'api-key',
  'GET /api/v1/bi/Antwoorden/$count': 'api-key',
  'GET /api/v1/bi/maanden/:bestand': 'api-key',
  'GET /api/v1/combis': 'api-key',
  'GET /api/v1/aanvragen/:nummer': 'api-key',
  'POST /api/v1/helpdesk/contacten': 'api-key',
  'POST /api/v1/enquetes/:enquete/pop-up-tokens': 'api-key',
  'GET /volg/link/:token': 'link',
  'GET /volg/afmelden/:token': 'link',
  'POST /volg/afmelden/:token': 'link',
  'POST /enquete/:token': 'link',
  'POST /enquete/:token/terugbellen': 'link',
  'GET /enquete/:token': 'link',
  'GET /en/enquete/:token': 'link',
  'POST /volg/aanvraag/:nummer/meldingen': 'customer',
  'POST /volg/aanvraag/:nummer/toegang': 'customer',
  'GET /volg/aanvraag/:nummer/agenda/:file': 'customer',
  'POST /volg/aanvraag/:nummer/agenda-abonnement': 'customer',
  'GET /volg/agenda/:token': 'link',
  'GET /en/volg/agenda/:token': 'link',
  'GET /volg/mijn-gegevens': 'customer',
  'POST /volg/organisatie/leden': 'customer',
  'POST /volg/organisatie/uitvoerders': 'customer',
  'GET /volg/portfolio': 'customer',
  'GET /en/volg/portfolio': 'customer',
  'GET /volg/portfolio.csv': 'customer',
  'GET /en/volg/portfolio.csv': 'customer',
  'POST /volg/portfolio-agenda': 'customer',
  'GET /volg/portfolio-agenda/:token': 'link',
  'GET /en/volg/portfolio-agenda/:token': 'link',
  'GET /volg/aanvragen': 'customer',
  'GET /volg/:nummer': 'customer',
  'GET /en/volg/:nummer': 'customer',
  'GET /en/volg/aanvragen': 'customer',
  'POST /beheer/tweede-stap': 'staff-half',
  'POST /beheer/herstelcode': 'staff-half',
  'GET /beheer/tweede-stap': 'staff-half',
  'GET /beheer': 'staff:view',
  'GET /beheer/dashboard': 'staff:view',
  'GET /beheer/werklijst': 'staff:view',
  'GET /beheer/dashboard.csv': 'staff:view',
  'GET /beheer/dashboard-contactmomenten.csv': 'staff:view',
  'GET /beheer/dashboard-tevredenheid.csv': 'staff:view',
  'GET /beheer/werkvoorraad': 'staff:view',
  'GET /beheer/aanvragen/:nummer': 'staff:view',
  'POST /beheer/aanvragen/:nummer/:actie': 'staff:act',
  'POST /beheer/werklijst/terugbelverzoeken/:id/:actie': 'staff:act',
  'GET /beheer/organisatie': 'staff:manage',
  'POST /beheer/organisatie/meldingen': 'staff:manage',
  'GET /beheer/account': 'staff:view',
  'POST /beheer/account/dagoverzicht': 'staff:act',
  'POST /beheer/organisatie/medewerkers': 'staff:manage',
  'POST /beheer/organisatie/medewerkers/:id': 'staff:manage',
  'POST /beheer/organisatie/sleutels': 'staff:manage',
  'POST /beheer/organisatie/sleutels/:id/:wijziging': 'staff:manage',
  'GET /beheer/teksten': 'staff:texts',
  'GET /beheer/teksten/bewerken': 'staff:texts',
  'POST /beheer/teksten/bewerken': 'staff:texts',
  'GET /beheer/normwijziging': 'staff:platform',
  'GET /beheer/webhooks': 'staff:manage',
  'POST /beheer/webhooks': 'staff:manage',
  'POST /beheer/webhooks/:id/verwijderen': 'staff:manage',
  'POST /beheer/webhooks/:id/inschakelen': 'staff:manage',
  'POST /beheer/webhooks/:id/geheim-vervangen': 'staff:manage',
  'POST /beheer/webhooks/:id/afleveringen/:aflevering/opnieuw': 'staff:manage',
  'GET /beheer/steekproeven': 'staff:samples',
  'GET /beheer/steekproeven/:id': 'staff:samples',
  'GET /beheer/steekproeven/:id/rapport': 'staff:samples',
  'GET /beheer/steekproeven/:id/rapport.pdf': 'staff:samples',
  'POST /beheer/steekproeven': 'staff:samples-act',
  'POST /beheer/steekproeven/:id/oordeel/:item': 'staff:samples-act',
  'GET /beheer/klantenpanels': 'staff:panels',
  'GET /beheer/klantenpanels/:id': 'staff:panels',
  'GET /beheer/klantenpanels/:id/verslag/bestand': 'staff:panels',
  'POST /beheer/klantenpanels': 'staff:panels-act',
  'POST /beheer/klantenpanels/:id/uitnodigen': 'staff:panels-act',
  'POST /beheer/klantenpanels/:id/vragenlijst': 'staff:panels-act',
  'POST /beheer/klantenpanels/:id/verslag': 'staff:panels-act',
  'GET /klantenpanel/:token': 'link',
  'GET /en/klantenpanel/:token': 'link',
  'GET /klantenpanel/:token/verslag': 'link',
  'POST /klantenpanel/:token/aanmelden': 'link',
  'POST /klantenpanel/:token/afmelden': 'link',
};

/** Catch-alls that are not routes of their own: the API's 404 and the site (its pages are listed from site/pages/). */
const CATCH_ALL = new Set(['ALL /api/*', 'ALL /*']);

const NUMBER = 'MA-INVENTARIS-1';
const APPLICANT = { name: 'Ineke Inventaris', email: 'ineke@example.com', phone: '06 98765432' };
const SAMPLE: Record<string, string> = {
  nummer: NUMBER,
  token: newToken().token,
  actie: 'stagnatie',
  id: '1',
  aflevering: '1',
  wijziging: 'intrekken',
  file: 'startdatum.ics',
  enquete: 'webfeedback',
  reactie: 'inventaris-reactie-0001',
  vraag: 'tevreden',
  name: 'traject.js',
  berichtId: 'inventaris-bericht-1',
  bestand: '2026-11.parquet',
  item: '1',
};

/** Path parameters that are a key, and the part of their sample that is the secret. */
const SECRET_PARAMS: Record<string, string> = {
  token: (SAMPLE.token as string).split('.')[1] as string,
  reactie: SAMPLE.reactie as string,
};

let server: TestServer;
let site: Awaited<ReturnType<typeof buildSiteForTests>>;

beforeAll(async () => {
  site = await buildSiteForTests();
  server = await startTestServer({ SITE_DIR: site.dir });
  const nb = server.keys.get('netbeheer-zuid') as string;
  expect((await server.post(nb, { berichten: [submission(NUMBER, { applicant: APPLICANT })] })).status).toBe(201);
});
afterAll(async () => {
  await server.close();
  site.remove();
});

/**
 * The Hono routes, one key per method and path. Middleware (a handler that takes `next`: key
 * checks, CSRF, static files) is not a route of its own; the route it guards is.
 */
function honoRoutes(): string[] {
  const keys = server.routes.filter((r) => r.handler.length < 2).map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].filter((key) => !CATCH_ALL.has(key));
}

/**
 * The site's on-demand pages (`prerender = false`) as GET routes, and as POST routes too when the
 * page takes its own form; prerendered pages are static and public.
 */
function astroPages(): string[] {
  const root = join(import.meta.dirname, '..', 'site', 'pages');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  return walk(root)
    .filter((file) => file.endsWith('.astro') && /export const prerender = false/.test(readFileSync(file, 'utf8')))
    .flatMap((file) => {
      const path = `/${relative(root, file)}`
        .replace(/\.astro$/, '')
        .replace(/\/index$/, '')
        .replace(/\[([^\]]+)\]/g, ':$1');
      const posts = /Astro\.request\.method === 'POST'/.test(readFileSync(file, 'utf8'));
      return [`GET ${path || '/'}`, ...(posts ? [`POST ${path}`] : [])];
    });
}

const allRoutes = () => [...honoRoutes(), ...astroPages()];

function url(key: string): { method: string; path: string } {
  const [method, pattern] = key.split(' ') as [string, string];
  const path = pattern.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = SAMPLE[name];
    if (!value) throw new Error(`${key}: give :${name} a sample value in SAMPLE`);
    return encodeURIComponent(value);
  });
  return { method, path };
}

async function request(key: string, cookie?: string) {
  const { method, path } = url(key);
  const json = path.startsWith('/api/');
  const res = await fetch(`${server.url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      // Past the CSRF check, so that the credential is what is tested.
      'sec-fetch-site': 'same-origin',
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      ...(cookie && { cookie }),
    },
    body: method === 'GET' ? undefined : json ? '{}' : '',
  });
  return { res, body: await res.text() };
}

/** How each credential refuses a request without it. */
function refused(need: Credential, res: Response, body: string): boolean {
  const location = res.headers.get('location') ?? '';
  switch (need) {
    case 'api-key':
      return res.status === 401 && /^Bearer /.test(res.headers.get('www-authenticate') ?? '');
    case 'staff:view':
    case 'staff:act':
    case 'staff:manage':
    case 'staff:texts':
    case 'staff:platform':
    case 'staff:samples':
    case 'staff:samples-act':
    case 'staff:panels':
    case 'staff:panels-act':
    case 'staff-half':
      return res.status === 303 && location.startsWith('/beheer/inloggen');
    case 'customer':
      return (
        (res.status === 303 && /^(\/en)?\/volg\?fout=inloggen$/.test(location ?? '')) ||
        (res.status === 404 && /niet ingelogd/.test(body))
      );
    case 'link':
      // A wrong token: "link werkt niet", or back to the link's own page, which says so.
      return res.status === 404 || (res.status === 303 && (location === '/volg?fout=link' || location.startsWith('/enquete/')));
  }
}

describe('the route inventory', () => {
  it('finds the routes of the API and the site', () => {
    const routes = allRoutes();
    expect(routes).toContain('GET /api/v1/aanvragen/:nummer');
    expect(routes).toContain('POST /beheer/aanvragen/:nummer/:actie');
    expect(routes).toContain('GET /volg/:nummer');
    expect(routes.length).toBeGreaterThan(40);
  });

  it("fits Hono's RegExpRouter, so no request falls back to the slower TrieRouter", () => {
    // Hono's SmartRouter takes the RegExpRouter only when every route fits it; one parameter beside
    // a fixed name at the same place (`/volg/:nummer/…` beside `/volg/inloggen`) sends all of them
    // to the TrieRouter, about 2 µs more per request over this app's routes.
    const router = new RegExpRouter<number>();
    const refused: string[] = [];
    for (const [i, { method, path }] of server.routes.entries()) {
      try {
        router.add(method, path, i);
      } catch (error) {
        if (!(error instanceof UnsupportedPathError)) throw error;
        refused.push(`${method} ${path}`);
      }
    }
    expect(refused).toEqual([]);
    expect(router.match('GET', '/api/v1/aanvragen/MA-2026-0000001')[0].length).toBeGreaterThan(0);
  });

  it('lets the status look-up answer alone: it is matched first, and no middleware chain is composed for it', () => {
    // The app's router (api/http/answers-alone.ts) over the routes as the app registered them.
    const router = new AnswersAloneRouter<[unknown, RouterRoute]>();
    for (const route of server.routes) router.add(route.method, route.path, [route.handler, route]);
    const [matched] = router.match('GET', '/api/v1/aanvragen/MA-2026-0000001');
    expect(matched.map(([[, route]]) => `${route.method} ${route.path}`)).toEqual(['GET /api/v1/aanvragen/:nummer']);
    // Any other API route keeps its middleware (log line, security headers, trusted proxies).
    expect(router.match('GET', '/api/v1/organisaties')[0].length).toBeGreaterThan(3);
  });

  it('lists every route as public or as needing a credential, and nothing that is gone', () => {
    const routes = allRoutes();
    const unclassified = routes.filter((key) => !(key in PUBLIC) && !(key in NEEDS));
    expect(unclassified, 'new routes: add each to PUBLIC (with a reason) or NEEDS').toEqual([]);
    const both = routes.filter((key) => key in PUBLIC && key in NEEDS);
    expect(both).toEqual([]);
    const gone = [...Object.keys(PUBLIC), ...Object.keys(NEEDS)].filter((key) => !routes.includes(key));
    expect(gone, 'routes listed here that no longer exist').toEqual([]);
  });

  it('refuses every non-public route without its credential, and shows nothing of the aanvraag', async () => {
    const wrong: string[] = [];
    for (const key of allRoutes().filter((k) => k in NEEDS)) {
      const need = NEEDS[key] as Credential;
      const { res, body } = await request(key);
      const leaks = [APPLICANT.name, APPLICANT.email, APPLICANT.phone].filter((v) => body.includes(v));
      if (!refused(need, res, body) || leaks.length)
        wrong.push(`${key} (${need}): ${res.status} ${res.headers.get('location') ?? ''} ${leaks.join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps every key in a path out of the request log, and every personal link has one', () => {
    for (const key of allRoutes()) {
      const { path } = url(key);
      for (const [param, secret] of Object.entries(SECRET_PARAMS))
        if (key.includes(`:${param}`)) expect(redactedPath(path), key).not.toContain(secret);
      if (NEEDS[key] === 'link')
        expect(
          Object.keys(SECRET_PARAMS).some((p) => key.includes(`:${p}`)),
          key,
        ).toBe(true);
    }
  });

  it('refuses a staff route to a member whose role is below the one it needs, and to a session half signed in', async () => {
    const viewer = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'viewer' });
    const planner = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'planner' });
    // An admin, between the mailed code and the app's code.
    const admin = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'admin' });
    const { token } = await createStaffSession(server.store.staff, admin.id);
    // The texts and the norm report are the platform's: an admin of another organisation is below them, however high.
    const otherAdmin = await staffCookie(server.store, { organisation: 'netbeheer-zuid', role: 'admin' });
    const platformViewer = await staffCookie(server.store, { organisation: 'traject', role: 'viewer' });
    // Samples are the combi-organisaties' and grid operators': a contractor's or the platform's admin is below them.
    const contractorAdmin = await staffCookie(server.store, { organisation: 'van-der-berg-infra', role: 'admin' });
    const platformAdmin = await staffCookie(server.store, { organisation: 'traject', role: 'admin' });
    const wrong: string[] = [];
    for (const key of allRoutes().filter((k) => NEEDS[k]?.startsWith('staff:'))) {
      const need = NEEDS[key] as Credential;
      const below: { cookie: string }[] =
        {
          'staff:act': [viewer],
          'staff:manage': [viewer, planner],
          'staff:texts': [viewer, planner, otherAdmin, platformViewer],
          'staff:platform': [viewer, planner, otherAdmin],
          'staff:samples': [contractorAdmin, platformAdmin],
          'staff:samples-act': [viewer, contractorAdmin, platformAdmin],
          // Panels are the combi-organisaties' and the platform's: a grid operator's or contractor's admin is below them.
          'staff:panels': [contractorAdmin, otherAdmin],
          'staff:panels-act': [viewer, contractorAdmin, otherAdmin],
        }[need as string] ?? [];
      for (const member of below) {
        const { res, body } = await request(key, member.cookie);
        if (res.status !== 403 || body.includes(APPLICANT.name)) wrong.push(`${key} as a lower role: ${res.status}`);
      }
      const { res } = await request(key, `${STAFF_COOKIE}=${token}`);
      if (res.status !== 303 || res.headers.get('location') !== '/beheer/tweede-stap')
        wrong.push(`${key} half signed in: ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
