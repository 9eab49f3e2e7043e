/**
 * The widget loader: the one small script a host page embeds, ours or anyone's.
 *
 *   <script async src="https://<portal>/widgets/traject.js"></script>
 *   window.traject = window.traject || [];
 *   traject.push(['webfeedback', { aanvraagnummer: 'MA-2026-0000123', token }]);
 *   traject.push(['offerte', { aanvraagnummer: 'MA-2026-0000123', besluit: 'afgewezen', token }]);
 *   traject.push(['feedback']); // opens the feedback form, e.g. from the page's own link
 *
 * The token is the one the page's server got for that pop-up (POST /api/v1/enquetes/{enquete}/
 * pop-up-tokens, widgets/README.md). Calls made before it loaded wait in that array. It shows the
 * feedback button where it can work, on the portal and the sites in WIDGET_ORIGINS (inside an element with data-traject-feedbackknop when the page reserved one,
 * else fixed top right; leave it out with data-feedbackknop="nee" on the script tag) and loads the
 * survey UI, a second file, only when a survey is shown. Everything renders in shadow roots; no
 * inline script or style.
 */
import css from './loader.css';
import type { Mounted, MountOptions, SurveyContext, UiScript } from './types.ts';

/** The hashed file name of the survey UI after its language (`-ui-<hash>.js`), set by scripts/build-widgets.ts. */
declare const __UI__: string;

type Options = Record<string, string | undefined>;
type Command = [name: string, options?: Options];
type Show = Partial<Pick<MountOptions, 'key' | 'opener' | 'onClose'>>;

const d = document;
const me = d.currentScript as HTMLScriptElement | null;
const nonce = me?.nonce ?? '';
const base = me?.src || location.href;
const api = new URL('/api/v1/enquetes/', base).href;
/** The host page's language: an English page gets the surveys and the UI in English, any other Dutch. */
const lang = /^en/.test(d.documentElement.lang) ? 'en' : 'nl';
/** Elements a visitor uses; the fixed button never sits on one. tabindex=-1 is only a focus target. */
const CONTROLS = 'a[href],button,input,select,textarea,[tabindex]:not([tabindex="-1"])';
let ui: Promise<UiScript['mount']> | undefined;
let root: ShadowRoot | undefined;
let live: HTMLElement;
const open = new Set<string>();

const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className = '') =>
  Object.assign(d.createElement(tag), className && { className });

/** A shadow root with a stylesheet: adopted (outside CSP's reach), else a <style> with the page's nonce. */
function shadow(host: Element, text: string): ShadowRoot {
  const root = host.attachShadow({ mode: 'open' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(Object.assign(make('style'), { nonce, textContent: text }));
  }
  return root;
}

/** After the page is parsed: a slot for the button may come after this script. */
const ready = (fn: () => void) => (d.readyState === 'loading' ? d.addEventListener('DOMContentLoaded', fn) : fn());

/** One host element for the fixed button, pop-ups and panels, fixed and empty: it never moves the page. */
function host(): ShadowRoot {
  if (!root) {
    const el = make('traject-widgets' as 'div');
    // The widgets' root says the language they speak (a German host page gets Dutch).
    el.lang = lang;
    root = shadow(el, css);
    live = make('div', 'sr');
    // ARIA reflection (Firefox 119+, Chrome 81+, Safari 12.1+): shorter than setAttribute.
    live.role = 'status';
    root.append(live);
    d.body.append(el);
  }
  return root;
}

/** The survey UI, fetched once, with this script's nonce (CSP). */
function load(): Promise<UiScript['mount']> {
  ui ||= new Promise((resolve, reject) => {
    const s = make('script') as UiScript;
    s.src = new URL(lang + __UI__, base).href;
    s.nonce = nonce;
    s.onload = () => resolve(s.mount);
    s.onerror = () => {
      ui = undefined;
      reject();
    };
    d.head.append(s);
  });
  return ui;
}

const seen = (key: string) => {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage blocked: seen nothing.
  }
};

/** Shows the survey that GET `api + path` answers with (the UI asks, in its language); nothing when it refuses. */
async function show(path: string, context: SurveyContext, options: Show = {}): Promise<Mounted | undefined> {
  const { key } = options;
  if (key && (seen(key) || open.has(key))) return;
  if (key) open.add(key);
  try {
    await new Promise<void>(ready);
    return await (await load())?.({ root: host(), live, path, api, context, nonce, ...options });
  } catch {
    // No survey is better than an error on someone else's page.
    if (key) open.delete(key);
  }
}

