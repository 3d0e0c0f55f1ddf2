import neo4j from 'neo4j-driver';
import { AppError } from '../errors.ts';
import type { Database } from '../db/database.ts';
import { toNumber } from '../db/value-mapper.ts';
import type { InvestigationSharing } from '../investigation-types.ts';

/**
 * Investigations live in the graph under reserved `__` labels (`__Investigation`, one
 * `__InvestigationVersion` per save, `__Note`), which every explorer, schema and console
 * answer leaves out, so app replicas share them and a Neo4j backup covers them. A version's
 * scene is stored as JSON text with a fingerprint of each node and relationship it names,
 * so a node can be found again by its `id` property if its elementId changes. Sharing sits
 * on the investigation: `owner` (absent when saved with sign-in off), `sharing` (absent on
 * those: read by all) and `linkHash`, the SHA-256 of a published link's token.
 */

export interface InvestigationRecord {
  id: string;
  title: string;
  description: string;
  version: number;
  author: string;
  createdAt: string;
  updatedAt: string;
  owner: string | null;
  sharing: InvestigationSharing;
  published: boolean;
}

export interface VersionRecord {
  version: number;
  title: string;
  description: string;
  scene: string;
  refs: string;
  author: string;
  createdAt: string;
  nodes: number;
}

export interface NoteRecord {
  id: string;
  targetKind: 'node' | 'relationship' | null;
  targetId: string | null;
  text: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewVersion {
  title: string;
  description: string;
  scene: string;
  refs: string;
  nodes: number;
  author: string;
  at: string;
}

export class VersionConflict extends Error {
  constructor(readonly currentVersion: number) {
    super(`version ${currentVersion} is the latest`);
  }
}

/** An investigation saved with sign-in off has no owner and no sharing: all may read it. */
export const SHARING_FIELDS = `i.owner AS owner, coalesce(i.sharing, 'read') AS sharing,
  i.linkHash IS NOT NULL AS published`;
const INVESTIGATION_FIELDS = `i.id AS id, i.title AS title, i.description AS description,
  i.version AS version, i.author AS author, i.createdAt AS createdAt, i.updatedAt AS updatedAt,
  ${SHARING_FIELDS}`;
const VERSION_FIELDS = `v.version AS version, v.title AS title, v.description AS description,
  v.scene AS scene, v.refs AS refs, v.author AS author, v.createdAt AS createdAt, v.nodes AS nodes`;
const NOTE_FIELDS = `n.id AS id, n.targetKind AS targetKind, n.targetId AS targetId,
  n.text AS text, n.author AS author, n.createdAt AS createdAt, n.updatedAt AS updatedAt`;

const CONSTRAINTS = [
  'CREATE CONSTRAINT investigation_id IF NOT EXISTS FOR (i:__Investigation) REQUIRE i.id IS UNIQUE',
  'CREATE CONSTRAINT investigation_version IF NOT EXISTS FOR (v:__InvestigationVersion) REQUIRE (v.investigationId, v.version) IS UNIQUE',
  'CREATE CONSTRAINT investigation_note_id IF NOT EXISTS FOR (n:__Note) REQUIRE n.id IS UNIQUE',
  'CREATE CONSTRAINT investigation_link IF NOT EXISTS FOR (i:__Investigation) REQUIRE i.linkHash IS UNIQUE',
];

export class InvestigationRepository {
  private schemaReady: Promise<void> | undefined;

  constructor(private readonly db: Database) {}

  /** The uniqueness of (investigation, version) is what turns a lost race into a 409. */
  private ensureSchema(): Promise<void> {
    this.schemaReady ??= (async () => {
      for (const statement of CONSTRAINTS) {
        try {
          await this.db.autoCommit(statement);
        } catch (error) {
          // Two replicas creating the same constraint at once: one loses, harmlessly.
          const name = /CONSTRAINT (\w+)/.exec(statement)?.[1] ?? '';
          const found = await this.db.readQuery(
            'SHOW CONSTRAINTS YIELD name WHERE name = $name RETURN count(*) AS n',
            { name },
          );
          if (toNumber(found.records[0]?.get('n')) === 0) throw error;
        }
      }
    })().catch((error: unknown) => {
      this.schemaReady = undefined;
      throw error;
    });
    return this.schemaReady;
  }

  /** A new investigation; `owner` and `sharing` are null when sign-in is off. */
  async create(
    id: string,
    first: NewVersion,
    sharing: { owner: string | null; sharing: InvestigationSharing | null },
  ): Promise<InvestigationRecord> {
    await this.ensureSchema();
    return this.db.write(async (tx) => {
      const result = await tx.run(
        `CREATE (i:__Investigation {id: $id, title: $title, titleLower: toLower($title),
           description: $description, version: 1, author: $author, createdAt: $at,
           updatedAt: $at, nodes: $nodes, owner: $owner, sharing: $sharing})
         CREATE (i)-[:__HAS_VERSION]->(:__InvestigationVersion {investigationId: $id,
           version: 1, title: $title, description: $description, scene: $scene, refs: $refs,
           author: $author, createdAt: $at, nodes: $nodes})
         RETURN ${INVESTIGATION_FIELDS}`,
        { id, ...first, ...sharing, nodes: neo4j.int(first.nodes) },
      );
      return investigationOf(result.records[0]?.toObject() ?? {});
    });
  }

