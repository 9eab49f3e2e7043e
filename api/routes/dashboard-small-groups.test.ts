/**
 * Issue 11.5: small groups must not be found by subtraction. A world with small groups (a few
 * answers of one discipline, one combi, one quarter; an answer changed after its quarter closed;
 * a running quarter), eight kinds of organisation, and everything each of them can download: the
 * satisfaction CSV of every quarter they can choose (the same figures as the page), with every
 * period, discipline and combi filter beside it, and the CSV of aanvragen. From the numbers
 * shown, the attacker of domain/differencing.ts tries every linear combination (every difference
 * of periods, every total against its parts and their siblings, every ±1 sum of overlapping cuts)
 * and must find no group of 1 to 4 answers, responses or invitations.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_GRID_OPERATOR } from '../../demo/directory.ts';
import { addDays, dutchDate, type IsoDate } from '../../domain/calendar.ts';
import { derivableSmallGroup } from '../../domain/differencing.ts';
import { INVITATION_VALID_DAYS } from '../../domain/eindmeting.ts';
import type { Discipline, Message } from '../../domain/messages.ts';
import {
  closedQuarters,
  type DisciplineGroup,
  disciplineGroup,
  disciplineGroupName,
  type Quarter,
  quarterDays,
  quarterOf,
  SATISFACTION,
  SURVEY_NAMES,
} from '../../domain/satisfaction.ts';
import { MIN_GROUP } from '../../domain/small-groups.ts';
import { inScope, scopeOf } from '../../domain/staff.ts';
import { HELPDESK_LINK_DAYS } from '../core/helpdesk-survey.ts';
import { staffCookie, startTestServer, submission, type TestServer } from '../testing.ts';
import { CSV_HEADERS, HIDDEN, SATISFACTION_HEADERS } from './dashboard-export.ts';

let server: TestServer;

type Aanvraag = { number: string; combi: string; disciplines: Discipline[]; kvk?: string };
type Invitation = { id: string; survey: string; request: Aanvraag; day: IsoDate; responded: boolean };
type Response = {
  id: string;
  survey: string;
  request: Aanvraag;
  /** The day that decides its quarter: the invitation's, or its own start. */
  day: IsoDate;
  answers: Map<string, { value: number | string; day: IsoDate }>;
};
const invitations: Invitation[] = [];
const responses: Response[] = [];
const texts: string[] = [];

/**
 * Eindmeting groups: delivered (and invited) on `day`, `answered` of them answered three days
 * later (or on `answerOn`). Small groups sit beside large ones in every quarter.
 */
const END_SURVEYS: {
  day: IsoDate;
  combi: string;
  disciplines: Discipline[];
  invited: number;
  answered: number;
  answerOn?: IsoDate;
}[] = [
  { day: '2026-02-10', combi: 'brabant-oost', disciplines: ['elektra'], invited: 7, answered: 6 },
  { day: '2026-02-11', combi: 'brabant-oost', disciplines: ['water'], invited: 3, answered: 3 },
  { day: '2026-03-30', combi: 'brabant-oost', disciplines: ['elektra', 'water'], invited: 6, answered: 5 },
  { day: '2026-03-05', combi: 'peelland', disciplines: ['gas'], invited: 5, answered: 4 },
  { day: '2026-04-15', combi: 'brabant-oost', disciplines: ['elektra'], invited: 12, answered: 10 },
  { day: '2026-05-20', combi: 'brabant-oost', disciplines: ['telecom'], invited: 2, answered: 1 },
  { day: '2026-06-01', combi: 'peelland', disciplines: ['elektra', 'gas'], invited: 8, answered: 7 },
  { day: '2026-06-30', combi: 'peelland', disciplines: ['water'], invited: 1, answered: 1 },
  // The finding's shape: ten answers, six on elektra and four on water; one water answer
  // comes after the quarter's end (its invitation is of the quarter).
  { day: '2026-07-20', combi: 'brabant-oost', disciplines: ['elektra'], invited: 8, answered: 6 },
  { day: '2026-09-29', combi: 'brabant-oost', disciplines: ['water'], invited: 5, answered: 4, answerOn: '2026-10-05' },
  // The running quarter: not shown yet.
  { day: '2026-10-04', combi: 'brabant-oost', disciplines: ['elektra'], invited: 6, answered: 6 },
];
/** Webfeedback after submitting: its quarter is the day of the response. */
const POP_UPS: { day: IsoDate; combi: string; disciplines: Discipline[]; n: number; kvk?: string }[] = [
  // Business applicants (issue 16.4): in the second quarter six of a builder beside five private
  // ones, all peelland gas (shown per type, and weighted); in the third, a builder's six on elektra
  // and two on water, where business minus elektra would give those two (hidden).
  { day: '2026-05-06', combi: 'peelland', disciplines: ['gas'], n: 6, kvk: '12345678' },
  { day: '2026-05-07', combi: 'peelland', disciplines: ['gas'], n: 5 },
  { day: '2026-08-06', combi: 'brabant-oost', disciplines: ['elektra'], n: 6, kvk: '87654321' },
  { day: '2026-08-07', combi: 'brabant-oost', disciplines: ['water'], n: 2, kvk: '87654321' },
  { day: '2026-08-03', combi: 'brabant-oost', disciplines: ['elektra'], n: 6 },
  { day: '2026-08-04', combi: 'brabant-oost', disciplines: ['water'], n: 4 },
  { day: '2026-08-05', combi: 'peelland', disciplines: ['gas'], n: 2 },
  { day: '2026-09-28', combi: 'brabant-oost', disciplines: ['elektra', 'gas'], n: 5 },
];

