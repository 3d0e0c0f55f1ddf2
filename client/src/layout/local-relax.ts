import type { Position } from '../state/types.ts';

/** Spring length between connected nodes, and the personal space every node keeps. */
const EDGE_LENGTH = 130;
const CLEARANCE = 90;
const ITERATIONS = 120;
const SPRING = 0.12;
const PUSH = 0.6;

/**
 * The room every node keeps: an ellipse about a caption wide and a node and caption tall.
 * Newcomers still inside another node's room after relaxing are moved out of it.
 */
export const ROOM = { width: 100, height: 56 } as const;

/**
 * Settles newcomers among nodes that stay put, on the main thread and in a few
 * milliseconds: springs pull each newcomer towards what it is connected to, and every
 * node within CLEARANCE pushes it away. Settled nodes are looked up in a grid, so the
 * cost grows with the newcomers and their surroundings, not with the scene.
 */
export function relaxNewcomers(
  settled: Readonly<Record<string, Position>>,
  start: Readonly<Record<string, Position>>,
  edges: readonly { source: string; target: string }[],
): Record<string, Position> {
  const ids = Object.keys(start);
  if (ids.length === 0) return {};
  const index = new Map(ids.map((id, i) => [id, i]));
  const xs = new Float64Array(ids.length);
  const ys = new Float64Array(ids.length);
  ids.forEach((id, i) => {
    const p = start[id] as Position;
    xs[i] = p.x;
    ys[i] = p.y;
  });

  // Springs: to another newcomer (by index) or to a settled node (a fixed point).
  const toMoving: number[][] = ids.map(() => []);
  const toFixed: Position[][] = ids.map(() => []);
  for (const { source, target } of edges) {
    const s = index.get(source);
    const t = index.get(target);
    if (s !== undefined && t !== undefined) {
      if (s !== t) {
        toMoving[s]?.push(t);
        toMoving[t]?.push(s);
      }
    } else if (s !== undefined && settled[target]) toFixed[s]?.push(settled[target]);
    else if (t !== undefined && settled[source]) toFixed[t]?.push(settled[source]);
  }

  const fixedGrid = new Grid();
  for (const [id, p] of Object.entries(settled)) if (!index.has(id)) fixedGrid.add(p.x, p.y, -1);

  const fx = new Float64Array(ids.length);
  const fy = new Float64Array(ids.length);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    // The largest step a node may take shrinks as the layout cools.
    const limit = 40 * (1 - iteration / ITERATIONS) + 1;
    const movingGrid = new Grid();
    for (let i = 0; i < ids.length; i++) movingGrid.add(xs[i] as number, ys[i] as number, i);
    for (let i = 0; i < ids.length; i++) {
      const x = xs[i] as number;
      const y = ys[i] as number;
      let sx = 0;
      let sy = 0;
      for (const j of toMoving[i] ?? []) {
        const dx = (xs[j] as number) - x;
        const dy = (ys[j] as number) - y;
        const f = spring(dx, dy);
        sx += f * dx;
        sy += f * dy;
      }
      for (const q of toFixed[i] ?? []) {
        const dx = q.x - x;
        const dy = q.y - y;
        const f = spring(dx, dy);
        sx += f * dx;
        sy += f * dy;
      }
      const pushed = fixedGrid.push(x, y, -1, i).add(movingGrid.push(x, y, i, i));
      fx[i] = sx + pushed.x;
      fy[i] = sy + pushed.y;
    }
    for (let i = 0; i < ids.length; i++) {
      const dx = fx[i] as number;
      const dy = fy[i] as number;
      const step = Math.sqrt(dx * dx + dy * dy);
      const scale = step > limit ? limit / step : 1;
      xs[i] = (xs[i] as number) + dx * scale;
      ys[i] = (ys[i] as number) + dy * scale;
    }
  }

  const relaxed: Record<string, Position> = {};
  ids.forEach((id, i) => {
    relaxed[id] = { x: xs[i] as number, y: ys[i] as number };
  });
  return makeRoom(settled, relaxed);
}

/**
 * Moves each newcomer still inside another node's ROOM (settled, or a newcomer already
 * given its place) to the nearest free spot on widening rings around where it is. Springs
 * and pushes only make crowding unlikely; this makes sure no two captions overlap.
 */
