import type { Position } from '../state/types.ts';

export interface LayoutRequest {
  /** `full` lays out everything; `incremental` places `moving` among the rest, which stay put. */
  mode: 'full' | 'incremental';
  nodes: { id: string; x: number; y: number }[];
  edges: { source: string; target: string }[];
  /** Nodes that must not move (pinned ones; in incremental mode, everything not moving). */
  fixed: string[];
  /** Incremental mode: the newcomers to place. */
  moving?: string[];
}

export interface LayoutResult {
  positions: Record<string, Position>;
  /** A draft is followed by a refined result for the same request. */
  final: boolean;
  ms: number;
}

export interface LayoutWorkerRequest extends LayoutRequest {
  requestId: number;
}

export type LayoutWorkerMessage =
  ({ requestId: number } & LayoutResult) | { requestId: number; error: string };
