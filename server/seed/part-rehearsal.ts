import type { Session, Transaction } from 'neo4j-driver';
import { parseSeedChunks, type SeedStatement } from '../cypher/statement-splitter.ts';
import { quoteName } from '../repositories/cypher-names.ts';
import { explainFailure } from './error-location.ts';
import { fileSteps } from './file-steps.ts';
import { SEED_ERROR_CODES, SeedError } from './seed-errors.ts';
import { FileParams } from './seed-params.ts';
import type { Database } from '../db/database.ts';
import type { NotRehearsed, SeedLoadOptions, SeedScan, SeedSource } from './seed-plan.ts';
import { addCounters, Pipeline, Progress } from './statement-pipeline.ts';
import type { StatementAnalysis } from './statement-analysis.ts';

/**
 * The dry run of a file that runs as several transactions (schema mixed with data,
 * `:begin` blocks, `CALL … IN TRANSACTIONS`). Its data statements run, in file order, in
 * one transaction that is rolled back, so their counters and run-time failures are real.
 * What cannot run there is named statement by statement: schema changes (Neo4j cannot
 * roll them back; they are EXPLAINed and counted, and a new uniqueness constraint is
 * checked against the rehearsed data after every later statement, so a duplicate is
 * reported at the statement that makes it), `IN TRANSACTIONS` statements (they commit as
 * they go) and `:rollback` blocks (they never write).
 */
export async function rehearseInParts(
  db: Database,
  source: SeedSource,
  scan: SeedScan,
  options: SeedLoadOptions & { window: number },
  openSession: () => Session,
): Promise<{ counters: Record<string, number>; notRehearsed: NotRehearsed[] }> {
  const counters: Record<string, number> = {};
  const notRehearsed: NotRehearsed[] = [];
  const discarded = await statementsInRollbackBlocks(source);
  const schemaNow = await existingSchemaNames(db);
  const unique: UniqueConstraint[] = [];
  const config = {
    metadata: { app: 'entente-seed-dry-run', file: scan.name },
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
  };
  const dataSession = openSession();
  const schemaSession = openSession();
  const tx = dataSession.beginTransaction(config);
  let schemaTx: Transaction | undefined;
  const pipe = new Pipeline(tx, options.window, 0, (summary) => addCounters(counters, summary));
  const explain = new Pipeline(tx, options.window, 1, () => undefined);
  const params = new FileParams(db, source.name);
  const progress = new Progress(scan, 'apply', options.onProgress);
  const skip = (statement: SeedStatement, reason: string) =>
    notRehearsed.push({
      statement: statement.index + 1,
      line: statement.line,
      col: statement.col,
      reason,
    });
  try {
    for await (const step of fileSteps(source, scan, params, () => progress.flush(pipe))) {
      if (step.kind !== 'statement') continue;
      const { statement, analysis } = step;
      if (discarded.has(statement.index)) {
        skip(statement, 'in a :begin block that ends with :rollback, so it never writes');
        explain.add(statement, analysis, step.params);
      } else if (analysis.schema) {
        schemaTx ??= schemaSession.beginTransaction(config);
        const schemaPipe = new Pipeline(schemaTx, 1, 1, () => undefined);
        schemaPipe.add(statement, analysis, step.params);
        await progress.flush(schemaPipe);
        const change = schemaChange(statement.text, schemaNow);
        for (const [key, value] of Object.entries(change.counters)) {
          counters[key] = (counters[key] ?? 0) + value;
        }
        skip(
          statement,
          `a schema change: Neo4j cannot roll it back, so it was checked with EXPLAIN${change.described ? ` and ${change.described}` : ''}`,
        );
        if (change.unique) {
          unique.push({ ...change.unique, line: statement.line });
          await progress.flush(pipe);
          await checkUnique(tx, change.unique, statement, source.name, true);
        }
      } else if (analysis.inTransactions) {
        skip(
          statement,
          'CALL { … } IN TRANSACTIONS commits as it goes and cannot run inside the rehearsal; checked with EXPLAIN',
        );
        explain.add(statement, analysis, step.params);
      } else {
        pipe.add(statement, analysis, step.params);
        const touched = unique.filter((u) => mayTouch(analysis, u.label));
        if (touched.length > 0 || pipe.full) await progress.flush(pipe);
        for (const constraint of touched) {
          await checkUnique(tx, constraint, statement, source.name, false);
        }
      }
      if (explain.full) await progress.flush(explain);
    }
    await progress.flush(pipe);
    await progress.flush(explain);
    return { counters, notRehearsed };
  } catch (error) {
    throw await explainFailure(error, source.name, openSession);
  } finally {
    await tx.rollback().catch(() => undefined);
    await schemaTx?.rollback().catch(() => undefined);
    await dataSession.close();
    await schemaSession.close();
  }
}

interface UniqueConstraint {
  name: string;
  label: string;
  keys: string[];
  /** The line of the statement that creates it. */
  line?: number;
}

