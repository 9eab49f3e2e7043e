/**
 * Turns "this message causes that mail" into the mail itself: the right template, the next step
 * in one sentence, organisation names. The store supplies the personal links (it owns the tokens).
 */
import { type Content, stepSentence } from '../../domain/content.ts';
import type { Lang } from '../../domain/language.ts';
import type { LoggedMessage } from '../../domain/messages.ts';
import { type OpenStep, type OrganisationLookup, openSteps } from '../../domain/next-step.ts';
import type { RequestState } from '../../domain/request-state.ts';
import {
  contactConfirmation,
  dayInWords,
  deliveryConfirmation,
  endSurveyInvitation,
  type Mail,
  type MailContext,
  type MailKind,
  planningChange,
  requestConfirmation,
} from './templates.ts';

export type MailComposer = {
  /** An absolute URL on the portal, for links in mails. */
  url(path: string): string;
  /** The mail in the customer's language (`lang`: what they chose, Dutch when never chosen). */
  compose(
    kind: MailKind,
    state: RequestState,
    message: LoggedMessage,
    links: MailContext['links'],
    lang?: Lang,
  ): Mail | undefined;
  /** The eindmeting invitation; `links.follow` is the survey link. */
  endSurvey(state: RequestState, contractor: string | undefined, expiresAt: Date, links: MailContext['links'], lang?: Lang): Mail;
};

export function createMailComposer(options: {
  /** The portal's public address; a function because a server on port 0 learns it late. */
  publicUrl: () => string;
  content: Content;
  organisations: OrganisationLookup;
  now?: () => Date;
}): MailComposer {
  const { content, organisations, now = () => new Date() } = options;
  return {
    url: (path) => `${options.publicUrl().replace(/\/$/, '')}${path}`,
    endSurvey(state, contractor, expiresAt, links, lang = 'nl') {
      const name = contractor ? (organisations(contractor)?.name ?? contractor) : undefined;
      return endSurveyInvitation(
        { state, lang, links, organisationName: (code) => organisations(code)?.name ?? code },
        name,
        expiresAt,
      );
    },
    compose(kind, state, message, links, lang = 'nl') {
      const ctx: MailContext = {
        state,
        lang,
        links,
        organisationName: (code) => organisations(code)?.name ?? code,
        ...withNextStep(nextStepSentence(openSteps(state, content, organisations, now())[0], state, content, lang)),
      };
      switch (kind) {
        case 'aanvraag':
          return requestConfirmation(ctx);
        case 'contactmoment': {
          const contact = state.contactMoments.find((c) => c.messageId === message.id && c.organisation === message.sender);
          return contact && contactConfirmation(ctx, contact);
        }
        case 'planning':
          return planningChange(ctx);
        case 'oplevering':
          return deliveryConfirmation(ctx);
        default:
          return undefined;
      }
    },
  };
}

/** The open step in one sentence: the domain's (Dutch) text, or the editors' English one. */
function nextStepSentence(step: OpenStep | undefined, state: RequestState, content: Content, lang: Lang): string | undefined {
  const template = step && content.steps.get(step.step);
  if (!step || !template || lang === 'nl') return step?.text;
  return stepSentence(template, lang, {
    organisation: step.who.name ?? step.who.organisation ?? 'The case handler',
    ...(step.dueDate && { date: dayInWords(step.dueDate, lang) }),
    reason: state.stagnations.find((s) => !s.liftedAt)?.reason ?? '',
  });
}

function withNextStep(text: string | undefined): { nextStep?: string } {
  return text ? { nextStep: text } : {};
}
