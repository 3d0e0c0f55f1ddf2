import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { AppError } from '../../server/errors.ts';
import { createApp, type AppDeps } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import type { Actor } from '../../server/services/investigation-access.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { capturedLog } from '../support/captured-log.ts';
import { loadSeeds } from '../support/seed-fixture.ts';
import { listen } from '../support/test-app.ts';
import { resetDatabase, testCredentials, testDatabase } from '../support/test-database.ts';

/**
 * Web security, server side: helmet headers with a CSP that forbids inline script, CORS
 * off unless configured, rate limits on the console and seed endpoints, body limits, and
 * an admin token that is compared in constant time and never logged.
 */

const ADMIN_TOKEN = 'hardening-web-admin-token-s3cr3t-0123456789';
const ALLOWED_ORIGIN = 'http://analysts.example.org';

let db: Database;
let seedDir: string;
const servers: Awaited<ReturnType<typeof listen>>[] = [];

beforeAll(async () => {
  db = testDatabase();
  await resetDatabase(db);
  await loadSeeds(db);
  seedDir = mkdtempSync(join(tmpdir(), 'entente-hardening-web-'));
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await db?.close();
  if (seedDir) rmSync(seedDir, { recursive: true, force: true });
});

/** A fully wired app; each has its own rate-limit counters. */
async function start(overrides: Partial<AppDeps> = {}): Promise<string> {
  const logger = overrides.logger ?? createLogger('silent');
  const server = await listen(
    createApp({
      logger,
      health: new HealthService(db),
      ...createAnalystServices(db, { queryTimeoutMs: 5_000, queryRowCap: 50, logger }),
      seeds: new SeedService(db, { cypherDir: seedDir, adminToken: ADMIN_TOKEN, logger }),
      ...overrides,
    }),
  );
  servers.push(server);
  return server.url;
}

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(15_000),
  });

