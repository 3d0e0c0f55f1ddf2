import type { Explorer } from '../explorer/explorer.ts';
import { STANCES } from '../state/types.ts';
import { button, clear, el } from './dom.ts';
import { pathLine, pathText } from './path-steps.ts';

/** Two nodes in, the paths between them highlighted and the rest dimmed. */
export function createPathsPanel(explorer: Explorer): HTMLElement {
  let from: string | null = null;
  let to: string | null = null;

  const fromSlot = el('span', { className: 'slot', testId: 'paths-from' });
  const toSlot = el('span', { className: 'slot', testId: 'paths-to' });
  const hops = el('input', {
    className: 'hops',
    attrs: {
      type: 'number',
      min: '1',
      max: '10',
      value: '6',
      'aria-label': 'Longest path, in hops',
    },
  });
  const result = el('div', {
    className: 'paths-result',
    testId: 'paths-result',
    attrs: { 'aria-live': 'polite' },
  });
  const find = button('Find paths', () => void run(), {
    testId: 'find-paths',
    className: 'primary small',
  });
  const reset = button('Clear highlight', () => explorer.clearHighlight(), {
    className: 'small',
    testId: 'clear-highlight',
  });

  const caption = (id: string | null) =>
    (id && explorer.scene.get().graph.nodes[id]?.caption) || '—';

  const paint = () => {
    // A node taken off the canvas leaves its slot empty, not pointing at nothing.
    const nodes = explorer.scene.get().graph.nodes;
    if (from && !nodes[from]) from = null;
    if (to && !nodes[to]) to = null;
    fromSlot.textContent = caption(from);
    toSlot.textContent = caption(to);
    fromSlot.classList.toggle('empty', !from);
    toSlot.classList.toggle('empty', !to);
    find.disabled = !from || !to || from === to;
    reset.hidden = !explorer.ui.get().highlight;
  };

  const run = async () => {
    if (!from || !to) return;
    clear(result);
    const max = Math.min(10, Math.max(1, Number(hops.value) || 6));
    const count = await explorer.findPaths(from, to, max);
    if (count === null) return;
    clear(result);
    if (count === 0) {
      result.append(el('p', { className: 'hint', text: `No path of up to ${max} hops.` }));
      result.append(countedNote(explorer.ui.get().filters.hiddenStances));
    } else {
      describe();
    }
  };

  /** The paths highlighted now, each written out step by step with its stance. */
  const describe = () => {
    const highlight = explorer.ui.get().highlight;
    clear(result);
    if (!highlight?.paths) return;
    const count = highlight.paths.length;
    result.append(
      el('p', {
        testId: 'paths-count',
        text: `${count} shortest path${count === 1 ? '' : 's'}: ${highlight.nodes.length} nodes, ${highlight.edges.length} relationships highlighted.`,
      }),
      countedNote(STANCES.filter((s) => !(highlight.stances ?? STANCES).includes(s))),
      el(
        'ol',
        { className: 'path-list', testId: 'path-list' },
        highlight.paths.map((path) =>
          el('li', {
            className: 'path-line',
            text: pathLine(pathText(path, explorer.scene.get())),
          }),
        ),
      ),
    );
  };

  explorer.ui.subscribe((ui, previous) => {
    // Slots follow nodes being picked, not nodes dropping out of the selection.
    const picking = ui.selectedNodes.some((id) => !previous.selectedNodes.includes(id));
    if (ui.selectedNodes !== previous.selectedNodes && picking) {
      const picked = ui.selectedNodes;
      if (picked.length >= 2) {
        from = picked[picked.length - 2] ?? null;
        to = picked[picked.length - 1] ?? null;
      } else if (picked.length === 1 && !from) {
        from = picked[0] ?? null;
      } else if (picked.length === 1 && from !== picked[0]) {
        to = picked[0] ?? null;
      }
    }
    if (!ui.highlight && previous.highlight) clear(result);
    else if (ui.highlight !== previous.highlight && ui.highlight?.paths) describe();
    // A path result follows the stance filters: the paths are found again.
    if (
      ui.filters.hiddenStances !== previous.filters.hiddenStances &&
      ui.highlight?.paths &&
      from &&
      to
    ) {
      void run();
    }
    paint();
  });
  explorer.scene.subscribe(paint);

  const root = el('section', { className: 'panel paths-panel', attrs: { 'aria-label': 'Paths' } }, [
    el('h2', { className: 'panel-title', text: 'Paths' }),
    el('div', { className: 'panel-body' }, [
      el('p', {
        className: 'hint',
        text: 'Select two nodes (Shift+click), then find the shortest paths between them.',
      }),
      el('div', { className: 'path-ends' }, [
        el('label', { text: 'From' }),
        fromSlot,
        el('label', { text: 'To' }),
        toSlot,
      ]),
      el('div', { className: 'actions' }, [
        find,
        el('label', { className: 'hops-label' }, ['max hops ', hops]),
        button(
          'Swap',
          () => {
            [from, to] = [to, from];
            paint();
          },
          { className: 'small' },
        ),
        reset,
      ]),
      result,
    ]),
  ]);
  paint();
  return root;
}

/** Which stances a path search counted, so a missing path is not read as no link at all. */
function countedNote(left: readonly string[]): HTMLElement {
  const counted = STANCES.filter((s) => !left.includes(s));
  return el('p', {
    className: 'hint',
    testId: 'paths-stances',
    text:
      left.length === 0
        ? 'Every stance counted.'
        : `Counted: ${counted.join(', ') || 'no stance'}. Left out by the stance filters: ${left.join(', ')}.`,
  });
}
