/**
 * The survey UI, loaded by the loader only when a survey is shown. It hands its mount function to
 * the loader through its own script element (no globals on the host page).
 */
/** @jsxRuntime classic */
/** @jsx h */
// biome-ignore lint/correctness/noUnusedImports: h is the JSX factory (widgets/README.md, size)
import { h, render } from 'preact';
import type { Mounted, MountOptions, PublicSurvey, UiScript } from '../types.ts';
import { Panel } from './panel.tsx';
import css from './ui.css';

/** 128 random bits in 32 hex digits; getRandomValues works on plain-http pages too, unlike randomUUID. */
const newId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');

const storage = {
  get(key: string) {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key: string, value: string) {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Private mode or blocked storage: the pop-up may come back; nothing else breaks.
    }
  },
};

function addStyles(root: ShadowRoot, nonce: string) {
  if ((root as ShadowRoot & { trajectUi?: 1 }).trajectUi) return;
  (root as ShadowRoot & { trajectUi?: 1 }).trajectUi = 1;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    root.append(Object.assign(document.createElement('style'), { nonce, textContent: css }));
  }
}

async function mount({ root, key, opener, onClose, nonce, path, ...options }: MountOptions): Promise<Mounted> {
  // The survey in this file's language (`path` ends in its query); a refusal (403, 409: no pop-up now) shows nothing.
  const r = await fetch(`${options.api + path}&taal=${__LANG__}`);
  if (!r.ok) throw 0;
  const definition: PublicSurvey = await r.json();
  addStyles(root, nonce);
  const container = document.createElement('div');
  root.append(container);
  // A pop-up keeps its response id, so a reload continues the same response.
  const responseId = (key && storage.get(`${key}:id`)) || newId();
  if (key) storage.set(`${key}:id`, responseId);
  let before: HTMLElement | null = null;
  container.addEventListener('focusin', (e) => {
    const from = e.relatedTarget as HTMLElement | null;
    if (!before && from && !container.contains(from)) before = from;
  });

  let open = true;
  const close = (finished: boolean) => {
    if (!open) return;
    open = false;
    const hadFocus = !!root.activeElement && container.contains(root.activeElement);
    render(null, container);
    container.remove();
    if (key) storage.set(key, finished ? 'klaar' : 'gesloten');
    if (opener) opener.focus();
    else if (hadFocus) before?.focus();
    onClose?.();
  };

  if (opener) {
    // The form opens under the button that opened it, aligned to its right edge.
    const { bottom, right } = opener.getBoundingClientRect();
    container.style.setProperty('--top', `${Math.max(8, Math.round(bottom + 8))}px`);
    container.style.setProperty('--right', `${Math.max(8, Math.round(document.documentElement.clientWidth - right))}px`);
  }
  render(<Panel {...options} survey={definition} opener={opener} responseId={responseId} close={close} />, container);
  return { close: () => close(false) };
}

(document.currentScript as UiScript).mount = mount;
