import type {
  Degree,
  GraphEdge,
  GraphNode,
  JsonValue,
  NodeDetailsResponse,
  SigningFacts,
} from '../../../server/api-types.ts';
import { describeError } from '../api/api-client.ts';
import type { Explorer } from '../explorer/explorer.ts';
import { edgeStance } from '../state/filters.ts';
import { remainingNeighbours } from '../state/scene.ts';
import { STANCES, type SceneState, type Selection } from '../state/types.ts';
import { labelStyle } from '../theme/label-style.ts';
import { STANCE_LOOKS } from '../theme/stance-style.ts';
import { button, clear, el, formatValue, safeHttpUrl } from './dom.ts';
import { evidenceList } from './evidence-list.ts';
import { claimantLink } from './evidence-parties.ts';

/** Shown as their own sections, so left out of the generic property list. */
const EDGE_EVIDENCE_KEYS = new Set(['stance', 'quote', 'claimedBy', 'sourceId', 'date']);

/** What is known about the selected node or relationship, and what can be done with it. */
export function createDetailsPanel(explorer: Explorer): HTMLElement {
  const body = el('div', { className: 'panel-body', testId: 'details' });
  const root = el(
    'section',
    { className: 'panel details-panel', attrs: { 'aria-label': 'Details' } },
    [el('h2', { className: 'panel-title', text: 'Details' }), body],
  );
  const cache = new Map<string, Promise<NodeDetailsResponse>>();
  const details = (id: string) => {
    let pending = cache.get(id);
    if (!pending) {
      pending = explorer.api.nodeDetails(id);
      pending.catch(() => cache.delete(id));
      cache.set(id, pending);
    }
    return pending;
  };

  let shown: Selection = null;
  let token = 0;

  const render = () => {
    const { selection } = explorer.ui.get();
    const scene = explorer.scene.get();
    token++;
    const mine = token;
    shown = selection;
    clear(body);
    if (!selection) {
      body.append(
        el('p', {
          className: 'hint',
          text: 'Select a node or relationship to see its properties and evidence. Double-click a node to expand it; right-click for more.',
        }),
      );
      return;
    }
    if (selection.kind === 'node') {
      const node = scene.graph.nodes[selection.id];
      if (!node) return;
      renderNode(body, node, scene, explorer, () => mine !== token, details);
    } else {
      const edge = scene.graph.edges[selection.id];
      if (!edge) return;
      renderEdge(body, edge, scene, explorer, () => mine !== token, details);
    }
  };

  explorer.ui.subscribe((ui, previous) => {
    if (ui.selection !== previous.selection) render();
  });
  explorer.scene.subscribe((scene, previous) => {
    // Re-render when the selected element's surroundings change (paging, pinning, removal).
    if (!shown) return;
    if (
      scene.paging !== previous.paging ||
      scene.pinned !== previous.pinned ||
      scene.graph !== previous.graph
    ) {
      render();
    }
  });
  render();
  return root;
}

function section(title: string, ...children: (Node | string)[]): HTMLElement {
  return el('div', { className: 'details-section' }, [el('h3', { text: title }), ...children]);
}

function propertyList(properties: Record<string, JsonValue>, skip: Set<string> = new Set()) {
  const list = el('dl', { className: 'properties', testId: 'properties' });
  const keys = Object.keys(properties)
    .filter((k) => !skip.has(k))
    .sort();
  for (const key of keys) {
    const value = properties[key];
    const link = safeHttpUrl(value);
    list.append(
      el('dt', { text: key }),
      el('dd', {}, [
        link
          ? el('a', {
              text: link,
              attrs: { href: link, target: '_blank', rel: 'noopener noreferrer' },
            })
          : formatValue(value),
      ]),
    );
  }
  return keys.length > 0 ? list : el('p', { className: 'hint', text: 'No properties.' });
}

