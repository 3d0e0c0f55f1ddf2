import type { FoundPath, Position } from '../state/types.ts';

/** Steps along a path, and between paths side by side: room for a caption and an edge label. */
export const PATH_STEP = 180;
export const PATH_ROW = 90;
/** Other nodes keep at least this far from the band the paths are drawn in. */
const CLEARANCE = 70;

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Lays paths out as paths: the first node on the left, each step one column to the right,
 * paths that part ways on rows of their own. The band starts where `from` sits when that
 * spot is clear of the other nodes on the canvas; otherwise it moves right of them, then
 * below them. Pinned nodes stay where they are. Returns positions for the path's nodes.
 */
export function layoutPaths(
  paths: readonly FoundPath[],
  positions: Readonly<Record<string, Position>>,
  pinned: Readonly<Record<string, true>>,
): Record<string, Position> {
  const column = new Map<string, number>();
  const order: string[] = [];
  for (const path of paths) {
    path.nodes.forEach((id, i) => {
      const known = column.get(id);
      if (known === undefined) order.push(id);
      column.set(id, known === undefined ? i : Math.min(known, i));
    });
  }
  if (order.length === 0) return {};

  // Rows within each column, in the order paths list their nodes.
  const columns = new Map<number, string[]>();
  for (const id of order) {
    const c = column.get(id) ?? 0;
    const list = columns.get(c) ?? [];
    list.push(id);
    columns.set(c, list);
  }
  const offsets: Record<string, Position> = {};
  for (const [c, ids] of columns) {
    ids.forEach((id, row) => {
      offsets[id] = { x: c * PATH_STEP, y: (row - (ids.length - 1) / 2) * PATH_ROW };
    });
  }
  const band = boxOf(Object.values(offsets));

  const onPath = new Set(order);
  const obstacles = Object.entries(positions)
    .filter(([id]) => !onPath.has(id) || pinned[id])
    .map(([, p]) => p);
  const first = order[0] as string;
  const start = positions[first] ?? { x: 0, y: 0 };
  const all = obstacles.length > 0 ? boxOf(obstacles) : null;
  const candidates: Position[] = [start];
  if (all) {
    candidates.push(
      { x: all.x2 + CLEARANCE + PATH_STEP / 2, y: start.y },
      { x: all.x1, y: all.y2 + CLEARANCE + PATH_ROW / 2 - band.y1 },
    );
  }
  const anchor =
    candidates.find((at) => clear(shift(band, at), obstacles)) ??
    candidates[candidates.length - 1]!;

  const out: Record<string, Position> = {};
  for (const id of order) {
    if (pinned[id] && positions[id]) continue;
    const offset = offsets[id] as Position;
    out[id] = { x: anchor.x + offset.x, y: anchor.y + offset.y };
  }
  return out;
}

function boxOf(points: readonly Position[]): Box {
  return {
    x1: Math.min(...points.map((p) => p.x)),
    y1: Math.min(...points.map((p) => p.y)),
    x2: Math.max(...points.map((p) => p.x)),
    y2: Math.max(...points.map((p) => p.y)),
  };
}

function shift(box: Box, by: Position): Box {
  return { x1: box.x1 + by.x, y1: box.y1 + by.y, x2: box.x2 + by.x, y2: box.y2 + by.y };
}

function clear(box: Box, points: readonly Position[]): boolean {
  return points.every(
    (p) =>
      p.x < box.x1 - CLEARANCE ||
      p.x > box.x2 + CLEARANCE ||
      p.y < box.y1 - CLEARANCE ||
      p.y > box.y2 + CLEARANCE,
  );
}
