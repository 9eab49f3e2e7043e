/**
 * The size budget (PRODUCT.md): the loader every page downloads at most 2 kB gzip, and all a
 * visitor downloads for a pop-up and the feedback form together at most 12 kB gzip, Preact
 * included: loader, survey UI and both survey definitions. Measured on a fresh build.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicDefinition } from '../api/routes/enquetes.ts';
import { DEFAULT_CONTENT_DIR } from '../domain/content.ts';
import { LANGUAGES } from '../domain/language.ts';
import { loadSurveys, type Meting, type Survey } from '../domain/survey-schema.ts';
import { buildWidgets, STABLE_LOADER, type WidgetManifest } from '../scripts/build-widgets.ts';

const LOADER_BUDGET = 2000;
const TOTAL_BUDGET = 12_000;
const out = mkdtempSync(join(tmpdir(), 'traject-widgets-'));
let manifest: WidgetManifest;
const gzip = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

beforeAll(async () => {
  manifest = await buildWidgets(out);
});

describe('the widget build', () => {
  it('names files after their content, and the stable loader is the versioned one', () => {
    expect(manifest.loader).toMatch(/^traject-[0-9a-f]{10}\.js$/);
    expect(manifest.ui).toEqual({
      nl: expect.stringMatching(/^nl-ui-[0-9a-f]{10}\.js$/),
      en: expect.stringMatching(/^en-ui-[0-9a-f]{10}\.js$/),
    });
    expect(readFileSync(join(out, STABLE_LOADER), 'utf8')).toBe(readFileSync(join(out, manifest.loader), 'utf8'));
    // The loader asks for exactly these UI files (the page's language in front), so a new UI means a new loader name too.
    expect(readFileSync(join(out, manifest.loader), 'utf8')).toContain(`"${manifest.ui.nl.slice(2)}"`);
    expect(manifest.ui.en.slice(2)).toBe(manifest.ui.nl.slice(2));
  });

  it('writes no markup as text and no inline styles: nothing a strict CSP or escaping could trip on', () => {
    // Preact itself has innerHTML for dangerouslySetInnerHTML; our sources never use it.
    for (const file of ['loader.ts', 'send.ts', 'ui/index.tsx', 'ui/panel.tsx', 'ui/fields.tsx']) {
      const code = readFileSync(join(import.meta.dirname, file), 'utf8');
      expect(code, file).not.toMatch(
        /dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|\beval\(|new Function|style=/,
      );
    }
  });
});

describe('the size budget (gzip)', () => {
  it(`keeps the loader at most ${LOADER_BUDGET} bytes`, () => {
    const size = gzip(readFileSync(join(out, manifest.loader)));
    console.log(`loader ${manifest.loader}: ${size} B gzip (budget ${LOADER_BUDGET})`);
    expect(size).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it.each(LANGUAGES)(
    `keeps loader + survey UI + the pop-up's and the feedback form's definitions at most ${TOTAL_BUDGET} bytes (%s)`,
    (lang) => {
      const surveys = loadSurveys(DEFAULT_CONTENT_DIR);
      const definition = (id: Meting) => gzip(JSON.stringify(publicDefinition(surveys.get(id) as Survey, lang)));
      // A visitor gets one language: its UI file and its definitions.
      const parts = {
        loader: gzip(readFileSync(join(out, manifest.loader))),
        ui: gzip(readFileSync(join(out, manifest.ui[lang]))),
        // The largest pop-up survey, and the feedback form.
        popUp: Math.max(...(['webfeedback', 'offerte'] as const).map(definition)),
        form: definition('feedbackknop'),
      };
      const total = Object.values(parts).reduce((a, b) => a + b, 0);
      console.log(`widgets (${lang}): ${JSON.stringify(parts)} = ${total} B gzip (budget ${TOTAL_BUDGET})`);
      expect(total).toBeLessThanOrEqual(TOTAL_BUDGET);
    },
  );
});
