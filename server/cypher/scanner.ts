/**
 * The one Cypher scanner: the seed loader and the console guard both read statements
 * through it. Its whitespace, comment, string, name and identifier rules are Neo4j 5's
 * own lexer rules, so the text that is checked is split into words exactly as the text
 * that runs: a character Neo4j reads as a space (VT, U+001C–U+001F, U+2028…) separates
 * words here too, and a CR ends a `//` comment here as it does there.
 */

export type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'param' | 'punct';

export interface Token {
  kind: TokenKind;
  /** Offsets into the scanned text: `text.slice(start, end)` is the token as written. */
  start: number;
  end: number;
  /** ident/quoted: the name; param: the name without `$`; punct: the symbol. */
  name?: string;
  /** string/number: the decoded value, or undefined when it cannot be decoded safely. */
  value?: string | bigint | number | undefined;
}

/** Neo4j's SPACE rule: the characters it skips between tokens. */
export function isCypherSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    (code >= 0x1c && code <= 0x20) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** The same set as a regular-expression class, for patterns over raw text. */
export const CYPHER_SPACE_CLASS =
  '[\\t\\n\\v\\f\\r\\x1c-\\x20\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

/** A `//` comment runs to the next CR or LF. */
export const endsLineComment = (code: number) => code === 0x0a || code === 0x0d;

const INT64_MAX = 9_223_372_036_854_775_807n;

const isDigit = (code: number) => code >= 48 && code <= 57;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
// Neo4j's LETTER and PART_LETTER are Java's identifier start and part classes.
const LETTER = /^[\p{L}\p{Nl}\p{Pc}]$/u;
const PART_LETTER = /^[\p{L}\p{Nl}\p{Pc}\p{Nd}\p{Sc}\p{Mn}\p{Mc}\p{Cf}]$/u;
const isIgnorableControl = (c: number) =>
  (c >= 0 && c <= 8) || (c >= 0x0e && c <= 0x1b) || (c >= 0x7f && c <= 0x9f);

/** Length (1 or 2 UTF-16 units) of the identifier-start character at `i`, or 0. */
function identStartAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiLetter(c) ? 1 : 0;
  const point = text.codePointAt(i)!;
  const ch = String.fromCodePoint(point);
  return LETTER.test(ch) ? ch.length : 0;
}

/** Length of the identifier-part character at `i`, or 0. */
function identPartAt(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiLetter(c) || isDigit(c) || c === 36 || isIgnorableControl(c) ? 1 : 0;
  if (isIgnorableControl(c)) return 1;
  const point = text.codePointAt(i)!;
  const ch = String.fromCodePoint(point);
  return PART_LETTER.test(ch) ? ch.length : 0;
}

function skipIdentParts(text: string, i: number): number {
  for (;;) {
    const length = identPartAt(text, i);
    if (length === 0) return i;
    i += length;
  }
}

const TWO_CHAR_PUNCT = new Set(['..', '<>', '<=', '>=', '=~', '+=', '->', '<-', '::', '||', '!=']);

/** Tokens of `text`, comments and whitespace left out. Never throws: unknown input becomes punct. */
export function scanCypher(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    const ch = text[i]!;
    if (isCypherSpace(code)) {
      i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      i += 2;
      while (i < n && !endsLineComment(text.charCodeAt(i))) i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    const start = i;
    if (ch === "'" || ch === '"') {
      const { end, value } = readString(text, i, ch);
      tokens.push({ kind: 'string', start, end, value });
      i = end;
      continue;
    }
    if (ch === '`') {
      const { end, name } = readQuotedName(text, i);
      tokens.push({ kind: 'quoted', start, end, name });
      i = end;
      continue;
    }
    if (ch === '$') {
      i++;
      let name = '';
      if (text[i] === '`') {
        const quoted = readQuotedName(text, i);
        name = quoted.name;
        i = quoted.end;
      } else {
        const end = skipIdentParts(text, i);
        name = text.slice(i, end);
        i = end;
      }
      tokens.push({ kind: 'param', start, end: i, name });
      continue;
    }
    const previous = tokens[tokens.length - 1];
    const afterValue =
      previous !== undefined &&
      (previous.kind === 'ident' ||
        previous.kind === 'quoted' ||
        previous.kind === 'param' ||
        (previous.kind === 'punct' && [')', ']', '}'].includes(previous.name ?? '')));
    if (
      isDigit(code) ||
      (ch === '.' && isDigit(text.charCodeAt(i + 1)) && !afterValue && text[i - 1] !== '.')
    ) {
      const token = readNumber(text, i);
      tokens.push(token);
      i = token.end;
      continue;
    }
    const letter = identStartAt(text, i);
    if (letter > 0) {
      i = skipIdentParts(text, i + letter);
      tokens.push({ kind: 'ident', start, end: i, name: text.slice(start, i) });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_PUNCT.has(two)) {
      tokens.push({ kind: 'punct', start, end: i + 2, name: two });
      i += 2;
      continue;
    }
    const point = text.codePointAt(i)!;
    const symbol = String.fromCodePoint(point);
    tokens.push({ kind: 'punct', start, end: i + symbol.length, name: symbol });
    i += symbol.length;
  }
  return tokens;
}

