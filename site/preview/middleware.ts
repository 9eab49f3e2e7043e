/**
 * The preview's part of the track & trace pages (only in `astro dev`: site/integrations/preview.ts
 * adds it, so a build never holds it). For /volg/VOORBEELD-… it gives the real page what the
 * server would (a signed-in customer and their aanvraag, here from the gallery), and puts a
 * banner at the top of the page saying it is a preview with fictitious data, with the texts that
 * the English page still shows in Dutch.
 */
import { defineMiddleware } from 'astro:middleware';
import { escapeHtml } from '../../api/mail/templates.ts';
import { GALLERY_PAGE, galleryOrMessage, gallerySiteContext, untranslatedOnPage } from './gallery.ts';
import { PREVIEW_STYLE } from './preview-page.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const page = GALLERY_PAGE.exec(context.url.pathname);
  if (!page) return next();
  const english = !!page[1];
  const number = (page[2] as string).toUpperCase();
  const gallery = galleryOrMessage();
  if (gallery instanceof Response) return gallery;
  context.locals.traject = gallerySiteContext(gallery);
  const response = await next();
  const request = gallery.requests.find((r) => r.number === number);
  if (!request || !response.headers.get('content-type')?.startsWith('text/html')) return response;
  const untranslated = english ? untranslatedOnPage(gallery, request.state) : [];
  const html = (await response.text())
    .replace('</head>', `<style>${PREVIEW_STYLE}</style></head>`)
    .replace(/<main\b[^>]*>/, (main) => `${main}${banner(request.title, untranslated)}`);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(html, { status: response.status, headers });
});

/** In Dutch, for the editor, also on the English page (marked as Dutch for screen readers). */
function banner(title: string, untranslated: ReturnType<typeof untranslatedOnPage>): string {
  const missing = untranslated.length
    ? `<p><strong>Nog niet in het Engels</strong> (hieronder in het Nederlands getoond; <code>npm start</code>, de build en de tests weigeren dit tot de Engelse tekst er staat):</p><ul class="voorbeeld-ontbreekt">${untranslated
        .map(
          (m) => `<li>content/${escapeHtml(m.file)}, ${escapeHtml(m.item)}: <code>${escapeHtml(m.field)}</code> ontbreekt</li>`,
        )
        .join('')}</ul>`
    : '';
  return `<aside class="voorbeeld-banner" lang="nl" aria-label="Voorbeeld">
<p><strong>Voorbeeld met verzonnen gegevens:</strong> ${escapeHtml(title)}. Zo ziet de klant deze pagina met de teksten die nu in content/ staan. Knoppen en formulieren doen hier niets.</p>
${missing}<p><a href="/voorbeeld">Alle voorbeelden</a></p>
</aside>`;
}