let serial = 0;
const at = (day: IsoDate, time = '10:00') => new Date(`${day}T${time}:00+01:00`);

async function ingest(...messages: Message[]) {
  const platform = server.store.organisation('traject');
  if (!platform) throw new Error('no platform');
  const results = await server.store.ingest(messages.map((message) => ({ sender: platform, message })));
  for (const r of results) expect(r.result, JSON.stringify(r.errors)).toBe('accepted');
}

/** An aanvraag submitted two months before `day`, as the platform sends it. */
async function aanvraag(combi: string, disciplines: Discipline[], day: IsoDate, kvk?: string): Promise<Aanvraag> {
  const number = `MA-2026-8${String(serial++).padStart(6, '0')}`;
  await ingest(
    submission(number, {
      combi,
      occurredAt: at(addDays(day, -60)).toISOString(),
      applicant: { name: 'Klant', email: `klant-${number.toLowerCase()}@example.com`, ...(kvk && { kind: 'zakelijk', kvk }) },
      wishDate: undefined,
      workOrders: disciplines.map((d) => ({ id: `${number}-${d}`, discipline: d, gridOperator: DEMO_GRID_OPERATOR[d] })),
    }),
  );
  return { number, combi, disciplines, ...(kvk && { kvk }) };
}

/** Delivered on `day` (the clock set to it, so the eindmeting invitation is of that day), and invited. */
async function deliver(request: Aanvraag, day: IsoDate): Promise<string> {
  const { number, combi, disciplines } = request;
  vi.setSystemTime(at(day, '11:00'));
  const occurredAt = at(day).toISOString();
  await ingest(
    {
      id: `${number}-handed`,
      type: 'handed_to_combi',
      requestNumber: number,
      occurredAt,
      workOrderIds: disciplines.map((d) => `${number}-${d}`),
      contractor: combi === 'peelland' ? 'peelbouw' : 'kempen-kabel',
    } as Message,
    ...disciplines.map(
      (d) =>
        ({
          id: `${number}-tg-${d}`,
          type: 'work_order_completed',
          requestNumber: number,
          occurredAt,
          workOrderId: `${number}-${d}`,
        }) as Message,
    ),
  );
  // Peelland is not in CAPO: its invitations come from the weekly CSV upload.
  if (combi === 'peelland') expect((await server.store.endSurveys.inviteFromCsv(number)).result).toBe('uitgenodigd');
  const invitation = await server.store.endSurveys.forRequest(number);
  expect(invitation?.status).toBe('uitgenodigd');
  return invitation?.id as string;
}

