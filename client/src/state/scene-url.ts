import type { Stance } from '../../../server/api-types.ts';
import type { FilterState, FoundPath, Position, Viewport } from './types.ts';
import { STANCES } from './types.ts';

/**
 * What a shared link carries: the nodes on the canvas, where they sit, the query, and the
 * rest of what the sender saw (pins, hidden nodes, filters, the path result, the camera).
 * Optional parts are absent when they hold nothing.
 */
export interface SceneLink {
  nodes: string[];
  positions: Record<string, Position>;
  query: string | null;
  pinned?: string[];
  hidden?: string[];
  filters?: FilterState;
  paths?: FoundPath[];
  /** The stances the path search counted, when not all of them. */
  pathStances?: Stance[];
  view?: Viewport;
}

/** Positions are kept for scenes small enough that the link stays a reasonable length. */
const MAX_LINKED_POSITIONS = 200;

const list = (values: readonly string[]) => values.map(encodeURIComponent).join(',');

export function encodeSceneLink(link: SceneLink): string {
  const parts: string[] = [];
  const index = new Map(link.nodes.map((id, i) => [id, i]));
  const indices = (ids: readonly string[] | undefined) =>
    (ids ?? []).flatMap((id) => (index.has(id) ? [index.get(id)] : [])).join(',');
  if (link.nodes.length > 0) {
    parts.push(`n=${list(link.nodes)}`);
    if (link.nodes.length <= MAX_LINKED_POSITIONS) {
      const coords = link.nodes.map((id) => {
        const p = link.positions[id];
        return p ? `${Math.round(p.x)},${Math.round(p.y)}` : '';
      });
      if (coords.some(Boolean)) parts.push(`p=${coords.join(';')}`);
    }
    const pinned = indices(link.pinned);
    if (pinned) parts.push(`pin=${pinned}`);
    const hidden = indices(link.hidden);
    if (hidden) parts.push(`hid=${hidden}`);
    const paths = (link.paths ?? []).filter((p) => p.nodes.every((id) => index.has(id)));
    if (paths.length > 0) {
      const edges = [...new Set(paths.flatMap((p) => p.edges))];
      const edgeIndex = new Map(edges.map((id, i) => [id, i]));
      parts.push(`he=${list(edges)}`);
      parts.push(
        `hp=${paths
          .map(
            (p) =>
              `${indices(p.nodes).replaceAll(',', '.')}/${p.edges.map((e) => edgeIndex.get(e)).join('.')}`,
          )
          .join(';')}`,
      );
      if (link.pathStances) parts.push(`hs=${link.pathStances.join(',') || '-'}`);
    }
  }
  const filters = link.filters;
  if (filters) {
    if (filters.hiddenLabels.length) parts.push(`fl=${list(filters.hiddenLabels)}`);
    if (filters.hiddenTypes.length) parts.push(`ft=${list(filters.hiddenTypes)}`);
    if (filters.hiddenStances.length) parts.push(`fs=${filters.hiddenStances.join(',')}`);
    if (filters.asOf) parts.push(`asof=${filters.asOf}`);
  }
  if (link.view && link.nodes.length > 0) {
    const { zoom, pan } = link.view;
    parts.push(`v=${Math.round(zoom * 1000) / 1000},${Math.round(pan.x)},${Math.round(pan.y)}`);
  }
  if (link.query) parts.push(`q=${encodeURIComponent(link.query)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

const stances = (value: string): Stance[] =>
  value.split(',').filter((s): s is Stance => (STANCES as readonly string[]).includes(s));

export function decodeSceneLink(hash: string): SceneLink {
  const link: SceneLink = { nodes: [], positions: {}, query: null };
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const raw = new Map<string, string>();
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    if (eq >= 0) raw.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const names = (key: string): string[] | null => {
    const value = raw.get(key);
    if (value === undefined) return null;
    try {
      return value.split(',').filter(Boolean).map(decodeURIComponent);
    } catch {
      return null; // A mangled link opens what it can.
    }
  };
  link.nodes = names('n') ?? [];
  try {
    const query = raw.get('q');
    if (query !== undefined) link.query = decodeURIComponent(query);
  } catch {
    link.query = null;
  }
  const coords = (raw.get('p') ?? '').split(';');
  link.nodes.forEach((id, i) => {
    // Canvas coordinates stay well within ±10^9; anything longer is a mangled link.
    const match = /^(-?\d{1,9}),(-?\d{1,9})$/.exec(coords[i] ?? '');
    if (match) link.positions[id] = { x: Number(match[1]), y: Number(match[2]) };
  });

  const byIndex = (text: string, separator: string): string[] | null => {
    const ids = text
      .split(separator)
      .map((i) => (/^\d{1,6}$/.test(i) ? link.nodes[Number(i)] : undefined));
    return ids.every((id) => id !== undefined) ? (ids as string[]) : null;
  };
  const pinned = raw.has('pin') ? byIndex(raw.get('pin') ?? '', ',') : null;
  if (pinned?.length) link.pinned = pinned;
  const hidden = raw.has('hid') ? byIndex(raw.get('hid') ?? '', ',') : null;
  if (hidden?.length) link.hidden = hidden;

  const edges = names('he') ?? [];
  const paths: FoundPath[] = [];
  for (const text of (raw.get('hp') ?? '').split(';').filter(Boolean)) {
    const [nodePart = '', edgePart = ''] = text.split('/');
    const nodes = byIndex(nodePart, '.');
    const edgeIds = edgePart === '' ? [] : edgePart.split('.').map((i) => edges[Number(i)]);
    if (!nodes || edgeIds.some((e) => e === undefined) || edgeIds.length !== nodes.length - 1) {
      continue;
    }
    paths.push({ nodes, edges: edgeIds as string[] });
  }
  if (paths.length > 0) {
    link.paths = paths;
    const counted = raw.get('hs');
    if (counted !== undefined) link.pathStances = stances(counted);
  }

  const filters: FilterState = {
    hiddenLabels: names('fl') ?? [],
    hiddenTypes: names('ft') ?? [],
    hiddenStances: stances(raw.get('fs') ?? ''),
    asOf: /^\d{4}-\d{2}-\d{2}$/.test(raw.get('asof') ?? '') ? (raw.get('asof') as string) : null,
  };
  if (
    filters.hiddenLabels.length ||
    filters.hiddenTypes.length ||
    filters.hiddenStances.length ||
    filters.asOf
  ) {
    link.filters = filters;
  }

  const view = /^(\d{1,3}(?:\.\d{1,3})?),(-?\d{1,9}),(-?\d{1,9})$/.exec(raw.get('v') ?? '');
  if (view) {
    const zoom = Number(view[1]);
    if (zoom >= 0.05 && zoom <= 4) {
      link.view = { zoom, pan: { x: Number(view[2]), y: Number(view[3]) } };
    }
  }
  return link;
}
