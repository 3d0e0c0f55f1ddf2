import type { Database } from '../db/database.ts';
import { type Role, isRole } from './roles.ts';

export interface StoredSession {
  username: string;
  role: Role;
  createdAtMs: number;
  lastSeenAtMs: number;
}

/**
 * Sessions under `:__Session`, keyed by the digest of the cookie's id, so replicas share
 * them and a sign-out or a removed user takes effect everywhere at once.
 */
export class SessionRepository {
  constructor(private readonly db: Database) {}

  async ensureSchema(): Promise<void> {
    await this.db.autoCommit(
      'CREATE CONSTRAINT session_digest IF NOT EXISTS FOR (s:__Session) REQUIRE s.idDigest IS UNIQUE',
    );
  }

  /** Stores a new session and sweeps the user's expired ones. */
  async create(
    idDigest: string,
    username: string,
    expiry: { idleMs: number; maxMs: number },
  ): Promise<void> {
    await this.db.write(async (tx) => {
      await tx.run(
        `MATCH (s:__Session {username: $username})
         WHERE s.createdAtMs < timestamp() - $maxMs OR s.lastSeenAtMs < timestamp() - $idleMs
         DETACH DELETE s`,
        { username, ...expiry },
      );
      await tx.run(
        `CREATE (:__Session {idDigest: $idDigest, username: $username,
                            createdAtMs: timestamp(), lastSeenAtMs: timestamp()})`,
        { idDigest, username },
      );
    });
  }

  /** The session with its user's current role, or null when either is gone. */
  async find(idDigest: string): Promise<StoredSession | null> {
    const result = await this.db.readQuery(
      `MATCH (s:__Session {idDigest: $idDigest})
       MATCH (u:__User {username: s.username})
       RETURN u.username AS username, u.role AS role,
              s.createdAtMs AS createdAtMs, s.lastSeenAtMs AS lastSeenAtMs`,
      { idDigest },
    );
    const record = result.records[0];
    if (!record) return null;
    const role = String(record.get('role'));
    return {
      username: String(record.get('username')),
      role: isRole(role) ? role : 'viewer',
      createdAtMs: Number(record.get('createdAtMs')),
      lastSeenAtMs: Number(record.get('lastSeenAtMs')),
    };
  }

  async touch(idDigest: string): Promise<void> {
    await this.db.write((tx) =>
      tx.run('MATCH (s:__Session {idDigest: $idDigest}) SET s.lastSeenAtMs = timestamp()', {
        idDigest,
      }),
    );
  }

  async remove(idDigest: string): Promise<void> {
    await this.db.write((tx) =>
      tx.run('MATCH (s:__Session {idDigest: $idDigest}) DETACH DELETE s', { idDigest }),
    );
  }
}
