import type { Explorer } from '../explorer/explorer.ts';
import { el } from './dom.ts';

/**
 * On narrow windows (below 1100 px, see styles.css) the side panels leave the grid and
 * become drawers over the canvas, so the canvas keeps the width. These buttons open them;
 * on wide windows the stylesheet hides the buttons and the panels stand beside the canvas.
 */
export function createDrawerToggles(
  left: HTMLElement,
  right: HTMLElement,
  explorer: Explorer,
): HTMLElement {
  const toggle = (panel: HTMLElement, text: string, testId: string) => {
    const control = el('button', {
      className: 'drawer-toggle',
      testId,
      text,
      attrs: { type: 'button', 'aria-controls': panel.id, 'aria-expanded': 'false' },
    });
    control.addEventListener('click', () =>
      setOpen(panel, control, !panel.classList.contains('open')),
    );
    return control;
  };
  const filters = toggle(left, 'Filters', 'open-filters');
  const details = toggle(right, 'Details', 'open-details');
  const pairs: [HTMLElement, HTMLButtonElement][] = [
    [left, filters],
    [right, details],
  ];

  function setOpen(panel: HTMLElement, control: HTMLButtonElement, open: boolean): void {
    for (const [other, otherControl] of pairs) {
      const now = other === panel ? open : false;
      other.classList.toggle('open', now);
      otherControl.setAttribute('aria-expanded', String(now));
    }
  }

  for (const [panel, control] of pairs) {
    panel.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !panel.classList.contains('open')) return;
      setOpen(panel, control, false);
      control.focus();
    });
  }
  // Something picked on the canvas: the Details button says there is something to read.
  explorer.ui.subscribe((ui, previous) => {
    if (ui.selection !== previous.selection) details.classList.toggle('has-news', !!ui.selection);
  });

  return el('div', { className: 'drawer-toggles', testId: 'drawer-toggles' }, [filters, details]);
}
