import type { Explorer } from '../explorer/explorer.ts';
import { button, clear, el } from './dom.ts';

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
    id ? (explorer.scene.get().graph.nodes[id]?.caption ?? 'a removed node') : '—';

  const paint = () => {
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
    const highlight = explorer.ui.get().highlight;
    clear(result);
    if (count > 0 && highlight) {
      result.append(
        el('p', {
          text: `${count} shortest path${count === 1 ? '' : 's'}: ${highlight.nodes.length} nodes, ${highlight.edges.length} relationships highlighted.`,
        }),
      );
    } else {
      result.append(el('p', { className: 'hint', text: `No path of up to ${max} hops.` }));
    }
  };

  explorer.ui.subscribe((ui, previous) => {
    if (ui.selectedNodes !== previous.selectedNodes) {
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
