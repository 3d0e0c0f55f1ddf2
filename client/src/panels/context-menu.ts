import { describeError } from '../api/api-client.ts';
import type { Explorer } from '../explorer/explorer.ts';
import type { Position } from '../state/types.ts';
import { clear, el } from './dom.ts';

/** Space kept between the menu and the window's edges. */
const EDGE_GAP = 8;

/**
 * Where a menu of this size goes for a click at `at`: below and right of the pointer when
 * it fits, else flipped above or to the left, else against the window's edge (the menu
 * then scrolls, its height capped by the stylesheet).
 */
export function menuPlacement(
  at: Position,
  size: { width: number; height: number },
  view: { width: number; height: number },
): Position {
  const place = (from: number, extent: number, room: number) => {
    if (from + extent <= room - EDGE_GAP) return from;
    if (from - extent >= EDGE_GAP) return from - extent;
    return Math.max(EDGE_GAP, room - extent - EDGE_GAP);
  };
  return { x: place(at.x, size.width, view.width), y: place(at.y, size.height, view.height) };
}

/**
 * Right-click / long-press menu of a node: neighbour counts per relationship type and
 * direction (each expands just that), then the node commands. Arrow keys move; Escape
 * closes it and gives the keyboard back to `returnFocusTo` (the canvas).
 */
export function createContextMenu(
  explorer: Explorer,
  returnFocusTo?: HTMLElement,
): {
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
  let anchor: Position = { x: 0, y: 0 };

  const close = () => {
    menu.hidden = true;
    token++;
  };
  const dismiss = () => {
    close();
    returnFocusTo?.focus();
  };
  /** Keeps the whole menu in the window; runs again when its content grows. */
  const place = () => {
    const spot = menuPlacement(
      anchor,
      { width: menu.offsetWidth, height: menu.offsetHeight },
      { width: window.innerWidth, height: window.innerHeight },
    );
    menu.style.left = `${spot.x}px`;
    menu.style.top = `${spot.y}px`;
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
      event.stopPropagation();
      dismiss();
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
    if (event.key === 'Escape' && !menu.hidden) dismiss();
  });

  const open = (id: string, at: Position) => {
    const node = explorer.scene.get().graph.nodes[id];
    if (!node) return;
    // The menu acts on this node, so it is the one selected (or stays in the selection).
    if (!explorer.ui.get().selectedNodes.includes(id)) explorer.select({ kind: 'node', id });
    anchor = at;
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
    place();
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
        place();
        focusable()[0]?.focus();
      },
      (error: unknown) => {
        if (mine !== token) return;
        clear(types);
        types.append(el('div', { className: 'menu-note error-text', text: describeError(error) }));
        place();
      },
    );
  };

  return { element: menu, open, close };
}
