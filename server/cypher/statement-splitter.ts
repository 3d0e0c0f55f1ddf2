import { positionIn } from './positions.ts';
import { isCypherSpace } from './scanner.ts';

/**
 * Splits a Cypher file into statements and cypher-shell commands, streaming: it is
 * fed chunks and keeps only the statement being read, so a 1 GB file never sits in memory
 * (one statement still must fit). Statements end at `;` outside strings, backtick names and
 * comments; the last may end at end of file. Line endings (CRLF, CR, LF) become `\n`, so
 * positions and checksums do not depend on them — and the text checked is the text run,
 * because the loader sends Neo4j the normalised statement. Strings, names and comments
 * follow the scanner's (Neo4j's) rules; a CR ends a `//` comment because it becomes `\n`.
 */

export interface SeedStatement {
  kind: 'statement';
  /** The statement without its `;`, line endings normalised to `\n`. */
  text: string;
  /** 1-based position of its first character in the file. */
  line: number;
  col: number;
  /** 0-based ordinal among the file's statements. */
  index: number;
}

export interface ParamCommand {
  kind: 'param';
  line: number;
  col: number;
  /** `:param name => value` sets one; `:param {a: 1, b: 2}` sets several (name undefined). */
  name: string | undefined;
  expression: string;
  /** Position of the expression, to map errors in it back to the file. */
  expressionLine: number;
  expressionCol: number;
}

export interface TransactionCommand {
  kind: 'begin' | 'commit' | 'rollback';
  line: number;
  col: number;
}

export type SeedItem = SeedStatement | ParamCommand | TransactionCommand;

export class SeedParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
    /** The statement is longer than the splitter accepts. */
    readonly tooLarge = false,
  ) {
    super(message);
    this.name = 'SeedParseError';
  }
}

/**
 * The longest statement accepted, in characters. Neo4j parses and plans a statement as a
 * whole; a multi-megabyte one holds a CPU for many seconds and can exhaust its heap.
 * Big data belongs in many statements (or in UNWIND over a `:param`), not in one.
 */
export const MAX_STATEMENT_CHARS = 1_000_000;

type State = 'code' | 'single' | 'double' | 'backtick' | 'lineComment' | 'blockComment';

const LF = 10;
const CR = 13;

export class StatementSplitter {
  private state: State = 'code';
  /** Inside a string: the previous character was a backslash. */
  private escaped = false;
  /** A `/` (in code) or `*` (in a block comment) waits for the next character. */
  private pendingSlash = false;
  private pendingStar = false;
  /** The previous chunk ended with CR: a leading LF in the next one belongs to it. */
  private pendingCR = false;
  private line = 1;
  private col = 1;

  /** The item being read. */
  private buffer = '';
  private started = false;
  private isCommand = false;
  private startLine = 0;
  private startCol = 0;
  /** For commands: bracket depth, so `:param {…}` may span lines. */
  private depth = 0;
  private statementCount = 0;
  /** Where the open string, backtick name or block comment began, for end()'s error. */
  private quoteLine = 0;
  private quoteCol = 0;
  private chunkCount = 0;

  constructor(private readonly maxStatementChars = MAX_STATEMENT_CHARS) {}

