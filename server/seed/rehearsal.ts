import type { Session } from 'neo4j-driver';
import type { Database } from '../db/database.ts';
import { quoteName } from '../repositories/cypher-names.ts';
import { explainFailure } from './error-location.ts';
import { fileSteps } from './file-steps.ts';
import { FileParams } from './seed-params.ts';
import type { SeedLoadOptions, SeedScan, SeedSource } from './seed-plan.ts';
import { Pipeline, Progress } from './statement-pipeline.ts';

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

/**
 * EXPLAIN of every statement, in transactions that are rolled back: the dry run of a file
 * that cannot be rehearsed. Schema and data statements are explained in separate
 * transactions, as Neo4j wants.
 */
export async function explainFile(
  db: Database,
  source: SeedSource,
  scan: SeedScan,
  options: SeedLoadOptions & { window: number },
  openSession: () => Session,
): Promise<void> {
  const config = {
    metadata: { app: 'entente-seed-validate' },
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  };
  const schemaSession = openSession();
  const dataSession = openSession();
  const schemaTx = schemaSession.beginTransaction(config);
  const dataTx = dataSession.beginTransaction(config);
  const schemaPipe = new Pipeline(schemaTx, options.window, 1, () => undefined);
  const dataPipe = new Pipeline(dataTx, options.window, 1, () => undefined);
  const params = new FileParams(db, source.name);
  const progress = new Progress(scan, 'validate', options.onProgress);
  try {
    for await (const step of fileSteps(source, scan, params)) {
      if (step.kind !== 'statement') continue;
      const pipe = step.analysis.schema ? schemaPipe : dataPipe;
      pipe.add(step.statement, step.analysis, step.params);
      if (pipe.full) await progress.flush(pipe);
    }
    await progress.flush(schemaPipe);
    await progress.flush(dataPipe);
  } catch (error) {
    throw await explainFailure(error, source.name, openSession);
  } finally {
    await schemaTx.rollback().catch(() => undefined);
    await dataTx.rollback().catch(() => undefined);
    await schemaSession.close();
    await dataSession.close();
  }
}
