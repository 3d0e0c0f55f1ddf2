import './styles.css';
import { ApiClient } from './api/api-client.ts';
import { monitorHealth } from './api/health-monitor.ts';
import { Explorer } from './explorer/explorer.ts';
import { LayoutClient } from './layout/layout-client.ts';
import { createContextMenu } from './panels/context-menu.ts';
import { createDrawerToggles } from './panels/drawers.ts';
import { createDetailsPanel } from './panels/details-panel.ts';
import { el } from './panels/dom.ts';
import { createFiltersPanel } from './panels/filters-panel.ts';
import { createInvestigationsUi } from './panels/investigations-drawer.ts';
import { createNotesPanel } from './panels/notes-panel.ts';
import { InvestigationSharing } from './explorer/investigation-sharing.ts';
import { Investigations } from './explorer/investigations.ts';
import { notedIds, parseInvestigationLink } from './state/investigation.ts';
import { createLegendPanel } from './panels/legend-panel.ts';
import { createPathsPanel } from './panels/paths-panel.ts';
import { createSearchPanel } from './panels/search-panel.ts';
import { createSourceReader } from './panels/source-reader.ts';
import { createStatus } from './panels/status.ts';
import { createToolbar } from './panels/toolbar.ts';
import { ARROW_KEYS, nodeInDirection } from './explorer/keyboard-nav.ts';
import { GraphRenderer } from './renderer/graph-renderer.ts';
import { visibleElements } from './state/filters.ts';
import { decodeSceneLink, encodeSceneLink } from './state/scene-url.ts';
import { canUseConsole, currentSession } from './state/session.ts';
import { createUserBadge } from './panels/sign-in-page.ts';
import type { ConsoleHandle } from './panels/console/console-panel.ts';
import { installTestHook } from './test-hook.ts';

const app = document.getElementById('app');
if (!app) throw new Error('index.html lacks #app');

// The callbacks below run only once requests start, after `status` and `health` exist.
const api = new ApiClient({
  onBusyChange: (busy) => status.setApiBusy(busy),
  onUnavailable: () => health.checkNow(),
  // The session ended (expired, signed out elsewhere): the page shows sign-in again.
  onUnauthorized: () => location.reload(),
});
const session = currentSession();
const consoleAllowed = canUseConsole(session);
const layouts = new LayoutClient((busy) => status.setLayoutBusy(busy));
const explorer = new Explorer(api, layouts);
const status = createStatus(explorer);
// The camera belongs to the renderer, made further down.
const investigations = new Investigations(explorer, api, {
  get: () => renderer.viewport,
  set: (viewport) => renderer.setViewport(viewport),
});
const investigationsUi = createInvestigationsUi(
  investigations,
  new InvestigationSharing(explorer, api),
);
const health = monitorHealth(api, (s) => status.setDatabase(s));

// ---------------------------------------------------------------- layout of the page

// An application region: the canvas takes arrow keys, Enter and Escape itself.
const canvas = el('div', {
  className: 'canvas',
  testId: 'canvas',
  attrs: {
    id: 'graph-canvas',
    role: 'application',
    'aria-roledescription': 'graph',
    'aria-label':
      'Graph canvas: arrow keys move between nodes, Enter expands, Shift+F10 opens the menu',
    tabindex: '0',
  },
});
const emptyHint = el('div', { className: 'empty-hint', testId: 'empty-hint' }, [
  el('h2', { text: 'Start with a name' }),
  el('p', {
    text: 'Search for a person, state or agreement above and press Enter. Double-click a node to bring in its neighbours; right-click to choose which.',
  }),
]);
const menu = createContextMenu(explorer, canvas);
const consoleDrawer = el('section', {
  className: 'console-drawer',
  testId: 'console',
  attrs: { 'aria-label': 'Query console' },
});
consoleDrawer.hidden = true;

let consoleHandle: ConsoleHandle | undefined;
let consoleLoading: Promise<ConsoleHandle> | undefined;
let linkedQuery: string | null = null;

function openConsole(): Promise<ConsoleHandle> {
  if (!consoleAllowed) return Promise.reject(new Error('the console needs the analyst role'));
  consoleDrawer.hidden = false;
  renderer.resize();
  consoleLoading ??= import('./panels/console/console-panel.ts').then(({ mountConsole }) => {
    consoleHandle = mountConsole(consoleDrawer, explorer, {
      initialQuery: linkedQuery,
      onQueryRun: (query) => {
        linkedQuery = query;
        scheduleLinkUpdate();
      },
      onClose: () => toggleConsole(false),
    });
    return consoleHandle;
  });
  return consoleLoading.then((handle) => {
    handle.focus();
    return handle;
  });
}

function toggleConsole(open = consoleDrawer.hidden): void {
  if (open) void openConsole();
  else {
    consoleDrawer.hidden = true;
    renderer.resize();
    canvas.focus();
  }
}

