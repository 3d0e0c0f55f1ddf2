import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { listen } from '../support/test-app.ts';

/**
 * The app with every service mounted. Nothing here reaches the database: the driver only
 * connects on a first query, and these tests only read the router and the document.
 */
const db = new Database({
  uri: 'bolt://127.0.0.1:9',
  user: 'neo4j',
  password: 'unused',
  database: undefined,
});
const logger = createLogger('silent');
const app = createApp({
  logger,
  health: new HealthService(db),
  ...createAnalystServices(db, { queryTimeoutMs: 1_000, queryRowCap: 10 }),
  seeds: new SeedService(db, { cypherDir: 'cypher', adminToken: undefined, logger }),
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: unknown;
}

/** `GET /api/nodes/{id}` for every route the Express app serves, found by walking its router. */
function servedRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = `${prefix}${layer.route.path}`.replace(/:(\w+)/g, '{$1}');
      return Object.keys(layer.route.methods).map((method) => `${method.toUpperCase()} ${path}`);
    }
    if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return servedRoutes(layer.handle.stack, `${prefix}${mount}`);
    }
    return [];
  });
}

let server: Awaited<ReturnType<typeof listen>>;
let served: { paths: Record<string, Record<string, unknown>> } & Record<string, unknown>;

beforeAll(async () => {
  server = await listen(app);
  served = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as typeof served;
});

afterAll(async () => {
  await server?.close();
  await db.close();
});

describe('the API contract', () => {
  it('when walking the Express router, then every served route is in the OpenAPI document, /api/seeds included', () => {
    const routes = servedRoutes((app as unknown as { router: { stack: Layer[] } }).router.stack);
    const documented = Object.entries(served.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toContain('GET /api/seeds');
    expect(routes).toContain('POST /api/seeds');
    expect(routes.length).toBeGreaterThanOrEqual(14);
    expect(routes.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('when the served document is validated as OpenAPI 3.1, then it is valid and every $ref resolves', async () => {
    expect(served.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(served) as never)).resolves.toBeTruthy();
    expect(JSON.stringify(served)).not.toContain('$defs');
  });

  it('when openapi-typescript generates types from it, then every path and the error body are typed', async () => {
    const types = astToString(await openapiTS(structuredClone(served) as never));
    for (const path of Object.keys(served.paths)) expect(types).toContain(`"${path}": {`);
    expect(types).toMatch(/ErrorResponse: \{\s+error: \{/);
    expect(types).toContain('"INVALID_REQUEST" | ');
    expect(types).toContain('components["schemas"]["JsonValue"]');
  });

  it('when a route takes a body, a rate limit or the admin token, then its errors say so', () => {
    const upload = served.paths['/api/seeds']?.post as {
      responses: Record<string, unknown>;
      security?: unknown;
      requestBody: { content: Record<string, unknown> };
    };
    expect(Object.keys(upload.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '413', '415', '429']),
    );
    expect(upload.security).toEqual([{ adminToken: [] }]);
    expect(Object.keys(upload.requestBody.content)).toEqual([
      'text/plain',
      'application/octet-stream',
    ]);
    const query = served.paths['/api/query']?.post as { responses: Record<string, unknown> };
    expect(Object.keys(query.responses)).toEqual(
      expect.arrayContaining(['200', '400', '403', '408', '413', '429', '503']),
    );
  });
});
