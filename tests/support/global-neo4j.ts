import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedNeo4j } from '../../server/neo4j/launcher.ts';

/**
 * Provides ONE real Neo4j per test run, from the first provider that applies:
 * NEO4J_TEST_URI, then testcontainers when a container runtime is found, then the
 * embedded launcher on a free port with a throwaway data directory.
 * Workers inherit the connection through ENTENTE_TEST_NEO4J_* variables.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const projects = project.vitest.projects.map((p) => p.name);
  const needsDatabase = projects.some((name) => name === 'integration' || name === 'e2e');
  if (!needsDatabase) return async () => {};

  if (process.env.NEO4J_TEST_URI) {
    expose(
      process.env.NEO4J_TEST_URI,
      process.env.NEO4J_TEST_USER ?? 'neo4j',
      process.env.NEO4J_TEST_PASSWORD ?? '',
      'NEO4J_TEST_URI',
    );
    return async () => {};
  }

  const container = await tryTestcontainers();
  if (container) return container;

  const home = mkdtempSync(join(tmpdir(), 'entente-test-neo4j-'));
  const neo4j = await startEmbeddedNeo4j({
    homeDir: home,
    libDir: join(process.cwd(), '.neo4j', 'lib'),
    // A random base keeps concurrent runs on one machine from racing for the same port.
    boltPort: 17000 + Math.floor(Math.random() * 2000),
    heap: process.env.ENTENTE_NEO4J_HEAP ?? '1g',
    pageCache: process.env.ENTENTE_NEO4J_PAGECACHE ?? '512m',
  });
  expose(neo4j.uri, neo4j.user, neo4j.password, `embedded Neo4j on port ${neo4j.boltPort}`);
  return async () => {
    await neo4j.stop();
    rmSync(home, { recursive: true, force: true });
  };
}

function expose(uri: string, user: string, password: string, provider: string): void {
  process.env.ENTENTE_TEST_NEO4J_URI = uri;
  process.env.ENTENTE_TEST_NEO4J_USER = user;
  process.env.ENTENTE_TEST_NEO4J_PASSWORD = password;
  console.log(`[tests] Neo4j from ${provider} (${uri})`);
}

async function tryTestcontainers(): Promise<(() => Promise<void>) | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch {
    return undefined;
  }
  const { Neo4jContainer } = await import('@testcontainers/neo4j');
  const container = await new Neo4jContainer('neo4j:5.26-community')
    .withPassword('entente-test-password')
    .start();
  expose(
    container.getBoltUri(),
    container.getUsername(),
    container.getPassword(),
    'testcontainers',
  );
  return async () => {
    await container.stop();
  };
}
