/**
 * The editors' preview (npm run voorbeeld, site/integrations/preview.ts) lives only in the dev
 * server: the production site has no gallery, no mails page, and no fictitious aanvraag.
 */
import { expect, test } from '@playwright/test';

test('the production site has no preview pages and no fictitious aanvraag', async ({ request }) => {
  for (const path of ['/voorbeeld', '/voorbeeld/mails', '/voorbeeld/']) {
    expect((await request.get(path, { maxRedirects: 0 })).status(), path).toBe(404);
  }
  // A gallery number is just an unknown aanvraag: sign in first, as for any other.
  for (const path of ['/volg/VOORBEELD-BESTELLEN', '/en/volg/VOORBEELD-TERMIJN']) {
    const answer = await request.get(path, { maxRedirects: 0 });
    expect(answer.status(), path).toBe(303);
    expect(answer.headers().location).toMatch(/\/volg\?fout=inloggen$/);
  }
});
