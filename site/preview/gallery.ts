/**
 * The editors' preview (`npm run voorbeeld`, site/integrations/preview.ts): the fictitious
 * aanvragen of demo/gallery-requests.ts served to the real track & trace page as if a customer
 * followed them, and each customer mail composed by the real templates. Everything is built per
 * request from the content on disk, so a saved file shows on the next page load.
 */
import { resolve } from 'node:path';
import type { SiteContext } from '../../api/site-context.ts';
import { DEMO_COMBIS, DEMO_ORGANISATIONS } from '../../demo/directory.ts';
import { type GalleryRequest, galleryRequests } from '../../demo/gallery-requests.ts';
import { generateRequest } from '../../demo/generator.ts';
import { dutchDate } from '../../domain/calendar.ts';
import { ContentError, loadSiteContent, type SiteContent } from '../../domain/content.ts';
import { type ComparableAanvraag, type StartCurve, startCurve, startObservations } from '../../domain/expected-window.ts';
import type { Lang } from '../../domain/language.ts';
import type { Organisation } from '../../domain/next-step.ts';
import { foldMessages, type RequestState } from '../../domain/request-state.ts';
import { requestStatus } from '../../domain/status.ts';
import { loadSurveys } from '../../domain/survey-schema.ts';
import { type MissingTranslation, missingTranslations } from '../../domain/translations.ts';
import { actualStart } from '../../domain/window-calibration.ts';
import { contentErrorPage } from './preview-page.ts';

/** The folder the preview reads: CONTENT_DIR (a test points it at a copy), else content/. */
export function previewContentDir(): string {
  return resolve(process.env.CONTENT_DIR ?? 'content');
}

/** The track & trace pages of the gallery: /volg/VOORBEELD-… and /en/volg/VOORBEELD-… */
export const GALLERY_PAGE = /^\/(en\/)?volg\/(VOORBEELD-[A-Z-]+)\/?$/;

export const galleryPath = (number: string, lang: Lang) => `${lang === 'en' ? '/en' : ''}/volg/${number}`;

const organisations = new Map<string, Organisation>(DEMO_ORGANISATIONS.map((o) => [o.code, o]));
/** The demo organisations (demo/directory.ts) by code, as the server's directory answers. */
export const organisation = (code: string) => organisations.get(code);

/**
 * The comparable demo aanvragen (demo/generator.ts) as the server would read them for the expected
 * window: each with the day its work started, if it has (the same rule as the server's); made once a day.
 */
let comparableOf: { day: string; byKey: Map<string, ComparableAanvraag[]> } | undefined;
function demoComparableStarts(now: Date, combi: string, kind: string): StartCurve {
  const day = dutchDate(now);
  if (comparableOf?.day !== day) {
    const byKey = new Map<string, ComparableAanvraag[]>();
    for (let i = 0; i < 400; i++) {
      const generated = generateRequest(i, now);
      const state = foldMessages(
        `demo-${i}`,
        generated.map((m) => ({ ...m.message, sender: m.sender })),
      );
      if (!state.submittedAt || state.cancelledAt) continue;
      const key = `${state.combi}|${state.kind}`;
      byKey.set(key, [...(byKey.get(key) ?? []), { submittedAt: state.submittedAt, startsOn: actualStart(state) ?? null }]);
    }
    comparableOf = { day, byKey };
  }
  return startCurve(startObservations(comparableOf.byKey.get(`${combi}|${kind}`) ?? [], now));
}

export type Gallery = {
  content: SiteContent;
  now: Date;
  requests: (GalleryRequest & { state: RequestState })[];
  /** Texts of content/ without English, as the translations report lists them. */
  missing: MissingTranslation[];
};

/** The gallery on `now` with the content in `dir`; throws the content check's ContentError when a file is wrong. */
export function loadGallery(dir = previewContentDir(), now = new Date()): Gallery {
  const content = loadSiteContent(dir);
  const requests = galleryRequests(now).map((r) => ({ ...r, state: foldMessages(r.number, r.messages) }));
  return { content, now, requests, missing: missingTranslations(content) };
}

/** The gallery, or the page with the content check's message while a file in content/ is wrong. */
export function galleryOrMessage(dir = previewContentDir()): Gallery | Response {
  try {
    return loadGallery(dir);
  } catch (error) {
    if (error instanceof ContentError) return contentErrorPage(error.message);
    throw error;
  }
}

/** The status of a gallery aanvraag as the page computes it. */
export function galleryStatus(gallery: Gallery, state: RequestState) {
  return requestStatus(state, gallery.content, organisation, gallery.now);
}

/**
 * What a signed-in customer's page gets from the server (api/site-context.ts), answered from the
 * gallery: every gallery aanvraag is followed by the fictitious applicant; nothing is stored.
 */
export function gallerySiteContext(gallery: Gallery, dir = previewContentDir()): SiteContext {
  const applicant = gallery.requests[0]?.state.applicant?.email ?? 'voorbeeld@voorbeeld.example';
  const find = (number: string) => gallery.requests.find((r) => r.number === number)?.state;
  return {
    customer: { sessionId: 'voorbeeld', email: applicant },
    content: gallery.content,
    now: gallery.now,
    organisation,
    combiName: (code) => DEMO_COMBIS.find((c) => c.code === code)?.name ?? code,
    followed: async () => gallery.requests.map((r) => ({ number: r.number, state: r.state })),
    requestFor: async (number) => find(number),
    comparableStarts: async (combi, kind) => demoComparableStarts(gallery.now, combi, kind),
    notificationMode: async () => 'alles',
    mailLanguage: async () => undefined,
    surveyInvitation: async () => ({ state: 'onbekend' }),
    panelLink: async () => undefined,
    surveys: loadSurveys(dir),
    grants: async () => [],
    calendarFeed: async () => undefined,
    memberships: async () => [],
    organisationMembers: async () => undefined,
    organisationDelegates: async () => undefined,
    portfolios: async () => [],
    portfolioFeed: async () => undefined,
    portfolio: async () => ({ ok: false, status: 404 }),
    staff: undefined,
  };
}

/**
 * The texts of content/ that the English page of this aanvraag shows in Dutch for want of an
 * English one: its phase names and the sentences of its open steps.
 */
export function untranslatedOnPage(gallery: Gallery, state: RequestState): MissingTranslation[] {
  const steps = new Set(galleryStatus(gallery, state).openSteps.map((s) => `stap "${s.step}"`));
  return gallery.missing.filter(
    (m) =>
      (m.file === 'fasen.yaml' && m.field === 'en.naam') ||
      (m.file === 'stappen.yaml' && steps.has(m.item) && m.field !== 'en.norm'),
  );
}
