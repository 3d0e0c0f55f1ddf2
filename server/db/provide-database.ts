import { join } from 'node:path';
import type { AppConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { startEmbeddedNeo4j, type RunningNeo4j } from '../neo4j/launcher.ts';
import { Database } from './database.ts';

export interface ProvidedDatabase {
  db: Database;
  /** The embedded server, when this process runs one. */
  embedded: RunningNeo4j | undefined;
  /** Closes the driver, then stops the embedded server if this process owns it. */
  close(): Promise<void>;
}

/** One code path for all three ways: NEO4J_URI, or the embedded local server. */
export async function provideDatabase(
  config: AppConfig,
  logger: Logger,
  signal?: AbortSignal,
): Promise<ProvidedDatabase> {
  if (config.neo4j.kind === 'external') {
    const db = new Database(config.neo4j);
    return { db, embedded: undefined, close: () => db.close() };
  }
  const embedded = await startEmbeddedNeo4j({
    homeDir: config.embedded.homeDir,
    libDir: join(config.embedded.homeDir, 'lib'),
    boltPort: config.embedded.boltPort,
    heap: config.embedded.heap,
    pageCache: config.embedded.pageCache,
    jit: config.embedded.jit,
    classSharing: config.embedded.classSharing,
    logger,
    signal,
  });
  const db = new Database({
    uri: embedded.uri,
    user: embedded.user,
    password: embedded.password,
    database: config.neo4j.database,
  });
  return {
    db,
    embedded,
    async close() {
      await db.close();
      await embedded.stop();
    },
  };
}
