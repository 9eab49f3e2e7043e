/**
 * The editors' files in content/ as Astro collections. Every collection is filled from
 * domain/content.ts, which the API uses too: one reader, one set of schemas
 * (domain/content-schema.ts), drafts (`_…`) skipped, and a broken file stops the build with
 * the file, line, field and problem in Dutch. CONTENT_DIR points the build at another copy
 * (the tests use that), as it does for the API.
 */

import { defineCollection } from 'astro:content';
import { resolve } from 'node:path';
import type { Loader } from 'astro/loaders';
import { loadSiteContent, type SiteContent } from '../domain/content.ts';
import {
  contactMomentSchema,
  customerTaskSchema,
  faqFileSchema,
  leadTimesFileSchema,
  phaseSchema,
  stepSchema,
  termSchema,
} from '../domain/content-schema.ts';
import { slug } from './lib/text.ts';

const dir = resolve(process.env.CONTENT_DIR ?? 'content');

/** A loader that takes its entries, in file order, from the validated content. */
function fromContent(name: string, entries: (c: SiteContent) => { id: string; data: object }[]): Loader {
  return {
    name: `traject-${name}`,
    load: async ({ store, parseData, watcher }) => {
      const sync = async () => {
        const list = entries(loadSiteContent(dir));
        store.clear();
        for (const { id, data } of list) store.set({ id, data: await parseData({ id, data: data as Record<string, unknown> }) });
      };
      await sync();
      // `astro dev` (the editors' preview) reloads when a content file changes.
      watcher?.add(dir);
      watcher?.on('change', (path) => path.startsWith(dir) && sync().catch((e: Error) => console.error(e.message)));
    },
  };
}

// Each collection written out: a generic helper around defineCollection loses the schema's type.
export const collections = {
  fasen: defineCollection({
    schema: phaseSchema,
    loader: fromContent('fasen', (c) => c.phases.map((p) => ({ id: p.id, data: p }))),
  }),
  stappen: defineCollection({
    schema: stepSchema,
    loader: fromContent('stappen', (c) => [...c.steps.values()].map((s) => ({ id: s.id, data: s }))),
  }),
  contactmomenten: defineCollection({
    schema: contactMomentSchema,
    loader: fromContent('contactmomenten', (c) => c.contactMoments.map((m) => ({ id: m.code, data: m }))),
  }),
  doorlooptijden: defineCollection({
    schema: leadTimesFileSchema,
    loader: fromContent('doorlooptijden', (c) => [{ id: 'doorlooptijden', data: c.leadTimes }]),
  }),
  klanttaken: defineCollection({
    schema: customerTaskSchema,
    // The id is the position in the file, zero-padded: sorting by id keeps the editor's order.
    loader: fromContent('klanttaken', (c) =>
      c.customerTasks.map((t, i) => ({ id: `${String(i).padStart(3, '0')}-${t.fase}`, data: t })),
    ),
  }),
  vragen: defineCollection({
    schema: faqFileSchema,
    loader: fromContent('vragen', (c) => c.faq.map((f) => ({ id: slug(f.onderwerp), data: f }))),
  }),
  begrippen: defineCollection({
    schema: termSchema,
    loader: fromContent('begrippen', (c) => c.glossary.map((t) => ({ id: slug(t.term), data: t }))),
  }),
};
