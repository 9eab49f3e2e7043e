/**
 * A short page for answers that are not a page of the site: "te vaak geprobeerd", "afgemeld",
 * "link werkt niet". Dutch, accessible, no scripts.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { escapeHtml } from '../mail/templates.ts';

export function messagePage(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  text: string,
  headers: Record<string, string> = {},
) {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.html(
    `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Traject</title>
<style>body{font-family:system-ui,sans-serif;margin:0;color:#1b2430;line-height:1.55}main{max-width:40rem;margin:3rem auto;padding:0 1.25rem}a{color:#0b5cad}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/volg">Naar inloggen</a> · <a href="/">Naar de startpagina</a></p></main></body></html>`,
    status,
  );
}
