/**
 * The personal link of a klantenpanel invitee (/klantenpanel/{id.secret}): as a calendar feed's
 * token, the secret is an HMAC of the id under a key derived from the server's secret, so every
 * later mail (a place freed, the questionnaire, the summary) carries the same link without the
 * database keeping the secret; it keeps only its SHA-256, as for the other personal links.
 */
import { type DerivedTokens, derivedTokens } from './calendar-feed-tokens.ts';
import type { SecretBox } from './secret-box.ts';

export type PanelLinks = DerivedTokens;

export const panelLinks = (box: SecretBox): PanelLinks => derivedTokens(box, 'panel-link');
