/**
 * The JSON shapes the HTTP API answers with. Shared with the client as `import type` only.
 */

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Stance of a claim, as recorded on every relationship loaded from a source. */
export type Stance = 'reported' | 'claim' | 'opinion' | 'speculation' | 'forecast' | 'denial';

/** One source's word on a relationship: one stored relationship keyed on its `sourceId`. */
export interface Evidence {
  /** elementId of the stored relationship this piece of evidence is. */
  relationshipId: string;
  sourceId: string | null;
  sourceTitle: string | null;
  quote: string | null;
  stance: Stance | null;
  /** For `claim` and `denial`: the id of the party who claims or denies. */
  claimedBy?: string;
  claimedByName?: string;
  /** elementId of the claimant's node, when it is in the graph (to add it to a canvas). */
  claimedByNodeId?: string;
  /** When it happened (ISO date), if the relationship says. */
  date?: string;
}

export interface GraphNode {
  /** Neo4j elementId. */
  id: string;
  labels: string[];
  /** From `name`, `title`, or the first string property. */
  caption: string;
  properties: Record<string, JsonValue>;
}

/**
 * One drawn edge: every stored relationship of one type and direction between two nodes.
 * Parallel relationships from several sources are grouped here, never drawn twice.
 */
export interface GraphEdge {
  /** elementId of the group's first relationship (lowest elementId); stable while it exists. */
  id: string;
  type: string;
  source: string;
  target: string;
  /** Properties of the relationship named by `id`. */
  properties: Record<string, JsonValue>;
  /** elementIds of every relationship in the group, `id` first. */
  relationshipIds: string[];
  /** One entry per relationship that carries evidence; empty for foreign graphs. */
  evidence: Evidence[];
  /** `contested`: at least one `denial` and at least one other stance. */
  summary: { sources: number; contested: boolean };
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
}

/** GET /api/sources: every Source node. */
export interface SourceListItem {
  /** The source's `id` property (what relationships name in `sourceId`). */
  id: string;
  title: string;
  kind: string | null;
  date?: string;
  url?: string;
  author?: string;
  /** How many relationships rest on it. */
  relationships: number;
}

export interface SourcesResponse {
  items: SourceListItem[];
}

/** One relationship resting on a source, located in its text. */
export interface SourceEvidence {
  relationshipId: string;
  type: string;
  /** elementIds of the relationship's start and end nodes. */
  from: string;
  to: string;
  fromCaption: string;
  toCaption: string;
  quote: string | null;
  stance: Stance | null;
  claimedBy?: string;
  /** `[start, end)` of the quote in `text`; null when it cannot be found. */
  offsets: [number, number] | null;
}

/** GET /api/sources/:id */
export interface SourceResponse extends SourceListItem {
  /** elementId of the Source node. */
  nodeId: string;
  properties: Record<string, JsonValue>;
  /** The document, when the project has it. */
  text: string | null;
  evidence: SourceEvidence[];
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
