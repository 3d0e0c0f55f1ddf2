/**
 * A small Cypher lexer for one complete statement. It knows exactly what the statement
 * splitter knows (strings with backslash escapes, backtick names, comments) and a little
 * more (numbers, parameters, punctuation), which is all the loader needs to reason about
 * a statement: is it schema, does it run IN TRANSACTIONS, does it read files, and which
 * literals can be sent as parameters.
 */

export type TokenKind = 'ident' | 'quoted' | 'string' | 'number' | 'param' | 'punct';

export interface Token {
  kind: TokenKind;
  /** Offsets into the statement text: `text.slice(start, end)` is the token as written. */
  start: number;
  end: number;
  /** ident/quoted: the name; param: the name without `$`; punct: the symbol. */
  name?: string;
  /** string/number: the decoded value, or undefined when it cannot be decoded safely. */
  value?: string | bigint | number | undefined;
}

const INT64_MAX = 9_223_372_036_854_775_807n;

const isDigit = (code: number) => code >= 48 && code <= 57;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isIdentStart = (ch: string) => {
  const c = ch.charCodeAt(0);
  return isAsciiLetter(c) || (c > 127 && /\p{L}/u.test(ch));
};
const isIdentPart = (ch: string) => {
  const c = ch.charCodeAt(0);
  return isAsciiLetter(c) || isDigit(c) || (c > 127 && /[\p{L}\p{N}]/u.test(ch));
};

const TWO_CHAR_PUNCT = new Set(['..', '<>', '<=', '>=', '=~', '+=', '->', '<-', '::', '||']);

/** Tokens of `text`, comments and whitespace left out. Never throws: unknown input becomes punct. */
export function lexCypher(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    const ch = text[i]!;
    // whitespace
    if (code === 32 || code === 10 || code === 9 || code === 13 || code === 12 || code === 0xa0) {
      i++;
      continue;
    }
    // comments
    if (ch === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i + 2);
      i = nl < 0 ? n : nl + 1;
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
      let name = '';
      i++;
      while (i < n) {
        if (text[i] === '`') {
          if (text[i + 1] === '`') {
            name += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += text[i];
        i++;
      }
      tokens.push({ kind: 'quoted', start, end: i, name });
      continue;
    }
    if (ch === '$') {
      i++;
      let name = '';
      if (text[i] === '`') {
        const close = text.indexOf('`', i + 1);
        const end = close < 0 ? n : close + 1;
        name = text.slice(i + 1, close < 0 ? n : close);
        i = end;
      } else {
        while (i < n && isIdentPart(text[i]!)) name += text[i++];
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
    if (isIdentStart(ch)) {
      while (i < n && isIdentPart(text[i]!)) i++;
      tokens.push({ kind: 'ident', start, end: i, name: text.slice(start, i) });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_PUNCT.has(two)) {
      tokens.push({ kind: 'punct', start, end: i + 2, name: two });
      i += 2;
      continue;
    }
    tokens.push({ kind: 'punct', start, end: i + 1, name: ch });
    i++;
  }
  return tokens;
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
  const rest = text.slice(start);
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
  const glued = end < text.length && isIdentPart(text[end]!);
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
  if (glued) while (end < text.length && isIdentPart(text[end]!)) end++;
  return { kind: 'number', start, end, value };
}

/** Case-insensitive keyword test for an identifier token. */
export function isKeyword(token: Token | undefined, ...words: string[]): boolean {
  return (
    token !== undefined &&
    token.kind === 'ident' &&
    words.includes((token.name ?? '').toUpperCase())
  );
}

export function isPunct(token: Token | undefined, ...symbols: string[]): boolean {
  return token !== undefined && token.kind === 'punct' && symbols.includes(token.name ?? '');
}
