import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { warmUp } from '../../server/services/warm-up.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';

const db = testDatabase();

beforeAll(async () => {
  await resetDatabase(db);
  await db.write((tx) =>
    tx.run(
      `CREATE (by:State {id: 'state:by', name: 'Belarus'}), (ir:State {id: 'state:ir', name: 'Iran'}),
              (ru:State {id: 'state:ru', name: 'Russia'}),
              (m:Agreement {id: 'agreement:mou', name: 'Memorandum'}),
              (by)-[:PARTY_TO]->(m), (ir)-[:PARTY_TO]->(m), (ir)-[:BACKS]->(ru),
              (:__SeedFile {name: 'ledger.cypher'})`,
    ),
  );
});
afterAll(async () => {
  await resetDatabase(db);
  await db.close();
});

describe('query warm-up before the app reports healthy', () => {
  it('when the graph holds data and the app’s own records, then every explorer query is run once, with real nodes, and none fails', async () => {
    const services = createAnalystServices(db, { queryTimeoutMs: 60_000, queryRowCap: 10 });
    const calls: { method: string; args: unknown[]; ok: boolean }[] = [];
    const graph = services.graph as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of [
      'schema',
      'search',
      'nodeDetails',
      'neighbours',
      'expand',
      'subgraph',
      'paths',
    ]) {
      const original = graph[method]?.bind(services.graph);
      graph[method] = async (...args: unknown[]) => {
        try {
          const answer = await original?.(...args);
          calls.push({ method, args, ok: true });
          return answer;
        } catch (error) {
          calls.push({ method, args, ok: false });
          throw error;
        }
      };
    }

    await warmUp(services);

    const called = new Set(calls.map((call) => call.method));
    expect([...called].sort()).toEqual(
      ['expand', 'neighbours', 'nodeDetails', 'paths', 'schema', 'search', 'subgraph'].sort(),
    );
    expect(calls.filter((call) => !call.ok)).toEqual([]);
    // A node of each label: the agreement's details take another path than a state's.
    expect(calls.filter((call) => call.method === 'nodeDetails')).toHaveLength(2);
    const paths = calls.find((call) => call.method === 'paths');
    expect(paths?.args[0]).not.toBe(paths?.args[1]);
  });
});
