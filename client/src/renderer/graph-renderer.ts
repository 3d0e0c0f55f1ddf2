import cytoscape from 'cytoscape';
import type { Position, SceneState, UiState, Viewport } from '../state/types.ts';
import { fitTo, followTo } from './camera.ts';
import { FrameSlicer } from './frame-slicer.ts';
import { GraphInput, type RendererEvents } from './graph-input.ts';
import { graphStyle, sceneTier, tierClass, type SceneTier } from './graph-style.ts';
import { MoreBadges } from './more-badges.ts';
import { markParallel } from './parallel-edges.ts';
import { applyClasses, diffScene, type VisibleSet } from './scene-diff.ts';

export type { RendererEvents } from './graph-input.ts';

interface CanvasRendererInternals {
  hideEdgesOnViewport?: boolean;
  textureOnViewport?: boolean;
  /** Set by Cytoscape once a WebGL context is drawing. */
  webgl?: boolean;
}

/** One Cytoscape canvas and the parts bound to it; remade whole when the renderer changes. */
interface Canvas {
  core: cytoscape.Core;
  input: GraphInput;
  slicer: FrameSlicer;
  badges: MoreBadges;
}

/** The only code that talks to Cytoscape: it mirrors state onto the canvas. */
export class GraphRenderer {
  private canvas: Canvas;
  /** WebGL was asked for but this browser could not give it; the canvas draws instead. */
  webglUnavailable = false;
  private tier: SceneTier = 'small';
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
    this.canvas = this.mount(!!options.webgl);
  }

  get cy(): cytoscape.Core {
    return this.canvas.core;
  }

  /**
   * Redraws the same scene with the other renderer, keeping the view; the caller renders
   * the state again afterwards. Returns whether WebGL is now drawing.
   */
  setWebgl(on: boolean): boolean {
    if (on === this.webgl) return on;
    const zoom = this.cy.zoom();
    const pan = { ...this.cy.pan() };
    this.canvas.slicer.cancel();
    this.canvas.input.dispose();
    this.cy.destroy();
    this.last = undefined;
    this.tier = 'small';
    this.canvas = this.mount(on);
    this.cy.viewport({ zoom, pan });
    return this.webgl;
  }

  private mount(webgl: boolean): Canvas {
    const core = this.create(webgl);
    return {
      core,
      input: new GraphInput(core, this.events),
      slicer: new FrameSlicer(core),
      badges: new MoreBadges(core),
    };
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

  /** Mirrors the scene onto the canvas: adds, removes, moves and restyles what changed. */
  render(scene: SceneState, ui: UiState, visible: VisibleSet): void {
    const cy = this.cy;
    const { slicer, badges } = this.canvas;
    const nodeCount = Object.keys(scene.graph.nodes).length;
    const edgeCount = Object.keys(scene.graph.edges).length;
    this.tune(sceneTier(nodeCount, edgeCount));
    const last = this.last;
    const graphChanged = !last || last.graph !== scene.graph;
    let moves: [cytoscape.NodeSingular, Position][] = [];

    cy.batch(() => {
      const diff = diffScene(cy, scene, ui, graphChanged, tierClass(this.tier), (node) =>
        slicer.destination(node),
      );
      moves = diff.moves;
      const added = diff.additions.length > 0 ? cy.add(diff.additions) : cy.collection();
      if (graphChanged) markParallel(cy);

      // Classes depend on these inputs only: when just the graph grew, only newcomers need
      // them; position-only updates skip the pass.
      const inputsChanged =
        !last ||
        last.hidden !== scene.hidden ||
        last.pinned !== scene.pinned ||
        last.filters !== ui.filters ||
        last.highlight !== ui.highlight;
      if (inputsChanged) applyClasses(cy.elements(), scene, ui, visible);
      else if (added.nonempty()) applyClasses(added, scene, ui, visible);
      if (inputsChanged || graphChanged || last.paging !== scene.paging) {
        badges.render(scene, visible);
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
    slicer.move(moves, this.tier === 'large');
    this.canvas.input.syncSelection(ui);
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
    // Nodes look alike in the medium and large tiers: only leaving or entering the small
    // tier restyles them (a restyle redraws a node's cached picture too).
    const stale = this.cy
      .elements()
      .filter((element) => {
        if (element.hasClass('more')) return false;
        const medium = element.hasClass('medium');
        const large = element.hasClass('large');
        if (element.isNode()) return medium || large ? tier === 'small' : tier !== 'small';
        return medium !== (classes === 'medium') || large !== (classes === 'large');
      })
      .toArray();
    this.canvas.slicer.restyle(stale, classes);
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
    return this.canvas.slicer.busy;
  }

  /** Fits the view to some nodes, or to everything; waits for nodes on the move to land. */
  fit(ids?: string[]): void {
    const moving = this.canvas.slicer.settlingFor;
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
    const moving = this.canvas.slicer.settlingFor;
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
