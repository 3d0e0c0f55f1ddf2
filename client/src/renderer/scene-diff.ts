import type cytoscape from 'cytoscape';
import type { GraphEdge } from '../../../server/api-types.ts';
import type { Position, SceneState, UiState } from '../state/types.ts';
import { labelStyle, primaryLabel, type LabelPalette } from '../theme/label-style.ts';
import { isBadgeId, MORE_PREFIX } from './more-badges.ts';

/** The nodes and edges that pass the filters. */
export interface VisibleSet {
  nodes: Set<string>;
  edges: Set<string>;
}

/** What the canvas must gain, and which of the nodes already drawn must move where. */
export interface SceneDiff {
  additions: cytoscape.ElementDefinition[];
  moves: [cytoscape.NodeSingular, Position][];
}

/** What an edge's evidence changes in its look: width per source, a mark when contested. */
function evidenceLook(edge: GraphEdge): { sources: number; contested: boolean; label: string } {
  const sources = edge.summary?.sources ?? 1;
  const contested = edge.summary?.contested ?? false;
  const count = sources > 1 ? ` ×${sources}` : '';
  return { sources, contested, label: `${contested ? '⚠ ' : ''}${edge.type}${count}` };
}

/**
 * Compares the scene with the canvas (run inside a batch): removes what left the graph,
 * refreshes the look of what stays and lists what to add and move. Edges are only
 * compared when the graph changed; `destination` says where a drawn node is going.
 */
export function diffScene(
  cy: cytoscape.Core,
  scene: SceneState,
  ui: UiState,
  graphChanged: boolean,
  classes: string,
  destination: (node: cytoscape.NodeSingular) => Position,
): SceneDiff {
  const drawn = new Map<string, cytoscape.SingularElementArgument>();
  if (graphChanged) {
    const gone = cy.elements().filter((element) => {
      const id = element.id();
      const keep = element.isNode()
        ? !!scene.graph.nodes[isBadgeId(id) ? id.slice(MORE_PREFIX.length) : id]
        : !!scene.graph.edges[id];
      if (keep) drawn.set(id, element);
      return !keep;
    });
    if (gone.nonempty()) gone.remove();
  } else {
    cy.nodes().forEach((node) => {
      drawn.set(node.id(), node);
    });
  }

  const additions: cytoscape.ElementDefinition[] = [];
  const moves: [cytoscape.NodeSingular, Position][] = [];
  const palette: LabelPalette | null =
    ui.schema ?? (ui.labelSlots ? { slots: ui.labelSlots } : null);
  for (const node of Object.values(scene.graph.nodes)) {
    const position = scene.positions[node.id] ?? { x: 0, y: 0 };
    const existing = drawn.get(node.id) as cytoscape.NodeSingular | undefined;
    const look = labelStyle(primaryLabel(node.labels), palette);
    if (!existing) {
      additions.push({
        group: 'nodes',
        data: { id: node.id, label: node.caption, color: look.color, shape: look.shape },
        position: { ...position },
        classes,
      });
      continue;
    }
    // Label colours can be reassigned once the schema arrives.
    if (existing.data('color') !== look.color || existing.data('shape') !== look.shape) {
      existing.data({ color: look.color, shape: look.shape });
    }
    if (!existing.grabbed()) {
      const at = destination(existing);
      if (Math.abs(at.x - position.x) > 0.5 || Math.abs(at.y - position.y) > 0.5) {
        moves.push([existing, position]);
      }
    }
  }
  if (graphChanged) {
    for (const edge of Object.values(scene.graph.edges)) {
      const look = evidenceLook(edge);
      const existing = drawn.get(edge.id);
      if (existing) {
        // A group that gained a source keeps its id: redraw its width and mark.
        if (existing.data('sources') !== look.sources) existing.data(look);
        continue;
      }
      const stance = edge.properties.stance;
      additions.push({
        group: 'edges',
        data: {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          type: edge.type,
          stance: typeof stance === 'string' ? stance : 'none',
          ...look,
        },
        classes,
      });
    }
  }
  return { additions, moves };
}

/** Sets the classes that follow from filters, pins and the highlight on some elements. */
export function applyClasses(
  elements: cytoscape.CollectionReturnValue,
  scene: SceneState,
  ui: UiState,
  visible: VisibleSet,
): void {
  const highlight = ui.highlight
    ? { nodes: new Set(ui.highlight.nodes), edges: new Set(ui.highlight.edges) }
    : null;
  elements.nodes().forEach((node) => {
    const id = node.id();
    if (isBadgeId(id)) return;
    node.toggleClass('filtered', !visible.nodes.has(id));
    node.toggleClass('pinned', !!scene.pinned[id]);
    node.toggleClass('highlighted', !!highlight?.nodes.has(id));
    node.toggleClass('faded', !!highlight && !highlight.nodes.has(id));
  });
  elements.edges().forEach((edge) => {
    const id = edge.id();
    edge.toggleClass('filtered', !visible.edges.has(id));
    edge.toggleClass('highlighted', !!highlight?.edges.has(id));
    edge.toggleClass('faded', !!highlight && !highlight.edges.has(id));
  });
}
