/**
 * The evidence guard: a relationship that rests on a source must be keyed on it, so a second
 * source adds a parallel relationship instead of overwriting the first one's quote and stance.
 *
 * It reads one statement's tokens and refuses a statement that sets `sourceId`, `quote` or
 * `stance` on a relationship whose own pattern does not carry `sourceId` — a `MERGE` without
 * it, or a `MATCH`ed relationship. `CREATE` always makes a new relationship, so it never
 * overwrites. Statements that set no evidence (any foreign graph) pass untouched.
 */
import { CLAUSE_WORDS, isKeyword, isPunct, scanCypher, type Token } from '../cypher/scanner.ts';

/** Properties that make a relationship evidence. */
export const EVIDENCE_KEYS = ['sourceId', 'quote', 'stance'] as const;

export interface EvidenceViolation {
  /** Offset into the statement text of the evidence property that may not be set there. */
  offset: number;
  message: string;
}

type Binding = 'MATCH' | 'MERGE' | 'CREATE';

interface RelationshipPattern {
  variable: string | undefined;
  binding: Binding;
  keyed: boolean;
  /** Evidence keys written in the pattern's own map, with their offsets. */
  evidence: { key: string; offset: number }[];
}

const CLAUSES: ReadonlySet<string> = new Set([...CLAUSE_WORDS, 'SET']);

const clauseOf = (token: Token) =>
  token.kind === 'ident' && CLAUSES.has(token.name!.toUpperCase())
    ? token.name!.toUpperCase()
    : undefined;

const isEvidenceKey = (name: string | undefined) =>
  name !== undefined && (EVIDENCE_KEYS as readonly string[]).includes(name);

const nameOf = (token: Token | undefined) =>
  token && (token.kind === 'ident' || token.kind === 'quoted') ? token.name : undefined;

/** The first evidence write in `text` that is not keyed on its source, or undefined. */
export function findUnkeyedEvidence(
  text: string,
  tokens = scanCypher(text),
): EvidenceViolation | undefined {
  if (!tokens.some((t) => isEvidenceKey(nameOf(t)))) return undefined;

  const relationships = new Map<string, RelationshipPattern>();
  let binding: Binding | undefined;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    // `ON CREATE SET` / `ON MATCH SET` belong to the MERGE before them.
    const clause = isKeyword(tokens[i - 1], 'ON') ? undefined : clauseOf(token);
    if (clause === 'MATCH' || clause === 'MERGE' || clause === 'CREATE') binding = clause;
    else if (clause !== undefined && clause !== 'SET') binding = undefined;
    // A relationship pattern: `-[` or `<-[` inside a MATCH, MERGE or CREATE.
    if (isPunct(token, '[') && isPunct(tokens[i - 1], '-', '<-') && binding) {
      const pattern = readRelationshipPattern(tokens, i, binding);
      const violation = patternViolation(pattern);
      if (violation) return violation;
      if (pattern.variable) relationships.set(pattern.variable, pattern);
      continue;
    }
    if (isKeyword(token, 'SET')) {
      const violation = setViolation(tokens, i + 1, relationships);
      if (violation) return violation;
    }
  }
  return undefined;
}

/** Reads `[r:TYPE {…}]` starting at its `[`. */
function readRelationshipPattern(
  tokens: Token[],
  open: number,
  binding: Binding,
): RelationshipPattern {
  const pattern: RelationshipPattern = { variable: undefined, binding, keyed: false, evidence: [] };
  let i = open + 1;
  const first = tokens[i];
  if (nameOf(first) !== undefined && !isPunct(tokens[i - 1], ':')) {
    pattern.variable = nameOf(first);
  }
  for (; i < tokens.length && !isPunct(tokens[i], ']'); i++) {
    if (isPunct(tokens[i], '{')) {
      const keys = mapKeys(tokens, i);
      pattern.keyed = keys.some((k) => k.key === 'sourceId');
      pattern.evidence = keys.filter((k) => isEvidenceKey(k.key));
      break;
    }
  }
  return pattern;
}

/** Keys of the map literal whose `{` is at `open`, with their offsets (nested maps skipped). */
function mapKeys(tokens: Token[], open: number): { key: string; offset: number }[] {
  const keys: { key: string; offset: number }[] = [];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '{', '[', '(')) depth++;
    else if (isPunct(t, '}', ']', ')')) {
      depth--;
      if (depth === 0) break;
    } else if (
      depth === 1 &&
      nameOf(t) !== undefined &&
      isPunct(tokens[i + 1], ':') &&
      isPunct(tokens[i - 1], '{', ',')
    ) {
      keys.push({ key: nameOf(t)!, offset: t.start });
    }
  }
  return keys;
}

function patternViolation(pattern: RelationshipPattern) {
  if (pattern.binding === 'CREATE' || pattern.keyed) return undefined;
  const written = pattern.evidence[0];
  if (!written) return undefined;
  return violation(written.key, written.offset, pattern);
}

/** Checks the items of one SET clause, starting after the keyword. */
function setViolation(
  tokens: Token[],
  from: number,
  relationships: Map<string, RelationshipPattern>,
): EvidenceViolation | undefined {
  let depth = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '{', '[', '(')) depth++;
    else if (isPunct(t, '}', ']', ')')) {
      if (depth === 0) return undefined;
      depth--;
    }
    if (depth === 0 && t.kind === 'ident' && CLAUSES.has(t.name!.toUpperCase())) return undefined;
    if (depth !== 0) continue;
    const pattern = relationships.get(nameOf(t) ?? '');
    if (!pattern || pattern.binding === 'CREATE' || pattern.keyed) continue;
    // r.quote = …
    if (isPunct(tokens[i + 1], '.') && isEvidenceKey(nameOf(tokens[i + 2]))) {
      const key = tokens[i + 2]!;
      if (isPunct(tokens[i + 3], '=')) return violation(key.name!, key.start, pattern);
    }
    // r += {quote: …} or r = {quote: …}
    if (isPunct(tokens[i + 1], '+=', '=') && isPunct(tokens[i + 2], '{')) {
      const written = mapKeys(tokens, i + 2).find((k) => isEvidenceKey(k.key));
      if (written) return violation(written.key, written.offset, pattern);
    }
  }
  return undefined;
}

function violation(key: string, offset: number, pattern: RelationshipPattern): EvidenceViolation {
  const r = pattern.variable ?? 'r';
  const what =
    pattern.binding === 'MATCH'
      ? `the MATCHed relationship \`${r}\` is not keyed on sourceId`
      : `the MERGE of \`${r}\` is not keyed on sourceId`;
  return {
    offset,
    message:
      `\`${key}\` is evidence but ${what}, so a second source would overwrite the first; ` +
      `key it on its source: MERGE (a)-[${r}:TYPE {sourceId: '…'}]->(b) SET ${r} += {quote: '…', stance: '…'}`,
  };
}
