/** The language of this build of the survey UI, set by scripts/build-widgets.ts (one file per language). */
declare const __LANG__: 'nl' | 'en';
