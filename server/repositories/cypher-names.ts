/**
 * Labels and relationship types cannot be query parameters inside a pattern. The few
 * queries that need them in the pattern (so Neo4j answers from the degree and count
 * stores) take only names the database itself listed, quoted here.
 */

/** Quotes a name as a Cypher identifier: backticks, with inner backticks doubled. */
export function quoteName(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

export type Direction = 'in' | 'out' | 'both';

/** `:`A`|`B`` for a relationship pattern, or the empty string for "any type". */
export function typeAlternatives(types: readonly string[] | null): string {
  if (types === null) return '';
  return `:${types.map(quoteName).join('|')}`;
}

/** A one-hop pattern from `n` in the given direction, e.g. `(n)-[r:`A`]->(m)`. */
export function hopPattern(
  direction: Direction,
  types: readonly string[] | null,
  rel = 'r',
  other = 'm',
): string {
  const inner = `[${rel}${typeAlternatives(types)}]`;
  const target = other === '' ? '()' : `(${other})`;
  if (direction === 'out') return `(n)-${inner}->${target}`;
  if (direction === 'in') return `(n)<-${inner}-${target}`;
  return `(n)-${inner}-${target}`;
}

/**
 * A sum of per-type, per-direction degree counts for `n`, each answered by Neo4j from the
 * node's degree store rather than by walking its relationships.
 */
export function degreeSum(direction: Direction, types: readonly string[] | null): string {
  const directions: Direction[] = direction === 'both' ? ['out', 'in'] : [direction];
  const counts: string[] = [];
  for (const d of directions) {
    if (types === null) counts.push(`COUNT { ${hopPattern(d, null, '', '')} }`);
    else for (const t of types) counts.push(`COUNT { ${hopPattern(d, [t], '', '')} }`);
  }
  return counts.length === 0 ? '0' : counts.join(' + ');
}
