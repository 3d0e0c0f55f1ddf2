import type { SearchResult } from '../../../server/api-types.ts';
import { describeError } from '../api/api-client.ts';
import type { Explorer } from '../explorer/explorer.ts';
import { labelStyle, primaryLabel } from '../theme/label-style.ts';
import { clear, el } from './dom.ts';

const DEBOUNCE_MS = 150;

/** Type-ahead search: arrows move, Enter adds the highlighted result and centres on it. */
export function createSearchPanel(explorer: Explorer): HTMLElement {
  const input = el('input', {
    className: 'search-input',
    testId: 'search-input',
    attrs: {
      type: 'search',
      placeholder: 'Search people, states, agreements…  ( / )',
      'aria-label': 'Search the graph',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': 'search-results',
      autocomplete: 'off',
      spellcheck: 'false',
    },
  });
  const list = el('ul', {
    className: 'search-results',
    testId: 'search-results',
    attrs: { id: 'search-results', role: 'listbox' },
  });
  list.hidden = true;
  const root = el('div', { className: 'search' }, [input, list]);

  let results: SearchResult[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };

  const paint = () => {
    clear(list);
    const onCanvas = explorer.scene.get().graph.nodes;
    results.forEach((result, i) => {
      const present = !!onCanvas[result.id];
      const look = labelStyle(primaryLabel(result.labels), explorer.ui.get().schema);
      const swatch = el('span', { className: 'swatch' });
      swatch.style.background = look.color;
      const item = el(
        'li',
        {
          className: `search-result${i === active ? ' active' : ''}${present ? ' present' : ''}`,
          testId: 'search-result',
          attrs: {
            id: `search-result-${i}`,
            role: 'option',
            'aria-selected': String(i === active),
          },
          on: {
            mousedown: (event) => {
              event.preventDefault();
              choose(i);
            },
          },
        },
        [
          swatch,
          el('span', { className: 'result-caption', text: result.caption }),
          el('span', { className: 'result-labels' }, [
            present
              ? el('span', {
                  className: 'on-canvas',
                  testId: 'search-result-on-canvas',
                  text: 'on canvas',
                  title: 'Already on the canvas: Enter selects it there',
                })
              : null,
            result.labels.join(' · '),
          ]),
        ],
      );
      list.append(item);
    });
    list.hidden = results.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
    if (active >= 0) input.setAttribute('aria-activedescendant', `search-result-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };

  const message = (text: string) => {
    clear(list);
    list.append(el('li', { className: 'search-message', text }));
    list.hidden = false;
  };

  const choose = (i: number) => {
    const result = results[i];
    if (!result) return;
    close();
    input.select();
    void explorer.addNode(result);
  };

  const lookUp = async (q: string) => {
    controller?.abort();
    controller = new AbortController();
    try {
      const answer = await explorer.api.search(q, 10, controller.signal);
      if (input.value.trim() !== q) return;
      results = answer.results;
      active = results.length > 0 ? 0 : -1;
      if (results.length === 0) message(`Nothing matches “${q}”.`);
      else paint();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      results = [];
      message(describeError(error));
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      results = [];
      close();
      return;
    }
    timer = setTimeout(() => void lookUp(q), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (results.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      active = (active + step + results.length) % results.length;
      paint();
      document.getElementById(`search-result-${active}`)?.scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const q = input.value.trim();
      if (results.length > 0) choose(Math.max(active, 0));
      else if (q) {
        // Enter before the debounce fired: search now, then add the best match.
        clearTimeout(timer);
        void lookUp(q).then(() => {
          if (results.length > 0) choose(0);
        });
      }
    } else if (event.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('focus', () => {
    if (results.length > 0) paint();
  });

  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    const typing = target?.closest('input, textarea, select, .cm-editor');
    if (event.key === '/' && !typing) {
      event.preventDefault();
      input.focus();
    }
  });

  return root;
}
