import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { SeedLoader, textSource } from '../../server/seed/seed-loader.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { SeedService } from '../../server/services/seed-service.ts';
import { exportDatabase } from '../support/database-export.ts';
import { listen } from '../support/test-app.ts';
import { resetDatabase, testDatabase } from '../support/test-database.ts';
import { caught } from '../support/seed-errors.ts';

/**
 * The faster apply (statements gathered into batches, relationship writes of different
 * types gathered across each other) and the rehearsing dry run of files that run as
 * several transactions.
 */

let db: Database;

beforeAll(() => {
  db = testDatabase();
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await resetDatabase(db);
  // A dry run rehearses only names the database knows: make them known, then leave no data.
  await db.autoCommit(
    `CREATE (a:Gadget {id: 0, name: 'x'})-[:FEEDS {sourceId: 's', n: 0}]->(b:Gadget {id: 1})
     CREATE (a)-[:DRAINS {sourceId: 's', n: 0}]->(b), (a)-[:TRIPS {sourceId: 's', n: 0}]->(b)
     DETACH DELETE a, b`,
  );
});

/** The gadgets and their relationships, by id: comparable across two databases' runs. */
async function gadgetGraph(): Promise<string> {
  const result = await db.readQuery(
    `MATCH (a:Gadget)-[r]->(b:Gadget)
     RETURN a.id AS a, type(r) AS type, b.id AS b, r.sourceId AS s, r.n AS n
     ORDER BY a, type, b, s`,
  );
  const nodes = await db.readQuery(
    'MATCH (g:Gadget) RETURN g.id AS id, g.name AS name ORDER BY id',
  );
  return JSON.stringify([
    nodes.records.map((r) => r.toObject()),
    result.records.map((r) => r.toObject()),
  ]);
}

const TYPES = ['FEEDS', 'DRAINS', 'TRIPS'];

/** Ten gadgets, then relationships whose types alternate, some keyed twice (MERGE updates). */
function alternatingFile(breakAt?: number): {
  text: string;
  lineOf: (statement: number) => number;
} {
  const lines = ['// gadgets'];
  for (let i = 0; i < 10; i++)
    lines.push(`MERGE (g:Gadget {id: ${i}}) SET g.name = 'gadget ${i}';`);
  for (let k = 0; k < 60; k++) {
    const type = TYPES[(k * 7) % 3]!;
    const statement = lines.length; // the comment line is not a statement
    const divisor = breakAt === statement ? 0 : 1;
    lines.push(
      `MATCH (a:Gadget {id: ${k % 10}}), (b:Gadget {id: ${(k * 3 + 1) % 10}}) MERGE (a)-[r:${type} {sourceId: 's${k % 4}'}]->(b) SET r.n = ${k} / ${divisor};`,
    );
  }
  return { text: lines.join('\n'), lineOf: (statement) => statement + 1 };
}

describe('the faster apply', () => {
  it('when relationship types alternate, then the graph is the one the statements make one by one, in order', async () => {
    const file = alternatingFile();
    await new SeedLoader(db, { batchSize: 0 }).load(textSource('one-by-one.cypher', file.text));
    const oneByOne = await gadgetGraph();
    await resetDatabase(db);
    const outcome = await new SeedLoader(db).load(textSource('batched.cypher', file.text));
    expect(outcome.status).toBe('applied');
    expect(await gadgetGraph()).toBe(oneByOne);
    // The first statements a test database plans are slow on a busy machine.
  }, 120_000);

  it('when its 40th statement fails in a batch of alternating types, then the error names that statement’s line and column and nothing is written', async () => {
    const file = alternatingFile(40);
    const before = await exportDatabase(db);
    const loader = new SeedLoader(db);
    const error = await caught(loader.load(textSource('alternating.cypher', file.text)));
    expect(error.details).toMatchObject({
      file: 'alternating.cypher',
      line: file.lineOf(40),
      statement: 40,
      neo4jCode: 'Neo.ClientError.Statement.ArithmeticError',
    });
    expect(error.message).toMatch(/nothing of the file was written/);
    expect(await exportDatabase(db)).toBe(before);
    expect(await loader.ledger.entries()).toEqual([]);
  });
});

