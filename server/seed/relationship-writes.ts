import { isKeyword, isPunct, type Token, wordOf } from '../cypher/scanner.ts';

/**
 * Statements that only write relationships of one type between nodes they MATCH:
 *
 *   MATCH (a:Person {id: 'x'}), (b:State {id: 'y'})
 *   MERGE (a)-[r:HOLDS_OFFICE {sourceId: 's'}]->(b) SET r += {…}
 *
 * Two of them with different relationship types touch disjoint data: each reads nodes
 * (which neither writes) and reads and writes relationships of its own type only. So they
 * may run in either order, which lets the loader gather a file whose relationship types
 * alternate into one batch per shape, as if it had been grouped by type.
 */

/** Words that would make a statement read or write more than the form above. */
const OTHER_WORK = new Set([
  'WHERE',
  'WITH',
  'RETURN',
  'UNWIND',
  'OPTIONAL',
  'DELETE',
  'DETACH',
  'REMOVE',
  'FOREACH',
  'CALL',
  'UNION',
  'EXISTS',
  'COUNT',
  'COLLECT',
  'LOAD',
  'USE',
  'FINISH',
  'ORDER',
  'LIMIT',
  'SKIP',
]);

/** Symbols of a pattern: outside the one MERGE/CREATE pattern they would read relationships. */
const PATTERN_PUNCT = new Set(['-', '->', '<-', '*']);

/** The relationship type such a statement writes, or undefined when it is not of that form. */
export function relationshipWriteType(tokens: Token[]): string | undefined {
  if (!isKeyword(tokens[0], 'MATCH')) return undefined;
  for (const token of tokens) {
    if (token.kind === 'ident' && OTHER_WORK.has(wordOf(token)!)) return undefined;
  }
  const bound = new Set<string>();
  let i = 0;
  // MATCH (a:L {…}), (b:L {…}) — one or more MATCH clauses of node patterns.
  while (isKeyword(tokens[i], 'MATCH')) {
    i++;
    for (;;) {
      const end = nodePattern(tokens, i, bound);
      if (end === undefined) return undefined;
      i = end;
      if (!isPunct(tokens[i], ',')) break;
      i++;
    }
  }
  if (!isKeyword(tokens[i], 'MERGE', 'CREATE')) return undefined;
  i++;
  // (a)-[r:TYPE {…}]->(b) or (a)<-[r:TYPE {…}]-(b), between bound nodes only.
  const from = bareNode(tokens, i, bound);
  if (from === undefined) return undefined;
  i = from;
  const incoming = isPunct(tokens[i], '<-');
  if (!incoming && !isPunct(tokens[i], '-')) return undefined;
  if (!isPunct(tokens[i + 1], '[')) return undefined;
  i += 2;
  let variable: string | undefined;
  if (isName(tokens[i]) && isPunct(tokens[i + 1], ':')) {
    variable = tokens[i]!.name;
    i++;
  }
  if (!isPunct(tokens[i], ':') || !isName(tokens[i + 1])) return undefined;
  const type = tokens[i + 1]!.name!;
  i += 2;
  if (isPunct(tokens[i], '{')) {
    const end = balancedMap(tokens, i);
    if (end === undefined) return undefined;
    i = end;
  }
  if (!isPunct(tokens[i], ']')) return undefined;
  i++;
  if (!isPunct(tokens[i], incoming ? '-' : '->')) return undefined;
  const to = bareNode(tokens, i + 1, bound);
  if (to === undefined) return undefined;
  i = to;
  // SET, ON CREATE SET, ON MATCH SET: items on the relationship only.
  while (i < tokens.length) {
    if (isKeyword(tokens[i], 'ON') && isKeyword(tokens[i + 1], 'CREATE', 'MATCH')) i += 2;
    if (!isKeyword(tokens[i], 'SET') || variable === undefined) return undefined;
    i++;
    for (;;) {
      if (!isName(tokens[i]) || tokens[i]!.name !== variable) return undefined;
      let depth = 0;
      for (i++; i < tokens.length; i++) {
        const token = tokens[i]!;
        if (token.kind === 'punct' && PATTERN_PUNCT.has(token.name!)) return undefined;
        if (isPunct(token, '(', '[', '{')) depth++;
        else if (isPunct(token, ')', ']', '}')) depth--;
        else if (depth === 0 && (isPunct(token, ',') || isKeyword(token, 'SET', 'ON'))) break;
      }
      if (!isPunct(tokens[i], ',')) break;
      i++;
    }
  }
  return type;
}

const isName = (token: Token | undefined) =>
  token !== undefined && (token.kind === 'ident' || token.kind === 'quoted');

/** `(a:Label:Other {…})` at `i`: records `a` as bound; the index after `)`, or undefined. */
function nodePattern(tokens: Token[], i: number, bound: Set<string>): number | undefined {
  if (!isPunct(tokens[i], '(') || !isName(tokens[i + 1])) return undefined;
  bound.add(tokens[i + 1]!.name!);
  i += 2;
  while (isPunct(tokens[i], ':') && isName(tokens[i + 1])) i += 2;
  if (isPunct(tokens[i], '{')) {
    const end = balancedMap(tokens, i);
    if (end === undefined) return undefined;
    i = end;
  }
  return isPunct(tokens[i], ')') ? i + 1 : undefined;
}

/** `(a)` naming a node bound by the MATCH: the index after `)`, or undefined. */
function bareNode(tokens: Token[], i: number, bound: Set<string>): number | undefined {
  if (!isPunct(tokens[i], '(') || !isName(tokens[i + 1]) || !isPunct(tokens[i + 2], ')')) {
    return undefined;
  }
  return bound.has(tokens[i + 1]!.name!) ? i + 3 : undefined;
}

/** The index after the map that opens at `i`, or undefined if it holds a pattern. */
function balancedMap(tokens: Token[], i: number): number | undefined {
  let depth = 0;
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'punct' && PATTERN_PUNCT.has(token.name!)) return undefined;
    if (isPunct(token, '(', '[', '{')) depth++;
    else if (isPunct(token, ')', ']', '}') && --depth === 0) return i + 1;
  }
  return undefined;
}