/** A response saved on `day` (by personal link: `id` is the invitation's), its answers kept for the attacker's ground truth. */
async function respond(
  survey: string,
  request: Aanvraag,
  keyDay: IsoDate,
  day: IsoDate,
  answers: Record<string, number | string>,
  id = `r-${serial++}`,
) {
  const byLink = (SATISFACTION.invited as readonly string[]).includes(survey);
  const saved = await server.store.responses.save({
    id,
    context: { survey, requestNumber: request.number, ...(byLink ? { invitationId: id } : { trigger: 'aanvraag-ingediend' }) },
    answers,
    completed: true,
    at: at(day, '12:00'),
  });
  expect(saved.result).not.toBe('conflict');
  const found = responses.find((r) => r.id === id);
  const own = found ?? { id, survey, request, day: keyDay, answers: new Map() };
  for (const [question, value] of Object.entries(answers)) own.answers.set(question, { value, day });
  if (!found) responses.push(own);
  for (const question of SATISFACTION.freeText)
    if (typeof answers[question] === 'string') texts.push(answers[question] as string);
}

beforeAll(async () => {
  server = await startTestServer();
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    let grade = 0;
    for (const g of END_SURVEYS) {
      for (let i = 0; i < g.invited; i++) {
        const request = await aanvraag(g.combi, g.disciplines, g.day);
        const id = await deliver(request, g.day);
        const responded = i < g.answered;
        invitations.push({ id, survey: 'eindmeting', request, day: g.day, responded });
        if (!responded) continue;
        grade++;
        await respond(
          'eindmeting',
          request,
          g.day,
          g.answerOn ?? addDays(g.day, 3),
          {
            cijfer: 1 + (grade % 10),
            moeite: 1 + (grade % 7),
            ...(grade % 2 === 0 && { verbeteren: `Fixture-tekst ${grade} over ${g.disciplines.join('+')}` }),
          },
          id,
        );
      }
    }
  } finally {
    vi.useRealTimers();
  }
  for (const p of POP_UPS) {
    for (let i = 0; i < p.n; i++) {
      const request = await aanvraag(p.combi, p.disciplines, p.day, p.kvk);
      await respond('webfeedback', request, p.day, p.day, { moeite: 1 + (i % 7), verbeteren: `Pop-up-tekst ${serial}` });
    }
  }
  // Changed after its quarter was final: the change does not count, so the quarter's figures
  // do not move (the attacker could subtract the two views otherwise).
  const edited = responses.filter((r) => r.survey === 'webfeedback').at(-1) as Response;
  await respond('webfeedback', edited.request, edited.day, '2026-10-20', { moeite: 7 }, edited.id);
  // Helpdesk invitations in the second quarter: six on elektra aanvragen (five answered), two on telecom (one).
  const helpdesk = server.store.organisation('netbeheer-zuid');
  if (!helpdesk) throw new Error('no netbeheer-zuid');
  const elektraK2 = invitations.filter((i) => i.day === '2026-04-15').map((i) => i.request);
  const telecomK2 = invitations.filter((i) => i.day === '2026-05-20').map((i) => i.request);
  for (const [k, request] of [...elektraK2.slice(0, 6), ...telecomK2].entries()) {
    const day = k < 6 ? '2026-05-04' : '2026-05-25';
    const logged = await server.store.helpdesk.log(
      helpdesk,
      { id: `hd-${k}`, occurredAt: at(day).toISOString(), requestNumber: request.number },
      {
        route: 'aanvraag',
        channel: 'email',
        to: `klant-${request.number.toLowerCase()}@example.com`,
        requestNumber: request.number,
      },
      at(day),
    );
    const responded = k < 5 || k === 6;
    invitations.push({ id: logged.contact.id, survey: 'helpdesk', request, day, responded });
    if (responded) await respond('helpdesk', request, day, addDays(day, 1), { moeite: 1 + (k % 7) }, logged.contact.id);
  }
}, 120_000);
afterAll(() => server.close());

const ORGANISATIONS = [
  'combi-brabant-oost',
  'combi-peelland',
  'netbeheer-zuid',
  'waterbedrijf-peel',
  'glasnet',
  'kempen-kabel',
  'peelbouw',
  'traject',
];

async function download(cookie: string, path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { status: res.status, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
}
const csvLines = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n$/, '')
    .split('\r\n')
    .map((l) => l.split(';'));

