import type { GraphEdge, GraphPayload } from '../../../server/api-types.ts';
import type { Update } from './store.ts';
import type { Paging, Position, SceneState } from './types.ts';

export const emptyScene = (): SceneState => ({
  graph: { nodes: {}, edges: {} },
  positions: {},
  hidden: {},
  pinned: {},
  paging: {},
});

function without<V>(record: Record<string, V>, ids: ReadonlySet<string>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [key, value] of Object.entries(record)) if (!ids.has(key)) out[key] = value;
  return out;
}

/**
 * Adds what is not yet on the canvas. New nodes take the given positions; edges whose
 * ends are not both on the canvas are dropped. Nodes already present are kept (and
 * un-hidden: bringing them in again is a request to see them).
 */
export const addGraph =
  (payload: GraphPayload, positions: Record<string, Position> = {}): Update<SceneState> =>
  (state) => {
    const nodes = { ...state.graph.nodes };
    const placed = { ...state.positions };
    let hidden = state.hidden;
    let changed = false;
    for (const node of payload.nodes) {
      if (!nodes[node.id]) {
        nodes[node.id] = node;
        changed = true;
      }
      const position = positions[node.id];
      if (!placed[node.id] && position) placed[node.id] = position;
      if (hidden[node.id]) {
        hidden = without(hidden, new Set([node.id]));
        changed = true;
      }
    }
    const edges = { ...state.graph.edges };
    // Which drawn edges hold each relationship: joining stays linear in the scene's size.
    const holders = new Map<string, string[]>();
    const hold = (edge: GraphEdge) => {
      for (const id of relationshipIdsOf(edge))
        holders.set(id, [...(holders.get(id) ?? []), edge.id]);
    };
    for (const edge of Object.values(edges)) hold(edge);
    for (const edge of payload.edges) {
      if (!nodes[edge.source] || !nodes[edge.target]) continue;
      // One drawn edge per group: parts of it that arrive separately are joined.
      const ids = relationshipIdsOf(edge);
      const found = new Set(ids.flatMap((id) => holders.get(id) ?? []));
      // In the scene's order, so evidence joins in the order it arrived.
      const overlapping =
        found.size <= 1
          ? [...found].flatMap((id) => (edges[id] ? [edges[id]] : []))
          : Object.values(edges).filter((other) => found.has(other.id));
      if (overlapping.some((other) => ids.every((id) => relationshipIdsOf(other).includes(id)))) {
        continue;
      }
      const merged = overlapping.reduce(joinEdges, edge);
      for (const other of overlapping) {
        delete edges[other.id];
        for (const id of relationshipIdsOf(other)) {
          holders.set(
            id,
            (holders.get(id) ?? []).filter((holder) => holder !== other.id),
          );
        }
      }
      edges[merged.id] = merged;
      hold(merged);
      changed = true;
    }
    if (!changed) return state;
    return { ...state, graph: { nodes, edges }, positions: placed, hidden };
  };

const relationshipIdsOf = (edge: GraphEdge): string[] =>
  edge.relationshipIds && edge.relationshipIds.length > 0 ? edge.relationshipIds : [edge.id];

/** elementIds end in a number; the group's id is the lowest of them, as the server picks it. */
function byElementId(a: string, b: string): number {
  const na = /(\d+)$/.exec(a)?.[1] ?? '';
  const nb = /(\d+)$/.exec(b)?.[1] ?? '';
  return na.length - nb.length || (na < nb ? -1 : na > nb ? 1 : a < b ? -1 : a > b ? 1 : 0);
}

/** Two parts of one group as one edge: every relationship and piece of evidence once. */
function joinEdges(a: GraphEdge, b: GraphEdge): GraphEdge {
  const ids = [...new Set([...relationshipIdsOf(a), ...relationshipIdsOf(b)])].sort(byElementId);
  const evidence = [...(a.evidence ?? [])];
  for (const piece of b.evidence ?? []) {
    if (!evidence.some((e) => e.relationshipId === piece.relationshipId)) evidence.push(piece);
  }
  const head = ids[0] === b.id ? b : a;
  const sources = new Set(evidence.map((e) => e.sourceId ?? e.relationshipId)).size;
  const denied = evidence.some((e) => e.stance === 'denial');
  const other = evidence.some((e) => e.stance !== null && e.stance !== 'denial');
  return {
    ...head,
    id: ids[0] ?? head.id,
    relationshipIds: ids,
    evidence,
    summary: { sources, contested: denied && other },
  };
}

export const setPositions =
  (positions: Record<string, Position>): Update<SceneState> =>
  (state) => {
    const next = { ...state.positions };
    let changed = false;
    for (const [id, position] of Object.entries(positions)) {
      if (!state.graph.nodes[id]) continue;
      const old = next[id];
      if (old && old.x === position.x && old.y === position.y) continue;
      next[id] = position;
      changed = true;
    }
    return changed ? { ...state, positions: next } : state;
  };

export const removeNodes =
  (ids: readonly string[]): Update<SceneState> =>
  (state) => {
    const gone = new Set(ids.filter((id) => state.graph.nodes[id]));
    if (gone.size === 0) return state;
    const edges: SceneState['graph']['edges'] = {};
    for (const edge of Object.values(state.graph.edges)) {
      if (!gone.has(edge.source) && !gone.has(edge.target)) edges[edge.id] = edge;
    }
    return {
      graph: { nodes: without(state.graph.nodes, gone), edges },
      positions: without(state.positions, gone),
      hidden: without(state.hidden, gone),
      pinned: without(state.pinned, gone),
      paging: without(state.paging, gone),
    };
  };

export const hideNodes =
  (ids: readonly string[]): Update<SceneState> =>
  (state) => {
    const hidden = { ...state.hidden };
    let changed = false;
    for (const id of ids) {
      if (state.graph.nodes[id] && !hidden[id]) {
        hidden[id] = true;
        changed = true;
      }
    }
    return changed ? { ...state, hidden } : state;
  };

export const showAll = (): Update<SceneState> => (state) =>
  Object.keys(state.hidden).length === 0 ? state : { ...state, hidden: {} };

export const setPinned =
  (ids: readonly string[], pinned: boolean): Update<SceneState> =>
  (state) => {
    const targets = ids.filter((id) => state.graph.nodes[id] && !!state.pinned[id] !== pinned);
    if (targets.length === 0) return state;
    const next = pinned
      ? { ...state.pinned, ...Object.fromEntries(targets.map((id) => [id, true as const])) }
      : without(state.pinned, new Set(targets));
    return { ...state, pinned: next };
  };

export const setPaging =
  (id: string, paging: Paging): Update<SceneState> =>
  (state) => ({ ...state, paging: { ...state.paging, [id]: paging } });

export const clearScene = (): Update<SceneState> => (state) =>
  Object.keys(state.graph.nodes).length === 0 ? state : emptyScene();

/** How many neighbours of a node are still to be paged in. */
export function remainingNeighbours(state: SceneState, id: string): number {
  const paging = state.paging[id];
  if (!paging) return 0;
  return Math.max(0, paging.total - paging.loaded);
}

export function nodeCount(state: SceneState): number {
  return Object.keys(state.graph.nodes).length;
}
