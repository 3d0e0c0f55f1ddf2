import {
  CYPHER_SPACE_CLASS,
  dottedName,
  isKeyword,
  isPunct,
  scanCypher,
  type Token,
  wordOf,
} from '../cypher/scanner.ts';
import { findAdministration } from '../cypher/administration.ts';
import { relationshipWriteType } from './relationship-writes.ts';
import { type StatementNames, statementNames } from './statement-names.ts';

/** What the loader needs to know about one statement before it runs it. */
export interface StatementAnalysis {
  /** CREATE/DROP of an index or constraint: Neo4j runs these in schema-only transactions. */
  schema: boolean;
  /** `CALL { … } IN TRANSACTIONS`: must run in an auto-commit transaction. */
  inTransactions: boolean;
  /** Why the statement reads files or URLs (LOAD CSV, apoc.load.*…), if it does. */
  fileAccess: { reason: string; offset: number } | undefined;
  /** `$name` parameters the statement refers to. */
  parameters: string[];
  /**
   * The statement with its literals replaced by parameters, when that is safe. Neo4j
   * caches plans by query text, so 50k MERGEs that differ only in literals would each be
   * parsed and planned; as parameters they share one cached plan.
   */
  parameterised: { text: string; params: Record<string, string | bigint | number> } | undefined;
  /**
   * Whether consecutive statements of this shape may run as one
   * `UNWIND $rows … CALL { … }`: true for plain writes with no RETURN, LIMIT, CALL or
   * UNION, where each row sees the previous rows' writes just as consecutive statements do.
   */
  coalescable: boolean;
  /**
   * For a coalescable statement that only writes relationships of one type between nodes
   * it MATCHes: that type. Such statements of different types may run in either order.
   */
  commutesBy: string | undefined;
  /** Why seed files may never run it (administration, `USE`, reserved `__` names), if so. */
  refused: { reason: string; offset: number } | undefined;
  /** The names it may write, for deciding whether a dry run can rehearse it. */
  names: StatementNames;
  /** Where it deletes nodes, relationships, labels or properties, if it does. */
  deletes: { offset: number } | undefined;
}

/** The row variable of a coalesced batch. */
export const BATCH_ROW = '__seedRow';

const NOT_COALESCABLE = new Set([
  'RETURN',
  'UNION',
  'USE',
  'FINISH',
  'LIMIT',
  'SKIP',
  'OFFSET',
  'ORDER',
  'CALL',
  'LOAD',
  'YIELD',
  'SHOW',
  'TERMINATE',
]);

const SCHEMA_OBJECTS = [
  'CONSTRAINT',
  'INDEX',
  'RANGE',
  'TEXT',
  'POINT',
  'LOOKUP',
  'FULLTEXT',
  'VECTOR',
  'BTREE',
];

/** Statements that start like this are plain reads/writes whose literals may become parameters. */
const DATA_STARTS = new Set([
  'MATCH',
  'OPTIONAL',
  'MERGE',
  'CREATE',
  'UNWIND',
  'WITH',
  'RETURN',
  'CALL',
  'FOREACH',
  'SET',
  'DELETE',
  'DETACH',
  'REMOVE',
]);

const FILE_PROCEDURES: { pattern: RegExp; label: string }[] = [
  { pattern: /^apoc\.(load|import|export)\./, label: 'reads or writes files or URLs' },
  { pattern: /^apoc\.cypher\.run(schema)?files?$/, label: 'runs Cypher read from files' },
  { pattern: /^apoc\.log\.stream$/, label: 'reads server log files' },
];

/** Cypher text inside a string is run by these (apoc.periodic.iterate, apoc.cypher.run…). */
const RUNS_CYPHER_FROM_STRINGS = /^apoc\.(periodic|cypher|do)\./;
// Cypher inside a string is scanned only this coarsely; spaces are Neo4j's, comments too.
const GAP = `(?:${CYPHER_SPACE_CLASS}|/\\*[\\s\\S]*?\\*/|//[^\\r\\n]*)*`;
const FILE_TEXT = new RegExp(
  `\\bLOAD${GAP}CSV\\b|\\bapoc${GAP}\\.${GAP}(load|import|export)${GAP}\\.|\\brun(Schema)?Files?\\b`,
  'i',
);

/** The literal-parameter prefix; user parameters with this prefix turn the rewrite off. */
export const LITERAL_PARAM_PREFIX = '__seed';

