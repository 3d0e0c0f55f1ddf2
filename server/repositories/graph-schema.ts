import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import type { SchemaResponse } from '../api-types.ts';
import { isHiddenName, toNumber } from '../db/value-mapper.ts';
import { quoteName } from './cypher-names.ts';

/** The app's own `__` elements read per label and type: there are few, bar an audit trail. */
const OWN_SAMPLE = 10_000;
/** Visible nodes and relationships read, in store order, for keys they share with those. */
const VISIBLE_SAMPLE = 10_000;

/** Nodes per label and relationships per type, as the count store holds them. */
export interface GraphCounts {
  labels: Map<string, number>;
  types: Map<string, number>;
}

/**
 * Every label's and type's count in one call. `db.stats.retrieve` needs an admin (as the
 * embedded server's user is); elsewhere it fails and the schema counts name by name.
 */
export async function graphCounts(tx: ManagedTransaction): Promise<GraphCounts> {
  const result = await tx.run(
    "CALL db.stats.retrieve('GRAPH COUNTS') YIELD data RETURN data.nodes AS nodes, data.relationships AS relationships",
  );
  const record = result.records[0];
  const entries = (key: string) => (record?.get(key) ?? []) as Record<string, unknown>[];
  const labels = new Map<string, number>();
  const types = new Map<string, number>();
  for (const entry of entries('nodes')) {
    if (typeof entry.label === 'string') labels.set(entry.label, toNumber(entry.count));
  }
  // A type's own total is the entry without start or end label.
  for (const entry of entries('relationships')) {
    const { relationshipType: type, startLabel, endLabel } = entry;
    if (typeof type === 'string' && startLabel === undefined && endLabel === undefined) {
      types.set(type, toNumber(entry.count));
    }
  }
  return { labels, types };
}

/**
 * Labels and types with counts from the count store, property keys and indexes. Nothing of
 * the app's own `__` data shows: not its labels and types, nor keys only it uses. With
 * `counts` (from `graphCounts`) nothing is counted here.
 */
export async function schema(
  tx: ManagedTransaction,
  counts: GraphCounts | null = null,
): Promise<SchemaResponse> {
  const allLabels = await tokens(tx, 'CALL db.labels() YIELD label RETURN label');
  const allTypes = await tokens(
    tx,
    'CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType',
  );
  const labelNames = allLabels.filter((name) => !isHiddenName(name));
  const types = allTypes.filter((name) => !isHiddenName(name));
  const known = (names: string[], found: Map<string, number>) =>
    names
      .map((name) => ({ name, count: found.get(name) ?? 0 }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  // Counted before the name joins the row: as a grouping key it would turn the count-store
  // read into a scan of every element (1.1 s at five million relationships). A union of one
  // count per name took about 0.9 s to plan on a fresh JVM with the seed data's 48 names.
  const labels = counts
    ? known(labelNames, counts.labels)
    : await countEach(
        tx,
        labelNames,
        (name, param) =>
          `MATCH (x:${quoteName(name)}) WITH count(x) AS count RETURN $${param} AS name, count`,
      );
  const relationshipTypeCounts = counts
    ? known(types, counts.types)
    : await countEach(
        tx,
        types,
        (name, param) =>
          `MATCH ()-[x:${quoteName(name)}]->() WITH count(x) AS count RETURN $${param} AS name, count`,
      );
  const propertyKeys = await visiblePropertyKeys(
    tx,
    allLabels.filter(isHiddenName),
    allTypes.filter(isHiddenName),
  );
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
  return (await tokens(tx, 'CALL db.labels() YIELD label RETURN label')).filter(
    (l) => !isHiddenName(l),
  );
}

/** The names one token procedure lists, sorted. */
async function tokens(tx: ManagedTransaction, call: string): Promise<string[]> {
  return (await tx.run(call)).records.map((r) => String(r.get(0))).sort();
}

/**
 * Every property key except those only the app's own `__` data holds. Reading every element
 * for its keys took 10–13 s at a million nodes, past the query timeout, so both sides are
 * sampled: the app's own elements per label and type (they are few), and the first 10,000
 * visible nodes and relationships in store order. A key of the app's own that the sample of
 * visible data lacks stays out.
 */
async function visiblePropertyKeys(
  tx: ManagedTransaction,
  ownLabels: string[],
  ownTypes: string[],
): Promise<string[]> {
  const names = (
    await tokens(tx, 'CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey')
  ).filter((k) => !isHiddenName(k));
  const own = await sampledKeys(tx, ownLabels, ownTypes, OWN_SAMPLE);
  const candidates = names.filter((k) => own.has(k));
  if (candidates.length === 0) return names;
  // Two plain scans that stop after the sample, not a branch per label and type: a union of
  // the 48 in the seed data took 0.8 s to plan on a fresh JVM.
  const result = await tx.run(
    `CALL () {
       MATCH (x) WHERE NOT any(l IN labels(x) WHERE l STARTS WITH '__')
       WITH x LIMIT $sample UNWIND keys(x) AS key RETURN DISTINCT key
       UNION
       MATCH ()-[x]->() WHERE NOT type(x) STARTS WITH '__'
       WITH x LIMIT $sample UNWIND keys(x) AS key RETURN DISTINCT key
     }
     WITH key WHERE key IN $candidates RETURN key`,
    { sample: neo4j.int(VISIBLE_SAMPLE), candidates },
  );
  const shared = new Set(result.records.map((r) => String(r.get('key'))));
  return names.filter((k) => !own.has(k) || shared.has(k));
}

/** Keys held by the first `sample` elements of each of the app's own labels and types. */
async function sampledKeys(
  tx: ManagedTransaction,
  labels: string[],
  types: string[],
  sample: number,
): Promise<Set<string>> {
  const branches = [
    ...labels.map(
      (label) =>
        `MATCH (x:${quoteName(label)}) WITH x LIMIT $sample UNWIND keys(x) AS key RETURN DISTINCT key`,
    ),
    ...types.map(
      (type) =>
        `MATCH ()-[x:${quoteName(type)}]->() WITH x LIMIT $sample UNWIND keys(x) AS key RETURN DISTINCT key`,
    ),
  ];
  if (branches.length === 0) return new Set();
  const result = await tx.run(branches.join('\nUNION\n'), { sample: neo4j.int(sample) });
  return new Set(result.records.map((r) => String(r.get('key'))));
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
