import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { startEmbeddedNeo4j, type RunningNeo4j } from '../../server/neo4j/launcher.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { loadSeeds } from '../support/seed-fixture.ts';
import { isAlive, waitFor } from '../support/processes.ts';
import { listen } from '../support/test-app.ts';

/**
 * Database faults: the app's own Neo4j is killed with SIGKILL while requests are in flight,
 * then started again on the same port. Requests fail fast with a clear 503 (or complete);
 * none hangs past its timeout; the same app recovers without a restart.
 */

const logger = createLogger('silent');
/** What a client would wait at most for any one request. */
const REQUEST_TIMEOUT_MS = 15_000;
/** Once the database is gone, a request must be answered within this (the driver's connect and retry budgets are 2 s each). */
const FAIL_FAST_MS = 7_000;
const SLOW_QUERY = 'UNWIND range(1, 50000000) AS x RETURN count(x) AS n';

let home: string;
let neo4j: RunningNeo4j;
let db: Database;
let server: Awaited<ReturnType<typeof listen>>;
let iranId: string;

async function startNeo4j(boltPort: number): Promise<RunningNeo4j> {
  return startEmbeddedNeo4j({
    homeDir: home,
    libDir: join(process.cwd(), '.neo4j', 'lib'),
    boltPort,
    heap: '384m',
    pageCache: '64m',
  });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'entente-hardening-faults-'));
  neo4j = await startNeo4j(23_000 + Math.floor(Math.random() * 2_000));
  db = new Database({
    uri: neo4j.uri,
    user: neo4j.user,
    password: neo4j.password,
    database: undefined,
  });
  await loadSeeds(db);
  const services = createAnalystServices(db, {
    queryTimeoutMs: 30_000,
    queryRowCap: 100,
    logger,
  });
  server = await listen(
    createApp({
      logger,
      health: new HealthService(db),
      ...services,
      consoleRateLimit: 1_000_000,
      rateLimits: { data: 1_000_000 },
    }),
  );
  const found = await db.readQuery("MATCH (n:State {name: 'Iran'}) RETURN elementId(n) AS id");
  iranId = String(found.records[0]?.get('id'));
});

afterAll(async () => {
  await server?.close();
  await db?.close();
  await neo4j?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
});

interface Outcome {
  what: string;
  status: number | 'timeout' | 'network error';
  code?: string;
  message?: string;
  startedAt: number;
  endedAt: number;
}

/** The requests an analyst makes, each bounded by its own timeout. */
const requests: Record<string, () => [string, RequestInit]> = {
  search: () => ['/api/search?q=khrenin', {}],
  neighbours: () => [`/api/nodes/${encodeURIComponent(iranId)}/neighbors?limit=20`, {}],
  expand: () => [
    '/api/expand',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [iranId], limit: 20 }),
    },
  ],
  console: () => [
    '/api/query',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cypher: 'MATCH (n:State) RETURN n.name AS name' }),
    },
  ],
  slowConsole: () => [
    '/api/query',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cypher: SLOW_QUERY }),
    },
  ],
  health: () => ['/api/health', {}],
};

