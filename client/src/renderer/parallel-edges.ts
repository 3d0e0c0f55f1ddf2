import type cytoscape from 'cytoscape';

/**
 * Marks relationships that share both ends with another one, in either direction: they
 * must curve apart to stay visible, even where the scene's tier draws lines straight.
 */
export function markParallel(cy: cytoscape.Core): void {
  const pairs = new Map<string, number>();
  const key = (edge: cytoscape.EdgeSingular) => {
    const a = edge.data('source') as string;
    const b = edge.data('target') as string;
    return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  };
  const edges = cy.edges();
  edges.forEach((edge) => {
    const k = key(edge);
    pairs.set(k, (pairs.get(k) ?? 0) + 1);
  });
  edges.forEach((edge) => {
    const parallel = (pairs.get(key(edge)) ?? 0) > 1;
    if (edge.hasClass('parallel') !== parallel) edge.toggleClass('parallel', parallel);
  });
}
