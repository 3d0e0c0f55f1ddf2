import cytoscape from 'cytoscape';
// The explorer's layout module registers fcose once; loading it here keeps that single path.
import '../../../client/src/layout/fcose-layout.ts';
import type { Quality } from './bench-api.ts';
import { randomGraph } from './random-graph.ts';

/**
 * fCoSE with its own defaults at `quality` over a random graph with 2 edges per node, in a
 * headless Cytoscape built like the explorer's layout worker builds it. Returns the ms of
 * the layout run alone (building the graph is not counted).
 */
export function runFcose(nodes: number, quality: Quality, seed: number): number {
  const { payload } = randomGraph(nodes, nodes * 2, seed);
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 36, height: 36 } }],
  });
  cy.add([
    ...payload.nodes.map((n) => ({ group: 'nodes' as const, data: { id: n.id } })),
    ...payload.edges.map((e) => ({
      group: 'edges' as const,
      data: { id: e.id, source: e.source, target: e.target },
    })),
  ]);
  const started = performance.now();
  cy.layout({
    name: 'fcose',
    quality,
    randomize: true,
    animate: false,
    fit: false,
  } as cytoscape.LayoutOptions).run();
  const ms = performance.now() - started;
  cy.destroy();
  return ms;
}
