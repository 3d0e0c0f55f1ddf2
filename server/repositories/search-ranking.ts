import { foldLikeIndex, isOptionalWord } from './lucene-query.ts';

/**
 * Lucene's score knows nothing of what a person means by "exact": a short fuzzy alias can
 * outscore the caption typed letter for letter. Hits are therefore ranked again, by how
 * they match one of the node's names (its caption, name, title or an alias):
 *   3  the whole name, as typed;
 *   2  the beginning of a name;
 *   1  every word typed begins a word of one name;
 *   0  anything else (typos, words spread over several names).
 * Within a rank, Lucene's order stands.
 */
export type MatchRank = 0 | 1 | 2 | 3;

/** A name reduced to folded words separated by single spaces ("Khrenin’s" → "khrenin s"). */
export function matchKey(text: string): string {
  return foldLikeIndex(text.normalize('NFKC'))
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((word) => word !== '')
    .join(' ');
}

/** The names a node can be searched by: the properties the full-text index covers. */
export function searchableNames(caption: string, properties: Record<string, unknown>): string[] {
  const names = [caption];
  for (const key of ['name', 'title', 'aliases']) {
    const value = properties[key];
    if (typeof value === 'string') names.push(value);
    else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'string') names.push(item);
    }
  }
  return names;
}

export function matchRank(query: string, names: readonly string[]): MatchRank {
  const wanted = matchKey(query);
  if (wanted === '') return 0;
  const keys = names.map(matchKey);
  if (keys.some((key) => key === wanted)) return 3;
  if (keys.some((key) => key.startsWith(wanted))) return 2;
  const words = wanted.split(' ').filter((word) => !isOptionalWord(word));
  if (words.length === 0) return 0;
  const allWordsBegin = (key: string) => {
    const own = key.split(' ');
    return words.every((word) => own.some((w) => w.startsWith(word)));
  };
  return keys.some(allWordsBegin) ? 1 : 0;
}

/** Hits in order of rank, then of their original (score) order. */
export function rankHits<T>(query: string, hits: readonly T[], names: (hit: T) => string[]): T[] {
  return hits
    .map((hit, index) => ({ hit, index, rank: matchRank(query, names(hit)) }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .map(({ hit }) => hit);
}
