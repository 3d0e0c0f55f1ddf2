import cytoscape from 'cytoscape';
import { remainingNeighbours } from '../state/scene.ts';
import type { Position, SceneState, Selection, UiState } from '../state/types.ts';
import { labelStyle, primaryLabel } from '../theme/label-style.ts';
import { graphStyle } from './graph-style.ts';

export interface RendererEvents {
  onNodeDoubleClick(id: string): void;
  onMoreClick(id: string): void;
  /** Right-click or long press on a node; `at` is in page coordinates. */
  onContextMenu(id: string, at: Position): void;
  onSelectionChange(selection: Selection, selectedNodes: string[]): void;
  onNodesDragged(positions: Record<string, Position>): void;
}

/** Past this many elements the canvas trades finish for speed while the view moves. */
const LARGE_SCENE = 1500;
const MORE_PREFIX = 'more:';
const ANIMATE_UP_TO = 120;

interface CanvasRendererInternals {
  hideEdgesOnViewport?: boolean;
  hideLabelsOnViewport?: boolean;
}

/** The only code that talks to Cytoscape: it mirrors state onto the canvas. */
export class GraphRenderer {
  readonly cy: cytoscape.Core;
  private large = false;
  private syncingSelection = false;
  private selectionTimer: ReturnType<typeof setTimeout> | undefined;
  private picked: string[] = [];

  constructor(
    container: HTMLElement,
    private readonly events: RendererEvents,
  ) {
    this.cy = cytoscape({
      container,
      style: graphStyle(false),
      pixelRatio: 1,
      textureOnViewport: false,
      hideEdgesOnViewport: false,
      motionBlur: false,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: true,
      selectionType: 'additive',
    });
    this.bindEvents();
  }

  private bindEvents(): void {
    const cy = this.cy;
    cy.on('dbltap', 'node', (event) => {
      const id = (event.target as cytoscape.NodeSingular).id();
      if (!id.startsWith(MORE_PREFIX)) this.events.onNodeDoubleClick(id);
    });
    cy.on('tap', 'node.more', (event) => {
      const id = (event.target as cytoscape.NodeSingular).id().slice(MORE_PREFIX.length);
      this.events.onMoreClick(id);
    });
    const openMenu = (event: cytoscape.EventObject) => {
      const node = event.target as cytoscape.NodeSingular;
      if (node.id().startsWith(MORE_PREFIX)) return;
      const box = (cy.container() as HTMLElement).getBoundingClientRect();
      const at = event.renderedPosition ?? node.renderedPosition();
      this.events.onContextMenu(node.id(), { x: box.left + at.x, y: box.top + at.y });
    };
    cy.on('cxttap', 'node', openMenu);
    cy.on('taphold', 'node', openMenu);
    cy.on('select unselect', (event) => {
      if (this.syncingSelection) return;
      const target = event.target as cytoscape.SingularElementArgument;
      if (target.isNode() && !target.id().startsWith(MORE_PREFIX)) {
        this.picked = this.picked.filter((id) => id !== target.id());
        if (event.type === 'select') this.picked.push(target.id());
      }
      // Many select events arrive for one gesture; report the outcome once.
      clearTimeout(this.selectionTimer);
      this.selectionTimer = setTimeout(() => this.reportSelection(), 0);
    });
    cy.on('tap', (event) => {
      // A plain click on an element selects just it (Cytoscape's additive mode keeps the rest).
      const target = event.target as cytoscape.Core | cytoscape.SingularElementArgument;
      const additive = (event.originalEvent as MouseEvent | undefined)?.shiftKey ?? false;
      if (target === cy) return;
      const element = target as cytoscape.SingularElementArgument;
      if (element.isNode() && element.hasClass('more')) return;
      if (!additive) cy.elements(':selected').not(element).unselect();
    });
    cy.on('dragfree', 'node', (event) => {
      const node = event.target as cytoscape.NodeSingular;
      if (node.id().startsWith(MORE_PREFIX)) return;
      const moved: Record<string, Position> = {};
      node.union(cy.nodes(':selected')).forEach((n) => {
        if (!n.id().startsWith(MORE_PREFIX)) moved[n.id()] = { ...n.position() };
      });
      this.events.onNodesDragged(moved);
    });
    cy.on('position', 'node', (event) => {
      const node = event.target as cytoscape.NodeSingular;
      const badge = cy.getElementById(MORE_PREFIX + node.id());
      if (badge.nonempty()) badge.position(badgeSpot(node.position()));
    });
  }

