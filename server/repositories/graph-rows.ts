/** Shared by the graph repository modules: the hidden-node filter, type lists, drawn edges. */
import type { ManagedTransaction, Node, Relationship } from 'neo4j-driver';
import type { GraphEdge, GraphNode } from '../api-types.ts';
import {
  isHiddenName,
  isHiddenRelationship,
  toGraphEdge,
  toGraphNode,
} from '../db/value-mapper.ts';

/** A node whose degree is above this is joined to others from their side, never walked. */
export const WALKABLE_DEGREE = 200;

export const NOT_HIDDEN = (v: string) => `NOT any(l IN labels(${v}) WHERE l STARTS WITH '__')`;

/** The read options every graph query runs with. */
export interface ReadOptions {
  timeoutMs: number;
}

export async function relationshipTypes(tx: ManagedTransaction): Promise<string[]> {
  const result = await tx.run(
    'CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType',
  );
  return result.records
    .map((r) => String(r.get('relationshipType')))
    .filter((t) => !isHiddenName(t))
    .sort();
}

/** The asked-for types that exist (null means any type); hidden types are never asked for. */
export async function knownTypes(
  tx: ManagedTransaction,
  asked: string[] | null,
): Promise<string[] | null> {
  if (asked === null) return null;
  const existing = new Set(await relationshipTypes(tx));
  return [...new Set(asked)].filter((t) => existing.has(t));
}

/** One drawn edge's worth of relationships: one type, one direction, one neighbour. */
export type EdgeGroup = [Relationship[], Node];

/**
 * `[relationship, neighbour]` pairs of one node as drawn edges, in a stable order (by
 * neighbour, type, direction): parallel relationships from several sources travel together.
 */
export function groupPairs(pairs: [Relationship, Node][]): EdgeGroup[] {
  const groups = new Map<string, EdgeGroup>();
  for (const [relationship, node] of pairs) {
    const out = relationship.endNodeElementId === node.elementId;
    const key = JSON.stringify([node.elementId, relationship.type, out]);
    const group = groups.get(key);
    if (group) group[0].push(relationship);
    else groups.set(key, [[relationship], node]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => group);
}

export function graphOfPairs(pairs: EdgeGroup[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const [relationships, node] of pairs) {
    for (const relationship of relationships) {
      if (isHiddenRelationship(relationship)) continue;
      if (!nodes.has(node.elementId)) nodes.set(node.elementId, toGraphNode(node));
      if (!edges.has(relationship.elementId)) {
        edges.set(relationship.elementId, toGraphEdge(relationship));
      }
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** Relationships as edges, once each, without those of hidden (`__`) nodes. */
export function visibleEdges(rels: Relationship[]): GraphEdge[] {
  const edges = new Map<string, GraphEdge>();
  for (const rel of rels) {
    if (!isHiddenRelationship(rel) && !edges.has(rel.elementId)) {
      edges.set(rel.elementId, toGraphEdge(rel));
    }
  }
  return [...edges.values()];
}
