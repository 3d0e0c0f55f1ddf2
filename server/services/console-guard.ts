import { dottedName, isPunct, scanCypher, type Token, wordOf } from '../cypher/scanner.ts';
import { administrationAt } from '../cypher/administration.ts';
import { forbidden } from '../errors.ts';
import { isAllowedProcedure, procedureInPlanDetails } from './procedure-allow-list.ts';

/** Entente's own records (`__User`, `__Session`, `__AuditEntry`, `__SeedFile`…), look-alikes folded. */
const isHiddenName = (name: string) => name.normalize('NFKC').startsWith('__');

/**
 * The read-only console's first wall: a look at the text (and then at Neo4j's own plan)
 * before anything runs. The text is read by the one Cypher scanner, with Neo4j's own
 * rules for spaces, comments, strings and backtick names, so the words checked are the
 * words Neo4j will read. Names are compared after NFKC folding, so full-width and other
 * look-alikes count as the letters they imitate; the text itself is never rewritten.
 * Writes are caught by the plan's query type and, failing that, by the READ transaction.
 */

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

export type RefusalReason =
  | 'multiple-statements'
  | 'administration'
  | 'use-database'
  | 'load-csv'
  | 'in-transactions'
  | 'procedure'
  | 'reserved-name'
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
    'The console calls only the procedures that read the schema or search an index (db.labels, db.relationshipTypes, db.propertyKeys, db.schema.*, db.index.fulltext.* and db.index.vector.* queries); this one, or a function that reaches files, URLs or other systems or runs other Cypher, is not allowed.',
  'reserved-name':
    'Names starting with `__` are the application’s own (accounts, sessions, the audit trail, the seed ledger, saved investigations and their notes) and cannot be queried from the console.',
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
  const tokens = scanCypher(cypher);
  checkTokens(tokens);
  return explainForm(cypher, tokens);
}

const isName = (token: Token | undefined) =>
  token !== undefined && (token.kind === 'ident' || token.kind === 'quoted');

function checkTokens(tokens: Token[]): void {
  const semicolon = tokens.findIndex((t) => isPunct(t, ';'));
  if (semicolon !== -1 && semicolon < tokens.length - 1) refuse('multiple-statements');

  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    // A word right after `.` or `:` is a property, label or type name, not a keyword.
    const afterDotOrColon = isPunct(previous, '.', ':');
    if (token.kind === 'ident' && !afterDotOrColon) checkKeyword(token, i, tokens);
    // `:__User`, `'__Session'`, `__AuditEntry`…: the application's own records stay out of
    // answers, whether named as a label, a type or a string compared with labels(n).
    const named = token.kind === 'string' ? token.value : token.name;
    if (token.kind !== 'punct' && typeof named === 'string' && isHiddenName(named)) {
      refuse('reserved-name', named);
    }
    if (isName(token) && !isPunct(previous, '.')) {
      const called = previous?.kind === 'ident' && wordOf(previous) === 'CALL';
      const { name, next } = dottedName(tokens, i, true);
      const parts = name.split('.').length;
      if (called && !isAllowedProcedure(name)) refuse('procedure', name);
      if (called || (isPunct(tokens[next], '(') && parts > 1)) {
        if (isDeniedCallable(name)) refuse('procedure', name);
      }
    }
  });
}

function checkKeyword(token: Token, i: number, tokens: Token[]): void {
  const next = tokens[i + 1];
  const nextWord = next?.kind === 'ident' ? wordOf(next) : undefined;
  const previous = tokens[i - 1];
  const word = wordOf(token)!;
  switch (word) {
    case 'LOAD':
      if (nextWord === 'CSV') refuse('load-csv');
      return;
    case 'USE':
      if (isName(next)) refuse('use-database');
      return;
    case 'IN':
      if (isPunct(previous, '}')) refuse('in-transactions');
      return;
    case 'TRANSACTIONS':
      if (previous?.kind === 'ident' && ['IN', 'CONCURRENT'].includes(wordOf(previous)!)) {
        refuse('in-transactions');
      }
      return;
    default:
      break;
  }
  const administration = administrationAt(tokens, i);
  if (administration) refuse('administration', administration);
}

/** Puts `EXPLAIN` in front of the statement, after any `CYPHER …` options, replacing a user's EXPLAIN/PROFILE. */
function explainForm(cypher: string, tokens: Token[]): VettedText {
  let i = 0;
  if (wordOf(tokens[0]) === 'CYPHER' && tokens[0]?.kind === 'ident') {
    i = 1;
    for (;;) {
      const token = tokens[i];
      if (token?.kind === 'number') {
        i++;
      } else if (token?.kind === 'ident' && isPunct(tokens[i + 1], '=')) {
        i += 3;
      } else {
        break;
      }
    }
  }
  const statement = tokens[i];
  if (!statement) return { explainCypher: `${EXPLAIN_WORD}${cypher}`, explainAt: 0 };
  const at = statement.start;
  const isPrefix =
    statement.kind === 'ident' && ['EXPLAIN', 'PROFILE'].includes(wordOf(statement)!);
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
    if (name === 'ProcedureCall') {
      const procedure = procedureInPlanDetails(operator.details) ?? operator.details;
      if (!isAllowedProcedure(procedure)) refuse('procedure', procedure);
    }
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
