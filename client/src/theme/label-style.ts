/**
 * Colour and shape per label, derived from the label's name so any graph gets a stable
 * look without configuration. Restrained, distinguishable hues on a white canvas.
 */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#b07aa1',
  '#edc948',
  '#9c755f',
  '#ff9da7',
  '#6b8e23',
  '#8c6bb1',
  '#d37295',
] as const;

export const SHAPES = [
  'ellipse',
  'round-rectangle',
  'round-diamond',
  'round-hexagon',
  'round-triangle',
  'round-pentagon',
  'round-octagon',
  'round-tag',
] as const;

export type NodeShape = (typeof SHAPES)[number];

function hash(text: string): number {
  // FNV-1a: small, stable across sessions and browsers.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface LabelStyle {
  color: string;
  shape: NodeShape;
}

/**
 * Once the schema is known, labels take palette slots in name order, so a database's
 * labels never share a look (up to 24 of them); labels seen before that fall back to a hash.
 */
let slots = new Map<string, number>();

export function assignLabelSlots(labels: readonly string[]): void {
  slots = new Map([...labels].sort().map((label, i) => [label, i]));
}

export function labelStyle(label: string | undefined): LabelStyle {
  if (!label) return { color: '#8a8f98', shape: 'ellipse' };
  const slot = slots.get(label);
  if (slot !== undefined) {
    return {
      color: PALETTE[slot % PALETTE.length] ?? '#8a8f98',
      shape: SHAPES[(slot + Math.floor(slot / PALETTE.length)) % SHAPES.length] ?? 'ellipse',
    };
  }
  const h = hash(label);
  return {
    color: PALETTE[h % PALETTE.length] ?? '#8a8f98',
    shape: SHAPES[Math.floor(h / PALETTE.length) % SHAPES.length] ?? 'ellipse',
  };
}

/** The label that decides a node's look: the first one that is not a generic marker. */
export function primaryLabel(labels: readonly string[]): string | undefined {
  return labels.find((l) => !l.startsWith('_')) ?? labels[0];
}

/** Relationship colour when stance does not change it. */
export const EDGE_COLOR = '#9aa5b1';

/**
 * How each stance is drawn. Big scenes draw every line solid (dashes cost software
 * rendering several times a plain line), so there a claim is told apart by `bigColor`.
 */
export const STANCE_LINES = {
  reported: { line: 'solid', opacity: 1, bigColor: EDGE_COLOR, text: 'Reported fact' },
  claim: { line: 'dashed', opacity: 1, bigColor: '#8b5cf6', text: 'Claim by a named party' },
  opinion: { line: 'dotted', opacity: 0.55, bigColor: EDGE_COLOR, text: "Author's opinion" },
  speculation: { line: 'dotted', opacity: 0.55, bigColor: EDGE_COLOR, text: 'Speculation' },
  forecast: { line: 'dotted', opacity: 0.55, bigColor: EDGE_COLOR, text: 'Forecast' },
  denial: { line: 'dashed', opacity: 1, bigColor: '#dc2626', text: 'Denied by a named party' },
} as const;

/** An edge whose evidence disagrees: a denial next to any other stance. */
export const CONTESTED = {
  color: '#dc2626',
  text: 'Contested: denied by one source, stated by another',
};
