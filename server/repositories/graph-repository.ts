import neo4j, {
  type ManagedTransaction,
  type Node,
  type Path,
  type Relationship,
} from 'neo4j-driver';
import type {
  Degree,
  GraphEdge,
  GraphPayload,
  GraphNode,
  SchemaResponse,
  SearchResult,
  SigningFacts,
  SourceSummary,
  Stance,
} from '../api-types.ts';
import type { Database } from '../db/database.ts';
import {
  captionOf,
  isHiddenName,
  isHiddenNode,
  isHiddenRelationship,
  toGraphEdge,
  toGraphNode,
  toJson,
  toNumber,
} from '../db/value-mapper.ts';
import { degreeSum, hopPattern, quoteName, type Direction } from './cypher-names.ts';
import { buildFulltextQuery } from './lucene-query.ts';
import { rankHits, searchableNames } from './search-ranking.ts';

/** The full-text index our seed schema creates; other graphs fall back to a bounded scan. */
export const SEARCH_INDEX = 'entity_search';

/** How long a sighting of the full-text index is trusted before looking again. */
const SEARCH_INDEX_RECHECK_MS = 5_000;
/** A node whose degree is above this is joined to others from their side, never walked. */
const WALKABLE_DEGREE = 200;
/** The most nodes a search without the full-text index looks at. */
const FALLBACK_SCAN_CAP = 200_000;
/** The most relationships of one node inspected for the sources behind them. */
const SOURCE_SCAN_CAP = 5_000;
/** Beyond this many relationship types, degrees are counted by walking instead. */
const MAX_STATIC_TYPES = 300;

const NOT_HIDDEN = (v: string) => `NOT any(l IN labels(${v}) WHERE l STARTS WITH '__')`;

export interface NodeDetails {
  node: GraphNode;
  degrees: Degree[];
  sources: SourceSummary[];
  signing?: SigningFacts;
}

export interface NeighbourPage {
  nodes: GraphNode[];
  edges: GraphEdge[];
  total: number;
  /** Offset of the next page, or null when this one is the last. */
  nextOffset: number | null;
}

export interface ExpansionResult {
  nodes: GraphNode[];
  edges: GraphEdge[];
  totals: Record<string, number>;
}

