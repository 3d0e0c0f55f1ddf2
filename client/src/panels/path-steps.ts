import { edgeStance } from '../state/filters.ts';
import type { FoundPath, SceneState } from '../state/types.ts';

/** One step of a path as text: which way it points, its type and the stance it rests on. */
export interface PathStep {
  type: string;
  stance: string | null;
  /** True when the relationship points from this step's start to its end. */
  forward: boolean;
  to: string;
}

export interface PathText {
  start: string;
  steps: PathStep[];
}

/** A path read from the scene, so it can be written out as `Iran —BORDERS→ Belarus`. */
export function pathText(path: FoundPath, scene: SceneState): PathText {
  const caption = (id: string | undefined) =>
    (id && scene.graph.nodes[id]?.caption) || 'a node no longer on the canvas';
  const steps = path.edges.map((edgeId, i) => {
    const edge = scene.graph.edges[edgeId];
    const from = path.nodes[i];
    return {
      type: edge?.type ?? 'RELATED',
      stance: edge ? edgeStance(edge) : null,
      forward: !edge || edge.source === from,
      to: caption(path.nodes[i + 1]),
    };
  });
  return { start: caption(path.nodes[0]), steps };
}

/** The whole path on one line, stances in brackets: `Iran —BORDERS (reported)→ Belarus`. */
export function pathLine(text: PathText): string {
  return [
    text.start,
    ...text.steps.map((step) => {
      const label = `${step.type}${step.stance ? ` (${step.stance})` : ''}`;
      return step.forward ? ` —${label}→ ${step.to}` : ` ←${label}— ${step.to}`;
    }),
  ].join('');
}