const NAME = String.raw`(?:\x60(?:[^\x60]|\x60\x60)+\x60|[\p{L}_][\p{L}\p{N}_]*)`;
const UNIQUE = new RegExp(
  String.raw`^CREATE\s+CONSTRAINT\s+(?:(${NAME})\s+)?(?:IF\s+NOT\s+EXISTS\s+)?FOR\s*\(\s*(${NAME})\s*:\s*(${NAME})\s*\)\s*REQUIRE\s+(\(?[^)]*?\)?)\s+IS\s+(?:NODE\s+)?UNIQUE\s*$`,
  'iu',
);
const SCHEMA_NAME = new RegExp(
  String.raw`^(CREATE|DROP)\s+(?:OR\s+REPLACE\s+)?(?:(?:RANGE|TEXT|POINT|LOOKUP|FULLTEXT|VECTOR|BTREE)\s+)?(CONSTRAINT|INDEX)\b\s*(${NAME})?`,
  'iu',
);

const unquote = (name: string) =>
  name.startsWith('`') ? name.slice(1, -1).replace(/``/g, '`') : name;

/** What a schema statement would change: counters, and the uniqueness it would add. */
function schemaChange(
  text: string,
  existing: Set<string>,
): { counters: Record<string, number>; described: string; unique?: UniqueConstraint } {
  const stripped = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim();
  const match = SCHEMA_NAME.exec(stripped);
  if (!match) return { counters: {}, described: '' };
  const verb = match[1]!.toUpperCase();
  const what = match[2]!.toUpperCase() === 'CONSTRAINT' ? 'constraints' : 'indexes';
  const rawName = match[3];
  const name = rawName && !/^(IF|FOR|ON)$/i.test(rawName) ? unquote(rawName) : undefined;
  const exists = name !== undefined && existing.has(name);
  if (verb === 'DROP') {
    return exists
      ? { counters: { [`${what}Removed`]: 1 }, described: `would remove ${what} \`${name}\`` }
      : { counters: {}, described: `\`${name ?? '?'}\` does not exist` };
  }
  if (exists) return { counters: {}, described: `\`${name}\` exists already` };
  const unique = UNIQUE.exec(stripped);
  const counted = { counters: { [`${what}Added`]: 1 }, described: `would add it` };
  if (!unique) return counted;
  const variable = unquote(unique[2]!);
  const keys = unique[4]!
    .replace(/^\(|\)$/g, '')
    .split(',')
    .map((part) => part.trim())
    .map((part) =>
      part.startsWith(`${variable}.`) ? unquote(part.slice(variable.length + 1)) : '',
    );
  if (keys.some((key) => key === '')) return counted;
  return {
    ...counted,
    described: 'would add it; the statements after it are checked against it',
    unique: { name: name ?? 'unnamed', label: unquote(unique[3]!), keys },
  };
}

const mayTouch = (analysis: StatementAnalysis, label: string) =>
  analysis.names.dynamic || analysis.names.labels.includes(label);

/** Fails at `statement` when two nodes would share the constraint's key. */
async function checkUnique(
  tx: Transaction,
  constraint: UniqueConstraint,
  statement: SeedStatement,
  file: string,
  creating: boolean,
): Promise<void> {
  const label = quoteName(constraint.label);
  const keys = constraint.keys.map((key) => `n.${quoteName(key)}`);
  const result = await tx.run(
    `MATCH (n:${label}) WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(' AND ')}
     WITH [${keys.join(', ')}] AS value, count(*) AS nodes WHERE nodes > 1
     RETURN value LIMIT 1`,
  );
  const value = result.records[0]?.get('value') as unknown[] | undefined;
  if (!value) return;
  const shown = constraint.keys
    .map((key, i) => `${key} = ${JSON.stringify(String(value[i]))}`)
    .join(', ');
  const problem = creating
    ? `the constraint \`${constraint.name}\` could not be created: existing \`${constraint.label}\` nodes share ${shown}`
    : `this statement would break the constraint \`${constraint.name}\` (created at line ${constraint.line}): two \`${constraint.label}\` nodes would share ${shown}`;
  throw new SeedError(SEED_ERROR_CODES.statement, problem, {
    file,
    line: statement.line,
    col: statement.col,
    statement: statement.index + 1,
    neo4jCode: creating
      ? 'Neo.DatabaseError.Schema.ConstraintCreationFailed'
      : 'Neo.ClientError.Schema.ConstraintValidationFailed',
  });
}

/** Index and constraint names the database has now. */
async function existingSchemaNames(db: Database): Promise<Set<string>> {
  const names = await db.read(async (tx) => {
    const indexes = await tx.run('SHOW INDEXES YIELD name RETURN name');
    const constraints = await tx.run('SHOW CONSTRAINTS YIELD name RETURN name');
    return [...indexes.records, ...constraints.records].map((r) => String(r.get('name')));
  });
  return new Set(names);
}

/** Ordinals of the statements inside `:begin` blocks that end with `:rollback`. */
async function statementsInRollbackBlocks(source: SeedSource): Promise<Set<number>> {
  const discarded = new Set<number>();
  let block: number[] | undefined;
  for await (const item of parseSeedChunks(source.read())) {
    if (item.kind === 'begin') block = [];
    else if (item.kind === 'statement') block?.push(item.index);
    else if (item.kind === 'rollback') {
      for (const index of block ?? []) discarded.add(index);
      block = undefined;
    } else if (item.kind === 'commit') block = undefined;
  }
  return discarded;
}
