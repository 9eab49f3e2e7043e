import { describe, expect, it } from 'vitest';
import { inline, paragraphs, slug } from './text.ts';

describe('text helpers for the process pages', () => {
  it('make anchors from Dutch terms', () => {
    expect(slug('Track & trace')).toBe('track-trace');
    expect(slug('Oriënteren')).toBe('orienteren');
    expect(slug('Mee in combi')).toBe('mee-in-combi');
  });

  it('turn internal links into anchors and escape everything else', () => {
    expect(inline('Zie [de tabel](/doorlooptijden/) <b>nu</b> & "later"')).toBe(
      'Zie <a href="/doorlooptijden/">de tabel</a> &lt;b&gt;nu&lt;/b&gt; &amp; &quot;later&quot;',
    );
    expect(inline('[extern](https://example.com)')).toBe('[extern](https://example.com)');
  });

  it('split paragraphs on empty lines', () => {
    expect(paragraphs('een\n\n  twee\n')).toEqual(['een', 'twee']);
  });
});
