import { describe, expect, it } from 'vitest';
import { dutchCallbackNumber, isClearlyNegative } from './callback.ts';
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

describe('a number to call back', () => {
  it('is a Dutch fixed-line, mobile or VoIP number, in E.164', () => {
    expect(dutchCallbackNumber('06 12345678')).toBe('+31612345678');
    expect(dutchCallbackNumber('+31 6 1234 5678')).toBe('+31612345678');
    expect(dutchCallbackNumber('0031612345678')).toBe('+31612345678');
    expect(dutchCallbackNumber('040-123 45 67')).toBe('+31401234567');
    expect(dutchCallbackNumber('(020) 555 1234')).toBe('+31205551234');
    expect(dutchCallbackNumber('085 123 4567')).toBe('+31851234567');
  });

  it('is not a foreign, premium-rate, service or malformed number', () => {
    for (const phone of ['+32 470 12 34 56', '0900 1234567', '0800 1234567', '087 1234567', '066 1234567'])
      expect(dutchCallbackNumber(phone), phone).toBeUndefined();
    for (const phone of ['', '12345', '0612345', '06 1234567a', 'bel 06 12345678', '06 12345678 (na 17 uur)'])
      expect(dutchCallbackNumber(phone), phone).toBeUndefined();
  });
});
