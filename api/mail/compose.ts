/**
 * Turns "this message causes that mail" into the mail itself: the right template, the next step
 * in one sentence, organisation names. The store supplies the personal links (it owns the tokens).
 */
import type { Content } from '../../domain/content.ts';
import type { LoggedMessage } from '../../domain/messages.ts';
import { type OrganisationLookup, openSteps } from '../../domain/next-step.ts';
import type { RequestState } from '../../domain/request-state.ts';
import {
  contactConfirmation,
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
  compose(kind: MailKind, state: RequestState, message: LoggedMessage, links: MailContext['links']): Mail | undefined;
  /** The eindmeting invitation; `links.follow` is the survey link. */
  endSurvey(state: RequestState, contractor: string | undefined, expiresAt: Date, links: MailContext['links']): Mail;
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
    endSurvey(state, contractor, expiresAt, links) {
      const name = contractor ? (organisations(contractor)?.name ?? contractor) : undefined;
      return endSurveyInvitation(
        { state, links, organisationName: (code) => organisations(code)?.name ?? code },
        name,
        expiresAt,
      );
    },
    compose(kind, state, message, links) {
      const ctx: MailContext = {
        state,
        links,
        organisationName: (code) => organisations(code)?.name ?? code,
        ...withNextStep(openSteps(state, content, organisations, now())[0]?.text),
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

function withNextStep(text: string | undefined): { nextStep?: string } {
  return text ? { nextStep: text } : {};
}
