import type { InvestigationSummary } from '../../../server/investigation-types.ts';
import type { InvestigationSharing } from '../explorer/investigation-sharing.ts';
import type { Investigations } from '../explorer/investigations.ts';
import type { InvestigationState } from '../state/investigation.ts';
import { canUseConsole, currentSession } from '../state/session.ts';
import { button, clear, el } from './dom.ts';
import { createShareControl, sharingLabel } from './share-control.ts';
import { counted, createVersionList, when } from './investigation-versions.ts';
import './investigations.css';

export interface InvestigationsUi {
  /** The strip over the canvas: the open investigation, its state, Save and Report. */
  bar: HTMLElement;
  drawer: HTMLElement;
  toggle(open?: boolean): void;
}

const STATUS_TEXT: Record<InvestigationState['status'], string> = {
  idle: '',
  saving: 'Saving…',
  saved: 'Saved',
  conflict: 'Changed elsewhere',
  error: 'Not saved',
};

/**
 * The Investigations drawer (list, search, open, rename, duplicate, delete, versions) and
 * the bar that names the open investigation, shows whether it has unsaved changes, and
 * saves it (Ctrl+S) or exports its report.
 */
export function createInvestigationsUi(
  investigations: Investigations,
  sharing: InvestigationSharing,
): InvestigationsUi {
  const session = currentSession();
  // With sign-in off there is nobody to share with: the Share control is not shown.
  const signedIn = session.mode !== 'off';
  const mayCreate = canUseConsole(session);
  // ---------------------------------------------------------------- the bar
  const title = el('span', { className: 'inv-title', testId: 'investigation-title' });
  const dirty = el('span', {
    className: 'inv-dirty',
    testId: 'investigation-dirty',
    text: '●',
    title: 'Unsaved changes',
    attrs: { 'aria-label': 'Unsaved changes' },
  });
  const status = el('span', {
    className: 'inv-status',
    testId: 'investigation-status',
    attrs: { 'aria-live': 'polite' },
  });
  const openDrawer = button('Investigations', () => toggle(), {
    testId: 'open-investigations',
    className: 'inv-button',
    title: 'Saved investigations',
    attrs: { 'aria-expanded': 'false' },
  });
  const save = button('Save', () => void investigations.save(), {
    testId: 'save-investigation',
    className: 'inv-button inv-primary',
    title: 'Save a new version (Ctrl+S)',
  });
  const report = el('select', {
    className: 'inv-button',
    testId: 'export-report',
    attrs: { 'aria-label': 'Export report' },
  });
  for (const [value, text] of [
    ['', 'Report…'],
    ['html', 'Report as HTML'],
    ['md', 'Report as Markdown'],
  ] as const) {
    report.append(el('option', { text, attrs: { value } }));
  }
  report.addEventListener('change', () => {
    const format = report.value;
    report.value = '';
    if (format === 'html' || format === 'md') void investigations.exportReport(format);
  });
  const bar = el(
    'div',
    {
      className: 'inv-bar',
      testId: 'investigation-bar',
      attrs: { role: 'group', 'aria-label': 'Investigation' },
    },
    [openDrawer, title, dirty, status, save, report],
  );

  // ---------------------------------------------------------------- the drawer
  const nameInput = el('input', {
    className: 'inv-input',
    testId: 'investigation-name',
    attrs: {
      type: 'text',
      maxlength: '200',
      placeholder: 'Name this scene…',
      'aria-label': 'Investigation title',
    },
  });
  const saveAs = el('form', { className: 'inv-save-as', testId: 'save-as' }, [
    nameInput,
    el('button', {
      className: 'inv-button inv-primary',
      text: 'Save as new',
      attrs: { type: 'submit' },
    }),
  ]);
  saveAs.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (!name) {
      nameInput.focus();
      return;
    }
    void investigations.saveAs(name).then((ok) => {
      if (ok) {
        nameInput.value = '';
        void refreshList();
      }
    });
  });
  const searchInput = el('input', {
    className: 'inv-input',
    testId: 'investigation-search',
    attrs: { type: 'search', placeholder: 'Search titles', 'aria-label': 'Search investigations' },
  });
  const list = el('ul', { className: 'inv-list', testId: 'investigation-list' });
  const versionList = createVersionList(investigations);
  const versions = versionList.element;
  const refreshVersions = versionList.refresh;
  const drawer = el(
    'aside',
    {
      className: 'inv-drawer',
      testId: 'investigations-drawer',
      attrs: { 'aria-label': 'Investigations' },
    },
    [
      el('div', { className: 'inv-drawer-head' }, [
        el('h2', { className: 'panel-title', text: 'Investigations' }),
        button('×', () => toggle(false), {
          className: 'inv-close',
          title: 'Close',
          attrs: { 'aria-label': 'Close' },
        }),
      ]),
      saveAs,
      searchInput,
      list,
      versions,
    ],
  );
  drawer.hidden = true;

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void refreshList(), 200);
  });

  let listToken = 0;
  /** Rewrites a listed investigation's line of counts, by id. */
  const listedMeta = new Map<string, (item: InvestigationSummary) => void>();
  async function refreshList(): Promise<void> {
    const mine = ++listToken;
    let items: InvestigationSummary[];
    try {
      items = (await investigations.list(searchInput.value.trim())).items;
    } catch {
      items = [];
    }
    if (mine !== listToken) return;
    clear(list);
    listedMeta.clear();
    if (items.length === 0) {
      list.append(
        el('li', {
          className: 'hint',
          text: searchInput.value.trim()
            ? 'No investigation has that in its title.'
            : 'Nothing saved yet.',
        }),
      );
      return;
    }
    const currentId = investigations.state.get().current?.id;
    for (const item of items) list.append(listItem(item, item.id === currentId));
  }

  /**
   * Asks for the counts again and rewrites them in place: the rows stay, so an open Share
   * control or a title being renamed is not swept away. A full refresh started meanwhile wins.
   */
  async function refreshCounts(): Promise<void> {
    const mine = listToken;
    let items: InvestigationSummary[];
    try {
      items = (await investigations.list(searchInput.value.trim())).items;
    } catch {
      return;
    }
    if (mine !== listToken) return;
    for (const item of items) listedMeta.get(item.id)?.(item);
  }

  function listItem(item: InvestigationSummary, current: boolean): HTMLElement {
    const name = el('button', {
      className: 'inv-item-title',
      text: item.title,
      testId: 'open-investigation',
      title: 'Open',
      attrs: { type: 'button' },
      on: {
        click: () =>
          void investigations.open(item.id).then((ok) => {
            if (ok) toggle(false);
          }),
      },
    });
    const meta = el('div', { className: 'inv-item-meta', testId: 'investigation-meta' });
    const describeCounts = (counts: InvestigationSummary) => {
      meta.textContent = `v${counts.version} · ${counted(counts.nodes, 'node')} · ${counted(counts.notes, 'note')} · ${when(counts.updatedAt)}`;
    };
    describeCounts(item);
    listedMeta.set(item.id, describeCounts);
    const shared = el('div', { className: 'inv-item-sharing', testId: 'investigation-sharing' });
    const describeSharing = (state: Pick<InvestigationSummary, 'sharing' | 'published'>) => {
      shared.textContent =
        item.access === 'owner'
          ? sharingLabel(state)
          : `by ${item.owner ?? 'nobody'} · ${item.access === 'edit' ? 'you can edit' : 'read only'}`;
    };
    describeSharing(item);
    shared.hidden = !signedIn;
    let shareControl: HTMLElement | null = null;
    const shareButton = button(
      'Share',
      () => {
        if (shareControl) {
          shareControl.remove();
          shareControl = null;
        } else {
          shareControl = createShareControl(item, sharing, describeSharing);
          row.append(shareControl);
        }
        shareButton.setAttribute('aria-expanded', String(shareControl !== null));
      },
      { testId: 'share-investigation', className: 'inv-link', attrs: { 'aria-expanded': 'false' } },
    );
    const actions = el('div', { className: 'inv-item-actions' }, [
      item.access !== 'read' &&
        button('Rename', () => startRename(), {
          testId: 'rename-investigation',
          className: 'inv-link',
        }),
      mayCreate &&
        button('Duplicate', () => void investigations.duplicate(item.id).then(refreshList), {
          testId: 'duplicate-investigation',
          className: 'inv-link',
        }),
      signedIn && item.access === 'owner' && shareButton,
      item.access === 'owner' && deleteButton(),
    ]);
    // A second click confirms: no browser dialog interrupts the work.
    function deleteButton(): HTMLButtonElement {
      let armed = false;
      const remove: HTMLButtonElement = button(
        'Delete',
        () => {
          if (!armed) {
            armed = true;
            remove.textContent = 'Confirm delete';
            setTimeout(() => {
              armed = false;
              remove.textContent = 'Delete';
            }, 4_000);
            return;
          }
          void investigations.remove(item.id).then(refreshList);
        },
        { testId: 'delete-investigation', className: 'inv-link inv-danger' },
      );
      return remove;
    }
    const row = el(
      'li',
      { className: current ? 'inv-item current' : 'inv-item', testId: 'investigation-item' },
      [name, meta, shared, actions],
    );
    const startRename = () => {
      const input = el('input', {
        className: 'inv-input',
        testId: 'rename-input',
        attrs: { type: 'text', maxlength: '200', value: item.title, 'aria-label': 'New title' },
      });
      const finish = (commit: boolean) => {
        const next = input.value.trim();
        if (commit && next && next !== item.title) {
          void investigations.rename(item.id, next).then(refreshList);
        } else {
          input.replaceWith(name);
        }
      };
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') finish(true);
        else if (event.key === 'Escape') finish(false);
      });
      input.addEventListener('blur', () => finish(true));
      name.replaceWith(input);
      input.focus();
      input.select();
    };
    return row;
  }

  // ---------------------------------------------------------------- state → view
  let lastCurrent: InvestigationState['current'] = null;
  let lastNoteCount = investigations.state.get().notes.length;
  const render = (state: InvestigationState) => {
    const current = state.current;
    title.textContent = current
      ? `${current.title}${
          current.access === 'read'
            ? ' · read only'
            : current.readOnly
              ? ` · v${current.version} (read-only)`
              : ''
        }`
      : 'Unsaved scene';
    // The bar may cut a long title short; its tooltip keeps it whole.
    title.title = title.textContent;
    title.classList.toggle('none', !current);
    dirty.hidden = !state.dirty;
    status.textContent = state.dirty && state.status === 'saved' ? '' : STATUS_TEXT[state.status];
    status.classList.toggle('bad', state.status === 'conflict' || state.status === 'error');
    save.disabled = state.status === 'saving';
    // A viewer saves nothing, not even a copy.
    save.hidden = !mayCreate;
    save.textContent = current && !current.readOnly ? 'Save' : 'Save as…';
    report.disabled = !current;
    bar.classList.toggle('dirty', state.dirty);
    const otherInvestigation =
      current?.id !== lastCurrent?.id ||
      current?.version !== lastCurrent?.version ||
      current?.title !== lastCurrent?.title;
    // A note added or deleted is already stored: its count is asked for again.
    const notesCounted = state.notes.length !== lastNoteCount;
    if (!drawer.hidden && otherInvestigation) {
      void refreshList();
      void refreshVersions();
    } else if (!drawer.hidden && notesCounted) {
      void refreshCounts();
    }
    lastCurrent = current;
    lastNoteCount = state.notes.length;
  };
  investigations.state.subscribe(render);
  render(investigations.state.get());

  function toggle(open = drawer.hidden): void {
    drawer.hidden = !open;
    bar.classList.toggle('beside-drawer', open);
    openDrawer.setAttribute('aria-expanded', String(open));
    if (open) {
      void refreshList();
      void refreshVersions();
      if (!investigations.state.get().current) nameInput.focus();
      else searchInput.focus();
    }
  }
  investigations.onAskForTitle = () => {
    toggle(true);
    nameInput.focus();
  };

  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void investigations.save();
    } else if (
      event.key === 'Escape' &&
      !drawer.hidden &&
      drawer.contains(document.activeElement)
    ) {
      toggle(false);
    }
  });

  return { bar, drawer, toggle };
}
