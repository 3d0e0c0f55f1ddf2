/**
 * A big node's relationships, one page at a time, in relationship-id order with a keyset
 * cursor (the last id handed out), so page 500,000 costs what page 1 costs and pages stay
 * put while relationships are added.
 *
 * Neo4j keeps no per-node index over relationship ids, but it finds a relationship by id
 * in one record read. So the next page is looked for by id: a window of ids after the
 * cursor is read, and the node's own relationships kept. On a supernode (a good share of
 * all relationships) a page needs a few hundred reads wherever it starts. When the node's
 * relationships are too sparse among all ids for that to pay, the page is read by walking
 * the node's relationships instead, which costs its degree. `id()` is deprecated in Neo4j
 * 5 but is the only ordered, seekable relationship key Cypher offers; it never leaves this
 * module except inside an opaque cursor.
 */
import neo4j, { type ManagedTransaction, type Node, type Relationship } from 'neo4j-driver';
import { toNumber } from '../db/value-mapper.ts';
import { hopPattern, type Direction } from './cypher-names.ts';
import { NOT_HIDDEN } from './graph-rows.ts';

/** Where a relationship-order walk stands: after the relationship `after`, `seen` handed out. */
export interface RelationshipPosition {
  after: number;
  seen: number;
}

export interface RelationshipPage {
  /** Visible pairs of this page, in relationship-id order. */
  pairs: [Relationship, Node][];
  /** The next page's position, or null when the node has no more. */
  next: RelationshipPosition | null;
}

export interface KeysetScope {
  id: string;
  types: string[] | null;
  direction: Direction;
  /** Relationships of these types in this direction, from the degree store. */
  degree: number;
  /** Relationships in the database, from the count store. */
  relationships: number;
}

/** Most id reads spent looking for one page before walking the node instead. */
const MAX_SEEKS = 50_000;
const FIRST_WINDOW = { min: 64, slack: 1.5 } as const;

interface Row {
  key: number;
  pair: [Relationship, Node];
  visible: boolean;
}

function rowsOf(records: { get(key: string): unknown }[]): Row[] {
  return records.map((record) => ({
    key: toNumber(record.get('k') as number),
    pair: [record.get('r') as Relationship, record.get('m') as Node],
    visible: record.get('visible') === true,
  }));
}

/**
 * The node's relationships among ids `$from`..`$to`, in id order, at most `$take`: one
 * record read per id. Exported so the benchmark can profile the very text a page runs.
 */
export function seekWindowQuery(direction: Direction, typed: boolean): string {
  const touches = direction === 'out' ? 'a = n' : direction === 'in' ? 'b = n' : '(a = n OR b = n)';
  return `MATCH (n) WHERE elementId(n) = $id
     UNWIND range($from, $to) AS k
     MATCH (a)-[r]->(b) WHERE id(r) = k
     WITH n, k, r, a, b WHERE ${touches} ${typed ? 'AND type(r) IN $types' : ''}
     WITH k, r, CASE WHEN a = n THEN b ELSE a END AS m
     RETURN k, r, m, ${NOT_HIDDEN('m')} AS visible
     LIMIT $take`;
}

async function seekWindow(
  tx: ManagedTransaction,
  scope: KeysetScope,
  from: number,
  to: number,
  take: number,
): Promise<Row[]> {
  const result = await tx.run(seekWindowQuery(scope.direction, scope.types !== null), {
    id: scope.id,
    from: neo4j.int(from),
    to: neo4j.int(to),
    types: scope.types,
    take: neo4j.int(take),
  });
  return rowsOf(result.records);
}

/** The node's next `take` relationships after `after`, found by walking all of them. */
async function walk(
  tx: ManagedTransaction,
  scope: KeysetScope,
  after: number,
  take: number,
): Promise<Row[]> {
  const result = await tx.run(
    `MATCH (n) WHERE elementId(n) = $id
     MATCH ${hopPattern(scope.direction, scope.types)} WHERE id(r) > $after
     WITH r, m ORDER BY id(r) LIMIT $take
     RETURN id(r) AS k, r, m, ${NOT_HIDDEN('m')} AS visible`,
    { id: scope.id, after: neo4j.int(after), take: neo4j.int(take) },
  );
  return rowsOf(result.records);
}

/** One page of `limit` relationships (hidden neighbours' ones count but are not shown). */
export async function relationshipPage(
  tx: ManagedTransaction,
  scope: KeysetScope,
  from: RelationshipPosition,
  limit: number,
): Promise<RelationshipPage> {
  const rows: Row[] = [];
  let after = from.after;
  // Reads one id window costs against walking the node: seek only where it is cheaper.
  const density = scope.degree / Math.max(1, scope.relationships);
  const expectedSeeks = limit / Math.max(density, 1e-9);
  let budget = Math.min(MAX_SEEKS, scope.degree);
  if (expectedSeeks < budget) {
    let window = Math.max(FIRST_WINDOW.min, Math.ceil(expectedSeeks * FIRST_WINDOW.slack));
    while (rows.length < limit && budget > 0) {
      // Everything the degree store counts has been handed out: nothing lies further on.
      if (from.seen + rows.length >= scope.degree) break;
      const size = Math.min(window, budget);
      const want = limit - rows.length;
      const found = await seekWindow(tx, scope, after + 1, after + size, want);
      rows.push(...found);
      budget -= size;
      after = found.length === want ? (found.at(-1)?.key ?? after) : after + size;
      window *= 2;
    }
  }
  // The degree store says when all were handed out, but relationships deleted behind the
  // cursor make it say so early; so its word ends the seeking, and a walk confirms the end
  // (on a supernode that walk reads its whole degree, once, at the end of its pages).
  let exhausted: boolean;
  if (rows.length < limit) {
    // Too sparse to find by id, past the budget, or the count says done: walk from where
    // the seeks stopped.
    const need = limit - rows.length;
    const walked = await walk(tx, scope, after, need + 1);
    rows.push(...walked.slice(0, need));
    exhausted = walked.length <= need;
  } else if (from.seen + rows.length >= scope.degree) {
    exhausted = (await walk(tx, scope, rows.at(-1)?.key ?? after, 1)).length === 0;
  } else {
    exhausted = false;
  }
  const last = rows.at(-1);
  const seen = from.seen + rows.length;
  return {
    pairs: rows.filter((row) => row.visible).map((row) => row.pair),
    next: exhausted || last === undefined ? null : { after: last.key, seen },
  };
}
