/**
 * Interactiemeting helpdesk: a logged helpdesk contact gets its survey invitation by the route
 * domain/helpdesk-routing.ts chose — a mail with a personal link, or an SMS — written to the
 * outbox in the transaction that records the contact (docs/decisions/0008-transactional-outbox.md).
 * The same contact id of an organisation again changes nothing: 'duplicate' with the first
 * record, or 'conflict' when the body differs.
 */
import { createHash } from 'node:crypto';
import { DAY_MS } from '../../domain/calendar.ts';
import { newToken } from '../auth/tokens.ts';
import type { MailComposer } from '../mail/compose.ts';
import { helpdeskInvitation, helpdeskSms } from '../mail/templates.ts';
import type { LogHelpdeskContact } from '../storage/contract.ts';
import type { HelpdeskContactInput } from '../storage/store.ts';

/** How long the personal survey link works. */
export const HELPDESK_LINK_DAYS = 14;

/** What tells a resend of a contact (same body) from another contact under the same id. */
function bodyHashOf(c: HelpdeskContactInput): string {
  const canonical = {
    id: c.id,
    occurredAt: c.occurredAt,
    requestNumber: c.requestNumber ?? null,
    account: c.account ?? null,
    phone: c.phone ?? null,
    // Only when given, so a contact logged before the field existed hashes as it did.
    ...(c.taal && { taal: c.taal }),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Logs helpdesk contacts with their survey; without a mail composer (no mail settings) nothing is sent. */
export function helpdeskSurvey(mail: MailComposer | undefined): LogHelpdeskContact {
  return (storage, organisation, contact, route, now = new Date()) =>
    storage.transaction(async (tx) => {
      const bodyHash = bodyHashOf(contact);
      const token = newToken();
      const sends = route.route !== 'geen' && mail !== undefined;
      const expiresAt = new Date(now.getTime() + HELPDESK_LINK_DAYS * DAY_MS);
      const logged = await tx.logContact({
        id: token.id,
        organisation: organisation.code,
        contactId: contact.id,
        bodyHash,
        occurredAt: contact.occurredAt,
        requestNumber: contact.requestNumber ?? null,
        account: contact.account ?? null,
        phone: contact.phone ?? null,
        route: route.route,
        channel: route.route === 'geen' ? null : route.channel,
        recipient: route.route === 'geen' ? null : route.to,
        reason: route.route === 'geen' ? route.reason : sends ? null : 'geen mailinstelling: uitnodiging niet verstuurd',
        secretHash: sends ? token.secretHash : null,
        createdAt: now,
        expiresAt: sends ? expiresAt : null,
      });
      if (!logged.added) {
        return { result: logged.bodyHash === bodyHash ? 'duplicate' : 'conflict', contact: logged.contact };
      }
      if (route.route !== 'geen' && mail) {
        // A mail goes in the language its address chose; an SMS (a phone number has no stored
        // language) in the language of the call, Dutch unless the helpdesk says otherwise.
        const lang = route.channel === 'email' ? await tx.customerLanguage(route.to) : (contact.taal ?? 'nl');
        const link = mail.url(`${lang === 'en' ? '/en' : ''}/enquete/${token.token}`);
        const idempotencyKey = `helpdesk:${organisation.id}:${contact.id}`;
        await tx.enqueue(
          route.channel === 'sms'
            ? {
                idempotencyKey,
                kind: 'helpdesk',
                channel: 'sms',
                requestNumber: null,
                to: route.to,
                subject: 'Helpdesk-enquête (SMS)',
                html: '',
                text: helpdeskSms(link, lang),
              }
            : {
                idempotencyKey,
                kind: 'helpdesk',
                requestNumber: route.route === 'aanvraag' ? route.requestNumber : null,
                to: route.to,
                ...helpdeskInvitation(link, expiresAt, lang),
              },
        );
      }
      return { result: 'created', contact: logged.contact };
    });
}
