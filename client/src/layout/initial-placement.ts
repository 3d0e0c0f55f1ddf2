import type { Position } from '../state/types.ts';
import { relaxNewcomers } from './local-relax.ts';

const RING_GAP = 90;

/**
 * Where newcomers start before the layout relaxes them: on rings around the node they
 * came from, opening away from the rest of the scene so they land in free space.
 */
export function placeAround(
  origin: Position,
  ids: readonly string[],
  existing: readonly Position[],
): Record<string, Position> {
  const out: Record<string, Position> = {};
  if (ids.length === 0) return out;
  let away = 0;
  if (existing.length > 1) {
    const cx = existing.reduce((s, p) => s + p.x, 0) / existing.length;
    const cy = existing.reduce((s, p) => s + p.y, 0) / existing.length;
    if (Math.hypot(origin.x - cx, origin.y - cy) > 1)
      away = Math.atan2(origin.y - cy, origin.x - cx);
  }
  let placed = 0;
  for (let ring = 1; placed < ids.length; ring++) {
    const radius = ring * RING_GAP + 30;
    const capacity = Math.max(6, Math.floor((2 * Math.PI * radius) / 60));
    const onRing = Math.min(capacity, ids.length - placed);
    // A partly filled ring is centred on the side facing away from the scene.
    const span = onRing === capacity ? 2 * Math.PI : (2 * Math.PI * onRing) / capacity;
    for (let i = 0; i < onRing; i++) {
      const angle = away - span / 2 + (span * (i + 0.5)) / onRing;
      const id = ids[placed + i];
      if (id !== undefined) {
        out[id] = {
          x: origin.x + radius * Math.cos(angle),
          y: origin.y + radius * Math.sin(angle),
        };
      }
    }
    placed += onRing;
  }
  return out;
}

/** A spot for a node that arrives alone: right of everything, or the centre of an empty scene. */
export function freeSpot(existing: readonly Position[]): Position {
  if (existing.length === 0) return { x: 0, y: 0 };
  const maxX = Math.max(...existing.map((p) => p.x));
  const ys = existing.map((p) => p.y);
  return { x: maxX + 120, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
}

/** Up to this many newcomers settle on the main thread; more go to the layout worker. */
export const RELAX_LOCALLY_UP_TO = 300;

/**
 * Where an expansion's newcomers go, next to the node they came from and clear of what is
 * settled. A batch the size of a page settles here at once; a bigger one starts on the
 * rings and `relaxed: false` asks for the worker's incremental layout.
 */
export function placeNewcomers(
  positions: Readonly<Record<string, Position>>,
  fresh: readonly string[],
  edges: readonly { source: string; target: string }[],
  origin: string | null,
): { positions: Record<string, Position>; relaxed: boolean } {
  const settled = Object.values(positions);
  const centre =
    (origin && positions[origin]) || (settled.length > 0 ? freeSpot(settled) : { x: 0, y: 0 });
  const start = placeAround(centre, fresh, settled);
  const finite = settled.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (fresh.length > RELAX_LOCALLY_UP_TO || settled.length === 0 || !finite) {
    return { positions: start, relaxed: false };
  }
  return { positions: relaxNewcomers(positions, start, edges), relaxed: true };
}
