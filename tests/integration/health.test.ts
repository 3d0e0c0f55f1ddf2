import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { startEmbeddedNeo4j, type RunningNeo4j } from '../../server/neo4j/launcher.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { isAlive, waitFor } from '../support/processes.ts';
import { listen } from '../support/test-app.ts';
import { testDatabase } from '../support/test-database.ts';

const logger = createLogger('silent');

describe('GET /api/health', () => {
  it('when Neo4j answers, then it reports 200 with version, edition and database', async () => {
    const db = testDatabase();
    const server = await listen(createApp({ logger, health: new HealthService(db) }));
    try {
      const response = await fetch(`${server.url}/api/health`);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.status).toBe('ok');
      expect(body.neo4j.connected).toBe(true);
      expect(body.neo4j.version).toMatch(/^5\./);
      expect(body.neo4j.edition).toMatch(/community|enterprise/);
      expect(body.neo4j.database).toBe('neo4j');
    } finally {
      await server.close();
      await db.close();
    }
  });

  it('when an unknown API path is asked for, then it answers 404 in the error shape', async () => {
    const db = testDatabase();
    const server = await listen(createApp({ logger, health: new HealthService(db) }));
    try {
      const response = await fetch(`${server.url}/api/nope`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: { code: 'NOT_FOUND', message: 'No such endpoint: GET /nope' },
      });
    } finally {
      await server.close();
      await db.close();
    }
  });
});

describe('when the embedded Neo4j is killed under a running app', () => {
  let home: string;
  let neo4j: RunningNeo4j;
  let db: Database;
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'entente-fault-'));
    neo4j = await startEmbeddedNeo4j({
      homeDir: home,
      libDir: join(process.cwd(), '.neo4j', 'lib'),
      boltPort: 19000 + Math.floor(Math.random() * 2000),
      heap: '256m',
      pageCache: '64m',
    });
    db = new Database({
      uri: neo4j.uri,
      user: neo4j.user,
      password: neo4j.password,
      database: undefined,
    });
    server = await listen(createApp({ logger, health: new HealthService(db) }));
  });

  afterAll(async () => {
    await server?.close();
    await db?.close();
    await neo4j?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('then health answers 503 within 2 s, and 200 again once Neo4j is back, without restarting the app', async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    process.kill(neo4j.pid, 'SIGKILL');
    await waitFor(() => !isAlive(neo4j.pid), 10_000);

    const started = Date.now();
    const down = await fetch(`${server.url}/api/health`);
    const elapsed = Date.now() - started;
    expect(down.status).toBe(503);
    expect(elapsed).toBeLessThan(2_000);
    const body = await down.json();
    expect(body.neo4j.connected).toBe(false);

    // The same home and port: the launcher recovers from the crash (stale record, store lock).
    neo4j = await startEmbeddedNeo4j({
      homeDir: home,
      libDir: join(process.cwd(), '.neo4j', 'lib'),
      boltPort: neo4j.boltPort,
      heap: '256m',
      pageCache: '64m',
    });
    await waitFor(async () => (await fetch(`${server.url}/api/health`)).status === 200, 30_000);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
