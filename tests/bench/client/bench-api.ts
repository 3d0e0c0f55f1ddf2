/** What the bench page offers the benchmark driver (window.ententeBench). */

export type RenderMode = 'default' | 'tuned' | 'webgl';
export type Quality = 'draft' | 'default' | 'proof';

export interface MountedScene {
  nodes: number;
  edges: number;
  /** Whether a WebGL context drives the canvas. */
  webgl: boolean;
}

export interface FrameCount {
  /** Browser frames (requestAnimationFrame callbacks). */
  frames: number;
  ms: number;
  /** Canvas redraws by Cytoscape's render loop: the frames that showed the gesture. */
  redraws: number;
  /** Mouse moves and wheel turns the page received. */
  inputs: number;
  worstGapMs: number;
}

export interface LongTasks {
  count: number;
  longestMs: number;
}

export interface OnScreenTiming {
  /** Request to the first positions drawn (a draft for big scenes). */
  firstMs: number;
  /** Request to the final positions drawn. */
  finalMs: number;
  /** Compute time the layout worker reported for its final result. */
  layoutMs: number;
  /** Main-thread time spent handing the positions to the renderer (not the canvas redraw). */
  drawMs: number;
  /** The slowest canvas redraw by Cytoscape in the window. */
  longestRedrawMs: number;
  longTasks: LongTasks;
  /**
   * Forced full redraws of the scene once settled (every element's geometry recomputed,
   * every layer drawn), each run's ms: what a frame cannot avoid for this scene.
   */
  forcedRedrawsMs: number[];
}

export interface ClientBenchApi {
  /** Draws a random graph of `elements` (nodes + edges, 2 edges per node) with preset positions. */
  mountScene(elements: number, mode: RenderMode, seed: number): MountedScene;
  /** A point in page coordinates with no node under it, away from the canvas edges. */
  freeSpot(): { x: number; y: number } | null;
  startFrames(): void;
  stopFrames(): FrameCount;
  /** Forced full redraws of the scene on screen (see OnScreenTiming); each run's ms. */
  forcedRedraws(count: number): number[];
  /** The calibration workload (calibration.ts) in the page; each run's ms. */
  calibrate(): number[];
  /** fCoSE at `quality` on the page's main thread; ms of the layout run. */
  fcoseOnMain(nodes: number, quality: Quality, seed: number): number;
  /** The same fCoSE run on a Web Worker; ms of the layout run, or null past `timeoutMs`. */
  fcoseOnWorker(
    nodes: number,
    quality: Quality,
    seed: number,
    timeoutMs: number,
  ): Promise<number | null>;
  /** The explorer's full layout (its layout worker) of a random graph, until drawn. */
  explorerLayout(nodes: number, seed: number): Promise<OnScreenTiming>;
  /** Lays out a random `nodes`-node scene once and keeps it as the base for expansions. */
  prepareExpansionScene(nodes: number, seed: number): Promise<void>;
  /** Brings `newcomers` neighbours of one node into the base scene the explorer's way. */
  expandIncrementally(newcomers: number, seed: number): Promise<OnScreenTiming>;
  /** The explorer's full re-layout of the last expanded scene. */
  relayoutExpanded(): Promise<OnScreenTiming>;
}

declare global {
  interface Window {
    ententeBench: ClientBenchApi;
  }
}
