import { forbidden } from '../errors.ts';

/**
 * The read-only console's first wall: a look at the text (and then at Neo4j's own plan)
 * before anything runs. The text is read as Cypher tokens — strings, comments and
 * backtick names are never mistaken for keywords — after NFKC normalisation, so
 * full-width and other compatibility look-alikes read as the letters they imitate.
 * Writes are caught by the plan's query type and, failing that, by the READ transaction.
 */

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'symbol';

export interface Token {
  kind: TokenKind;
  /** The word as written (for `quoted`, the name inside the backticks). */
  text: string;
  upper: string;
  /** Offset in the text that was tokenised. */
  start: number;
  end: number;
}

/** Splits Cypher into tokens, skipping whitespace and comments. Never throws. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, value: string, start: number, end: number) =>
    tokens.push({ kind, text: value, upper: value.toUpperCase(), start, end });
  while (i < text.length) {
    const ch = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if (/\s/u.test(ch)) {
      i++;
    } else if (ch === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (ch === "'" || ch === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== ch) i += text[i] === '\\' ? 2 : 1;
      i = Math.min(i + 1, text.length);
      push('string', text.slice(start + 1, i - 1), start, i);
    } else if (ch === '`') {
      const start = i;
      let name = '';
      i++;
      while (i < text.length) {
        if (text[i] === '`' && text[i + 1] === '`') {
          name += '`';
          i += 2;
        } else if (text[i] === '`') {
          i++;
          break;
        } else {
          name += text[i];
          i++;
        }
      }
      push('quoted', name, start, i);
    } else if (ch === '$') {
      const start = i;
      i++;
      const match = /^(?:`(?:[^`]|``)*`|[\p{L}\p{N}_]+)/u.exec(text.slice(i));
      if (match) i += match[0].length;
      push('param', text.slice(start + 1, i), start, i);
    } else if (/\p{N}/u.test(ch)) {
      const start = i;
      const match = /^[\p{N}\p{L}_.]+/u.exec(text.slice(i));
      i += match ? match[0].length : 1;
      push('number', text.slice(start, i), start, i);
    } else if (/[\p{L}_]/u.test(ch)) {
      const start = i;
      const match = /^[\p{L}\p{M}\p{N}_]+/u.exec(text.slice(i));
      i += match ? match[0].length : 1;
      push('word', text.slice(start, i), start, i);
    } else {
      push('symbol', ch, i, i + 1);
      i++;
    }
  }
  return tokens;
}

/**
 * Procedures and functions the console never calls: server administration, anything that
 * reads or writes files or URLs, runs other Cypher, schedules work, or reaches other systems.
 */
const DENIED_CALLABLES = [
  'dbms.',
  'db.create',
  'db.clearquerycaches',
  'db.checkpoint',
  'db.stats.',
  'apoc.load.',
  'apoc.import.',
  'apoc.export.',
  'apoc.cypher.',
  'apoc.periodic.',
  'apoc.trigger.',
  'apoc.systemdb.',
  'apoc.log.',
  'apoc.custom.',
  'apoc.config.',
  'apoc.util.sleep',
  'apoc.do.',
  'apoc.when',
  'apoc.case',
  'apoc.refactor.',
  'apoc.create.',
  'apoc.merge.',
  'apoc.nodes.delete',
  'apoc.atomic.',
  'apoc.lock.',
  'apoc.schema.assert',
  'apoc.warmup.',
  'apoc.static.',
  'apoc.uuid.',
  'apoc.ttl.',
  'apoc.graph.fromcypher',
  'apoc.bolt.',
  'apoc.jdbc',
  'apoc.es.',
  'apoc.mongo',
  'apoc.couchbase.',
  'apoc.redis.',
  'apoc.gephi.',
  'apoc.dv.',
  'apoc.s3.',
  'apoc.hdfs.',
  'apoc.model.',
  'apoc.metrics.',
  'apoc.spatial.geocode',
  'apoc.data.url',
  'genai.',
  'ai.',
  'gds.',
];

export function isDeniedCallable(qualifiedName: string): boolean {
  const name = qualifiedName.toLowerCase();
  return DENIED_CALLABLES.some((denied) => name.startsWith(denied));
}

const ADMIN_NOUNS = new Set([
  'USER',
  'USERS',
  'ROLE',
  'ROLES',
  'PRIVILEGE',
  'PRIVILEGES',
  'DATABASE',
  'DATABASES',
  'COMPOSITE',
  'ALIAS',
  'ALIASES',
  'SERVER',
  'SERVERS',
]);
const SHOW_ALLOWED = new Set([
  'INDEX',
  'INDEXES',
  'CONSTRAINT',
  'CONSTRAINTS',
  'PROCEDURE',
  'PROCEDURES',
  'FUNCTION',
  'FUNCTIONS',
]);
const SHOW_DENIED = new Set([
  ...ADMIN_NOUNS,
  'CURRENT',
  'HOME',
  'DEFAULT',
  'TRANSACTION',
  'TRANSACTIONS',
  'SETTING',
  'SETTINGS',
  'POPULATED',
  'SUPPORTED',
]);
const ADMIN_VERBS = new Set([
  'CREATE',
  'DROP',
  'ALTER',
  'RENAME',
  'START',
  'STOP',
  'ENABLE',
  'DEALLOCATE',
  'REALLOCATE',
  'DRYRUN',
]);

