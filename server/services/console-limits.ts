import { scanCypher, type Token } from '../cypher/scanner.ts';
import { AppError } from '../errors.ts';

/**
 * Bounds on the work one console statement can ask for inside a single expression.
 * Neo4j stops a transaction at its timeout and counts its memory only between rows: a list
 * built by `range()` inside one expression, or a `reduce()` that grows a string, runs on
 * past the timeout and past the memory limit and can take the whole server down. So the
 * console refuses, before anything runs, statements whose expression work it cannot bound.
 */
export const CONSOLE_LIMITS = Object.freeze({
  /** Characters in one statement; longer text is a generated payload, not a question. */
  maxTextLength: 20_000,
  /** Brackets `(`, `[`, `{` open at once. */
  maxNestingDepth: 32,
  /** Elements all `range()` calls of one statement may produce together (`UNWIND range` aside). */
  maxRangeElements: 100_000,
  /** Steps of list comprehensions, quantifiers and `reduce()` nested inside each other. */
  maxIterationWork: 1_000_000,
});

/** A scanner token as these checks read it: words upper-cased, numbers as written. */
interface LimitToken {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'param' | 'symbol';
  text: string;
  upper: string;
}

function limitTokens(cypher: string): LimitToken[] {
  return scanCypher(cypher).map((token: Token): LimitToken => {
    const text =
      token.kind === 'number' ? cypher.slice(token.start, token.end) : (token.name ?? '');
    const kind = token.kind === 'ident' ? 'word' : token.kind === 'punct' ? 'symbol' : token.kind;
    return { kind, text, upper: text.toUpperCase() };
  });
}

type LimitReason =
  | 'text-length'
  | 'nesting-depth'
  | 'range-bounds'
  | 'range-size'
  | 'iteration-work'
  | 'reduce-growth';

function tooComplex(reason: LimitReason, message: string, details: object = {}): never {
  throw new AppError('QUERY_TOO_COMPLEX', message, 400, {
    details: { reason, ...details },
  });
}

