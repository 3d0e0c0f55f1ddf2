import type { Database } from '../db/database.ts';
import type { InvestigationSharing } from '../investigation-types.ts';
import { SHARING_FIELDS, sharingOf } from './investigation-repository.ts';

export interface SharingRecord {
  id: string;
  owner: string | null;
  sharing: InvestigationSharing;
  published: boolean;
}

/**
 * Who may see an investigation, on its `__Investigation` node: `sharing`, and `linkHash`,
 * the SHA-256 of a published link's token (the token itself is never stored).
 */
export class InvestigationSharingRepository {
  constructor(private readonly db: Database) {}

  async setSharing(id: string, sharing: InvestigationSharing): Promise<SharingRecord | null> {
    return this.db.write(async (tx) => {
      const result = await tx.run(
        `MATCH (i:__Investigation {id: $id}) WHERE i.deletedAt IS NULL
         SET i.sharing = $sharing RETURN i.id AS id, ${SHARING_FIELDS}`,
        { id, sharing },
      );
      return recordOf(result.records[0]?.toObject());
    });
  }

  /** Publishes a link (replacing any earlier one) or, with null, revokes it. */
  async setLinkHash(
    id: string,
    linkHash: string | null,
    at: string,
  ): Promise<SharingRecord | null> {
    return this.db.write(async (tx) => {
      const result = await tx.run(
        `MATCH (i:__Investigation {id: $id}) WHERE i.deletedAt IS NULL
         SET i.linkHash = $linkHash, i.linkPublishedAt = CASE WHEN $linkHash IS NULL
           THEN null ELSE $at END
         RETURN i.id AS id, ${SHARING_FIELDS}`,
        { id, linkHash, at },
      );
      return recordOf(result.records[0]?.toObject());
    });
  }

  /** The investigation a published link opens, unless it was revoked or deleted. */
  async idByLinkHash(linkHash: string): Promise<string | null> {
    const result = await this.db.readQuery(
      `MATCH (i:__Investigation {linkHash: $linkHash}) WHERE i.deletedAt IS NULL
       RETURN i.id AS id LIMIT 1`,
      { linkHash },
    );
    const id = result.records[0]?.get('id') as unknown;
    return typeof id === 'string' ? id : null;
  }
}

function recordOf(row: Record<string, unknown> | undefined): SharingRecord | null {
  return row ? { id: String(row.id), ...sharingOf(row) } : null;
}
