import type { GraphNode, GraphPayload, SchemaResponse, SearchResult } from '../api-types.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { ReadOptions } from './graph-rows.ts';
import { shortestPaths, type PathOptions, type PathsResult } from './graph-paths.ts';
import { databaseLabels, graphCounts, schema } from './graph-schema.ts';
import { GraphSearch } from './graph-search.ts';
import { existing, subgraph } from './graph-subgraph.ts';
import {
  expand,
  neighbours,
  type ExpansionResult,
  type NeighbourPage,
  type NeighbourPosition,
  type NeighbourQuery,
} from './neighbour-paging.ts';
import { nodeById, nodeByKey, nodeDetails, type NodeDetails } from './node-details.ts';

export { SEARCH_INDEX } from './graph-search.ts';
export type { PathsResult } from './graph-paths.ts';
export type {
  ExpansionResult,
  NeighbourPage,
  NeighbourPosition,
  NeighbourQuery,
} from './neighbour-paging.ts';
export type { NodeDetails } from './node-details.ts';

/**
 * Every read the explorer makes, as parameterised Cypher in read transactions. Type names
 * that must sit in a pattern come from the database's own list and are quoted. Each concern
 * lives in its own module; this class gives them one transaction-and-timeout front.
 */
export class GraphRepository {
  private readonly searcher: GraphSearch;
  /** False once `db.stats.retrieve` was refused (a user who is no admin). */
  private statsAllowed: boolean | undefined;

  constructor(
    private readonly db: Database,
    private readonly timeoutMs: number,
  ) {
    this.searcher = new GraphSearch(db, this.options());
  }

  search(text: string, labels: string[] | null, limit: number): Promise<SearchResult[]> {
    return this.searcher.search(text, labels, limit);
  }

  async nodeDetails(id: string): Promise<NodeDetails | null> {
    return this.db.read((tx) => nodeDetails(tx, id), this.options());
  }

  /** One page of a node's neighbours, in a stable keyed order; null for an unknown node. */
  async neighbours(
    id: string,
    query: NeighbourQuery,
    from: NeighbourPosition | null,
  ): Promise<NeighbourPage | null> {
    return this.db.read((tx) => neighbours(tx, id, query, from), this.options());
  }

  /**
   * Neighbours of several nodes at once (each capped), plus every relationship among the
   * given and the new nodes, so a canvas showing them stays complete.
   */
  async expand(ids: string[], query: NeighbourQuery): Promise<ExpansionResult | null> {
    return this.db.read((tx) => expand(tx, ids, query), this.options());
  }

  /** The given nodes that exist, with every relationship among them (see graph-subgraph.ts). */
  async subgraph(ids: string[], touching: string[] | null): Promise<GraphPayload> {
    return this.db.read((tx) => subgraph(tx, ids, touching), this.options());
  }

  /** Whether each id names a visible node. */
  async existing(ids: string[]): Promise<Set<string>> {
    return this.db.read((tx) => existing(tx, ids), this.options());
  }

  /** All shortest paths between two nodes, at most `maxHops` long (the caller bounds it). */
  async shortestPaths(from: string, to: string, options: PathOptions): Promise<PathsResult> {
    if (!Number.isInteger(options.maxHops) || options.maxHops < 1) {
      throw new RangeError('maxHops must be a positive integer');
    }
    return this.db.read((tx) => shortestPaths(tx, from, to, options), this.options());
  }

  /** The node whose `id` property is `key` (a label-less scan; see node-details.ts). */
  async nodeByKey(key: string): Promise<GraphNode | null> {
    return this.db.read((tx) => nodeByKey(tx, key), this.options());
  }

  /** A single node as a graph element, or null. */
  async node(id: string): Promise<GraphNode | null> {
    return this.db.read((tx) => nodeById(tx, id), this.options());
  }

  /**
   * Labels and types with counts from the count store, property keys and indexes. The counts
   * come in one call where the user may make it (an admin), else name by name.
   */
  async schema(): Promise<SchemaResponse> {
    const counts =
      this.statsAllowed === false
        ? null
        : await this.db
            .read((tx) => graphCounts(tx), this.options())
            .catch((error: unknown) => {
              // Refused (no admin): count name by name from now on. A database that is down
              // fails the counting below as well, and says so there.
              if (!(error instanceof AppError && error.status >= 500)) this.statsAllowed = false;
              return null;
            });
    return this.db.read((tx) => schema(tx, counts), this.options());
  }

  /** The database's labels (the reserved `__` ones left out), without counting anything. */
  async labels(): Promise<string[]> {
    return this.db.read((tx) => databaseLabels(tx), this.options());
  }

  private options(): ReadOptions {
    return { timeoutMs: this.timeoutMs };
  }
}
