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
 * Where labels' slots come from: the database's schema (the explorer), or the slots a
 * read-only link's answer gives its scene's labels, worked out on the server the same way
 * (server/services/investigation-sharing-service.ts) since a link's reader has no schema.
 */
export type LabelPalette =
  { labels: readonly { label: string }[] } | { slots: Readonly<Record<string, number>> };

/** A database's labels in name order, by schema (so every reader shares one ordering). */
const slotsBySchema = new WeakMap<object, Map<string, number>>();

function slotsOf(schema: { labels: readonly { label: string }[] }): Map<string, number> {
  let slots = slotsBySchema.get(schema);
  if (!slots) {
    const names = schema.labels.map((l) => l.label).filter((l) => !l.startsWith('__'));
    slots = new Map([...names].sort().map((label, i) => [label, i]));
    slotsBySchema.set(schema, slots);
  }
  return slots;
}

function slotOf(label: string, palette: LabelPalette): number | undefined {
  if ('labels' in palette) return slotsOf(palette).get(label);
  // A label such as `constructor` must not find the object prototype's.
  return Object.prototype.hasOwnProperty.call(palette.slots, label)
    ? palette.slots[label]
    : undefined;
}

/**
 * A label's look, derived from the schema in state: the database's labels take palette
 * slots in name order, so they never share a look (up to 24 of them) and a label keeps
 * its look whatever order nodes arrive in; a label the schema does not list (or before
 * the schema is known) falls back to a hash of its name.
 */
export function labelStyle(
  label: string | undefined,
  palette: LabelPalette | null = null,
): LabelStyle {
  if (!label) return { color: '#8a8f98', shape: 'ellipse' };
  const slot = palette ? slotOf(label, palette) : undefined;
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

/** An edge whose evidence disagrees: a denial next to any other stance. */
export const CONTESTED = {
  color: '#dc2626',
  text: 'Contested: denied by one source, stated by another',
};
