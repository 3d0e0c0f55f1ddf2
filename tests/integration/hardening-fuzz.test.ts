import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { loadSeeds } from '../support/seed-fixture.ts';
import { listen } from '../support/test-app.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';

/**
 * Property-based fuzzing of every endpoint: whatever arrives — malformed JSON, huge or
 * binary bodies, NUL bytes, invalid UTF-8, absurd limits, unknown fields, wrong types —
 * the answer is a JSON error in the API's shape (or a normal answer), never a 500 and
 * never a stack trace, and the server is healthy afterwards.
 */

const ADMIN_TOKEN = 'hardening-fuzz-admin-token-0123456789';
const RUNS = 120;
const logger = createLogger('silent');

let db: Database;
let seedDir: string;
let server: Awaited<ReturnType<typeof listen>>;
let stateId: string;
const extraServers: Awaited<ReturnType<typeof listen>>[] = [];

/** The full app as server/main.ts wires it; each instance has its own rate-limit counters. */
function buildApp() {
  const services = createAnalystServices(db, { queryTimeoutMs: 3_000, queryRowCap: 50 });
  return createApp({
    logger,
    health: new HealthService(db),
    ...services,
    seeds: new SeedService(db, { cypherDir: seedDir, adminToken: ADMIN_TOKEN, logger }),
    consoleRateLimit: 1_000_000,
    rateLimits: { data: 1_000_000, seedTokenFailures: 1_000_000 },
  });
}

beforeAll(async () => {
  db = testDatabase();
  await resetDatabase(db);
  await loadSeeds(db);
  seedDir = mkdtempSync(join(tmpdir(), 'entente-fuzz-seeds-'));
  server = await listen(buildApp());
  const found = await db.readQuery(
    "MATCH (n:State {name: 'Iran'}) RETURN elementId(n) AS id LIMIT 1",
  );
  stateId = String(found.records[0]?.get('id'));
});

afterAll(async () => {
  for (const extra of extraServers) await extra.close();
  await server?.close();
  await db?.close();
  if (seedDir) rmSync(seedDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function send(
  method: 'GET' | 'POST',
  path: string,
  options: {
    body?: string | Uint8Array;
    contentType?: string;
    headers?: Record<string, string>;
  } = {},
  base = server.url,
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    // A copy typed as a plain ArrayBuffer view, which fetch's body type asks for.
    body:
      typeof options.body === 'string'
        ? options.body
        : options.body && new Uint8Array(options.body),
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

const postJson = (path: string, body: string | Uint8Array, base = server.url) =>
  send('POST', path, { body, contentType: 'application/json' }, base);

/** Signs of a leaked stack trace or server-side file path. */
function leaks(text: string): string | undefined {
  if (/\n\s+at .+/.test(text) || /\s{4}at [\w.<>]+ \(/.test(text)) return 'a stack trace';
  if (text.includes(process.cwd())) return 'a server path';
  if (/node_modules|file:\/\/\/.*\.ts|\/server\/[\w/-]+\.ts/.test(text)) return 'a source path';
  return undefined;
}

/** Any status but 5xx; a JSON body; errors in the API's shape; nothing leaked. */
function expectNoServerError(answer: Answer, what: string): void {
  const context = `${what} → ${answer.status} ${answer.text.slice(0, 400)}`;
  expect(answer.status, context).toBeLessThan(500);
  expect(answer.contentType, context).toMatch(/^application\/json/);
  expect(leaks(answer.text), context).toBeUndefined();
  const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
  if (answer.status >= 400) {
    expect(body.error?.code, context).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(typeof body.error?.message, context).toBe('string');
  }
}

/** A 4xx error in the API's shape. */
function expectClientError(answer: Answer, what: string, status?: number): void {
  expectNoServerError(answer, what);
  const context = `${what} → ${answer.status} ${answer.text.slice(0, 400)}`;
  if (status !== undefined) expect(answer.status, context).toBe(status);
  expect(answer.status, context).toBeGreaterThanOrEqual(400);
}

/** Every byte percent-encoded, so any byte sequence (invalid UTF-8 too) reaches the server. */
const percentBytes = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
const percentText = (text: string) => percentBytes(Buffer.from(text, 'utf8'));

const queryString = (fields: Record<string, string | undefined>) =>
  Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${percentText(key)}=${percentText(value)}`)
    .join('&');

// ---- arbitraries -------------------------------------------------------------------------

/** Any string: every code point, lone surrogates, NUL and control characters included. */
const anyText = (maxLength = 300) => fc.string({ unit: 'binary', maxLength });

/** Numbers as a query string carries them: huge, negative, fractional, not numbers at all. */
const limitText = fc.oneof(
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map(String),
  fc.double().map(String),
  fc.constantFrom(
    '-1',
    '0',
    '1e400',
    '-0',
    'NaN',
    'Infinity',
    '0x10',
    '1.5',
    '',
    ' ',
    '9'.repeat(400),
  ),
  anyText(20),
);

/** Numbers as a JSON body carries them. */
const limitValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 53, 100_001),
  fc.string({ maxLength: 10 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
);

/** Ids that are not a node's: random text, look-alike element ids, path tricks. */
const weirdId = fc.oneof(
  anyText(300).filter((s) => s.length > 0),
  fc.constantFrom(
    '4:00000000-0000-0000-0000-000000000000:0',
    '4:x:-1',
    '4:x:99999999999999999999999',
    '..',
    '../../etc/passwd',
    "' OR 1=1 //",
    '`)-[r]-() DETACH DELETE r //',
    '%00',
    'a'.repeat(257),
    '\u0000',
    '\uFEFF',
  ),
);

/** Bodies that are not valid JSON objects: truncated, raw text, binary, NUL, bad UTF-8. */
const malformedBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.json().map((json) => json.slice(0, Math.max(0, json.length - 1)) || '{'),
  fc.json().filter((json) => !json.startsWith('{') && !json.startsWith('[')),
  anyText(500),
  fc.uint8Array({ maxLength: 500 }),
  fc.constantFrom<string | Uint8Array>(
    '',
    '{',
    '{"cypher":',
    '{"a":1,}',
    "{'single': 'quotes'}",
    '{"a": NaN}',
    '{"a": undefined}',
    '\u0000{}',
    '{}\u0000',
    'null',
    'true',
    '"just a string"',
    Buffer.from([0x7b, 0x22, 0x63, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), // {"c\xff\xfe":1}
    Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), // invalid 2-byte sequence
    Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), // BOM then {}
    Buffer.from([0xfe, 0xff, 0x00, 0x7b, 0x00, 0x7d]), // UTF-16 BE
  ),
);

