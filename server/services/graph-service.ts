import type {
  ExpandResponse,
  NeighborsResponse,
  GraphNode,
  NodeDetailsResponse,
  GraphPayload,
  PathsResponse,
  SchemaResponse,
  SearchResponse,
} from '../api-types.ts';
import { badRequest, notFound } from '../errors.ts';
import type { Direction } from '../repositories/cypher-names.ts';
import type { GraphRepository } from '../repositories/graph-repository.ts';
import { groupIdByRelationship, groupPayload } from '../db/evidence-edges.ts';
import type { GraphEdge } from '../api-types.ts';

/** Groups parallel relationships into drawn edges and names their sources and claimants. */
export interface EvidenceNaming {
  groupAndName<T extends { edges: GraphEdge[] }>(payload: T): Promise<T>;
}

/** Without a naming service: grouped, titles left null. */
export const GROUP_ONLY: EvidenceNaming = {
  groupAndName: (payload) => Promise.resolve(groupPayload(payload)),
};
import type { NodeIdShape } from '../repositories/node-id-shape.ts';
import { decodeNeighbourCursor, encodeNeighbourCursor } from './neighbour-cursor.ts';

export interface NeighbourOptions {
  types?: string[] | undefined;
  direction?: Direction | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface PathOptions {
  maxHops?: number | undefined;
  types?: string[] | undefined;
  /** Relationships with a stance count only when it is listed; absent, every stance counts. */
  stances?: string[] | undefined;
  limit?: number | undefined;
}

export const NEIGHBOUR_LIMIT = { default: 50, max: 500 } as const;
export const MAX_HOPS = { default: 6, max: 10 } as const;
export const PATH_LIMIT = { default: 10, max: 100 } as const;
export const SEARCH_LIMIT = { default: 20, max: 100 } as const;

/** The explorer's use cases: find, look at, expand, connect, describe. */
export class GraphService {
  constructor(
    private readonly graph: GraphRepository,
    /** Answers 404 for ids that cannot exist without asking the database. */
    private readonly ids?: NodeIdShape,
    private readonly evidence: EvidenceNaming = GROUP_ONLY,
  ) {}

  /** Throws 404 when no node of this database can have `id`. */
  private async mustBePossible(id: string, field?: string): Promise<void> {
    if (this.ids && !(await this.ids.mayExist(id))) throw unknownNode(id, field);
  }

  async search(text: string, labels?: string[], limit?: number): Promise<SearchResponse> {
    const results = await this.graph.search(
      text,
      labels && labels.length > 0 ? labels : null,
      limit ?? SEARCH_LIMIT.default,
    );
    return { results };
  }

  /** The node a relationship names by its stable `id` property (claimedBy, sourceId). */
  async nodeByKey(key: string): Promise<GraphNode> {
    const node = await this.graph.nodeByKey(key);
    if (!node) throw notFound(`No node has the id property "${key}".`);
    return node;
  }

  async nodeDetails(id: string): Promise<NodeDetailsResponse> {
    await this.mustBePossible(id);
    const details = await this.graph.nodeDetails(id);
    if (!details) throw unknownNode(id);
    return details;
  }

  async neighbours(id: string, options: NeighbourOptions = {}): Promise<NeighborsResponse> {
    await this.mustBePossible(id);
    const query = {
      types: options.types && options.types.length > 0 ? options.types : null,
      direction: options.direction ?? 'both',
      limit: options.limit ?? NEIGHBOUR_LIMIT.default,
    };
    const scope = { id, types: query.types, direction: query.direction };
    const from = options.cursor ? decodeNeighbourCursor(options.cursor, scope) : null;
    const page = await this.graph.neighbours(id, query, from);
    if (!page) throw unknownNode(id);
    const { edges } = await this.evidence.groupAndName({ edges: page.edges });
    return {
      nodes: page.nodes,
      edges,
      total: page.total,
      nextCursor: page.next && encodeNeighbourCursor(page.next, scope),
    };
  }

  async expand(
    ids: string[],
    options: Omit<NeighbourOptions, 'cursor'> = {},
  ): Promise<ExpandResponse> {
    const unique = [...new Set(ids)];
    const possible = this.ids ? await this.ids.filterPossible(unique) : unique;
    const query = {
      types: options.types && options.types.length > 0 ? options.types : null,
      direction: options.direction ?? 'both',
      limit: options.limit ?? NEIGHBOUR_LIMIT.default,
    };
    const result = await (possible.length === 0 ? null : this.graph.expand(possible, query));
    if (!result) {
      throw notFound(
        unique.length === 1
          ? `No node with id "${unique[0]}".`
          : 'None of the given node ids exist.',
      );
    }
    const { next, ...payload } = result;
    // Each node's next page continues after this one through GET …/neighbors.
    const cursors = Object.fromEntries(
      Object.entries(next).map(([id, position]) => [
        id,
        position &&
          encodeNeighbourCursor(position, { id, types: query.types, direction: query.direction }),
      ]),
    );
    return { ...(await this.evidence.groupAndName(payload)), cursors };
  }

  /** Reopens a scene or fills in a canvas: the nodes that exist and their relationships. */
  async subgraph(ids: string[], touching?: string[]): Promise<GraphPayload> {
    const found = await this.graph.subgraph(
      [...new Set(ids)],
      touching ? [...new Set(touching)] : null,
    );
    return this.evidence.groupAndName(found);
  }

  async paths(from: string, to: string, options: PathOptions = {}): Promise<PathsResponse> {
    const maxHops = options.maxHops ?? MAX_HOPS.default;
    if (!Number.isInteger(maxHops) || maxHops < 1 || maxHops > MAX_HOPS.max) {
      throw badRequest(
        'PATH_TOO_LONG',
        `maxHops: paths are searched up to ${MAX_HOPS.max} hops; ask for 1 to ${MAX_HOPS.max}.`,
      );
    }
    await this.mustBePossible(from, 'from');
    await this.mustBePossible(to, 'to');
    const existing = await this.graph.existing([from, to]);
    if (!existing.has(from)) throw unknownNode(from, 'from');
    if (!existing.has(to)) throw unknownNode(to, 'to');
    if (from === to) {
      const node = await this.graph.node(from);
      if (!node) throw unknownNode(from, 'from');
      return { paths: [{ nodes: [from], edges: [] }], nodes: [node], edges: [] };
    }
    const found = await this.evidence.groupAndName(
      await this.graph.shortestPaths(from, to, {
        maxHops,
        types: options.types && options.types.length > 0 ? options.types : null,
        stances: options.stances ?? null,
        limit: options.limit ?? PATH_LIMIT.default,
      }),
    );
    // Paths name drawn edges; two paths that differ only by a parallel relationship are one.
    const groupOf = groupIdByRelationship(found.edges);
    const seen = new Set<string>();
    const paths = found.paths
      .map((path) => ({ nodes: path.nodes, edges: path.edges.map((e) => groupOf.get(e) ?? e) }))
      .filter((path) => {
        const key = JSON.stringify(path);
        return !seen.has(key) && seen.add(key);
      });
    return { ...found, paths };
  }

  async schema(): Promise<SchemaResponse> {
    return this.graph.schema();
  }

  async labels(): Promise<string[]> {
    return this.graph.labels();
  }
}

function unknownNode(id: string, field?: string) {
  const error = notFound(`No node with id "${id}"${field ? ` (${field})` : ''}.`);
  return error;
}