async function call(what: keyof typeof requests): Promise<Outcome> {
  const [path, init] = requests[what]!();
  const startedAt = Date.now();
  try {
    const response = await fetch(`${server.url}${path}`, {
      ...init,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await response.json()) as {
      error?: { code: string; message: string };
      neo4j?: { message?: string };
    };
    return {
      what,
      status: response.status,
      code: body.error?.code,
      message: body.error?.message ?? body.neo4j?.message,
      startedAt,
      endedAt: Date.now(),
    };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return {
      what,
      status: timedOut ? 'timeout' : 'network error',
      startedAt,
      endedAt: Date.now(),
    };
  }
}

const describeOutcome = (o: Outcome) =>
  `${o.what}: ${o.status} ${o.code ?? ''} after ${o.endedAt - o.startedAt} ms`;

describe('hardening: Neo4j is killed while requests are in flight', () => {
  it('when Neo4j dies under in-flight searches, expansions and console queries, then each completes or fails fast with a clear 503, and new requests get 503 quickly; when it is back, the same app answers 200 again', async () => {
    // Everything works to begin with.
    for (const what of ['search', 'neighbours', 'expand', 'console', 'health'] as const) {
      expect((await call(what)).status, what).toBe(200);
    }

    // Slow console queries that cannot finish before the kill, and loops of quick requests.
    let killedAt = Number.POSITIVE_INFINITY;
    const outcomes: Outcome[] = [];
    const slow = Array.from({ length: 3 }, () => call('slowConsole'));
    const loop = async (what: keyof typeof requests) => {
      // Bounded: until a while after the kill, and never more than 200 requests per loop.
      for (let i = 0; i < 200 && Date.now() < killedAt + 4_000; i += 1) {
        outcomes.push(await call(what));
      }
    };
    const loops = (['search', 'neighbours', 'expand', 'console'] as const).flatMap((what) => [
      loop(what),
      loop(what),
    ]);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    process.kill(neo4j.pid, 'SIGKILL');
    killedAt = Date.now();
    await waitFor(() => !isAlive(neo4j.pid), 10_000);

    outcomes.push(...(await Promise.all(slow)));
    await Promise.all(loops);

    const report = outcomes.map(describeOutcome).join('\n');
    const inFlight = outcomes.filter((o) => o.startedAt <= killedAt && o.endedAt >= killedAt);
    const afterKill = outcomes.filter((o) => o.startedAt > killedAt);
    // The slow queries were in flight, and so were some quick ones.
    expect(
      inFlight.filter((o) => o.what === 'slowConsole'),
      report,
    ).toHaveLength(3);
    expect(inFlight.length, report).toBeGreaterThan(3);
    expect(afterKill.length, report).toBeGreaterThan(0);

    for (const outcome of outcomes) {
      // Completed, or refused as unavailable with a clear message: nothing else, no hang.
      expect([200, 503], describeOutcome(outcome)).toContain(outcome.status);
      if (outcome.status === 503) {
        expect(outcome.code, describeOutcome(outcome)).toBe('DATABASE_UNAVAILABLE');
        expect(outcome.message).toMatch(/database.*unreachable.*try again/i);
      }
      expect(outcome.endedAt - outcome.startedAt).toBeLessThan(REQUEST_TIMEOUT_MS);
      // Whatever was waiting on the dead database is answered soon after it died.
      expect(
        outcome.endedAt - Math.max(outcome.startedAt, killedAt),
        describeOutcome(outcome),
      ).toBeLessThan(FAIL_FAST_MS);
    }
    for (const slowOutcome of inFlight.filter((o) => o.what === 'slowConsole')) {
      expect(slowOutcome.status, describeOutcome(slowOutcome)).toBe(503);
    }

    // New requests while it is down: 503 quickly, every kind of request.
    for (const what of ['search', 'neighbours', 'expand', 'console', 'slowConsole'] as const) {
      const outcome = await call(what);
      expect(outcome.status, describeOutcome(outcome)).toBe(503);
      expect(outcome.code).toBe('DATABASE_UNAVAILABLE');
      expect(outcome.endedAt - outcome.startedAt, describeOutcome(outcome)).toBeLessThan(
        FAIL_FAST_MS,
      );
    }
    const health = await call('health');
    expect(health.status).toBe(503);
    expect(health.endedAt - health.startedAt).toBeLessThan(3_000);

    // Neo4j back on the same port: the same app recovers, no restart.
    neo4j = await startNeo4j(neo4j.boltPort);
    await waitFor(async () => (await call('health')).status === 200, 60_000);
    for (const what of ['search', 'neighbours', 'expand', 'console'] as const) {
      const outcome = await call(what);
      expect(outcome.status, describeOutcome(outcome)).toBe(200);
    }
  }, 180_000);
});