export type RefusalReason =
  | 'multiple-statements'
  | 'administration'
  | 'use-database'
  | 'load-csv'
  | 'in-transactions'
  | 'procedure'
  | 'hidden'
  | 'write';

const MESSAGES: Record<RefusalReason, string> = {
  'multiple-statements':
    'The console runs one statement at a time; remove everything after the `;`.',
  administration:
    'Administration commands (users, roles, privileges, databases, servers, transactions, settings) are not available in the console.',
  'use-database': 'The console always queries the explorer’s own database; `USE` is not allowed.',
  'load-csv': '`LOAD CSV` reads files and URLs and is not allowed in the console.',
  'in-transactions':
    '`CALL { … } IN TRANSACTIONS` is for batched writes and is not allowed in the console.',
  procedure:
    'This procedure or function administers the server, reaches files, URLs or other systems, or runs other Cypher, and is not allowed in the console.',
  hidden:
    'Names starting with `__` belong to Entente itself (accounts, sessions, the audit trail, the seed ledger) and are not available in the console.',
  write: 'The console is read-only: this query would write to the database or change its schema.',
};

export function refuse(reason: RefusalReason, detail?: string): never {
  const code = reason === 'write' ? 'QUERY_NOT_READ_ONLY' : 'QUERY_NOT_ALLOWED';
  const message = detail ? `${MESSAGES[reason]} (${detail})` : MESSAGES[reason];
  throw forbidden(code, message, { reason, ...(detail ? { found: detail } : {}) });
}

export interface VettedText {
  /** The same query with `EXPLAIN` in front (after any `CYPHER …` options) for the plan check. */
  explainCypher: string;
  /** Where `EXPLAIN ` was inserted, to map error positions back to the user's text. */
  explainAt: number;
}

const EXPLAIN_WORD = 'EXPLAIN ';

/** Refuses, by text alone, what must never reach the database; returns the EXPLAIN form. */
export function vetConsoleText(cypher: string): VettedText {
  const normalised = cypher.normalize('NFKC');
  const tokens = tokenize(normalised);
  checkTokens(tokens);
  return explainForm(cypher);
}

function checkTokens(tokens: Token[]): void {
  const semicolon = tokens.findIndex((t) => t.kind === 'symbol' && t.text === ';');
  if (semicolon !== -1 && semicolon < tokens.length - 1) refuse('multiple-statements');

  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    // A word right after `.`, `:` or `$` is a property, label or parameter name, not a keyword.
    const isKeyword =
      token.kind === 'word' && !(previous?.kind === 'symbol' && ['.', ':'].includes(previous.text));
    if (isKeyword) checkKeyword(token, i, tokens);
    if (token.kind !== 'symbol' && token.kind !== 'number' && token.text.startsWith('__')) {
      refuse('hidden', token.text);
    }
    if (token.kind === 'word' || token.kind === 'quoted') {
      const afterDot = previous?.kind === 'symbol' && previous.text === '.';
      if (afterDot) return;
      const called = previous?.kind === 'word' && previous.upper === 'CALL';
      const name = qualifiedName(tokens, i);
      const invoked = tokens[name.endIndex + 1];
      if (called || (invoked?.kind === 'symbol' && invoked.text === '(' && name.parts > 1)) {
        if (isDeniedCallable(name.name)) refuse('procedure', name.name);
      }
    }
  });
}

