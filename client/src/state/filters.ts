import type { GraphEdge, GraphNode, Stance } from '../../../server/api-types.ts';
import type { Update } from './store.ts';
import { STANCES, type FilterState, type SceneState, type UiState } from './types.ts';

export const noFilters = (): FilterState => ({
  hiddenLabels: [],
  hiddenTypes: [],
  hiddenStances: [],
  asOf: null,
});

const toggle = <T>(list: readonly T[], value: T, hide: boolean): T[] =>
  hide ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value);

export const setLabelHidden =
  (label: string, hide: boolean): Update<UiState> =>
  (ui) => ({
    ...ui,
    filters: { ...ui.filters, hiddenLabels: toggle(ui.filters.hiddenLabels, label, hide) },
  });

export const setTypeHidden =
  (type: string, hide: boolean): Update<UiState> =>
  (ui) => ({
    ...ui,
    filters: { ...ui.filters, hiddenTypes: toggle(ui.filters.hiddenTypes, type, hide) },
  });

export const setStanceHidden =
  (stance: Stance, hide: boolean): Update<UiState> =>
  (ui) => ({
    ...ui,
    filters: { ...ui.filters, hiddenStances: toggle(ui.filters.hiddenStances, stance, hide) },
  });

export const setAsOf =
  (asOf: string | null): Update<UiState> =>
  (ui) => ({ ...ui, filters: { ...ui.filters, asOf } });

export const resetFilters = (): Update<UiState> => (ui) => ({ ...ui, filters: noFilters() });

/** The calendar date of a relationship, when it has one. */
export function edgeDate(edge: GraphEdge): string | null {
  const date = edge.properties.date;
  if (typeof date !== 'string') return null;
  const match = /^\d{4}-\d{2}-\d{2}/.exec(date);
  return match ? match[0] : null;
}

/** The calendar date of a dated node (an event, an agreement), when it has one. */
export function nodeDate(node: GraphNode): string | null {
  const date = node.properties.date;
  if (typeof date !== 'string') return null;
  const match = /^\d{4}-\d{2}-\d{2}/.exec(date);
  return match ? match[0] : null;
}

/** The stances a path search should count: those the filters do not hide. */
export function countedStances(filters: FilterState): Stance[] {
  return STANCES.filter((stance) => !filters.hiddenStances.includes(stance));
}

export function edgeStance(edge: GraphEdge): Stance | null {
  const stance = edge.properties.stance;
  return stance === 'reported' ||
    stance === 'claim' ||
    stance === 'opinion' ||
    stance === 'speculation' ||
    stance === 'forecast'
    ? stance
    : null;
}

export function nodePassesFilters(node: GraphNode, filters: FilterState): boolean {
  if (node.labels.some((label) => filters.hiddenLabels.includes(label))) return false;
  if (filters.asOf) {
    const date = nodeDate(node);
    if (date && date > filters.asOf) return false;
  }
  return true;
}

export function edgePassesFilters(edge: GraphEdge, filters: FilterState): boolean {
  if (filters.hiddenTypes.includes(edge.type)) return false;
  const stance = edgeStance(edge);
  if (stance && filters.hiddenStances.includes(stance)) return false;
  if (filters.asOf) {
    const date = edgeDate(edge);
    if (date && date > filters.asOf) return false;
  }
  return true;
}

/** What the canvas shows: the scene less hidden nodes and what the filters take out. */
export function visibleElements(
  scene: SceneState,
  filters: FilterState,
): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>();
  for (const node of Object.values(scene.graph.nodes)) {
    if (!scene.hidden[node.id] && nodePassesFilters(node, filters)) nodes.add(node.id);
  }
  const edges = new Set<string>();
  for (const edge of Object.values(scene.graph.edges)) {
    if (nodes.has(edge.source) && nodes.has(edge.target) && edgePassesFilters(edge, filters)) {
      edges.add(edge.id);
    }
  }
  return { nodes, edges };
}

/** The earliest and latest dates among the scene's dated relationships and nodes. */
export function dateRange(scene: SceneState): { min: string; max: string } | null {
  let min: string | null = null;
  let max: string | null = null;
  const dates = [
    ...Object.values(scene.graph.edges).map(edgeDate),
    ...Object.values(scene.graph.nodes).map(nodeDate),
  ];
  for (const date of dates) {
    if (!date) continue;
    if (min === null || date < min) min = date;
    if (max === null || date > max) max = date;
  }
  return min !== null && max !== null ? { min, max } : null;
}

/** Labels and relationship types present in the scene, with counts, sorted by name. */
export function sceneVocabulary(scene: SceneState): {
  labels: [string, number][];
  types: [string, number][];
} {
  const labels = new Map<string, number>();
  for (const node of Object.values(scene.graph.nodes)) {
    for (const label of node.labels) labels.set(label, (labels.get(label) ?? 0) + 1);
  }
  const types = new Map<string, number>();
  for (const edge of Object.values(scene.graph.edges)) {
    types.set(edge.type, (types.get(edge.type) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => a[0].localeCompare(b[0]));
  return { labels: sorted(labels), types: sorted(types) };
}