/** Refuses text too long to be a question; runs before the text is even scanned. */
export function checkTextLength(cypher: string): void {
  if (cypher.length > CONSOLE_LIMITS.maxTextLength) {
    tooComplex(
      'text-length',
      `The statement is ${cypher.length} characters long; the console takes at most ${CONSOLE_LIMITS.maxTextLength}.`,
      { limit: CONSOLE_LIMITS.maxTextLength, found: cypher.length },
    );
  }
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

const isSymbol = (token: LimitToken | undefined, text: string) =>
  token?.kind === 'symbol' && token.text === text;

/** Index of the bracket closing the one at `open`, or the last token when unbalanced. */
function closingIndex(tokens: LimitToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i];
    if (token?.kind !== 'symbol') continue;
    if (OPEN.has(token.text)) depth++;
    if (CLOSE.has(token.text)) depth--;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

/** Top-level comma-separated pieces between `open` and its closing bracket. */
function argumentsOf(tokens: LimitToken[], open: number): LimitToken[][] {
  const close = closingIndex(tokens, open);
  const args: LimitToken[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const token = tokens[i] as LimitToken;
    if (token.kind === 'symbol' && OPEN.has(token.text)) depth++;
    if (token.kind === 'symbol' && CLOSE.has(token.text)) depth--;
    if (depth === 0 && isSymbol(token, ',')) args.push([]);
    else args.at(-1)?.push(token);
  }
  return args;
}

function integerParameter(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  const driverInteger = value as { toNumber?: () => number; low?: unknown } | null;
  if (driverInteger && typeof driverInteger.toNumber === 'function' && 'low' in driverInteger) {
    return driverInteger.toNumber();
  }
  return undefined;
}

function integerLiteral(text: string): number | undefined {
  const clean = text.replace(/_/g, '').toLowerCase();
  if (/^\d+$/.test(clean)) return Number(clean);
  if (/^0x[\da-f]+$/.test(clean)) return Number.parseInt(clean.slice(2), 16);
  if (/^0o[0-7]+$/.test(clean)) return Number.parseInt(clean.slice(2), 8);
  return undefined;
}

/**
 * Evaluates a bound written with integer literals, integer parameters, `+ - *` and
 * brackets; anything else (a function call, a variable) is unknown.
 */
function evaluateBound(tokens: LimitToken[], params: Record<string, unknown>): number | undefined {
  let at = 0;
  const peek = () => tokens[at];
  const expression = (): number | undefined => {
    let value = term();
    while (value !== undefined && (isSymbol(peek(), '+') || isSymbol(peek(), '-'))) {
      const minus = isSymbol(peek(), '-');
      at++;
      const right = term();
      value = right === undefined ? undefined : minus ? value - right : value + right;
    }
    return value;
  };
  const term = (): number | undefined => {
    let value = factor();
    while (value !== undefined && isSymbol(peek(), '*')) {
      at++;
      const right = factor();
      value = right === undefined ? undefined : value * right;
    }
    return value;
  };
  const factor = (): number | undefined => {
    const token = peek();
    at++;
    if (!token) return undefined;
    if (isSymbol(token, '-')) {
      const inner = factor();
      return inner === undefined ? undefined : -inner;
    }
    if (isSymbol(token, '+')) return factor();
    if (isSymbol(token, '(')) {
      const inner = expression();
      if (!isSymbol(peek(), ')')) return undefined;
      at++;
      return inner;
    }
    if (token.kind === 'number') return integerLiteral(token.text);
    if (token.kind === 'param') return integerParameter(params[token.text]);
    return undefined;
  };
  const value = expression();
  return at === tokens.length && value !== undefined && Number.isFinite(value) ? value : undefined;
}

function rangeSize(start: number, end: number, step: number): number {
  if (step === 0) return 0; // Neo4j refuses a zero step itself.
  const size = Math.floor((end - start) / step) + 1;
  return Math.max(0, size);
}

interface RangeCall {
  /** Token index of `range`. */
  at: number;
  /** Token index of the closing bracket. */
  end: number;
  size: number;
  /** `UNWIND range(…)`: one row per element, not one expression. */
  rowByRow: boolean;
}

function isCall(tokens: LimitToken[], i: number, name: string): boolean {
  const token = tokens[i];
  const previous = tokens[i - 1];
  return (
    token?.kind === 'word' &&
    token.upper === name &&
    isSymbol(tokens[i + 1], '(') &&
    !isSymbol(previous, '.') &&
    !isSymbol(previous, ':')
  );
}

function rangeCalls(tokens: LimitToken[], params: Record<string, unknown>): RangeCall[] {
  const calls: RangeCall[] = [];
  tokens.forEach((_token, i) => {
    if (!isCall(tokens, i, 'RANGE')) return;
    // `UNWIND range(…)` yields one row per element, and rows are where Neo4j checks the
    // timeout and counts memory: that range is safe at any size.
    const previous = tokens[i - 1];
    const rowByRow = previous?.kind === 'word' && previous.upper === 'UNWIND';
    const args = argumentsOf(tokens, i + 1);
    const [start, end] = args.map((arg) => evaluateBound(arg, params));
    const step = args[2] ? evaluateBound(args[2], params) : 1;
    if (rowByRow) {
      const known = start !== undefined && end !== undefined && step !== undefined;
      const size = known ? rangeSize(start, end, step) : Number.POSITIVE_INFINITY;
      calls.push({ at: i, end: closingIndex(tokens, i + 1), size, rowByRow });
      return;
    }
    if (args.length < 2 || args.length > 3 || start === undefined || end === undefined) {
      tooComplex(
        'range-bounds',
        'The console needs range() bounds it can check before running: whole numbers or integer parameters, with + - * only.',
        { limit: CONSOLE_LIMITS.maxRangeElements },
      );
    }
    if (step === undefined) {
      tooComplex('range-bounds', 'The console needs a range() step that is a whole number.');
    }
    calls.push({
      at: i,
      end: closingIndex(tokens, i + 1),
      size: rangeSize(start, end, step),
      rowByRow,
    });
  });
  return calls;
}

interface IterationScope {
  /** Token index of the bracket that opens the scope and of the one that closes it. */
  open: number;
  close: number;
  /** The most elements its list can hold. */
  bound: number;
}

/**
 * List comprehensions `[x IN list …]`, quantifiers `any(x IN list …)` and `reduce(acc = …,
 * x IN list | …)`: each runs its body once per element, entirely inside one expression.
 */
function iterationScopes(
  tokens: LimitToken[],
  ranges: RangeCall[],
  anyListBound: number,
): IterationScope[] {
  const scopes: IterationScope[] = [];
  tokens.forEach((token, i) => {
    const variable = tokens[i - 1];
    const before = tokens[i - 2];
    if (token.kind !== 'word' || token.upper !== 'IN') return;
    if (variable?.kind !== 'word' && variable?.kind !== 'quoted') return;
    const opensScope = isSymbol(before, '[') || isSymbol(before, '(') || isSymbol(before, ',');
    if (!opensScope) return;
    const open = openingIndex(tokens, i);
    if (open === -1) return;
    const range = ranges.find((r) => r.at === i + 1);
    const directRange = range !== undefined && endsList(tokens[range.end + 1]);
    scopes.push({
      open,
      close: closingIndex(tokens, open),
      bound: directRange ? range.size : anyListBound,
    });
  });
  return scopes;
}

const endsList = (token: LimitToken | undefined) =>
  token === undefined ||
  isSymbol(token, '|') ||
  isSymbol(token, ']') ||
  isSymbol(token, ')') ||
  (token.kind === 'word' && token.upper === 'WHERE');

/** The bracket enclosing token `i`. */
function openingIndex(tokens: LimitToken[], i: number): number {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const token = tokens[j];
    if (token?.kind !== 'symbol') continue;
    if (CLOSE.has(token.text)) depth++;
    if (OPEN.has(token.text)) {
      if (depth === 0) return j;
      depth--;
    }
  }
  return -1;
}

