import cytoscape from 'cytoscape';
import type { GraphEdge } from '../../../server/api-types.ts';
import { remainingNeighbours } from '../state/scene.ts';
import type { Position, SceneState, Selection, UiState, Viewport } from '../state/types.ts';
import { labelStyle, primaryLabel } from '../theme/label-style.ts';
import { fitTo, followTo } from './camera.ts';
import { graphStyle, sceneTier, tierClass, type SceneTier } from './graph-style.ts';
import { markParallel } from './parallel-edges.ts';

export interface RendererEvents {
  onNodeDoubleClick(id: string): void;
  onMoreClick(id: string): void;
  /** Right-click or long press on a node; `at` is in page coordinates. */
  onContextMenu(id: string, at: Position): void;
  onSelectionChange(selection: Selection, selectedNodes: string[]): void;
  onNodesDragged(positions: Record<string, Position>): void;
  /** The user panned or zoomed (for the scene link). */
  onViewportChange?(): void;
}

const MORE_PREFIX = 'more:';

/** What an edge's evidence changes in its look: width per source, a mark when contested. */
function evidenceLook(edge: GraphEdge): { sources: number; contested: boolean; label: string } {
  const sources = edge.summary?.sources ?? 1;
  const contested = edge.summary?.contested ?? false;
  const count = sources > 1 ? ` ×${sources}` : '';
  return { sources, contested, label: `${contested ? '⚠ ' : ''}${edge.type}${count}` };
}
const ANIMATE_UP_TO = 120;
const MOVE_MS = 220;
/**
 * Big changes reach the canvas a slice per frame, so no frame has to restyle or re-route
 * the edges of a whole big scene at once (a frame over ~100 ms is a visible freeze).
 */
const RESTYLE_SLICE = 250;
const MOVE_SLICE = 150;

interface CanvasRendererInternals {
  hideEdgesOnViewport?: boolean;
  textureOnViewport?: boolean;
  /** Set by Cytoscape once a WebGL context is drawing. */
  webgl?: boolean;
}

/** The only code that talks to Cytoscape: it mirrors state onto the canvas. */
export class GraphRenderer {
  private core: cytoscape.Core;
  /** WebGL was asked for but this browser could not give it; the canvas draws instead. */
  webglUnavailable = false;
  private tier: SceneTier = 'small';
  private syncingSelection = false;
  private selectionTimer: ReturnType<typeof setTimeout> | undefined;
  private picked: string[] = [];
  /** The nodes of the last two taps: a double-click counts only when both are the same. */
  private taps: [string | null, string | null] = [null, null];
  /** "+N more" badges by the node they belong to (renderer-only elements). */
  private readonly badges = new Map<string, cytoscape.NodeSingular>();
  /** Elements still carrying the previous tier's class, restyled a slice per frame. */
  private restyleQueue: cytoscape.SingularElementArgument[] = [];
  /** Positions still to apply, a slice per frame (latest wins). */
  private readonly pendingMoves = new Map<cytoscape.NodeSingular, Position>();
  private sliceFrame = 0;
  /** When the node animations started by the last render end (performance.now() time). */
  private motionUntil = 0;
  /** What the last render drew from, to skip passes whose inputs did not change. */
  private last:
    | {
        graph: SceneState['graph'];
        hidden: SceneState['hidden'];
        pinned: SceneState['pinned'];
        paging: SceneState['paging'];
        filters: UiState['filters'];
        highlight: UiState['highlight'];
      }
    | undefined;

  /**
   * `webgl` draws with Cytoscape's WebGL renderer: much faster on a graphics card, much
   * slower on software rendering, so it is the user's choice.
   */
  constructor(
    private readonly container: HTMLElement,
    private readonly events: RendererEvents,
    options: { webgl?: boolean } = {},
  ) {
    this.core = this.create(!!options.webgl);
    this.bindEvents();
  }

  get cy(): cytoscape.Core {
    return this.core;
  }

