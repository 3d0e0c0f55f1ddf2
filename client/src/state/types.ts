import type { GraphEdge, GraphNode, SchemaResponse, Stance } from '../../../server/api-types.ts';

export interface Position {
  x: number;
  y: number;
}

/** How far the neighbours of one node have been paged in. */
export interface Paging {
  total: number;
  loaded: number;
  nextCursor: string | null;
}

/** The data graph: what the database said, nothing about how it is drawn. */
export interface DataGraph {
  nodes: Record<string, GraphNode>;
  edges: Record<string, GraphEdge>;
}

/** Everything on the canvas that undo/redo covers. */
export interface SceneState {
  graph: DataGraph;
  /** The user's view of the data graph: where nodes sit, what is hidden or pinned. */
  positions: Record<string, Position>;
  hidden: Record<string, true>;
  pinned: Record<string, true>;
  paging: Record<string, Paging>;
}

export interface FilterState {
  hiddenLabels: string[];
  hiddenTypes: string[];
  hiddenStances: Stance[];
  /** ISO date (YYYY-MM-DD): relationships dated after it are hidden. */
  asOf: string | null;
}

export type Selection = { kind: 'node'; id: string } | { kind: 'edge'; id: string } | null;

/** Interface state outside undo/redo. */
export interface UiState {
  selection: Selection;
  /** Nodes selected on the canvas, in the order they were picked. */
  selectedNodes: string[];
  highlight: { nodes: string[]; edges: string[] } | null;
  filters: FilterState;
  schema: SchemaResponse | null;
}

export const STANCES: readonly Stance[] = [
  'reported',
  'claim',
  'opinion',
  'speculation',
  'forecast',
  'denial',
];
