/**
 * Applicant organisations (issue 16.1): a business applicant that follows all its aanvragen in
 * one portfolio. It is known by its KvK number (the one its aanvragen carry in
 * request_submitted.applicant.kvk) and an e-mail domain that someone proved to hold by reading a
 * mail code sent to an address of that domain. The rules, free of I/O:
 *
 * - **Registration.** KvK exactly eight digits; the domain a plain host name; the address must be
 *   of that very domain (not a subdomain, not another one). Domains of public mail providers are
 *   refused: anyone can have an address there, so it proves nothing about an organisation.
 * - **Binding.** A code is only sent when at least one aanvraag with that KvK number names an
 *   applicant address of the domain: the portfolio shows what the aanvragen say the organisation
 *   applied for, so the domain must be one the aanvragen themselves name (api/core/portfolio-access.ts).
 * - **Delegates.** A site supervisor (of the organisation or of a subcontractor, any address) may
 *   be given one project by the admin: they see that project's aanvragen and nothing else.
 * - **Members.** The first verified member is the organisation's admin ("beheerder"). The admin
 *   adds and removes members, each an address of the organisation's domain; an admin cannot
 *   remove themself, so an organisation always keeps its admin.
 */
import { z } from 'zod';
import './zod-dutch.ts';

export const MEMBER_ROLES = ['beheerder', 'lid'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/**
 * Public mail providers common in the Netherlands: an address there says nothing about an
 * organisation. Not exhaustive; the binding to the aanvragen' own addresses is the real check.
 */
export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.nl',
  'outlook.com',
  'outlook.nl',
  'live.com',
  'live.nl',
  'msn.com',
  'yahoo.com',
  'yahoo.nl',
  'icloud.com',
  'me.com',
  'ziggo.nl',
  'kpnmail.nl',
  'planet.nl',
  'home.nl',
  'xs4all.nl',
  'hetnet.nl',
  'casema.nl',
  'chello.nl',
  'telfort.nl',
  'upcmail.nl',
  'proton.me',
  'protonmail.com',
]);

/** The part of an address after the @, lower case. */
export const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** Whether `email` is an address of exactly `domain`. */
export const isOfDomain = (email: string, domain: string): boolean => domainOf(email) === domain.toLowerCase();

export const mailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((d) => d.replace(/^@/, ''))
  .pipe(
    z
      .string()
      .max(253)
      .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'moet een e-maildomein zijn, als bouwbedrijf.nl')
      .refine((d) => !PUBLIC_MAIL_DOMAINS.has(d), 'is een domein van een e-mailaanbieder; gebruik het domein van uw organisatie'),
  );

/** Why a member change is refused; undefined when it may be done. */
export function memberChangeRefusal(
  change: { actor: { email: string; role: MemberRole }; action: 'toevoegen' | 'verwijderen'; email: string },
  domain: string,
): 'geen-beheerder' | 'ander-domein' | 'zichzelf' | undefined {
  if (change.actor.role !== 'beheerder') return 'geen-beheerder';
  if (change.action === 'toevoegen' && !isOfDomain(change.email, domain)) return 'ander-domein';
  if (change.action === 'verwijderen' && change.email.toLowerCase() === change.actor.email.toLowerCase()) return 'zichzelf';
  return undefined;
}

/** Why a delegate change is refused; undefined when it may be done. */
export function delegateChangeRefusal(
  actor: { role: MemberRole } | undefined,
  project: string,
  projects: readonly (string | null)[],
): 'geen-beheerder' | 'onbekend-project' | undefined {
  if (actor?.role !== 'beheerder') return 'geen-beheerder';
  if (!projects.includes(project)) return 'onbekend-project';
  return undefined;
}