function renderNode(
  body: HTMLElement,
  node: GraphNode,
  scene: SceneState,
  explorer: Explorer,
  stale: () => boolean,
  details: (id: string) => Promise<NodeDetailsResponse>,
): void {
  const labels = el(
    'div',
    { className: 'chips' },
    node.labels.map((label) => {
      const chip = el('span', { className: 'chip', text: label });
      chip.style.borderColor = labelStyle(label, explorer.ui.get().schema).color;
      return chip;
    }),
  );
  const pinned = !!scene.pinned[node.id];
  const more = remainingNeighbours(scene, node.id);
  const actions = el('div', { className: 'actions' }, [
    button('Expand', () => void explorer.expandAll(node.id), {
      testId: 'details-expand',
      className: 'small',
    }),
    more > 0
      ? button(`Load ${more} more`, () => void explorer.loadMore(node.id), {
          testId: 'details-load-more',
          className: 'small',
        })
      : null,
    button(pinned ? 'Unpin' : 'Pin', () => explorer.pin([node.id], !pinned), {
      className: 'small',
    }),
    button('Hide', () => explorer.hide([node.id]), { className: 'small' }),
    button('Remove', () => explorer.remove([node.id]), { className: 'small' }),
  ]);
  const degrees = el('div', { testId: 'degrees' }, [
    el('p', { className: 'hint', text: 'Loading…' }),
  ]);
  const sources = el('div');
  const signing = el('div', { testId: 'details-signing' });
  body.append(
    el('h3', { className: 'details-caption', text: node.caption, testId: 'details-caption' }),
    labels,
    actions,
    signing,
    section('Relationships', degrees),
    section('Properties', propertyList(node.properties)),
    sources,
  );

  details(node.id).then(
    (info) => {
      if (stale()) return;
      clear(degrees);
      if (info.degrees.length === 0) {
        degrees.append(el('p', { className: 'hint', text: 'No relationships.' }));
      }
      const table = el('table', { className: 'degrees' });
      for (const degree of [...info.degrees].sort((a, b) => b.count - a.count)) {
        const arrow = degree.direction === 'out' ? '→' : '←';
        table.append(
          el('tr', {}, [
            el('td', {
              className: 'dir',
              text: arrow,
              title: degree.direction === 'out' ? 'outgoing' : 'incoming',
            }),
            el('td', { className: 'type' }, [degree.type, stanceChips(degree.stances)]),
            el('td', { className: 'count', text: String(degree.count) }),
            el('td', {}, [
              button(
                'Expand',
                () => void explorer.expandType(node.id, degree.type, degree.direction),
                {
                  className: 'link',
                  testId: `expand-${degree.type}-${degree.direction}`,
                  attrs: { 'aria-label': `Expand ${degree.type} ${degree.direction}` },
                },
              ),
            ]),
          ]),
        );
      }
      if (info.degrees.length > 0) degrees.append(table);
      if (info.signing) signing.append(section('Signed', signingText(info.signing)));
      if (info.sources.length > 0) {
        const list = el('ul', { className: 'sources' });
        for (const source of info.sources) {
          list.append(
            el('li', {}, [
              el('span', { text: source.caption }),
              el('span', {
                className: 'muted',
                text: ` · ${source.relationships} relationship(s)`,
              }),
            ]),
          );
        }
        sources.append(section('Sources', list));
      }
    },
    (error: unknown) => {
      if (stale()) return;
      clear(degrees);
      degrees.append(el('p', { className: 'error-text', text: describeError(error) }));
    },
  );
}

/** Small stance tags after a relationship type: how many rest on a fact, a claim, an opinion… */
function stanceChips(stances: Degree['stances']): HTMLElement | null {
  const present = STANCES.filter((stance) => (stances?.[stance] ?? 0) > 0);
  if (present.length === 0) return null;
  return el(
    'span',
    { className: 'degree-stances', testId: 'degree-stances' },
    present.map((stance) =>
      el('span', {
        className: `stance stance-${stance}`,
        text: stances && present.length > 1 ? `${stance} ${stances[stance]}` : stance,
        title: STANCE_LOOKS[stance].text,
      }),
    ),
  );
}

