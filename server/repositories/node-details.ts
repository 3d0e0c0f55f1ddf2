import neo4j, { type ManagedTransaction, type Node } from 'neo4j-driver';
import type { Degree, GraphNode, SigningFacts, SourceSummary, Stance } from '../api-types.ts';
import { isHiddenName, toGraphNode, toJson, toNumber } from '../db/value-mapper.ts';
import { hopPattern } from './cypher-names.ts';
import { NOT_HIDDEN, WALKABLE_DEGREE, relationshipTypes } from './graph-rows.ts';
import { databaseLabels } from './graph-schema.ts';
import { byKeyBranches } from './nodes-by-key.ts';

/** The most relationships of one node inspected for the sources behind them. */
const SOURCE_SCAN_CAP = 5_000;
/** Beyond this many relationship types, degrees are counted by walking instead. */
const MAX_STATIC_TYPES = 300;

export interface NodeDetails {
  node: GraphNode;
  degrees: Degree[];
  sources: SourceSummary[];
  signing?: SigningFacts;
}

/** A node with its degrees per type and direction, the sources behind it and signing facts. */
export async function nodeDetails(tx: ManagedTransaction, id: string): Promise<NodeDetails | null> {
  const types = await relationshipTypes(tx);
  const staticTypes = types.length <= MAX_STATIC_TYPES;
  const degreeColumns = staticTypes
    ? types.flatMap((t) => [
        `COUNT { ${hopPattern('out', [t], '', '')} }`,
        `COUNT { ${hopPattern('in', [t], '', '')} }`,
      ])
    : [];
  const found = await tx.run(
    `MATCH (n) WHERE elementId(n) = $id AND ${NOT_HIDDEN('n')}
         RETURN n, COUNT { (n)--() } <= $walkable AS walkable, [${degreeColumns.join(', ')}] AS degrees`,
    { id, walkable: neo4j.int(WALKABLE_DEGREE) },
  );
  const record = found.records[0];
  if (!record) return null;
  const node = record.get('n') as Node;

  let degrees: Degree[];
  // Counts are of edges as drawn (parallel relationships from several sources are one);
  // a big node's come from the degree store instead, which counts relationships.
  if (staticTypes && record.get('walkable') !== true) {
    const counts = (record.get('degrees') as unknown[]).map(toNumber);
    degrees = types.flatMap((type, i) => [
      { type, direction: 'out' as const, count: counts[2 * i] ?? 0 },
      { type, direction: 'in' as const, count: counts[2 * i + 1] ?? 0 },
    ]);
  } else {
    degrees = await walkedDegrees(tx, id);
  }
  degrees = degrees.filter((d) => d.count > 0);
  await addStances(tx, id, degrees);

  const sources = await tx.run(
    `MATCH (n) WHERE elementId(n) = $id
         MATCH (n)-[r]-()
         WITH r LIMIT $cap
         WITH r.sourceId AS sourceId, count(*) AS relationships WHERE sourceId IS NOT NULL
         MATCH (s:Source) WHERE s.id = sourceId AND ${NOT_HIDDEN('s')}
         RETURN s, relationships ORDER BY relationships DESC, s.id`,
    { id, cap: neo4j.int(SOURCE_SCAN_CAP) },
  );
  const signing = node.labels.includes('Agreement') ? await signingOf(tx, id) : undefined;
  return {
    node: toGraphNode(node),
    degrees,
    ...(signing ? { signing } : {}),
    sources: sources.records.map((r) => {
      const source = toGraphNode(r.get('s') as Node);
      const sourceId = source.properties.id;
      return {
        id: typeof sourceId === 'string' ? sourceId : source.id,
        caption: source.caption,
        properties: source.properties,
        relationships: toNumber(r.get('relationships')),
      };
    }),
  };
}

/** The node whose `id` property is `key`, one label at a time (see nodes-by-key.ts). */
export async function nodeByKey(tx: ManagedTransaction, key: string): Promise<GraphNode | null> {
  const query = nodeByKeyQuery(await databaseLabels(tx));
  if (query === null) return null;
  const record = (await tx.run(query, { key })).records[0];
  return record ? toGraphNode(record.get('n') as Node) : null;
}

