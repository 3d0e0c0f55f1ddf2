/**
 * How each stance is drawn: one colour and one dash pattern per stance, read by the canvas
 * stylesheet and the legend alike so the two cannot disagree. Colours keep at least 4.5:1
 * against the white canvas; big scenes draw every line solid (dashes cost software
 * rendering several times a plain line), so there the colour alone tells stances apart.
 */
export interface StanceLook {
  color: string;
  /** Dash and gap lengths in pixels at zoom 1; empty for a solid line. */
  dash: readonly number[];
  text: string;
}

export const STANCE_LOOKS = {
  reported: { color: '#475569', dash: [], text: 'Reported fact' },
  claim: { color: '#7c3aed', dash: [8, 4], text: 'Claim by a named party' },
  opinion: { color: '#b45309', dash: [2, 3], text: "Author's opinion" },
  speculation: { color: '#0f766e', dash: [9, 3, 2, 3], text: 'Speculation' },
  forecast: { color: '#be185d', dash: [14, 5], text: 'Forecast' },
  denial: { color: '#b91c1c', dash: [5, 2, 1, 2, 1, 2], text: 'Denial by a named party' },
} as const satisfies Record<string, StanceLook>;

export type StyledStance = keyof typeof STANCE_LOOKS;

export const STYLED_STANCES = Object.keys(STANCE_LOOKS) as StyledStance[];

/** Relationship colour when there is no stance. */
export const EDGE_COLOR = '#64748b';

/** Edge labels: dark text on an opaque white plate (about 15:1, past WCAG AA's 4.5:1). */
export const EDGE_LABEL = { color: '#1f2933', background: '#ffffff', fontSize: 11 } as const;
