/** Form fields that more than one form reads, validated the same way everywhere. */
import { z } from 'zod';

/** An e-mail address as typed in a form, kept in lower case. */
export const emailAddress = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());
