import { describe, expect, it } from 'vitest';
import {
  buildFulltextQuery,
  escapeLucene,
  foldLikeIndex,
  searchTokens,
} from '../../server/repositories/lucene-query.ts';

describe('Lucene query building', () => {
  it('when text holds Lucene syntax, then every special character is escaped', () => {
    expect(escapeLucene('a:"b')).toBe('a\\:\\"b');
    expect(escapeLucene('*')).toBe('\\*');
    expect(escapeLucene('(x) && y || !z ~ ^ [ ] { } ? / \\ + -')).toBe(
      '\\(x\\) \\&\\& y \\|\\| \\!z \\~ \\^ \\[ \\] \\{ \\} \\? \\/ \\\\ \\+ \\-',
    );
  });

  it('when a query is only punctuation or wildcards, then there is nothing to search for', () => {
    expect(buildFulltextQuery('*')).toBeNull();
    expect(buildFulltextQuery('  :" ~ ')).toBeNull();
  });

  it('when a query is `a:"b`, then it searches the words a and b', () => {
    expect(searchTokens('a:"b')).toEqual(['a', 'b']);
    expect(buildFulltextQuery('a:"b')).toBe('(a^3 OR a*^2) AND (b^3 OR b*^2)');
  });

  it('when a word is long enough, then it is also searched with a typo or two', () => {
    expect(buildFulltextQuery('khrenin')).toBe('(khrenin^3 OR khrenin*^2 OR khrenin~2)');
    expect(buildFulltextQuery('Iran')).toBe('(iran^3 OR iran*^2 OR iran~1)');
  });

  it('when words are Lucene operators, then they are searched as words', () => {
    expect(buildFulltextQuery('AND OR NOT')).toBe(
      '(and^3 OR and*^2) AND (or^3 OR or*^2) AND (not^3 OR not*^2)',
    );
  });

  it('when a word has Latin accents, then its prefix form is folded like the index; other scripts keep their letters', () => {
    expect(foldLikeIndex('JOSÉ')).toBe('jose');
    expect(foldLikeIndex('Łukaszenka')).toBe('lukaszenka');
    expect(foldLikeIndex('Хренін')).toBe('хренін');
    expect(foldLikeIndex('Йосиф')).toBe('йосиф');
    expect(foldLikeIndex('باقری')).toBe('باقری');
  });

  it('when text is full-width, then it is read as the letters it imitates', () => {
    expect(searchTokens('ＩＲＡＮ')).toEqual(['IRAN']);
  });
});
