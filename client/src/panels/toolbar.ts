import type { Explorer } from '../explorer/explorer.ts';
import { describeError } from '../api/api-client.ts';
import { exportCanvas } from '../export/export-actions.ts';
import { sceneToJson } from '../export/scene-export.ts';
import { button, download, el } from './dom.ts';

export interface ToolbarActions {
  fit(): void;
  /** The graph as drawn, at 2× (the print picture frames it with a legend). */
  exportPng(): Blob;
  toggleConsole(): void;
  /** False for a signed-in viewer: the console needs the analyst role. */
  consoleAllowed: boolean;
  /** Whether the canvas draws with WebGL. */
  webgl(): boolean;
  /** Switches between WebGL and the standard canvas; returns whether WebGL now draws. */
  toggleWebgl(): boolean;
}

const webglTitle = (on: boolean) =>
  on
    ? 'Drawing with WebGL. Switch back to the standard canvas'
    : 'Draw with WebGL: faster for big scenes with a graphics card, slower without one';

/** The canvas commands; each also has a keyboard shortcut. */
export function createToolbar(explorer: Explorer, actions: ToolbarActions): HTMLElement {
  const undo = button('Undo', () => explorer.undo(), {
    testId: 'undo',
    title: 'Undo (Ctrl+Z)',
    className: 'tool',
  });
  const redo = button('Redo', () => explorer.redo(), {
    testId: 'redo',
    title: 'Redo (Ctrl+Shift+Z)',
    className: 'tool',
  });
  const expand = button('Expand', () => void explorer.expandSelection(), {
    testId: 'expand-selection',
    title: 'Expand the selected nodes (E)',
    className: 'tool',
  });
  const showHidden = button('Show hidden', () => explorer.showHidden(), {
    testId: 'show-hidden',
    title: 'Bring back hidden nodes',
    className: 'tool',
  });
  const webgl: HTMLButtonElement = button(
    'WebGL',
    () => {
      const on = actions.toggleWebgl();
      webgl.setAttribute('aria-pressed', String(on));
      webgl.title = webglTitle(on);
    },
    {
      testId: 'toggle-webgl',
      title: webglTitle(actions.webgl()),
      className: 'tool',
      attrs: { 'aria-pressed': String(actions.webgl()) },
    },
  );
  const exportMenu = el('select', {
    className: 'tool',
    testId: 'export',
    attrs: { 'aria-label': 'Export' },
  });
  for (const [value, text] of [
    ['', 'Export…'],
    ['png', 'Picture for print (PNG, 2×)'],
    ['svg', 'Picture for print (SVG)'],
    ['csv', 'Canvas as CSV (nodes, edges)'],
    ['gexf', 'Canvas as GEXF (Gephi)'],
    ['json', 'Scene as JSON'],
  ] as const) {
    exportMenu.append(el('option', { text, attrs: { value } }));
  }
  exportMenu.addEventListener('change', () => {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const kind = exportMenu.value;
    if (kind === 'png' || kind === 'svg' || kind === 'csv' || kind === 'gexf') {
      exportCanvas(explorer, kind, actions.exportPng).catch((error: unknown) =>
        explorer.notify('error', `Export failed: ${describeError(error)}`),
      );
    }
    if (exportMenu.value === 'json') {
      const json = sceneToJson(explorer.scene.get());
      download(new Blob([json], { type: 'application/json' }), `entente-scene-${stamp}.json`);
    }
    exportMenu.value = '';
  });

  const bar = el(
    'div',
    { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Canvas' } },
    [
      button('Fit', actions.fit, {
        testId: 'fit',
        title: 'Fit the graph to the view (F)',
        className: 'tool',
      }),
      button('Re-layout', () => void explorer.relayout(), {
        testId: 'relayout',
        title: 'Lay out the whole graph again (L)',
        className: 'tool',
      }),
      el('span', { className: 'tool-gap' }),
      undo,
      redo,
      el('span', { className: 'tool-gap' }),
      expand,
      showHidden,
      button('Clear', () => explorer.clear(), {
        testId: 'clear',
        title: 'Remove everything from the canvas (undoable)',
        className: 'tool',
      }),
      el('span', { className: 'tool-gap' }),
      webgl,
      exportMenu,
      actions.consoleAllowed &&
        button('Console', actions.toggleConsole, {
          testId: 'toggle-console',
          title: 'Cypher console and saved questions (`)',
          className: 'tool tool-primary',
        }),
    ],
  );

  const refresh = () => {
    undo.disabled = !explorer.scene.canUndo();
    redo.disabled = !explorer.scene.canRedo();
    webgl.setAttribute('aria-pressed', String(actions.webgl()));
    webgl.title = webglTitle(actions.webgl());
    expand.disabled = explorer.ui.get().selectedNodes.length === 0;
    showHidden.hidden = Object.keys(explorer.scene.get().hidden).length === 0;
  };
  explorer.scene.subscribe(refresh);
  explorer.ui.subscribe(refresh);
  refresh();

  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if (target?.closest('input, textarea, select, .cm-editor')) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && key === 'z') {
      event.preventDefault();
      if (event.shiftKey) explorer.redo();
      else explorer.undo();
    } else if (mod && key === 'y') {
      event.preventDefault();
      explorer.redo();
    } else if (!mod && !event.altKey) {
      if (key === 'f') actions.fit();
      else if (key === 'l') void explorer.relayout();
      else if (key === 'e') void explorer.expandSelection();
      else if (key === '`' && actions.consoleAllowed) actions.toggleConsole();
      else if (key === 'delete' || key === 'backspace') {
        const ids = explorer.ui.get().selectedNodes;
        if (ids.length > 0) explorer.remove(ids);
      } else if (key === 'h') {
        const ids = explorer.ui.get().selectedNodes;
        if (ids.length > 0) explorer.hide(ids);
      }
    }
  });
  return bar;
}