// The drawing choice is this browser's, not the scene's: it is kept here, not in links.
const RENDERER_KEY = 'entente.renderer';
const storedRenderer = (): string | null => {
  try {
    return localStorage.getItem(RENDERER_KEY);
  } catch {
    return null;
  }
};
// What the canvas draws with; the renderer, made further down, settles it.
const drawing = { webgl: storedRenderer() === 'webgl' };
const toolbar = createToolbar(explorer, {
  fit: () => renderer.fit(),
  exportPng: () => {
    return renderer.exportPng();
  },
  toggleConsole: () => toggleConsole(),
  consoleAllowed,
  webgl: () => drawing.webgl,
  toggleWebgl: () => {
    const on = renderer.setWebgl(!renderer.webgl);
    drawing.webgl = on;
    try {
      localStorage.setItem(RENDERER_KEY, on ? 'webgl' : 'canvas');
    } catch {
      // Private browsing may refuse storage; the switch still holds for this page.
    }
    if (renderer.webglUnavailable) {
      explorer.notify('info', 'WebGL is not available in this browser; the canvas draws instead.');
    }
    draw();
    return on;
  },
});

const leftPanels = el(
  'aside',
  { className: 'sidebar left', attrs: { id: 'panel-filters', 'aria-label': 'Filters and legend' } },
  [createFiltersPanel(explorer), createLegendPanel(explorer)],
);
const rightPanels = el(
  'aside',
  { className: 'sidebar right', attrs: { id: 'panel-details', 'aria-label': 'Details and paths' } },
  [
    createDetailsPanel(explorer),
    createNotesPanel(explorer, investigations),
    createPathsPanel(explorer),
  ],
);
const drawers = createDrawerToggles(leftPanels, rightPanels, explorer);
// The hash holds the scene, so the skip link moves focus itself instead of changing it.
const skipLink = el('a', {
  className: 'skip-link',
  testId: 'skip-link',
  text: 'Skip to the graph canvas',
  attrs: { href: '#graph-canvas' },
  on: {
    click: (event) => {
      event.preventDefault();
      canvas.focus();
    },
  },
});

app.append(
  skipLink,
  el('header', { className: 'topbar' }, [
    el('h1', { className: 'brand' }, [
      el('span', { className: 'brand-mark', text: '◆', attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'brand-name', text: 'Entente' }),
    ]),
    createSearchPanel(explorer),
    toolbar,
    session.user &&
      createUserBadge(session.user, () => {
        void api.signOut().finally(() => location.reload());
      }),
  ]),
  status.banner,
  el('main', { className: 'workspace' }, [
    leftPanels,
    el('div', { className: 'canvas-wrap' }, [
      canvas,
      emptyHint,
      investigationsUi.bar,
      investigationsUi.drawer,
      status.progress,
      status.notice,
      createSourceReader(explorer),
      drawers,
    ]),
    rightPanels,
    consoleDrawer,
  ]),
  menu.element,
);

// ---------------------------------------------------------------- canvas

const renderer: GraphRenderer = new GraphRenderer(
  canvas,
  {
    onNodeDoubleClick: (id) => void explorer.expandAll(id),
    onMoreClick: (id) => void explorer.loadMore(id),
    onContextMenu: (id, at) => menu.open(id, at),
    onSelectionChange: (selection, selectedNodes) => explorer.select(selection, selectedNodes),
    onNodesDragged: (positions) => explorer.moved(positions),
    onViewportChange: () => scheduleLinkUpdate(),
  },
  { webgl: drawing.webgl },
);
drawing.webgl = renderer.webgl;
if (renderer.webglUnavailable) {
  explorer.notify('info', 'WebGL is not available in this browser; the canvas draws instead.');
}
const draw = () => {
  const started = performance.now();
  const scene = explorer.scene.get();
  const ui = explorer.ui.get();
  renderer.render(scene, ui, visibleElements(scene, ui.filters));
  renderer.markNoted(notedIds(investigations.state.get().notes));
  emptyHint.hidden = Object.keys(scene.graph.nodes).length > 0;
  // Named measures let benchmarks and the DevTools timeline see what a state change cost.
  performance.measure('entente:draw', { start: started });
};
// Several changes in one task are drawn once.
let drawQueued = false;
const queueDraw = () => {
  if (drawQueued) return;
  drawQueued = true;
  queueMicrotask(() => {
    drawQueued = false;
    draw();
  });
};
explorer.scene.subscribe(queueDraw);
investigations.state.subscribe((state, previous) => {
  if (state.notes !== previous.notes) queueDraw();
});

