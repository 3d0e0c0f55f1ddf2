import neo4j, { type ManagedTransaction, type Node, type Relationship } from 'neo4j-driver';
import type { GraphEdge, GraphNode } from '../api-types.ts';
import { toGraphNode, toNumber } from '../db/value-mapper.ts';
import { degreeSum, hopPattern, type Direction } from './cypher-names.ts';
import {
  NOT_HIDDEN,
  WALKABLE_DEGREE,
  capRelationships,
  graphOfPairs,
  groupPairs,
  knownTypes,
  type EdgeGroup,
} from './graph-rows.ts';
import { edgesAmong } from './graph-subgraph.ts';

export interface NeighbourPage {
  nodes: GraphNode[];
  edges: GraphEdge[];
  total: number;
  /** Offset of the next page, or null when this one is the last. */
  nextOffset: number | null;
}

export interface ExpansionResult {
  nodes: GraphNode[];
  edges: GraphEdge[];
  totals: Record<string, number>;
}

export interface NeighbourQuery {
  types: string[] | null;
  direction: Direction;
  limit: number;
}

/** One page of a node's neighbours, in the store's stable order; null for an unknown node. */
export async function neighbours(
  tx: ManagedTransaction,
  id: string,
  query: NeighbourQuery,
  offset: number,
): Promise<NeighbourPage | null> {
  const types = await knownTypes(tx, query.types);
  const head = await tx.run(
    `MATCH (n) WHERE elementId(n) = $id AND ${NOT_HIDDEN('n')}
         RETURN ${degreeSum(query.direction, types)} AS total,
           COUNT { (n)--() } <= $walkable AS walkable`,
    { id, walkable: neo4j.int(WALKABLE_DEGREE) },
  );
  const record = head.records[0];
  if (!record) return null;
  if (types?.length === 0) return { nodes: [], edges: [], total: 0, nextOffset: null };
  const hop = `MATCH (n) WHERE elementId(n) = $id
         MATCH ${hopPattern(query.direction, types)} WHERE ${NOT_HIDDEN('m')}`;
  const next = offset + query.limit;
  if (record.get('walkable') === true) {
    // A walkable node is read whole and paged by drawn edge, parallel ones together.
    const all = await tx.run(`${hop} RETURN r, m`, { id });
    const groups = groupPairs(all.records.map((r) => [r.get('r'), r.get('m')]));
    return {
      ...graphOfPairs(groups.slice(offset, next)),
      total: groups.length,
      nextOffset: next < groups.length ? next : null,
    };
  }
  // A big node is paged by relationship in the store's order, never walked whole.
  const total = toNumber(record.get('total'));
  const page = await tx.run(`${hop} RETURN r, m SKIP $skip LIMIT $limit`, {
    id,
    skip: neo4j.int(offset),
    limit: neo4j.int(query.limit),
  });
  const pairs = groupPairs(page.records.map((r) => [r.get('r'), r.get('m')]));
  return {
    ...graphOfPairs(pairs),
    total,
    nextOffset: page.records.length === query.limit && next < total ? next : null,
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
  const expanded = await tx.run(
    `UNWIND $ids AS id
         MATCH (n) WHERE elementId(n) = id AND ${NOT_HIDDEN('n')}
         RETURN n, ${degreeSum(query.direction, types)} AS total,
           COUNT { (n)--() } <= $walkable AS walkable,
           ${types?.length === 0 ? '[]' : `COLLECT { MATCH ${hopPattern(query.direction, types)} WHERE ${NOT_HIDDEN('m')} RETURN [r, m] LIMIT $fetch }`} AS pairs`,
    {
      ids,
      walkable: neo4j.int(WALKABLE_DEGREE),
      // A walkable node's relationships all come, to be grouped into drawn edges.
      fetch: neo4j.int(Math.max(query.limit, WALKABLE_DEGREE)),
    },
  );
  if (expanded.records.length === 0) return null;
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const totals: Record<string, number> = {};
  const pages: EdgeGroup[][] = [];
  for (const record of expanded.records) {
    const node = toGraphNode(record.get('n') as Node);
    nodes.set(node.id, node);
    const groups = groupPairs(record.get('pairs') as [Relationship, Node][]);
    // Walkable: counted and capped by drawn edge; big: by relationship, as the store counts.
    const walkable = record.get('walkable') === true;
    totals[node.id] = walkable ? groups.length : toNumber(record.get('total'));
    pages.push(walkable ? groups.slice(0, query.limit) : capRelationships(groups, query.limit));
  }
  for (const groups of pages) {
    const page = graphOfPairs(groups);
    for (const n of page.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
    for (const e of page.edges) edges.set(e.id, e);
  }
  for (const edge of await edgesAmong(tx, [...nodes.keys()])) edges.set(edge.id, edge);
  return { nodes: [...nodes.values()], edges: [...edges.values()], totals };
}
