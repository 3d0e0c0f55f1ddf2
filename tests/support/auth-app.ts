import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createAuth, type Auth } from '../../server/auth/create-auth.ts';
import type { Role } from '../../server/auth/roles.ts';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { CYPHER_DIR, loadSeeds } from './seed-fixture.ts';
import { listen } from './test-app.ts';
import { resetDatabase, testDatabase } from './test-database.ts';

export const TEST_SECRET = 'a-test-secret-that-is-long-enough-for-signing';
export const ADMIN_TOKEN = 'an-admin-token-for-automation';

/** One account per role, each with its own password. */
export const ACCOUNTS: Record<Role, { username: string; password: string }> = {
  viewer: { username: 'vera', password: 'vera-reads-graphs' },
  analyst: { username: 'ali', password: 'ali-asks-questions' },
  admin: { username: 'ada', password: 'ada-loads-sources' },
};

/**
 * Sign-in as the app builds it for ENTENTE_AUTH=local, with the test secret, and an account
 * for each of `roles` from ACCOUNTS.
 */
export async function testAuth(
  db: Database,
  options: { roles?: readonly Role[]; adminToken?: string } = {},
): Promise<Auth> {
  const auth = await createAuth(
    db,
    { secret: TEST_SECRET, sessionIdleMinutes: 30, sessionMaxHours: 8 },
    { adminToken: options.adminToken },
  );
  for (const role of options.roles ?? []) {
    const { username, password } = ACCOUNTS[role];
    await auth.users.create(username, role, await auth.hasher.hash(password));
  }
  return auth;
}

export interface AuthServer {
  readonly db: Database;
  readonly auth: Auth;
  readonly url: string;
}

/**
 * For one test file: the article graph with sign-in on (ENTENTE_AUTH=local), one account
 * per role, the admin token, and `trust proxy` for loopback so tests can speak as other
 * addresses and as HTTPS through X-Forwarded-* headers.
 */
export function useAuthServer(): AuthServer {
  let state: { db: Database; auth: Auth; server: Awaited<ReturnType<typeof listen>> } | undefined;
  beforeAll(async () => {
    const db = testDatabase();
    await resetDatabase(db);
    await loadSeeds(db);
    await db.autoCommit('CALL db.awaitIndexes(60)');
    const auth = await testAuth(db, {
      roles: Object.keys(ACCOUNTS) as Role[],
      adminToken: ADMIN_TOKEN,
    });
    const clientDir = mkdtempSync(join(tmpdir(), 'entente-client-'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Entente</title>');
    const services = createAnalystServices(db, { queryTimeoutMs: 10_000, queryRowCap: 1_000 });
    const app = createApp({
      logger: createLogger('silent'),
      health: new HealthService(db),
      ...services,
      seeds: new SeedService(db, { cypherDir: CYPHER_DIR, adminToken: ADMIN_TOKEN }),
      clientDir,
      auth,
      trustProxy: 'loopback',
    });
    state = { db, auth, server: await listen(app) };
  });
  afterAll(async () => {
    await state?.server.close();
    await state?.db.close();
  });
  const started = () => {
    if (!state) throw new Error('the server starts in beforeAll');
    return state;
  };
  return {
    get db() {
      return started().db;
    },
    get auth() {
      return started().auth;
    },
    get url() {
      return started().server.url;
    },
  };
}