export interface PathsResult {
  paths: { nodes: string[]; edges: string[] }[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface NeighbourQuery {
  types: string[] | null;
  direction: Direction;
  limit: number;
}

/**
 * Every read the explorer makes, as parameterised Cypher in read transactions. Type names
 * that must sit in a pattern come from the database's own list and are quoted.
 */
export class GraphRepository {
  constructor(
    private readonly db: Database,
    private readonly timeoutMs: number,
  ) {}

  async search(text: string, labels: string[] | null, limit: number): Promise<SearchResult[]> {
    try {
      return await this.db.read(async (tx) => {
        if (!this.searchIndexSeenRecently()) {
          const index = await tx.run(
            'SHOW FULLTEXT INDEXES YIELD name, state WHERE name = $name RETURN state',
            { name: SEARCH_INDEX },
          );
          this.searchIndexSeenAt = index.records[0]?.get('state') === 'ONLINE' ? Date.now() : 0;
        }
        return this.searchIndexSeenRecently()
          ? await fulltextSearch(tx, text, labels, limit)
          : await scanSearch(tx, text, labels, limit);
      }, this.options());
    } catch (error) {
      // The index went away since it was last seen: look again, once.
      if (this.searchIndexSeenAt !== 0 && /no such fulltext schema index/i.test(String(error))) {
        this.searchIndexSeenAt = 0;
        return this.search(text, labels, limit);
      }
      throw error;
    }
  }

  /** When the full-text index was last seen online; re-checked every few seconds. */
  private searchIndexSeenAt = 0;

  private searchIndexSeenRecently(): boolean {
    return Date.now() - this.searchIndexSeenAt < SEARCH_INDEX_RECHECK_MS;
  }

  async nodeDetails(id: string): Promise<NodeDetails | null> {
    return this.db.read(async (tx) => {
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
    }, this.options());
  }

  /** One page of a node's neighbours, in the store's stable order; null for an unknown node. */
  async neighbours(
    id: string,
    query: NeighbourQuery,
    offset: number,
  ): Promise<NeighbourPage | null> {
    return this.db.read(async (tx) => {
      const types = await knownTypes(tx, query.types);
      const head = await tx.run(
        `MATCH (n) WHERE elementId(n) = $id AND ${NOT_HIDDEN('n')}
         RETURN ${degreeSum(query.direction, types)} AS total,
           COUNT { (n)--() } <= $walkable AS walkable`,
        { id, walkable: neo4j.int(WALKABLE_DEGREE) },
      );
      const record = head.records[0];
      if (!record) return null;
      if (types?.length === 0) return { nodes: [], edges: [], total: 0, nextOffset: null };
      const hop = `MATCH (n) WHERE elementId(n) = $id
         MATCH ${hopPattern(query.direction, types)} WHERE ${NOT_HIDDEN('m')}`;
      const next = offset + query.limit;
      if (record.get('walkable') === true) {
        // A walkable node is read whole and paged by drawn edge, parallel ones together.
        const all = await tx.run(`${hop} RETURN r, m`, { id });
        const groups = groupPairs(all.records.map((r) => [r.get('r'), r.get('m')]));
        return {
          ...graphOfPairs(groups.slice(offset, next)),
          total: groups.length,
          nextOffset: next < groups.length ? next : null,
        };
      }
      // A big node is paged by relationship in the store's order, never walked whole.
      const total = toNumber(record.get('total'));
      const page = await tx.run(`${hop} RETURN r, m SKIP $skip LIMIT $limit`, {
        id,
        skip: neo4j.int(offset),
        limit: neo4j.int(query.limit),
      });
      const pairs = groupPairs(page.records.map((r) => [r.get('r'), r.get('m')]));
      return {
        ...graphOfPairs(pairs),
        total,
        nextOffset: page.records.length === query.limit && next < total ? next : null,
      };
    }, this.options());
  }

  /**
   * Neighbours of several nodes at once (each capped), plus every relationship among the
   * given and the new nodes, so a canvas showing them stays complete.
   */
  async expand(ids: string[], query: NeighbourQuery): Promise<ExpansionResult | null> {
    return this.db.read(async (tx) => {
      const types = await knownTypes(tx, query.types);
      const expanded = await tx.run(
        `UNWIND $ids AS id
         MATCH (n) WHERE elementId(n) = id AND ${NOT_HIDDEN('n')}
         RETURN n, ${degreeSum(query.direction, types)} AS total,
           COUNT { (n)--() } <= $walkable AS walkable,
           ${types?.length === 0 ? '[]' : `COLLECT { MATCH ${hopPattern(query.direction, types)} WHERE ${NOT_HIDDEN('m')} RETURN [r, m] LIMIT $fetch }`} AS pairs`,
        {
          ids,
          walkable: neo4j.int(WALKABLE_DEGREE),
          // A walkable node's relationships all come, to be grouped into drawn edges.
          fetch: neo4j.int(Math.max(query.limit, WALKABLE_DEGREE)),
        },
      );
      if (expanded.records.length === 0) return null;
      const nodes = new Map<string, GraphNode>();
      const edges = new Map<string, GraphEdge>();
      const totals: Record<string, number> = {};
      const pages: EdgeGroup[][] = [];
      for (const record of expanded.records) {
        const node = toGraphNode(record.get('n') as Node);
        nodes.set(node.id, node);
        const groups = groupPairs(record.get('pairs') as [Relationship, Node][]);
        // Walkable: counted and capped by drawn edge; big: by relationship, as the store counts.
        const walkable = record.get('walkable') === true;
        totals[node.id] = walkable ? groups.length : toNumber(record.get('total'));
        pages.push(walkable ? groups.slice(0, query.limit) : capRelationships(groups, query.limit));
      }
      for (const groups of pages) {
        const page = graphOfPairs(groups);
        for (const n of page.nodes) if (!nodes.has(n.id)) nodes.set(n.id, n);
        for (const e of page.edges) edges.set(e.id, e);
      }
      for (const edge of await edgesAmong(tx, [...nodes.keys()])) edges.set(edge.id, edge);
      return { nodes: [...nodes.values()], edges: [...edges.values()], totals };
    }, this.options());
  }

  /**
   * The given nodes that exist, with every relationship among them. With `touching`, only
   * those nodes and the relationships with an end among them: the rest are the caller's
   * already, and sending them back would cost more than finding the relationships.
   */
  async subgraph(ids: string[], touching: string[] | null): Promise<GraphPayload> {
    return this.db.read(async (tx) => {
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
      const edges = touching
        ? await edgesBetween(tx, shown, present)
        : await edgesAmong(tx, present);
      return {
        nodes: nodes.records.map((record) => toGraphNode(record.get('n') as Node)),
        edges,
      };
    }, this.options());
  }

  /** Whether each id names a visible node. */
  async existing(ids: string[]): Promise<Set<string>> {
    return this.db.read(async (tx) => {
      const found = await tx.run(
        `UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id AND ${NOT_HIDDEN('n')}
         RETURN elementId(n) AS id`,
        { ids },
      );
      return new Set(found.records.map((r) => String(r.get('id'))));
    }, this.options());
  }

  /** All shortest paths between two nodes, at most `maxHops` long (the caller bounds it). */
  async shortestPaths(
    from: string,
    to: string,
    options: { maxHops: number; types: string[] | null; stances: string[] | null; limit: number },
  ): Promise<PathsResult> {
    if (!Number.isInteger(options.maxHops) || options.maxHops < 1) {
      throw new RangeError('maxHops must be a positive integer');
    }
    return this.db.read(async (tx) => {
      const types = await knownTypes(tx, options.types);
      if (types?.length === 0) return { paths: [], nodes: [], edges: [] };
      const typePart = types === null ? '' : `:${types.map(quoteName).join('|')}`;
      // Checked during the search, so the shortest paths are those through counted stances.
      const stancePart =
        options.stances === null
          ? ''
          : 'WHERE all(r IN relationships(p) WHERE r.stance IS NULL OR r.stance IN $stances)';
      const result = await tx.run(
        `MATCH (a) WHERE elementId(a) = $from
         MATCH (b) WHERE elementId(b) = $to
         MATCH p = allShortestPaths((a)-[${typePart}*..${options.maxHops}]-(b))
         ${stancePart}
         RETURN p LIMIT $limit`,
        { from, to, limit: neo4j.int(options.limit), stances: options.stances ?? [] },
      );
      const nodes = new Map<string, GraphNode>();
      const edges = new Map<string, GraphEdge>();
      const paths: PathsResult['paths'] = [];
      for (const record of result.records) {
        const path = record.get('p') as Path;
        const pathNodes = [path.start, ...path.segments.map((s) => s.end)];
        const pathEdges = path.segments.map((s) => s.relationship);
        if (pathNodes.some(isHiddenNode) || pathEdges.some(isHiddenRelationship)) continue;
        for (const n of pathNodes)
          if (!nodes.has(n.elementId)) nodes.set(n.elementId, toGraphNode(n));
        for (const e of pathEdges)
          if (!edges.has(e.elementId)) edges.set(e.elementId, toGraphEdge(e));
        paths.push({
          nodes: pathNodes.map((n) => n.elementId),
          edges: pathEdges.map((e) => e.elementId),
        });
      }
      return { paths, nodes: [...nodes.values()], edges: [...edges.values()] };
    }, this.options());
  }

  /**
   * The node whose `id` property is `key`. Without a label the lookup cannot use the
   * per-label constraints and scans; it runs only when a person opens a claimant or
   * source that is not on the canvas.
   */
  async nodeByKey(key: string): Promise<GraphNode | null> {
    return this.db.read(async (tx) => {
      const found = await tx.run(
        `MATCH (n) WHERE n.id = $key AND ${NOT_HIDDEN('n')} RETURN n LIMIT 1`,
        { key },
      );
      const record = found.records[0];
      return record ? toGraphNode(record.get('n') as Node) : null;
    }, this.options());
  }

  /** A single node as a graph element, or null. */
  async node(id: string): Promise<GraphNode | null> {
    return this.db.read(async (tx) => {
      const found = await tx.run(
        `MATCH (n) WHERE elementId(n) = $id AND ${NOT_HIDDEN('n')} RETURN n`,
        { id },
      );
      const record = found.records[0];
      return record ? toGraphNode(record.get('n') as Node) : null;
    }, this.options());
  }

  /** Labels and types with counts from the count store, property keys and indexes. */
  async schema(): Promise<SchemaResponse> {
    return this.db.read(async (tx) => {
      const labelNames = (await tx.run('CALL db.labels() YIELD label RETURN label')).records
        .map((r) => String(r.get('label')))
        .filter((l) => !isHiddenName(l));
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
    }, this.options());
  }

  private options() {
    return { timeoutMs: this.timeoutMs };
  }
}

async function relationshipTypes(tx: ManagedTransaction): Promise<string[]> {
  const result = await tx.run(
    'CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType',
  );
  return result.records
    .map((r) => String(r.get('relationshipType')))
    .filter((t) => !isHiddenName(t))
    .sort();
}

/** The asked-for types that exist (null means any type); hidden types are never asked for. */
async function knownTypes(
  tx: ManagedTransaction,
  asked: string[] | null,
): Promise<string[] | null> {
  if (asked === null) return null;
  const existing = new Set(await relationshipTypes(tx));
  return [...new Set(asked)].filter((t) => existing.has(t));
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

/** One drawn edge's worth of relationships: one type, one direction, one neighbour. */
type EdgeGroup = [Relationship[], Node];

/**
 * `[relationship, neighbour]` pairs of one node as drawn edges, in a stable order (by
 * neighbour, type, direction): parallel relationships from several sources travel together.
 */
function groupPairs(pairs: [Relationship, Node][]): EdgeGroup[] {
  const groups = new Map<string, EdgeGroup>();
  for (const [relationship, node] of pairs) {
    const out = relationship.endNodeElementId === node.elementId;
    const key = JSON.stringify([node.elementId, relationship.type, out]);
    const group = groups.get(key);
    if (group) group[0].push(relationship);
    else groups.set(key, [[relationship], node]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, group]) => group);
}

/** Groups holding at most `limit` relationships in all (a big node's page). */
function capRelationships(groups: EdgeGroup[], limit: number): EdgeGroup[] {
  const kept: EdgeGroup[] = [];
  let left = limit;
  for (const [relationships, node] of groups) {
    if (left <= 0) break;
    kept.push([relationships.slice(0, left), node]);
    left -= relationships.length;
  }
  return kept;
}

function graphOfPairs(pairs: EdgeGroup[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  for (const [relationships, node] of pairs) {
    for (const relationship of relationships) {
      if (isHiddenRelationship(relationship)) continue;
      if (!nodes.has(node.elementId)) nodes.set(node.elementId, toGraphNode(node));
      if (!edges.has(relationship.elementId)) {
        edges.set(relationship.elementId, toGraphEdge(relationship));
      }
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
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
async function edgesAmong(tx: ManagedTransaction, ids: string[]): Promise<GraphEdge[]> {
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

/** Relationships as edges, once each, without those of hidden (`__`) nodes. */
function visibleEdges(rels: Relationship[]): GraphEdge[] {
  const edges = new Map<string, GraphEdge>();
  for (const rel of rels) {
    if (!isHiddenRelationship(rel) && !edges.has(rel.elementId)) {
      edges.set(rel.elementId, toGraphEdge(rel));
    }
  }
  return [...edges.values()];
}

async function fulltextSearch(
  tx: ManagedTransaction,
  text: string,
  labels: string[] | null,
  limit: number,
): Promise<SearchResult[]> {
  const query = buildFulltextQuery(text);
  if (query === null) return [];
  // Hits are ranked again by how they match a name, so Lucene is asked for a few more
  // than shown: an exact caption that Lucene scores below fuzzy hits still makes the list.
  const wanted = Math.max(limit * 3, 30);
  const fetch = labels === null ? wanted : Math.max(limit * 20, 500);
  const result = await tx.run(
    `CALL db.index.fulltext.queryNodes($index, $query, {limit: $fetch}) YIELD node, score
     WHERE ${NOT_HIDDEN('node')}
       AND ($labels IS NULL OR any(l IN labels(node) WHERE l IN $labels))
     RETURN node, score LIMIT $wanted`,
    { index: SEARCH_INDEX, query, labels, fetch: neo4j.int(fetch), wanted: neo4j.int(wanted) },
  );
  return rankedResults(text, result.records, limit);
}

/**
 * For graphs without our index: a case-insensitive CONTAINS over `name` and `title`,
 * bounded to the first nodes of the store so it cannot run away on a big graph.
 */
async function scanSearch(
  tx: ManagedTransaction,
  text: string,
  labels: string[] | null,
  limit: number,
): Promise<SearchResult[]> {
  const needle = text.normalize('NFKC').trim().toLowerCase();
  if (needle === '') return [];
  const result = await tx.run(
    `MATCH (n) WITH n LIMIT $scan
     WITH n WHERE ${NOT_HIDDEN('n')}
       AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels))
     WITH n, [v IN [n.name, n.title] WHERE v IS :: STRING | toLower(v)] AS texts
     WITH n, texts WHERE any(t IN texts WHERE t CONTAINS $needle)
     WITH n, CASE
         WHEN any(t IN texts WHERE t = $needle) THEN 1.0
         WHEN any(t IN texts WHERE t STARTS WITH $needle) THEN 0.8
         ELSE 0.5 END AS score
     RETURN n AS node, score ORDER BY score DESC LIMIT $limit`,
    { scan: neo4j.int(FALLBACK_SCAN_CAP), labels, needle, limit: neo4j.int(limit) },
  );
  return rankedResults(text, result.records, limit);
}

/** Search hits as results, exact and prefix matches of a name first (search-ranking.ts). */
function rankedResults(
  text: string,
  records: { get(key: string): unknown }[],
  limit: number,
): SearchResult[] {
  const hits = records.map((r) => {
    const node = r.get('node') as Node;
    const properties = Object.fromEntries(
      Object.entries(node.properties).map(([k, v]) => [k, toJson(v)]),
    );
    const result: SearchResult = {
      id: node.elementId,
      labels: [...node.labels],
      caption: captionOf(node.labels, properties),
      score: toNumber(r.get('score')),
    };
    return { result, properties };
  });
  return rankHits(text, hits, (hit) => searchableNames(hit.result.caption, hit.properties))
    .slice(0, limit)
    .map((hit) => hit.result);
}
