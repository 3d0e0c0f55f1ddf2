import type cytoscape from 'cytoscape';
import type { Position, Selection, UiState } from '../state/types.ts';
import { isBadgeId, MORE_PREFIX } from './more-badges.ts';

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

/**
 * What the user does on one canvas (clicks, double-clicks, menus, drags, selection),
 * turned into renderer events; and the state's selection mirrored back onto the canvas.
 */
export class GraphInput {
  private syncingSelection = false;
  private selectionTimer: ReturnType<typeof setTimeout> | undefined;
  /** Selected nodes in the order they were picked: the last one is the selection. */
  private picked: string[] = [];
  /** The nodes of the last two taps: a double-click counts only when both are the same. */
  private taps: [string | null, string | null] = [null, null];

  constructor(
    private readonly cy: cytoscape.Core,
    private readonly events: RendererEvents,
  ) {
    this.bind();
  }

  /** Stops a selection report still due (the canvas is going away). */
  dispose(): void {
    clearTimeout(this.selectionTimer);
  }

  private bind(): void {
    const cy = this.cy;
    cy.on('dbltap', 'node', (event) => {
      const id = (event.target as cytoscape.NodeSingular).id();
      // Cytoscape counts any two quick clicks as a double-click, even on two nodes.
      if (this.taps[0] !== id || this.taps[1] !== id) return;
      if (!isBadgeId(id)) this.events.onNodeDoubleClick(id);
    });
    cy.on('tap', 'node.more', (event) => {
      const id = (event.target as cytoscape.NodeSingular).id().slice(MORE_PREFIX.length);
      this.events.onMoreClick(id);
    });
    const openMenu = (event: cytoscape.EventObject) => {
      const node = event.target as cytoscape.NodeSingular;
      if (isBadgeId(node.id())) return;
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
      if (target.isNode() && !isBadgeId(target.id())) {
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
      if (isBadgeId(node.id())) return;
      const moved: Record<string, Position> = {};
      node.union(cy.nodes(':selected')).forEach((n) => {
        if (!isBadgeId(n.id())) moved[n.id()] = { ...n.position() };
      });
      this.events.onNodesDragged(moved);
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

  /** Selects on the canvas what the state has selected, without reporting it back. */
  syncSelection(ui: UiState): void {
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
}
