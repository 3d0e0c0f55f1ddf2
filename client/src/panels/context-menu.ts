import { describeError } from '../api/api-client.ts';
import type { Explorer } from '../explorer/explorer.ts';
import type { Position } from '../state/types.ts';
import { clear, el } from './dom.ts';

/**
 * Right-click / long-press menu of a node: neighbour counts per relationship type and
 * direction (each expands just that), then the node commands. Arrow keys move, Esc closes.
 */
export function createContextMenu(explorer: Explorer): {
  element: HTMLElement;
  open(id: string, at: Position): void;
  close(): void;
} {
  const menu = el('div', {
    className: 'context-menu',
    testId: 'context-menu',
    attrs: { role: 'menu' },
  });
  menu.hidden = true;
  let token = 0;

  const close = () => {
    menu.hidden = true;
    token++;
  };

  const item = (text: string, action: () => void, testId?: string, count?: number) =>
    el(
      'button',
      {
        className: 'menu-item',
        ...(testId ? { testId } : {}),
        attrs: { type: 'button', role: 'menuitem' },
        on: {
          click: () => {
            close();
            action();
          },
        },
      },
      [
        el('span', { text }),
        count !== undefined ? el('span', { className: 'count', text: String(count) }) : null,
      ],
    );

  const focusable = () => [...menu.querySelectorAll<HTMLButtonElement>('.menu-item')];

  menu.addEventListener('keydown', (event) => {
    const items = focusable();
    const index = items.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    }
  });
  document.addEventListener('mousedown', (event) => {
    if (!menu.hidden && !menu.contains(event.target as Node)) close();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !menu.hidden) close();
  });

  const open = (id: string, at: Position) => {
    const node = explorer.scene.get().graph.nodes[id];
    if (!node) return;
    const mine = ++token;
    const types = el('div', { className: 'menu-types', testId: 'context-menu-types' }, [
      el('div', { className: 'menu-note', text: 'Counting neighbours…' }),
    ]);
    const pinned = !!explorer.scene.get().pinned[id];
    const selected = explorer.ui.get().selectedNodes;
    clear(menu);
    const commands = [
      el('div', { className: 'menu-title', text: node.caption }),
      types,
      el('div', { className: 'menu-separator' }),
      item('Expand all (double-click)', () => void explorer.expandAll(id), 'menu-expand-all'),
      selected.length > 1
        ? item(
            `Expand selection (${selected.length})`,
            () => void explorer.expandSelection(),
            'menu-expand-selection',
          )
        : null,
      item(pinned ? 'Unpin' : 'Pin in place', () => explorer.pin([id], !pinned), 'menu-pin'),
      item('Hide', () => explorer.hide([id]), 'menu-hide'),
      item('Remove from canvas', () => explorer.remove([id]), 'menu-remove'),
    ];
    menu.append(...commands.filter((c): c is NonNullable<typeof c> => c !== null));
    menu.hidden = false;
    // Keep the menu inside the window.
    const width = 260;
    const left = Math.min(at.x, window.innerWidth - width - 8);
    menu.style.left = `${Math.max(8, left)}px`;
    menu.style.top = `${Math.max(8, Math.min(at.y, window.innerHeight - 320))}px`;
    focusable()[0]?.focus();

    explorer.api.nodeDetails(id).then(
      (details) => {
        if (mine !== token) return;
        clear(types);
        if (details.degrees.length === 0)
          types.append(el('div', { className: 'menu-note', text: 'No relationships.' }));
        for (const degree of [...details.degrees].sort((a, b) => b.count - a.count)) {
          const arrow = degree.direction === 'out' ? '→' : '←';
          types.append(
            item(
              `${arrow} ${degree.type}`,
              () => void explorer.expandType(id, degree.type, degree.direction),
              `menu-expand-${degree.type}-${degree.direction}`,
              degree.count,
            ),
          );
        }
        focusable()[0]?.focus();
      },
      (error: unknown) => {
        if (mine !== token) return;
        clear(types);
        types.append(el('div', { className: 'menu-note error-text', text: describeError(error) }));
      },
    );
  };

  return { element: menu, open, close };
}