  /**
   * Redraws the same scene with the other renderer, keeping the view; the caller renders
   * the state again afterwards. Returns whether WebGL is now drawing.
   */
  setWebgl(on: boolean): boolean {
    if (on === this.webgl) return on;
    const zoom = this.core.zoom();
    const pan = { ...this.core.pan() };
    cancelAnimationFrame(this.sliceFrame);
    clearTimeout(this.selectionTimer);
    this.core.destroy();
    this.sliceFrame = 0;
    this.restyleQueue = [];
    this.pendingMoves.clear();
    this.badges.clear();
    this.picked = [];
    this.motionUntil = 0;
    this.last = undefined;
    this.tier = 'small';
    this.core = this.create(on);
    this.bindEvents();
    this.core.viewport({ zoom, pan });
    return this.webgl;
  }

  private create(webgl: boolean): cytoscape.Core {
    this.webglUnavailable = false;
    try {
      return this.createCore(webgl);
    } catch (error) {
      if (!webgl) throw error;
      // No WebGL 2 here (Cytoscape throws while making its canvas): draw on the canvas.
      this.container.replaceChildren();
      this.webglUnavailable = true;
      return this.createCore(false);
    }
  }

  private createCore(webgl: boolean): cytoscape.Core {
    return cytoscape({
      container: this.container,
      style: graphStyle(),
      pixelRatio: 1,
      textureOnViewport: false,
      hideEdgesOnViewport: false,
      motionBlur: false,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: true,
      selectionType: 'additive',
      ...(webgl ? { renderer: { name: 'canvas', webgl: true } } : {}),
    } as cytoscape.CytoscapeOptions);
  }

