/**
 * The editors' files in content/ as Astro collections, validated with the same schemas the API
 * uses (domain/content-schema.ts): one source for the site and the next-step dates.
 */
import { defineCollection } from 'astro:content';
import { file } from 'astro/loaders';
import { phaseSchema, stepSchema } from '../domain/content-schema.ts';

export const collections = {
  fasen: defineCollection({ loader: file('content/fasen.yaml'), schema: phaseSchema }),
  stappen: defineCollection({ loader: file('content/stappen.yaml'), schema: stepSchema }),
};
