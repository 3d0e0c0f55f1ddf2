import type {
  SourceEvidence,
  SourceListItem,
  SourceResponse,
  Stance,
} from '../../../server/api-types.ts';
import { describeError } from '../api/api-client.ts';
import { showRelationship, showSupported } from '../explorer/evidence-actions.ts';
import type { Explorer } from '../explorer/explorer.ts';
import { createStore } from '../state/store.ts';
import { STANCE_LOOKS } from '../theme/stance-style.ts';
import { button, clear, el, safeHttpUrl } from './dom.ts';

/**
 * The source reader: a document with every sentence the graph rests on highlighted in its
 * stance's colour. A highlight brings its relationship onto the canvas and selects it.
 * Text is set as text, never parsed as HTML.
 */

/** Which source is open and which relationship to show in it (null: the list of sources). */
export interface ReaderRequest {
  sourceId: string | null;
  relationshipId?: string;
}

const requests = createStore<ReaderRequest | 'closed'>('closed');

/** Opens the reader at a source (and a sentence of it), from anywhere in the explorer. */
export function openSourceReader(sourceId: string | null, relationshipId?: string): void {
  requests.dispatch(() => (relationshipId ? { sourceId, relationshipId } : { sourceId }));
}

interface Highlight {
  start: number;
  end: number;
  evidence: SourceEvidence[];
}

/** Located quotes as non-overlapping highlights in text order; overlapping ones are joined. */
export function highlightsOf(evidence: readonly SourceEvidence[]): Highlight[] {
  const located = evidence
    .filter((e): e is SourceEvidence & { offsets: [number, number] } => e.offsets !== null)
    .sort((a, b) => a.offsets[0] - b.offsets[0] || b.offsets[1] - a.offsets[1]);
  const highlights: Highlight[] = [];
  for (const e of located) {
    const last = highlights[highlights.length - 1];
    if (last && e.offsets[0] < last.end) {
      last.end = Math.max(last.end, e.offsets[1]);
      last.evidence.push(e);
    } else {
      highlights.push({ start: e.offsets[0], end: e.offsets[1], evidence: [e] });
    }
  }
  return highlights;
}

/** The stance a highlight is coloured by: a denial wins, then a claim, then the first. */
function highlightStance(evidence: readonly SourceEvidence[]): Stance | 'none' {
  for (const stance of ['denial', 'claim'] as const) {
    if (evidence.some((e) => e.stance === stance)) return stance;
  }
  return evidence[0]?.stance ?? 'none';
}

