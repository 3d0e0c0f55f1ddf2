import type { GraphNode, Stance } from '../../server/api-types.ts';
import type { PublishedInvestigationResponse } from '../../server/investigation-types.ts';
import { describeError, type ApiClient } from './api/api-client.ts';
import { button, download, el } from './panels/dom.ts';
import './panels/investigations.css';
import './panels/sharing.css';
import { GraphRenderer } from './renderer/graph-renderer.ts';
import { noFilters, visibleElements } from './state/filters.ts';
import { targetId } from './state/investigation.ts';
import { addGraph, emptyScene, hideNodes, setPinned } from './state/scene.ts';
import type { Position, UiState } from './state/types.ts';
import { installTestHook } from './test-hook.ts';
import { labelStyle, primaryLabel } from './theme/label-style.ts';

/**
 * The page a published read-only link opens, without signing in: the investigation's
 * scene drawn as saved, its notes and its report, under a banner saying it is a read-only
 * link. It asks the server for this one investigation and nothing else, so it has no
 * search, expansion, console or saving.
 */
export async function mountPublishedView(
  root: HTMLElement,
  api: ApiClient,
  token: string,
): Promise<void> {
  const banner = el('div', {
    className: 'banner published-banner',
    testId: 'published-banner',
    attrs: { role: 'status' },
    text: 'Read-only link: you are looking at a shared investigation as its owner last saved it. Nothing here can be changed.',
  });
  const brand = el('h1', { className: 'brand' }, [
    el('span', { className: 'brand-mark', text: '◆', attrs: { 'aria-hidden': 'true' } }),
    el('span', { className: 'brand-name', text: 'Entente' }),
  ]);
  const header = el('header', { className: 'topbar' }, [
    brand,
    el('span', { className: 'published-pill', text: 'Read-only link' }),
  ]);
  let opened: PublishedInvestigationResponse;
  try {
    opened = await api.published(token);
  } catch (error) {
    root.append(
      header,
      el('main', { className: 'published-gone', testId: 'published-error' }, [
        el('h2', { text: 'This link does not open anything' }),
        el('p', {
          text: `${describeError(error)} The owner may have revoked it; ask them for a new one.`,
        }),
      ]),
    );
    return;
  }
  const { investigation, graph, labelSlots } = opened;
  document.title = `${investigation.title} · Entente (read-only)`;

  const canvas = el('div', {
    className: 'canvas',
    testId: 'canvas',
    attrs: { role: 'img', 'aria-label': `The scene of ${investigation.title}` },
  });
  const notes = el('div', { className: 'panel-body', testId: 'published-notes' });
  const side = el(
    'aside',
    { className: 'published-side', attrs: { 'aria-label': 'Investigation and notes' } },
    [
      el('section', { className: 'panel' }, [
        el('h2', { className: 'panel-title', text: 'Investigation' }),
        el('div', { className: 'panel-body' }, [
          el('h3', {
            className: 'published-title',
            testId: 'published-title',
            text: investigation.title,
          }),
          investigation.description &&
            el('p', { className: 'published-description', text: investigation.description }),
          el('p', {
            className: 'hint',
            text: `Version ${investigation.version} · saved by ${investigation.author} · ${new Date(investigation.updatedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`,
          }),
          el('div', { className: 'share-row' }, [
            button('Report (HTML)', () => void exportReport('html'), {
              className: 'inv-button',
              testId: 'published-report',
            }),
            button('Report (Markdown)', () => void exportReport('md'), { className: 'inv-button' }),
          ]),
        ]),
      ]),
      el('section', { className: 'panel notes-panel', attrs: { 'aria-label': 'Notes' } }, [
        el('h2', { className: 'panel-title', text: 'Notes' }),
        notes,
      ]),
      el('section', { className: 'panel', attrs: { 'aria-label': 'Legend' } }, [
        el('h2', { className: 'panel-title', text: 'Legend' }),
        el('div', { className: 'panel-body' }, [legendOf(graph.nodes, labelSlots)]),
      ]),
    ],
  );
  // Set before the scene is drawn; the button only acts once the renderer exists.
  let fitScene = (): void => {};
  header.append(
    el('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Canvas' } }, [
      button('Fit', () => fitScene(), {
        className: 'tool',
        testId: 'fit',
        title: 'Fit the scene to the view (F)',
        attrs: { 'aria-label': 'Fit the scene to the view' },
      }),
    ]),
  );
  root.append(
    header,
    banner,
    el('main', { className: 'workspace published-workspace' }, [
      el('div', { className: 'canvas-wrap' }, [canvas]),
      side,
    ]),
  );

  async function exportReport(format: 'html' | 'md'): Promise<void> {
    try {
      const text = await api.publishedReport(token, format);
      const stem =
        investigation.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') ||
        'investigation';
      download(
        new Blob([text], { type: format === 'html' ? 'text/html' : 'text/markdown' }),
        `${stem}-v${investigation.version}.${format}`,
      );
    } catch (error) {
      notes.prepend(el('p', { className: 'hint bad', text: describeError(error) }));
    }
  }

  // The scene exactly as saved: positions, pins, hidden nodes, filters.
  const now = (id: string) => investigation.remapped.nodes[id] ?? id;
  const saved = investigation.scene;
  const positions: Record<string, Position> = {};
  for (const n of saved.nodes) positions[now(n.id)] = { x: n.x, y: n.y };
  const scene = setPinned(
    saved.nodes.filter((n) => n.pinned).map((n) => now(n.id)),
    true,
  )(
    hideNodes(saved.nodes.filter((n) => n.hidden).map((n) => now(n.id)))(
      addGraph(graph, positions)(emptyScene()),
    ),
  );
  let ui: UiState = {
    selection: null,
    selectedNodes: [],
    highlight: null,
    filters: {
      ...noFilters(),
      hiddenLabels: [...(saved.filters.hiddenLabels ?? [])],
      hiddenTypes: [...(saved.filters.hiddenTypes ?? [])],
      hiddenStances: [...(saved.filters.hiddenStances ?? [])] as Stance[],
      asOf: saved.asOf ?? saved.filters.asOf ?? null,
    },
    schema: null,
    labelSlots,
  };
  const renderer = new GraphRenderer(canvas, {
    // Read-only: nothing to expand, no menu, and dragging changes nothing saved.
    onNodeDoubleClick: () => {},
    onMoreClick: () => {},
    onContextMenu: () => {},
    onNodesDragged: () => {},
    onSelectionChange: (selection, selectedNodes) => {
      ui = { ...ui, selection, selectedNodes };
      draw();
    },
  });
  const captionOf = (id: string | null) =>
    id ? (scene.graph.nodes[id]?.caption ?? scene.graph.edges[id]?.type ?? null) : null;

  function draw(): void {
    renderer.render(scene, ui, visibleElements(scene, ui.filters));
  }

  // Every note, each saying what it is about; a read-only page has room to show them all.
  const notesShown = investigation.notes;
  if (notesShown.length === 0) notes.append(el('p', { className: 'hint', text: 'No notes.' }));
  else {
    notes.append(
      el(
        'ul',
        { className: 'note-list' },
        notesShown.map((note) => {
          const about = captionOf(targetId(note.target));
          return el('li', { className: 'note' }, [
            el('p', {
              className: 'note-about',
              text: about ? `On ${about}` : 'On the investigation',
            }),
            el('p', { className: 'note-text', text: note.text, testId: 'note-text' }),
            el('div', { className: 'note-meta' }, [
              el('span', {
                testId: 'note-author',
                text: `${note.author} · ${new Date(note.updatedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`,
              }),
            ]),
          ]);
        }),
      ),
    );
  }
  draw();
  // Only the end-to-end build has the hook; production drops it as dead code.
  if (__ENTENTE_TEST_HOOK__) {
    installTestHook(
      {
        scene: { get: () => scene, canUndo: () => false, canRedo: () => false },
        ui: { get: () => ui },
      },
      () => renderer,
      () => undefined,
    );
  }
  // The reader's screen is not the owner's: the whole scene is fitted to it, when the page
  // opens and again once a resize has come to rest (refitting on every step would jitter).
  fitScene = () => renderer.fit();
  let refit: ReturnType<typeof setTimeout> | undefined;
  new ResizeObserver(() => {
    renderer.resize();
    clearTimeout(refit);
    refit = setTimeout(fitScene, RESIZE_REST_MS);
  }).observe(canvas);
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select')) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key.toLowerCase() === 'f') fitScene();
  });
  requestAnimationFrame(fitScene);
}

/** How long the canvas keeps one size before the scene is fitted to it again. */
const RESIZE_REST_MS = 200;

/** What the colours mean: the labels this scene's nodes are drawn by, with how many of each. */
function legendOf(
  nodes: readonly GraphNode[],
  labelSlots: Readonly<Record<string, number>>,
): HTMLElement {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const label = primaryLabel(node.labels);
    if (label) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const palette = { slots: labelSlots };
  return el(
    'ul',
    { className: 'legend-labels', testId: 'legend-labels' },
    [...counts]
      .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
      .map(([label, count]) => {
        const look = labelStyle(label, palette);
        const swatch = el('span', { className: `legend-shape shape-${look.shape}` });
        swatch.style.background = look.color;
        return el('li', {}, [
          swatch,
          el('span', { text: label }),
          el('span', { className: 'count', text: String(count) }),
        ]);
      }),
  );
}
