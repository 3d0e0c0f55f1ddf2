import type { Explorer } from '../explorer/explorer.ts';
import {
  dateRange,
  resetFilters,
  sceneVocabulary,
  setAsOf,
  setLabelHidden,
  setStanceHidden,
  setTypeHidden,
} from '../state/filters.ts';
import { STANCES } from '../state/types.ts';
import { labelStyle } from '../theme/label-style.ts';
import { button, clear, el } from './dom.ts';
import { stanceSample } from './stance-sample.ts';

const DAY_MS = 86_400_000;

function toDay(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}
function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Label, relationship type, stance, and an "as of" date for dated relationships. */
export function createFiltersPanel(explorer: Explorer): HTMLElement {
  const labels = el('div', { className: 'checks', testId: 'filter-labels' });
  const types = el('div', { className: 'checks', testId: 'filter-types' });
  const stances = el('div', { className: 'checks', testId: 'filter-stances' });
  const slider = el('input', {
    className: 'as-of',
    testId: 'as-of',
    attrs: { type: 'range', min: '0', max: '0', step: '1', 'aria-label': 'As of date' },
  });
  const sliderText = el('span', { className: 'as-of-text', testId: 'as-of-text' });
  // Any date can be typed, before or after what the canvas holds.
  const dateEntry = el('input', {
    className: 'as-of-date',
    testId: 'as-of-date',
    attrs: { type: 'date', 'aria-label': 'As of (date)' },
  });
  const clearDate = button('All dates', () => explorer.ui.dispatch(setAsOf(null)), {
    className: 'link',
    testId: 'as-of-clear',
  });
  const dateBlock = el('div', { className: 'as-of-block' }, [
    el('div', { className: 'as-of-entry' }, [dateEntry, clearDate]),
    slider,
    sliderText,
  ]);
  const noDates = el('p', {
    className: 'hint',
    text: 'Nothing dated on the canvas yet; a date set here applies as things arrive.',
  });

  const check = (
    text: string,
    count: number | null,
    shown: boolean,
    onChange: (shown: boolean) => void,
    color?: string,
  ) => {
    const box = el('input', { attrs: { type: 'checkbox' } });
    box.checked = shown;
    box.addEventListener('change', () => onChange(box.checked));
    const swatch = color ? el('span', { className: 'swatch' }) : null;
    if (swatch && color) swatch.style.background = color;
    return el('label', { className: 'check' }, [
      box,
      swatch,
      el('span', { className: 'check-text', text }),
      count !== null ? el('span', { className: 'count', text: String(count) }) : null,
    ]);
  };

  let range: { min: string; max: string } | null = null;

  const paint = () => {
    const scene = explorer.scene.get();
    const { filters } = explorer.ui.get();
    const vocabulary = sceneVocabulary(scene);
    clear(labels);
    clear(types);
    clear(stances);
    if (vocabulary.labels.length === 0)
      labels.append(el('p', { className: 'hint', text: 'Nothing on the canvas yet.' }));
    for (const [label, count] of vocabulary.labels) {
      labels.append(
        check(
          label,
          count,
          !filters.hiddenLabels.includes(label),
          (shown) => explorer.ui.dispatch(setLabelHidden(label, !shown)),
          labelStyle(label, explorer.ui.get().schema).color,
        ),
      );
    }
    if (vocabulary.types.length === 0) {
      types.append(el('p', { className: 'hint', text: 'No relationships on the canvas.' }));
    }
    for (const [type, count] of vocabulary.types) {
      types.append(
        check(type, count, !filters.hiddenTypes.includes(type), (shown) =>
          explorer.ui.dispatch(setTypeHidden(type, !shown)),
        ),
      );
    }
    for (const stance of STANCES) {
      const item = check(stance, null, !filters.hiddenStances.includes(stance), (shown) =>
        explorer.ui.dispatch(setStanceHidden(stance, !shown)),
      );
      item.querySelector('.check-text')?.before(stanceSample(stance));
      stances.append(item);
    }
    range = dateRange(scene);
    noDates.hidden = !!range;
    slider.hidden = !range && !filters.asOf;
    if (document.activeElement !== dateEntry) dateEntry.value = filters.asOf ?? '';
    clearDate.hidden = !filters.asOf;
    if (range || filters.asOf) {
      // The slider spans the canvas's dates and the chosen date, whatever was typed.
      const chosen = filters.asOf ? toDay(filters.asOf) : null;
      const first = range ? toDay(range.min) : (chosen ?? 0);
      const last = range ? toDay(range.max) : (chosen ?? 0);
      const min = Math.min(first, chosen ?? first);
      const max = Math.max(last, chosen ?? last) + 1;
      slider.min = String(min);
      slider.max = String(max);
      slider.value = String(chosen ?? max);
    }
    sliderText.textContent = filters.asOf
      ? `As of ${filters.asOf}`
      : range
        ? `All dates (${range.min} – ${range.max})`
        : '';
    sliderText.title = filters.asOf ? 'Later relationships, events and agreements are hidden' : '';
  };

  slider.addEventListener('input', () => {
    const day = Number(slider.value);
    explorer.ui.dispatch(setAsOf(day >= Number(slider.max) ? null : fromDay(day)));
  });
  dateEntry.addEventListener('change', () => {
    const value = dateEntry.value;
    explorer.ui.dispatch(setAsOf(/^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null));
  });

  explorer.scene.subscribe((scene, previous) => {
    if (scene.graph !== previous.graph) paint();
  });
  explorer.ui.subscribe((ui, previous) => {
    if (ui.filters !== previous.filters || ui.schema !== previous.schema) paint();
  });
  paint();

  return el('section', { className: 'panel filters-panel', attrs: { 'aria-label': 'Filters' } }, [
    el('div', { className: 'panel-title-row' }, [
      el('h2', { className: 'panel-title', text: 'Filters' }),
      button('Reset', () => explorer.ui.dispatch(resetFilters()), { className: 'link' }),
    ]),
    el('div', { className: 'panel-body' }, [
      el('h3', { text: 'Labels' }),
      labels,
      el('h3', { text: 'Relationship types' }),
      types,
      el('h3', { text: 'Stance' }),
      stances,
      el('h3', { text: 'As of' }),
      dateBlock,
      noDates,
    ]),
  ]);
}