  private bindEvents(): void {
    const cy = this.cy;
    cy.on('dbltap', 'node', (event) => {
      const id = (event.target as cytoscape.NodeSingular).id();
      // Cytoscape counts any two quick clicks as a double-click, even on two nodes.
      if (this.taps[0] !== id || this.taps[1] !== id) return;
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
    // Long press is the touch stand-in for right-click; with a mouse it would fight dragging.
    cy.on('taphold', 'node', (event) => {
      if (typeof TouchEvent !== 'undefined' && event.originalEvent instanceof TouchEvent) {
        openMenu(event);
      }
    });
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
      this.taps = [
        this.taps[1],
        target === cy ? null : (target as cytoscape.SingularElementArgument).id(),
      ];
      if (target === cy) return;
      const element = target as cytoscape.SingularElementArgument;
      if (element.isNode() && element.hasClass('more')) return;
      if (additive) return;
      cy.elements(':selected').not(element).unselect();
      // Additive mode would toggle a selected element off; a plain click keeps it picked
      // (Shift+click is the way to let go of one).
      if (element.selected()) {
        element.unselectify();
        queueMicrotask(() => element.selectify());
      }
    });
    cy.on('viewport', () => this.events.onViewportChange?.());
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
      if (this.badges.size === 0) return;
      const node = event.target as cytoscape.NodeSingular;
      const badge = this.badges.get(node.id());
      if (badge && !badge.removed()) badge.position(badgeSpot(node.position()));
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
    this.tune(sceneTier(nodeCount, edgeCount));
    const moves: [cytoscape.NodeSingular, Position][] = [];
    const classes = tierClass(this.tier);
    const last = this.last;
    const graphChanged = !last || last.graph !== scene.graph;

    cy.batch(() => {
      const drawn = new Map<string, cytoscape.SingularElementArgument>();
      if (graphChanged) {
        const gone = cy.elements().filter((element) => {
          const id = element.id();
          const keep = element.isNode()
            ? !!scene.graph.nodes[id.startsWith(MORE_PREFIX) ? id.slice(MORE_PREFIX.length) : id]
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
      for (const node of Object.values(scene.graph.nodes)) {
        const position = scene.positions[node.id] ?? { x: 0, y: 0 };
        const existing = drawn.get(node.id) as cytoscape.NodeSingular | undefined;
        const look = labelStyle(primaryLabel(node.labels), ui.schema);
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
          // A move still queued is where the node is going: compare with that.
          const at = this.pendingMoves.get(existing) ?? existing.position();
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
      const added = additions.length > 0 ? cy.add(additions) : cy.collection();
      if (graphChanged) markParallel(cy);

      // Classes depend on these inputs only: when just the graph grew, only newcomers need
      // them; position-only updates skip the pass.
      const inputsChanged =
        !last ||
        last.hidden !== scene.hidden ||
        last.pinned !== scene.pinned ||
        last.filters !== ui.filters ||
        last.highlight !== ui.highlight;
      if (inputsChanged) this.applyClasses(cy.elements(), scene, ui, visible);
      else if (added.nonempty()) this.applyClasses(added, scene, ui, visible);
      if (inputsChanged || graphChanged || last.paging !== scene.paging) {
        this.renderBadges(scene, visible);
      }
    });

    // An emptied canvas starts again at normal size, so the next node is not a close-up.
    if (nodeCount === 0 && last && Object.keys(last.graph.nodes).length > 0) {
      cy.stop(true, false);
      cy.viewport({ zoom: 1, pan: { x: cy.width() / 2, y: cy.height() / 2 } });
    }
    this.last = {
      graph: scene.graph,
      hidden: scene.hidden,
      pinned: scene.pinned,
      paging: scene.paging,
      filters: ui.filters,
      highlight: ui.highlight,
    };
    this.applyMoves(moves);
    this.syncSelection(ui);
  }

  private applyClasses(
    elements: cytoscape.CollectionReturnValue,
    scene: SceneState,
    ui: UiState,
    visible: { nodes: Set<string>; edges: Set<string> },
  ): void {
    const highlight = ui.highlight
      ? { nodes: new Set(ui.highlight.nodes), edges: new Set(ui.highlight.edges) }
      : null;
    elements.nodes().forEach((node) => {
      const id = node.id();
      if (id.startsWith(MORE_PREFIX)) return;
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

  private renderBadges(scene: SceneState, visible: { nodes: Set<string> }): void {
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

  private applyMoves(moves: [cytoscape.NodeSingular, Position][]): void {
    if (moves.length === 0) return;
    if (moves.length > ANIMATE_UP_TO || this.tier === 'large') {
      for (const [node, p] of moves) this.pendingMoves.set(node, p);
      if (this.pendingMoves.size <= MOVE_SLICE) this.applySlices();
      else this.scheduleSlices();
      return;
    }
    for (const [node, p] of moves) {
      this.pendingMoves.delete(node);
      node.stop(true, false);
      node.animate({ position: { ...p } }, { duration: MOVE_MS, easing: 'ease-out-cubic' });
    }
    this.motionUntil = performance.now() + MOVE_MS;
  }

  /** Whether Cytoscape draws this canvas with WebGL. */
  get webgl(): boolean {
    return !!this.internals().webgl;
  }

  private internals(): CanvasRendererInternals {
    return (this.cy as unknown as { renderer(): CanvasRendererInternals }).renderer();
  }

  /** Whether restyling or moves are still reaching the canvas a slice per frame. */
  get busy(): boolean {
    return this.sliceFrame !== 0;
  }

  private scheduleSlices(): void {
    if (this.sliceFrame) return;
    this.sliceFrame = requestAnimationFrame(() => {
      this.sliceFrame = 0;
      this.applySlices();
    });
  }

  /** One frame's share of pending restyling and moves; schedules the next if any remain. */
  private applySlices(): void {
    if (this.cy.destroyed()) return;
    const classes = tierClass(this.tier);
    const restyle = this.restyleQueue.splice(0, RESTYLE_SLICE);
    const moves = [...this.pendingMoves].slice(0, MOVE_SLICE);
    this.cy.batch(() => {
      for (const element of restyle) {
        if (element.removed()) continue;
        element.toggleClass('medium', classes === 'medium');
        element.toggleClass('large', classes === 'large');
      }
      for (const [node, p] of moves) {
        this.pendingMoves.delete(node);
        if (node.removed() || node.grabbed()) continue;
        // A move still animating from an earlier render must not land after this one.
        node.stop(true, false);
        node.position({ ...p });
      }
    });
    if (this.restyleQueue.length > 0 || this.pendingMoves.size > 0) this.scheduleSlices();
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

  private tune(tier: SceneTier): void {
    if (tier === this.tier) return;
    this.tier = tier;
    const large = tier === 'large';
    // These canvas options are read at every frame, so they can change with the scene size.
    const internals = this.internals();
    internals.hideEdgesOnViewport = large;
    internals.textureOnViewport = large;
    const classes = tierClass(tier);
    this.restyleQueue = this.cy
      .elements()
      .filter(
        (element) =>
          !element.hasClass('more') &&
          (element.hasClass('medium') !== (classes === 'medium') ||
            element.hasClass('large') !== (classes === 'large')),
      )
      .toArray();
    if (this.restyleQueue.length <= RESTYLE_SLICE) this.applySlices();
    else this.scheduleSlices();
  }

  /** Fits the view to some nodes, or to everything; waits for nodes on the move to land. */
  fit(ids?: string[]): void {
    const moving = this.motionUntil - performance.now();
    if (moving > 0 || this.busy) {
      setTimeout(() => this.fit(ids), Math.max(moving, 16));
      return;
    }
    const wanted = ids?.length ? new Set(ids) : null;
    const target = wanted
      ? this.cy.nodes().filter((node) => wanted.has(node.id()))
      : this.cy.elements(':visible');
    fitTo(this.cy, target);
  }

  /**
   * Brings newcomers into view when some of them fell outside it: pans (and zooms out only
   * as far as needed) to show them with the node they came from.
   */
  follow(ids: string[], origin: string | null): void {
    const moving = this.motionUntil - performance.now();
    if (moving > 0 || this.busy) {
      setTimeout(() => this.follow(ids, origin), Math.max(moving, 16));
      return;
    }
    const wanted = new Set(ids);
    followTo(
      this.cy,
      this.cy.nodes().filter((node) => wanted.has(node.id())),
      origin,
    );
  }

  get viewport(): Viewport {
    return { zoom: this.cy.zoom(), pan: { ...this.cy.pan() } };
  }

  setViewport(viewport: Viewport): void {
    this.cy.stop(true, false);
    this.cy.viewport({ zoom: viewport.zoom, pan: { ...viewport.pan } });
  }

  /** How an element is drawn, as the stylesheet resolved it (for tests and exports). */
  drawnStyle(id: string): Record<string, string> | null {
    const element = this.cy.getElementById(id);
    if (element.empty()) return null;
    const names = element.isNode()
      ? ['background-color', 'shape', 'display']
      : [
          'line-color',
          'line-style',
          'line-dash-pattern',
          'target-arrow-shape',
          'color',
          'text-background-color',
          'text-background-opacity',
          'font-size',
          'opacity',
          'text-opacity',
          'curve-style',
          'display',
          'label',
        ];
    const out: Record<string, string> = { zoom: String(this.cy.zoom()) };
    for (const name of names) out[name] = String(element.style(name) as unknown);
    return out;
  }

  centre(id: string): void {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    const zoom = Math.max(this.cy.zoom(), 1);
    this.cy.animate({ center: { eles: node }, zoom }, { duration: 250 });
  }

  /** Pans (without zooming) just enough to bring a node that is out of view to the centre. */
  reveal(id: string): void {
    const node = this.cy.getElementById(id);
    if (node.empty()) return;
    const p = node.renderedPosition();
    const margin = 40;
    if (
      p.x >= margin &&
      p.y >= margin &&
      p.x <= this.cy.width() - margin &&
      p.y <= this.cy.height() - margin
    ) {
      return;
    }
    this.cy.animate({ center: { eles: node } }, { duration: 200 });
  }

  /** The middle of what is in view, in scene coordinates. */
  viewportCentre(): Position {
    const box = this.cy.extent();
    return { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
  }

  private noted = new Set<string>();

  /** Marks the nodes and edges that carry an analyst's note. */
  markNoted(ids: ReadonlySet<string>): void {
    this.cy.batch(() => {
      for (const id of this.noted)
        if (!ids.has(id)) this.cy.getElementById(id).removeClass('noted');
      for (const id of ids) this.cy.getElementById(id).addClass('noted');
    });
    this.noted = new Set(ids);
  }

  /** The whole scene as a PNG at twice screen scale, fit for print. */
  exportPng(scale = 2): Blob {
    return this.cy.png({ output: 'blob', bg: '#ffffff', full: true, scale });
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
