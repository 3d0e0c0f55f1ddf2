import type cytoscape from 'cytoscape';
import { remainingNeighbours } from '../state/scene.ts';
import type { Position, SceneState } from '../state/types.ts';

/** Ids of "+N more" badges: the prefix, then the id of the node they belong to. */
export const MORE_PREFIX = 'more:';

/** Whether an element is a badge, drawn by the renderer only (not part of the scene). */
export function isBadgeId(id: string): boolean {
  return id.startsWith(MORE_PREFIX);
}

/** The "+N more" badges beside nodes whose neighbours are only partly shown. */
export class MoreBadges {
  /** Badges by the node they belong to. */
  private readonly badges = new Map<string, cytoscape.NodeSingular>();

  constructor(private readonly cy: cytoscape.Core) {
    // A badge travels with its node.
    cy.on('position', 'node', (event) => {
      if (this.badges.size === 0) return;
      const node = event.target as cytoscape.NodeSingular;
      const badge = this.badges.get(node.id());
      if (badge && !badge.removed()) badge.position(badgeSpot(node.position()));
    });
  }

  /** Adds, relabels and removes badges to match the scene's paging. */
  render(scene: SceneState, visible: { nodes: Set<string> }): void {
    const cy = this.cy;
    for (const [id, badge] of this.badges) {
      if (!scene.graph.nodes[id] || badge.removed()) {
        if (!badge.removed()) cy.remove(badge);
        this.badges.delete(id);
      }
    }
    for (const id of Object.keys(scene.paging)) {
      const more = remainingNeighbours(scene, id);
      const badge = this.badges.get(id);
      if (more <= 0 || !visible.nodes.has(id)) {
        if (badge) {
          cy.remove(badge);
          this.badges.delete(id);
        }
        continue;
      }
      const label = `+${more} more`;
      if (!badge) {
        const added = cy.add({
          group: 'nodes',
          data: { id: MORE_PREFIX + id, label, width: badgeWidth(label) },
          classes: 'more',
          position: badgeSpot(scene.positions[id] ?? { x: 0, y: 0 }),
          selectable: false,
          grabbable: false,
        });
        this.badges.set(id, added);
      } else if (badge.data('label') !== label) {
        badge.data({ label, width: badgeWidth(label) });
      }
    }
  }
}

function badgeWidth(label: string): number {
  return label.length * 5.6 + 10;
}

function badgeSpot(p: Position): Position {
  return { x: p.x + 24, y: p.y - 20 };
}
