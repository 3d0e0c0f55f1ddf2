import cytoscape from 'cytoscape';
import { placeNewcomers } from '../../../client/src/layout/initial-placement.ts';
import { LayoutClient } from '../../../client/src/layout/layout-client.ts';
import { layoutRequest } from '../../../client/src/layout/layout-request.ts';
import type { LayoutRequest, LayoutResult } from '../../../client/src/layout/types.ts';
import { GraphRenderer, type RendererEvents } from '../../../client/src/renderer/graph-renderer.ts';
import { graphStyle, tierClass } from '../../../client/src/renderer/graph-style.ts';
import { noFilters, visibleElements } from '../../../client/src/state/filters.ts';
import { addGraph, emptyScene, setPositions } from '../../../client/src/state/scene.ts';
import type { SceneState, UiState } from '../../../client/src/state/types.ts';
import { labelStyle, primaryLabel } from '../../../client/src/theme/label-style.ts';
import type { GraphEdge, GraphNode } from '../../../server/api-types.ts';
import type { ClientBenchApi, LongTasks, OnScreenTiming, Quality } from './bench-api.ts';
import { calibrate } from './calibration.ts';
import { runFcose } from './fcose-run.ts';
import { randomGraph, seededRandom } from './random-graph.ts';

const host = document.getElementById('canvas') as HTMLElement;
const ui: UiState = {
  selection: null,
  selectedNodes: [],
  highlight: null,
  filters: noFilters(),
  schema: null,
};
const quiet: RendererEvents = {
  onNodeDoubleClick: () => {},
  onMoreClick: () => {},
  onContextMenu: () => {},
  onSelectionChange: () => {},
  onNodesDragged: () => {},
};

// Long tasks on this page's main thread, kept with their start times.
const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({
  type: 'longtask',
  buffered: true,
});

