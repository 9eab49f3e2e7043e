/**
 * A short page for answers that are not a page of the site: "te vaak geprobeerd", "afgemeld",
 * "link werkt niet", a new API key shown once. Dutch, accessible, no scripts.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Lang } from '../../domain/language.ts';
import { escapeHtml } from '../mail/templates.ts';

export type MessagePageOptions = {
  headers?: Record<string, string>;
  /** A value to copy (a new API key), shown on its own line; several (recovery codes) as a list. */
  code?: string | string[];
  /** The links under the text; by default the customers' sign-in and the home page. */
  links?: [href: string, label: string][];
  /** The page's language; Dutch unless the customer chose English. */
  lang?: Lang;
};

/** The page's one inline style block; the Content-Security-Policy allows it by its hash (security-headers.ts). */
export const MESSAGE_PAGE_STYLE =
  'body{font-family:system-ui,sans-serif;margin:0;color:#1b2430;line-height:1.55}main{max-width:40rem;margin:3rem auto;padding:0 1.25rem}a{color:#0b5cad}code{font-size:1.1rem;word-break:break-all;background:#eef3f8;padding:.25rem .5rem}.codes{list-style:none;padding:0;columns:2 12rem}.codes li{margin:.35rem 0}';

const DEFAULT_LINKS: Record<Lang, [string, string][]> = {
  nl: [
    ['/volg', 'Naar inloggen'],
    ['/', 'Naar de startpagina'],
  ],
  en: [
    ['/en/volg', 'Sign in'],
    ['/en/', 'To the home page'],
  ],
};

/** The page itself, for answers written outside Hono too (the Astro staff pages' "geen toegang"). */
export function messageHtml(
  title: string,
  text: string,
  { code, lang = 'nl', links = DEFAULT_LINKS[lang] }: Omit<MessagePageOptions, 'headers'> = {},
): string {
  const codeHtml =
    typeof code === 'string'
      ? `<p><code>${escapeHtml(code)}</code></p>`
      : code
        ? `<ul class="codes">${code.map((c) => `<li><code>${escapeHtml(c)}</code></li>`).join('')}</ul>`
        : '';
  const linksHtml = links.map(([href, label]) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`).join(' · ');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Traject</title>
<style>${MESSAGE_PAGE_STYLE}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${codeHtml}<p>${linksHtml}</p></main></body></html>`;
}

export function messagePage(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  text: string,
  { headers = {}, ...options }: MessagePageOptions = {},
) {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.html(messageHtml(title, text, options), status);
}