function checkKeyword(token: Token, i: number, tokens: Token[]): void {
  const next = tokens[i + 1];
  const nextWord = next?.kind === 'word' ? next.upper : undefined;
  const previous = tokens[i - 1];
  switch (token.upper) {
    case 'LOAD':
      if (nextWord === 'CSV') refuse('load-csv');
      return;
    case 'USE':
      if (next && (next.kind === 'word' || next.kind === 'quoted')) refuse('use-database');
      return;
    case 'IN':
      if (previous?.kind === 'symbol' && previous.text === '}') refuse('in-transactions');
      return;
    case 'TRANSACTIONS':
      if (previous?.kind === 'word' && ['IN', 'CONCURRENT'].includes(previous.upper)) {
        refuse('in-transactions');
      }
      return;
    case 'TERMINATE':
      if (nextWord === 'TRANSACTION' || nextWord === 'TRANSACTIONS')
        refuse('administration', 'TERMINATE');
      return;
    case 'GRANT':
    case 'DENY':
    case 'REVOKE':
      if (next && (next.kind === 'word' || next.kind === 'quoted'))
        refuse('administration', token.upper);
      return;
    case 'SHOW': {
      if (!nextWord) return;
      const following = tokens.slice(i + 1, i + 6).filter((t) => t.kind === 'word');
      const allowedAt = following.findIndex((t) => SHOW_ALLOWED.has(t.upper));
      const deniedAt = following.findIndex((t) => SHOW_DENIED.has(t.upper));
      // `SHOW USER DEFINED FUNCTIONS` is a listing of functions, not of users.
      const userDefined = following[0]?.upper === 'USER' && following[1]?.upper === 'DEFINED';
      if (allowedAt !== -1 && (deniedAt === -1 || userDefined || allowedAt < deniedAt)) return;
      refuse('administration', `SHOW ${nextWord}`);
      return;
    }
    default:
      break;
  }
  if (ADMIN_VERBS.has(token.upper) && nextWord !== undefined) {
    const following = tokens.slice(i + 1, i + 5).filter((t) => t.kind === 'word');
    if (token.upper === 'ALTER') refuse('administration', `ALTER ${nextWord}`);
    if (following.some((t) => ADMIN_NOUNS.has(t.upper))) {
      refuse('administration', `${token.upper} ${nextWord}`);
    }
  }
}

/** Joins `a.b.c` (backtick parts too, split on their own dots) starting at `start`. */
function qualifiedName(
  tokens: Token[],
  start: number,
): { name: string; parts: number; endIndex: number } {
  const parts: string[] = [];
  let i = start;
  for (;;) {
    const token = tokens[i];
    if (!token || (token.kind !== 'word' && token.kind !== 'quoted')) break;
    parts.push(...token.text.split('.'));
    const dot = tokens[i + 1];
    const after = tokens[i + 2];
    if (
      dot?.kind === 'symbol' &&
      dot.text === '.' &&
      after &&
      (after.kind === 'word' || after.kind === 'quoted')
    ) {
      i += 2;
    } else {
      break;
    }
  }
  return { name: parts.join('.'), parts: parts.length, endIndex: i };
}

/** Puts `EXPLAIN` in front of the statement, after any `CYPHER …` options, replacing a user's EXPLAIN/PROFILE. */
function explainForm(cypher: string): VettedText {
  const tokens = tokenize(cypher);
  let i = 0;
  if (tokens[0]?.kind === 'word' && tokens[0].upper === 'CYPHER') {
    i = 1;
    for (;;) {
      const token = tokens[i];
      if (token?.kind === 'number') {
        i++;
      } else if (
        token?.kind === 'word' &&
        tokens[i + 1]?.kind === 'symbol' &&
        tokens[i + 1]?.text === '='
      ) {
        i += 3;
      } else {
        break;
      }
    }
  }
  const statement = tokens[i];
  if (!statement) return { explainCypher: `${EXPLAIN_WORD}${cypher}`, explainAt: 0 };
  const at = statement.start;
  const isPrefix = statement.kind === 'word' && ['EXPLAIN', 'PROFILE'].includes(statement.upper);
  const rest = isPrefix
    ? ' '.repeat(statement.end - statement.start) + cypher.slice(statement.end)
    : cypher.slice(at);
  return { explainCypher: `${cypher.slice(0, at)}${EXPLAIN_WORD}${rest}`, explainAt: at };
}

export interface PlanOperator {
  operatorType: string;
  details: string;
}

const SHOW_OPERATORS_ALLOWED = new Set([
  'ShowIndexes',
  'ShowConstraints',
  'ShowProcedures',
  'ShowFunctions',
]);
const ADMIN_OPERATORS = new Set([
  'TerminateTransactions',
  'AdministrationCommand',
  'SystemProcedureCall',
]);

/** The second look: Neo4j's own plan — its query type, its operators, the procedures it calls. */
export function vetPlan(queryType: string, operators: PlanOperator[]): void {
  for (const operator of operators) {
    const [name = '', runtime = ''] = operator.operatorType.split('@');
    if (runtime === 'system') refuse('administration', name);
    if (name === 'LoadCSV') refuse('load-csv');
    if (name === 'TransactionForeach' || name === 'TransactionApply') refuse('in-transactions');
    if (ADMIN_OPERATORS.has(name)) refuse('administration', name);
    if (name.startsWith('Show') && !SHOW_OPERATORS_ALLOWED.has(name))
      refuse('administration', name);
    // Backtick-quoted names (aliases, keys) are the user's words, not calls, so they are
    // blanked first; denied callables need no quoting, so Neo4j prints them bare.
    const details = operator.details.replace(/`(?:[^`]|``)*`/g, '``');
    for (const match of details.matchAll(
      /([\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)+)\s*\(/gu,
    )) {
      const callable = match[1] ?? '';
      if (isDeniedCallable(callable)) refuse('procedure', callable);
    }
  }
  if (queryType !== 'r') refuse('write', `query type ${queryType}`);
}
