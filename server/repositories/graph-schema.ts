import type { ManagedTransaction } from 'neo4j-driver';
import type { SchemaResponse } from '../api-types.ts';
import { isHiddenName, toNumber } from '../db/value-mapper.ts';
import { quoteName } from './cypher-names.ts';
import { relationshipTypes } from './graph-rows.ts';

/** Labels and types with counts from the count store, property keys and indexes. */
export async function schema(tx: ManagedTransaction): Promise<SchemaResponse> {
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
  const propertyKeys = (
    await tx.run('CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey')
  ).records
    .map((r) => String(r.get('propertyKey')))
    .filter((k) => !isHiddenName(k))
    .sort();
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