  /** A new version on top of `baseVersion`; a newer version already there is a conflict. */
  async addVersion(
    id: string,
    baseVersion: number,
    next: (latest: VersionRecord) => NewVersion,
  ): Promise<InvestigationRecord | null> {
    await this.ensureSchema();
    try {
      return await this.db.write(async (tx) => {
        // Touching the investigation first locks it, so two saves queue here.
        const locked = await tx.run(
          `MATCH (i:__Investigation {id: $id}) WHERE i.deletedAt IS NULL
           SET i.version = i.version
           WITH i MATCH (i)-[:__HAS_VERSION]->(v:__InvestigationVersion {version: i.version})
           RETURN ${VERSION_FIELDS}`,
          { id },
        );
        const latestRecord = locked.records[0];
        if (!latestRecord) return null;
        const latest = versionOf(latestRecord.toObject());
        if (latest.version !== baseVersion) throw new VersionConflict(latest.version);
        const version = next(latest);
        const result = await tx.run(
          `MATCH (i:__Investigation {id: $id})
           SET i.version = $version, i.title = $title, i.titleLower = toLower($title),
             i.description = $description, i.updatedAt = $at, i.nodes = $nodes
           CREATE (i)-[:__HAS_VERSION]->(:__InvestigationVersion {investigationId: $id,
             version: $version, title: $title, description: $description, scene: $scene,
             refs: $refs, author: $author, createdAt: $at, nodes: $nodes})
           RETURN ${INVESTIGATION_FIELDS}`,
          {
            id,
            ...version,
            version: neo4j.int(latest.version + 1),
            nodes: neo4j.int(version.nodes),
          },
        );
        return investigationOf(result.records[0]?.toObject() ?? {});
      });
    } catch (error) {
      if (isConstraintViolation(error)) {
        const current = await this.find(id);
        throw new VersionConflict(current?.version ?? baseVersion + 1);
      }
      throw error;
    }
  }

  /** The investigation, unless deleted (`deleted`: only if deleted). */
  async find(id: string, deleted = false): Promise<InvestigationRecord | null> {
    const result = await this.db.readQuery(
      `MATCH (i:__Investigation {id: $id}) WHERE (i.deletedAt IS NOT NULL) = $deleted
       RETURN ${INVESTIGATION_FIELDS}`,
      { id, deleted },
    );
    const record = result.records[0];
    return record ? investigationOf(record.toObject()) : null;
  }

  async version(id: string, version: number): Promise<VersionRecord | null> {
    const result = await this.db.readQuery(
      `MATCH (i:__Investigation {id: $id})-[:__HAS_VERSION]->(v:__InvestigationVersion {version: $version})
       WHERE i.deletedAt IS NULL RETURN ${VERSION_FIELDS}`,
      { id, version: neo4j.int(version) },
    );
    const record = result.records[0];
    return record ? versionOf(record.toObject()) : null;
  }

  async versions(id: string): Promise<VersionRecord[]> {
    const result = await this.db.readQuery(
      `MATCH (i:__Investigation {id: $id})-[:__HAS_VERSION]->(v:__InvestigationVersion)
       WHERE i.deletedAt IS NULL
       RETURN ${VERSION_FIELDS} ORDER BY v.version DESC`,
      { id },
    );
    return result.records.map((r) => versionOf(r.toObject()));
  }

  /**
   * Newest first: all of them (`visibleTo` null), or those `visibleTo` owns plus every
   * one not private.
   */
  async list(
    titleContains: string | null,
    visibleTo: string | null,
  ): Promise<
    {
      id: string;
      title: string;
      updatedAt: string;
      version: number;
      nodes: number;
      notes: number;
      owner: string | null;
      sharing: InvestigationSharing;
      published: boolean;
    }[]
  > {
    const result = await this.db.readQuery(
      `MATCH (i:__Investigation) WHERE i.deletedAt IS NULL
         AND ($q IS NULL OR i.titleLower CONTAINS $q)
         AND ($user IS NULL OR i.owner = $user OR coalesce(i.sharing, 'read') <> 'private')
       RETURN i.id AS id, i.title AS title, i.updatedAt AS updatedAt, i.version AS version,
         i.nodes AS nodes, COUNT { (i)-[:__HAS_NOTE]->() } AS notes, ${SHARING_FIELDS}
       ORDER BY i.updatedAt DESC, i.title LIMIT 1000`,
      { q: titleContains === null ? null : titleContains.toLowerCase(), user: visibleTo },
    );
    return result.records.map((r) => ({
      id: String(r.get('id')),
      title: String(r.get('title')),
      updatedAt: String(r.get('updatedAt')),
      version: toNumber(r.get('version')),
      nodes: toNumber(r.get('nodes')),
      notes: toNumber(r.get('notes')),
      ...sharingOf(r.toObject()),
    }));
  }