/** The CSP's directives by name. */
function cspDirectives(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

describe('hardening: security headers', () => {
  let base: string;
  beforeAll(async () => {
    base = await start();
  });

  it('when any API answer is sent — success, 400, 404 or 413 — then it carries helmet headers and a CSP without inline or eval script', async () => {
    const answers = [
      await get(`${base}/api/health`),
      await get(`${base}/api/search?q=iran`),
      await get(`${base}/api/search?limit=-1`),
      await get(`${base}/api/no-such-thing`),
      await post(`${base}/api/query`, JSON.stringify({ cypher: 'x'.repeat(1_100_000) })),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400, 404, 413]);
    for (const answer of answers) {
      const csp = cspDirectives(answer.headers.get('content-security-policy'));
      const scriptSrc = csp.get('script-src') ?? csp.get('default-src') ?? [];
      expect(scriptSrc).toContain("'self'");
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(scriptSrc).not.toContain('*');
      expect(csp.get('script-src-attr')).toEqual(["'none'"]);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(answer.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(answer.headers.get('x-powered-by')).toBeNull();
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });
});

describe('hardening: CORS', () => {
  it('when no origin is configured, then no response carries CORS headers, for simple requests or preflights', async () => {
    const base = await start();
    const simple = await get(`${base}/api/search?q=iran`, { origin: 'http://evil.example' });
    expect(simple.status).toBe(200);
    const preflight = await fetch(`${base}/api/query`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    for (const answer of [simple, preflight]) {
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      expect(answer.headers.get('access-control-allow-methods')).toBeNull();
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('when an origin is configured, then that origin (and only it) is allowed, preflights included', async () => {
    const base = await start({ corsOrigin: ALLOWED_ORIGIN });
    const allowed = await get(`${base}/api/search?q=iran`, { origin: ALLOWED_ORIGIN });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    const preflight = await fetch(`${base}/api/query`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);

    for (const origin of ['http://evil.example', `${ALLOWED_ORIGIN}.evil.example`, 'null']) {
      const other = await get(`${base}/api/search?q=iran`, { origin });
      expect(other.headers.get('access-control-allow-origin'), origin).toBeNull();
      const otherPreflight = await fetch(`${base}/api/query`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      expect(otherPreflight.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });
});

describe('hardening: rate limits', () => {
  it('when the console is asked more often than its limit, then it answers 429 RATE_LIMITED in the error shape, for raw and saved queries alike, while search still works', async () => {
    const base = await start({ consoleRateLimit: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (await post(`${base}/api/query`, JSON.stringify({ cypher: 'RETURN 1' }))).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await post(`${base}/api/query`, JSON.stringify({ cypher: 'RETURN 1' }));
    expect(limited.status).toBe(429);
    expect(
      limited.headers.get('ratelimit-policy') ?? limited.headers.get('ratelimit'),
    ).toBeTruthy();
    const body = (await limited.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('RATE_LIMITED');
    expect(body.error.message).toMatch(/at most 5 a minute/);
    const saved = await post(`${base}/api/queries/who-backs/run`, JSON.stringify({}));
    expect(saved.status).toBe(429);
    expect((await get(`${base}/api/search?q=iran`)).status).toBe(200);
  });

  it('when the seed endpoints are asked more than 60 times a minute, then they answer 429 RATE_LIMITED, except to the right admin token', async () => {
    const base = await start();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i += 1) statuses.push((await get(`${base}/api/seeds`)).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const listing = await get(`${base}/api/seeds`);
    expect(listing.status).toBe(429);
    const upload = await fetch(`${base}/api/seeds?name=late.cypher&dryRun=true`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: 'CREATE (:Late);',
    });
    expect(upload.status).toBe(200);
    const guess = await fetch(`${base}/api/seeds?name=late.cypher&dryRun=true`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: 'Bearer not-the-admin-token-at-all' },
      body: 'CREATE (:Late);',
    });
    expect(guess.status).toBe(429);
    expect(((await guess.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
  });
});

describe('hardening: body limits', () => {
  it('when a JSON body is over 1 MB or a seed upload over 10 MB, then the answer is 413 PAYLOAD_TOO_LARGE and nothing is written', async () => {
    const base = await start();
    const json = await post(`${base}/api/expand`, JSON.stringify({ ids: ['x'.repeat(1_100_000)] }));
    expect(json.status).toBe(413);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    const seed = await fetch(`${base}/api/seeds?name=too-big.cypher`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: `CREATE (:TooBig {text: '${'x'.repeat(10 * 2 ** 20 + 1)}'});`,
    });
    expect(seed.status).toBe(413);
    const written = await db.readQuery('MATCH (n:TooBig) RETURN count(n) AS n');
    expect(Number(written.records[0]?.get('n'))).toBe(0);
  });
});

describe('hardening: the admin token', () => {
  it('when wrong tokens of every length are presented, then each is refused with 401 (fixed-length digests are compared, so no length leaks and nothing throws)', () => {
    const seeds = new SeedService(db, { cypherDir: seedDir, adminToken: ADMIN_TOKEN });
    const wrong = [
      '',
      'x',
      ADMIN_TOKEN.slice(0, -1),
      `${ADMIN_TOKEN}x`,
      ADMIN_TOKEN.toUpperCase(),
      'y'.repeat(10_000),
      `${ADMIN_TOKEN}\u0000`,
      'ü'.repeat(ADMIN_TOKEN.length),
    ];
    for (const token of wrong) {
      let refused: unknown;
      try {
        seeds.authorizeUpload(token);
      } catch (error) {
        refused = error;
      }
      expect(refused, JSON.stringify(token.slice(0, 20))).toBeInstanceOf(AppError);
      expect((refused as AppError).status).toBe(401);
    }
    expect(() => seeds.authorizeUpload(ADMIN_TOKEN)).not.toThrow();
  });

  it('when uploads succeed, fail, are refused or are too big, then the token never appears in the logs, even at trace level', async () => {
    // No redaction configured: the token must never be handed to the logger at all.
    const { logger, lines } = capturedLog();
    const base = await start({ logger });
    const upload = (name: string, body: string, authorization: string) =>
      fetch(`${base}/api/seeds?name=${name}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization },
        body,
      });

    const statuses = [
      (await upload('logged.cypher', "CREATE (:Logged {name: 'ok'});", `Bearer ${ADMIN_TOKEN}`))
        .status,
      (await upload('logged-bad.cypher', 'CREATE (:Logged', `Bearer ${ADMIN_TOKEN}`)).status,
      (
        await upload(
          'logged.cypher',
          "CREATE (:Logged {name: 'changed'});",
          `bearer ${ADMIN_TOKEN}`,
        )
      ).status,
      (await upload('logged-wrong.cypher', 'CREATE (:Logged);', `Bearer ${ADMIN_TOKEN}-wrong`))
        .status,
      (await upload('logged-basic.cypher', 'CREATE (:Logged);', `Basic ${ADMIN_TOKEN}`)).status,
      (
        await upload(
          'logged-huge.cypher',
          `RETURN '${'x'.repeat(10 * 2 ** 20 + 1)}';`,
          `Bearer ${ADMIN_TOKEN}`,
        )
      ).status,
      (await get(`${base}/api/seeds`, { authorization: `Bearer ${ADMIN_TOKEN}` })).status,
      (
        await post(`${base}/api/query`, JSON.stringify({ cypher: 'RETURN 1' }), {
          authorization: `Bearer ${ADMIN_TOKEN}`,
        })
      ).status,
    ];
    expect(statuses).toEqual([200, 400, 409, 401, 401, 413, 200, 200]);

    const log = lines.join('');
    // The logger did record the uploads, so the absence of the token means something.
    expect(log).toMatch(/seed file uploaded and applied/);
    expect(log).not.toContain(ADMIN_TOKEN);
    expect(log).not.toContain(ADMIN_TOKEN.slice(0, 16));
  });
});

describe('hardening: read-only link tokens', () => {
  it('when a published link fails on the server, then the log names the route and never the token', async () => {
    // No redaction configured: the token must never be handed to the logger at all.
    const { logger, lines } = capturedLog();
    const owner: Actor = { kind: 'user', username: 'ali', role: 'analyst' };
    const { investigations } = createAnalystServices(db, {
      queryTimeoutMs: 5_000,
      queryRowCap: 50,
    });
    const saved = await investigations.investigations.create(
      { title: 'Published, then the database fails', scene: { nodes: [], edges: [], filters: {} } },
      owner,
    );
    const { token } = await investigations.sharing.publish(saved.id, owner);

    // The real Neo4j refusing the app's credentials, and no database at all: both 503.
    const refused = new Database({
      ...testCredentials(),
      user: 'not-a-neo4j-user',
      password: 'not-its-password',
      database: undefined,
    });
    const unreachable = new Database({
      uri: 'bolt://127.0.0.1:1',
      user: 'neo4j',
      password: 'unused',
      database: undefined,
    });
    const statuses: number[] = [];
    try {
      for (const broken of [refused, unreachable]) {
        const base = await start({
          logger,
          health: new HealthService(broken),
          ...createAnalystServices(broken, { queryTimeoutMs: 5_000, queryRowCap: 50, logger }),
        });
        for (const path of [
          `/api/published/${token}`,
          `/api/published/${token}/report?format=md`,
          `/API/Published/${token}`,
        ]) {
          statuses.push((await get(`${base}${path}`)).status);
        }
      }
    } finally {
      await refused.close();
      await unreachable.close();
    }
    expect(statuses).toEqual([503, 503, 503, 503, 503, 503]);

    const log = lines.join('');
    expect(log).toContain('"path":"/api/published/[redacted]"');
    expect(log).toContain('"path":"/api/published/[redacted]/report"');
    expect(log).toContain('"path":"/API/Published/[redacted]"');
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.slice(0, 16));
  });
});
