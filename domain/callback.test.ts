import { describe, expect, it } from 'vitest';
import { isClearlyNegative } from './callback.ts';
import type { Question } from './survey-schema.ts';

const scale = (id: string, van: number, tot: number) =>
  ({ id, soort: 'schaal', vraag: id, van, tot, laag: 'laag', hoog: 'hoog' }) as Question;
const questions = [scale('cijfer', 1, 10), scale('moeite', 1, 7), scale('planning', 1, 5)];

describe('a clearly negative answer', () => {
  it('is one in the worst fifth of a scale', () => {
    expect(isClearlyNegative(questions, { cijfer: 2 })).toBe(true);
    expect(isClearlyNegative(questions, { cijfer: 3 })).toBe(false);
    expect(isClearlyNegative(questions, { planning: 1 })).toBe(true);
    expect(isClearlyNegative(questions, { planning: 2 })).toBe(false);
  });

  it('is high effort, where high is bad', () => {
    expect(isClearlyNegative(questions, { moeite: 7 })).toBe(true);
    expect(isClearlyNegative(questions, { moeite: 6 })).toBe(true);
    expect(isClearlyNegative(questions, { moeite: 5 })).toBe(false);
    expect(isClearlyNegative(questions, { moeite: 1 })).toBe(false);
  });

  it('is not an empty or neutral answer', () => {
    expect(isClearlyNegative(questions, {})).toBe(false);
    expect(isClearlyNegative(questions, { cijfer: 7, moeite: 3, planning: 4 })).toBe(false);
  });
});
