import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const compose = parse(readFileSync('docker-compose.yml', 'utf8'));

describe('docker-compose.yml', () => {
  it('runs Neo4j 5.26 Community with a healthcheck, a named volume and auth from the environment', () => {
    const neo4j = compose.services.neo4j;
    expect(neo4j.image).toBe('neo4j:5.26-community');
    expect(neo4j.environment.NEO4J_AUTH).toMatch(/^neo4j\/\$\{NEO4J_PASSWORD/);
    expect(neo4j.healthcheck.test.join(' ')).toContain('cypher-shell');
    expect(neo4j.volumes).toContain('neo4j-data:/data');
    expect(Object.keys(compose.volumes)).toContain('neo4j-data');
    expect(neo4j.ports).toEqual(['127.0.0.1:7687:7687']);
  });

  it('runs the app against that Neo4j once it is healthy, on port 3000', () => {
    const app = compose.services.app;
    expect(app.environment.NEO4J_URI).toBe('neo4j://neo4j:7687');
    expect(app.environment.NEO4J_PASSWORD).toMatch(/NEO4J_PASSWORD/);
    expect(app.ports).toEqual(['127.0.0.1:3000:3000']);
    // Listening on 0.0.0.0 in the container needs a sign-in mode, or the app refuses to start.
    expect(app.environment.HOST).toBe('0.0.0.0');
    expect(app.environment.ENTENTE_AUTH).toBe('${ENTENTE_AUTH:-off}');
    expect(app.depends_on.neo4j.condition).toBe('service_healthy');
  });

  it('when started without any variable, then both services agree on a documented default password', () => {
    const fallback = (value: string) => /\$\{NEO4J_PASSWORD:-([^}]+)\}/.exec(value)?.[1];
    const neo4jPassword = fallback(compose.services.neo4j.environment.NEO4J_AUTH);
    const appPassword = fallback(compose.services.app.environment.NEO4J_PASSWORD);
    expect(neo4jPassword).toBeDefined();
    // Neo4j 5 refuses passwords shorter than 8 characters.
    expect(neo4jPassword!.length).toBeGreaterThanOrEqual(8);
    expect(appPassword).toBe(neo4jPassword);
    const example = readFileSync('.env.example', 'utf8');
    expect(example).toContain(`NEO4J_PASSWORD=${neo4jPassword}`);
  });

  it('runs the app from the image the Dockerfile builds, not from sources installed at every boot', () => {
    const app = compose.services.app;
    expect(app.build).toEqual({ context: '.', dockerfile: 'server/Dockerfile' });
    expect(app.command).toBeUndefined();
    expect(app.volumes).toBeUndefined();
  });
});

describe('Dockerfile', () => {
  const stages = readFileSync('server/Dockerfile', 'utf8')
    .split(/^FROM /m)
    .slice(1);
  const runtime = stages.at(-1) ?? '';

  it('builds in one stage and runs compiled JavaScript with production dependencies only in the last', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toContain('node server/build.mjs');
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime).toContain('COPY --from=build /app/client/dist ./client/dist');
    expect(runtime).toMatch(/CMD \["node", "dist\/main\.js"\]/);
    expect(runtime).not.toMatch(/tsx|npm start/);
    expect(runtime).toMatch(/^USER node$/m);
  });

  it('when Neo4j runs in compose, then one query can use at most a quarter of its heap and all at most half', () => {
    const env = compose.services.neo4j.environment;
    const mebibytes = (size: string) => Number.parseInt(size, 10) * (size.endsWith('g') ? 1024 : 1);
    const heap = mebibytes(env.NEO4J_server_memory_heap_max__size);
    expect(mebibytes(env.NEO4J_db_memory_transaction_max)).toBe(heap / 4);
    expect(mebibytes(env.NEO4J_dbms_memory_transaction_total_max)).toBe(heap / 2);
    expect(env.NEO4J_db_transaction_timeout).toMatch(/^\d+s$/);
  });

  it('when the app runs in compose on 0.0.0.0, then it answers only for the names it is published under', () => {
    expect(compose.services.app.environment.ENTENTE_ALLOWED_HOSTS).toBe('localhost,127.0.0.1');
  });
});
