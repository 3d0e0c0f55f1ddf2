import neo4j, { type ManagedTransaction, type Node, type Relationship } from 'neo4j-driver';
import type { GraphEdge, GraphNode } from '../api-types.ts';
import { toGraphNode, toNumber } from '../db/value-mapper.ts';
import { degreeSum, hopPattern, type Direction } from './cypher-names.ts';
import {
  NOT_HIDDEN,
  WALKABLE_DEGREE,
  graphOfPairs,
  groupPairs,
  knownTypes,
  type EdgeGroup,
} from './graph-rows.ts';
import { edgesAmong } from './graph-subgraph.ts';
import { relationshipPage, type RelationshipPosition } from './relationship-keyset.ts';

/**
 * Where a walk over a node's neighbours stands. A small node is paged by drawn edge, after
 * the last edge's key; a big one by relationship, after the last relationship's id. Both
 * are keys, not offsets: a page asked for later starts where the last one ended, however
 * many relationships were added meanwhile.
 */
export type NeighbourPosition =
  { kind: 'edge'; after: string } | ({ kind: 'relationship' } & RelationshipPosition);

export interface NeighbourPage {
  nodes: GraphNode[];
  edges: GraphEdge[];
  total: number;
  /** Where the next page starts, or null when this one is the last. */
  next: NeighbourPosition | null;
}

export interface ExpansionResult {
  nodes: GraphNode[];
  edges: GraphEdge[];
  totals: Record<string, number>;
  /** Per expanded node, where its next page starts (null when all came). */
  next: Record<string, NeighbourPosition | null>;
}

export interface NeighbourQuery {
  types: string[] | null;
  direction: Direction;
  limit: number;
}

/** A drawn edge's place in a small node's order: neighbour, type, direction. */
const edgeKey = ([relationships, node]: EdgeGroup) =>
  JSON.stringify([
    node.elementId,
    relationships[0]?.type ?? '',
    relationships[0]?.endNodeElementId === node.elementId,
  ]);

/** A small node's page of drawn edges after `after` (groups come sorted by that key). */
function edgePage(groups: EdgeGroup[], after: string | null, limit: number) {
  const rest = after === null ? groups : groups.filter((group) => edgeKey(group) > after);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    page,
    next: rest.length > limit && last ? ({ kind: 'edge', after: edgeKey(last) } as const) : null,
  };
}

/** All relationships in the database, from the count store (how sparse a node's ids are). */
const RELATIONSHIP_COUNT = 'CALL () { MATCH ()-[x]->() RETURN count(x) AS relationships }';

const FIRST: RelationshipPosition = { after: -1, seen: 0 };

/** One page of a node's neighbours, in a stable keyed order; null for an unknown node. */
export async function neighbours(
  tx: ManagedTransaction,
  id: string,
  query: NeighbourQuery,
  from: NeighbourPosition | null,
): Promise<NeighbourPage | null> {
  const types = await knownTypes(tx, query.types);
  const head = await tx.run(
    `${RELATIONSHIP_COUNT}
         MATCH (n) WHERE elementId(n) = $id AND ${NOT_HIDDEN('n')}
         RETURN ${degreeSum(query.direction, types)} AS total,
           COUNT { (n)--() } <= $walkable AS walkable, relationships`,
    { id, walkable: neo4j.int(WALKABLE_DEGREE) },
  );
  const record = head.records[0];
  if (!record) return null;
  if (types?.length === 0) return { nodes: [], edges: [], total: 0, next: null };
  // An edge cursor is honoured while the node stays small; one that grew big starts over by relationship.
  if (record.get('walkable') === true && from?.kind !== 'relationship') {
    // A walkable node is read whole and paged by drawn edge, parallel ones together.
    const all = await tx.run(
      `MATCH (n) WHERE elementId(n) = $id
         MATCH ${hopPattern(query.direction, types)} WHERE ${NOT_HIDDEN('m')} RETURN r, m`,
      { id },
    );
    const groups = groupPairs(all.records.map((r) => [r.get('r'), r.get('m')]));
    const { page, next } = edgePage(groups, from?.after ?? null, query.limit);
    return { ...graphOfPairs(page), total: groups.length, next };
  }
  // A big node is paged by relationship in id order, never walked whole.
  const total = toNumber(record.get('total'));
  const scope = {
    id,
    types,
    direction: query.direction,
    degree: total,
    relationships: toNumber(record.get('relationships')),
  };
  const start = from?.kind === 'relationship' ? from : FIRST;
  const page = await relationshipPage(tx, scope, start, query.limit);
  return {
    ...graphOfPairs(groupPairs(page.pairs)),
    total,
    next: page.next && { kind: 'relationship', ...page.next },
  };
}

/**
 * Neighbours of several nodes at once (each capped), plus every relationship among the
 * given and the new nodes, so a canvas showing them stays complete.
 */
export async function expand(
  tx: ManagedTransaction,
  ids: string[],
  query: NeighbourQuery,
): Promise<ExpansionResult | null> {
  const types = await knownTypes(tx, query.types);
  const none = types?.length === 0;
  const expanded = await tx.run(
    `${RELATIONSHIP_COUNT}
         UNWIND $ids AS id
         MATCH (n) WHERE elementId(n) = id AND ${NOT_HIDDEN('n')}
         WITH n, relationships, ${degreeSum(query.direction, types)} AS total,
           COUNT { (n)--() } <= $walkable AS walkable
         CALL (n, walkable) {
           ${none ? 'RETURN [] AS pairs' : `WITH n WHERE walkable MATCH ${hopPattern(query.direction, types)} WHERE ${NOT_HIDDEN('m')} RETURN collect([r, m]) AS pairs`}
         }
         RETURN n, total, walkable, pairs, relationships`,
    { ids, walkable: neo4j.int(WALKABLE_DEGREE) },
  );
  if (expanded.records.length === 0) return null;
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const totals: Record<string, number> = {};
  const next: Record<string, NeighbourPosition | null> = {};
  const pages: EdgeGroup[][] = [];
  for (const record of expanded.records) {
    const node = toGraphNode(record.get('n') as Node);
    nodes.set(node.id, node);
    // Walkable: counted and paged by drawn edge; big: by relationship, as the store counts.
    if (none) {
      totals[node.id] = 0;
      next[node.id] = null;
    } else if (record.get('walkable') === true) {
      const groups = groupPairs(record.get('pairs') as [Relationship, Node][]);
      const first = edgePage(groups, null, query.limit);
      totals[node.id] = groups.length;
      next[node.id] = first.next;
      pages.push(first.page);
    } else {
      const total = toNumber(record.get('total'));
      const scope = {
        id: node.id,
        types,
        direction: query.direction,
        degree: total,
        relationships: toNumber(record.get('relationships')),
      };
      const page = await relationshipPage(tx, scope, FIRST, query.limit);
      totals[node.id] = total;
      next[node.id] = page.next && { kind: 'relationship', ...page.next };
      pages.push(groupPairs(page.pairs));
    }
  }
  for (const groups of pages) {
    const page = graphOfPairs(groups);
    for (const n of page.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of page.edges) edges.set(e.id, e);
  }
  for (const edge of await edgesAmong(tx, [...nodes.keys()])) edges.set(edge.id, edge);
  return { nodes: [...nodes.values()], edges: [...edges.values()], totals, next };
}
