import neo4j, { type ManagedTransaction, type Node, type Relationship } from 'neo4j-driver';
import type { GraphEdge, GraphPayload } from '../api-types.ts';
import { toGraphNode } from '../db/value-mapper.ts';
import { NOT_HIDDEN, WALKABLE_DEGREE, visibleEdges } from './graph-rows.ts';

/**
 * The given nodes that exist, with every relationship among them. With `touching`, only
 * those nodes and the relationships with an end among them: the rest are the caller's
 * already, and sending them back would cost more than finding the relationships.
 */
export async function subgraph(
  tx: ManagedTransaction,
  ids: string[],
  touching: string[] | null,
): Promise<GraphPayload> {
  const found = await tx.run(
    `UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id AND ${NOT_HIDDEN('n')}
         RETURN elementId(n) AS id`,
    { ids },
  );
  const present = found.records.map((record) => String(record.get('id')));
  const known = new Set(present);
  const shown = touching ? touching.filter((id) => known.has(id)) : present;
  const nodes = await tx.run(`UNWIND $shown AS id MATCH (n) WHERE elementId(n) = id RETURN n`, {
    shown,
  });
  const edges = touching ? await edgesBetween(tx, shown, present) : await edgesAmong(tx, present);
  return {
    nodes: nodes.records.map((record) => toGraphNode(record.get('n') as Node)),
    edges,
  };
}

/** Whether each id names a visible node. */
export async function existing(tx: ManagedTransaction, ids: string[]): Promise<Set<string>> {
  const found = await tx.run(
    `UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id AND ${NOT_HIDDEN('n')}
         RETURN elementId(n) AS id`,
    { ids },
  );
  return new Set(found.records.map((r) => String(r.get('id'))));
}

/** Which of the given nodes are too big to walk (degrees come from the store). */
const BIG_NODES = `UNWIND $ids AS id
  MATCH (x) WHERE elementId(x) = id AND COUNT { (x)--() } > $walkable
  RETURN collect(elementId(x)) AS big`;
/** Relationships of walkable nodes `$walk` whose other end is among `$other`. */
const WALK = `UNWIND $walk AS id
  MATCH (x) WHERE elementId(x) = id
  MATCH (x)-[r]-(y) WHERE elementId(y) IN $other
  RETURN r`;
/** Relationships between two sets of big nodes, joined directly (Expand(Into)). */
const JOIN_BIG = `UNWIND $a AS ia
  MATCH (a) WHERE elementId(a) = ia
  UNWIND $b AS ib
  MATCH (b) WHERE elementId(b) = ib AND a <> b
  MATCH (a)-[r]-(b)
  RETURN r`;

/**
 * Every relationship among the given nodes, in one query: ordinary nodes are walked and
 * their relationships kept when the other end is in the set; big ones are joined directly.
 */
const AMONG = `UNWIND $ids AS id
  MATCH (x) WHERE elementId(x) = id AND COUNT { (x)--() } <= $walkable
  MATCH (x)-[r]-(y) WHERE elementId(y) IN $ids
  RETURN r
  UNION
  CALL {
    UNWIND $ids AS id
    MATCH (x) WHERE elementId(x) = id AND COUNT { (x)--() } > $walkable
    RETURN collect(x) AS big
  }
  UNWIND big AS a
  UNWIND big AS b
  WITH a, b WHERE a <> b
  MATCH (a)-[r]->(b)
  RETURN r`;

/** Every relationship among the given nodes. */
export async function edgesAmong(tx: ManagedTransaction, ids: string[]): Promise<GraphEdge[]> {
  if (ids.length < 2) return [];
  const result = await tx.run(AMONG, { ids, walkable: neo4j.int(WALKABLE_DEGREE) });
  return visibleEdges(result.records.map((record) => record.get('r') as Relationship));
}

/**
 * Every relationship with one end in `from` and the other in `to`. Ordinary nodes are
 * walked and their relationships kept when the other end is wanted; two big nodes are
 * joined directly, so a supernode's relationships are never walked. (A big node's
 * relationships to itself are left out.)
 */
async function edgesBetween(
  tx: ManagedTransaction,
  from: string[],
  to: string[],
): Promise<GraphEdge[]> {
  if (from.length === 0 || to.length === 0) return [];
  const walkable = neo4j.int(WALKABLE_DEGREE);
  const bigOf = async (ids: string[]) =>
    new Set(
      (await tx.run(BIG_NODES, { ids, walkable })).records[0]?.get('big') as string[] | undefined,
    );
  const bigFrom = await bigOf(from);
  const rels: Relationship[] = [];
  const collect = async (query: string, params: Record<string, unknown>) => {
    for (const record of (await tx.run(query, params)).records) {
      rels.push(record.get('r') as Relationship);
    }
  };
  // Ordinary nodes of `from` to anything in `to`, then ordinary nodes of `to` to the big
  // ones of `from`, then big to big.
  await collect(WALK, { walk: from.filter((id) => !bigFrom.has(id)), other: to });
  if (bigFrom.size > 0) {
    const bigTo = await bigOf(to);
    await collect(WALK, { walk: to.filter((id) => !bigTo.has(id)), other: [...bigFrom] });
    if (bigTo.size > 0) await collect(JOIN_BIG, { a: [...bigFrom], b: [...bigTo] });
  }
  return visibleEdges(rels);
}
