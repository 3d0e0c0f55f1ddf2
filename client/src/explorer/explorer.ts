// One class, a little over 400 lines: every intent shares the undo history, the in-flight
// request tokens that drop stale answers, and the hand-over to layout; the pure parts
// (placement, path layout, scene updates) already live in their own modules.
import type {
  GraphEdge,
  GraphPayload,
  NeighborsResponse,
  QueryResponse,
  SearchResult,
} from '../../../server/api-types.ts';
import { describeError, type ApiClient } from '../api/api-client.ts';
import { freeSpot, placeNewcomers } from '../layout/initial-placement.ts';
import { layoutPaths } from '../layout/path-layout.ts';
import type { LayoutClient } from '../layout/layout-client.ts';
import { layoutRequest } from '../layout/layout-request.ts';
import { createHistory, type History } from '../state/history.ts';
import {
  addGraph,
  clearScene,
  emptyScene,
  hideNodes,
  removeNodes,
  setPaging,
  setPinned,
  setPositions,
  showAll,
} from '../state/scene.ts';
import type { SceneLink } from '../state/scene-url.ts';
import { createStore, type Store } from '../state/store.ts';
import { countedStances, noFilters } from '../state/filters.ts';
import type {
  FoundPath,
  Highlight,
  Position,
  SceneState,
  Selection,
  UiState,
} from '../state/types.ts';

/**
 * Nodes that arrive get their relationships to everything already on the canvas, for
 * scenes up to this size (the API's limit on ids per request).
 */
const CONNECT_UP_TO = 5000;
export const PAGE_SIZE = 50;

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

/**
 * The intents panels call. Each one talks to the API, then changes state through pure
 * updates; layout runs on the worker and amends the step it belongs to.
 */
export class Explorer {
  readonly scene: History<SceneState> = createHistory(emptyScene());
  readonly ui: Store<UiState> = createStore<UiState>({
    selection: null,
    selectedNodes: [],
    highlight: null,
    filters: noFilters(),
    schema: null,
  });
  readonly notices: Store<Notice | null> = createStore<Notice | null>(null);
  /** Pending centring requests run once the renderer has the node. */
  onCentre: (id: string) => void = () => {};
  onFit: (ids?: string[]) => void = () => {};
  /** Newcomers of an expansion: the view follows them when they land out of sight. */
  onArrived: (ids: string[], origin: string | null) => void = () => {};
  private pathSearches = 0;

  constructor(
    readonly api: ApiClient,
    private readonly layouts: LayoutClient,
  ) {}

  notify(kind: Notice['kind'], text: string): void {
    this.notices.dispatch(() => ({ kind, text }));
  }

  private async attempt<T>(what: string, task: () => Promise<T>): Promise<T | undefined> {
    try {
      return await task();
    } catch (error) {
      this.notify('error', `${what}: ${describeError(error)}`);
      return undefined;
    }
  }

  // ---------------------------------------------------------------- selection

  select(selection: Selection, selectedNodes?: string[]): void {
    this.ui.dispatch((ui) => ({
      ...ui,
      selection,
      selectedNodes: selectedNodes ?? (selection?.kind === 'node' ? [selection.id] : []),
    }));
  }

  // ---------------------------------------------------------------- bringing nodes in

  /** Adds a search result, selects it and centres on it. */
  async addNode(result: SearchResult): Promise<void> {
    const scene = this.scene.get();
    if (!scene.graph.nodes[result.id]) {
      const details = await this.attempt(`Could not add “${result.caption}”`, () =>
        this.api.nodeDetails(result.id),
      );
      if (!details) return;
      const links = await this.linksOf([result.id], [details.node.id]);
      const spot = freeSpot(Object.values(this.scene.get().positions));
      this.scene.record(addGraph({ nodes: [details.node], edges: links }, { [result.id]: spot }));
    }
    this.select({ kind: 'node', id: result.id });
    this.onCentre(result.id);
  }

  /** Double-click: the first page of every neighbour, or the next page if some are in. */
  async expandAll(id: string): Promise<void> {
    const paging = this.scene.get().paging[id];
    if (paging && paging.loaded >= paging.total) {
      this.notify('info', 'All neighbours of this node are already on the canvas.');
      return;
    }
    await this.loadNeighbours(id, { cursor: paging?.nextCursor ?? null });
  }

  /** The next page for a node showing “+N more”. */
  loadMore(id: string): Promise<void> {
    return this.expandAll(id);
  }

  /** One relationship type in one direction, from the context menu or details panel. */
  async expandType(id: string, type: string, direction: 'in' | 'out'): Promise<void> {
    await this.loadNeighbours(id, { types: [type], direction, limit: PAGE_SIZE }, false);
  }

