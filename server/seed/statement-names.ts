import { CLAUSE_WORDS, isKeyword, isPunct, type Token, wordOf } from '../cypher/scanner.ts';

/**
 * The labels, relationship types and property keys a statement may write, read from its
 * tokens. Neo4j creates such names when a statement first uses them and keeps them even
 * when the transaction rolls back, so a dry run may only rehearse statements whose names
 * the database already knows. The reading errs on the safe side: anything it cannot name
 * (a map parameter, a dynamic label, a procedure) makes the statement `dynamic`.
 */
export interface StatementNames {
  labels: string[];
  types: string[];
  keys: string[];
  /** Names it cannot read from the text (`SET n += $map`, `:$(x)`, procedures…). */
  dynamic: boolean;
}

const name = (token: Token | undefined) =>
  token !== undefined && (token.kind === 'ident' || token.kind === 'quoted');

export function statementNames(tokens: Token[]): StatementNames {
  const labels = new Set<string>();
  const types = new Set<string>();
  const keys = new Set<string>();
  let dynamic = false;
  const stack: ('(' | '[' | 'map' | 'block')[] = [];
  let inSet = false;
  let afterLabel = false;
  const skipColon = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const previous = tokens[i - 1];
    const next = tokens[i + 1];
    const top = stack[stack.length - 1];
    const wasAfterLabel = afterLabel;
    afterLabel = false;
    if (token.kind === 'punct') {
      switch (token.name) {
        case '(':
        case '[':
          stack.push(token.name);
          break;
        case ')':
        case ']':
        case '}':
          stack.pop();
          if (token.name === ']' && inSet && isPunct(next, '=', '+=')) dynamic = true;
          break;
        case '{':
          stack.push(
            isPunct(next, '}') || (name(next) && isPunct(tokens[i + 2], ':')) ? 'map' : 'block',
          );
          break;
        case '+=':
          dynamic = true;
          break;
        case '=':
          // `SET n = expr` replaces all properties: only a map literal names them.
          if (inSet && name(previous) && !isPunct(tokens[i - 2], '.') && !isPunct(next, '{')) {
            dynamic = true;
          }
          break;
        case ':':
        case '&':
        case '|':
        case '!': {
          if (skipColon.has(i)) break;
          if (token.name !== ':' && !wasAfterLabel) break;
          const target = isPunct(next, ':') ? tokens[i + 2] : next;
          if (target?.kind === 'param' || isPunct(target, '$')) dynamic = true;
          if (name(target)) {
            const inRelationship = stack.lastIndexOf('[') > stack.lastIndexOf('(');
            (inRelationship ? types : labels).add(target!.name ?? '');
            afterLabel = true;
            i = tokens.indexOf(target!, i);
          }
          break;
        }
        default:
          break;
      }
      continue;
    }
    if (token.kind === 'param') {
      // `(n $props)`, `[r $props]`, `(n:L $props)`: properties from a map parameter.
      const patternStart = isPunct(previous, '(', '[');
      const afterVariable = name(previous) && isPunct(tokens[i - 2], '(', '[');
      if (patternStart || afterVariable || wasAfterLabel) dynamic = true;
      continue;
    }
    if (!name(token)) continue;
    if (top === 'map' && isPunct(previous, '{', ',') && isPunct(next, ':')) {
      keys.add(token.name ?? '');
      skipColon.add(i + 1);
      continue;
    }
    if (isPunct(previous, '.') && !isPunct(next, '(', '.')) {
      keys.add(token.name ?? '');
      continue;
    }
    if (token.kind !== 'ident' || isPunct(previous, '.')) continue;
    const word = wordOf(token)!;
    if (word === 'SET') inSet = true;
    else if (CLAUSE_WORDS.has(word)) inSet = false;
    if (word === 'CALL' && name(next)) dynamic = true;
    if (word === 'IS' && name(next) && !isKeyword(next, 'NULL', 'NOT', 'TYPED', 'NORMALIZED')) {
      const inRelationship = stack.lastIndexOf('[') > stack.lastIndexOf('(');
      if (stack.length > 0) (inRelationship ? types : labels).add(next!.name ?? '');
    }
  }
  return { labels: [...labels], types: [...types], keys: [...keys], dynamic };
}
