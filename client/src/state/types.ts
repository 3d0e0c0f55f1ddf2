import type { GraphEdge, GraphNode, SchemaResponse, Stance } from '../../../server/api-types.ts';

export interface Position {
  x: number;
  y: number;
}

/** The camera: how far in, and where the scene's origin sits on the canvas. */
export interface Viewport {
  zoom: number;
  pan: Position;
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
  /** ISO date (YYYY-MM-DD): relationships and nodes (events, agreements) dated after it are hidden. */
  asOf: string | null;
}

/** One path found between two nodes: its nodes in order and the relationships between them. */
export interface FoundPath {
  nodes: string[];
  edges: string[];
}

/** What the canvas singles out: a path result (its paths, and the stances that counted). */
export interface Highlight {
  nodes: string[];
  edges: string[];
  paths?: FoundPath[];
  /** The stances the path search counted; absent when every stance did. */
  stances?: Stance[];
}

export type Selection = { kind: 'node'; id: string } | { kind: 'edge'; id: string } | null;

/** Interface state outside undo/redo. */
export interface UiState {
  selection: Selection;
  /** Nodes selected on the canvas, in the order they were picked. */
  selectedNodes: string[];
  highlight: Highlight | null;
  filters: FilterState;
  schema: SchemaResponse | null;
  /**
   * A read-only link has no schema: its answer gives the palette slots of its scene's
   * labels instead, so its nodes look as they do in the explorer.
   */
  labelSlots?: Readonly<Record<string, number>>;
}

export const STANCES: readonly Stance[] = [
  'reported',
  'claim',
  'opinion',
  'speculation',
  'forecast',
  'denial',
];
