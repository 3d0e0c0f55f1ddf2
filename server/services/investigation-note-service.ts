import { randomUUID } from 'node:crypto';
import { forbidden, notFound } from '../errors.ts';
import type { InvestigationNote, NoteTarget } from '../investigation-types.ts';
import type {
  InvestigationRepository,
  NoteRecord,
} from '../repositories/investigation-repository.ts';
import { authorOf, type Actor } from './investigation-access.ts';
import type { InvestigationService } from './investigation-service.ts';

/**
 * The analyst's own words on an investigation. Whoever may edit it adds notes, written
 * under the name of whoever is signed in (never one the request gives); a note is changed
 * or deleted by its author, the investigation's owner or an admin.
 */
export class InvestigationNoteService {
  constructor(
    private readonly repository: InvestigationRepository,
    private readonly investigations: InvestigationService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async addNote(
    id: string,
    target: NoteTarget | undefined,
    text: string,
    actor: Actor,
  ): Promise<InvestigationNote> {
    await this.investigations.authorize(id, actor, 'edit');
    const at = this.now().toISOString();
    const note = await this.repository.addNote(id, {
      id: randomUUID(),
      targetKind: target ? ('nodeId' in target ? 'node' : 'relationship') : null,
      targetId: target ? ('nodeId' in target ? target.nodeId : target.relationshipId) : null,
      text,
      author: authorOf(actor),
      createdAt: at,
      updatedAt: at,
    });
    if (!note) throw notFound(`No investigation ${id}.`);
    return noteOf(note);
  }

  async updateNote(
    id: string,
    noteId: string,
    text: string,
    actor: Actor,
  ): Promise<InvestigationNote> {
    await this.mustOwnNote(id, noteId, actor);
    const note = await this.repository.updateNote(id, noteId, text, this.now().toISOString());
    if (!note) throw notFound(`No note ${noteId} in investigation ${id}.`);
    return noteOf(note);
  }

  async deleteNote(
    id: string,
    noteId: string,
    actor: Actor,
  ): Promise<{ id: string; deleted: true }> {
    await this.mustOwnNote(id, noteId, actor);
    if (!(await this.repository.deleteNote(id, noteId))) {
      throw notFound(`No note ${noteId} in investigation ${id}.`);
    }
    return { id: noteId, deleted: true };
  }

  private async mustOwnNote(id: string, noteId: string, actor: Actor): Promise<void> {
    const { access } = await this.investigations.authorize(id, actor, 'edit');
    if (access === 'owner') return;
    const note = (await this.repository.notes(id)).find((n) => n.id === noteId);
    if (!note) throw notFound(`No note ${noteId} in investigation ${id}.`);
    if (note.author !== authorOf(actor)) {
      throw forbidden(
        'FORBIDDEN_INVESTIGATION',
        'Only its author, the investigation’s owner or an admin may change this note.',
      );
    }
  }
}

export function noteOf(note: NoteRecord): InvestigationNote {
  return {
    id: note.id,
    target:
      note.targetKind === 'node' && note.targetId
        ? { nodeId: note.targetId }
        : note.targetKind === 'relationship' && note.targetId
          ? { relationshipId: note.targetId }
          : null,
    text: note.text,
    author: note.author,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
  };
}
