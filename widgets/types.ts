/**
 * The contract between the loader (widgets/loader.ts, on every page) and the survey UI
 * (widgets/ui/, loaded only when a survey is shown). Types only: nothing here reaches a bundle.
 */
import type { PublicSurvey } from '../domain/survey-schema.ts';

export type { AnswerValue, Question } from '../domain/survey-schema.ts';
export type { PublicSurvey };

/** What a response belongs to, sent with every answer; a pop-up's token proves it (api/auth/popup-token.ts). */
export type SurveyContext = { aanvraagnummer?: string; aanleiding: string; pagina?: string; token?: string | undefined };

export type MountOptions = {
  root: ShadowRoot;
  /** The survey to show: GET `api + path`, a path with its query (`?…`), to which the UI adds its language (`taal`). */
  path: string;
  /** The surveys API, ending in a slash: …/api/v1/enquetes/ */
  api: string;
  context: SurveyContext;
  /** Where a pop-up remembers its response id and that it was answered or closed (localStorage). */
  key?: string;
  /** Set when the customer opened the survey (the feedback button): focus moves in and returns here. */
  opener?: HTMLElement;
  /** The live region (role=status), for pop-ups that do not take focus. */
  live: HTMLElement;
  onClose?: () => void;
  /** The page's CSP nonce, for a <style> where adopted stylesheets are missing. */
  nonce: string;
};

export type Mounted = { close: () => void };

/** The UI chunk puts its mount function on its own script element; the loader reads it on load. */
export type UiScript = HTMLScriptElement & { mount?: (options: MountOptions) => Promise<Mounted> };