  /** Feeds a chunk; returns the items it completed. */
  push(chunk: string): SeedItem[] {
    const items: SeedItem[] = [];
    let text = chunk;
    if (this.chunkCount++ === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code === LF && this.pendingCR) {
        this.pendingCR = false;
        continue;
      }
      this.pendingCR = false;
      if (code === CR) {
        this.pendingCR = true;
        code = LF;
      }
      this.step(code === LF ? '\n' : text[i]!, code, items);
      if (this.started && this.buffer.length > this.maxStatementChars) {
        throw new SeedParseError(
          `statement is longer than ${this.maxStatementChars.toLocaleString('en-US')} characters; split it into smaller statements`,
          this.startLine,
          this.startCol,
          true,
        );
      }
      if (code === LF) {
        this.line++;
        this.col = 1;
      } else {
        this.col++;
      }
    }
    return items;
  }

  /** Ends the input; returns the last item, or throws when something was left open. */
  end(): SeedItem[] {
    const items: SeedItem[] = [];
    if (this.pendingSlash) {
      this.pendingSlash = false;
      this.append('/', this.line, this.col - 1);
    }
    if (this.state === 'single' || this.state === 'double' || this.state === 'backtick') {
      throw new SeedParseError(
        this.state === 'backtick' ? 'unterminated backtick name' : 'unterminated string',
        this.quoteLine,
        this.quoteCol,
      );
    }
    if (this.state === 'blockComment') {
      throw new SeedParseError('unterminated /* comment', this.quoteLine, this.quoteCol);
    }
    if (this.started) this.finish(items);
    return items;
  }

  private step(ch: string, code: number, items: SeedItem[]): void {
    switch (this.state) {
      case 'lineComment':
        if (code === LF) {
          this.state = 'code';
          if (this.started) this.append(ch);
        } else if (this.started) this.buffer += ch;
        return;
      case 'blockComment':
        if (this.started) this.buffer += ch;
        if (this.pendingStar && ch === '/') {
          this.state = 'code';
          this.pendingStar = false;
          return;
        }
        this.pendingStar = ch === '*';
        return;
      case 'single':
      case 'double':
      case 'backtick': {
        this.buffer += ch;
        if (this.escaped) {
          this.escaped = false;
          return;
        }
        if (ch === '\\' && this.state !== 'backtick') {
          this.escaped = true;
          return;
        }
        const close = this.state === 'single' ? "'" : this.state === 'double' ? '"' : '`';
        if (ch === close) this.state = 'code';
        return;
      }
      case 'code':
        this.code(ch, code, items);
    }
  }

  private code(ch: string, code: number, items: SeedItem[]): void {
    if (this.pendingSlash) {
      this.pendingSlash = false;
      if (ch === '/' || ch === '*') {
        this.state = ch === '/' ? 'lineComment' : 'blockComment';
        this.pendingStar = false;
        // The comment opened at the `/`, the character before this one.
        this.quoteLine = this.line;
        this.quoteCol = this.col - 1;
        if (this.started) this.buffer += `/${ch}`;
        return;
      }
      this.append('/', this.line, this.col - 1);
    }
    if (ch === '/' && !this.isCommand) {
      this.pendingSlash = true;
      return;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      this.state = ch === "'" ? 'single' : ch === '"' ? 'double' : 'backtick';
      // end() reports an unterminated string at its opening quote.
      this.quoteLine = this.line;
      this.quoteCol = this.col;
      this.escaped = false;
      this.append(ch);
      return;
    }
    if (this.isCommand) {
      if (ch === '{' || ch === '[' || ch === '(') this.depth++;
      if (ch === '}' || ch === ']' || ch === ')') this.depth--;
      if (code === LF && this.depth <= 0) {
        this.finish(items);
        return;
      }
      this.buffer += ch;
      return;
    }
    if (ch === ';') {
      if (this.started) this.finish(items);
      return;
    }
    this.append(ch);
  }

  /** Adds a character in code; the first significant one starts an item. */
  private append(ch: string, line = this.line, col = this.col): void {
    if (!this.started) {
      if (isCypherSpace(ch.charCodeAt(0))) return;
      this.started = true;
      this.startLine = line;
      this.startCol = col;
      this.isCommand = ch === ':';
      this.depth = 0;
      this.buffer = '';
    }
    this.buffer += ch;
  }

  private finish(items: SeedItem[]): void {
    const text = this.buffer.trimEnd();
    const line = this.startLine;
    const col = this.startCol;
    this.buffer = '';
    this.started = false;
    if (this.isCommand) {
      this.isCommand = false;
      items.push(parseCommand(text.replace(/;\s*$/, ''), line, col));
      return;
    }
    items.push({ kind: 'statement', text, line, col, index: this.statementCount++ });
  }
}

const COMMAND = /^:([A-Za-z]+)/;
const NAMED_PARAM = /^(`(?:[^`]|``)+`|[\p{L}_][\p{L}\p{N}_]*)\s*(=>|:)\s*/u;

function parseCommand(text: string, line: number, col: number): SeedItem {
  const name = COMMAND.exec(text)?.[1] ?? '';
  const rest = text.slice(name.length + 1);
  switch (name.toLowerCase()) {
    case 'begin':
    case 'commit':
    case 'rollback':
      if (rest.trim() !== '') {
        throw new SeedParseError(`:${name} takes no arguments`, line, col);
      }
      return { kind: name.toLowerCase() as TransactionCommand['kind'], line, col };
    case 'param': {
      const leading = rest.length - rest.trimStart().length;
      const body = rest.trim();
      const named = NAMED_PARAM.exec(body);
      if (body.startsWith('{')) {
        return paramCommand(undefined, body, text, name.length + 1 + leading, line, col);
      }
      if (named && named[0].length < body.length) {
        const raw = named[1]!;
        const paramName = raw.startsWith('`') ? raw.slice(1, -1).replace(/``/g, '`') : raw;
        const offset = name.length + 1 + leading + named[0].length;
        return paramCommand(paramName, body.slice(named[0].length), text, offset, line, col);
      }
      throw new SeedParseError(
        'expected `:param name => value` or `:param {name: value, …}`',
        line,
        col,
      );
    }
    default:
      throw new SeedParseError(
        name === ''
          ? 'a statement cannot start with `:`'
          : `unknown command :${name} (seed files may use :param, :begin, :commit and :rollback)`,
        line,
        col,
      );
  }
}

function paramCommand(
  name: string | undefined,
  expression: string,
  text: string,
  offset: number,
  line: number,
  col: number,
): ParamCommand {
  const at = positionIn(text, offset, { line, col });
  return { kind: 'param', line, col, name, expression, expressionLine: at.line, expressionCol: at.col };
}

/** Items of a stream of text chunks, in order. */
export async function* parseSeedChunks(
  chunks: AsyncIterable<string | Buffer> | Iterable<string>,
): AsyncGenerator<SeedItem> {
  const splitter = new StatementSplitter();
  for await (const chunk of chunks) {
    yield* splitter.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
  }
  yield* splitter.end();
}

/** Parses a whole text at once: for tests, uploads and small inputs. */
export function parseSeedText(text: string): SeedItem[] {
  const splitter = new StatementSplitter();
  return [...splitter.push(text), ...splitter.end()];
}