/**
 * `reduce()` whose body uses its accumulator twice (`s + s`) or calls `replace()` doubles
 * a string or list each step: thirty steps exhaust any heap, whatever the list's size.
 */
function checkReduceGrowth(tokens: LimitToken[]): void {
  tokens.forEach((_token, i) => {
    if (!isCall(tokens, i, 'REDUCE')) return;
    const accumulator = tokens[i + 2];
    if (accumulator?.kind !== 'word' && accumulator?.kind !== 'quoted') return;
    const close = closingIndex(tokens, i + 1);
    let depth = 0;
    let bar = -1;
    for (let j = i + 2; j < close; j++) {
      const token = tokens[j] as LimitToken;
      if (token.kind === 'symbol' && OPEN.has(token.text)) depth++;
      if (token.kind === 'symbol' && CLOSE.has(token.text)) depth--;
      if (depth === 0 && isSymbol(token, '|')) {
        bar = j;
        break;
      }
    }
    if (bar === -1) return;
    const body = tokens.slice(bar + 1, close);
    const uses = body.filter(
      (token, j) =>
        (token.kind === 'word' || token.kind === 'quoted') &&
        token.text === accumulator.text &&
        !isSymbol(body[j - 1], '.'),
    ).length;
    const replaces = body.some((_t, j) => isCall(body, j, 'REPLACE'));
    if (uses > 1 || replaces) {
      tooComplex(
        'reduce-growth',
        'This reduce() can double its accumulator at every step; the console refuses reduce() bodies that use the accumulator more than once or call replace().',
      );
    }
  });
}

/**
 * Refuses, before anything runs, a statement whose work inside one expression the console
 * cannot bound: too deeply nested, `range()` bounds it cannot evaluate or that span more
 * than the limit, nested iterations over too many elements, or a self-doubling `reduce()`.
 */
export function checkExpressionWork(cypher: string, params: Record<string, unknown>): void {
  const tokens = limitTokens(cypher);
  let depth = 0;
  for (const token of tokens) {
    if (token.kind !== 'symbol') continue;
    if (OPEN.has(token.text)) depth++;
    if (CLOSE.has(token.text)) depth--;
    if (depth > CONSOLE_LIMITS.maxNestingDepth) {
      tooComplex(
        'nesting-depth',
        `The statement nests brackets more than ${CONSOLE_LIMITS.maxNestingDepth} deep.`,
        { limit: CONSOLE_LIMITS.maxNestingDepth },
      );
    }
  }

  const ranges = rangeCalls(tokens, params);
  const rangeElements = ranges.filter((r) => !r.rowByRow).reduce((sum, r) => sum + r.size, 0);
  if (rangeElements > CONSOLE_LIMITS.maxRangeElements) {
    tooComplex(
      'range-size',
      `range() would produce ${rangeElements} elements; the console allows at most ${CONSOLE_LIMITS.maxRangeElements} per statement. Use UNWIND over smaller ranges, or MATCH the data instead.`,
      { limit: CONSOLE_LIMITS.maxRangeElements, found: rangeElements },
    );
  }
  checkReduceGrowth(tokens);

  // Lists that are not a range() right there may still hold what the statement's ranges
  // made (through a variable, or collected from UNWIND rows); lists read from the graph are
  // bounded by Neo4j's memory tracking and row-by-row timeout, so without range() they
  // count as one step.
  const anyListBound = Math.max(
    1,
    ranges.reduce((sum, r) => sum + r.size, 0),
  );
  const scopes = iterationScopes(tokens, ranges, ranges.length > 0 ? anyListBound : 1);
  for (const scope of scopes) {
    const work = scopes
      .filter((outer) => outer.open <= scope.open && outer.close >= scope.close)
      .reduce((product, outer) => product * outer.bound, 1);
    if (work > CONSOLE_LIMITS.maxIterationWork) {
      tooComplex(
        'iteration-work',
        `Nested list comprehensions, quantifiers or reduce() here could take ${work} steps inside one expression; the console allows at most ${CONSOLE_LIMITS.maxIterationWork}.`,
        { limit: CONSOLE_LIMITS.maxIterationWork, found: work },
      );
    }
  }
}