async function longTasksSince(started: number): Promise<LongTasks> {
  // Entries arrive after the task ends; give the observer a turn before reading.
  await new Promise((resolve) => setTimeout(resolve, 60));
  const during = longTasks.filter((t) => t.startTime >= started - 1);
  return {
    count: during.length,
    longestMs: during.reduce((m, t) => Math.max(m, t.duration), 0),
  };
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
/**
 * Resolves once what was drawn before the call has reached a presented frame, including
 * the changes the renderer hands to the canvas a slice per frame.
 */
const painted = async () => {
  while (renderer?.busy) await nextFrame();
  await nextFrame();
  await nextFrame();
};

let cy: cytoscape.Core | undefined;
let renderer: GraphRenderer | undefined;

function unmount(): void {
  cy?.destroy();
  cy = undefined;
  renderer = undefined;
  host.replaceChildren();
}

function container(): HTMLElement {
  const div = document.createElement('div');
  div.style.cssText = 'position:absolute;inset:0';
  host.append(div);
  return div;
}

/** The explorer's own path: scene state mirrored onto the canvas by its renderer. */
function drawWithExplorer(scene: SceneState): GraphRenderer {
  if (!renderer) {
    unmount();
    renderer = new GraphRenderer(container(), quiet);
    cy = renderer.cy;
  }
  renderer.render(scene, ui, visibleElements(scene, ui.filters));
  return renderer;
}

/** Element definitions carrying the same data the explorer's renderer gives Cytoscape. */
function elementsOf(
  nodes: GraphNode[],
  edges: GraphEdge[],
  positions: SceneState['positions'],
  classes: string,
): cytoscape.ElementDefinition[] {
  return [
    ...nodes.map((node) => {
      const look = labelStyle(primaryLabel(node.labels));
      return {
        group: 'nodes' as const,
        data: { id: node.id, label: node.caption, color: look.color, shape: look.shape },
        position: { ...(positions[node.id] ?? { x: 0, y: 0 }) },
        classes,
      };
    }),
    ...edges.map((edge) => ({
      group: 'edges' as const,
      data: {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        type: edge.type,
        stance: String(edge.properties.stance ?? 'none'),
      },
      classes,
    })),
  ];
}

interface CanvasInternals {
  redrawCount?: number;
  lastRedrawTime?: number;
  webgl?: boolean;
  redrawHint(group: 'eles' | 'drag', dirty: boolean): void;
  flushRenderedStyleQueue(): void;
  render(): void;
  data: { contexts: (CanvasRenderingContext2D | undefined)[] };
}
const internals = (core: cytoscape.Core) =>
  (core as unknown as { renderer(): CanvasInternals }).renderer();

// Browser frames (requestAnimationFrame), canvas redraws and input events in one window.
let frames = { count: 0, redraws: 0, inputs: 0, started: 0, last: 0, worst: 0 };
let counting = false;
function tick(now: number): void {
  if (!counting) return;
  frames.count += 1;
  frames.worst = Math.max(frames.worst, now - frames.last);
  frames.last = now;
  requestAnimationFrame(tick);
}
for (const type of ['mousemove', 'wheel'] as const) {
  window.addEventListener(
    type,
    () => {
      if (counting) frames.inputs += 1;
    },
    { capture: true, passive: true },
  );
}

const layouts = new LayoutClient();
let warmed = false;
async function warmLayoutWorker(): Promise<void> {
  if (warmed) return;
  const { payload, positions } = randomGraph(30, 60, 1);
  await layouts.layout(layoutRequest(addGraph(payload, positions)(emptyScene()), 'full'));
  warmed = true;
}

/** Runs a layout through the explorer's worker and draws each result as the explorer does. */
async function layoutOnScreen(
  scene: SceneState,
  request: LayoutRequest,
  started: number,
): Promise<{ scene: SceneState; timing: OnScreenTiming }> {
  let firstMs = 0;
  let layoutMs = 0;
  let drawMs = 0;
  let current = scene;
  const redraws = watchRedraws();
  const apply = (result: LayoutResult) => {
    layoutMs = result.ms;
    current = setPositions(result.positions)(current);
    const drawStarted = performance.now();
    drawWithExplorer(current);
    drawMs += performance.now() - drawStarted;
    if (!firstMs) {
      void painted().then(() => {
        firstMs ||= performance.now() - started;
      });
    }
  };
  await layouts.layout(request, apply);
  await painted();
  const finalMs = performance.now() - started;
  return {
    scene: current,
    timing: {
      firstMs: firstMs || finalMs,
      finalMs,
      layoutMs,
      drawMs,
      longestRedrawMs: redraws.stop(),
      longTasks: await longTasksSince(started),
      forcedRedrawsMs: forcedRedraws(FORCED_REDRAWS),
    },
  };
}

/** Watches Cytoscape's redraws until stopped; `stop` returns the slowest one's duration. */
function watchRedraws(): { stop(): number } {
  let longest = 0;
  // Counted from now: a redraw in the very next frame may run before this watcher does.
  let lastCount = cy ? (internals(cy).redrawCount ?? 0) : -1;
  let watching = true;
  const watch = () => {
    const canvas = cy ? internals(cy) : undefined;
    if (canvas && canvas.redrawCount !== lastCount) {
      if (lastCount >= 0) longest = Math.max(longest, canvas.lastRedrawTime ?? 0);
      lastCount = canvas.redrawCount ?? 0;
    }
    if (watching) requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
  return {
    stop() {
      watching = false;
      return longest;
    },
  };
}

/**
 * The canvas's unavoidable cost for the scene on screen: every element's geometry
 * recomputed and every layer drawn and rasterised in one go, as on the frame after a
 * layout has moved every node. Each run's ms.
 */
function forcedRedraws(count: number): number[] {
  const core = cy;
  if (!core) return [];
  const canvas = internals(core);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    (core.elements() as unknown as { dirtyBoundingBoxCache(): void }).dirtyBoundingBoxCache();
    canvas.flushRenderedStyleQueue();
    canvas.redrawHint('eles', true);
    canvas.redrawHint('drag', true);
    canvas.render();
    // Canvas 2D records drawing and rasterises it later; reading a pixel back makes the
    // pixels part of the figure, as they are part of a frame.
    for (const context of canvas.data.contexts) {
      if (typeof context?.getImageData === 'function') context.getImageData(0, 0, 1, 1);
    }
    out.push(performance.now() - started);
  }
  return out;
}

const FORCED_REDRAWS = 5;

let baseScene: SceneState | undefined;
let expandedScene: SceneState | undefined;

const api: ClientBenchApi = {
  mountScene(elements, mode, seed) {
    unmount();
    const nodeCount = Math.round(elements / 3);
    const { payload, positions } = randomGraph(nodeCount, elements - nodeCount, seed);
    if (mode === 'tuned') {
      drawWithExplorer(addGraph(payload, positions)(emptyScene()));
    } else {
      cy = cytoscape({
        container: container(),
        // Default: Cytoscape's own options with the explorer's untuned (medium) look.
        // WebGL: Cytoscape's WebGL mode with the explorer's big-scene look.
        elements: elementsOf(
          payload.nodes,
          payload.edges,
          positions,
          tierClass(mode === 'webgl' ? 'large' : 'medium'),
        ),
        layout: { name: 'preset' },
        style: graphStyle(),
        ...(mode === 'webgl' ? { pixelRatio: 1, renderer: { name: 'canvas', webgl: true } } : {}),
      } as cytoscape.CytoscapeOptions);
    }
    const core = cy as cytoscape.Core;
    core.fit(undefined, 30);
    const webgl = !!internals(core).webgl;
    return { nodes: core.nodes().length, edges: core.edges().length, webgl };
  },

  freeSpot() {
    if (!cy) return null;
    const random = seededRandom(Math.floor(performance.now()));
    const zoom = cy.zoom();
    const pan = cy.pan();
    const positions = cy.nodes().map((n) => n.position());
    // Half a node (30 units wide) plus 8 px on screen.
    const clearance = 15 + 8 / zoom;
    for (let attempt = 0; attempt < 200; attempt++) {
      const x = 320 + random() * (window.innerWidth - 640);
      const y = 200 + random() * (window.innerHeight - 400);
      const mx = (x - pan.x) / zoom;
      const my = (y - pan.y) / zoom;
      if (positions.every((p) => Math.hypot(p.x - mx, p.y - my) > clearance)) return { x, y };
    }
    return null;
  },

  startFrames() {
    const now = performance.now();
    frames = {
      count: 0,
      redraws: cy ? (internals(cy).redrawCount ?? 0) : 0,
      inputs: 0,
      started: now,
      last: now,
      worst: 0,
    };
    counting = true;
    requestAnimationFrame(tick);
  },

  stopFrames() {
    counting = false;
    return {
      frames: frames.count,
      ms: performance.now() - frames.started,
      redraws: (cy ? (internals(cy).redrawCount ?? 0) : 0) - frames.redraws,
      inputs: frames.inputs,
      worstGapMs: frames.worst,
    };
  },

  calibrate() {
    return calibrate();
  },

  forcedRedraws(count) {
    return forcedRedraws(count);
  },

  fcoseOnMain(nodes, quality, seed) {
    return runFcose(nodes, quality, seed);
  },

  fcoseOnWorker(nodes, quality, seed, timeoutMs) {
    const worker = new Worker(new URL('./fcose.worker.ts', import.meta.url), { type: 'module' });
    return new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.terminate();
        resolve(null);
      }, timeoutMs);
      worker.onmessage = (event: MessageEvent<{ ms: number }>) => {
        clearTimeout(timer);
        worker.terminate();
        resolve(event.data.ms);
      };
      worker.onerror = (event) => {
        clearTimeout(timer);
        worker.terminate();
        reject(new Error(event.message));
      };
      worker.postMessage({ nodes, quality: quality satisfies Quality, seed });
    });
  },

  async explorerLayout(nodes, seed) {
    await warmLayoutWorker();
    unmount();
    const { payload, positions } = randomGraph(nodes, nodes * 2, seed);
    const scene = addGraph(payload, positions)(emptyScene());
    drawWithExplorer(scene);
    await painted();
    const started = performance.now();
    const { timing } = await layoutOnScreen(scene, layoutRequest(scene, 'full'), started);
    return timing;
  },

  async prepareExpansionScene(nodes, seed) {
    await warmLayoutWorker();
    unmount();
    const { payload, positions } = randomGraph(nodes, nodes * 2, seed);
    const scene = addGraph(payload, positions)(emptyScene());
    const laidOut = await layouts.layout(layoutRequest(scene, 'full'));
    baseScene = setPositions(laidOut.positions)(scene);
  },

  async expandIncrementally(newcomers, seed) {
    if (!baseScene) throw new Error('prepareExpansionScene first');
    const base = baseScene;
    drawWithExplorer(base);
    cy?.fit(undefined, 30);
    await painted();

    const random = seededRandom(seed);
    const ids = Object.keys(base.graph.nodes);
    const origin = ids[Math.floor(random() * ids.length)] as string;
    const fresh = Array.from({ length: newcomers }, (_, i) => `x${seed}-${i}`);
    const nodes: GraphNode[] = fresh.map((id) => ({
      id,
      labels: ['Person'],
      caption: `Newcomer ${id}`,
      properties: {},
    }));
    const edges: GraphEdge[] = fresh.map((id, i) => ({
      id: `xe${seed}-${i}`,
      type: 'BACKS',
      source: origin,
      target: id,
      properties: { stance: 'reported' },
      relationshipIds: [`xe${seed}-${i}`],
      evidence: [],
      summary: { sources: 1, contested: false },
    }));
    // Some newcomers also know nodes already on the canvas.
    for (let i = 0; i < Math.ceil(newcomers / 5); i++) {
      edges.push({
        id: `xc${seed}-${i}`,
        type: 'MEMBER_OF',
        source: fresh[Math.floor(random() * fresh.length)] as string,
        target: ids[Math.floor(random() * ids.length)] as string,
        properties: { stance: 'claim' },
        relationshipIds: [`xc${seed}-${i}`],
        evidence: [],
        summary: { sources: 1, contested: false },
      });
    }

    // What Explorer.bringIn does: settle the newcomers next to their origin and draw them
    // (a batch too big to settle here would go to the worker).
    const started = performance.now();
    const placed = placeNewcomers(base.positions, fresh, edges, origin);
    const layoutMs = performance.now() - started;
    const scene = addGraph({ nodes, edges }, placed.positions)(base);
    if (!placed.relaxed) {
      drawWithExplorer(scene);
      const result = await layoutOnScreen(
        scene,
        layoutRequest(scene, 'incremental', fresh),
        started,
      );
      expandedScene = result.scene;
      return result.timing;
    }
    const redraws = watchRedraws();
    const drawStarted = performance.now();
    drawWithExplorer(scene);
    const drawMs = performance.now() - drawStarted;
    await painted();
    const finalMs = performance.now() - started;
    expandedScene = scene;
    return {
      firstMs: finalMs,
      finalMs,
      layoutMs,
      drawMs,
      longestRedrawMs: redraws.stop(),
      longTasks: await longTasksSince(started),
      forcedRedrawsMs: forcedRedraws(FORCED_REDRAWS),
    };
  },

  async relayoutExpanded() {
    if (!expandedScene) throw new Error('expandIncrementally first');
    const scene = expandedScene;
    drawWithExplorer(scene);
    await painted();
    const started = performance.now();
    return (await layoutOnScreen(scene, layoutRequest(scene, 'full'), started)).timing;
  },
};

window.ententeBench = api;
