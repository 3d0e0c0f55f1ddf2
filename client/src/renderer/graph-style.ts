import type cytoscape from 'cytoscape';
import { EDGE_COLOR, EDGE_LABEL, STANCE_LOOKS, STYLED_STANCES } from '../theme/stance-style.ts';
import { CONTESTED } from '../theme/label-style.ts';

/**
 * How much finish the canvas can afford: `small` scenes get curved, labelled edges and
 * boxed node labels; `medium` ones straight unlabelled edges (labels on selection) and
 * plain node labels once legible; `large` ones haystack edges and solid lines. Software
 * rendering pays for every label, every dash and every arrow. Nodes look the same in
 * `medium` and `large`, so a scene growing into `large` restyles only its edges and the
 * nodes keep their cached drawings.
 */
export type SceneTier = 'small' | 'medium' | 'large';

/** Scenes with more elements than this get the big-scene look. */
export const LARGE_ABOVE = 1000;

export function sceneTier(nodes: number, edges: number): SceneTier {
  if (edges <= 150 && nodes <= 150) return 'small';
  if (nodes + edges <= LARGE_ABOVE) return 'medium';
  return 'large';
}

/**
 * The class an element carries for its scene's tier. The tier is a class rather than a
 * stylesheet of its own so that a change of tier can restyle a big scene a slice at a
 * time instead of in one long frame.
 */
export function tierClass(tier: SceneTier): string {
  return tier === 'small' ? '' : tier;
}

/**
 * The canvas stylesheet, one for every tier: what is drawn is derived from element data
 * and classes only. Later rules win, so tier rules follow the base look they adjust.
 */
export function graphStyle(): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        width: 30,
        height: 30,
        shape: 'data(shape)' as unknown as cytoscape.Css.NodeShape,
        'background-color': 'data(color)',
        'border-width': 1.5,
        'border-color': '#ffffff',
        label: 'data(label)',
        'font-family': 'Inter, system-ui, -apple-system, "Segoe UI", sans-serif',
        'font-size': 11,
        color: '#1f2933',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': '140px',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.75,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 7,
      },
    },
    {
      // Bigger scenes: plain labels, shown only once zoomed in enough to read them.
      selector: 'node.medium, node.large',
      style: {
        'text-wrap': 'none',
        'text-background-opacity': 0,
        'min-zoomed-font-size': 12,
        'border-width': 0,
      },
    },
    {
      selector: 'node:selected',
      style: { 'border-width': 3, 'border-color': '#1d4ed8', 'font-weight': 'bold' },
    },
    {
      selector: 'node.pinned',
      style: { 'border-width': 3, 'border-color': '#374151', 'border-style': 'double' },
    },
    {
      selector: 'node.more',
      style: {
        shape: 'round-rectangle',
        width: 'data(width)',
        height: 16,
        'background-color': '#eef2ff',
        'border-width': 1,
        'border-color': '#6366f1',
        label: 'data(label)',
        color: '#3730a3',
        'font-size': 9,
        'font-weight': 'bold',
        'text-valign': 'center',
        'text-margin-y': 0,
        'text-background-opacity': 0,
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1.8,
        'line-color': EDGE_COLOR,
        'target-arrow-color': EDGE_COLOR,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        // Parallel relationships fan out wide enough for each label to show.
        'control-point-step-size': 46,
        label: 'data(label)',
        'font-size': EDGE_LABEL.fontSize,
        color: EDGE_LABEL.color,
        'text-rotation': 'autorotate',
        'text-background-color': EDGE_LABEL.background,
        'text-background-opacity': 1,
        'text-background-padding': '2px',
        'min-zoomed-font-size': 7,
      },
    },
    // More sources, a wider line (one source keeps the plain width).
    { selector: 'edge[sources > 1]', style: { width: 'mapData(sources, 1, 5, 1.4, 5)' } },
    // Medium scenes draw straight lines, except where two relationships join the same
    // nodes: straight, one would hide the other.
    { selector: 'edge.medium', style: { 'curve-style': 'straight', label: '' } },
    { selector: 'edge.medium.parallel', style: { 'curve-style': 'bezier' } },
    {
      selector: 'edge.large',
      style: { 'curve-style': 'haystack', 'target-arrow-shape': 'none', label: '' },
    },
    ...STYLED_STANCES.map((stance) => {
      const look = STANCE_LOOKS[stance];
      return {
        selector: `edge[stance = "${stance}"]`,
        style: {
          'line-color': look.color,
          'target-arrow-color': look.color,
          ...(look.dash.length > 0
            ? { 'line-style': 'dashed', 'line-dash-pattern': [...look.dash] }
            : { 'line-style': 'solid' }),
          ...(stance === 'denial' ? { 'target-arrow-shape': 'tee' } : {}),
        },
      };
    }),
    { selector: 'edge.large', style: { 'line-style': 'solid' } },
    {
      // Contested: red, barred at both ends, on a pale red band, unlike any single stance.
      selector: 'edge[?contested]',
      style: {
        'line-style': 'dashed',
        'line-dash-pattern': [10, 3, 2, 3],
        'line-color': CONTESTED.color,
        'target-arrow-color': CONTESTED.color,
        'source-arrow-color': CONTESTED.color,
        'target-arrow-shape': 'tee',
        'source-arrow-shape': 'tee',
        'underlay-color': '#fecaca',
        'underlay-opacity': 0.8,
        'underlay-padding': 3,
        color: CONTESTED.color,
        opacity: 1,
      },
    },
    {
      selector: 'edge.large[?contested]',
      style: { 'line-style': 'solid', 'line-color': CONTESTED.color },
    },
    {
      selector: 'edge:selected',
      style: {
        width: 3,
        'line-color': '#1d4ed8',
        'target-arrow-color': '#1d4ed8',
        opacity: 1,
        label: 'data(label)',
      },
    },
    { selector: '.filtered', style: { display: 'none' } },
    { selector: '.faded', style: { opacity: 0.12, 'text-opacity': 0.2 } },
    {
      selector: 'node.highlighted',
      style: { 'border-width': 3, 'border-color': '#d97706', opacity: 1 },
    },
    {
      selector: 'edge.highlighted',
      // A glow under the line, so a path keeps each step's stance colour and dashes.
      style: {
        width: 3,
        'underlay-color': '#d97706',
        'underlay-padding': 4,
        'underlay-opacity': 0.45,
        opacity: 1,
        'z-index': 10,
      },
    },
    // An analyst's note: a yellow halo, apart from every evidence and selection colour.
    {
      selector: '.noted',
      style: {
        'underlay-color': '#f5b700',
        'underlay-opacity': 0.55,
        'underlay-padding': 6,
      },
    },
  ] as cytoscape.StylesheetJson;
}
