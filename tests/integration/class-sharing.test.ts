import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../server/db/database.ts';
import { startEmbeddedNeo4j, type RunningNeo4j } from '../../server/neo4j/launcher.ts';

const home = mkdtempSync(join(tmpdir(), 'entente-class-sharing-'));
// The archive lives beside the jars; jars reached through this home's own path get their own.
symlinkSync(join(process.cwd(), '.neo4j', 'lib'), join(home, 'lib'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const start = () =>
  startEmbeddedNeo4j({
    homeDir: home,
    libDir: join(home, 'lib'),
    boltPort: 19000 + Math.floor(Math.random() * 1000),
    heap: '512m',
    pageCache: '128m',
  });

async function answers(neo4j: RunningNeo4j): Promise<number> {
  const db = new Database({ ...neo4j, database: undefined });
  try {
    return await db.read(async (tx) => {
      const result = await tx.run('RETURN 40 + 2 AS answer');
      return Number(result.records[0]?.get('answer'));
    });
  } finally {
    await db.close();
  }
}

const archives = () => readdirSync(join(home, 'cds')).filter((name) => name.endsWith('.jsa'));

describe('class-data sharing and the initial password of the embedded Neo4j', () => {
  it('when Neo4j starts on a new home, then its classes are archived at exit and the next JVM maps the archive', async () => {
    const first = await start();
    try {
      expect(readFileSync(`/proc/${first.pid}/cmdline`, 'utf8')).toContain(
        '-XX:ArchiveClassesAtExit=',
      );
      expect(await answers(first)).toBe(42);
      expect(archives()).toEqual([]);
      // The new store took its password from auth.ini, which is gone once it was read.
      expect(existsSync(join(home, 'data', 'dbms', 'auth.ini'))).toBe(false);
    } finally {
      await first.stop();
    }
    expect(archives()).toHaveLength(1);
    expect(readdirSync(join(home, 'cds'))).toHaveLength(1); // no lock, no partial left

    const second = await start();
    try {
      const archive = join(home, 'cds', archives()[0] ?? '');
      expect(readFileSync(`/proc/${second.pid}/cmdline`, 'utf8')).toContain(
        `-XX:SharedArchiveFile=${archive}`,
      );
      // The JVM did not refuse the archive (a mismatch would leave it unmapped).
      expect(readFileSync(`/proc/${second.pid}/maps`, 'utf8')).toContain(archive);
      expect(await answers(second)).toBe(42);
    } finally {
      await second.stop();
    }
    expect(existsSync(join(home, 'cds', archives()[0] ?? ''))).toBe(true);
  }, 120_000);

  it('when the archive is damaged, then the JVM that crashes on it is replaced by one without sharing, and the archive is dropped', async () => {
    const [name] = archives();
    expect(name).toBeDefined();
    const archive = join(home, 'cds', name ?? '');
    writeFileSync(archive, readFileSync(archive).subarray(0, 100_000));
    const neo4j = await start();
    try {
      expect(readFileSync(`/proc/${neo4j.pid}/cmdline`, 'utf8')).not.toContain('-XX:Shared');
      expect(await answers(neo4j)).toBe(42);
    } finally {
      await neo4j.stop();
    }
    expect(archives()).toEqual([]);
  }, 120_000);
});
