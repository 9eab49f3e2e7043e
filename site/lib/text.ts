/**
 * Small text helpers for the process pages: anchors for headings and terms, and the one bit of
 * markup editors may use in longer texts, an internal link written as [tekst](/pad/).
 */

/** "Track & trace" → "track-trace"; "Oriënteren" → "orienteren". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Escaped HTML of an editor's text with its [tekst](/pad) links as anchors. The schema allows
 * only paths that start with "/", and the build checks every one of them.
 */
export function inline(text: string): string {
  return escapeHtml(text).replace(
    /\[([^\]]+)\]\((\/[^)\s]*)\)/g,
    (_m, label: string, href: string) => `<a href="${href}">${label}</a>`,
  );
}

/** Paragraphs of a text; editors separate them with an empty line. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}