/** JSON objects with arbitrary fields and values: wrong types, unknown keys. */
const randomObject = fc.dictionary(
  fc.oneof(fc.constantFrom('cypher', 'params', 'limit', 'ids', 'types', 'direction'), anyText(20)),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 6 },
);

/** A POST body: malformed, a random object, or a JSON object shaped like `shaped`. */
const postBody = <T>(shaped: fc.Arbitrary<T>): fc.Arbitrary<string | Uint8Array> =>
  fc.oneof(
    malformedBody,
    randomObject.map((o) => JSON.stringify(o)),
    shaped.map((o) => JSON.stringify(o)),
  );

const property = <T>(arb: fc.Arbitrary<T>, check: (value: T) => Promise<void>, numRuns = RUNS) =>
  fc.assert(fc.asyncProperty(arb, check), { numRuns, endOnFailure: true });

// ---- the properties ----------------------------------------------------------------------

describe('hardening: every endpoint answers any input without a 500 or a stack trace', () => {
  it('when GET /api/search gets random q, labels, limits and unknown fields, then it answers 200 or a 4xx JSON error', async () => {
    await property(
      fc.record(
        {
          q: anyText(300),
          labels: anyText(50),
          limit: limitText,
          extra: anyText(10),
        },
        { requiredKeys: [] },
      ),
      async (fields) => {
        const answer = await send('GET', `/api/search?${queryString(fields)}`);
        expectNoServerError(answer, `search ${JSON.stringify(fields)}`);
        if (fields.extra !== undefined || fields.q === undefined) {
          expect(answer.status).toBe(400);
        }
      },
    );
  });

  it('when GET /api/search gets a limit outside 1–100, then it answers 400 INVALID_REQUEST naming limit', async () => {
    await property(
      fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 101 }), fc.constantFrom(1e21, -1e21)),
      async (limit) => {
        const answer = await send('GET', `/api/search?q=iran&limit=${limit}`);
        expectClientError(answer, `limit ${limit}`, 400);
        expect(JSON.parse(answer.text).error.message).toMatch(/^limit:/);
      },
      60,
    );
  });

  it('when GET /api/nodes/:id and /neighbors get weird or invalid-UTF-8 ids, then they answer a 4xx JSON error', async () => {
    await property(
      fc.oneof(
        weirdId.map(percentText),
        fc.uint8Array({ minLength: 1, maxLength: 60 }).map(percentBytes),
      ),
      async (encodedId) => {
        const details = await send('GET', `/api/nodes/${encodedId}`);
        expectClientError(details, `node ${encodedId}`);
        const neighbours = await send('GET', `/api/nodes/${encodedId}/neighbors`);
        expectClientError(neighbours, `neighbours ${encodedId}`);
        // A path that is not UTF-8 is named as such, not blamed on the body.
        expect(JSON.parse(details.text).error.code).toMatch(
          /^(NOT_FOUND|INVALID_REQUEST|INVALID_PATH)$/,
        );
      },
    );
  });

  it('when GET /api/nodes/:id/neighbors gets random types, directions, limits and cursors, then it answers 200 or a 4xx JSON error', async () => {
    await property(
      fc.record(
        {
          types: anyText(80),
          direction: fc.oneof(fc.constantFrom('in', 'out', 'both', 'IN', 'sideways'), anyText(10)),
          limit: limitText,
          cursor: fc.oneof(
            anyText(100),
            fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
            fc
              .record({ o: fc.oneof(fc.integer(), fc.double(), fc.string()), f: fc.string() })
              .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
          ),
          bogus: anyText(10),
        },
        { requiredKeys: [] },
      ),
      async (fields) => {
        const answer = await send(
          'GET',
          `/api/nodes/${encodeURIComponent(stateId)}/neighbors?${queryString(fields)}`,
        );
        expectNoServerError(answer, `neighbours ${JSON.stringify(fields)}`);
        if (fields.bogus !== undefined || fields.cursor !== undefined) {
          expect(answer.status).toBeGreaterThanOrEqual(400);
        }
      },
    );
  });

  it('when POST /api/expand gets malformed, binary or wrongly typed bodies, then it answers a 4xx JSON error', async () => {
    await property(
      postBody(
        fc.record({
          ids: fc.oneof(
            fc.array(weirdId, { maxLength: 5 }),
            fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 }),
            fc.constant([]),
            fc.array(fc.constant(stateId), { minLength: 101, maxLength: 120 }),
          ),
          limit: limitValue,
          direction: fc.jsonValue({ maxDepth: 1 }),
        }),
      ),
      async (body) => {
        const answer = await postJson('/api/expand', body);
        expectNoServerError(answer, `expand ${String(body).slice(0, 200)}`);
        // Weird ids that pass validation are simply unknown: an empty expansion is fine.
        if (answer.status === 200)
          expect(JSON.parse(answer.text).nodes ?? []).toBeInstanceOf(Array);
      },
    );
  });

  it('when POST /api/subgraph gets malformed, binary or wrongly typed bodies, then it answers 200 or a 4xx JSON error', async () => {
    await property(
      postBody(
        fc.record({
          ids: fc.oneof(
            fc.array(fc.oneof(weirdId, fc.constant(stateId)), { maxLength: 5 }),
            fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 }),
            fc.constant([]),
          ),
          touching: fc.oneof(fc.array(weirdId, { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
        }),
      ),
      async (body) => {
        const answer = await postJson('/api/subgraph', body);
        expectNoServerError(answer, `subgraph ${String(body).slice(0, 200)}`);
        if (answer.status === 200) {
          const payload = JSON.parse(answer.text);
          expect(payload.nodes).toBeInstanceOf(Array);
          expect(payload.edges).toBeInstanceOf(Array);
        }
      },
    );
  });

  it('when GET /api/paths gets random ends, hops, types and limits, then it answers 200 or a 4xx JSON error', async () => {
    await property(
      fc.record(
        {
          from: fc.oneof(weirdId, fc.constant(stateId)),
          to: fc.oneof(weirdId, fc.constant(stateId)),
          maxHops: limitText,
          types: anyText(60),
          limit: limitText,
          junk: anyText(5),
        },
        { requiredKeys: [] },
      ),
      async (fields) => {
        const answer = await send('GET', `/api/paths?${queryString(fields)}`);
        expectNoServerError(answer, `paths ${JSON.stringify(fields)}`);
        if (fields.from === undefined || fields.to === undefined || fields.junk !== undefined) {
          expect(answer.status).toBe(400);
        }
      },
    );
  });

  it('when POST /api/query gets malformed bodies, random Cypher, random params and limits, then it answers 200 or a 4xx JSON error', async () => {
    await property(
      postBody(
        fc.record(
          {
            cypher: fc.oneof(
              anyText(200),
              fc.constantFrom('RETURN $x AS x', 'MATCH (n) RETURN n LIMIT $limit', 'RETURN 1'),
            ),
            params: fc.oneof(
              fc.dictionary(anyText(20), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 5 }),
              fc.jsonValue({ maxDepth: 2 }),
            ),
            limit: limitValue,
          },
          { requiredKeys: ['cypher'] },
        ),
      ),
      async (body) => {
        const answer = await postJson('/api/query', body);
        expectNoServerError(answer, `query ${String(body).slice(0, 200)}`);
      },
    );
  });

  it('when POST /api/queries/:name/run gets random names, bodies and parameters, then it answers 200 or a 4xx JSON error', async () => {
    await property(
      fc.record({
        name: fc.oneof(
          fc.constantFrom('who-backs', 'what-links', 'claims-by', 'events-in-period', 'nope'),
          weirdId,
        ),
        body: fc.oneof(
          malformedBody,
          fc
            .record(
              {
                params: fc.dictionary(
                  fc.oneof(
                    fc.constantFrom('state', 'from', 'to', 'name', 'since', 'until'),
                    anyText(10),
                  ),
                  fc.jsonValue({ maxDepth: 2 }),
                  { maxKeys: 4 },
                ),
                limit: limitValue,
                other: fc.jsonValue({ maxDepth: 1 }),
              },
              { requiredKeys: [] },
            )
            .map((o) => JSON.stringify(o)),
        ),
      }),
      async ({ name, body }) => {
        const answer = await postJson(`/api/queries/${percentText(name)}/run`, body);
        expectNoServerError(answer, `saved ${name} ${String(body).slice(0, 200)}`);
      },
    );
  });

  it('when GET /api/schema, /api/queries, /api/openapi.json and /api/seeds get unknown query fields, then they answer 200 or a 4xx JSON error', async () => {
    await property(
      fc.record({
        path: fc.constantFrom(
          '/api/schema',
          '/api/queries',
          '/api/openapi.json',
          '/api/seeds',
          '/api/health',
        ),
        fields: fc.dictionary(anyText(20), anyText(40), { maxKeys: 3 }),
      }),
      async ({ path, fields }) => {
        const answer = await send('GET', `${path}?${queryString(fields)}`);
        expectNoServerError(answer, `${path} ${JSON.stringify(fields)}`);
        if (path === '/api/schema' && Object.keys(fields).length > 0) {
          expect(answer.status).toBe(400);
        }
      },
      60,
    );
  });

  it('when POST /api/seeds gets random names and bodies without a valid token, then it answers 401 and never reads the body', async () => {
    // The seed endpoints allow 60 requests a minute per client: a fresh app for this property.
    const own = await listen(buildApp());
    extraServers.push(own);
    await property(
      fc.record({
        name: anyText(40),
        body: fc.oneof(anyText(200), fc.uint8Array({ maxLength: 200 })),
        auth: fc.oneof(
          fc.constant(undefined),
          fc.constantFrom(
            'Bearer',
            'Bearer ',
            'Basic abc',
            `Bearer ${ADMIN_TOKEN}x`,
            `bearer  ${ADMIN_TOKEN.slice(1)}`,
          ),
          anyText(40).map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, 'x')}`),
        ),
      }),
      async ({ name, body, auth }) => {
        const answer = await send(
          'POST',
          `/api/seeds?name=${percentText(name)}&dryRun=true`,
          { body, contentType: 'text/plain', headers: auth ? { authorization: auth } : {} },
          own.url,
        );
        expectClientError(answer, `seeds ${auth} ${name}`, 401);
      },
      50,
    );
    // The token is checked before the body is read: even an oversized body gets 401, not 413.
    const oversized = await send(
      'POST',
      '/api/seeds?name=big.cypher',
      { body: 'x'.repeat(11 * 2 ** 20), contentType: 'text/plain' },
      own.url,
    );
    expectClientError(oversized, 'oversized seed without a token', 401);
  });

  it('when POST /api/seeds gets random text, binary and odd query fields with the admin token as a dry run, then it answers 200 or a 4xx JSON error and writes nothing', async () => {
    const fuzzFootprint = async () => {
      const found = await db.readQuery(
        'MATCH (n) WHERE n:Fuzz OR n:__SeedFile RETURN n.name AS name ORDER BY name',
      );
      return found.records.map((r) => r.get('name') as unknown);
    };
    const before = await fuzzFootprint();
    const own = await listen(buildApp());
    extraServers.push(own);
    await property(
      fc.record({
        name: fc.oneof(fc.constant('fuzz.cypher'), anyText(30)),
        dryRun: fc.oneof(fc.constant('true'), anyText(6)),
        contentType: fc.constantFrom(
          'text/plain',
          'application/octet-stream',
          'application/json',
          'image/png',
        ),
        body: fc.oneof(
          anyText(400),
          fc.uint8Array({ maxLength: 400 }),
          fc.constantFrom('CREATE (:Fuzz {x: 1})', 'MATCH (n) RETURN n', ':begin\nCREATE (:Fuzz);'),
        ),
      }),
      async ({ name, dryRun, contentType, body }) => {
        const answer = await send(
          'POST',
          `/api/seeds?name=${percentText(name)}&dryRun=${percentText(dryRun)}`,
          { body, contentType, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
          own.url,
        );
        expectNoServerError(answer, `seeds ${contentType} ${name} ${dryRun}`);
        if (dryRun !== 'true') expect(answer.status).toBeGreaterThanOrEqual(400);
      },
      50,
    );
    // Dry runs write nothing: not one node of the fuzzed files, not one ledger entry.
    expect(await fuzzFootprint()).toEqual(before);
  });
});

describe('hardening: bodies that are too big or too deep', () => {
  const megabyteAndMore = JSON.stringify({ cypher: `RETURN '${'x'.repeat(1_100_000)}'` });

  it.each(['/api/query', '/api/expand', '/api/subgraph', '/api/queries/who-backs/run'])(
    'when %s gets a JSON body over 1 MB, then it answers 413 PAYLOAD_TOO_LARGE',
    async (path) => {
      const answer = await postJson(path, megabyteAndMore);
      expectClientError(answer, path, 413);
      expect(JSON.parse(answer.text).error.code).toBe('PAYLOAD_TOO_LARGE');
    },
  );

  it('when POST /api/seeds gets a file over its 10 MB limit, then it answers 413 PAYLOAD_TOO_LARGE and nothing is written', async () => {
    const own = await listen(buildApp());
    extraServers.push(own);
    const huge = 'CREATE (:Huge {x: 1});\n'.repeat(Math.ceil((11 * 2 ** 20) / 23));
    const answer = await send(
      'POST',
      '/api/seeds?name=huge.cypher',
      {
        body: huge,
        contentType: 'text/plain',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      },
      own.url,
    );
    expectClientError(answer, 'huge seed', 413);
    const count = await db.readQuery('MATCH (n:Huge) RETURN count(n) AS n');
    expect(Number(count.records[0]?.get('n'))).toBe(0);
  });

  it('when JSON is nested tens of thousands deep, in the body or in params, then it answers a 4xx JSON error', async () => {
    for (const depth of [1_000, 10_000, 100_000]) {
      const nested = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
      const cases = [
        ['/api/query', `{"cypher":"RETURN $p AS p","params":{"p":${nested}}}`],
        ['/api/query', nested],
        ['/api/expand', `{"ids":${nested}}`],
        ['/api/queries/who-backs/run', `{"params":{"state":${nested}}}`],
      ] as const;
      for (const [path, body] of cases) {
        const answer = await postJson(path, body);
        expectNoServerError(answer, `${path} nested ${depth}`);
        if (depth >= 10_000)
          expect(answer.status, `${path} nested ${depth}`).toBeGreaterThanOrEqual(400);
      }
    }
  });

  it('when a console parameter holds a NUL byte, a lone surrogate or a 500 kB string, then it answers 200 or a 4xx JSON error', async () => {
    for (const value of [
      'a\u0000b',
      '\ud800',
      '\udfff\ud800',
      'x'.repeat(500_000),
      '\u202e\u0000',
    ]) {
      const answer = await postJson(
        '/api/query',
        JSON.stringify({ cypher: 'RETURN size($v) AS n', params: { v: value } }),
      );
      expectNoServerError(answer, `param ${JSON.stringify(value.slice(0, 10))}`);
    }
  });
});

describe('hardening: after the fuzzing', () => {
  it('when every hostile request has been answered, then GET /api/health still answers 200 and a search still finds Iran', async () => {
    const health = await send('GET', '/api/health');
    expect(health.status).toBe(200);
    const search = await send('GET', '/api/search?q=iran');
    expect(search.status).toBe(200);
    expect(JSON.parse(search.text).results.map((r: { caption: string }) => r.caption)).toContain(
      'Iran',
    );
  });
});
