import type { ConsoleHandle } from './panels/console/console-panel.ts';
import type { GraphRenderer } from './renderer/graph-renderer.ts';
import { edgeDate, visibleElements } from './state/filters.ts';
import { remainingNeighbours } from './state/scene.ts';
import type { Position, SceneState, UiState, Viewport } from './state/types.ts';

export interface SceneSnapshot {
  nodes: {
    id: string;
    caption: string;
    labels: string[];
    position: Position | null;
    hidden: boolean;
    pinned: boolean;
    more: number;
    /** Drawn on the canvas (not hidden, not filtered out). */
    visible: boolean;
  }[];
  edges: {
    id: string;
    type: string;
    source: string;
    target: string;
    stance: string | null;
    date: string | null;
    visible: boolean;
    /** Every stored relationship drawn as this edge. */
    relationshipIds: string[];
    contested: boolean;
  }[];
  selection: string | null;
  highlight: { nodes: string[]; edges: string[] } | null;
  filters: {
    hiddenLabels: string[];
    hiddenTypes: string[];
    hiddenStances: string[];
    asOf: string | null;
  };
  canUndo: boolean;
  canRedo: boolean;
}

declare global {
  /** True in the end-to-end build only (see client/vite.config.ts). */
  const __ENTENTE_TEST_HOOK__: boolean;
  interface Window {
    __entente?: {
      snapshot(): SceneSnapshot;
      pagePosition(id: string): Position | null;
      consoleLoaded(): boolean;
      /** Whether the canvas is drawn by Cytoscape's WebGL renderer. */
      webgl(): boolean;
      /** How the canvas draws an element, as its stylesheet resolved it. */
      drawnStyle(id: string): Record<string, string> | null;
      viewport(): Viewport | null;
    };
  }
}

/** The state a page draws: the explorer's, or a read-only link's (which never changes). */
export interface HookedState {
  scene: { get(): SceneState; canUndo(): boolean; canRedo(): boolean };
  ui: { get(): UiState };
}

/** A read-only window onto state for end-to-end tests: what users see, as data. */
export function installTestHook(
  explorer: HookedState,
  renderer: () => GraphRenderer | undefined,
  consoleHandle: () => ConsoleHandle | undefined,
): void {
  window.__entente = Object.freeze({
    snapshot(): SceneSnapshot {
      const scene = explorer.scene.get();
      const ui = explorer.ui.get();
      const visible = visibleElements(scene, ui.filters);
      return {
        nodes: Object.values(scene.graph.nodes).map((n) => ({
          id: n.id,
          caption: n.caption,
          labels: [...n.labels],
          position: scene.positions[n.id] ? { ...scene.positions[n.id]! } : null,
          hidden: !!scene.hidden[n.id],
          pinned: !!scene.pinned[n.id],
          more: remainingNeighbours(scene, n.id),
          visible: visible.nodes.has(n.id),
        })),
        edges: Object.values(scene.graph.edges).map((e) => ({
          id: e.id,
          type: e.type,
          source: e.source,
          target: e.target,
          stance: typeof e.properties.stance === 'string' ? e.properties.stance : null,
          date: edgeDate(e),
          visible: visible.edges.has(e.id),
          relationshipIds: [...(e.relationshipIds ?? [e.id])],
          contested: e.summary?.contested ?? false,
        })),
        selection: ui.selection?.id ?? null,
        highlight: ui.highlight
          ? { nodes: [...ui.highlight.nodes], edges: [...ui.highlight.edges] }
          : null,
        filters: {
          hiddenLabels: [...ui.filters.hiddenLabels],
          hiddenTypes: [...ui.filters.hiddenTypes],
          hiddenStances: [...ui.filters.hiddenStances],
          asOf: ui.filters.asOf,
        },
        canUndo: explorer.scene.canUndo(),
        canRedo: explorer.scene.canRedo(),
      };
    },
    pagePosition: (id: string) => renderer()?.pagePosition(id) ?? null,
    consoleLoaded: () => consoleHandle() !== undefined,
    webgl: () => renderer()?.webgl ?? false,
    drawnStyle: (id: string) => renderer()?.drawnStyle(id) ?? null,
    viewport: () => renderer()?.viewport ?? null,
  });
}
