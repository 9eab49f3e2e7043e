/**
 * The languages a customer reads Traject in. Dutch is the default: a customer who never chose
 * gets Dutch; one who chose English (signing in from the English pages, or the mails' language
 * choice) keeps it in every mail.
 */
import { z } from 'zod';

export const LANGUAGES = ['nl', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const language = z.enum(LANGUAGES);
