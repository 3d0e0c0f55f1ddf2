import { quoteName } from './cypher-names.ts';

/**
 * Nodes by their `id` property, whatever their label. Ids are indexed per label only, so
 * asking every node (`MATCH (n) WHERE n.id …`) reads a million nodes first, whatever the
 * parameters; asking one label at a time seeks each label's index where it has one (a label
 * without one is scanned alone). A node with no label at all is never found this way.
 */

/**
 * One `MATCH … RETURN n` per label, for nodes whose `id` is `$param` (a list when `list`),
 * none of the app's own; joined with UNION they name each node once.
 */
export function byKeyBranches(labels: readonly string[], param: string, list: boolean): string[] {
  const test = list ? `n.id IN $${param}` : `n.id = $${param}`;
  return labels.map(
    (label) =>
      `MATCH (n:${quoteName(label)}) WHERE ${test} AND NOT any(l IN labels(n) WHERE l STARTS WITH '__') RETURN n`,
  );
}
