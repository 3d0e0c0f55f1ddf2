import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { AppError } from '../../server/errors.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import type { GraphService } from '../../server/services/graph-service.ts';
import { loadSeeds } from '../support/seed-fixture.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';

/**
 * Ids no node can have are answered 404 without a database round trip: after one real
 * lookup, the driver is closed, so anything that still reached Neo4j would fail instead.
 */

let db: Database;
let graph: GraphService;
let iran: string;

beforeAll(async () => {
  const setup = testDatabase();
  await resetDatabase(setup);
  await loadSeeds(setup);
  const found = await setup.readQuery("MATCH (n:State {name: 'Iran'}) RETURN elementId(n) AS id");
  iran = String(found.records[0]?.get('id'));
  await setup.close();
  db = testDatabase();
  graph = createAnalystServices(db, { queryTimeoutMs: 10_000, queryRowCap: 10 }).graph;
});

afterAll(async () => {
  await db?.close();
});

const IMPOSSIBLE = [
  '4:00000000-0000-0000-0000-000000000000:0',
  '4:x:-1',
  '4:x:99999999999999999999999',
  '../../etc/passwd',
  "' OR 1=1 //",
  '5:00000000-0000-0000-0000-000000000000:0',
];

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'answered';
  } catch (error) {
    return error instanceof AppError ? error.code : `unexpected ${String(error)}`;
  }
}

describe('node ids that cannot exist', () => {
  it('when a real node was looked up once and the database is then out of reach, then impossible ids still answer NOT_FOUND at once', async () => {
    expect((await graph.nodeDetails(iran)).node.caption).toBe('Iran');
    const sameDatabase = iran.replace(/:\d+$/, ':987654321');
    await db.close();
    for (const id of IMPOSSIBLE) {
      expect(await codeOf(graph.nodeDetails(id)), id).toBe('NOT_FOUND');
      expect(await codeOf(graph.neighbours(id)), id).toBe('NOT_FOUND');
      expect(await codeOf(graph.expand([id])), id).toBe('NOT_FOUND');
      expect(await codeOf(graph.paths(id, iran)), id).toBe('NOT_FOUND');
    }
    // An id of this database's shape is asked for, so with Neo4j gone it fails otherwise.
    expect(await codeOf(graph.nodeDetails(sameDatabase))).not.toBe('NOT_FOUND');
  });
});
