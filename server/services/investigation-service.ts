import { randomUUID } from 'node:crypto';
import { AppError, notFound } from '../errors.ts';
import type {
  InvestigationCreateRequest,
  InvestigationListResponse,
  InvestigationNote,
  InvestigationResponse,
  InvestigationScene,
  InvestigationUpdateRequest,
  InvestigationVersionsResponse,
  MissingItem,
  NoteTarget,
} from '../investigation-types.ts';
import {
  VersionConflict,
  type InvestigationRecord,
  type InvestigationRepository,
  type NoteRecord,
  type VersionRecord,
} from '../repositories/investigation-repository.ts';
import type {
  NodeFingerprint,
  RelationshipFingerprint,
  SceneReferences,
} from '../repositories/scene-references.ts';
import { reportHtml, reportMarkdown, type ReportInput } from './investigation-report.ts';

/** Until accounts exist, everything is written by the one local analyst. */
export const LOCAL_AUTHOR = 'local';
/** Deleted investigations can be restored for this long, then they are purged. */
export const RESTORE_WINDOW_DAYS = 30;

interface Refs {
  nodes: NodeFingerprint[];
  relationships: RelationshipFingerprint[];
}

export interface Report {
  contentType: string;
  filename: string;
  body: string;
}

/** Saving, versioning, annotating and reporting investigations. */
export class InvestigationService {
  constructor(
    private readonly repository: InvestigationRepository,
    private readonly references: SceneReferences,
    private readonly options: { author?: string; now?: () => Date } = {},
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private get author(): string {
    return this.options.author ?? LOCAL_AUTHOR;
  }

  async create(request: InvestigationCreateRequest): Promise<InvestigationResponse> {
    const id = randomUUID();
    const refs = await this.fingerprint(request.scene);
    const record = await this.repository.create(id, {
      title: request.title,
      description: request.description ?? '',
      scene: JSON.stringify(request.scene),
      refs: JSON.stringify(refs),
      nodes: request.scene.nodes.length,
      author: this.author,
      at: this.now(),
    });
    return this.respondSaved(record, request.scene, refs);
  }

  async list(q: string | undefined): Promise<InvestigationListResponse> {
    return { items: await this.repository.list(q ? q : null) };
  }

  async latest(id: string): Promise<InvestigationResponse> {
    const record = await this.mustFind(id);
    return this.respond(record, await this.mustGetVersion(id, record.version));
  }

  async version(id: string, version: number): Promise<InvestigationResponse> {
    const record = await this.mustFind(id);
    return this.respond(record, await this.mustGetVersion(id, version));
  }

  async versions(id: string): Promise<InvestigationVersionsResponse> {
    await this.mustFind(id);
    const versions = await this.repository.versions(id);
    return {
      items: versions.map((v) => ({
        version: v.version,
        title: v.title,
        createdAt: v.createdAt,
        author: v.author,
        nodes: v.nodes,
      })),
    };
  }

  async update(id: string, request: InvestigationUpdateRequest): Promise<InvestigationResponse> {
    const refs = request.scene ? await this.fingerprint(request.scene) : null;
    const at = this.now();
    let record: InvestigationRecord | null;
    try {
      record = await this.repository.addVersion(id, request.baseVersion, (latest) => ({
        title: request.title ?? latest.title,
        description: request.description ?? latest.description,
        scene: request.scene ? JSON.stringify(request.scene) : latest.scene,
        refs: refs ? JSON.stringify(refs) : latest.refs,
        nodes: request.scene ? request.scene.nodes.length : latest.nodes,
        author: this.author,
        at,
      }));
    } catch (error) {
      if (error instanceof VersionConflict) {
        throw new AppError(
          'VERSION_CONFLICT',
          `This investigation has changed since version ${request.baseVersion}: version ${error.currentVersion} is the latest. Open it again, or save yours as a copy.`,
          409,
          { details: { baseVersion: request.baseVersion, currentVersion: error.currentVersion } },
        );
      }
      throw error;
    }
    if (!record) throw notFound(`No investigation ${id}.`);
    if (request.scene && refs) return this.respondSaved(record, request.scene, refs);
    return this.respond(record, await this.mustGetVersion(id, record.version));
  }

  async remove(id: string): Promise<{ id: string; deleted: true; restorableUntil: string }> {
    const at = new Date(this.now());
    const window = RESTORE_WINDOW_DAYS * 86_400_000;
    const purgeBefore = new Date(at.getTime() - window).toISOString();
    if (!(await this.repository.softDelete(id, at.toISOString(), purgeBefore))) {
      throw notFound(`No investigation ${id}.`);
    }
    return {
      id,
      deleted: true,
      restorableUntil: new Date(at.getTime() + window).toISOString(),
    };
  }

  async restore(id: string): Promise<InvestigationResponse> {
    if (!(await this.repository.restore(id))) throw notFound(`No deleted investigation ${id}.`);
    return this.latest(id);
  }

  async addNote(
    id: string,
    target: NoteTarget | undefined,
    text: string,
  ): Promise<InvestigationNote> {
    const at = this.now();
    const note = await this.repository.addNote(id, {
      id: randomUUID(),
      targetKind: target ? ('nodeId' in target ? 'node' : 'relationship') : null,
      targetId: target ? ('nodeId' in target ? target.nodeId : target.relationshipId) : null,
      text,
      author: this.author,
      createdAt: at,
      updatedAt: at,
    });
    if (!note) throw notFound(`No investigation ${id}.`);
    return noteOf(note);
  }

  async updateNote(id: string, noteId: string, text: string): Promise<InvestigationNote> {
    const note = await this.repository.updateNote(id, noteId, text, this.now());
    if (!note) throw notFound(`No note ${noteId} in investigation ${id}.`);
    return noteOf(note);
  }

  async deleteNote(id: string, noteId: string): Promise<{ id: string; deleted: true }> {
    if (!(await this.repository.deleteNote(id, noteId))) {
      throw notFound(`No note ${noteId} in investigation ${id}.`);
    }
    return { id: noteId, deleted: true };
  }

  async report(id: string, format: 'md' | 'html', version?: number): Promise<Report> {
    const record = await this.mustFind(id);
    const saved = await this.mustGetVersion(id, version ?? record.version);
    const scene = JSON.parse(saved.scene) as InvestigationScene;
    const resolved = await this.resolve(saved);
    const cited = await this.references.citedRelationships([...resolved.relationships.values()]);
    const notes = (await this.repository.notes(id)).map(noteOf);
    const captionIds = [
      ...resolved.nodes.values(),
      ...notes.flatMap((n) => (n.target && 'nodeId' in n.target ? [n.target.nodeId] : [])),
    ];
    const input: ReportInput = {
      title: saved.title,
      description: saved.description,
      version: saved.version,
      latestVersion: record.version,
      author: saved.author,
      savedAt: saved.createdAt,
      generatedAt: this.now(),
      scene,
      nodeIds: resolved.nodes,
      relationshipIds: resolved.relationships,
      captions: await this.references.captions([...new Set(captionIds)]),
      cited,
      notes,
      missing: resolved.missing,
    };
    const stem = slug(saved.title) || 'investigation';
    return format === 'md'
      ? {
          contentType: 'text/markdown; charset=utf-8',
          filename: `${stem}-v${saved.version}.md`,
          body: reportMarkdown(input),
        }
      : {
          contentType: 'text/html; charset=utf-8',
          filename: `${stem}-v${saved.version}.html`,
          body: reportHtml(input),
        };
  }

  // ---------------------------------------------------------------- helpers

  private async mustFind(id: string): Promise<InvestigationRecord> {
    const record = await this.repository.find(id);
    if (!record) throw notFound(`No investigation ${id}.`);
    return record;
  }

  private async mustGetVersion(id: string, version: number): Promise<VersionRecord> {
    const found = await this.repository.version(id, version);
    if (!found) throw notFound(`Investigation ${id} has no version ${version}.`);
    return found;
  }

  /** Records what each node and relationship of the scene is, so it can be found again. */
  private async fingerprint(scene: InvestigationScene): Promise<Refs> {
    const nodeIds = [...new Set(scene.nodes.map((n) => n.id))];
    const relationshipIds = [...new Set(scene.edges)];
    const found = await this.references.fingerprints(nodeIds, relationshipIds);
    const nodes = new Map(found.nodes.map((n) => [n.id, n]));
    const relationships = new Map(found.relationships.map((r) => [r.id, r]));
    return {
      // Ids that named nothing when saved are kept as they are and reported missing later.
      nodes: nodeIds.map((id) => nodes.get(id) ?? { id, key: null, labels: [], caption: null }),
      relationships: relationshipIds.map(
        (id) => relationships.get(id) ?? { id, type: null, start: null, end: null, sourceId: null },
      ),
    };
  }

  private async resolve(saved: VersionRecord): Promise<{
    nodes: Map<string, string>;
    relationships: Map<string, string>;
    missing: InvestigationResponse['missing'];
  }> {
    const refs = JSON.parse(saved.refs) as Refs;
    const nodes = await this.references.resolveNodes(refs.nodes);
    const relationships = await this.references.resolveRelationships(refs.relationships, nodes);
    const missingNodes: MissingItem[] = refs.nodes
      .filter((n) => !nodes.has(n.id))
      .map((n) => ({ id: n.id, caption: n.caption, labels: n.labels }));
    const missingEdges: MissingItem[] = refs.relationships
      .filter((r) => !relationships.has(r.id))
      .map((r) => ({ id: r.id, caption: null, labels: [], ...(r.type ? { type: r.type } : {}) }));
    return { nodes, relationships, missing: { nodes: missingNodes, edges: missingEdges } };
  }

  /** The answer to a save: what was just fingerprinted needs no second look. */
  private async respondSaved(
    record: InvestigationRecord,
    scene: InvestigationScene,
    refs: Refs,
  ): Promise<InvestigationResponse> {
    return {
      id: record.id,
      title: record.title,
      description: record.description,
      version: record.version,
      latestVersion: record.version,
      author: record.author,
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
      scene,
      notes: (await this.repository.notes(record.id)).map(noteOf),
      remapped: { nodes: {}, edges: {} },
      missing: {
        nodes: refs.nodes
          .filter((n) => n.labels.length === 0 && n.caption === null)
          .map((n) => ({ id: n.id, caption: null, labels: [] })),
        edges: refs.relationships
          .filter((r) => r.type === null)
          .map((r) => ({ id: r.id, caption: null, labels: [] })),
      },
    };
  }

  private async respond(
    record: InvestigationRecord,
    saved: VersionRecord,
  ): Promise<InvestigationResponse> {
    const resolved = await this.resolve(saved);
    const changed = (map: Map<string, string>) =>
      Object.fromEntries([...map].filter(([was, now]) => was !== now));
    return {
      id: record.id,
      title: saved.title,
      description: saved.description,
      version: saved.version,
      latestVersion: record.version,
      author: saved.author,
      createdAt: record.createdAt,
      updatedAt: saved.createdAt,
      scene: JSON.parse(saved.scene) as InvestigationScene,
      notes: (await this.repository.notes(record.id)).map(noteOf),
      remapped: { nodes: changed(resolved.nodes), edges: changed(resolved.relationships) },
      missing: resolved.missing,
    };
  }
}

function noteOf(note: NoteRecord): InvestigationNote {
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

function slug(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60);
}
