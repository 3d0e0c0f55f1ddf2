import type { InvestigationNote, NoteTarget } from '../../../server/investigation-types.ts';
import type { Explorer } from '../explorer/explorer.ts';
import type { Investigations } from '../explorer/investigations.ts';
import { notesAbout } from '../state/investigation.ts';
import { currentSession } from '../state/session.ts';
import { button, clear, el } from './dom.ts';

/**
 * The analyst's notes on the selected node or relationship (or on the whole investigation
 * when nothing is selected), kept apart from the source evidence shown in Details.
 */
export function createNotesPanel(explorer: Explorer, investigations: Investigations): HTMLElement {
  const body = el('div', { className: 'panel-body', testId: 'notes' });
  const root = el('section', { className: 'panel notes-panel', attrs: { 'aria-label': 'Notes' } }, [
    el('h2', { className: 'panel-title', text: 'Your notes' }),
    body,
  ]);

  const render = () => {
    const selection = explorer.ui.get().selection;
    const state = investigations.state.get();
    clear(body);
    if (!state.current) {
      body.append(
        el('p', {
          className: 'hint',
          text: 'Save the scene as an investigation (Ctrl+S) to write notes on its nodes and relationships.',
        }),
      );
      return;
    }
    const about = notesAbout(state.notes, selection);
    const access = state.current.access;
    const me = currentSession().user?.username ?? 'local';
    // Editors write notes; a note is changed by its author or the investigation's owner.
    const mayChange = (note: InvestigationNote) =>
      access === 'owner' || (access === 'edit' && note.author === me);
    body.append(
      el('p', {
        className: 'hint',
        text: selection
          ? `On the selected ${selection.kind === 'node' ? 'node' : 'relationship'}:`
          : 'On the investigation as a whole (select a node or relationship for its notes):',
      }),
    );
    const list = el('ul', { className: 'note-list' });
    for (const note of about) list.append(noteItem(note, mayChange(note)));
    if (about.length > 0) body.append(list);
    if (access === 'read') {
      if (about.length === 0) body.append(el('p', { className: 'hint', text: 'No notes here.' }));
      return;
    }
    const text = el('textarea', {
      className: 'note-input',
      testId: 'note-input',
      attrs: {
        rows: '3',
        maxlength: '10000',
        placeholder: 'Write a note…',
        'aria-label': 'New note',
      },
    });
    const target: NoteTarget | null = selection
      ? selection.kind === 'node'
        ? { nodeId: selection.id }
        : { relationshipId: selection.id }
      : null;
    const add = button(
      'Add note',
      () => {
        const value = text.value.trim();
        if (!value) return;
        add.disabled = true;
        void investigations.addNote(value, target).finally(() => {
          add.disabled = false;
        });
      },
      { testId: 'add-note', className: 'note-add' },
    );
    body.append(text, add);
  };

  const noteItem = (note: InvestigationNote, changeable: boolean) => {
    const textEl = el('p', { className: 'note-text', text: note.text, testId: 'note-text' });
    const item = el('li', { className: 'note' }, [
      textEl,
      el('div', { className: 'note-meta' }, [
        el('span', {
          text: `${note.author} · ${new Date(note.updatedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}`,
        }),
        changeable &&
          button(
            'Edit',
            () => {
              const editor = el('textarea', {
                className: 'note-input',
                attrs: { rows: '3', maxlength: '10000', 'aria-label': 'Edit note' },
              });
              editor.value = note.text;
              const done = button('Save note', () => {
                const value = editor.value.trim();
                if (value) void investigations.editNote(note.id, value);
              });
              textEl.replaceWith(editor, done);
              editor.focus();
            },
            { className: 'inv-link' },
          ),
        changeable &&
          button('Delete', () => void investigations.deleteNote(note.id), {
            className: 'inv-link inv-danger',
            testId: 'delete-note',
          }),
      ]),
    ]);
    return item;
  };

  let lastSelection = explorer.ui.get().selection;
  explorer.ui.subscribe((ui) => {
    if (ui.selection === lastSelection) return;
    lastSelection = ui.selection;
    render();
  });
  let lastNotes = investigations.state.get().notes;
  let lastCurrent = investigations.state.get().current?.id;
  investigations.state.subscribe((state) => {
    if (state.notes === lastNotes && state.current?.id === lastCurrent) return;
    lastNotes = state.notes;
    lastCurrent = state.current?.id;
    render();
  });
  render();
  return root;
}
