/**
 * Turns what a person types into a Lucene query for the full-text index. User text is
 * never Lucene syntax: every character that means something to the parser is escaped,
 * so `a:"b` or `*` is a search like any other.
 */

const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/** Escapes every character the Lucene classic query parser gives meaning to. */
export function escapeLucene(text: string): string {
  return text.replace(LUCENE_SPECIAL, (ch) => `\\${ch}`);
}

/** The most words of a search that take part; the rest are ignored. */
export const MAX_SEARCH_TOKENS = 8;
const MAX_TOKEN_LENGTH = 64;

const LIGATURES: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * Folds Latin accents the way the index's `standard-folding` analyzer does. Prefix and
 * fuzzy terms bypass the analyzer (they are only lower-cased), so `JOSÉ*` must be sent
 * as `jose*`. Letters of other scripts keep their marks: the analyzer keeps `й` too.
 */
export function foldLikeIndex(token: string): string {
  const lower = token.toLowerCase();
  let folded = '';
  for (const ch of lower) {
    const ligature = LIGATURES[ch];
    if (ligature) {
      folded += ligature;
      continue;
    }
    const decomposed = ch.normalize('NFD');
    const base = decomposed[0] ?? ch;
    folded += base >= 'a' && base <= 'z' ? base : ch;
  }
  return folded;
}

/** The words of a search: runs of letters, marks and digits, as the standard tokenizer sees them. */
export function searchTokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((token) => token !== '')
    .slice(0, MAX_SEARCH_TOKENS)
    .map((token) => token.slice(0, MAX_TOKEN_LENGTH));
}

/**
 * Words the index's analyzer drops (Lucene's English stop set): a required clause for one
 * of them could never match, so "An Alliance of Evil" would find nothing.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the ' +
    'their then there these they this to was will with'
  ).split(' '),
);

/** Whether a word may be left out of a match: a stop word, or one letter ("Khrenin's"). */
export function isOptionalWord(token: string): boolean {
  return token.length < 2 || STOP_WORDS.has(token.toLowerCase());
}

/**
 * One clause per word: the word as typed (analysed, so case and accents fold), the word
 * as a prefix, and — for words long enough not to match everything — the word with a
 * typo or two, weighted below the other two. Every word is required except stop words and
 * single letters; the whole text as a phrase lifts exact captions. Returns null when
 * nothing searchable is left.
 */
export function buildFulltextQuery(text: string): string | null {
  const tokens = searchTokens(text);
  if (tokens.length === 0) return null;
  const required = tokens.some((token) => !isOptionalWord(token));
  const clauses = tokens.map((token) => {
    const exact = escapeLucene(token.toLowerCase());
    const folded = escapeLucene(foldLikeIndex(token));
    const alternatives = [`${exact}^3`, `${folded}*^2`];
    if (token.length >= 4) alternatives.push(`${folded}~${token.length >= 7 ? 2 : 1}^0.5`);
    const clause = `(${alternatives.join(' OR ')})`;
    return required && !isOptionalWord(token) ? `+${clause}` : clause;
  });
  // Tokens are letters, marks and digits only, so the phrase needs no escaping.
  if (tokens.length > 1) clauses.push(`"${tokens.map((t) => t.toLowerCase()).join(' ')}"^4`);
  return clauses.join(' ');
}
