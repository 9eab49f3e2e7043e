/**
 * Quality samples under /beheer/steekproeven (decision 0039): the forms that draw a sample and
 * record a verdict, and the report as a PDF. The pages are Astro's (site/pages/beheer/steekproeven/);
 * who may do what is domain/staff.ts maySample, through the staff portal.
 */
import { type Context, Hono } from 'hono';
import type { Content } from '../../domain/content.ts';
import { sampleRequestForm, verdictForm } from '../../domain/quality-samples.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { messagePage } from '../http/message-page.ts';
import { qualitySamplePdf } from '../http/quality-sample-pdf.ts';
import { sameOriginOnly } from '../http/same-origin.ts';
import { type QualitySamples, type StaffPortal, staffGate, staffOf } from '../staff-portal.ts';
import type { Store } from '../storage/store.ts';

export const SAMPLES_PAGE = '/beheer/steekproeven';

export type SampleRoutesOptions = { store: Store; content: Content; box: SecretBox };

export function sampleRoutes({ store, content, box }: SampleRoutesOptions) {
  const links: [string, string][] = [
    [SAMPLES_PAGE, 'Naar de steekproeven'],
    ['/beheer', 'Naar Traject beheer'],
  ];
  const refuse = (c: Context) =>
    messagePage(
      c,
      403,
      'Geen toegang',
      'Steekproeven trekken en beoordelen doen planners en beheerders van een combi-organisatie of netbeheerder.',
      { links },
    );
  /** The member and their samples, when they may `action` on them; or the answer why not. */
  const gate = async (
    c: Context,
    action: 'view' | 'act',
  ): Promise<{ portal: StaffPortal; samples: QualitySamples } | Response> => {
    const passed = staffGate(await staffOf(c, store, box), action);
    if ('redirect' in passed) return c.redirect(passed.redirect, 303);
    const samples = 'pass' in passed ? passed.pass.samples : undefined;
    if (!('pass' in passed) || !samples || (action === 'act' && !samples.mayReview)) return refuse(c);
    return { portal: passed.pass, samples };
  };
  const idOf = (value: string | undefined) => (value && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined);

  const app = new Hono();
  app.use(`${SAMPLES_PAGE}/*`, sameOriginOnly());
  app.use(SAMPLES_PAGE, sameOriginOnly());

  app.post(SAMPLES_PAGE, async (c) => {
    const allowed = await gate(c, 'act');
    if (allowed instanceof Response) return allowed;
    const body = await c.req.parseBody();
    const form = sampleRequestForm.safeParse({ van: body.van, tot: body.tot, omvang: body.omvang, zaad: body.zaad ?? '' });
    if (!form.success) {
      const field = String(form.error.issues[0]?.path[0] ?? 'formulier');
      return c.redirect(`${SAMPLES_PAGE}?fout=${encodeURIComponent(field)}`, 303);
    }
    const { van, tot, omvang, zaad } = form.data;
    const sample = await allowed.samples.draw({ from: van, to: tot, size: omvang, seed: zaad });
    if (!sample) return refuse(c);
    return c.redirect(`${SAMPLES_PAGE}/${sample.id}?gelukt=getrokken`, 303);
  });

  app.post(`${SAMPLES_PAGE}/:id/oordeel/:item`, async (c) => {
    const allowed = await gate(c, 'act');
    if (allowed instanceof Response) return allowed;
    const id = idOf(c.req.param('id'));
    const item = idOf(c.req.param('item'));
    if (id === undefined || item === undefined) return c.notFound();
    const body = await c.req.parseBody({ all: true });
    const form = verdictForm.safeParse({
      oordeel: body.oordeel,
      tekortkomingen: [body.tekortkomingen ?? []].flat(),
      toelichting: body.toelichting ?? '',
    });
    if (!form.success) return c.redirect(`${SAMPLES_PAGE}/${id}?fout=oordeel#moment-${item}`, 303);
    const { oordeel, tekortkomingen, toelichting } = form.data;
    const saved = await allowed.samples.verdict(id, item, { verdict: oordeel, failed: tekortkomingen, note: toelichting });
    if (!saved) return c.notFound();
    return c.redirect(`${SAMPLES_PAGE}/${id}?gelukt=oordeel#moment-${item}`, 303);
  });

  // Its no-store and no-referrer headers come from api/http/security-headers.ts, as for every /beheer page.
  app.get(`${SAMPLES_PAGE}/:id/rapport.pdf`, async (c) => {
    const allowed = await gate(c, 'view');
    if (allowed instanceof Response) return allowed;
    const id = idOf(c.req.param('id'));
    const review = id === undefined ? undefined : await allowed.samples.review(id, content);
    if (!review) return messagePage(c, 404, 'Niet gevonden', 'Deze steekproef bestaat niet bij uw organisatie.', { links });
    const org = allowed.portal.member.organisation;
    const pdf = await qualitySamplePdf(review, org.name, (code) => store.organisation(code)?.name ?? code, new Date());
    return c.body(new Uint8Array(pdf), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="steekproef-${org.code}-${review.sample.from}-${review.sample.to}-${review.sample.id}.pdf"`,
    });
  });

  return app;
}
