import type { GraphEdge, GraphNode, JsonValue } from '../../../server/api-types.ts';
import type { SceneState } from '../state/types.ts';
import { toCsv } from './csv.ts';

/**
 * What the canvas shows, in files other tools open: CSV (a nodes file and an edges file)
 * for spreadsheets, GEXF for Gephi. Both carry every edge's evidence.
 */

/** The elements drawn: the scene less hidden and filtered-out elements. */
export interface DrawnElements {
  nodes: Set<string>;
  edges: Set<string>;
}

/** One source's word for a relationship: its quote, stance, claimant and date. */
export interface EvidenceRow {
  sourceId: string | null;
  stance: string | null;
  quote: string | null;
  claimedBy: string | null;
  date: string | null;
}

const text = (value: JsonValue | undefined): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : String(value);

/**
 * The evidence behind an edge: each item of `evidence` when the edge groups several
 * sources, else the evidence properties of the single relationship.
 */
export function evidenceOf(edge: GraphEdge): EvidenceRow[] {
  const grouped = edge.evidence ?? [];
  const items: Record<string, JsonValue>[] =
    grouped.length > 0
      ? grouped.map((e) => ({
          sourceId: e.sourceId,
          stance: e.stance,
          quote: e.quote,
          claimedBy: e.claimedBy ?? null,
          date: e.date ?? null,
        }))
      : [edge.properties];
  return items
    .map((item) => ({
      sourceId: text(item.sourceId),
      stance: text(item.stance),
      quote: text(item.quote),
      claimedBy: text(item.claimedBy),
      date: text(item.date),
    }))
    .filter((row) => row.sourceId || row.stance || row.quote || row.claimedBy || row.date);
}

const EVIDENCE_KEYS = new Set(['sourceId', 'stance', 'quote', 'claimedBy', 'date', 'evidence']);

function drawnNodes(scene: SceneState, drawn: DrawnElements): GraphNode[] {
  return Object.values(scene.graph.nodes).filter((n) => drawn.nodes.has(n.id));
}

function drawnEdges(scene: SceneState, drawn: DrawnElements): GraphEdge[] {
  return Object.values(scene.graph.edges).filter((e) => drawn.edges.has(e.id));
}

/** Properties other than the evidence, as one JSON cell. */
function otherProperties(properties: Record<string, JsonValue>, skip: Set<string>): string {
  const rest = Object.fromEntries(Object.entries(properties).filter(([k]) => !skip.has(k)));
  return Object.keys(rest).length > 0 ? JSON.stringify(rest) : '';
}

/**
 * The canvas as two CSV files. Nodes: id, key, caption, labels, position, properties.
 * Edges: one row per piece of evidence (an edge resting on two sources is two rows), with
 * the ends by id and caption, the stance, quote, claimant, source and date.
 */
export function sceneToCsv(
  scene: SceneState,
  drawn: DrawnElements,
  sourceTitles: ReadonlyMap<string, string> = new Map(),
): { nodes: string; edges: string } {
  const nodes = drawnNodes(scene, drawn).map((node) => {
    const at = scene.positions[node.id];
    return [
      node.id,
      text(node.properties.id),
      node.caption,
      node.labels.join(';'),
      at ? Math.round(at.x) : null,
      at ? Math.round(at.y) : null,
      scene.pinned[node.id] ? 'yes' : 'no',
      otherProperties(node.properties, new Set(['id'])),
    ];
  });
  const caption = (id: string) => scene.graph.nodes[id]?.caption ?? id;
  const claimant = (key: string | null) =>
    key === null
      ? null
      : (Object.values(scene.graph.nodes).find((n) => n.properties.id === key)?.caption ?? key);
  const edges = drawnEdges(scene, drawn).flatMap((edge) => {
    const evidence = evidenceOf(edge);
    const rows = evidence.length > 0 ? evidence : [null];
    return rows.map((row) => [
      edge.id,
      edge.source,
      caption(edge.source),
      edge.type,
      edge.target,
      caption(edge.target),
      row?.stance ?? null,
      row?.quote ?? null,
      claimant(row?.claimedBy ?? null),
      row?.sourceId ?? null,
      row?.sourceId ? (sourceTitles.get(row.sourceId) ?? null) : null,
      row?.date ?? null,
      otherProperties(edge.properties, EVIDENCE_KEYS),
    ]);
  });
  return {
    nodes: toCsv([['id', 'key', 'caption', 'labels', 'x', 'y', 'pinned', 'properties'], ...nodes]),
    edges: toCsv([
      [
        'id',
        'source_id',
        'source_caption',
        'type',
        'target_id',
        'target_caption',
        'stance',
        'quote',
        'claimed_by',
        'evidence_source_id',
        'evidence_source_title',
        'date',
        'properties',
      ],
      ...edges,
    ]),
  };
}

/**
 * The canvas as GEXF 1.3 for Gephi: nodes with their caption, labels and position; edges
 * with their type and, as edge attributes, the stance, quote, claimant, source and date
 * (several sources: each quote numbered, and all of them as JSON in `evidence`). The
 * graph library and its GEXF writer load only when someone exports.
 */
export async function sceneToGexf(
  scene: SceneState,
  drawn: DrawnElements,
  sourceTitles: ReadonlyMap<string, string> = new Map(),
): Promise<string> {
  const [{ MultiDirectedGraph }, { default: write }] = await Promise.all([
    import('graphology'),
    import('graphology-gexf/browser/writer.js'),
  ]);
  const graph = new MultiDirectedGraph();
  graph.setAttribute('title', 'Entente canvas');
  for (const node of drawnNodes(scene, drawn)) {
    const at = scene.positions[node.id];
    graph.addNode(node.id, {
      label: node.caption,
      labels: node.labels.join(';'),
      key: text(node.properties.id) ?? '',
      ...(at ? { x: at.x, y: at.y } : {}),
    });
  }
  for (const edge of drawnEdges(scene, drawn)) {
    if (!graph.hasNode(edge.source) || !graph.hasNode(edge.target)) continue;
    const evidence = evidenceOf(edge);
    const first = evidence[0];
    const attributes: Record<string, string | number> = {
      label: edge.type,
      relationship: edge.type,
      sources: evidence.length,
      stance: first?.stance ?? '',
      quote: first?.quote ?? '',
      claimedBy: first?.claimedBy ?? '',
      sourceId: first?.sourceId ?? '',
      sourceTitle: first?.sourceId ? (sourceTitles.get(first.sourceId) ?? '') : '',
      date: first?.date ?? '',
      evidence: JSON.stringify(evidence),
    };
    evidence.slice(1).forEach((row, i) => {
      attributes[`quote${i + 2}`] = row.quote ?? '';
      attributes[`stance${i + 2}`] = row.stance ?? '';
    });
    graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, attributes);
  }
  return write(graph, { version: '1.3' });
}

/** The source ids the drawn edges cite, in first-cited order. */
export function citedSources(scene: SceneState, drawn: DrawnElements): string[] {
  const ids = new Set<string>();
  for (const edge of drawnEdges(scene, drawn)) {
    for (const row of evidenceOf(edge)) if (row.sourceId) ids.add(row.sourceId);
  }
  return [...ids];
}
