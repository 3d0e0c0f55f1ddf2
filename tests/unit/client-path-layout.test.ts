import { describe, expect, it } from 'vitest';
import { layoutPaths, PATH_STEP } from '../../client/src/layout/path-layout.ts';
import { decodeSceneLink, encodeSceneLink } from '../../client/src/state/scene-url.ts';
import type { Position } from '../../client/src/state/types.ts';

const distance = (a: Position, b: Position) => Math.hypot(a.x - b.x, a.y - b.y);

describe('laying paths out as paths', () => {
  const paths = [
    { nodes: ['iran', 'belarus', 'poland'], edges: ['e1', 'e2'] },
    { nodes: ['iran', 'russia', 'poland'], edges: ['e3', 'e4'] },
  ];

  it('when a middle node would land on an end node, then every node gets its own column and row, left to right', () => {
    // Belarus arrives where Poland already sits: the picture that misled.
    const positions = { iran: { x: 0, y: 0 }, poland: { x: 120, y: 0 }, belarus: { x: 120, y: 0 } };
    const placed = { ...positions, ...layoutPaths(paths, positions, {}) };
    const ids = Object.keys(placed);
    for (const [i, a] of ids.entries()) {
      for (const b of ids.slice(i + 1)) {
        expect(
          distance(placed[a as keyof typeof placed], placed[b as keyof typeof placed]),
        ).toBeGreaterThanOrEqual(30);
      }
    }
    expect(placed.iran.x).toBeLessThan(placed.belarus.x);
    expect(placed.belarus.x).toBeLessThan(placed.poland.x);
    expect(placed.poland.x - placed.iran.x).toBe(2 * PATH_STEP);
  });

  it('when other nodes sit where the band would go, then the band moves clear of them; pinned nodes stay', () => {
    const positions = {
      iran: { x: 0, y: 0 },
      poland: { x: 500, y: 0 },
      bystander: { x: 150, y: 10 },
    };
    const out = layoutPaths(paths, positions, { poland: true });
    expect(out.poland).toBeUndefined();
    for (const p of Object.values(out))
      expect(distance(p, positions.bystander)).toBeGreaterThan(70);
  });
});

describe('scene links carry the whole view', () => {
  it('when pins, hidden nodes, filters, a path result and the camera are encoded, then decoding gives them back', () => {
    const link = {
      nodes: ['4:a:1', '4:a:2', '4:a:3'],
      positions: { '4:a:1': { x: 0, y: 0 }, '4:a:2': { x: 180, y: 0 }, '4:a:3': { x: 360, y: 0 } },
      query: null,
      pinned: ['4:a:2'],
      hidden: ['4:a:3'],
      filters: {
        hiddenLabels: ['Event'],
        hiddenTypes: ['HAS_ALIAS'],
        hiddenStances: ['forecast' as const],
        asOf: '2023-07-30',
      },
      paths: [{ nodes: ['4:a:1', '4:a:2', '4:a:3'], edges: ['5:a:9', '5:a:10'] }],
      pathStances: ['reported' as const, 'claim' as const],
      view: { zoom: 1.25, pan: { x: 310, y: -42 } },
    };
    expect(decodeSceneLink(encodeSceneLink(link))).toEqual(link);
  });

  it('when a link names a stance or a date that cannot be, then that part is left out', () => {
    const link = decodeSceneLink('#n=a&fs=forecast,rumour&asof=tomorrow&v=99,0,0&pin=7');
    expect(link.filters).toEqual({
      hiddenLabels: [],
      hiddenTypes: [],
      hiddenStances: ['forecast'],
      asOf: null,
    });
    expect(link.view).toBeUndefined();
    expect(link.pinned).toBeUndefined();
  });
});
