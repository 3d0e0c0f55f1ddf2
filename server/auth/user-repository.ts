import type { Database } from '../db/database.ts';
import { type Role, isRole } from './roles.ts';

export interface StoredUser {
  username: string;
  role: Role;
  createdAt: string;
}

const USER_FIELDS = 'u.username AS username, u.role AS role, toString(u.createdAt) AS createdAt';

function toUser(get: (key: string) => unknown): StoredUser {
  const role = String(get('role'));
  return {
    username: String(get('username')),
    // An unknown role read from the graph grants the least.
    role: isRole(role) ? role : 'viewer',
    createdAt: String(get('createdAt')),
  };
}

/**
 * Accounts, in the graph under `:__User` so every app replica sees the same ones; the
 * `__` prefix keeps them out of search, schema, the console and every answer.
 */
export class UserRepository {
  constructor(private readonly db: Database) {}

  async ensureSchema(): Promise<void> {
    await this.db.autoCommit(
      'CREATE CONSTRAINT user_username IF NOT EXISTS FOR (u:__User) REQUIRE u.username IS UNIQUE',
    );
  }

  /** Creates the user; false when the name is taken. */
  async create(username: string, role: Role, passwordHash: string): Promise<boolean> {
    return this.db.write(async (tx) => {
      const found = await tx.run('MATCH (u:__User {username: $username}) RETURN u', { username });
      if (found.records.length > 0) return false;
      await tx.run(
        `CREATE (u:__User {username: $username, role: $role, passwordHash: $passwordHash,
                           createdAt: datetime(), updatedAt: datetime()})`,
        { username, role, passwordHash },
      );
      return true;
    });
  }

  /**
   * Records a person signed in through single sign-on, with the role their claims map to
   * today, under their provider's issuer and subject. False when the name belongs to
   * another account (a local one, or another subject), which is left untouched.
   */
  async saveSsoUser(
    username: string,
    role: Role,
    provider: { issuer: string; subject: string },
  ): Promise<boolean> {
    return this.db.write(async (tx) => {
      const found = await tx.run(
        'MATCH (u:__User {username: $username}) RETURN u.ssoIssuer AS issuer, u.ssoSubject AS subject',
        { username },
      );
      const owner = found.records[0];
      if (
        owner &&
        (owner.get('issuer') !== provider.issuer || owner.get('subject') !== provider.subject)
      ) {
        return false;
      }
      await tx.run(
        `MERGE (u:__User {username: $username})
         ON CREATE SET u.createdAt = datetime(), u.ssoIssuer = $issuer, u.ssoSubject = $subject
         SET u.role = $role, u.updatedAt = datetime(), u.lastSignInAt = datetime()`,
        { username, role, ...provider },
      );
      return true;
    });
  }

  async find(username: string): Promise<StoredUser | null> {
    const result = await this.db.readQuery(
      `MATCH (u:__User {username: $username}) RETURN ${USER_FIELDS}`,
      { username },
    );
    const record = result.records[0];
    return record ? toUser((key) => record.get(key)) : null;
  }

  /** The stored hash, for checking a password; never leaves the auth service. */
  async passwordHashOf(username: string): Promise<{ user: StoredUser; hash: string } | null> {
    const result = await this.db.readQuery(
      `MATCH (u:__User {username: $username}) RETURN ${USER_FIELDS}, u.passwordHash AS hash`,
      { username },
    );
    const record = result.records[0];
    if (!record) return null;
    return { user: toUser((key) => record.get(key)), hash: String(record.get('hash')) };
  }

  async list(): Promise<StoredUser[]> {
    const result = await this.db.readQuery(
      `MATCH (u:__User) RETURN ${USER_FIELDS} ORDER BY u.username`,
    );
    return result.records.map((record) => toUser((key) => record.get(key)));
  }

  /** False when there is no such user. */
  async setRole(username: string, role: Role): Promise<boolean> {
    return this.changed(
      `MATCH (u:__User {username: $username}) SET u.role = $role, u.updatedAt = datetime()
       RETURN count(u) > 0 AS changed`,
      { username, role },
    );
  }

  /** Also ends the user's sessions: a reset password signs them out everywhere. */
  async setPassword(username: string, passwordHash: string): Promise<boolean> {
    return this.changed(
      `MATCH (u:__User {username: $username})
       SET u.passwordHash = $passwordHash, u.updatedAt = datetime()
       WITH u OPTIONAL MATCH (s:__Session {username: u.username}) DETACH DELETE s
       RETURN count(*) > 0 AS changed`,
      { username, passwordHash },
    );
  }

  /** Removes the user and their sessions. */
  async remove(username: string): Promise<boolean> {
    return this.changed(
      `MATCH (u:__User {username: $username})
       OPTIONAL MATCH (s:__Session {username: $username})
       DETACH DELETE s, u
       RETURN count(*) > 0 AS changed`,
      { username },
    );
  }

  private async changed(cypher: string, params: Record<string, unknown>): Promise<boolean> {
    const result = await this.db.write((tx) => tx.run(cypher, params));
    return result.records[0]?.get('changed') === true;
  }
}
