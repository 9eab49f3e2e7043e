/**
 * Where the survey after a helpdesk contact goes (seed 001, "Interactiemeting Helpdesk"): the
 * first route that works, in this order — the aanvraag's e-mail address, the account's address,
 * an SMS to a Dutch mobile number (06…, +316…, 00316…). Any other number is logged without a survey.
 * Phone numbers are read with libphonenumber-js, the maintained port of Google's libphonenumber.
 *
 * Who may route how: the platform's helpdesk by all three; a combi-organisatie only by an aanvraag
 * it takes part in. The caller's lookups answer an aanvraag it takes no part in as unknown.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Refusal, Sender } from './authorization.ts';

export type HelpdeskContact = { requestNumber?: string; account?: string; phone?: string };

export type HelpdeskRoute =
  | { route: 'aanvraag'; channel: 'email'; to: string; requestNumber: string }
  | { route: 'account'; channel: 'email'; to: string }
  | { route: 'telefoon'; channel: 'sms'; to: string }
  | { route: 'geen'; reason: string };

export type HelpdeskLookups = {
  /** The e-mail address of the account that submitted this aanvraag; undefined for one the caller takes no part in. */
  emailOfRequest(requestNumber: string): string | undefined;
  /** The e-mail address of an account (given as its address or id). */
  emailOfAccount(account: string): string | undefined;
  /** Whether the customer chose to get no mail about this aanvraag (unsubscribed). */
  unsubscribed?(requestNumber: string): boolean;
};

/**
 * Undefined when this organisation may log this contact; otherwise why not. Account and phone
 * reach any customer of any combi, so only the platform's own helpdesk may route by them.
 */
export function helpdeskRefusal(caller: Sender, contact: HelpdeskContact): Refusal | undefined {
  if (caller.kind !== 'platform' && caller.kind !== 'combi') {
    return { status: 403, message: 'Alleen het platform en combi-organisaties loggen helpdeskcontacten' };
  }
  if (caller.kind === 'platform') return undefined;
  for (const field of ['account', 'phone'] as const) {
    if (contact[field] !== undefined) {
      return {
        status: 403,
        field,
        message: `alleen de helpdesk van het platform stuurt een enquête via ${field === 'account' ? 'account' : 'telefoonnummer'}; stuur het aanvraagnummer`,
      };
    }
  }
  return undefined;
}

export const UNKNOWN_REQUEST_REASON = 'het aanvraagnummer is onbekend of hoort niet bij uw organisatie: gelogd, geen enquête';

export const UNSUBSCRIBED_REASON = 'de klant heeft zich afgemeld voor e-mail over deze aanvraag: gelogd, geen enquête';

/** A Dutch mobile number in E.164 (+316…), or undefined for anything else. */
export function dutchMobile(phone: string): string | undefined {
  const parsed = parsePhoneNumberFromString(phone, 'NL');
  if (!parsed?.isValid() || parsed.country !== 'NL' || parsed.getType() !== 'MOBILE') return undefined;
  return parsed.number;
}

export function routeHelpdeskSurvey(contact: HelpdeskContact, lookups: HelpdeskLookups): HelpdeskRoute {
  if (contact.requestNumber) {
    const to = lookups.emailOfRequest(contact.requestNumber);
    // Their choice holds for a survey too, on any route: the same person, by mail or SMS.
    if (to && lookups.unsubscribed?.(contact.requestNumber)) return { route: 'geen', reason: UNSUBSCRIBED_REASON };
    if (to) return { route: 'aanvraag', channel: 'email', to, requestNumber: contact.requestNumber };
  }
  if (contact.account) {
    const to = lookups.emailOfAccount(contact.account);
    if (to) return { route: 'account', channel: 'email', to };
  }
  if (contact.phone) {
    const to = dutchMobile(contact.phone);
    if (to) return { route: 'telefoon', channel: 'sms', to };
    return { route: 'geen', reason: 'het telefoonnummer is geen Nederlands mobiel nummer: gelogd, geen enquête' };
  }
  if (contact.requestNumber) return { route: 'geen', reason: UNKNOWN_REQUEST_REASON };
  return { route: 'geen', reason: 'geen aanvraagnummer, account of telefoonnummer waarmee de klant te bereiken is' };
}