export function createSourceReader(explorer: Explorer): HTMLElement {
  const body = el('div', { className: 'reader-body', testId: 'reader-body' });
  const title = el('h2', { className: 'panel-title', text: 'Sources', testId: 'reader-title' });
  const close = button('×', () => requests.dispatch(() => 'closed'), {
    className: 'icon',
    testId: 'reader-close',
    attrs: { 'aria-label': 'Close the source reader' },
  });
  const back = button('All sources', () => openSourceReader(null), {
    className: 'link',
    testId: 'reader-all',
  });
  const panel = el(
    'section',
    {
      className: 'panel source-reader',
      testId: 'source-reader',
      attrs: { 'aria-label': 'Source reader', hidden: '' },
    },
    [el('div', { className: 'reader-head' }, [title, back, close]), body],
  );
  const launcher = button('Sources', () => openSourceReader(null), {
    className: 'reader-launcher',
    testId: 'open-sources',
    attrs: { 'aria-label': 'Open the source reader' },
  });

  let token = 0;
  const loading = (text: string) => {
    clear(body);
    body.append(el('p', { className: 'hint', text }));
  };
  const failed = (error: unknown) => {
    clear(body);
    body.append(el('p', { className: 'error-text', text: describeError(error) }));
  };

  const showList = async (mine: number) => {
    title.textContent = 'Sources';
    back.hidden = true;
    loading('Loading sources…');
    try {
      const { items } = await explorer.api.sources();
      if (mine !== token) return;
      clear(body);
      if (items.length === 0) {
        body.append(el('p', { className: 'hint', text: 'This graph has no Source nodes.' }));
        return;
      }
      body.append(el('ul', { className: 'reader-sources' }, items.map(sourceEntry)));
    } catch (error) {
      if (mine === token) failed(error);
    }
  };

  const sourceEntry = (source: SourceListItem) =>
    el('li', {}, [
      button(source.title, () => openSourceReader(source.id), {
        className: 'link',
        testId: 'reader-source',
      }),
      el('span', {
        className: 'muted',
        text: ` · ${[source.kind, source.date].filter(Boolean).join(', ')} · ${source.relationships} relationship(s)`,
      }),
    ]);

  const showSource = async (request: ReaderRequest & { sourceId: string }, mine: number) => {
    back.hidden = false;
    title.textContent = 'Source';
    loading('Loading the source…');
    let source: SourceResponse;
    try {
      source = await explorer.api.source(request.sourceId);
    } catch (error) {
      if (mine === token) failed(error);
      return;
    }
    if (mine !== token) return;
    clear(body);
    title.textContent = source.title;
    body.append(sourceMeta(source));
    const located = source.evidence.filter((e) => e.offsets !== null).length;
    const addAll = button(
      'Add everything this source supports',
      () => void showSupported(explorer, source.evidence),
      { testId: 'reader-add-all' },
    );
    addAll.disabled = source.evidence.length === 0;
    body.append(
      el('div', { className: 'reader-actions' }, [
        addAll,
        el('span', {
          className: 'muted',
          testId: 'reader-counts',
          text: `${source.evidence.length} relationship(s); ${located} quote(s) located`,
        }),
      ]),
    );
    if (source.text === null) {
      body.append(
        el('p', { className: 'hint', text: 'The project does not hold this source’s text.' }),
      );
    } else {
      body.append(documentOf(source.text, source.evidence, request.relationshipId));
    }
    const unplaced = source.evidence.filter((e) => e.offsets === null && e.quote !== null);
    if (unplaced.length > 0 || source.text === null) {
      const list = source.evidence.filter((e) => e.offsets === null);
      body.append(
        el('h3', { text: source.text === null ? 'Quotes' : 'Quotes not found in the text' }),
        el(
          'ul',
          { className: 'reader-unplaced' },
          list.map((e) => el('li', {}, [chip(e), e.quote ? ` “${e.quote}”` : ''])),
        ),
      );
    }
    const focused = body.querySelector('.focused');
    if (focused instanceof HTMLElement) focused.scrollIntoView({ block: 'center' });
  };

  const chip = (e: SourceEvidence) =>
    button(`${e.fromCaption} ${e.type} ${e.toCaption}`, () => void showRelationship(explorer, e), {
      className: `evidence-chip stance-${e.stance ?? 'none'}`,
      testId: 'reader-evidence',
      title: `${e.stance ?? 'no stance'}: add ${e.fromCaption} –${e.type}→ ${e.toCaption} to the canvas and select it`,
      attrs: { 'data-relationship-id': e.relationshipId },
    });

  const documentOf = (text: string, evidence: SourceEvidence[], focus?: string) => {
    const doc = el('div', { className: 'reader-text', testId: 'reader-text' });
    let at = 0;
    for (const h of highlightsOf(evidence)) {
      if (h.start > at) doc.append(text.slice(at, h.start));
      const stance = highlightStance(h.evidence);
      const mark = el(
        'mark',
        {
          className: `quote-mark stance-${stance}`,
          testId: 'reader-highlight',
          title: `${STANCE_LOOKS[stance as Stance]?.text ?? 'Evidence'} — click to add it to the canvas`,
          attrs: { 'data-relationship-ids': h.evidence.map((e) => e.relationshipId).join(' ') },
          on: { click: () => void showRelationship(explorer, h.evidence[0]!) },
        },
        [text.slice(h.start, h.end)],
      );
      if (focus && h.evidence.some((e) => e.relationshipId === focus))
        mark.classList.add('focused');
      doc.append(mark, el('span', { className: 'chips' }, h.evidence.map(chip)));
      at = h.end;
    }
    if (at < text.length) doc.append(text.slice(at));
    return doc;
  };

  requests.subscribe((request) => {
    token++;
    if (request === 'closed') {
      panel.hidden = true;
      return;
    }
    panel.hidden = false;
    if (request.sourceId === null) void showList(token);
    else void showSource({ ...request, sourceId: request.sourceId }, token);
  });

  return el('div', { className: 'reader-layer' }, [launcher, panel]);
}

function sourceMeta(source: SourceResponse): HTMLElement {
  const url = safeHttpUrl(source.url);
  const parts = [source.kind, source.author, source.date].filter(Boolean).join(' · ');
  return el('p', { className: 'reader-meta', testId: 'reader-meta' }, [
    parts,
    url
      ? el('a', {
          text: ' · original',
          attrs: { href: url, target: '_blank', rel: 'noopener noreferrer' },
        })
      : null,
  ]);
}
