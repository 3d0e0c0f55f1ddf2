/**
 * Finds a quote in a document: exactly first, then tolerant of the differences a copied
 * sentence picks up (runs of whitespace, straight vs curly quote marks, dash styles).
 */

const SINGLE_QUOTES = /[‘’‚‛′`´]/;
const DOUBLE_QUOTES = /[“”„‟″«»]/;
const DASHES = /[‐‑‒–—―]/;

function fold(ch: string): string {
  if (SINGLE_QUOTES.test(ch)) return "'";
  if (DOUBLE_QUOTES.test(ch)) return '"';
  if (DASHES.test(ch)) return '-';
  return ch.toLowerCase();
}

/** The folded text and, for each folded character, the offset it came from. */
function folded(text: string): { chars: string; from: number[] } {
  let chars = '';
  const from: number[] = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (!inSpace && chars !== '') {
        chars += ' ';
        from.push(i);
      }
      inSpace = true;
      continue;
    }
    inSpace = false;
    chars += fold(ch);
    from.push(i);
  }
  if (chars.endsWith(' ')) {
    chars = chars.slice(0, -1);
    from.pop();
  }
  return { chars, from };
}

/** `[start, end)` of `quote` in `text`, or null when it is not there. */
export function locateQuote(text: string, quote: string): [number, number] | null {
  if (quote.trim() === '') return null;
  const exact = text.indexOf(quote);
  if (exact >= 0) return [exact, exact + quote.length];
  const haystack = folded(text);
  const needle = folded(quote).chars;
  if (needle === '') return null;
  const at = haystack.chars.indexOf(needle);
  if (at < 0) return null;
  const start = haystack.from[at]!;
  const end = haystack.from[at + needle.length - 1]! + 1;
  return [start, end];
}