// Keyboard on the canvas: arrows move to the nearest node that way, Escape lets go,
// Enter expands the selected node, the menu key (or Shift+F10) opens its context menu.
// The move is announced, since a canvas has nothing for a screen reader to read.
const announcer = el('div', {
  className: 'visually-hidden',
  testId: 'canvas-announcer',
  attrs: { 'aria-live': 'polite' },
});
canvas.after(announcer);
canvas.addEventListener('keydown', (event) => {
  const selected = explorer.ui.get().selection;
  const direction = ARROW_KEYS[event.key];
  if (direction && !event.altKey && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    const scene = explorer.scene.get();
    const ui = explorer.ui.get();
    const next = nodeInDirection(
      scene.positions,
      visibleElements(scene, ui.filters).nodes,
      selected?.kind === 'node' ? selected.id : null,
      direction,
      renderer.viewportCentre(),
    );
    const node = next ? scene.graph.nodes[next] : undefined;
    if (!next || !node) return;
    explorer.select({ kind: 'node', id: next });
    renderer.reveal(next);
    announcer.textContent = `${node.caption} (${node.labels.join(', ')})`;
    return;
  }
  if (event.key === 'Escape' && selected && menu.element.hidden) {
    explorer.select(null);
    announcer.textContent = 'Nothing selected';
    return;
  }
  if (selected?.kind !== 'node') return;
  if (event.key === 'Enter') {
    event.preventDefault();
    void explorer.expandAll(selected.id);
  } else if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
    event.preventDefault();
    const at = renderer.pagePosition(selected.id);
    if (at) menu.open(selected.id, at);
  }
});
explorer.ui.subscribe(queueDraw);
explorer.onCentre = (id) => queueMicrotask(() => renderer.centre(id));
explorer.onFit = (ids) => queueMicrotask(() => renderer.fit(ids));
explorer.onArrived = (ids, origin) => queueMicrotask(() => renderer.follow(ids, origin));
new ResizeObserver(() => renderer.resize()).observe(canvas);
draw();

// ---------------------------------------------------------------- the scene in the URL

let restoring = false;
let linkTimer: ReturnType<typeof setTimeout> | undefined;

/** The link for what is on screen now. */
function currentLink(): string {
  const scene = explorer.scene.get();
  const ui = explorer.ui.get();
  return encodeSceneLink({
    nodes: Object.keys(scene.graph.nodes),
    positions: scene.positions,
    query: linkedQuery,
    pinned: Object.keys(scene.pinned),
    hidden: Object.keys(scene.hidden),
    filters: ui.filters,
    ...(ui.highlight?.paths ? { paths: ui.highlight.paths } : {}),
    ...(ui.highlight?.stances ? { pathStances: ui.highlight.stances } : {}),
    view: renderer.viewport,
  });
}

function scheduleLinkUpdate(): void {
  if (restoring) return;
  clearTimeout(linkTimer);
  linkTimer = setTimeout(() => {
    const hash = currentLink();
    if (hash !== location.hash && !(hash === '' && location.hash === '')) {
      history.replaceState(null, '', hash || `${location.pathname}${location.search}`);
    }
  }, 250);
}
explorer.scene.subscribe(scheduleLinkUpdate);
explorer.ui.subscribe((ui, previous) => {
  if (ui.filters !== previous.filters || ui.highlight !== previous.highlight) {
    scheduleLinkUpdate();
  }
});

async function openLink(hash: string): Promise<void> {
  const link = decodeSceneLink(hash);
  linkedQuery = link.query;
  restoring = true;
  try {
    // Colours and shapes come from the schema: the scene is drawn once it is known.
    await schemaLoaded;
    await explorer.restore(link);
    await new Promise((done) => requestAnimationFrame(done));
    if (link.view) renderer.setViewport(link.view);
    else renderer.fit();
  } finally {
    restoring = false;
  }
  if (link.query && consoleAllowed) await openConsole();
}

const schemaLoaded = explorer.api.schema().then(
  (schema) => {
    explorer.ui.dispatch((ui) => ({ ...ui, schema }));
  },
  () => {},
);

// Only the end-to-end build (vite --mode test) has the hook; production drops it as dead code.
if (__ENTENTE_TEST_HOOK__) {
  installTestHook(
    explorer,
    () => renderer,
    () => consoleHandle,
  );
}
// `?investigation=<id>[&version=<v>]` opens a saved investigation; else the scene in the hash.
const investigationLinked = parseInvestigationLink(location.search);
const ready = investigationLinked
  ? investigations.open(investigationLinked.id, investigationLinked.version)
  : location.hash.length > 1
    ? openLink(location.hash)
    : Promise.resolve();
void ready.finally(() => {
  document.body.dataset.ready = 'true';
});
window.addEventListener('hashchange', () => {
  // A pasted link in the same tab opens that scene.
  if (location.hash !== currentLink()) {
    explorer.clear();
    void openLink(location.hash);
  }
});
