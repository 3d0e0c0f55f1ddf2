import neo4j, { type ManagedTransaction, type Path } from 'neo4j-driver';
import type { GraphEdge, GraphNode } from '../api-types.ts';
import {
  isHiddenNode,
  isHiddenRelationship,
  toGraphEdge,
  toGraphNode,
} from '../db/value-mapper.ts';
import { quoteName } from './cypher-names.ts';
import { knownTypes } from './graph-rows.ts';

export interface PathsResult {
  paths: { nodes: string[]; edges: string[] }[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface PathOptions {
  maxHops: number;
  types: string[] | null;
  stances: string[] | null;
  limit: number;
}

/** All shortest paths between two nodes, at most `options.maxHops` long (checked by the caller). */
export async function shortestPaths(
  tx: ManagedTransaction,
  from: string,
  to: string,
  options: PathOptions,
): Promise<PathsResult> {
  const types = await knownTypes(tx, options.types);
  if (types?.length === 0) return { paths: [], nodes: [], edges: [] };
  const typePart = types === null ? '' : `:${types.map(quoteName).join('|')}`;
  // Checked during the search, so the shortest paths are those through counted stances.
  const stancePart =
    options.stances === null
      ? ''
      : 'WHERE all(r IN relationships(p) WHERE r.stance IS NULL OR r.stance IN $stances)';
  const result = await tx.run(
    `MATCH (a) WHERE elementId(a) = $from
         MATCH (b) WHERE elementId(b) = $to
         MATCH p = allShortestPaths((a)-[${typePart}*..${options.maxHops}]-(b))
         ${stancePart}
         RETURN p LIMIT $limit`,
    { from, to, limit: neo4j.int(options.limit), stances: options.stances ?? [] },
  );
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const paths: PathsResult['paths'] = [];
  for (const record of result.records) {
    const path = record.get('p') as Path;
    const pathNodes = [path.start, ...path.segments.map((s) => s.end)];
    const pathEdges = path.segments.map((s) => s.relationship);
    if (pathNodes.some(isHiddenNode) || pathEdges.some(isHiddenRelationship)) continue;
    for (const n of pathNodes) if (!nodes.has(n.elementId)) nodes.set(n.elementId, toGraphNode(n));
    for (const e of pathEdges) if (!edges.has(e.elementId)) edges.set(e.elementId, toGraphEdge(e));
    paths.push({
      nodes: pathNodes.map((n) => n.elementId),
      edges: pathEdges.map((e) => e.elementId),
    });
  }
  return { paths, nodes: [...nodes.values()], edges: [...edges.values()] };
}
