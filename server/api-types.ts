/**
 * The JSON shapes the HTTP API answers with. Shared with the client as `import type` only.
 */

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Stance of a claim, as recorded on every relationship loaded from a source. */
export type Stance = 'reported' | 'claim' | 'opinion' | 'speculation' | 'forecast';

export interface GraphNode {
  /** Neo4j elementId. */
  id: string;
  labels: string[];
  /** From `name`, `title`, or the first string property. */
  caption: string;
  properties: Record<string, JsonValue>;
}

export interface GraphEdge {
  /** Neo4j elementId. */
  id: string;
  type: string;
  source: string;
  target: string;
  properties: Record<string, JsonValue>;
}

export interface GraphPayload {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface SearchResult {
  id: string;
  labels: string[];
  caption: string;
  score: number;
}
export interface SearchResponse {
  results: SearchResult[];
}

export interface Degree {
  type: string;
  direction: 'in' | 'out';
  count: number;
  /** How many of them carry each stance (of the first few thousand relationships looked at). */
  stances?: Partial<Record<Stance, number>>;
}

/** Where and when an agreement was signed, and by whom, as far as the graph says. */
export interface SigningFacts {
  date: string | null;
  /** Places the signing event (or the visit it was part of) was held in. */
  places: string[];
  signatories: string[];
}

export interface SourceSummary {
  id: string;
  caption: string;
  properties: Record<string, JsonValue>;
  /** How many of this node's relationships rest on the source. */
  relationships: number;
}

export interface NodeDetailsResponse {
  node: GraphNode;
  degrees: Degree[];
  sources: SourceSummary[];
  /** For an agreement: when, where and by whom it was signed (several hops away in the graph). */
  signing?: SigningFacts;
}

export interface NeighborsResponse extends GraphPayload {
  total: number;
  nextCursor: string | null;
}

export interface ExpandRequest {
  ids: string[];
  types?: string[];
  direction?: 'in' | 'out' | 'both';
  limit?: number;
}

export interface ExpandResponse extends GraphPayload {
  /** Per expanded node: how many neighbours exist in all (for "+N more"). */
  totals: Record<string, number>;
}

/** POST /api/subgraph: the nodes that exist and the relationships among them. */
export interface SubgraphRequest {
  ids: string[];
  /**
   * Only relationships with an end among these (say, the nodes just added); the answer's
   * nodes are then these alone.
   */
  touching?: string[];
}

export interface PathsResponse extends GraphPayload {
  paths: { nodes: string[]; edges: string[] }[];
}

export interface QueryRequest {
  cypher: string;
  params?: Record<string, JsonValue>;
  limit?: number;
}

export interface QueryResponse {
  columns: string[];
  rows: JsonValue[][];
  graph: GraphPayload;
  summary: {
    ms: number;
    queryType: string;
    truncated: boolean;
    notifications: { code: string; title: string; description: string }[];
  };
}

export interface SavedQueryParameter {
  name: string;
  type: 'string' | 'integer' | 'float' | 'boolean' | 'date';
  description?: string;
  default?: JsonValue;
}

export interface SavedQuery {
  name: string;
  title: string;
  description: string;
  parameters: SavedQueryParameter[];
  cypher: string;
}

export interface SavedQueriesResponse {
  queries: SavedQuery[];
}

export interface SchemaResponse {
  labels: { label: string; count: number }[];
  relationshipTypes: { type: string; count: number }[];
  propertyKeys: string[];
  indexes: { name: string; type: string; labelsOrTypes: string[]; properties: string[] }[];
}

export type SeedStatus = 'pending' | 'applied' | 'changed';

export interface SeedFileStatus {
  name: string;
  status: SeedStatus;
  sha256: string;
  appliedAt: string | null;
  statements: number | null;
  atomic: boolean | null;
  counters: Record<string, number> | null;
}

export interface SeedsResponse {
  files: SeedFileStatus[];
}

export interface HealthResponse {
  status: 'ok' | 'unavailable';
  neo4j:
    | { connected: true; version: string; edition: string; database: string }
    | { connected: false; message: string };
}

export interface ErrorResponse {
  error: { code: string; message: string; details?: JsonValue };
}