  private reportSelection(): void {
    const selectedNodes = this.cy
      .nodes(':selected')
      .filter((n) => !n.hasClass('more'))
      .map((n) => n.id());
    this.picked = this.picked.filter((id) => selectedNodes.includes(id));
    for (const id of selectedNodes) if (!this.picked.includes(id)) this.picked.push(id);
    const edges = this.cy.edges(':selected');
    let selection: Selection = null;
    const lastNode = this.picked[this.picked.length - 1];
    if (lastNode) selection = { kind: 'node', id: lastNode };
    else if (edges.nonempty()) selection = { kind: 'edge', id: edges.last().id() };
    this.events.onSelectionChange(selection, [...this.picked]);
  }

  /** Mirrors the scene onto the canvas: adds, removes, moves and restyles what changed. */
  render(
    scene: SceneState,
    ui: UiState,
    visible: { nodes: Set<string>; edges: Set<string> },
  ): void {
    const cy = this.cy;
    const nodeCount = Object.keys(scene.graph.nodes).length;
    const edgeCount = Object.keys(scene.graph.edges).length;
    this.tuneForSize(nodeCount + edgeCount);
    const moves: [cytoscape.NodeSingular, Position][] = [];

    cy.batch(() => {
      cy.elements().forEach((element) => {
        const id = element.id();
        if (element.isNode()) {
          const owner = id.startsWith(MORE_PREFIX) ? id.slice(MORE_PREFIX.length) : id;
          if (!scene.graph.nodes[owner]) cy.remove(element);
        } else if (!scene.graph.edges[id]) {
          cy.remove(element);
        }
      });

      const additions: cytoscape.ElementDefinition[] = [];
      for (const node of Object.values(scene.graph.nodes)) {
        const position = scene.positions[node.id] ?? { x: 0, y: 0 };
        const existing = cy.getElementById(node.id);
        if (existing.empty()) {
          const look = labelStyle(primaryLabel(node.labels));
          additions.push({
            group: 'nodes',
            data: { id: node.id, label: node.caption, color: look.color, shape: look.shape },
            position: { ...position },
          });
        } else {
          // Label colours can be reassigned once the schema arrives.
          const look = labelStyle(primaryLabel(node.labels));
          if (existing.data('color') !== look.color)
            existing.data({ color: look.color, shape: look.shape });
        }
        if (existing.nonempty() && !existing.grabbed()) {
          const at = existing.position();
          if (Math.abs(at.x - position.x) > 0.5 || Math.abs(at.y - position.y) > 0.5) {
            moves.push([existing, position]);
          }
        }
      }
      for (const edge of Object.values(scene.graph.edges)) {
        if (cy.getElementById(edge.id).nonempty()) continue;
        const stance = edge.properties.stance;
        additions.push({
          group: 'edges',
          data: {
            id: edge.id,
            source: edge.source,
            target: edge.target,
            type: edge.type,
            stance: typeof stance === 'string' ? stance : 'none',
          },
        });
      }
      if (additions.length > 0) cy.add(additions);

      const highlight = ui.highlight
        ? { nodes: new Set(ui.highlight.nodes), edges: new Set(ui.highlight.edges) }
        : null;
      cy.nodes().forEach((node) => {
        const id = node.id();
        if (id.startsWith(MORE_PREFIX)) return;
        node.toggleClass('filtered', !visible.nodes.has(id));
        node.toggleClass('pinned', !!scene.pinned[id]);
        node.toggleClass('highlighted', !!highlight?.nodes.has(id));
        node.toggleClass('faded', !!highlight && !highlight.nodes.has(id));
      });
      cy.edges().forEach((edge) => {
        const id = edge.id();
        edge.toggleClass('filtered', !visible.edges.has(id));
        edge.toggleClass('highlighted', !!highlight?.edges.has(id));
        edge.toggleClass('faded', !!highlight && !highlight.edges.has(id));
      });
      this.renderBadges(scene, visible);
    });

    this.applyMoves(moves);
    this.syncSelection(ui);
  }