export function makeRoom(
  settled: Readonly<Record<string, Position>>,
  newcomers: Readonly<Record<string, Position>>,
): Record<string, Position> {
  const taken = new RoomGrid();
  for (const [id, p] of Object.entries(settled)) if (!newcomers[id]) taken.add(p);
  const out: Record<string, Position> = {};
  for (const [id, p] of Object.entries(newcomers)) {
    let spot = p;
    search: for (let ring = 1; taken.crowded(spot) && ring <= 80; ring++) {
      const radius = ring * 16;
      const steps = 8 + ring * 2;
      for (let k = 0; k < steps; k++) {
        const angle = (2 * Math.PI * k) / steps;
        const candidate = {
          x: p.x + radius * Math.cos(angle) * (ROOM.width / ROOM.height),
          y: p.y + radius * Math.sin(angle),
        };
        if (!taken.crowded(candidate)) {
          spot = candidate;
          break search;
        }
      }
    }
    spot = { x: Math.round(spot.x * 10) / 10, y: Math.round(spot.y * 10) / 10 };
    taken.add(spot);
    out[id] = spot;
  }
  return out;
}

/** Points in cells a ROOM wide, so any point crowding another is in its 3 × 3 block. */
class RoomGrid {
  private readonly cells = new Map<number, Position[]>();

  private static key(cx: number, cy: number): number {
    return (cx + 32768) * 65536 + (cy + 32768);
  }

  add(p: Position): void {
    const key = RoomGrid.key(Math.floor(p.x / ROOM.width), Math.floor(p.y / ROOM.width));
    const cell = this.cells.get(key);
    if (cell) cell.push(p);
    else this.cells.set(key, [p]);
  }

  /** Whether a point lies inside the room of one already added. */
  crowded(p: Position): boolean {
    const cx = Math.floor(p.x / ROOM.width);
    const cy = Math.floor(p.y / ROOM.width);
    for (let gx = cx - 1; gx <= cx + 1; gx++) {
      for (let gy = cy - 1; gy <= cy + 1; gy++) {
        for (const q of this.cells.get(RoomGrid.key(gx, gy)) ?? []) {
          const dx = (p.x - q.x) / ROOM.width;
          const dy = (p.y - q.y) / ROOM.height;
          if (dx * dx + dy * dy < 1) return true;
        }
      }
    }
    return false;
  }
}

/** A spring's pull along (dx, dy), as a factor of it: positive when stretched. */
function spring(dx: number, dy: number): number {
  const d = Math.sqrt(dx * dx + dy * dy) || 1;
  return (SPRING * (d - EDGE_LENGTH)) / d;
}

class Vector {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}

  add(other: Vector): Vector {
    return new Vector(this.x + other.x, this.y + other.y);
  }
}

/** Points in square cells of CLEARANCE, so neighbours within it are in the 3 × 3 block. */
class Grid {
  private readonly cells = new Map<number, number[]>();

  private static key(cx: number, cy: number): number {
    return (cx + 32768) * 65536 + (cy + 32768);
  }

  add(x: number, y: number, tag: number): void {
    const key = Grid.key(Math.floor(x / CLEARANCE), Math.floor(y / CLEARANCE));
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = []));
    cell.push(x, y, tag);
  }

  /**
   * The push on a point at (x, y) from every other point closer than CLEARANCE: it grows
   * as they overlap. Points on the very same spot part in a direction set by `seed`.
   */
  push(x: number, y: number, self: number, seed: number): Vector {
    const cx = Math.floor(x / CLEARANCE);
    const cy = Math.floor(y / CLEARANCE);
    let px = 0;
    let py = 0;
    for (let gx = cx - 1; gx <= cx + 1; gx++) {
      for (let gy = cy - 1; gy <= cy + 1; gy++) {
        const cell = this.cells.get(Grid.key(gx, gy));
        if (!cell) continue;
        for (let k = 0; k < cell.length; k += 3) {
          if (cell[k + 2] === self && self >= 0) continue;
          let dx = x - (cell[k] as number);
          let dy = y - (cell[k + 1] as number);
          let d = Math.sqrt(dx * dx + dy * dy);
          if (d >= CLEARANCE) continue;
          if (d < 0.01) {
            const angle = (seed + 1) * 2.399963;
            dx = Math.cos(angle);
            dy = Math.sin(angle);
            d = 1;
          }
          const f = (PUSH * (CLEARANCE - d)) / d;
          px += f * dx;
          py += f * dy;
        }
      }
    }
    return new Vector(px, py);
  }
}
