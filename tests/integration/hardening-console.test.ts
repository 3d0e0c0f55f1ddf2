import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonValue, QueryResponse } from '../../server/api-types.ts';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { loadSeeds } from '../support/seed-fixture.ts';
import { listen } from '../support/test-app.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';
import { exportDatabase } from '../support/database-export.ts';

/**
 * More hostile console input (tests/fixtures/hostile-console.json), beyond the corpus of
 * api-console.test.ts: comment ends Neo4j and a naive reader disagree on, invisible and
 * look-alike characters, string escapes, subqueries of every kind, URLs and more
 * procedures. Every attack is refused with a 4xx and the database stays byte-for-byte the
 * same; every innocent query runs.
 */

interface Corpus {
  attacks: { cypher: string; why: string }[];
  innocent: { cypher: string; params?: Record<string, JsonValue>; note?: string }[];
}

const corpus = JSON.parse(
  readFileSync(join(process.cwd(), 'tests', 'fixtures', 'hostile-console.json'), 'utf8'),
) as Corpus;

let db: Database;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  db = testDatabase();
  await resetDatabase(db);
  await loadSeeds(db);
  const services = createAnalystServices(db, { queryTimeoutMs: 3_000, queryRowCap: 50 });
  server = await listen(
    createApp({
      logger: createLogger('silent'),
      health: new HealthService(db),
      ...services,
      consoleRateLimit: 1_000_000,
    }),
  );
});

afterAll(async () => {
  await server?.close();
  await db?.close();
});

async function query<T>(
  cypher: string,
  params?: Record<string, JsonValue>,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}/api/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ cypher, params: params ?? { url: 'file:///etc/passwd' } }),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, body: (await response.json()) as T };
}

interface ErrorBody {
  error: { code: string; message: string };
}

let before: string;

describe('hardening: the console refuses disguised writes, administration and file reads', () => {
  beforeAll(async () => {
    before = await exportDatabase(db, { schema: true, system: true });
  });

  it('when the corpus is read, then it has at least 60 attacks of its own', () => {
    expect(corpus.attacks.length).toBeGreaterThanOrEqual(60);
  });

  it.each(corpus.attacks)(
    'when the console is sent $why, then it is refused with a 4xx',
    async ({ cypher }) => {
      const { status, body } = await query<ErrorBody>(cypher);
      expect(status, `${JSON.stringify(cypher)} → ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(
        400,
      );
      expect(status).toBeLessThan(500);
      expect(body.error.code).toMatch(
        /^(QUERY_NOT_READ_ONLY|QUERY_NOT_ALLOWED|CYPHER_SYNTAX_ERROR|CYPHER_ERROR|INVALID_REQUEST)$/,
      );
    },
  );
});

describe('hardening: the console runs reads that only mention forbidden words', () => {
  it.each(corpus.innocent)('when the console is sent $cypher, then it runs', async (entry) => {
    const { status, body } = await query<QueryResponse>(entry.cypher, entry.params ?? {});
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.summary.queryType).toBe('r');
  });
});

describe('hardening: after the hostile corpus and the innocent queries', () => {
  it('when every query has been answered, then the database, its schema, users and databases are byte-for-byte unchanged', async () => {
    expect(await exportDatabase(db, { schema: true, system: true })).toBe(before);
  });
});

describe('hardening: the text wall reads spaces and comments as Neo4j does', () => {
  const bypasses = [
    {
      why: 'VT between LOAD and CSV',
      cypher: "LOAD\u000bCSV FROM 'http://127.0.0.1:1/' AS l RETURN l",
      reason: 'load-csv',
    },
    {
      why: 'U+001C between LOAD and CSV',
      cypher: "LOAD\u001cCSV FROM 'file:///etc/passwd' AS l RETURN l",
      reason: 'load-csv',
    },
    {
      why: 'U+2028 between LOAD and CSV',
      cypher: "LOAD\u2028CSV FROM 'file:///etc/passwd' AS l RETURN l",
      reason: 'load-csv',
    },
    {
      why: 'U+3000 between LOAD and CSV',
      cypher: "LOAD\u3000CSV FROM 'file:///etc/passwd' AS l RETURN l",
      reason: 'load-csv',
    },
    {
      why: 'a CR ending a // comment',
      cypher: "RETURN 1 AS x // note\rUNION LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l AS x",
      reason: 'load-csv',
    },
    {
      why: 'full-width apostrophes around LOAD CSV',
      cypher: "RETURN ＇ AS x LOAD CSV FROM 'file:///etc/passwd' AS y RETURN ＇",
      reason: 'load-csv',
    },
    { why: 'U+001F inside SHOW USERS', cypher: 'SHOW\u001fUSERS', reason: 'administration' },
    {
      why: 'U+2029 after CALL',
      cypher: 'CALL\u2029dbms.components()',
      reason: 'procedure',
    },
  ];

  it.each(bypasses)(
    'when the console is sent $why, then the text wall itself refuses it with 403',
    async ({ cypher, reason }) => {
      const { status, body } = await query<
        ErrorBody & { error: { details?: { reason?: string } } }
      >(cypher);
      expect(status, JSON.stringify(body)).toBe(403);
      expect(body.error.details?.reason).toBe(reason);
    },
  );

  it('when the bypass attempts have been answered, then the database is unchanged', async () => {
    expect(await exportDatabase(db, { schema: true, system: true })).toBe(before);
  });
});