  private renderBadges(scene: SceneState, visible: { nodes: Set<string> }): void {
    const cy = this.cy;
    for (const id of Object.keys(scene.graph.nodes)) {
      const more = remainingNeighbours(scene, id);
      const badgeId = MORE_PREFIX + id;
      const badge = cy.getElementById(badgeId);
      if (more <= 0 || !visible.nodes.has(id)) {
        if (badge.nonempty()) cy.remove(badge);
        continue;
      }
      const label = `+${more} more`;
      const spot = badgeSpot(scene.positions[id] ?? { x: 0, y: 0 });
      if (badge.empty()) {
        cy.add({
          group: 'nodes',
          data: { id: badgeId, label, width: badgeWidth(label) },
          classes: 'more',
          position: spot,
          selectable: false,
          grabbable: false,
        });
      } else if (badge.data('label') !== label) {
        badge.data({ label, width: badgeWidth(label) });
      }
    }
  }

  private applyMoves(moves: [cytoscape.NodeSingular, Position][]): void {
    if (moves.length === 0) return;
    if (moves.length > ANIMATE_UP_TO || this.large) {
      this.cy.batch(() => moves.forEach(([node, p]) => node.position({ ...p })));
      return;
    }
    for (const [node, p] of moves) {
      node.stop(true, false);
      node.animate({ position: { ...p } }, { duration: 220, easing: 'ease-out-cubic' });
    }
  }

  private syncSelection(ui: UiState): void {
    const wanted = new Set(ui.selectedNodes);
    if (ui.selection?.kind === 'edge') wanted.add(ui.selection.id);
    const current = this.cy.elements(':selected');
    const same =
      current.length === wanted.size &&
      current.toArray().every((element) => wanted.has(element.id()));
    if (same) return;
    this.syncingSelection = true;
    this.cy.batch(() => {
      current.forEach((element) => {
        if (!wanted.has(element.id())) element.unselect();
      });
      for (const id of wanted) this.cy.getElementById(id).select();
    });
    this.picked = [...ui.selectedNodes];
    this.syncingSelection = false;
  }

  private tuneForSize(elements: number): void {
    const large = elements > LARGE_SCENE;
    if (large === this.large) return;
    this.large = large;
    // These canvas options are read at every frame, so they can change with the scene size.
    const internals = (this.cy as unknown as { renderer(): CanvasRendererInternals }).renderer();
    internals.hideEdgesOnViewport = large;
    internals.hideLabelsOnViewport = large;
    (internals as { textureOnViewport?: boolean }).textureOnViewport = large;
    this.cy.style(graphStyle(large));
  }

  fit(ids?: string[]): void {
    const wanted = ids?.length ? new Set(ids) : null;
    const target = wanted
      ? this.cy.nodes().filter((node) => wanted.has(node.id()))
      : this.cy.elements(':visible');
    if (target.empty()) return;
    this.cy.animate({ fit: { eles: target, padding: 60 } }, { duration: 250 });
  }

  centre(id: string): void {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    const zoom = Math.max(this.cy.zoom(), 1);
    this.cy.animate({ center: { eles: node }, zoom }, { duration: 250 });
  }

  /** The canvas as a PNG, the whole scene at screen scale. */
  exportPng(): Blob {
    return this.cy.png({ output: 'blob', bg: '#ffffff', full: true, scale: 1.5 });
  }

  /** Where a node is drawn, in page coordinates (for tests and menus). */
  pagePosition(id: string): Position | null {
    const element = this.cy.getElementById(id);
    if (element.empty()) return null;
    const box = (this.cy.container() as HTMLElement).getBoundingClientRect();
    if (element.isNode()) {
      const p = element.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y };
    }
    const mid = (element as cytoscape.EdgeSingular).renderedMidpoint();
    return { x: box.left + mid.x, y: box.top + mid.y };
  }

  resize(): void {
    this.cy.resize();
  }
}

function badgeWidth(label: string): number {
  return label.length * 5.6 + 10;
}

function badgeSpot(p: Position): Position {
  return { x: p.x + 24, y: p.y - 20 };
}