/** A pop-up for an aanvraag, with the token its page got from the portal (widgets/README.md). */
function popUp(id: string, { aanvraagnummer: nr, token }: Options, trigger: string) {
  const context = { aanvraagnummer: nr as string, aanleiding: trigger, token };
  const key = `traject:${id}:${nr}:${trigger}`;
  // GET …/pop-up answers only while the token holds and no other browser answered the pop-up: a
  // response this browser began (`reactie`) may go on. A missing number or token is refused (400, 403).
  const ask = new URLSearchParams({ ...context, reactie: seen(`${key}:id`) ?? '' } as never);
  show(`${id}/pop-up?${ask}`, context, { key });
}

let form: Mounted | 1 | undefined;
let button: HTMLButtonElement | undefined;
const expanded = (open: boolean) => {
  if (button) button.ariaExpanded = `${open}`;
};

function feedback(opener = button ?? (d.activeElement as HTMLElement)) {
  if (form === 1) return;
  if (form) return form.close();
  form = 1;
  expanded(true);
  show(
    'feedbackknop?',
    { aanleiding: 'knop', pagina: location.pathname },
    {
      opener,
      onClose: () => {
        form = undefined;
        expanded(false);
      },
    },
  ).then((mounted) => {
    form = mounted;
    if (!mounted) expanded(false);
  });
}

const commands: Record<string, (o: Options) => void> = {
  webfeedback: (o) => popUp('webfeedback', o, 'aanvraag-ingediend'),
  // besluit: geaccepteerd or afgewezen; the server refuses any other trigger (400), and then there is no pop-up.
  offerte: (o) => popUp('offerte', o, `offerte-${o.besluit}`),
  feedback: () => ready(() => feedback()),
};

/**
 * The feedback button: in the page's reserved slot, or fixed top right and clear of the page's
 * controls. Only once the browser may read the portal's questions on this site (CORS, for the
 * sites in WIDGET_ORIGINS): elsewhere a button would open nothing, so there is none, and the
 * console tells the site's owner why (widgets/README.md).
 */
const feedbackButton = () =>
  // biome-ignore lint/style/useTemplate: the same shape as show()'s fetch(api + path) packs 5 bytes smaller
  fetch(api + 'feedbackknop').then(
    () => {
      const slot = d.querySelector('[data-traject-feedbackknop]');
      // No type="button" needed: in a shadow root a button belongs to no form of the page.
      const b = make('button', slot ? 'knop' : 'knop vast');
      b.textContent = 'Feedback';
      b.onclick = () => feedback(b);
      // Fetch the UI while the pointer is on its way, so the form opens at once.
      b.onpointerenter = b.onfocus = () => load().catch(() => 0);
      button = b;
      expanded(false);
      if (slot) return shadow(slot, css).append(b);
      const aside = make('aside');
      aside.ariaLabel = 'Feedback';
      aside.append(b);
      host().append(aside);
      keepClear(b);
    },
    () => console.warn(`Traject: ${location.host} niet in WIDGET_ORIGINS`),
  );

/**
 * Moves the fixed button down the right edge until no control of the page lies under it, again
 * when the page has loaded, scrolled or resized. By transform: that is no layout shift.
 */
function keepClear(b: HTMLElement) {
  let timer: ReturnType<typeof setTimeout>;
  const covers = (x1: number, y1: number, x2: number, y2: number) =>
    [
      [x1, y1],
      [x2, y1],
      [x1, y2],
      [x2, y2],
      [(x1 + x2) / 2, (y1 + y2) / 2],
    ].some(([x, y]) =>
      d.elementsFromPoint(x as number, y as number).some((e) => e.tagName !== 'TRAJECT-WIDGETS' && e.closest(CONTROLS)),
    );
  const place = () => {
    const { width, height } = b.getBoundingClientRect();
    const right = d.documentElement.clientWidth - 8;
    let top = 8;
    while (top + height < innerHeight - 8 && covers(right - width, top, right - 1, top + height - 1)) top += 12;
    b.style.transform = `translateY(${top + height < innerHeight - 8 ? top - 8 : 0}px)`;
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(place, 120);
  };
  place();
  addEventListener('load', later);
  addEventListener('resize', later);
  // No { passive: true }: a scroll event cannot be cancelled, so it never waits for a listener.
  addEventListener('scroll', later);
}

const w = window as unknown as { traject?: Command[] | { push: (...c: Command[]) => number } };
// Loaded twice (the stable and a versioned URL, say)? The first one serves.
if (!w.traject || Array.isArray(w.traject)) {
  const queued = w.traject ?? [];
  const run = (c: Command) => {
    try {
      commands[c[0]]?.(c[1] ?? {});
    } catch {
      // A host's wrong call must not break the page.
    }
  };
  w.traject = {
    push: (...c: Command[]) => {
      c.forEach(run);
      return 0;
    },
  };
  queued.forEach(run);
  // The live region is there from the start: one that appears with its message may go unread.
  ready(() => {
    host();
    if (me?.dataset.feedbackknop !== 'nee') feedbackButton();
  });
}
