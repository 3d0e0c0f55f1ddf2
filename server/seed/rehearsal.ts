import type { Database } from '../db/database.ts';
import { quoteName } from '../repositories/cypher-names.ts';
import type { SeedScan } from './seed-plan.ts';

/**
 * The names Neo4j does not know yet. EXPLAIN of a query that mentions each of them
 * creates nothing and warns about every unknown one (the token store, not data, decides:
 * a label without nodes is still known, and rehearsing it leaves nothing new).
 */
async function unknownNames(
  db: Database,
  names: SeedScan['rehearsal']['names'],
): Promise<{
  labels: string[];
  'relationship types': string[];
  'property keys': string[];
}> {
  const clauses = [
    ...[...names.labels].map((label) => `OPTIONAL MATCH (:${quoteName(label)})`),
    ...[...names.types].map((type) => `OPTIONAL MATCH ()-[:${quoteName(type)}]->()`),
  ];
  if (names.keys.size > 0) {
    const keys = [...names.keys].map((key) => `probe.${quoteName(key)} IS NULL`);
    clauses.push(`OPTIONAL MATCH (probe) WHERE ${keys.join(' OR ')}`);
  }
  const missing = { labels: [], 'relationship types': [], 'property keys': [] } as {
    labels: string[];
    'relationship types': string[];
    'property keys': string[];
  };
  if (clauses.length === 0) return missing;
  const result = await db.readQuery(`EXPLAIN ${clauses.join('\n')} RETURN 1 AS probe`);
  const kinds: Record<string, keyof typeof missing> = {
    'Neo.ClientNotification.Statement.UnknownLabelWarning': 'labels',
    'Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning': 'relationship types',
    'Neo.ClientNotification.Statement.UnknownPropertyKeyWarning': 'property keys',
  };
  for (const notification of result.summary.notifications) {
    const kind = kinds[notification.code];
    if (!kind) continue;
    const name = /is: (.*)\)\s*$/.exec(notification.description)?.[1] ?? '?';
    if (!missing[kind].includes(name)) missing[kind].push(name);
  }
  return missing;
}

/**
 * A dry run rehearses a file (runs it, then rolls back) only when that leaves nothing
 * behind: no files or URLs read, and no label, relationship type or
 * property key that the database does not know yet — Neo4j keeps new names even when
 * the transaction that introduced them rolls back. Otherwise it validates with EXPLAIN.
 */
export async function whyNotRehearse(db: Database, scan: SeedScan): Promise<string | undefined> {
  const { names, dynamicAt, readsFiles } = scan.rehearsal;
  if (readsFiles) return 'it reads files or URLs, which a dry run never does';
  if (dynamicAt) {
    return `line ${dynamicAt.line} writes names that cannot be read from the text (a map parameter, a dynamic label or a procedure), and Neo4j keeps new names even after a rollback`;
  }
  let missing: Awaited<ReturnType<typeof unknownNames>>;
  try {
    missing = await unknownNames(db, names);
  } catch {
    // Names Neo4j cannot even parse cannot be checked: validating is the safe answer.
    return 'its names could not be checked against the database';
  }
  const parts = (['labels', 'relationship types', 'property keys'] as const)
    .map((what) => [what, missing[what]] as const)
    .filter(([, list]) => list.length > 0)
    .map(
      ([what, list]) =>
        `${what} ${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''}`,
    );
  if (parts.length === 0) return undefined;
  return `it would introduce names the database does not have yet (${parts.join('; ')}), and Neo4j keeps new names even after a rollback`;
}
