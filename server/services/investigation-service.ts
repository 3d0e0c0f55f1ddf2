import { randomUUID } from 'node:crypto';
import { AppError, forbidden, notFound } from '../errors.ts';
import type {
  InvestigationAccess,
  InvestigationCreateRequest,
  InvestigationListResponse,
  InvestigationResponse,
  InvestigationScene,
  InvestigationUpdateRequest,
  InvestigationVersionsResponse,
  MissingItem,
} from '../investigation-types.ts';
import {
  VersionConflict,
  type InvestigationRecord,
  type InvestigationRepository,
  type VersionRecord,
} from '../repositories/investigation-repository.ts';
import type {
  NodeFingerprint,
  RelationshipFingerprint,
  SceneReferences,
} from '../repositories/scene-references.ts';
import {
  accessOf,
  allows,
  authorOf,
  listScope,
  ownerFor,
  type Actor,
  type Need,
} from './investigation-access.ts';
import { noteOf } from './investigation-note-service.ts';
import { reportHtml, reportMarkdown, type ReportInput } from './investigation-report.ts';
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

/**
 * Saving, versioning, annotating and reporting investigations, each on behalf of an
 * `Actor`. One the actor may not see answers 404 exactly as a missing one does, so a
 * private investigation's existence never leaks; one it may see but not change, 403.
 */
export class InvestigationService {
  constructor(
    private readonly repository: InvestigationRepository,
    private readonly references: SceneReferences,
    private readonly options: { now?: () => Date } = {},
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  async create(request: InvestigationCreateRequest, actor: Actor): Promise<InvestigationResponse> {
    const id = randomUUID();
    const refs = await this.fingerprint(request.scene);
    const record = await this.repository.create(
      id,
      {
        title: request.title,
        description: request.description ?? '',
        scene: JSON.stringify(request.scene),
        refs: JSON.stringify(refs),
        nodes: request.scene.nodes.length,
        author: authorOf(actor),
        at: this.now(),
      },
      // Signed in, a new investigation is its owner's alone until shared.
      { owner: ownerFor(actor), sharing: actor.kind === 'user' ? 'private' : null },
    );
    return this.respondSaved(record, request.scene, refs, actor);
  }

  /** What the actor may open: everything with sign-in off, else its own and the shared. */
  async list(q: string | undefined, actor: Actor): Promise<InvestigationListResponse> {
    const scope = listScope(actor);
    if (!scope) return { items: [] };
    const rows = await this.repository.list(q ? q : null, scope.username);
    return {
      items: rows.flatMap((row) => {
        const access = accessOf(row, actor);
        return access ? [{ ...row, access }] : [];
      }),
    };
  }

  async latest(id: string, actor: Actor): Promise<InvestigationResponse> {
    const { record, access } = await this.authorize(id, actor, 'read');
    return this.respond(record, await this.mustGetVersion(id, record.version), access);
  }

  async version(id: string, version: number, actor: Actor): Promise<InvestigationResponse> {
    const { record, access } = await this.authorize(id, actor, 'read');
    return this.respond(record, await this.mustGetVersion(id, version), access);
  }

  async versions(id: string, actor: Actor): Promise<InvestigationVersionsResponse> {
    await this.authorize(id, actor, 'read');
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

  async update(
    id: string,
    request: InvestigationUpdateRequest,
    actor: Actor,
  ): Promise<InvestigationResponse> {
    const { access } = await this.authorize(id, actor, 'edit');
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
        author: authorOf(actor),
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
    if (request.scene && refs) return this.respondSaved(record, request.scene, refs, actor);
    return this.respond(record, await this.mustGetVersion(id, record.version), access);
  }

  /** Only its owner (or an admin) deletes an investigation. */
  async remove(
    id: string,
    actor: Actor,
  ): Promise<{ id: string; deleted: true; restorableUntil: string }> {
    await this.authorize(id, actor, 'owner');
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

  async restore(id: string, actor: Actor): Promise<InvestigationResponse> {
    const deleted = await this.repository.find(id, true);
    const access = deleted ? accessOf(deleted, actor) : null;
    if (!access) throw notFound(`No deleted investigation ${id}.`);
    if (!allows(access, 'owner')) throw mayNot('owner');
    if (!(await this.repository.restore(id))) throw notFound(`No deleted investigation ${id}.`);
    return this.latest(id, actor);
  }

  async report(
    id: string,
    format: 'md' | 'html',
    version: number | undefined,
    actor: Actor,
  ): Promise<Report> {
    const { record } = await this.authorize(id, actor, 'read');
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

  /** The investigation if the actor may do `need` with it: 404 if unseen, 403 if short. */
  async authorize(
    id: string,
    actor: Actor,
    need: Need,
  ): Promise<{ record: InvestigationRecord; access: InvestigationAccess }> {
    const record = await this.repository.find(id);
    const access = record ? accessOf(record, actor) : null;
    if (!record || !access) throw notFound(`No investigation ${id}.`);
    if (!allows(access, need)) throw mayNot(need);
    return { record, access };
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
    actor: Actor,
  ): Promise<InvestigationResponse> {
    return {
      ...sharingOf(record, accessOf(record, actor) ?? 'read'),
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
    access: InvestigationAccess,
  ): Promise<InvestigationResponse> {
    const resolved = await this.resolve(saved);
    const changed = (map: Map<string, string>) =>
      Object.fromEntries([...map].filter(([was, now]) => was !== now));
    return {
      ...sharingOf(record, access),
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

export function mayNot(need: Need): AppError {
  return forbidden(
    'FORBIDDEN_INVESTIGATION',
    need === 'owner'
      ? 'Only the owner of this investigation (or an admin) may do this.'
      : 'This investigation is shared with you to read, not to change.',
    { need },
  );
}

function sharingOf(record: InvestigationRecord, access: InvestigationAccess) {
  return {
    owner: record.owner,
    sharing: record.sharing,
    published: record.published,
    access,
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
