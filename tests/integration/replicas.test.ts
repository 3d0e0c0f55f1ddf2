import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse, SeedUploadResponse } from '../../server/api-types.ts';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import type { InvestigationResponse } from '../../server/investigation-types.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { ACCOUNTS, ADMIN_TOKEN, testAuth } from '../support/auth-app.ts';
import { CYPHER_DIR, loadSeeds } from '../support/seed-fixture.ts';
import { listen } from '../support/test-app.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';

/**
 * Two app instances over one real Neo4j, each with its own driver and services and nothing
 * shared but the database and the secret, as two replicas behind a load balancer are.
 */
interface Replica {
  db: Database;
  url: string;
  close(): Promise<void>;
}

async function startReplica(): Promise<Replica> {
  const db = testDatabase();
  const auth = await testAuth(db, { adminToken: ADMIN_TOKEN });
  const app = createApp({
    logger: createLogger('silent'),
    health: new HealthService(db),
    ...createAnalystServices(db, { queryTimeoutMs: 10_000, queryRowCap: 1_000 }),
    seeds: new SeedService(db, { cypherDir: CYPHER_DIR, adminToken: ADMIN_TOKEN }),
    auth,
  });
  const server = await listen(app);
  return {
    db,
    url: server.url,
    close: async () => {
      await server.close();
      await db.close();
    },
  };
}

let a: Replica;
let b: Replica;
let cookie: string;

beforeAll(async () => {
  const db = testDatabase();
  try {
    await resetDatabase(db);
    await loadSeeds(db);
    await db.autoCommit('CALL db.awaitIndexes(60)');
    await testAuth(db, { roles: ['analyst'] });
  } finally {
    await db.close();
  }
  a = await startReplica();
  b = await startReplica();
  const signIn = await fetch(`${a.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: a.url },
    body: JSON.stringify(ACCOUNTS.analyst),
  });
  expect(signIn.status).toBe(200);
  cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});

afterAll(async () => {
  await a?.close();
  await b?.close();
});

const count = async (db: Database, cypher: string) =>
  Number((await db.readQuery(cypher)).records[0]?.get(0));

describe('two app instances on one Neo4j', () => {
  it('when an analyst signs in through replica A, then replica B knows the session', async () => {
    const response = await fetch(`${b.url}/api/session`, { headers: { cookie } });
    const body = (await response.json()) as { user: { username: string; role: string } | null };
    expect(body.user).toEqual({ username: ACCOUNTS.analyst.username, role: 'analyst' });
  });

  it('when an investigation is saved through replica A, then replica B opens it as saved, and a second version saved through B is seen by A', async () => {
    const search = await fetch(`${a.url}/api/search?q=Belarus&limit=3`, { headers: { cookie } });
    const ids = ((await search.json()) as SearchResponse).results.map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    const scene = {
      nodes: ids.map((id, i) => ({ id, x: i * 100, y: 0 })),
      edges: [],
      filters: { hiddenLabels: [], hiddenTypes: [], hiddenStances: [], asOf: null },
      viewport: { zoom: 1, pan: { x: 0, y: 0 } },
    };
    const write = (replica: Replica, method: string, path: string, body: unknown) =>
      fetch(`${replica.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', cookie, origin: replica.url },
        body: JSON.stringify(body),
      });
    const created = await write(a, 'POST', '/api/investigations', {
      title: 'Saved through A',
      scene,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as InvestigationResponse;

    const openedOnB = await fetch(`${b.url}/api/investigations/${id}`, { headers: { cookie } });
    expect(openedOnB.status).toBe(200);
    const onB = (await openedOnB.json()) as InvestigationResponse;
    expect(onB).toMatchObject({ title: 'Saved through A', version: 1 });
    expect(onB.scene.nodes).toEqual(scene.nodes);

    const moved = { ...scene, nodes: scene.nodes.map((n) => ({ ...n, y: 50 })) };
    const saved = await write(b, 'PUT', `/api/investigations/${id}`, {
      scene: moved,
      baseVersion: 1,
    });
    expect(saved.status).toBe(200);
    const onA = (await (
      await fetch(`${a.url}/api/investigations/${id}`, { headers: { cookie } })
    ).json()) as InvestigationResponse;
    expect(onA.version).toBe(2);
    expect(onA.scene.nodes).toEqual(moved.nodes);
  });

  it('when one seed file is uploaded to A and B at the same moment, then one applies it, the other answers that it is already applied, and it is written once', async () => {
    const statements = 500;
    const file = Array.from(
      { length: statements },
      (_, i) => `CREATE (:UploadedOnce {n: ${i}, name: 'statement ${i}'});`,
    ).join('\n');
    const upload = async (replica: Replica) => {
      const response = await fetch(`${replica.url}/api/seeds?name=uploaded-once.cypher`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_TOKEN}` },
        body: file,
      });
      return { status: response.status, body: (await response.json()) as SeedUploadResponse };
    };
    const answers = await Promise.all([upload(a), upload(b)]);
    expect(answers.map((x) => x.status)).toEqual([200, 200]);
    expect(answers.map((x) => x.body.file.status).sort()).toEqual(['applied', 'skipped']);
    const applied = answers.find((x) => x.body.file.status === 'applied');
    expect(applied?.body.file.counters).toMatchObject({ nodesCreated: statements });
    expect(await count(a.db, 'MATCH (n:UploadedOnce) RETURN count(n)')).toBe(statements);
    expect(
      await count(
        a.db,
        "MATCH (f:__SeedFile {name: 'upload/uploaded-once.cypher'}) RETURN count(f)",
      ),
    ).toBe(1);
    expect(await count(a.db, 'MATCH (l:__SeedLock) RETURN count(l)')).toBe(0);
  });
});
