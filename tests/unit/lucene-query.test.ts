import { describe, expect, it } from 'vitest';
import {
  buildFulltextQuery,
  escapeLucene,
  foldLikeIndex,
  searchTokens,
} from '../../server/repositories/lucene-query.ts';
import { matchKey, matchRank, rankHits } from '../../server/repositories/search-ranking.ts';

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
    expect(buildFulltextQuery('a:"b')).toBe('(a^3 OR a*^2) (b^3 OR b*^2) "a b"^4');
  });

  it('when a word is long enough, then it is also searched with a typo or two', () => {
    expect(buildFulltextQuery('khrenin')).toBe('+(khrenin^3 OR khrenin*^2 OR khrenin~2^0.5)');
    expect(buildFulltextQuery('Iran')).toBe('+(iran^3 OR iran*^2 OR iran~1^0.5)');
  });

  it('when words are Lucene operators, then they are searched as words', () => {
    expect(buildFulltextQuery('AND OR NOT')).toBe(
      '(and^3 OR and*^2) (or^3 OR or*^2) (not^3 OR not*^2) "and or not"^4',
    );
  });

  it('when a search holds stop words or single letters, then only its other words are required', () => {
    expect(buildFulltextQuery('An Alliance of Evil')).toBe(
      '(an^3 OR an*^2) +(alliance^3 OR alliance*^2 OR alliance~2^0.5) (of^3 OR of*^2) +(evil^3 OR evil*^2 OR evil~1^0.5) "an alliance of evil"^4',
    );
    expect(buildFulltextQuery("Khrenin's visit")).toMatch(
      /^\+\(khrenin.*\) \(s\^3 OR s\*\^2\) \+\(visit/,
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

describe('search ranking', () => {
  it('when a name is typed exactly, then it outranks a prefix, a word match and a typo', () => {
    const names: Record<string, string[]> = {
      shahed: ['Shahed drone', 'Geran-2'],
      germany: ['Germany', 'Deutschland'],
      note: ['Analyst note on Germany'],
    };
    const order = (q: string) => rankHits(q, Object.keys(names), (k) => names[k] ?? []);
    expect(matchRank('Germany', names.germany!)).toBe(3);
    expect(matchRank('German', names.germany!)).toBe(2);
    expect(matchRank('German', names.shahed!)).toBe(0);
    expect(order('German')[0]).toBe('germany');
    expect(order('geran 2')[0]).toBe('shahed');
  });

  it('when apostrophes, dashes or accents differ, then the names still match exactly', () => {
    expect(matchKey('Khrenin’s visit to Tehran')).toBe(matchKey("khrenin's VISIT to tehran"));
    expect(matchRank('Geran 2', ['Geran-2'])).toBe(3);
    expect(matchRank('Lukaszenka', ['Aleksander Łukaszenka'])).toBe(1);
  });
});
