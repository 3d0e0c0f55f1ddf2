import type { Explorer } from '../explorer/explorer.ts';
import { labelStyle } from '../theme/label-style.ts';
import { STANCE_LOOKS, STYLED_STANCES } from '../theme/stance-style.ts';
import { stanceSample } from './stance-sample.ts';
import { LARGE_ABOVE } from '../renderer/graph-style.ts';
import { clear, el } from './dom.ts';

/** Colour and shape per label (from the database's schema) and what each line style means. */
export function createLegendPanel(explorer: Explorer): HTMLElement {
  const labels = el('ul', { className: 'legend-labels', testId: 'legend-labels' });
  const paint = () => {
    clear(labels);
    const schema = explorer.ui.get().schema;
    if (!schema) {
      labels.append(el('li', { className: 'hint', text: 'Loading schema…' }));
      return;
    }
    for (const { label, count } of schema.labels.filter((l) => !l.label.startsWith('__'))) {
      const look = labelStyle(label, schema);
      const swatch = el('span', { className: `legend-shape shape-${look.shape}` });
      swatch.style.background = look.color;
      labels.append(
        el('li', {}, [
          swatch,
          el('span', { text: label }),
          el('span', { className: 'count', text: String(count) }),
        ]),
      );
    }
  };
  explorer.ui.subscribe((ui, previous) => {
    if (ui.schema !== previous.schema) paint();
  });
  paint();

  const stances = el('ul', { className: 'legend-stances', testId: 'legend-stances' }, [
    ...STYLED_STANCES.map((stance) =>
      el('li', { attrs: { 'data-stance': stance } }, [
        stanceSample(stance),
        el('span', { text: STANCE_LOOKS[stance].text }),
      ]),
    ),
    el('li', { className: 'legend-note' }, [
      stanceSample('claim', true),
      el('span', {
        text: `Scenes over ${LARGE_ABOVE.toLocaleString('en')} elements draw every line solid, for speed: the colour still tells the stance.`,
      }),
    ]),
  ]);

  return el('section', { className: 'panel legend-panel', attrs: { 'aria-label': 'Legend' } }, [
    el('h2', { className: 'panel-title', text: 'Legend' }),
    el('div', { className: 'panel-body' }, [labels, el('h3', { text: 'Evidence' }), stances]),
  ]);
}
