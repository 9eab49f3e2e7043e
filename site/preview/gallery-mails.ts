/**
 * Every mail a customer can get, composed by the real composer and templates (api/mail/) from
 * the gallery's aanvragen and the content on disk, in Dutch and English: what the preview's
 * mails page shows. Links point at the preview's own pages; nothing is sent.
 */

import { CODE_MINUTES } from '../../api/auth/login-codes.ts';
import { HELPDESK_LINK_DAYS } from '../../api/core/helpdesk-survey.ts';
import { createMailComposer } from '../../api/mail/compose.ts';
import { helpdeskInvitation, loginCodeMail, type Mail, type MailKind } from '../../api/mail/templates.ts';
import { DAY_MS } from '../../domain/calendar.ts';
import { INVITATION_VALID_DAYS } from '../../domain/eindmeting.ts';
import type { Lang } from '../../domain/language.ts';
import type { LoggedMessage } from '../../domain/messages.ts';
import { foldMessages } from '../../domain/request-state.ts';
import { type Gallery, galleryPath, organisation } from './gallery.ts';

export type GalleryMail = {
  kind: MailKind | 'helpdesk';
  /** Which mail, for the editors (Dutch). */
  title: string;
  /** When it goes. */
  when: string;
  mails: Record<Lang, Mail>;
};

/** A mail in both languages. */
const both = (make: (lang: Lang) => Mail): Record<Lang, Mail> => ({ nl: make('nl'), en: make('en') });

/** The customer mails with the gallery's content; `origin` is the preview's address, for the links. */
export function galleryMails(gallery: Gallery, origin: string): GalleryMail[] {
  const composer = createMailComposer({
    publicUrl: () => origin,
    content: gallery.content,
    organisations: organisation,
    now: () => gallery.now,
  });
  const request = (number: string) => {
    const found = gallery.requests.find((r) => r.number === `VOORBEELD-${number}`);
    if (!found) throw new Error(`gallery aanvraag VOORBEELD-${number} is missing`);
    return found;
  };
  const links = (number: string, lang: Lang) => ({
    follow: composer.url(galleryPath(number, lang)),
    unsubscribe: composer.url('/voorbeeld/mails#afmelden'),
  });
  /** The mail a message of a gallery aanvraag causes, in both languages. */
  const composed = (kind: MailKind, number: string, pick: (m: LoggedMessage) => boolean) => {
    const { messages, number: full } = request(number);
    const trigger = messages.findLast(pick);
    // The aanvraag as it stood right after that message, as when it arrives on its own.
    const state = foldMessages(full, trigger ? messages.slice(0, messages.indexOf(trigger) + 1) : messages);
    return both((lang) => {
      const mail = trigger && composer.compose(kind, state, trigger, links(full, lang), lang);
      if (!mail) throw new Error(`no ${kind} mail for ${full}`);
      return mail;
    });
  };
  const delivered = request('OPGELEVERD');
  const endSurveyUntil = new Date(gallery.now.getTime() + INVITATION_VALID_DAYS * DAY_MS);
  const helpdeskUntil = new Date(gallery.now.getTime() + HELPDESK_LINK_DAYS * DAY_MS);

  return [
    {
      kind: 'aanvraag',
      title: 'Bevestiging van de aanvraag (contactmoment A)',
      when: 'direct nadat de aanvraag is ingediend',
      mails: composed('aanvraag', 'BESTELLEN', (m) => m.type === 'request_submitted'),
    },
    {
      kind: 'contactmoment',
      title: 'Bevestiging van een contact (contactmoment B, 1, 2, 3)',
      when: 'na elk vastgelegd contact; hier het plangesprek',
      mails: composed('contactmoment', 'VOORBEREIDEN', (m) => m.type === 'contact_logged'),
    },
    {
      kind: 'planning',
      title: 'Wijziging van de planning (contactmoment 1a)',
      when: 'bij elke verschuiving die de klant ziet; hier de vaste startdatum',
      mails: composed('planning', 'LEVEREN', (m) => m.type === 'planning_changed'),
    },
    {
      kind: 'oplevering',
      title: 'Oplevering (contactmoment C)',
      when: 'als de laatste opdracht gereed is gemeld',
      mails: composed('oplevering', 'OPGELEVERD', (m) => m.type === 'work_order_completed'),
    },
    {
      kind: 'eindmeting',
      title: 'Uitnodiging voor de eindmeting (contactmoment 4)',
      when: 'na de oplevering, als de regels van de eindmeting het toelaten',
      mails: both((lang) =>
        composer.endSurvey(
          delivered.state,
          'van-der-berg-infra',
          endSurveyUntil,
          {
            follow: composer.url(`${lang === 'en' ? '/en' : ''}/enquete/voorbeeld`),
            unsubscribe: composer.url('/voorbeeld/mails#afmelden'),
          },
          lang,
        ),
      ),
    },
    {
      kind: 'helpdesk',
      title: 'Uitnodiging voor de helpdesk-enquête',
      when: 'na een vastgelegd helpdeskcontact met een e-mailadres',
      mails: both((lang) =>
        helpdeskInvitation(composer.url(`${lang === 'en' ? '/en' : ''}/enquete/voorbeeld`), helpdeskUntil, lang),
      ),
    },
    {
      kind: 'inlogcode',
      title: 'Inlogcode',
      when: 'als de klant inlogt om een aanvraag te volgen',
      mails: both((lang) => loginCodeMail('12345678', CODE_MINUTES.customer, { lang })),
    },
  ];
}
