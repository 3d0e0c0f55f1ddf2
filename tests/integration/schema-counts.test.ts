import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../../server/db/database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badRequest } from '../../server/errors.ts';
import { GraphRepository } from '../../server/repositories/graph-repository.ts';
import { graphCounts, schema } from '../../server/repositories/graph-schema.ts';
import { testDatabase } from '../support/test-database.ts';

/**
 * The schema's counts and keys must cost the same at a million nodes as at a hundred: counts
 * from the count store, keys from a sample, never a read of every element.
 */
const db = testDatabase();

beforeAll(async () => {
  await db.write((tx) =>
    tx.run(
      `CREATE (a:SchemaCount {name: 'a'}), (b:SchemaCount {name: 'b'})
       CREATE (:__SchemaCountOwn {name: 'own', schemaOwnOnly: 1})
       WITH a, b UNWIND range(1, 1200) AS i CREATE (a)-[:COUNTED {i: i}]->(b)`,
    ),
  );
});
afterAll(async () => {
  await db.write((tx) =>
    tx.run('MATCH (n) WHERE n:SchemaCount OR n:__SchemaCountOwn DETACH DELETE n'),
  );
  await db.close();
});

/** Runs `schema()` with each statement profiled; returns the operators every plan used. */
async function profiledSchema(): Promise<{
  answer: Awaited<ReturnType<typeof schema>>;
  plans: string[];
}> {
  const plans: string[] = [];
  const answer = await db.read((tx) => {
    const profiling = {
      run: async (text: string, params?: Record<string, unknown>) => {
        const result = await tx.run(`PROFILE ${text}`, params);
        plans.push(JSON.stringify(result.summary.profile));
        return result;
      },
    } as unknown as ManagedTransaction;
    return schema(profiling);
  });
  return { answer, plans };
}

describe('GET /api/schema at any size', () => {
  it('when labels and types are counted, then Neo4j answers from its count store without reading an element', async () => {
    const { answer, plans } = await profiledSchema();
    expect(answer.relationshipTypes).toContainEqual({ type: 'COUNTED', count: 1200 });
    expect(answer.labels).toContainEqual({ label: 'SchemaCount', count: 2 });
    const counts = plans.filter((plan) => plan.includes('CountFromCountStore'));
    expect(counts.join()).toContain('RelationshipCountFromCountStore');
    expect(counts.join()).toContain('NodeCountFromCountStore');
    for (const plan of counts) {
      expect(plan).not.toMatch(
        /"operatorType":"(Expand|DirectedRelationshipTypeScan|NodeByLabelScan|AllNodesScan)/,
      );
    }
  });

  it('when property keys are listed, then no plan reads every node or relationship', async () => {
    const { answer, plans } = await profiledSchema();
    expect(answer.propertyKeys).toEqual(expect.arrayContaining(['i', 'name']));
    expect(answer.propertyKeys).not.toContain('schemaOwnOnly');
    const scans = plans.filter((plan) =>
      /"operatorType":"(AllNodesScan|(Directed|Undirected)AllRelationshipsScan)/.test(plan),
    );
    // Whole-store scans only under a limit: a sample in store order, never a read of it all.
    expect(scans.length).toBeGreaterThan(0);
    for (const plan of scans) expect(plan).toMatch(/"operatorType":"Limit/);
  });

  it('when the counts come in one call, then they are the counts the count store gives name by name', async () => {
    const byName = await db.read((tx) => schema(tx));
    const inOneCall = await db.read(async (tx) => schema(tx, await graphCounts(tx)));
    expect(inOneCall.labels).toEqual(byName.labels);
    expect(inOneCall.relationshipTypes).toEqual(byName.relationshipTypes);
    expect(inOneCall.relationshipTypes).toContainEqual({ type: 'COUNTED', count: 1200 });
  });

  it('when the one call is refused (a user who is no admin), then the schema counts name by name, and stops asking', async () => {
    let asked = 0;
    // The same database, except that the graph-counts call is refused as Neo4j refuses it.
    const refusing = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== 'read') return Reflect.get(target, property, receiver);
        return async (work: (tx: ManagedTransaction) => Promise<unknown>, options?: object) =>
          target.read(
            (tx) =>
              work(
                new Proxy(tx, {
                  get(inner, name, innerReceiver) {
                    if (name !== 'run') return Reflect.get(inner, name, innerReceiver);
                    return (text: string, params?: Record<string, unknown>) => {
                      if (!text.includes('db.stats.retrieve')) return inner.run(text, params);
                      asked += 1;
                      // What the app makes of Neo4j's Neo.ClientError.Security.Forbidden.
                      throw badRequest('CYPHER_ERROR', 'Executing admin procedure is not allowed', {
                        neo4jCode: 'Neo.ClientError.Security.Forbidden',
                      });
                    };
                  },
                }),
              ),
            options,
          );
      },
    }) as Database;
    const repository = new GraphRepository(refusing, 10_000);
    const first = await repository.schema();
    const second = await repository.schema();
    expect(first.relationshipTypes).toContainEqual({ type: 'COUNTED', count: 1200 });
    expect(second.labels).toEqual(first.labels);
    expect(asked).toBe(1);
  });
});