/** The query of nodeByKey over these labels; null when there are none. */
export function nodeByKeyQuery(labels: readonly string[]): string | null {
  const branches = byKeyBranches(labels, 'key', false);
  return branches.length === 0 ? null : `CALL () { ${branches.join(' UNION ')} } RETURN n LIMIT 1`;
}

/** A single node as a graph element, or null. */
export async function nodeById(tx: ManagedTransaction, id: string): Promise<GraphNode | null> {
  const found = await tx.run(`MATCH (n) WHERE elementId(n) = $id AND ${NOT_HIDDEN('n')} RETURN n`, {
    id,
  });
  const record = found.records[0];
  return record ? toGraphNode(record.get('n') as Node) : null;
}

/** Counts per stance for each degree row, over the node's first few thousand relationships. */
async function addStances(tx: ManagedTransaction, id: string, degrees: Degree[]): Promise<void> {
  if (degrees.length === 0) return;
  const result = await tx.run(
    `MATCH (n) WHERE elementId(n) = $id
     MATCH (n)-[r]-()
     WITH n, r LIMIT $cap
     WITH type(r) AS type, CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       r.stance AS stance, count(*) AS count WHERE stance IS NOT NULL
     RETURN type, direction, stance, count`,
    { id, cap: neo4j.int(SOURCE_SCAN_CAP) },
  );
  for (const record of result.records) {
    const degree = degrees.find(
      (d) => d.type === record.get('type') && d.direction === record.get('direction'),
    );
    if (!degree) continue;
    const stance = String(record.get('stance')) as Stance;
    degree.stances = { ...degree.stances, [stance]: toNumber(record.get('count')) };
  }
}

/**
 * When, where and by whom an agreement was signed. The place is usually several hops
 * away (agreement ← signing event → the visit it was part of → the place it was held in),
 * which is exactly what a reader should not have to walk.
 */
async function signingOf(tx: ManagedTransaction, id: string): Promise<SigningFacts | undefined> {
  const result = await tx.run(
    `MATCH (a) WHERE elementId(a) = $id
     OPTIONAL MATCH (a)<-[:PRODUCED]-(:Event)-[:PART_OF*0..3]->(:Event)-[:HELD_IN|TOOK_PLACE_IN|LOCATED_IN]->(place)
       WHERE ${NOT_HIDDEN('place')}
     WITH a, collect(DISTINCT coalesce(place.name, place.title)) AS places
     OPTIONAL MATCH (signer)-[s:SIGNED]->(a) WHERE ${NOT_HIDDEN('signer')}
     RETURN a.date AS agreementDate, places, collect(DISTINCT coalesce(signer.name, signer.title)) AS signatories,
       min(s.date) AS signedOn`,
    { id },
  );
  const record = result.records[0];
  if (!record) return undefined;
  const date = toJson(record.get('signedOn') ?? record.get('agreementDate'));
  const places = (record.get('places') as unknown[]).filter((p) => typeof p === 'string');
  const signatories = (record.get('signatories') as unknown[]).filter((p) => typeof p === 'string');
  if (date === null && places.length === 0 && signatories.length === 0) return undefined;
  return { date: typeof date === 'string' ? date : null, places, signatories };
}

/** Drawn edges per type and direction: parallel relationships to one neighbour count once. */
async function walkedDegrees(tx: ManagedTransaction, id: string): Promise<Degree[]> {
  const result = await tx.run(
    `MATCH (n) WHERE elementId(n) = $id
     MATCH (n)-[r]-(m)
     RETURN type(r) AS type, CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction,
       count(DISTINCT m) AS count`,
    { id },
  );
  return result.records
    .map((r) => ({
      type: String(r.get('type')),
      direction: r.get('direction') as 'in' | 'out',
      count: toNumber(r.get('count')),
    }))
    .filter((d) => !isHiddenName(d.type));
}
