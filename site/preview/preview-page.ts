/** What the preview's own additions look like, and its answer while a content file is wrong. */
import { escapeHtml } from '../../api/mail/templates.ts';

/** The banner's look: striped and yellow, unlike anything on the real site. */
export const PREVIEW_STYLE = `.voorbeeld-banner{margin:1rem 0;padding:.75rem 1rem;border:3px dashed #1b2430;border-radius:.5rem;
background:repeating-linear-gradient(135deg,#fff4cc 0 1rem,#ffeaa0 1rem 2rem);color:#1b2430}
.voorbeeld-banner p{margin:.25rem 0}.voorbeeld-banner a{color:#1b2430}
.voorbeeld-ontbreekt{margin:.25rem 0 .5rem;padding-left:1.25rem}.voorbeeld-ontbreekt code{overflow-wrap:anywhere}`;

/**
 * While a file in content/ is wrong, every preview page shows the content check's message
 * (file, line, field, what is wrong) instead of a stack trace, and recovers once it is saved right.
 */
export function contentErrorPage(message: string): Response {
  const html = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>De inhoud klopt niet · Voorbeeld</title><script type="module" src="/@vite/client"></script></head>
<body style="font-family:system-ui,sans-serif;margin:1rem;max-width:60rem"><main>
<h1>De inhoud in content/ klopt niet</h1><p>Pas het bestand aan en sla het op: deze pagina vernieuwt zich vanzelf.</p>
<pre style="white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f6f9;padding:1rem">${escapeHtml(message)}</pre>
<p>Uitleg: content/README.md, "Wat de build controleert".</p></main></body></html>`;
  return new Response(html, { status: 500, headers: { 'content-type': 'text/html; charset=utf-8' } });
}
