import type cytoscape from 'cytoscape';

/** Fit never zooms in past this: a tiny scene stays at a readable size, not a close-up. */
export const FIT_MAX_ZOOM = 1.5;
const FIT_PADDING = 60;
const FOLLOW_PADDING = 50;

/** The zoom that shows a box whole inside the canvas, less padding on every side. */
function zoomToShow(cy: cytoscape.Core, box: { w: number; h: number }, padding: number): number {
  return Math.min(
    (cy.width() - 2 * padding) / Math.max(box.w, 1),
    (cy.height() - 2 * padding) / Math.max(box.h, 1),
  );
}

/** Shows some elements whole, zoomed in no further than FIT_MAX_ZOOM. */
export function fitTo(cy: cytoscape.Core, target: cytoscape.Collection): void {
  if (target.empty()) return;
  if (zoomToShow(cy, target.boundingBox(), FIT_PADDING) > FIT_MAX_ZOOM) {
    cy.animate({ center: { eles: target }, zoom: FIT_MAX_ZOOM }, { duration: 250 });
  } else {
    cy.animate({ fit: { eles: target, padding: FIT_PADDING } }, { duration: 250 });
  }
}

/**
 * When some newcomers lie outside the view, centres on them and the node they came from,
 * zooming out only as far as needed to show them (never in).
 */
export function followTo(
  cy: cytoscape.Core,
  newcomers: cytoscape.NodeCollection,
  origin: string | null,
): void {
  if (newcomers.empty()) return;
  const view = cy.extent();
  const outside = newcomers.some((node) => {
    const b = node.boundingBox();
    return b.x1 < view.x1 || b.x2 > view.x2 || b.y1 < view.y1 || b.y2 > view.y2;
  });
  if (!outside) return;
  const target = origin ? newcomers.union(cy.getElementById(origin)) : newcomers;
  const zoom = Math.min(cy.zoom(), zoomToShow(cy, target.boundingBox(), FOLLOW_PADDING));
  cy.animate({ center: { eles: target }, zoom }, { duration: 250 });
}
