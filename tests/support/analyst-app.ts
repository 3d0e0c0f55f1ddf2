import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { loadSeeds } from './seed-fixture.ts';
import { listen } from './test-app.ts';
import { resetDatabase, testDatabase } from './test-database.ts';

/** The real HTTP app with the analyst API over `db`, listening on a loopback port. */
export function listenAnalystApp(
  db: Database,
  limits: { queryTimeoutMs: number; queryRowCap: number },
): ReturnType<typeof listen> {
  const services = createAnalystServices(db, limits);
  return listen(
    createApp({ logger: createLogger('silent'), health: new HealthService(db), ...services }),
  );
}

export interface AnalystServer {
  /** The file's database (valid once its tests run). */
  readonly db: Database;
  /** Where the app listens, e.g. http://127.0.0.1:1234. */
  readonly url: string;
  get<T>(path: string): Promise<{ status: number; body: T }>;
  post<T>(path: string, body: unknown): Promise<{ status: number; body: T }>;
}

/**
 * For one test file: the shared test database, reset and filled by `prepare` (by
 * default the article graph, its indexes online), with the analyst app over it, started before the file's
 * tests and closed after them.
 */
export function useAnalystServer(
  options: {
    limits?: { queryTimeoutMs: number; queryRowCap: number };
    prepare?: (db: Database) => Promise<unknown>;
  } = {},
): AnalystServer {
  let db: Database | undefined;
  let server: Awaited<ReturnType<typeof listen>> | undefined;
  beforeAll(async () => {
    db = testDatabase();
    await resetDatabase(db);
    if (options.prepare) await options.prepare(db);
    else {
      await loadSeeds(db);
      // Search needs the full-text index online, not just created.
      await db.autoCommit('CALL db.awaitIndexes(60)');
    }
    server = await listenAnalystApp(
      db,
      options.limits ?? { queryTimeoutMs: 10_000, queryRowCap: 1_000 },
    );
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });
  const started = () => {
    if (!db || !server) throw new Error('the analyst server starts in beforeAll');
    return { db, server };
  };
  const request = async <T>(path: string, init?: RequestInit) => {
    const response = await fetch(`${started().server.url}${path}`, init);
    return { status: response.status, body: (await response.json()) as T };
  };
  return {
    get db() {
      return started().db;
    },
    get url() {
      return started().server.url;
    },
    get: <T>(path: string) => request<T>(path),
    post: <T>(path: string, body: unknown) =>
      request<T>(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
  };
}