function readQuotedName(text: string, start: number): { end: number; name: string } {
  let name = '';
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '`') {
      if (text[i + 1] === '`') {
        name += '`';
        i += 2;
        continue;
      }
      return { end: i + 1, name };
    }
    name += text[i];
    i++;
  }
  return { end: text.length, name };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
};

/** Reads a quoted string from `start`; `value` is undefined when an escape is not one Cypher defines. */
function readString(
  text: string,
  start: number,
  quote: string,
): { end: number; value: string | undefined } {
  let i = start + 1;
  let value: string | undefined = '';
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === quote) return { end: i + 1, value };
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      if (next in SIMPLE_ESCAPES) {
        if (value !== undefined) value += SIMPLE_ESCAPES[next];
        i += 2;
        continue;
      }
      const hexLength = next === 'u' ? 4 : next === 'U' ? 8 : 0;
      const hex = text.slice(i + 2, i + 2 + hexLength);
      if (hexLength > 0 && new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) {
        const point = Number.parseInt(hex, 16);
        if (value !== undefined)
          value = point <= 0x10ffff ? value + String.fromCodePoint(point) : undefined;
        i += 2 + hexLength;
        continue;
      }
      value = undefined;
      i += 2;
      continue;
    }
    if (value !== undefined) value += ch;
    i++;
  }
  return { end: text.length, value: undefined };
}

function readNumber(text: string, start: number): Token {
  const rest = text.slice(start, start + 400);
  const match =
    /^0x[0-9a-fA-F_]+/.exec(rest) ??
    /^0o[0-7_]+/.exec(rest) ??
    /^(?:\d[\d_]*)?(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?/.exec(rest);
  let raw = match?.[0] ?? '';
  // `1..3` is a range, not the float `1.` followed by `.3`.
  if (raw.endsWith('.')) raw = raw.slice(0, -1);
  if (raw === '') raw = text[start]!;
  let end = start + raw.length;
  let value: bigint | number | undefined;
  const glued = identPartAt(text, end) > 0;
  if (raw.includes('_') || glued) {
    value = undefined;
  } else if (/^0[xo]/.test(raw) || /^\d+$/.test(raw)) {
    // A leading zero was octal in old Cypher: leave such literals alone.
    const int = /^0\d/.test(raw) ? undefined : BigInt(raw);
    value = int !== undefined && int <= INT64_MAX ? int : undefined;
  } else {
    const float = Number(raw);
    value = Number.isFinite(float) ? float : undefined;
  }
  // Neo4j reads letters glued to a number as part of it (`1abc` is one bad literal).
  if (glued) end = skipIdentParts(text, end);
  return { kind: 'number', start, end, value };
}

const ASCII = /^[\x20-\x7e]*$/;

/**
 * The word a name reads as, upper-cased. Neo4j's keywords are ASCII; look-alikes
 * (full-width letters and the like) are folded here so that checks treat them as the
 * words they imitate — the stricter reading — while token boundaries stay Neo4j's.
 */
export function wordOf(token: Token | undefined): string | undefined {
  if (token === undefined || (token.kind !== 'ident' && token.kind !== 'quoted')) return undefined;
  const name = token.name ?? '';
  return ASCII.test(name) ? name.toUpperCase() : name.normalize('NFKC').toUpperCase();
}

/** Case-insensitive keyword test for an identifier token. */
export function isKeyword(token: Token | undefined, ...words: string[]): boolean {
  return token !== undefined && token.kind === 'ident' && words.includes(wordOf(token)!);
}

export function isPunct(token: Token | undefined, ...symbols: string[]): boolean {
  return token !== undefined && token.kind === 'punct' && symbols.includes(token.name ?? '');
}

/** `a.b.c` from token `i` (backtick parts too): the joined name and the index after it. */
export function dottedName(
  tokens: Token[],
  i: number,
  fold = false,
): { name: string; parts: number; next: number } {
  const part = (token: Token) => (fold ? wordOf(token)!.toLowerCase() : (token.name ?? ''));
  let name = part(tokens[i]!);
  let parts = 1;
  let k = i + 1;
  while (
    isPunct(tokens[k], '.') &&
    (tokens[k + 1]?.kind === 'ident' || tokens[k + 1]?.kind === 'quoted')
  ) {
    name += `.${part(tokens[k + 1]!)}`;
    parts++;
    k += 2;
  }
  return { name, parts, next: k };
}

/**
 * Words that open a clause (SET aside: readers that track what a SET writes handle it
 * themselves). A name read from a pattern ends where one of these begins.
 */
export const CLAUSE_WORDS: ReadonlySet<string> = new Set([
  'MATCH',
  'OPTIONAL',
  'CREATE',
  'MERGE',
  'WITH',
  'RETURN',
  'WHERE',
  'UNWIND',
  'DELETE',
  'DETACH',
  'REMOVE',
  'FOREACH',
  'CALL',
  'ON',
  'ORDER',
  'LIMIT',
  'SKIP',
  'UNION',
]);