/** The units a published figure sums over, by the rules as the page explains them. */
type Measure = 'respons' | 'moeite' | 'cijfer';
type Shown = { org: string; quarter: Quarter; survey: string; measure: Measure; units: string[]; count: number };

function unitsOf(
  org: string,
  quarter: Quarter,
  survey: string,
  measure: Measure,
  combi: string | undefined,
  discipline: DisciplineGroup | undefined,
  type?: 'Particulier' | 'Zakelijk',
) {
  const record = server.store.organisation(org);
  if (!record) throw new Error(`no ${org}`);
  const scope = scopeOf(record, server.store.combiCodes(), server.store);
  const { final } = quarterDays(quarter);
  const fits = (request: Aanvraag, day: IsoDate) =>
    inScope(
      scope,
      request.combi,
      request.disciplines.map((d) => DEMO_GRID_OPERATOR[d]),
    ) &&
    quarterOf(day) === quarter &&
    (combi === undefined || request.combi === combi) &&
    (discipline === undefined || disciplineGroup(request.disciplines) === discipline) &&
    (type === undefined || (type === 'Zakelijk') === !!request.kvk);
  const invited = (SATISFACTION.invited as readonly string[]).includes(survey);
  if (measure === 'respons' && invited) {
    return invitations.filter((i) => i.survey === survey && fits(i.request, i.day));
  }
  const question = measure === 'moeite' ? SATISFACTION.effort.question : SATISFACTION.ktv.question;
  return responses.filter((r) => {
    if (r.survey !== survey || !fits(r.request, r.day)) return false;
    if (measure === 'respons') return true;
    const answer = r.answers.get(question);
    return !!answer && answer.day < final;
  });
}

/** Lines per applicant type read, and weighted figures shown, over every download. */
let typeLines = 0;
let weightedShown = 0;

/** Everything an organisation is shown about answers, from its satisfaction CSVs, checked against the world. */
async function shownTo(org: string): Promise<{ shown: Shown[]; hiddenBig: number; hidden: number }> {
  const { cookie } = await staffCookie(server.store, { organisation: org, role: 'viewer' });
  const combiCode = new Map(server.store.combiCodes().map((code) => [server.store.combi(code)?.name, code]));
  const surveyId = new Map(Object.entries(SURVEY_NAMES).map(([id, name]) => [name, id]));
  const groupOf = new Map(
    (['elektra', 'gas', 'water', 'telecom', 'meerdere'] as DisciplineGroup[]).map((g) => [disciplineGroupName(g), g]),
  );
  const shown: Shown[] = [];
  let hidden = 0;
  let hiddenBig = 0;
  for (const quarter of closedQuarters(dutchDate(new Date()))) {
    const { status, text } = await download(cookie, `/beheer/dashboard-tevredenheid.csv?kwartaal=${quarter}`);
    expect(status, `${org} ${quarter}`).toBe(200);
    const [header, ...rows] = csvLines(text);
    expect(header).toEqual(SATISFACTION_HEADERS);
    for (const cells of rows) {
      const [q, surveyName, combiName, disciplineName, invited, reacties, , effortN, effortAvg, ktvN, ktvAvg, soort] = cells;
      expect(q).toBe(quarter);
      const survey = surveyId.get(surveyName as string) as string;
      const combi = combiName === 'Alle' ? undefined : combiName === 'Zonder combi' ? '' : combiCode.get(combiName);
      const discipline = disciplineName === 'Alle' ? undefined : groupOf.get(disciplineName as string);
      if (soort?.endsWith('gewogen')) {
        // A weighted figure, at worst as good as every applicant's own sum (domain/applicant-types.ts).
        for (const [measure, avg] of [
          ['moeite', effortAvg],
          ['cijfer', ktvAvg],
        ] as const) {
          if (avg === '' || avg === HIDDEN) continue;
          weightedShown++;
          const units = unitsOf(org, quarter, survey, measure, undefined, undefined);
          for (const own of Map.groupBy(units as Response[], (u) => u.request.kvk ?? '').values())
            shown.push({ org, quarter, survey, measure, units: own.map((u) => u.id), count: own.length });
        }
        continue;
      }
      const type = soort === 'Particulier' || soort === 'Zakelijk' ? soort : undefined;
      if (type) typeLines++;
      const figure = (measure: Measure, count: string | undefined, check: (units: ReturnType<typeof unitsOf>) => void) => {
        const units = unitsOf(org, quarter, survey, measure, combi, discipline, type);
        if (count === HIDDEN) {
          hidden++;
          if (units.length >= MIN_GROUP) hiddenBig++;
          return;
        }
        const where = `${org} ${quarter} ${survey} ${measure} ${combiName}/${disciplineName} ${soort}`;
        expect(units.length > 0 ? Number(count) : 0, where).toBe(
          measure === 'respons' && invited !== '' ? units.length : Number(count),
        );
        check(units);
        if (units.length) shown.push({ org, quarter, survey, measure, units: units.map((u) => u.id), count: units.length });
      };
      const average = (avg: string | undefined, question: string) => (units: ReturnType<typeof unitsOf>) => {
        if (!units.length) return;
        const values = (units as Response[]).map((r) => r.answers.get(question)?.value as number);
        expect(Number(avg?.replace(',', '.'))).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 2);
      };
      const invitedSurvey = (SATISFACTION.invited as readonly string[]).includes(survey);
      figure('respons', invitedSurvey ? invited : reacties, (units) => {
        if (invitedSurvey) expect(Number(reacties)).toBe((units as Invitation[]).filter((i) => i.responded).length);
        else expect(units.length).toBe(Number(reacties));
      });
      figure('moeite', effortN, average(effortAvg, SATISFACTION.effort.question));
      if (survey === 'eindmeting') figure('cijfer', ktvN, average(ktvAvg, SATISFACTION.ktv.question));
    }
  }
  return { shown, hidden, hiddenBig };
}

