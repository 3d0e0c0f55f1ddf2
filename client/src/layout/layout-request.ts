import type { SceneState } from '../state/types.ts';
import type { LayoutRequest } from './types.ts';

/**
 * What the layout worker needs from a scene: positions, edges, and which nodes stay put —
 * everything but the newcomers when incremental, the pinned nodes when full.
 */
export function layoutRequest(
  scene: SceneState,
  mode: LayoutRequest['mode'],
  moving: string[] = [],
): LayoutRequest {
  const nodes = Object.keys(scene.graph.nodes).map((id) => {
    const p = scene.positions[id] ?? { x: 0, y: 0 };
    return { id, x: p.x, y: p.y };
  });
  const movingSet = new Set(moving);
  return {
    mode,
    nodes,
    edges: Object.values(scene.graph.edges).map((e) => ({ source: e.source, target: e.target })),
    fixed:
      mode === 'incremental'
        ? nodes.map((n) => n.id).filter((id) => !movingSet.has(id))
        : Object.keys(scene.pinned),
    moving,
  };
}