describe('the dry run of a file that runs as several transactions', () => {
  const mixed = [
    'CREATE CONSTRAINT gadget_id_unique IF NOT EXISTS FOR (g:Gadget) REQUIRE g.id IS UNIQUE;',
    "CREATE (:Gadget {id: 1, name: 'one'});",
    "CREATE (:Gadget {id: 2, name: 'two'});",
    "  CREATE (:Gadget {id: 1, name: 'one again'});",
    "CREATE (:Gadget {id: 3, name: 'three'});",
  ].join('\n');

  it('when statement 4 breaks the constraint statement 1 creates, then the dry run fails at statement 4’s line and column and writes nothing, not even the constraint', async () => {
    const before = await exportDatabase(db, { schema: true });
    const loader = new SeedLoader(db);
    const error = await caught(loader.load(textSource('mixed.cypher', mixed), { dryRun: true }));
    expect(error.code).toBe('SEED_STATEMENT_FAILED');
    expect(error.details).toMatchObject({ file: 'mixed.cypher', line: 4, col: 3, statement: 4 });
    expect(error.message).toMatch(/^mixed\.cypher:4:3: .*gadget_id_unique.*created at line 1/);
    expect(await exportDatabase(db, { schema: true })).toBe(before);
    expect(await loader.ledger.entries()).toEqual([]);
  });

  it('when it would apply cleanly, then the counters come from the rehearsal and every statement that could not be rehearsed is named with why', async () => {
    const text = [
      'CREATE CONSTRAINT gadget_id_unique IF NOT EXISTS FOR (g:Gadget) REQUIRE g.id IS UNIQUE;',
      "CREATE (:Gadget {id: 1, name: 'one'}), (:Gadget {id: 2, name: 'two'});",
      'CREATE INDEX gadget_name IF NOT EXISTS FOR (g:Gadget) ON (g.name);',
      "MATCH (a:Gadget {id: 1}), (b:Gadget {id: 2}) CREATE (a)-[:FEEDS {sourceId: 's', n: 1}]->(b);",
      ':begin',
      'MATCH (g:Gadget) DETACH DELETE g;',
      ':rollback',
      "MATCH (g:Gadget {id: 2}) CALL (g) { SET g.name = 'TWO' } IN TRANSACTIONS;",
    ].join('\n');
    const before = await exportDatabase(db, { schema: true });
    const loader = new SeedLoader(db);
    const outcome = await loader.load(textSource('several.cypher', text), { dryRun: true });
    expect(outcome.status).toBe('dry-run');
    expect(outcome.atomic).toBe(false);
    expect(outcome.notRehearsedBecause).toBeUndefined();
    expect(outcome.counters).toEqual({
      nodesCreated: 2,
      labelsAdded: 2,
      propertiesSet: 6,
      relationshipsCreated: 1,
      constraintsAdded: 1,
      indexesAdded: 1,
    });
    expect(outcome.notRehearsed.map((s) => [s.statement, s.line, s.col])).toEqual([
      [1, 1, 1],
      [3, 3, 1],
      [5, 6, 1],
      [6, 8, 1],
    ]);
    expect(outcome.notRehearsed[0]!.reason).toMatch(/schema change.*EXPLAIN.*checked against it/);
    expect(outcome.notRehearsed[2]!.reason).toMatch(/:rollback/);
    expect(outcome.notRehearsed[3]!.reason).toMatch(/IN TRANSACTIONS/);
    // The statement in the :rollback block deletes, and is flagged, though it never writes.
    expect(outcome.deletions).toEqual({
      statements: 1,
      first: 'several.cypher:6:25',
      nodesDeleted: 0,
      relationshipsDeleted: 0,
      labelsRemoved: 0,
    });
    expect(await exportDatabase(db, { schema: true })).toBe(before);
    expect(await loader.ledger.entries()).toEqual([]);
  });

  it('when the constraint is new but existing data already breaks it, then the dry run fails at the constraint statement', async () => {
    await db.autoCommit("CREATE (:Gadget {id: 7, name: 'a'}), (:Gadget {id: 7, name: 'b'})");
    const error = await caught(
      new SeedLoader(db).load(textSource('late.cypher', `MERGE (:Gadget {id: 8});\n${mixed}`), {
        dryRun: true,
      }),
    );
    expect(error.details).toMatchObject({ file: 'late.cypher', line: 2, col: 1, statement: 2 });
    expect(error.message).toMatch(/could not be created.*id = "7"/);
  });
});

describe('deletions in a dry run', () => {
  const token = 'a-long-enough-admin-token-for-tests';
  let server: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    const logger = createLogger('silent');
    server = await listen(
      createApp({
        logger,
        health: new HealthService(db),
        seeds: new SeedService(db, { cypherDir: '/nonexistent', adminToken: token, logger }),
      }),
    );
  });

  afterAll(async () => {
    await server?.close();
  });

  it('when an upload deletes, then the dry-run answer counts what it would delete in its own field, and nothing is deleted', async () => {
    await db.autoCommit(
      "CREATE (:Gadget {id: 1})-[:FEEDS {sourceId: 's'}]->(:Gadget {id: 2}), (:Gadget {id: 3})",
    );
    const before = await exportDatabase(db);
    const response = await fetch(`${server.url}/api/seeds?name=prune.cypher&dryRun=true`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: 'MERGE (:Gadget {id: 4});\nMATCH (g:Gadget) WHERE g.id < 3 DETACH DELETE g;\n',
    });
    const body = (await response.json()) as { file: Record<string, unknown> };
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body.file.deletions).toEqual({
      statements: 1,
      first: 'prune.cypher:2:40',
      nodesDeleted: 2,
      relationshipsDeleted: 1,
      labelsRemoved: 0,
    });
    expect(body.file.notRehearsed).toEqual([]);
    expect(await exportDatabase(db)).toBe(before);
  });
});
