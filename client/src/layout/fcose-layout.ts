import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { Position } from '../state/types.ts';
import type { LayoutRequest, LayoutResult } from './types.ts';

// Registered once, here: the layout runs wherever this module is loaded (worker or page).
cytoscape.use(fcose);

/** Above this, a full layout is a spectral draft plus (up to REFINE_LIMIT) a short refinement. */
const DRAFT_ABOVE = 200;
const REFINE_LIMIT = 350;
/** Incremental layouts include settled nodes this close to the newcomers, as fixed obstacles. */

const FORCES = {
  nodeRepulsion: () => 6500,
  idealEdgeLength: () => 90,
  edgeElasticity: () => 0.45,
  gravity: 0.25,
  nodeSeparation: 90,
};

function headless(request: LayoutRequest, ids?: Set<string>) {
  const elements: cytoscape.ElementDefinition[] = [];
  for (const node of request.nodes) {
    if (ids && !ids.has(node.id)) continue;
    elements.push({ group: 'nodes', data: { id: node.id }, position: { x: node.x, y: node.y } });
  }
  request.edges.forEach((edge, i) => {
    if (ids && (!ids.has(edge.source) || !ids.has(edge.target))) return;
    elements.push({
      group: 'edges',
      data: { id: `e${i}`, source: edge.source, target: edge.target },
    });
  });
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    style: [{ selector: 'node', style: { width: 36, height: 36 } }],
  });
  // Added after start-up: elements given to the constructor go through its default layout,
  // which would forget the positions we pass in.
  cy.add(elements);
  return cy;
}

function positionsOf(cy: cytoscape.Core, only?: Set<string>): Record<string, Position> {
  const out: Record<string, Position> = {};
  cy.nodes().forEach((node) => {
    if (only && !only.has(node.id())) return;
    const { x, y } = node.position();
    out[node.id()] = { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
  });
  return out;
}

function fixedConstraint(cy: cytoscape.Core, fixed: Iterable<string>) {
  const list: { nodeId: string; position: Position }[] = [];
  for (const id of fixed) {
    const node = cy.getElementById(id);
    if (node.nonempty()) list.push({ nodeId: id, position: { ...node.position() } });
  }
  return list.length > 0 ? list : undefined;
}

function run(cy: cytoscape.Core, options: Record<string, unknown>): void {
  cy.layout({
    name: 'fcose',
    animate: false,
    fit: false,
    ...FORCES,
    ...options,
  } as cytoscape.LayoutOptions).run();
}

/**
 * Runs one layout request to completion, calling `emit` with a draft first when the
 * graph is big. Pure computation: safe on a worker or (for comparison) the main thread.
 */
export function computeLayout(request: LayoutRequest, emit: (result: LayoutResult) => void): void {
  const started = performance.now();
  if (request.nodes.length === 0) {
    emit({ positions: {}, final: true, ms: 0 });
    return;
  }
  if (request.mode === 'incremental') {
    emit({ positions: incremental(request), final: true, ms: performance.now() - started });
    return;
  }

  const cy = headless(request);
  const fixed = fixedConstraint(cy, request.fixed);
  const n = request.nodes.length;
  if (n <= DRAFT_ABOVE) {
    // Small scenes can afford room for their labels.
    run(cy, {
      quality: 'proof',
      randomize: true,
      fixedNodeConstraint: fixed,
      nodeRepulsion: () => 12000,
      idealEdgeLength: () => 120,
    });
    emit({ positions: positionsOf(cy), final: true, ms: performance.now() - started });
  } else {
    run(cy, { quality: 'draft', randomize: true, fixedNodeConstraint: fixed });
    const refine = n <= REFINE_LIMIT;
    emit({ positions: positionsOf(cy), final: !refine, ms: performance.now() - started });
    if (refine) {
      run(cy, {
        quality: 'default',
        randomize: false,
        numIter: 300,
        initialEnergyOnIncremental: 0.2,
        fixedNodeConstraint: fixed,
      });
      emit({ positions: positionsOf(cy), final: true, ms: performance.now() - started });
    }
  }
  cy.destroy();
}

/** Relaxes the newcomers among their settled neighbourhood; nothing settled moves. */
function incremental(request: LayoutRequest): Record<string, Position> {
  const moving = new Set(request.moving ?? []);
  if (moving.size === 0) return {};
  // Only the newcomers and the settled nodes they connect to take part: fixed-node
  // constraints cost fCoSE dearly, and everything else keeps its place anyway.
  const local = new Set(moving);
  for (const edge of request.edges) {
    if (moving.has(edge.source)) local.add(edge.target);
    if (moving.has(edge.target)) local.add(edge.source);
  }
  const cy = headless(request, local);
  const settled = [...local].filter((id) => !moving.has(id));
  run(cy, {
    quality: 'default',
    randomize: false,
    tile: false,
    packComponents: false,
    initialEnergyOnIncremental: 0.2,
    // A short relaxation: newcomers start next to their origin, so a few hundred
    // iterations settle them; fCoSE's default 2,500 cost more than a full draft layout.
    numIter: 250,
    fixedNodeConstraint: fixedConstraint(cy, settled),
  });
  const positions = positionsOf(cy, moving);
  cy.destroy();
  return positions;
}
