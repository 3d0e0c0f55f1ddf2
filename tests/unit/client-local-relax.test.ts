import { describe, expect, it } from 'vitest';
import { placeNewcomers, RELAX_LOCALLY_UP_TO } from '../../client/src/layout/initial-placement.ts';
import { relaxNewcomers, ROOM } from '../../client/src/layout/local-relax.ts';
import type { Position } from '../../client/src/state/types.ts';
import { randomGraph } from '../bench/client/random-graph.ts';

const distance = (a: Position, b: Position) => Math.hypot(a.x - b.x, a.y - b.y);
/** Below 1 when one node lies inside another's ROOM (a caption wide, a node and caption tall). */
const crowding = (a: Position, b: Position) =>
  Math.hypot((a.x - b.x) / ROOM.width, (a.y - b.y) / ROOM.height);

/** A settled 400-node scene and 50 newcomers hanging off one of its nodes. */
function expansion() {
  const { payload, positions } = randomGraph(400, 800, 11);
  const origin = payload.nodes[17]?.id as string;
  const fresh = Array.from({ length: 50 }, (_, i) => `new-${i}`);
  const edges = fresh.map((id) => ({ source: origin, target: id }));
  // A few newcomers also know each other.
  for (let i = 0; i + 1 < 10; i++) edges.push({ source: `new-${i}`, target: `new-${i + 1}` });
  return { positions, origin, fresh, edges };
}

describe('settling newcomers next to the node they came from', () => {
  it('when 50 newcomers arrive, then none lands on another node and settled nodes keep their place', () => {
    const { positions, origin, fresh, edges } = expansion();
    const before = structuredClone(positions);
    const placed = placeNewcomers(positions, fresh, edges, origin);

    expect(placed.relaxed).toBe(true);
    expect(Object.keys(placed.positions).sort()).toEqual([...fresh].sort());
    expect(positions).toEqual(before);
    const settled = Object.values(positions);
    const newcomers = Object.values(placed.positions);
    for (const [i, p] of newcomers.entries()) {
      // Nodes are 30 wide: centres at least that far apart do not overlap.
      expect(Math.min(...settled.map((q) => distance(p, q)))).toBeGreaterThan(30);
      for (const q of newcomers.slice(i + 1)) expect(distance(p, q)).toBeGreaterThan(30);
    }
  });

  it('when 50 newcomers arrive, then each has room for its caption: none within a caption box of another node or newcomer', () => {
    const { positions, origin, fresh, edges } = expansion();
    const placed = placeNewcomers(positions, fresh, edges, origin);
    const settled = Object.values(positions);
    const newcomers = Object.values(placed.positions);
    for (const [i, p] of newcomers.entries()) {
      for (const q of [...settled, ...newcomers.slice(i + 1)]) {
        expect(crowding(p, q)).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('when newcomers hang off one node, then they settle around it, not across the scene', () => {
    const { positions, origin, fresh, edges } = expansion();
    const placed = placeNewcomers(positions, fresh, edges, origin);
    const centre = positions[origin] as Position;
    const reach = Object.values(placed.positions).map((p) => distance(p, centre));
    reach.sort((a, b) => a - b);
    // Rings of 50 nodes 70 apart: the middle one within a few rings, none beyond the scene.
    expect(reach[25]).toBeLessThan(400);
    expect(reach[reach.length - 1]).toBeLessThan(1200);
  });

  it('when the same expansion is placed twice, then it lands in the same places', () => {
    const { positions, origin, fresh, edges } = expansion();
    expect(placeNewcomers(positions, fresh, edges, origin)).toEqual(
      placeNewcomers(positions, fresh, edges, origin),
    );
  });

  it('when newcomers start on the same spot, then they are parted', () => {
    const start = { a: { x: 0, y: 0 }, b: { x: 0, y: 0 }, c: { x: 0, y: 0 } };
    const out = relaxNewcomers({}, start, []);
    expect(distance(out.a as Position, out.b as Position)).toBeGreaterThan(30);
    expect(distance(out.b as Position, out.c as Position)).toBeGreaterThan(30);
  });

  it('when a batch is bigger than a page or the scene is empty, then it is left to the layout worker', () => {
    const { positions, origin } = expansion();
    const many = Array.from({ length: RELAX_LOCALLY_UP_TO + 1 }, (_, i) => `n${i}`);
    expect(placeNewcomers(positions, many, [], origin).relaxed).toBe(false);
    expect(placeNewcomers({}, ['a', 'b'], [], null).relaxed).toBe(false);
  });
});