  private async loadNeighbours(
    id: string,
    query: { cursor?: string | null; types?: string[]; direction?: 'in' | 'out'; limit?: number },
    trackPaging = true,
  ): Promise<void> {
    const page = await this.attempt('Could not expand', () =>
      this.api.neighbours(id, { limit: PAGE_SIZE, ...query }),
    );
    if (!page) return;
    const before = this.scene.get().paging[id];
    const paging = trackPaging
      ? {
          total: page.total,
          loaded: (query.cursor && before ? before.loaded : 0) + page.edges.length,
          nextCursor: page.nextCursor,
        }
      : undefined;
    const added = await this.bringIn(page, id, paging ? { [id]: paging } : {});
    if (added === 0 && !page.nextCursor) {
      this.notify(
        'info',
        page.total === 0 ? 'This node has no neighbours.' : 'Nothing new to add.',
      );
    }
  }

  /** POST /api/expand for every selected node. */
  async expandSelection(): Promise<void> {
    const ids = this.ui.get().selectedNodes;
    if (ids.length === 0) {
      this.notify('info', 'Select one or more nodes first.');
      return;
    }
    const result = await this.attempt('Could not expand the selection', () =>
      this.api.expand({ ids: ids.slice(0, 100), limit: PAGE_SIZE }),
    );
    if (!result) return;
    const paging: Record<string, NonNullable<SceneState['paging'][string]>> = {};
    for (const [nodeId, total] of Object.entries(result.totals)) {
      const loaded = result.edges.filter((e) => e.source === nodeId || e.target === nodeId).length;
      paging[nodeId] = { total, loaded, nextCursor: result.cursors[nodeId] ?? null };
    }
    await this.bringIn(result, ids[ids.length - 1] ?? null, paging);
  }

  /**
   * Adds a payload as one undoable step: newcomers settle next to `origin` among the
   * settled nodes, which do not move (a big batch is relaxed by the layout worker). The
   * step also holds how the newcomers meet each other and everything already on the
   * canvas, unless `complete` says the payload has that already.
   */
  async bringIn(
    payload: GraphPayload,
    origin: string | null,
    paging: Record<string, NonNullable<SceneState['paging'][string]>> = {},
    complete = false,
    arrange?: (scene: SceneState) => Record<string, Position>,
  ): Promise<number> {
    const ids = payload.nodes.map((n) => n.id);
    const known = this.scene.get().graph.nodes;
    const arriving = ids.filter((nodeId) => !known[nodeId]);
    const links = complete || arriving.length === 0 ? [] : await this.linksOf(arriving, ids);
    // The scene may have changed while the links were on their way.
    const scene = this.scene.get();
    const fresh = ids.filter((nodeId) => !scene.graph.nodes[nodeId]);
    const whole = { nodes: payload.nodes, edges: [...payload.edges, ...links] };
    if (arrange) {
      // The caller places nodes old and new (a path result is laid out as paths).
      const arranged = arrange(scene);
      this.scene.record((state) => setPositions(arranged)(addGraph(whole, arranged)(state)));
      return fresh.length;
    }
    const placed = placeNewcomers(scene.positions, fresh, whole.edges, origin);
    this.scene.record((state) => {
      let next = addGraph(whole, placed.positions)(state);
      for (const [nodeId, p] of Object.entries(paging)) next = setPaging(nodeId, p)(next);
      return next;
    });
    if (fresh.length > 0) {
      if (Object.keys(scene.graph.nodes).length === 0) await this.relayout(false);
      else {
        if (!placed.relaxed) await this.relax(fresh);
        this.onArrived(fresh, origin);
      }
    }
    return fresh.length;
  }

  /**
   * The relationships between nodes about to arrive and everything on the canvas or
   * arriving with them: a page of neighbours shows how they meet the node expanded, and
   * the canvas also owes how they meet each other and the rest.
   */
  private async linksOf(arriving: string[], payloadIds: string[]): Promise<GraphEdge[]> {
    const ids = [...new Set([...Object.keys(this.scene.get().graph.nodes), ...payloadIds])];
    if (ids.length > CONNECT_UP_TO || ids.length < 2) return [];
    try {
      return (await this.api.subgraph({ ids, touching: arriving })).edges;
    } catch (error) {
      this.notify(
        'error',
        `Relationships of the new nodes could not be loaded: ${describeError(error)}`,
      );
      return [];
    }
  }

  private async relax(moving: string[]): Promise<void> {
    try {
      const result = await this.layouts.layout(
        layoutRequest(this.scene.get(), 'incremental', moving),
      );
      this.scene.amend(setPositions(result.positions));
    } catch (error) {
      this.notify('error', describeError(error));
    }
  }

  /** A full layout of everything (pinned nodes stay); undoable as one step. */
  async relayout(record = true): Promise<void> {
    if (Object.keys(this.scene.get().graph.nodes).length === 0) return;
    let first = true;
    try {
      await this.layouts.layout(layoutRequest(this.scene.get(), 'full'), (result) => {
        if (first && record) this.scene.record(setPositions(result.positions));
        else this.scene.amend(setPositions(result.positions));
        first = false;
        if (result.final) this.onFit();
      });
    } catch (error) {
      this.notify('error', describeError(error));
    }
  }

  // ---------------------------------------------------------------- canvas edits

  hide(ids: string[]): void {
    this.scene.record(hideNodes(ids));
    this.dropFromSelection(ids);
  }

