import type { AppConfig } from '../config.ts';
import { Database } from '../db/database.ts';
import { provideDatabase } from '../db/provide-database.ts';
import { createLogger } from '../logger.ts';
import { EmbeddedNeo4jError } from '../neo4j/launcher.ts';

export interface ConnectionOptions {
  uri?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  database?: string | undefined;
}

export interface OpenedDatabase {
  db: Database;
  /** Which Neo4j this is, in words, for the command to print. */
  description: string;
  close(): Promise<void>;
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
 * How every command-line tool finds its database: `--uri` or NEO4J_URI, else the local
 * embedded Neo4j of ENTENTE_HOME, started for the run when it is not running.
 */
export async function openDatabase(
  config: AppConfig,
  options: ConnectionOptions,
): Promise<OpenedDatabase> {
  const uri = options.uri ?? (config.neo4j.kind === 'external' ? config.neo4j.uri : undefined);
  const database = options.database ?? config.neo4j.database;
  if (uri) {
    const password =
      options.password ??
      (config.neo4j.kind === 'external' ? config.neo4j.password : process.env.NEO4J_PASSWORD);
    if (password === undefined) {
      throw new OpenDatabaseError('--password (or NEO4J_PASSWORD) is required with --uri', 2);
    }
    const db = new Database({
      uri,
      user: options.user ?? process.env.NEO4J_USER ?? 'neo4j',
      password,
      database,
    });
    return {
      db,
      description: `Neo4j at ${uri}${database ? ` (database ${database})` : ''}`,
      close: () => db.close(),
    };
  }
  try {
    const provided = await provideDatabase(
      { ...config, neo4j: { kind: 'embedded', database } },
      createLogger('warn'),
    );
    return {
      db: provided.db,
      description: `the local Neo4j in ${config.embedded.homeDir} (${provided.embedded?.uri ?? 'embedded'})`,
      close: () => provided.close(),
    };
  } catch (error) {
    if (error instanceof EmbeddedNeo4jError) throw new OpenDatabaseError(error.message, 1);
    throw error;
  }
}
