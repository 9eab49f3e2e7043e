/**
 * The site builds from content/, and an editor's change reaches both the pages and the API's
 * next-step dates; broken content and broken links stop the build with a message in Dutch.
 * Each test builds a copy of content/ into a temporary folder (CONTENT_DIR, SITE_OUT_DIR).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../domain/calendar.ts';
import { DEFAULT_CONTENT_DIR, loadContent, loadSiteContent } from '../domain/content.ts';
import { type LoggedMessage, type Message, message } from '../domain/messages.ts';
import { openSteps } from '../domain/next-step.ts';
import { foldMessages } from '../domain/request-state.ts';

const ROOT = join(import.meta.dirname, '..');
const BUILDS = join(ROOT, 'node_modules', '.cache', 'traject-site-tests');
afterAll(() => rmSync(BUILDS, { recursive: true, force: true }));

function contentCopy(edits: Record<string, (text: string) => string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'traject-site-content-'));
  cpSync(DEFAULT_CONTENT_DIR, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    writeFileSync(path, edit(existsSync(path) ? readFileSync(path, 'utf8') : ''));
  }
  return dir;
}

function build(contentDir: string) {
  // Inside the project: the built server imports packages from the project's node_modules.
  mkdirSync(BUILDS, { recursive: true });
  const out = mkdtempSync(join(BUILDS, 'build-'));
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'astro'), ['build'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CONTENT_DIR: contentDir, SITE_OUT_DIR: out, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  const page = (path: string) => readFileSync(join(out, 'client', path, 'index.html'), 'utf8');
  /** The page's text, as a reader sees it. */
  const text = (path: string) =>
    page(path)
      .replace(/<[^>]+>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ');
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, page, text };
}

/** The API's next step for an aanvraag handed to the combi on 6 January 2027. */
function plangesprekDue(contentDir: string): string | undefined {
  const bodies: Record<string, unknown>[] = [
    {
      type: 'request_submitted',
      occurredAt: '2027-01-04T10:00:00+01:00',
      kind: 'nieuwe_aansluiting',
      combi: 'combi',
      applicant: { name: 'Sanne de Vries', email: 'sanne@example.com' },
      address: { street: 'Molenweg', houseNumber: '12', postcode: '5611AB', city: 'Eindhoven' },
      workOrders: [{ id: 'wo1', discipline: 'elektra', gridOperator: 'nb' }],
    },
    { type: 'handed_to_combi', occurredAt: '2027-01-06T10:00:00+01:00', workOrderIds: ['wo1'], contractor: 'ca' },
  ];
  const messages: LoggedMessage[] = bodies.map((b, i) => ({
    ...(message.parse({ id: `m${i}`, requestNumber: 'MA-1', ...b }) as Message),
    sender: 'nb',
  }));
  const steps = openSteps(
    foldMessages('MA-1', messages),
    loadContent(contentDir),
    () => undefined,
    new Date('2027-01-07T09:00:00Z'),
  );
  return steps.find((s) => s.step === 'plangesprek')?.dueDate;
}

describe('the site build', () => {
  it('renders every phase, contact moment, lead time, question and term from content/, and skips drafts', {
    timeout: 120_000,
  }, () => {
    const dir = contentCopy({
      'vragen/_concept.yaml': () =>
        'onderwerp: Concept\nvolgorde: 0\nvragen:\n  - vraag: Staat dit concept online?\n    antwoord: Nee.\n',
    });
    const site = build(dir);
    expect(site.status, site.output).toBe(0);
    const content = loadSiteContent(dir);
    for (const phase of content.phases) expect(site.text(`fasen/${phase.id}`)).toContain(phase.samenvatting);
    for (const m of content.contactMoments) {
      expect(site.text('contactmomenten')).toContain(m.titel);
      expect(site.text('en/contact-moments')).toContain(m.en.titel);
    }
    for (const kind of content.leadTimes.soorten) expect(site.text('doorlooptijden')).toContain(`${kind.naam} ${kind.voorbeeld}`);
    for (const q of content.faq.flatMap((f) => f.vragen)) expect(site.text('veelgestelde-vragen')).toContain(q.vraag);
    for (const t of content.glossary) expect(site.page('begrippen')).toContain(`<dt>${t.term.replace('&', '&amp;')}</dt>`);
    for (const q of content.faq.flatMap((f) => f.vragen)) expect(site.text('en/faq')).toContain(q.en?.vraag);
    for (const t of content.glossary) expect(site.page('en/glossary')).toContain(`<dt>${t.en?.term?.replace('&', '&amp;')}`);
    expect(site.text('veelgestelde-vragen')).not.toContain('Staat dit concept online?');
    expect(site.text('doorlooptijden')).toMatch(/uiterlijk 18 weken .* uiterlijk 12 weken .* hoogstens 52 weken/);
  });

  it('shows a changed norm and lead time on the pages, and the API computes with the same norm', { timeout: 120_000 }, () => {
    const dir = contentCopy({
      'stappen.yaml': (t) => t.replace(/(- id: plangesprek\n(?:.*\n)*?\s+werkdagen:) 5/, '$1 7'),
      'doorlooptijden.yaml': (t) => t.replace('van: 8\n    tot: 16', 'van: 9\n    tot: 20'),
    });
    expect(loadContent(dir).steps.get('plangesprek')?.werkdagen).toBe(7);

    const site = build(dir);
    expect(site.status, site.output).toBe(0);
    expect(site.text('contactmomenten')).toContain('Uiterlijk 7 werkdagen nadat de aannemer de opdracht heeft gekregen.');
    expect(site.text('en/contact-moments')).toContain('At the latest 7 working days after the contractor receives the order.');
    expect(site.text('')).toContain('Nieuwe aansluiting voor een woning 9 – 20 weken');
    expect(site.text('en/lead-times')).toContain('9 – 20 weeks');

    // Handed to the combi on Wednesday 6 January: 7 working days is Friday 15 January, not the 5 of content/.
    expect(plangesprekDue(DEFAULT_CONTENT_DIR)).toBe(addWorkingDays('2027-01-06', 5));
    expect(plangesprekDue(dir)).toBe('2027-01-15');
  });

  it('stops on a broken content file with the file, line, field and problem in Dutch', { timeout: 120_000 }, () => {
    const site = build(contentCopy({ 'doorlooptijden.yaml': (t) => t.replace('tot: 16', 'tot: zestien') }));
    expect(site.status).not.toBe(0);
    expect(site.output).toMatch(
      /doorlooptijden\.yaml klopt niet:\s+- regel \d+, veld "soorten", item 1 \(nieuwe-woning\), veld "tot": moet een aantal weken zijn/,
    );
  });

  it('stops on an internal link that leads nowhere, naming the page and the link', { timeout: 120_000 }, () => {
    const site = build(
      contentCopy({
        'vragen/contact.yaml': (t) => t.replace('[wie belt u wanneer](/contactmomenten/)', '[wie belt u wanneer](/wie-belt/)'),
      }),
    );
    expect(site.status).not.toBe(0);
    expect(site.output).toContain('/veelgestelde-vragen/index.html: link naar /wie-belt/ leidt nergens heen');
    const anchor = build(
      contentCopy({
        'begrippen.yaml': (t) => t.replace('(/contactmomenten/#contactmoment-2)', '(/contactmomenten/#contactmoment-9)'),
      }),
    );
    expect(anchor.output).toContain('link naar /contactmomenten/#contactmoment-9: de pagina heeft geen anker "#contactmoment-9"');
  });
});
