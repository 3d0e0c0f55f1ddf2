import type { Position } from './types.ts';

/** What a shared link carries: the nodes on the canvas, where they sit, and the query. */
export interface SceneLink {
  nodes: string[];
  positions: Record<string, Position>;
  query: string | null;
}

/** Positions are kept for scenes small enough that the link stays a reasonable length. */
const MAX_LINKED_POSITIONS = 200;

export function encodeSceneLink(link: SceneLink): string {
  const parts: string[] = [];
  if (link.nodes.length > 0) {
    parts.push(`n=${link.nodes.map(encodeURIComponent).join(',')}`);
    if (link.nodes.length <= MAX_LINKED_POSITIONS) {
      const coords = link.nodes.map((id) => {
        const p = link.positions[id];
        return p ? `${Math.round(p.x)},${Math.round(p.y)}` : '';
      });
      if (coords.some(Boolean)) parts.push(`p=${coords.join(';')}`);
    }
  }
  if (link.query) parts.push(`q=${encodeURIComponent(link.query)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

export function decodeSceneLink(hash: string): SceneLink {
  const link: SceneLink = { nodes: [], positions: {}, query: null };
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  let coords: string[] = [];
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    try {
      if (key === 'n') link.nodes = value.split(',').filter(Boolean).map(decodeURIComponent);
      else if (key === 'p') coords = value.split(';');
      else if (key === 'q') link.query = decodeURIComponent(value);
    } catch {
      // A mangled link opens what it can.
    }
  }
  link.nodes.forEach((id, i) => {
    // Canvas coordinates stay well within ±10^9; anything longer is a mangled link.
    const match = /^(-?\d{1,9}),(-?\d{1,9})$/.exec(coords[i] ?? '');
    if (match) link.positions[id] = { x: Number(match[1]), y: Number(match[2]) };
  });
  return link;
}