/** "Signed on 2023-07-31 in Tehran by Viktor Khrenin and Mohammad Reza Ashtiani." */
function signingText(signing: SigningFacts): HTMLElement {
  const parts: (Node | string)[] = ['Signed'];
  if (signing.date) parts.push(' on ', el('strong', { text: signing.date }));
  if (signing.places.length > 0)
    parts.push(' in ', el('strong', { text: signing.places.join(' / ') }));
  if (signing.signatories.length > 0) {
    const names = signing.signatories;
    const list =
      names.length === 1
        ? names[0]!
        : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
    parts.push(' by ', list);
  }
  parts.push('.');
  return el('p', { className: 'signing', testId: 'details-signed' }, parts);
}

function renderEdge(
  body: HTMLElement,
  edge: GraphEdge,
  scene: SceneState,
  explorer: Explorer,
  stale: () => boolean,
  details: (id: string) => Promise<NodeDetailsResponse>,
): void {
  const from = scene.graph.nodes[edge.source]?.caption ?? edge.source;
  const to = scene.graph.nodes[edge.target]?.caption ?? edge.target;
  const stance = edgeStance(edge);
  const props = edge.properties;

  body.append(
    el('div', { className: 'edge-title' }, [
      el('span', { className: 'edge-end', text: from }),
      el('span', { className: 'edge-type', text: edge.type, testId: 'details-edge-type' }),
      el('span', { className: 'edge-end', text: to }),
    ]),
  );
  // Grouped evidence: every source's word on this edge (see evidence-list.ts).
  if (edge.evidence?.length > 0) {
    body.append(section('Evidence', evidenceList(edge, explorer)));
    body.append(section('Properties', propertyList(props, EDGE_EVIDENCE_KEYS)));
    return;
  }
  const evidence = el('div', { className: 'evidence' });
  if (stance) {
    evidence.append(
      el('div', { className: 'stance-row' }, [
        el('span', {
          className: `stance stance-${stance}`,
          text: stance,
          testId: 'details-stance',
        }),
        el('span', { className: 'muted', text: STANCE_LOOKS[stance].text }),
      ]),
    );
  }
  if (typeof props.claimedBy === 'string') {
    evidence.append(
      el('p', { className: 'claimed-by', testId: 'details-claimed-by' }, [
        'Claimed by ',
        claimantLink(explorer, props.claimedBy, scene, stale),
      ]),
    );
  }
  if (props.quote !== undefined) {
    evidence.append(
      el('blockquote', {
        className: 'quote',
        text: formatValue(props.quote),
        testId: 'details-quote',
      }),
    );
  }
  const sourceLine = el('p', { className: 'source-line', testId: 'details-source' });
  if (typeof props.sourceId === 'string') {
    const sourceId = props.sourceId;
    // The title arrives with the node's details; until then a placeholder, not the raw id.
    sourceLine.append('Source: ', el('span', { className: 'muted', text: '…' }));
    details(edge.source).then(
      (info) => {
        if (stale()) return;
        const source = info.sources.find((s) => s.properties.id === sourceId);
        if (!source) {
          clear(sourceLine);
          sourceLine.append('Source: ', el('span', { text: sourceId }));
          return;
        }
        clear(sourceLine);
        const url = safeHttpUrl(source.properties.url);
        sourceLine.append(
          'Source: ',
          url
            ? el('a', {
                text: source.caption,
                attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' },
              })
            : el('cite', { text: source.caption }),
        );
        const published =
          source.properties.date ?? source.properties.published ?? source.properties.year;
        if (published !== undefined)
          sourceLine.append(
            el('span', { className: 'muted', text: ` (${formatValue(published)})` }),
          );
      },
      () => {
        if (stale()) return;
        clear(sourceLine);
        sourceLine.append('Source: ', el('span', { text: sourceId }));
      },
    );
  }
  if (props.date !== undefined) {
    evidence.append(
      el('p', { className: 'edge-date', testId: 'details-date' }, [
        'Dated ',
        el('strong', { text: formatValue(props.date) }),
      ]),
    );
  }
  evidence.append(sourceLine);
  body.append(section('Evidence', evidence));
  body.append(section('Properties', propertyList(props, EDGE_EVIDENCE_KEYS)));
}