export function analyseStatement(text: string, tokens = scanCypher(text)): StatementAnalysis {
  const first = tokens[0];
  const second = tokens[1];
  const schema =
    isKeyword(first, 'CREATE', 'DROP') &&
    (isKeyword(second, ...SCHEMA_OBJECTS) ||
      (isKeyword(second, 'OR') && isKeyword(tokens[2], 'REPLACE')));

  let inTransactions = false;
  let fileAccess: StatementAnalysis['fileAccess'];
  let callsStringRunner = false;
  const parameters = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'param' && token.name) parameters.add(token.name);
    if (isPunct(token, '}') && isKeyword(tokens[i + 1], 'IN')) {
      // IN [n | $n] [CONCURRENT] TRANSACTIONS
      for (let k = i + 2; k <= i + 4; k++) {
        if (isKeyword(tokens[k], 'TRANSACTIONS')) inTransactions = true;
      }
    }
    if (!fileAccess && isKeyword(token, 'LOAD') && isKeyword(tokens[i + 1], 'CSV')) {
      fileAccess = { reason: 'LOAD CSV reads files or URLs', offset: token.start };
    }
    if (token.kind === 'ident' || token.kind === 'quoted') {
      const { name, next } = dottedName(tokens, i);
      if (next > i + 1 || isKeyword(tokens[i - 1], 'CALL')) {
        const lower = name.toLowerCase();
        const denied = FILE_PROCEDURES.find((p) => p.pattern.test(lower));
        if (denied && !fileAccess) {
          fileAccess = { reason: `${name} ${denied.label}`, offset: token.start };
        }
        if (RUNS_CYPHER_FROM_STRINGS.test(lower)) callsStringRunner = true;
        i = next - 1;
      }
    }
  }
  if (!fileAccess && callsStringRunner) {
    const smuggled = tokens.find(
      (t) => t.kind === 'string' && FILE_TEXT.test(text.slice(t.start, t.end)),
    );
    if (smuggled) {
      fileAccess = {
        reason: 'Cypher passed as a string reads files or URLs',
        offset: smuggled.start,
      };
    }
  }

  const canParameterise =
    !schema &&
    !inTransactions &&
    !fileAccess &&
    first?.kind === 'ident' &&
    DATA_STARTS.has(wordOf(first)!) &&
    ![...parameters].some((p) => p.startsWith(LITERAL_PARAM_PREFIX));
  const parameterised = canParameterise ? parameterise(text, tokens) : undefined;
  const coalescable =
    parameterised !== undefined &&
    !text.includes(BATCH_ROW) &&
    !tokens.some((t) => t.kind === 'ident' && NOT_COALESCABLE.has(wordOf(t)!));
  const names = statementNames(tokens);
  return {
    schema,
    inTransactions,
    fileAccess,
    parameters: [...parameters],
    parameterised,
    coalescable,
    commutesBy: coalescable ? relationshipWriteType(tokens) : undefined,
    refused: refusal(tokens, names),
    names,
    deletes: deletion(tokens),
  };
}

/** Labels and types starting with `__` hold the app's own records (the seed ledger…). */
export const isReservedName = (name: string) => name.startsWith('__');

function refusal(tokens: Token[], names: StatementNames): StatementAnalysis['refused'] {
  const administration = findAdministration(tokens);
  if (administration) {
    return {
      reason: `${administration.command} is an administration command; seed files never run administration or system-database commands`,
      offset: administration.offset,
    };
  }
  const use = tokens.findIndex(
    (t, i) =>
      isKeyword(t, 'USE') &&
      !isPunct(tokens[i - 1], '.', ':') &&
      (tokens[i + 1]?.kind === 'ident' || tokens[i + 1]?.kind === 'quoted'),
  );
  if (use !== -1) {
    return {
      reason: 'USE picks another database; seed files always load into the configured one',
      offset: tokens[use]!.start,
    };
  }
  const reserved = [...names.labels, ...names.types].find(isReservedName);
  if (reserved !== undefined) {
    const at = tokens.find((t) => t.name === reserved && t.kind !== 'punct');
    return {
      reason: `\`${reserved}\`: labels and types starting with __ are reserved for the app's own records (such as the seed ledger)`,
      offset: at?.start ?? 0,
    };
  }
  return undefined;
}

function deletion(tokens: Token[]): StatementAnalysis['deletes'] {
  const at = tokens.find(
    (t, i) => isKeyword(t, 'DELETE', 'REMOVE') && !isPunct(tokens[i - 1], '.', ':'),
  );
  return at ? { offset: at.start } : undefined;
}

/** The text of a batch that runs many statements of one shape, one per row of `$__seedRows`. */
export function batchText(parameterisedText: string): string {
  const body = parameterisedText.replace(
    new RegExp(`\\$(${LITERAL_PARAM_PREFIX}\\d+)\\b`, 'g'),
    `${BATCH_ROW}.$1`,
  );
  // The importing WITH (rather than `CALL (row)`) works on every Neo4j 5.
  return `UNWIND $${LITERAL_PARAM_PREFIX}Rows AS ${BATCH_ROW}\nCALL {\nWITH ${BATCH_ROW}\n${body}\n}`;
}

/**
 * Replaces string and number literals with `$__seedN` parameters, except where Cypher
 * requires a literal: variable-length ranges (`*1..3`), quantifiers (`{1,3}`), path
 * selectors (`SHORTEST 2`). Returns undefined when nothing would change.
 */
function parameterise(
  text: string,
  tokens: Token[],
): StatementAnalysis['parameterised'] | undefined {
  const params: Record<string, string | bigint | number> = {};
  const pieces: string[] = [];
  let cursor = 0;
  let count = 0;
  let quantifierDepth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isPunct(token, '{')) {
      const next = tokens[i + 1];
      if (quantifierDepth > 0 || next?.kind === 'number' || isPunct(next, ',')) quantifierDepth++;
      continue;
    }
    if (isPunct(token, '}')) {
      if (quantifierDepth > 0) quantifierDepth--;
      continue;
    }
    if (token.kind !== 'string' && token.kind !== 'number') continue;
    if (token.value === undefined || quantifierDepth > 0) continue;
    if (token.kind === 'number') {
      const before = tokens[i - 1];
      const after = tokens[i + 1];
      if (isPunct(before, '*', '..') || isPunct(after, '..')) continue;
      if (isKeyword(before, 'SHORTEST', 'ANY', 'CYPHER')) continue;
    }
    const name = `${LITERAL_PARAM_PREFIX}${count++}`;
    params[name] = token.value;
    pieces.push(text.slice(cursor, token.start), `$${name}`);
    cursor = token.end;
  }
  if (count === 0) return undefined;
  pieces.push(text.slice(cursor));
  return { text: pieces.join(''), params };
}
