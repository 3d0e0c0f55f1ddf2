import type { Evidence, GraphEdge } from '../../../server/api-types.ts';
import { showNode } from '../explorer/evidence-actions.ts';
import type { Explorer } from '../explorer/explorer.ts';
import { STANCES } from '../state/types.ts';
import { CONTESTED } from '../theme/label-style.ts';
import { STANCE_LOOKS } from '../theme/stance-style.ts';
import { button, el } from './dom.ts';
import { openSourceReader } from './source-reader.ts';

/**
 * Every piece of evidence of a drawn edge, grouped by stance: the quote, its source (opens
 * the reader at that sentence), the party who claims or denies it (adds and selects it).
 */
export function evidenceList(edge: GraphEdge, explorer: Explorer): HTMLElement {
  const list = el('div', { className: 'evidence-list', testId: 'details-evidence' });
  const { sources, contested } = edge.summary;
  list.append(
    el('p', { className: 'evidence-summary', testId: 'details-evidence-summary' }, [
      `${sources} source${sources === 1 ? '' : 's'}`,
      contested
        ? el('span', { className: 'contested-badge', text: 'contested', title: CONTESTED.text })
        : null,
    ]),
  );
  const groups: [string, Evidence[]][] = [
    ...STANCES.map((stance): [string, Evidence[]] => [
      stance,
      edge.evidence.filter((e) => e.stance === stance),
    ]),
    ['none', edge.evidence.filter((e) => e.stance === null)],
  ];
  for (const [stance, pieces] of groups) {
    if (pieces.length === 0) continue;
    const known = STANCE_LOOKS[stance as keyof typeof STANCE_LOOKS];
    list.append(
      el('div', { className: 'evidence-group', testId: `evidence-${stance}` }, [
        el('div', { className: 'stance-row' }, [
          el('span', {
            className: `stance stance-${stance}`,
            text: stance,
            testId: 'details-stance',
          }),
          el('span', { className: 'muted', text: known?.text ?? 'No stance recorded' }),
        ]),
        ...pieces.map((piece) => evidenceItem(piece, explorer)),
      ]),
    );
  }
  return list;
}

function evidenceItem(piece: Evidence, explorer: Explorer): HTMLElement {
  const item = el('div', { className: 'evidence-item', testId: 'evidence-item' });
  if (piece.quote !== null) {
    item.append(
      el('blockquote', { className: 'quote', text: piece.quote, testId: 'details-quote' }),
    );
  }
  if (piece.claimedBy) {
    const name = piece.claimedByName ?? piece.claimedBy;
    const nodeId = piece.claimedByNodeId;
    item.append(
      el('p', { className: 'claimed-by', testId: 'details-claimed-by' }, [
        piece.stance === 'denial' ? 'Denied by ' : 'Claimed by ',
        nodeId
          ? button(name, () => void showNode(explorer, nodeId), {
              className: 'link',
              testId: 'details-claimant',
              title: `Add ${name} to the canvas and select it`,
            })
          : el('strong', { text: name }),
      ]),
    );
  }
  if (piece.date) {
    item.append(
      el('p', { className: 'edge-date', testId: 'details-date' }, [
        'Dated ',
        el('strong', { text: piece.date }),
      ]),
    );
  }
  if (piece.sourceId) {
    const sourceId = piece.sourceId;
    item.append(
      el('p', { className: 'source-line', testId: 'details-source' }, [
        'Source: ',
        button(
          piece.sourceTitle ?? sourceId,
          () => openSourceReader(sourceId, piece.relationshipId),
          {
            className: 'link',
            testId: 'details-source-link',
            title: 'Open the source at this sentence',
          },
        ),
      ]),
    );
  }
  return item;
}
