/** Form fields that more than one form reads, validated the same way everywhere. */
import { z } from 'zod';
import { plainString } from '../../domain/plain-text.ts';

/** An e-mail address as typed in a form (spaces around it dropped), kept in lower case; never control characters. */
export const emailAddress = plainString()
  .trim()
  .pipe(z.email().max(254))
  .transform((e) => e.toLowerCase());
