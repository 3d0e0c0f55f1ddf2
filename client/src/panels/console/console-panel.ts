import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import {
  bracketMatching,
  defaultHighlightStyle,
  StreamLanguage,
  syntaxHighlighting,
} from '@codemirror/language';
import { cypher } from '@codemirror/legacy-modes/mode/cypher';
import { EditorSelection, EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  keymap,
  lineNumbers,
  placeholder,
  type DecorationSet,
} from '@codemirror/view';
import type { JsonValue, QueryResponse } from '../../../../server/api-types.ts';
import { ApiError, describeError } from '../../api/api-client.ts';
import type { Explorer } from '../../explorer/explorer.ts';
import { tableToCsv } from '../../export/scene-export.ts';
import { button, clear, download, el } from '../dom.ts';
import { renderTable } from './result-table.ts';
import { cypherCompletion } from './cypher-completion.ts';
import { savedQuestions } from './saved-questions.ts';

export interface ConsoleHandle {
  focus(): void;
  setQuery(cypher: string): void;
}

export interface ConsoleOptions {
  initialQuery: string | null;
  onQueryRun(cypher: string): void;
  onClose(): void;
}

const DEFAULT_QUERY = 'MATCH (s:State)-[r]->(t:State)\nRETURN s, r, t\nLIMIT 25';

// The error position, underlined in the editor.
const setError = StateEffect.define<{ from: number; to: number } | null>();
const errorMark = Decoration.mark({ class: 'cm-query-error' });
const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    marks = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (effect.is(setError)) {
        marks = effect.value
          ? Decoration.set([errorMark.range(effect.value.from, effect.value.to)])
          : Decoration.none;
      }
    }
    return transaction.docChanged ? Decoration.none : marks;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** The read-only Cypher console: editor, parameters, results as table and graph, saved questions. */