describe('small groups on the dashboard (issue 11.5)', () => {
  it('the links of the surveys expire before a quarter is final', () => {
    expect(HELPDESK_LINK_DAYS).toBeLessThanOrEqual(INVITATION_VALID_DAYS);
  });

  it('leave no group of 1 to 4 answers, responses or invitations derivable, for any organisation', async () => {
    let analysed = 0;
    let hiddenBig = 0;
    let hidden = 0;
    for (const org of ORGANISATIONS) {
      const found = await shownTo(org);
      hidden += found.hidden;
      hiddenBig += found.hiddenBig;
      // Quarters are disjoint and no figure spans two, so any combination that isolates a group
      // isolates part of it within one quarter: the analysis per quarter, survey and measure is exact.
      const blocks = Map.groupBy(found.shown, (s) => `${s.quarter}|${s.survey}|${s.measure}`);
      for (const [block, list] of blocks) {
        const [, survey, measure] = block.split('|');
        const responded = new Set(invitations.filter((i) => i.responded).map((i) => i.id));
        const kinds =
          measure === 'respons' && (SATISFACTION.invited as readonly string[]).includes(survey as string)
            ? (u: string) => [responded.has(u) ? 1 : 0, 1]
            : () => [1];
        const leak = derivableSmallGroup(
          list.map((s) => s.units),
          kinds,
        );
        expect(leak, `${org} ${block}: ${JSON.stringify(leak)}`).toBeUndefined();
        analysed++;
      }
    }
    expect(analysed).toBeGreaterThan(40);
    // The applicant types were read, and weighted figures shown (each applicant then as a set of its own).
    expect(typeLines).toBeGreaterThan(0);
    expect(weightedShown).toBeGreaterThan(0);
    // Small groups were there to hide, and complementary groups of five or more hidden beside them.
    expect(hidden).toBeGreaterThan(20);
    expect(hiddenBig).toBeGreaterThan(5);
  });

  it('give the same satisfaction figures whatever period, discipline or combi is asked for beside the quarter', async () => {
    for (const org of ['traject', 'combi-brabant-oost', 'netbeheer-zuid']) {
      const { cookie } = await staffCookie(server.store, { organisation: org, role: 'viewer' });
      const quarters = closedQuarters(dutchDate(new Date()));
      const base = await download(cookie, `/beheer/dashboard-tevredenheid.csv?kwartaal=${quarters[1]}`);
      expect(base.text).toContain('Eindmeting');
      const combi = org === 'combi-brabant-oost' || org === 'traject' ? 'brabant-oost' : 'peelland';
      for (const extra of [
        'tot=2026-10-04',
        'tot=2026-10-05',
        'van=2026-04-15&tot=2026-04-15',
        'discipline=elektra',
        'discipline=water',
        `combi=${combi}`,
        'van=2026-01-01&tot=2026-06-30&discipline=gas&stil=7',
      ]) {
        const other = await download(cookie, `/beheer/dashboard-tevredenheid.csv?kwartaal=${quarters[1]}&${extra}`);
        expect(other.text, `${org} ${extra}`).toBe(base.text);
      }
      // Without a quarter: the last closed one.
      expect((await download(cookie, '/beheer/dashboard-tevredenheid.csv')).text).toBe(
        (await download(cookie, `/beheer/dashboard-tevredenheid.csv?kwartaal=${quarters[0]}`)).text,
      );
    }
  });

  it('refuse a quarter that is still running or settling, naming the field', async () => {
    const { cookie } = await staffCookie(server.store, { organisation: 'traject', role: 'viewer' });
    const running = quarterOf(dutchDate(new Date()));
    const refused = await download(cookie, `/beheer/dashboard-tevredenheid.csv?kwartaal=${running}`);
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/^Ongeldig filter: kwartaal: /);
    expect((await download(cookie, '/beheer/dashboard-tevredenheid.csv?kwartaal=morgen')).status).toBe(400);
  });

  it('keep answers out of the CSV of aanvragen, whatever its period', async () => {
    for (const org of ['traject', 'combi-brabant-oost']) {
      const { cookie } = await staffCookie(server.store, { organisation: org, role: 'viewer' });
      // The finding's day (the running quarter's aanvragen were submitted on 5 August), and a period beside it.
      for (const query of ['', '?van=2026-08-05&tot=2026-08-05', '?van=2025-12-07&tot=2026-10-05&discipline=water']) {
        const { status, text } = await download(cookie, `/beheer/dashboard.csv${query}`);
        expect(status).toBe(200);
        const [header, ...rows] = csvLines(text);
        expect(header).toEqual(CSV_HEADERS);
        expect(header?.join(';')).not.toMatch(/cijfer|moeite|reactie|respons|tevreden|enquête|uitgenodigd/i);
        expect(rows.length).toBeGreaterThan(0);
        for (const t of texts) expect(text).not.toContain(t);
      }
    }
  });

  it('show free text only over the whole quarter, with five responses that have it, and count no late change', async () => {
    const store = server.store;
    const traject = store.organisation('traject');
    if (!traject) throw new Error('no traject');
    const scope = scopeOf(traject, store.combiCodes(), store);
    const figures = async (quarter: Quarter) => {
      const { parseDashboardFilters } = await import('../../domain/dashboard-metrics.ts');
      const parsed = parseDashboardFilters({ kwartaal: quarter }, dutchDate(new Date()));
      if (!parsed.ok) throw new Error(parsed.message);
      return (await store.dashboard.figures(scope, parsed.filters)).satisfaction;
    };
    const k3 = await figures('2026-K3');
    const survey = (id: string) => k3.surveys.find((s) => s.survey === id);
    // Eindmeting K3: five answers with text (every second of ten): shown; webfeedback: 25 with text
    // (17, and the builder's 8).
    expect(survey('webfeedback')?.freeText?.total).toBe(25);
    // The edited webfeedback response still counts as a response, but its late answer does not.
    const webfeedbackEffort = survey('webfeedback')?.rows[0]?.effort;
    expect(webfeedbackEffort?.n).toBe(24);
    const k1 = await figures('2026-K1');
    const peellandGasTexts = responses.filter(
      (r) => r.request.combi === 'peelland' && quarterOf(r.day) === '2026-K1' && r.answers.has('verbeteren'),
    ).length;
    expect(peellandGasTexts).toBeLessThan(MIN_GROUP);
    expect(k1.surveys.find((s) => s.survey === 'eindmeting')?.freeText?.shown.every((t) => !/\d{4}-\d{2}/.test(t))).toBe(true);
  });
});
