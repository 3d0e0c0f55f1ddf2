import type { SceneState } from '../state/types.ts';

/** A scene as a self-describing JSON document: data graph plus where each node sits. */
export function sceneToJson(scene: SceneState): string {
  return JSON.stringify(
    {
      format: 'entente-scene',
      version: 1,
      exportedAt: new Date().toISOString(),
      nodes: Object.values(scene.graph.nodes).map((node) => ({
        ...node,
        position: scene.positions[node.id] ?? null,
        hidden: !!scene.hidden[node.id],
        pinned: !!scene.pinned[node.id],
      })),
      edges: Object.values(scene.graph.edges),
    },
    null,
    2,
  );
}

export { tableToCsv } from './csv.ts';
