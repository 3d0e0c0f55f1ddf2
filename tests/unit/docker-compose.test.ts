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
    expect(app.depends_on.neo4j.condition).toBe('service_healthy');
    expect(app.command).toContain('npm start');
  });
});