  showHidden(): void {
    this.scene.record(showAll());
  }

  remove(ids: string[]): void {
    this.scene.record(removeNodes(ids));
    this.dropFromSelection(ids);
  }

  pin(ids: string[], pinned: boolean): void {
    this.scene.record(setPinned(ids, pinned));
  }

  moved(positions: Record<string, Position>): void {
    this.scene.record(setPositions(positions));
  }

  clear(): void {
    this.scene.record(clearScene());
    this.ui.dispatch((ui) => ({ ...ui, selection: null, selectedNodes: [], highlight: null }));
  }

  undo(): void {
    this.scene.undo();
  }

  redo(): void {
    this.scene.redo();
  }

  private dropFromSelection(ids: string[]): void {
    const gone = new Set(ids);
    this.ui.dispatch((ui) => {
      const selectedNodes = ui.selectedNodes.filter((id) => !gone.has(id));
      const selection =
        ui.selection?.kind === 'node' && gone.has(ui.selection.id) ? null : ui.selection;
      return { ...ui, selectedNodes, selection };
    });
  }

  // ---------------------------------------------------------------- paths and results

  /**
   * The shortest paths through what the filters show: hidden stances and relationship
   * types do not count. The paths are laid out left to right and highlighted.
   */
  async findPaths(from: string, to: string, maxHops = 6): Promise<number | null> {
    const ticket = ++this.pathSearches;
    const { filters, schema } = this.ui.get();
    const stances = filters.hiddenStances.length > 0 ? countedStances(filters) : undefined;
    const types =
      filters.hiddenTypes.length > 0 && schema
        ? schema.relationshipTypes
            .map((t) => t.type)
            .filter((type) => !filters.hiddenTypes.includes(type))
        : undefined;
    const result = await this.attempt('Could not find paths', () =>
      this.api.paths(from, to, { maxHops, stances, types }),
    );
    // A search started since (filters changed again) answers instead of this one.
    if (ticket !== this.pathSearches) return null;
    if (!result) return 0;
    if (result.paths.length === 0) {
      this.ui.dispatch((ui) => ({ ...ui, highlight: null }));
      this.notify('info', `No path of up to ${maxHops} hops.`);
      return 0;
    }
    const paths: FoundPath[] = result.paths;
    await this.bringIn(result, from, {}, false, (scene) =>
      layoutPaths(paths, scene.positions, scene.pinned),
    );
    this.highlightPaths(paths, stances);
    this.onFit(this.ui.get().highlight?.nodes);
    return result.paths.length;
  }

  /** Singles out paths on the canvas (also used when a link reopens a path result). */
  highlightPaths(paths: FoundPath[], stances?: UiState['filters']['hiddenStances']): void {
    const highlight: Highlight = {
      nodes: [...new Set(paths.flatMap((p) => p.nodes))],
      edges: [...new Set(paths.flatMap((p) => p.edges))],
      paths,
      ...(stances ? { stances } : {}),
    };
    this.ui.dispatch((ui) => ({ ...ui, highlight }));
  }

  clearHighlight(): void {
    this.ui.dispatch((ui) => (ui.highlight ? { ...ui, highlight: null } : ui));
  }

  /** A console result on the canvas: added to what is there, or replacing it. */
  async showResult(result: QueryResponse | NeighborsResponse | GraphPayload, replace: boolean) {
    const graph = 'graph' in result ? result.graph : result;
    if (graph.nodes.length === 0) return;
    if (replace) {
      this.scene.record(clearScene());
      this.ui.dispatch((ui) => ({ ...ui, selection: null, selectedNodes: [], highlight: null }));
    }
    await this.bringIn(graph, null);
    this.onFit();
  }

  /**
   * Reopens a shared scene: its nodes where they were, the relationships among them, and
   * what the sender had pinned, hidden, filtered and highlighted. The opened scene is the
   * first step of the history: undo does not empty the canvas.
   */
  async restore(link: SceneLink): Promise<void> {
    const { nodes: nodeIds, positions } = link;
    if (link.filters) {
      const filters = link.filters;
      this.ui.dispatch((ui) => ({ ...ui, filters }));
    }
    if (nodeIds.length === 0) return;
    const result = await this.attempt('Could not reopen the linked scene', () =>
      this.api.subgraph({ ids: nodeIds }),
    );
    if (!result) return;
    const complete = nodeIds.every((id) => positions[id]);
    if (complete) this.scene.record(addGraph(result, positions));
    else await this.bringIn(result, null, {}, true);
    this.scene.amend((state) =>
      hideNodes(link.hidden ?? [])(setPinned(link.pinned ?? [], true)(state)),
    );
    const present = this.scene.get().graph;
    const paths = (link.paths ?? []).filter(
      (p) => p.nodes.every((id) => present.nodes[id]) && p.edges.every((id) => present.edges[id]),
    );
    if (paths.length > 0) this.highlightPaths(paths, link.pathStances);
    this.scene.forget();
    const missing = nodeIds.length - result.nodes.length;
    if (missing > 0) this.notify('info', `${missing} node(s) in the link no longer exist.`);
  }
}
