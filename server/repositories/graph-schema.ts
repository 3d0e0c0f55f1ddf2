import type { ManagedTransaction } from 'neo4j-driver';
import type { SchemaResponse } from '../api-types.ts';
import { isHiddenName, toNumber } from '../db/value-mapper.ts';
import { quoteName } from './cypher-names.ts';
import { relationshipTypes } from './graph-rows.ts';

/**
 * The property keys visible data uses, as last read, and the shape of the graph they were
 * read from. Telling them apart from the keys only the app's own `__` data uses reads every
 * element once, so the answer is kept until that shape changes.
 */
export interface VisibleKeysMemo {
  shape: string;
  keys: string[];
}

/**
 * Labels and types with counts from the count store, property keys and indexes. Nothing of
 * the app's own `__` data shows: not its labels and types, nor keys only it uses.
 */
export async function schema(
  tx: ManagedTransaction,
  memo: { current?: VisibleKeysMemo },
): Promise<SchemaResponse> {
  const labelNames = await databaseLabels(tx);
  const types = await relationshipTypes(tx);
  const labels = await countEach(
    tx,
    labelNames,
    (name, param) => `MATCH (x:${quoteName(name)}) RETURN $${param} AS name, count(x) AS count`,
  );
  const relationshipTypeCounts = await countEach(
    tx,
    types,
    (name, param) =>
      `MATCH ()-[x:${quoteName(name)}]->() RETURN $${param} AS name, count(x) AS count`,
  );
  const propertyKeys = await visiblePropertyKeys(tx, memo, [labels, relationshipTypeCounts]);
  const indexes = (
    await tx.run(
      'SHOW INDEXES YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties ORDER BY name',
    )
  ).records
    .map((r) => ({
      name: String(r.get('name')),
      type: String(r.get('type')),
      labelsOrTypes: ((r.get('labelsOrTypes') as string[] | null) ?? []).map(String),
      properties: ((r.get('properties') as string[] | null) ?? []).map(String),
    }))
    .filter((index) => !index.labelsOrTypes.some(isHiddenName));
  return {
    labels: labels.map(({ name, count }) => ({ label: name, count })),
    relationshipTypes: relationshipTypeCounts.map(({ name, count }) => ({ type: name, count })),
    propertyKeys,
    indexes,
  };
}

/** The database's labels, the reserved `__` ones left out. */
export async function databaseLabels(tx: ManagedTransaction): Promise<string[]> {
  return (await tx.run('CALL db.labels() YIELD label RETURN label')).records
    .map((r) => String(r.get('label')))
    .filter((l) => !isHiddenName(l));
}

/**
 * Keys that some visible node or relationship holds. The shape is every key name, the
 * visible counts and the seed ledger's last write: visible data changes only through the
 * loader, or with a count.
 */
async function visiblePropertyKeys(
  tx: ManagedTransaction,
  memo: { current?: VisibleKeysMemo },
  counts: { name: string; count: number }[][],
): Promise<string[]> {
  const names = (
    await tx.run('CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey')
  ).records
    .map((r) => String(r.get('propertyKey')))
    .filter((k) => !isHiddenName(k))
    .sort();
  const ledger = await tx.run(
    'MATCH (f:__SeedFile) RETURN count(f) AS files, toString(max(f.appliedAt)) AS last',
  );
  const shape = JSON.stringify([
    names,
    counts,
    toNumber(ledger.records[0]?.get('files')),
    ledger.records[0]?.get('last'),
  ]);
  if (memo.current?.shape === shape) return memo.current.keys;
  const used = await tx.run(
    `MATCH (n) WHERE NOT any(l IN labels(n) WHERE l STARTS WITH '__')
     UNWIND keys(n) AS key RETURN DISTINCT key
     UNION
     MATCH ()-[r]->() WHERE NOT type(r) STARTS WITH '__'
     UNWIND keys(r) AS key RETURN DISTINCT key`,
  );
  const visible = new Set(used.records.map((r) => String(r.get('key'))));
  const keys = names.filter((k) => visible.has(k));
  memo.current = { shape, keys };
  return keys;
}

/** One count-store query per name, batched as a UNION ALL in one round trip. */
async function countEach(
  tx: ManagedTransaction,
  names: string[],
  branch: (name: string, param: string) => string,
): Promise<{ name: string; count: number }[]> {
  if (names.length === 0) return [];
  const params: Record<string, string> = {};
  const branches = names.map((name, i) => {
    params[`n${i}`] = name;
    return branch(name, `n${i}`);
  });
  const result = await tx.run(branches.join('\nUNION ALL\n'), params);
  return result.records
    .map((r) => ({ name: String(r.get('name')), count: toNumber(r.get('count')) }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
