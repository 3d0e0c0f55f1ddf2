import type { Evidence, GraphEdge, JsonValue, Stance } from '../api-types.ts';

/**
 * Evidence on edges. A relationship that rests on a source is one piece of evidence; the
 * parallel relationships of one type and direction between two nodes (one per source) are
 * one drawn edge. Pure functions over mapped edges: the mapper makes single-relationship
 * edges, and everything that answers with relationships groups them here.
 */

const STANCES: readonly Stance[] = [
  'reported',
  'claim',
  'opinion',
  'speculation',
  'forecast',
  'denial',
];

const text = (value: JsonValue | undefined): string | null =>
  typeof value === 'string' ? value : null;

/** The evidence one relationship carries, or none when it names no source, quote or stance. */
export function evidenceOf(
  relationshipId: string,
  properties: Record<string, JsonValue>,
): Evidence[] {
  const sourceId = text(properties.sourceId);
  const quote = text(properties.quote);
  const rawStance = text(properties.stance);
  if (sourceId === null && quote === null && rawStance === null) return [];
  const stance = STANCES.find((s) => s === rawStance) ?? null;
  const evidence: Evidence = { relationshipId, sourceId, sourceTitle: null, quote, stance };
  const claimedBy = text(properties.claimedBy);
  if (claimedBy !== null) evidence.claimedBy = claimedBy;
  const date = text(properties.date);
  if (date !== null) evidence.date = date;
  return [evidence];
}

export function summaryOf(evidence: readonly Evidence[]): GraphEdge['summary'] {
  const sources = new Set(evidence.map((e) => e.sourceId ?? e.relationshipId)).size;
  const denied = evidence.some((e) => e.stance === 'denial');
  const other = evidence.some((e) => e.stance !== null && e.stance !== 'denial');
  return { sources, contested: denied && other };
}

/** elementIds share a prefix and end in a number; compare them as the numbers they end in. */
export function compareElementIds(a: string, b: string): number {
  const na = /(\d+)$/.exec(a)?.[1];
  const nb = /(\d+)$/.exec(b)?.[1];
  if (na !== undefined && nb !== undefined && na !== nb) {
    return na.length - nb.length || (na < nb ? -1 : 1);
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

const groupKey = (edge: GraphEdge) => JSON.stringify([edge.source, edge.type, edge.target]);

/**
 * Parallel edges (same type, same direction, same two nodes) as one edge: `id` and
 * `properties` are those of the lowest elementId, `relationshipIds` and `evidence` list all.
 * Edges keep the order in which their groups first appear.
 */
export function groupEdges(edges: readonly GraphEdge[]): GraphEdge[] {
  const groups = new Map<string, GraphEdge[]>();
  for (const edge of edges) {
    const key = groupKey(edge);
    const group = groups.get(key);
    if (group) group.push(edge);
    else groups.set(key, [edge]);
  }
  return [...groups.values()].map(mergeGroup);
}

function mergeGroup(group: GraphEdge[]): GraphEdge {
  if (group.length === 1) return group[0]!;
  const seen = new Set<string>();
  const parts = group
    .flatMap((edge) =>
      edge.relationshipIds.map((rid) => ({
        rid,
        edge,
        evidence: edge.evidence.filter((e) => e.relationshipId === rid),
      })),
    )
    .filter((part) => !seen.has(part.rid) && seen.add(part.rid))
    .sort((a, b) => compareElementIds(a.rid, b.rid));
  const first = parts[0]!;
  const evidence = parts.flatMap((p) => p.evidence);
  const head = group.find((edge) => edge.id === first.rid) ?? first.edge;
  return {
    ...head,
    id: first.rid,
    relationshipIds: parts.map((p) => p.rid),
    evidence,
    summary: summaryOf(evidence),
  };
}

/** A payload with its edges grouped. */
export function groupPayload<T extends { edges: GraphEdge[] }>(payload: T): T {
  return { ...payload, edges: groupEdges(payload.edges) };
}

/** Which group each relationship id ended up in (for path listings). */
export function groupIdByRelationship(edges: readonly GraphEdge[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const edge of edges) for (const rid of edge.relationshipIds) ids.set(rid, edge.id);
  return ids;
}

/** The ids evidence refers to (sources and claimants), to look their names up. */
export function referencedIds(edges: readonly GraphEdge[]): string[] {
  const ids = new Set<string>();
  for (const edge of edges) {
    for (const e of edge.evidence) {
      if (e.sourceId) ids.add(e.sourceId);
      if (e.claimedBy) ids.add(e.claimedBy);
    }
  }
  return [...ids];
}

export interface NamedNode {
  /** The node's `id` property. */
  key: string;
  elementId: string;
  name: string;
}

/** Fills in source titles and claimant names (and the claimant's elementId). */
export function nameEvidence(edges: GraphEdge[], names: ReadonlyMap<string, NamedNode>): void {
  for (const edge of edges) {
    for (const e of edge.evidence) {
      if (e.sourceId) e.sourceTitle = names.get(e.sourceId)?.name ?? null;
      if (e.claimedBy) {
        const claimant = names.get(e.claimedBy);
        if (claimant) {
          e.claimedByName = claimant.name;
          e.claimedByNodeId = claimant.elementId;
        }
      }
    }
  }
}
