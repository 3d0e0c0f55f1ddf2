import type { GraphEdge, GraphNode, GraphPayload } from '../../../server/api-types.ts';
import type { Position } from '../../../client/src/state/types.ts';

const LABELS = ['Person', 'State', 'Organisation', 'Agreement', 'Event', 'Source'] as const;
const TYPES = ['BACKS', 'MEMBER_OF', 'SIGNED', 'MENTIONS', 'ALLIED_WITH'] as const;
const STANCES = ['reported', 'reported', 'reported', 'claim', 'opinion', 'forecast'] as const;

/** mulberry32: small, seeded, the same sequence in Node, the page and the worker. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomGraph {
  payload: GraphPayload;
  /** Preset positions: uniform in a square that gives each node room of ~90 units. */
  positions: Record<string, Position>;
}

/**
 * A connected random graph with `edgesPerNode` relationships per node on average: a random
 * spanning tree, then random extra pairs. Node and edge ids are `n<i>` / `e<i>`.
 */
export function randomGraph(nodeCount: number, edgeCount: number, seed: number): RandomGraph {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const side = Math.sqrt(nodeCount) * 90;
  const nodes: GraphNode[] = [];
  const positions: Record<string, Position> = {};
  for (let i = 0; i < nodeCount; i++) {
    const id = `n${i}`;
    nodes.push({ id, labels: [pick(LABELS)], caption: `Entity ${i}`, properties: {} });
    positions[id] = { x: random() * side, y: random() * side };
  }
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const add = (a: number, b: number) => {
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || seen.has(key)) return false;
    seen.add(key);
    const id = `e${edges.length}`;
    edges.push({
      id,
      type: pick(TYPES),
      source: `n${a}`,
      target: `n${b}`,
      properties: { stance: pick(STANCES) },
      relationshipIds: [id],
      evidence: [],
      summary: { sources: 1, contested: false },
    });
    return true;
  };
  for (let i = 1; i < nodeCount && edges.length < edgeCount; i++) {
    add(i, Math.floor(random() * i));
  }
  const maxEdges = (nodeCount * (nodeCount - 1)) / 2;
  while (edges.length < Math.min(edgeCount, maxEdges)) {
    add(Math.floor(random() * nodeCount), Math.floor(random() * nodeCount));
  }
  return { payload: { nodes, edges }, positions };
}
