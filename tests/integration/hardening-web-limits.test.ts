import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createApp, type AppDeps } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { loadSeeds } from '../support/seed-fixture.ts';
import { listen } from '../support/test-app.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';

/**
 * Who may reach the API and how often: only configured host names (no DNS rebinding),
 * clients told apart behind a trusted proxy, a rate limit on every data route, wrong admin
 * tokens limited without ever locking out the right one, and a CSP that upgrades requests
 * to HTTPS only when served over HTTPS.
 */

const ADMIN_TOKEN = 'web-limits-admin-token-0123456789abcdef';

let db: Database;
let seedDir: string;
const servers: Awaited<ReturnType<typeof listen>>[] = [];

beforeAll(async () => {
  db = testDatabase();
  await resetDatabase(db);
  await loadSeeds(db);
  await db.autoCommit('CALL db.awaitIndexes(60)');
  seedDir = mkdtempSync(join(tmpdir(), 'entente-web-limits-'));
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await db?.close();
  if (seedDir) rmSync(seedDir, { recursive: true, force: true });
});

async function start(overrides: Partial<AppDeps> = {}): Promise<string> {
  const logger = createLogger('silent');
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

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with headers fetch will not send as given (Host). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const errorCode = (answer: RawAnswer) =>
  (JSON.parse(answer.body) as { error: { code: string } }).error.code;

describe('hardening: host names', () => {
  it('when a page on another domain re-points its name at this server, then the API answers 421 HOST_NOT_ALLOWED', async () => {
    const base = await start();
    const rebound = await raw(`${base}/api/search?q=belarus`, {
      headers: { host: 'attacker.example:3000' },
    });
    expect(rebound.status).toBe(421);
    expect(errorCode(rebound)).toBe('HOST_NOT_ALLOWED');
    expect(rebound.body).not.toContain('Belarus');
    const health = await raw(`${base}/api/health`, { headers: { host: 'attacker.example' } });
    expect(health.status).toBe(421);
  });

  it('when the request names a loopback host, then it is answered', async () => {
    const base = await start();
    const port = new URL(base).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
      expect((await raw(`${base}/api/health`, { headers: { host } })).status, host).toBe(200);
    }
  });

  it('when hosts are configured, then exactly those are answered; * answers any', async () => {
    const configured = await start({ allowedHosts: ['graph.example.org'] });
    const allowed = await raw(`${configured}/api/health`, {
      headers: { host: 'Graph.Example.org:443' },
    });
    expect(allowed.status).toBe(200);
    const other = await raw(`${configured}/api/health`, { headers: { host: 'localhost' } });
    expect(other.status).toBe(421);
    const any = await start({ allowedHosts: ['*'] });
    expect((await raw(`${any}/api/health`, { headers: { host: 'whatever.example' } })).status).toBe(
      200,
    );
  });
});

describe('hardening: CSP upgrade-insecure-requests', () => {
  const csp = (answer: RawAnswer) => String(answer.headers['content-security-policy'] ?? '');

  it('when served over plain HTTP, then the CSP does not ask the browser to upgrade requests', async () => {
    const base = await start();
    const answer = await raw(`${base}/api/health`);
    expect(csp(answer)).toContain("default-src 'self'");
    expect(csp(answer)).not.toContain('upgrade-insecure-requests');
  });

  it('when served over HTTPS through a trusted proxy, then the CSP upgrades requests', async () => {
    const base = await start({ trustProxy: 'loopback' });
    const answer = await raw(`${base}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(csp(answer)).toContain('upgrade-insecure-requests');
  });

  it('when an untrusted client claims HTTPS, then the claim is ignored', async () => {
    const base = await start();
    const answer = await raw(`${base}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(csp(answer)).not.toContain('upgrade-insecure-requests');
  });
});

describe('hardening: rate limits per client, on every data route', () => {
  const consoleAs = (base: string, client: string) =>
    raw(`${base}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ cypher: 'RETURN 1 AS one' }),
    });

  it('when behind a trusted proxy one client uses up its console limit, then other clients still get answers', async () => {
    const base = await start({ consoleRateLimit: 3, trustProxy: 'loopback' });
    for (let i = 0; i < 3; i += 1) expect((await consoleAs(base, '203.0.113.7')).status).toBe(200);
    expect((await consoleAs(base, '203.0.113.7')).status).toBe(429);
    expect((await consoleAs(base, '198.51.100.20')).status).toBe(200);
  });

  it('when no proxy is trusted, then a forged X-Forwarded-For does not earn a fresh limit', async () => {
    const base = await start({ consoleRateLimit: 3 });
    for (let i = 0; i < 3; i += 1) expect((await consoleAs(base, `192.0.2.${i}`)).status).toBe(200);
    expect((await consoleAs(base, '192.0.2.99')).status).toBe(429);
  });

  it.each([
    ['search', 'GET', '/api/search?q=belarus', undefined],
    ['paths', 'GET', '/api/paths?from=a&to=b', undefined],
    ['expand', 'POST', '/api/expand', { ids: ['missing'] }],
    ['subgraph', 'POST', '/api/subgraph', { ids: ['missing'] }],
    ['schema', 'GET', '/api/schema', undefined],
  ])(
    'when %s is asked more often than the data limit, then it answers 429 RATE_LIMITED',
    async (_name, method, path, body) => {
      const base = await start({ rateLimits: { data: 2 } });
      const ask = () =>
        raw(`${base}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      for (let i = 0; i < 2; i += 1) expect((await ask()).status).not.toBe(429);
      const limited = await ask();
      expect(limited.status).toBe(429);
      expect(errorCode(limited)).toBe('RATE_LIMITED');
    },
  );
});

describe('hardening: wrong admin tokens', () => {
  const upload = (base: string, token: string) =>
    raw(`${base}/api/seeds?name=check.cypher&dryRun=true`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: 'CREATE (:Checked);',
    });

  it('when a client keeps guessing tokens, then it is stopped with 429, and the right token still uploads', async () => {
    const base = await start({ rateLimits: { seedTokenFailures: 5 } });
    for (let i = 0; i < 5; i += 1) expect((await upload(base, `guess-${i}`)).status).toBe(401);
    const stopped = await upload(base, 'guess-again');
    expect(stopped.status).toBe(429);
    expect(errorCode(stopped)).toBe('RATE_LIMITED');
    expect((await upload(base, ADMIN_TOKEN)).status).toBe(200);
  });

  it('when 60 bad-token requests come first, then the real admin token is never locked out', async () => {
    const base = await start({ rateLimits: { seedTokenFailures: 1_000 } });
    for (let i = 0; i < 60; i += 1) await upload(base, `bad-token-${i}`);
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push((await upload(base, ADMIN_TOKEN)).status);
    expect(answers).toEqual([200, 200, 200]);
  });
});
