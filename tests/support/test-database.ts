import { Database } from '../../server/db/database.ts';

/** The run's shared Neo4j (see global-neo4j.ts). */
export function testDatabase(): Database {
  const uri = process.env.ENTENTE_TEST_NEO4J_URI;
  if (!uri) throw new Error('ENTENTE_TEST_NEO4J_URI is not set: run tests through vitest.');
  return new Database({
    uri,
    user: process.env.ENTENTE_TEST_NEO4J_USER ?? 'neo4j',
    password: process.env.ENTENTE_TEST_NEO4J_PASSWORD ?? '',
    database: undefined,
  });
}

export function testCredentials() {
  return {
    uri: process.env.ENTENTE_TEST_NEO4J_URI ?? '',
    user: process.env.ENTENTE_TEST_NEO4J_USER ?? 'neo4j',
    password: process.env.ENTENTE_TEST_NEO4J_PASSWORD ?? '',
  };
}

/** Empties the database: every node, relationship, constraint and index. */
export async function resetDatabase(db: Database): Promise<void> {
  await db.autoCommit('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  const schema = await db.read(async (tx) => {
    const constraints = await tx.run('SHOW CONSTRAINTS YIELD name RETURN name');
    const indexes = await tx.run(
      "SHOW INDEXES YIELD name, type, owningConstraint WHERE type <> 'LOOKUP' AND owningConstraint IS NULL RETURN name",
    );
    return {
      constraints: constraints.records.map((r) => String(r.get('name'))),
      indexes: indexes.records.map((r) => String(r.get('name'))),
    };
  });
  for (const name of schema.constraints) {
    await db.autoCommit('DROP CONSTRAINT $name IF EXISTS', { name });
  }
  for (const name of schema.indexes) {
    await db.autoCommit('DROP INDEX $name IF EXISTS', { name });
  }
}
