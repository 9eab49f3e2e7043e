import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, DEFAULT_CONTENT_DIR, loadContent } from './content.ts';

/** A copy of content/ with one file replaced, to load as the server would. */
function contentWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'traject-content-'));
  for (const name of ['fasen.yaml', 'stappen.yaml']) {
    const text = readFileSync(join(DEFAULT_CONTENT_DIR, name), 'utf8');
    writeFileSync(join(dir, name), name === file ? edit(text) : text);
  }
  return dir;
}

describe('the content files the API computes with', () => {
  it('load and give every step its norm', () => {
    const content = loadContent();
    expect(content.phases.map((p) => p.id)).toEqual(['orienteren', 'bestellen', 'voorbereiden', 'leveren', 'nazorg']);
    expect(content.steps.get('intake')?.werkdagen).toBe(10);
    expect(content.steps.get('plangesprek')?.werkdagen).toBe(5);
  });

  it.each([
    [
      'a norm that is not a number',
      'stappen.yaml',
      (t: string) => t.replace('werkdagen: 10', 'werkdagen: tien'),
      /stappen\.yaml klopt niet:\n {2}- 0\.werkdagen: moet een aantal werkdagen zijn/,
    ],
    [
      'a negative norm',
      'stappen.yaml',
      (t: string) => t.replace('werkdagen: 5', 'werkdagen: -5'),
      /1?\d\.werkdagen: mag niet negatief zijn/,
    ],
    [
      'an unknown placeholder',
      'stappen.yaml',
      (t: string) => t.replace('{organisatie} belt u uiterlijk', '{bedrijf} belt u uiterlijk'),
      /tekst: mag alleen de plaatshouders/,
    ],
    [
      'a missing step',
      'stappen.yaml',
      (t: string) => t.replace('- id: plangesprek', '- id: schouw'),
      /stap "plangesprek" moet precies één keer voorkomen \(nu 0 keer\)/,
    ],
    [
      'an unknown field',
      'stappen.yaml',
      (t: string) => t.replace('  wie: klant', '  wie: klant\n  kleur: rood'),
      /onbekend veld: kleur/,
    ],
    [
      'phases out of order',
      'fasen.yaml',
      (t: string) =>
        t.replace('id: leveren', 'id: x').replace('id: voorbereiden', 'id: leveren').replace('id: x', 'id: voorbereiden'),
      /moet de vijf fasen in deze volgorde bevatten/,
    ],
    ['broken YAML', 'fasen.yaml', (t: string) => `${t}\n  - : :`, /fasen\.yaml: kan het bestand niet lezen/],
  ])('refuse %s with the file, the field and what is wrong', (_name, file, edit, message) => {
    const dir = contentWith(file, edit);
    expect(() => loadContent(dir)).toThrow(ContentError);
    expect(() => loadContent(dir)).toThrow(message);
  });
});
