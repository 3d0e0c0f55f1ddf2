import type { QueryResult } from 'neo4j-driver';
import type { Database } from '../../server/db/database.ts';
import { toJson } from '../../server/db/value-mapper.ts';

export interface ExportScope {
  /** Label, type and key tokens, indexes and constraints (tokens outlive a rolled-back write). */
  schema?: boolean;
  /** Users and databases, from the system database. */
  system?: boolean;
}

const rowsOf = (result: QueryResult) => result.records.map((record) => toJson(record.toObject()));

/**
 * The database as one comparable text: every node and relationship with labels, type and
 * properties, and what `scope` adds. Equal texts before and after mean nothing was written.
 */
export async function exportDatabase(db: Database, scope: ExportScope = {}): Promise<string> {
  const data = await db.read(async (tx) => {
    const parts = [
      await tx.run(
        'MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props ORDER BY id',
      ),
      await tx.run(
        `MATCH (a)-[r]->(b) RETURN elementId(r) AS id, type(r) AS type, elementId(a) AS a,
         elementId(b) AS b, properties(r) AS props ORDER BY id`,
      ),
    ];
    if (scope.schema) {
      parts.push(
        await tx.run(
          `CALL db.labels() YIELD label WITH collect(label) AS labels
           CALL db.relationshipTypes() YIELD relationshipType WITH labels, collect(relationshipType) AS types
           CALL db.propertyKeys() YIELD propertyKey RETURN labels, types, collect(propertyKey) AS keys`,
        ),
        await tx.run(
          'SHOW INDEXES YIELD name, type, state, labelsOrTypes, properties RETURN * ORDER BY name',
        ),
        await tx.run('SHOW CONSTRAINTS YIELD name, type RETURN * ORDER BY name'),
      );
    }
    return parts.map(rowsOf);
  });
  if (!scope.system) return JSON.stringify(data);
  const system = db.driver.session({ database: 'system', defaultAccessMode: 'READ' });
  try {
    const users = await system.run('SHOW USERS YIELD user RETURN user ORDER BY user');
    const databases = await system.run(
      'SHOW DATABASES YIELD name, access, currentStatus RETURN * ORDER BY name',
    );
    return JSON.stringify([...data, rowsOf(users), rowsOf(databases)]);
  } finally {
    await system.close();
  }
}
