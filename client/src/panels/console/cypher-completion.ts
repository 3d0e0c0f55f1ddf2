import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { SchemaResponse } from '../../../../server/api-types.ts';

const KEYWORDS = [
  'MATCH',
  'OPTIONAL MATCH',
  'WHERE',
  'RETURN',
  'WITH',
  'UNWIND',
  'ORDER BY',
  'SKIP',
  'LIMIT',
  'DISTINCT',
  'AS',
  'AND',
  'OR',
  'NOT',
  'XOR',
  'IN',
  'IS NULL',
  'IS NOT NULL',
  'STARTS WITH',
  'ENDS WITH',
  'CONTAINS',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'UNION',
  'CALL',
  'EXISTS',
  'COUNT',
  'COLLECT',
  'shortestPath',
  'allShortestPaths',
  'coalesce',
  'toLower',
  'toUpper',
  'size',
  'labels',
  'type',
  'elementId',
  'properties',
  'keys',
  'nodes',
  'relationships',
  'date',
  'datetime',
  'duration',
  'any',
  'all',
  'none',
  'single',
  'DESC',
  'ASC',
  'true',
  'false',
  'null',
];

/** Backticks for names that are not plain identifiers. */
const quote = (name: string) =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;

/**
 * Completion from the database's own schema: labels after `:` in a node pattern,
 * relationship types after `:` in `[...]`, property keys after `.`, keywords elsewhere.
 */
export function cypherCompletion(schema: () => SchemaResponse | null) {
  return (context: CompletionContext): CompletionResult | null => {
    const current = schema();
    const colon = context.matchBefore(/:`?[\w\u00c0-\uffff]*$/);
    if (colon) {
      const before = context.state.sliceDoc(Math.max(0, colon.from - 200), colon.from);
      const inRelationship =
        before.lastIndexOf('[') > before.lastIndexOf(']') &&
        before.lastIndexOf('[') > before.lastIndexOf('(');
      const names = inRelationship
        ? (current?.relationshipTypes ?? []).map((t) => ({
            label: quote(t.type),
            type: 'type',
            detail: `${t.count}`,
          }))
        : (current?.labels ?? [])
            .filter((l) => !l.label.startsWith('__'))
            .map((l) => ({ label: quote(l.label), type: 'class', detail: `${l.count}` }));
      return { from: colon.from + 1, options: names, validFor: /^`?[\w\u00c0-\uffff]*$/ };
    }
    const dot = context.matchBefore(/\.\w*$/);
    if (dot) {
      return {
        from: dot.from + 1,
        options: (current?.propertyKeys ?? []).map((key) => ({
          label: quote(key),
          type: 'property',
        })),
        validFor: /^\w*$/,
      };
    }
    const word = context.matchBefore(/\w+$/);
    if (!word && !context.explicit) return null;
    return {
      from: word ? word.from : context.pos,
      options: KEYWORDS.map((k) => ({ label: k, type: /^[a-z]/.test(k) ? 'function' : 'keyword' })),
      validFor: /^\w*$/,
    };
  };
}