  /** Soft delete; investigations deleted before `purgeBefore` are removed for good. */
  async softDelete(id: string, at: string, purgeBefore: string): Promise<boolean> {
    return this.db.write(async (tx) => {
      const result = await tx.run(
        `MATCH (i:__Investigation {id: $id}) WHERE i.deletedAt IS NULL
         SET i.deletedAt = $at RETURN count(i) AS n`,
        { id, at },
      );
      await tx.run(
        `MATCH (i:__Investigation) WHERE i.deletedAt < $purgeBefore
         OPTIONAL MATCH (i)-->(x) WHERE x:__InvestigationVersion OR x:__Note
         DETACH DELETE x, i`,
        { purgeBefore },
      );
      return toNumber(result.records[0]?.get('n')) > 0;
    });
  }

  async restore(id: string): Promise<boolean> {
    return this.db.write(async (tx) => {
      const result = await tx.run(
        `MATCH (i:__Investigation {id: $id}) WHERE i.deletedAt IS NOT NULL
         REMOVE i.deletedAt RETURN count(i) AS n`,
        { id },
      );
      return toNumber(result.records[0]?.get('n')) > 0;
    });
  }

  async notes(id: string): Promise<NoteRecord[]> {
    const result = await this.db.readQuery(
      `MATCH (:__Investigation {id: $id})-[:__HAS_NOTE]->(n:__Note)
       RETURN ${NOTE_FIELDS} ORDER BY n.createdAt, n.id`,
      { id },
    );
    return result.records.map((r) => noteOf(r.toObject()));
  }

  async addNote(investigationId: string, note: NoteRecord): Promise<NoteRecord | null> {
    await this.ensureSchema();
    return this.db.write(async (tx) => {
      const result = await tx.run(
        `MATCH (i:__Investigation {id: $investigationId}) WHERE i.deletedAt IS NULL
         CREATE (i)-[:__HAS_NOTE]->(n:__Note {id: $id, targetKind: $targetKind,
           targetId: $targetId, text: $text, author: $author, createdAt: $createdAt,
           updatedAt: $updatedAt})
         RETURN ${NOTE_FIELDS}`,
        { investigationId, ...note },
      );
      const record = result.records[0];
      return record ? noteOf(record.toObject()) : null;
    });
  }

  async updateNote(
    investigationId: string,
    noteId: string,
    text: string,
    at: string,
  ): Promise<NoteRecord | null> {
    return this.db.write(async (tx) => {
      const result = await tx.run(
        `MATCH (i:__Investigation {id: $investigationId})-[:__HAS_NOTE]->(n:__Note {id: $noteId})
         WHERE i.deletedAt IS NULL
         SET n.text = $text, n.updatedAt = $at RETURN ${NOTE_FIELDS}`,
        { investigationId, noteId, text, at },
      );
      const record = result.records[0];
      return record ? noteOf(record.toObject()) : null;
    });
  }

  async deleteNote(investigationId: string, noteId: string): Promise<boolean> {
    return this.db.write(async (tx) => {
      const result = await tx.run(
        `MATCH (i:__Investigation {id: $investigationId})-[:__HAS_NOTE]->(n:__Note {id: $noteId})
         WHERE i.deletedAt IS NULL
         DETACH DELETE n RETURN count(*) AS n`,
        { investigationId, noteId },
      );
      return toNumber(result.records[0]?.get('n')) > 0;
    });
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function isConstraintViolation(error: unknown): boolean {
  if (!(error instanceof AppError)) return false;
  const details = error.details as { neo4jCode?: string } | undefined;
  return details?.neo4jCode === 'Neo.ClientError.Schema.ConstraintValidationFailed';
}

export function sharingOf(row: Record<string, unknown>): {
  owner: string | null;
  sharing: InvestigationSharing;
  published: boolean;
} {
  const sharing = row.sharing;
  return {
    owner: stringOrNull(row.owner),
    // Anything unexpected reads as the narrowest sharing.
    sharing: sharing === 'read' || sharing === 'edit' ? sharing : 'private',
    published: row.published === true,
  };
}

export function investigationOf(row: Record<string, unknown>): InvestigationRecord {
  return {
    id: String(row.id),
    title: String(row.title),
    description: String(row.description ?? ''),
    version: toNumber(row.version),
    author: String(row.author),
    createdAt: String(row.createdAt),
    updatedAt: String(row.updatedAt),
    ...sharingOf(row),
  };
}

function versionOf(row: Record<string, unknown>): VersionRecord {
  return {
    version: toNumber(row.version),
    title: String(row.title),
    description: String(row.description ?? ''),
    scene: String(row.scene),
    refs: String(row.refs),
    author: String(row.author),
    createdAt: String(row.createdAt),
    nodes: toNumber(row.nodes),
  };
}

function noteOf(row: Record<string, unknown>): NoteRecord {
  const kind = row.targetKind;
  return {
    id: String(row.id),
    targetKind: kind === 'node' || kind === 'relationship' ? kind : null,
    targetId: stringOrNull(row.targetId),
    text: String(row.text),
    author: String(row.author),
    createdAt: String(row.createdAt),
    updatedAt: String(row.updatedAt),
  };
}