export function mountConsole(
  root: HTMLElement,
  explorer: Explorer,
  options: ConsoleOptions,
): ConsoleHandle {
  const params = el('textarea', {
    className: 'params',
    testId: 'console-params',
    attrs: {
      spellcheck: 'false',
      rows: '2',
      'aria-label': 'Parameters as JSON',
      placeholder: '{ "name": "Belarus" }',
    },
  });
  const errorBox = el('div', {
    className: 'console-error',
    testId: 'console-error',
    attrs: { role: 'alert' },
  });
  errorBox.hidden = true;
  const summary = el('div', { className: 'console-summary', testId: 'console-summary' });
  const table = el('div', { className: 'result-table', testId: 'console-table' });
  const mode = el('select', {
    testId: 'console-mode',
    attrs: { 'aria-label': 'What to do with result graphs' },
  });
  for (const [value, text] of [
    ['add', 'Add results to canvas'],
    ['replace', 'Replace canvas'],
    ['none', 'Table only'],
  ] as const) {
    mode.append(el('option', { text, attrs: { value } }));
  }
  let last: QueryResponse | null = null;
  const csv = button(
    'CSV',
    () => {
      if (!last) return;
      download(
        new Blob([tableToCsv(last.columns, last.rows)], { type: 'text/csv' }),
        'entente-result.csv',
      );
    },
    { className: 'small', testId: 'console-csv', title: 'Download the table as CSV' },
  );
  const toCanvas = button('Add to canvas', () => last && void explorer.showResult(last, false), {
    className: 'small',
    testId: 'console-add',
  });
  const replaceCanvas = button(
    'Replace canvas',
    () => last && void explorer.showResult(last, true),
    { className: 'small', testId: 'console-replace' },
  );
  csv.disabled = toCanvas.disabled = replaceCanvas.disabled = true;

  const runButton = button('Run', () => void runEditor(), {
    className: 'primary small',
    testId: 'console-run',
    title: 'Run (Ctrl/Cmd+Enter)',
  });

  const view = new EditorView({
    parent: undefined,
    state: EditorState.create({
      doc: options.initialQuery ?? DEFAULT_QUERY,
      extensions: [
        lineNumbers(),
        history(),
        bracketMatching(),
        closeBrackets(),
        StreamLanguage.define(cypher),
        syntaxHighlighting(defaultHighlightStyle),
        autocompletion({ override: [cypherCompletion(() => explorer.ui.get().schema)] }),
        placeholder('MATCH (n) RETURN n LIMIT 25'),
        errorField,
        Prec.highest(
          keymap.of([
            { key: 'Mod-Enter', run: () => (void runEditor(), true) },
            { key: 'Escape', run: () => (options.onClose(), true) },
          ]),
        ),
        keymap.of([
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...historyKeymap,
          ...completionKeymap,
        ]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          'aria-label': 'Cypher query',
          'data-testid': 'console-editor',
        }),
      ],
    }),
  });

  /** A new error replaces the last answer: an old table under it would read as its result. */
  const forgetResult = () => {
    last = null;
    clear(table);
    summary.textContent = '';
    csv.disabled = toCanvas.disabled = replaceCanvas.disabled = true;
  };

  const showError = (error: unknown, cypher: string | null) => {
    forgetResult();
    errorBox.hidden = false;
    clear(errorBox);
    const message = describeError(error);
    errorBox.append(
      el('strong', {
        text: error instanceof ApiError && error.status === 403 ? 'Refused: ' : 'Error: ',
      }),
      message,
    );
    const details = error instanceof ApiError ? error.details : undefined;
    if (cypher !== null && details && typeof details === 'object' && !Array.isArray(details)) {
      const line = Number(details.line);
      const column = Number(details.column);
      if (
        Number.isInteger(line) &&
        Number.isInteger(column) &&
        line >= 1 &&
        line <= view.state.doc.lines
      ) {
        const at = Math.min(view.state.doc.line(line).from + column - 1, view.state.doc.length);
        const to = Math.min(
          view.state.doc.lineAt(at).to,
          at + Math.max(1, /^\w+/.exec(view.state.sliceDoc(at))?.[0].length ?? 1),
        );
        view.dispatch({
          effects: setError.of({ from: at, to: Math.max(to, at) }),
          selection: EditorSelection.cursor(at),
          scrollIntoView: true,
        });
        errorBox.append(
          el('span', { className: 'muted', text: ` — line ${line}, column ${column}` }),
        );
      }
    }
  };

  const showResult = async (result: QueryResponse) => {
    last = result;
    errorBox.hidden = true;
    csv.disabled = result.rows.length === 0;
    toCanvas.disabled = replaceCanvas.disabled = result.graph.nodes.length === 0;
    summary.textContent =
      `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}${result.summary.truncated ? ' (truncated)' : ''}` +
      ` · ${result.graph.nodes.length} nodes, ${result.graph.edges.length} relationships · ${result.summary.ms} ms`;
    for (const note of result.summary.notifications) {
      summary.append(el('div', { className: 'muted', text: `${note.title}: ${note.description}` }));
    }
    renderTable(table, result);
    if (result.graph.nodes.length > 0 && mode.value !== 'none') {
      await explorer.showResult(result, mode.value === 'replace');
    }
  };

  const runEditor = async () => {
    const cypher = view.state.doc.toString().trim();
    if (!cypher) return;
    let parsed: Record<string, JsonValue> = {};
    const text = params.value.trim();
    if (text) {
      try {
        const value = JSON.parse(text) as JsonValue;
        if (!value || typeof value !== 'object' || Array.isArray(value))
          throw new Error('Parameters must be a JSON object, e.g. { "name": "Belarus" }.');
        parsed = value;
      } catch (error) {
        showError(new Error(`Parameters: ${describeError(error)}`), null);
        return;
      }
    }
    view.dispatch({ effects: setError.of(null) });
    summary.textContent = 'Running…';
    runButton.disabled = true;
    try {
      const result = await explorer.api.query({ cypher, params: parsed });
      options.onQueryRun(cypher);
      await showResult(result);
    } catch (error) {
      summary.textContent = '';
      showError(error, cypher);
    } finally {
      runButton.disabled = false;
    }
  };

  const saved = savedQuestions(explorer.api, {
    openInEditor: (cypher) => handle.setQuery(cypher),
    run: async (query, values) => {
      // The editor shows what runs, so the question can be read, changed and run again.
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: query.cypher },
        effects: setError.of(null),
      });
      params.value = Object.keys(values).length > 0 ? JSON.stringify(values) : '';
      summary.textContent = 'Running…';
      try {
        await showResult(await explorer.api.runSavedQuery(query.name, values));
      } catch (error) {
        summary.textContent = '';
        showError(error, null);
      }
    },
  });

  clear(root);
  root.append(
    el('div', { className: 'console-head' }, [
      el('h2', { className: 'panel-title', text: 'Query console' }),
      el('span', { className: 'muted', text: 'Read-only Cypher · Ctrl/Cmd+Enter runs' }),
      button('Close', options.onClose, { className: 'small', testId: 'console-close' }),
    ]),
    el('div', { className: 'console-grid' }, [
      el('div', { className: 'console-saved' }, [
        el('h3', { text: 'Saved questions' }),
        saved.list,
        saved.form,
      ]),
      el('div', { className: 'console-editor' }, [
        view.dom,
        el('div', { className: 'params-row' }, [
          el('label', { text: 'Parameters (JSON)' }),
          params,
        ]),
        el('div', { className: 'actions' }, [runButton, mode]),
        errorBox,
      ]),
      el('div', { className: 'console-results' }, [
        el('div', { className: 'results-head' }, [
          summary,
          el('div', { className: 'actions' }, [toCanvas, replaceCanvas, csv]),
        ]),
        table,
      ]),
    ]),
  );

  const handle: ConsoleHandle = {
    focus: () => view.focus(),
    setQuery(cypher) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: cypher } });
      view.focus();
    },
  };
  return handle;
}
