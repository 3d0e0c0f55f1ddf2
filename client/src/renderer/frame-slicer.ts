import type cytoscape from 'cytoscape';
import type { Position } from '../state/types.ts';

const ANIMATE_UP_TO = 120;
const MOVE_MS = 220;
/**
 * Big changes reach the canvas a slice at a time, so no task has to restyle or re-route
 * the edges of a whole big scene at once (a task over ~100 ms is a visible freeze).
 */
const RESTYLE_SLICE = 400;
const MOVE_SLICE = 300;

interface CanvasInternals {
  /** Recomputes the geometry of elements whose style or position changed. */
  flushRenderedStyleQueue?: () => void;
}

/** Runs `work` in a task of its own as soon as the current one ends. */
function nextTask(work: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    work();
  };
  channel.port2.postMessage(null);
}

/**
 * Restyling and node moves for one canvas, applied at once when small, else a slice per
 * frame. Each slice runs in a task of its own just after a frame and leaves the geometry
 * computed, so the frame that shows it only draws: no frame carries a slice on top of
 * its redraw.
 */
export class FrameSlicer {
  /** Elements still carrying the previous tier's class, restyled a slice per frame. */
  private restyleQueue: cytoscape.SingularElementArgument[] = [];
  /** The tier class the queued elements are being given. */
  private classes = '';
  /** Positions still to apply, a slice per frame (latest wins). */
  private readonly pendingMoves = new Map<cytoscape.NodeSingular, Position>();
  private frame = 0;
  /** A slice waits for its task (the frame before it has been drawn). */
  private sliceDue = false;
  /** When the node animations started by the last moves end (performance.now() time). */
  private motionUntil = 0;

  constructor(private readonly cy: cytoscape.Core) {}

  /** Whether restyling or moves are still reaching the canvas a slice per frame. */
  get busy(): boolean {
    return this.frame !== 0 || this.sliceDue;
  }

  /** Milliseconds until the node animations already started end (0 or less: none). */
  get settlingFor(): number {
    return this.motionUntil - performance.now();
  }

  /** Where a node is going: a move still queued wins over where it is drawn now. */
  destination(node: cytoscape.NodeSingular): Position {
    return this.pendingMoves.get(node) ?? node.position();
  }

  /** Gives these elements the tier class `classes` (replacing any restyle still queued). */
  restyle(elements: cytoscape.SingularElementArgument[], classes: string): void {
    this.classes = classes;
    this.restyleQueue = elements;
    if (this.restyleQueue.length <= RESTYLE_SLICE) this.applySlices();
    else this.schedule();
  }

  /** Animates a few moves; many (or any in a large scene) are set a slice per frame instead. */
  move(moves: [cytoscape.NodeSingular, Position][], large: boolean): void {
    if (moves.length === 0) return;
    if (moves.length > ANIMATE_UP_TO || large) {
      for (const [node, p] of moves) this.pendingMoves.set(node, p);
      if (this.pendingMoves.size <= MOVE_SLICE) this.applySlices();
      else this.schedule();
      return;
    }
    for (const [node, p] of moves) {
      this.pendingMoves.delete(node);
      node.stop(true, false);
      node.animate({ position: { ...p } }, { duration: MOVE_MS, easing: 'ease-out-cubic' });
    }
    this.motionUntil = performance.now() + MOVE_MS;
  }

  /** Drops everything still queued (the canvas is going away). */
  cancel(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.sliceDue = false;
    this.restyleQueue = [];
    this.pendingMoves.clear();
    this.motionUntil = 0;
  }

  private schedule(): void {
    if (this.frame || this.sliceDue) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.sliceDue = true;
      nextTask(() => {
        this.sliceDue = false;
        this.applySlices();
      });
    });
  }

  /** One frame's share of pending restyling and moves; schedules the next if any remain. */
  private applySlices(): void {
    if (this.cy.destroyed()) return;
    const classes = this.classes;
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
    (this.cy as unknown as { renderer(): CanvasInternals }).renderer().flushRenderedStyleQueue?.();
    if (this.restyleQueue.length > 0 || this.pendingMoves.size > 0) this.schedule();
  }
}
