import { resolve } from 'node:path';
import { type AppConfig, loadConfigOrExplain } from '../config.ts';
import type { Database } from '../db/database.ts';
import { provideDatabase } from '../db/provide-database.ts';
import { createLogger } from '../logger.ts';
import { EmbeddedNeo4jError } from '../neo4j/launcher.ts';

export interface ConnectionFlags {
  uri?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  database?: string | undefined;
}

/** A failure to reach the database, already explained; the caller exits with `status`. */
export class OpenDatabaseError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * The configuration a command-line tool runs with, as `npm run seed` reads it: flags
 * override the environment and the one config loader validates both alike. Null after
 * printing what is wrong.
 */
export function cliConfig(flags: ConnectionFlags): AppConfig | null {
  const overrides: Record<string, string> = {};
  if (flags.uri !== undefined) overrides.NEO4J_URI = flags.uri;
  if (flags.user !== undefined) overrides.NEO4J_USER = flags.user;
  if (flags.password !== undefined) overrides.NEO4J_PASSWORD = flags.password;
  if (flags.database !== undefined) overrides.NEO4J_DATABASE = flags.database;
  return loadConfigOrExplain({ ...process.env, ...overrides });
}

/**
 * Opens the database the way `npm run seed` does (NEO4J_URI, else the local embedded
 * Neo4j of ENTENTE_HOME, started for the run when it is not running) and prints which one.
 */
export async function openDatabase(
  config: AppConfig,
): Promise<{ db: Database; close(): Promise<void> }> {
  const name = config.neo4j.database ?? "the server's default database";
  if (config.neo4j.kind === 'external') {
    console.error(`database ${config.neo4j.uri} (${name})`);
  } else {
    console.error(`database the local Neo4j in ${resolve(config.embedded.homeDir)} (${name})`);
  }
  try {
    const provided = await provideDatabase(config, createLogger('warn'));
    return { db: provided.db, close: () => provided.close() };
  } catch (error) {
    if (error instanceof EmbeddedNeo4jError) throw new OpenDatabaseError(error.message, 1);
    throw error;
  }
}
