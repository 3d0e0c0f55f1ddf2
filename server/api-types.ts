import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';

/**
 * The JSON shapes the HTTP API answers with, as zod schemas, each with the type of the
 * same name inferred from it. The route table documents responses with the schemas
 * (`/api/openapi.json`); the client takes the types (`import type` only, so no zod in
 * the bundle). One source, so the document and the client cannot drift apart.
 */

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValue),
    z.record(z.string(), JsonValue),
  ]),
);

const properties = z.record(z.string(), JsonValue);

/** Stance of a claim, as recorded on every relationship loaded from a source. */
export const Stance = z.enum(['reported', 'claim', 'opinion', 'speculation', 'forecast', 'denial']);
export type Stance = z.infer<typeof Stance>;

export const GraphNode = z.object({
  id: z.string().describe('Neo4j elementId'),
  labels: z.array(z.string()),
  caption: z.string().describe('From `name`, `title`, or the first string property'),
  properties,
});
export type GraphNode = z.infer<typeof GraphNode>;

/** One source's word on a relationship: one stored relationship keyed on its `sourceId`. */
export const Evidence = z.object({
  relationshipId: z.string().describe('elementId of the stored relationship this evidence is'),
  sourceId: z.string().nullable(),
  sourceTitle: z.string().nullable(),
  quote: z.string().nullable(),
  stance: Stance.nullable(),
  claimedBy: z
    .string()
    .optional()
    .describe('For `claim` and `denial`: the id of the party who claims or denies'),
  claimedByName: z.string().optional(),
  claimedByNodeId: z
    .string()
    .optional()
    .describe('elementId of the claimant’s node, when it is in the graph'),
  date: z.string().optional().describe('When it happened (ISO date), if the relationship says'),
});
export type Evidence = z.infer<typeof Evidence>;

/**
 * One drawn edge: every stored relationship of one type and direction between two nodes.
 * Parallel relationships from several sources are grouped here, never drawn twice.
 */
export const GraphEdge = z.object({
  id: z
    .string()
    .describe(
      'elementId of the group’s first relationship (lowest elementId); stable while it exists',
    ),
  type: z.string(),
  source: z.string(),
  target: z.string(),
  properties: properties.describe('Properties of the relationship named by `id`'),
  relationshipIds: z
    .array(z.string())
    .describe('elementIds of every relationship in the group, `id` first'),
  evidence: z
    .array(Evidence)
    .describe('One entry per relationship that carries evidence; empty for foreign graphs'),
  summary: z
    .object({ sources: z.number().int(), contested: z.boolean() })
    .describe('`contested`: at least one `denial` and at least one other stance'),
});
export type GraphEdge = z.infer<typeof GraphEdge>;

export const GraphPayload = z.object({ nodes: z.array(GraphNode), edges: z.array(GraphEdge) });
export type GraphPayload = z.infer<typeof GraphPayload>;

export const SearchResult = z.object({
  id: z.string(),
  labels: z.array(z.string()),
  caption: z.string(),
  score: z.number(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const SearchResponse = z.object({ results: z.array(SearchResult) });
export type SearchResponse = z.infer<typeof SearchResponse>;

export const Degree = z.object({
  type: z.string(),
  direction: z.enum(['in', 'out']),
  count: z.number().int(),
  stances: z
    .partialRecord(Stance, z.number().int())
    .optional()
    .describe('How many carry each stance (of the first few thousand relationships looked at)'),
});
export type Degree = z.infer<typeof Degree>;

export const SigningFacts = z
  .object({
    date: z.string().nullable(),
    places: z
      .array(z.string())
      .describe('Where the signing (or the visit it was part of) was held'),
    signatories: z.array(z.string()),
  })
  .describe('When, where and by whom an agreement was signed, as far as the graph says');
export type SigningFacts = z.infer<typeof SigningFacts>;

export const SourceSummary = z.object({
  id: z.string(),
  caption: z.string(),
  properties,
  relationships: z.number().int().describe('How many of this node’s relationships rest on it'),
});
export type SourceSummary = z.infer<typeof SourceSummary>;

export const NodeDetailsResponse = z.object({
  node: GraphNode,
  degrees: z.array(Degree),
  sources: z.array(SourceSummary),
  signing: SigningFacts.optional(),
});
export type NodeDetailsResponse = z.infer<typeof NodeDetailsResponse>;

/** GET /api/sources: one Source node. */
export const SourceListItem = z.object({
  id: z.string().describe('The source’s `id` property, as relationships name it in `sourceId`'),
  title: z.string(),
  kind: z.string().nullable(),
  date: z.string().optional(),
  url: z.string().optional(),
  author: z.string().optional(),
  relationships: z.number().int().describe('How many relationships rest on it'),
});
export type SourceListItem = z.infer<typeof SourceListItem>;

export const SourcesResponse = z.object({ items: z.array(SourceListItem) });
export type SourcesResponse = z.infer<typeof SourcesResponse>;

/** One relationship resting on a source, located in its text. */
export const SourceEvidence = z.object({
  relationshipId: z.string(),
  type: z.string(),
  from: z.string().describe('elementId of the start node'),
  to: z.string().describe('elementId of the end node'),
  fromCaption: z.string(),
  toCaption: z.string(),
  quote: z.string().nullable(),
  stance: Stance.nullable(),
  claimedBy: z.string().optional(),
  offsets: z
    .tuple([z.number().int(), z.number().int()])
    .nullable()
    .describe('`[start, end)` of the quote in `text`; null when it cannot be found'),
});
export type SourceEvidence = z.infer<typeof SourceEvidence>;

/** GET /api/sources/:id */
export const SourceResponse = SourceListItem.extend({
  nodeId: z.string().describe('elementId of the Source node'),
  properties,
  text: z.string().nullable().describe('The document, when the project has it'),
  evidence: z.array(SourceEvidence),
});
export type SourceResponse = z.infer<typeof SourceResponse>;

export const NeighborsResponse = GraphPayload.extend({
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type NeighborsResponse = z.infer<typeof NeighborsResponse>;

export const ExpandResponse = GraphPayload.extend({
  totals: z
    .record(z.string(), z.number().int())
    .describe('Per expanded node: how many neighbours exist in all (for "+N more")'),
  cursors: z
    .record(z.string(), z.string().nullable())
    .describe('Per expanded node: the cursor of its next page of neighbours, null when all came'),
});
export type ExpandResponse = z.infer<typeof ExpandResponse>;

export const PathsResponse = GraphPayload.extend({
  paths: z.array(z.object({ nodes: z.array(z.string()), edges: z.array(z.string()) })),
});
export type PathsResponse = z.infer<typeof PathsResponse>;

export const QueryResponse = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(JsonValue)),
  graph: GraphPayload,
  summary: z.object({
    ms: z.number(),
    queryType: z.string(),
    truncated: z.boolean(),
    truncatedReason: z
      .enum(['rows', 'bytes'])
      .optional()
      .describe('Why the answer stopped early: the row cap or the byte cap'),
    notifications: z.array(
      z.object({ code: z.string(), title: z.string(), description: z.string() }),
    ),
  }),
});
export type QueryResponse = z.infer<typeof QueryResponse>;

export const SavedQueryParameter = z.object({
  name: z.string(),
  type: z.enum(['string', 'integer', 'float', 'boolean', 'date']),
  description: z.string().optional(),
  default: JsonValue.optional(),
});
export type SavedQueryParameter = z.infer<typeof SavedQueryParameter>;

export const SavedQuery = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  parameters: z.array(SavedQueryParameter),
  cypher: z.string(),
});
export type SavedQuery = z.infer<typeof SavedQuery>;

export const SavedQueriesResponse = z.object({ queries: z.array(SavedQuery) });
export type SavedQueriesResponse = z.infer<typeof SavedQueriesResponse>;

export const SchemaResponse = z.object({
  labels: z.array(z.object({ label: z.string(), count: z.number().int() })),
  relationshipTypes: z.array(z.object({ type: z.string(), count: z.number().int() })),
  propertyKeys: z.array(z.string()),
  indexes: z.array(
    z.object({
      name: z.string(),
      type: z.string(),
      labelsOrTypes: z.array(z.string()),
      properties: z.array(z.string()),
    }),
  ),
});
export type SchemaResponse = z.infer<typeof SchemaResponse>;

/** `partial`: a multi-transaction file stopped part-way; the next run resumes it. */
export const SeedStatus = z.enum(['pending', 'applied', 'changed', 'partial']);
export type SeedStatus = z.infer<typeof SeedStatus>;

const counters = z.record(z.string(), z.number());

export const SeedFileStatus = z.object({
  name: z.string(),
  origin: z
    .enum(['folder', 'upload'])
    .describe('folder: a file of cypher/; upload: applied through POST /api/seeds'),
  status: SeedStatus,
  sha256: z.string(),
  appliedAt: z.string().nullable(),
  statements: z.number().int().nullable(),
  atomic: z.boolean().nullable(),
  counters: counters.nullable(),
});
export type SeedFileStatus = z.infer<typeof SeedFileStatus>;

export const SeedsResponse = z.object({ files: z.array(SeedFileStatus) });
export type SeedsResponse = z.infer<typeof SeedsResponse>;

/** What an upload did (or, for a dry run, would do). */
export const SeedUploadResponse = z.object({
  file: z.object({
    name: z.string(),
    status: z
      .enum(['applied', 'skipped', 'dry-run'])
      .describe('skipped: applied before, unchanged; dry-run: nothing written'),
    sha256: z.string(),
    statements: z.number().int(),
    atomic: z.boolean(),
    notAtomicBecause: z.string().nullable(),
    counters: counters.nullable().describe('null for a dry run that could only validate'),
    durationMs: z.number(),
    dryRun: z.boolean(),
    notRehearsedBecause: z
      .string()
      .nullable()
      .describe('a dry run that only validated: why it could not rehearse the file'),
    notRehearsed: z
      .array(
        z.object({
          statement: z.number().int(),
          line: z.number().int(),
          col: z.number().int(),
          reason: z.string(),
        }),
      )
      .describe(
        'a dry run that rehearsed the file: the statements it could not run (schema changes, IN TRANSACTIONS, :rollback blocks) and why',
      ),
    deletions: z
      .object({
        statements: z.number().int(),
        first: z.string().describe('file:line:col of the first deleting statement'),
        nodesDeleted: z.number().int(),
        relationshipsDeleted: z.number().int(),
        labelsRemoved: z.number().int(),
      })
      .nullable()
      .describe('what the file deletes (DELETE, DETACH DELETE, REMOVE); null when nothing'),
    warnings: z.array(z.string()).describe('look before applying: deletions, a resumed run'),
  }),
});
export type SeedUploadResponse = z.infer<typeof SeedUploadResponse>;

export const HealthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  neo4j: z.union([
    z.object({
      connected: z.literal(true),
      version: z.string(),
      edition: z.string(),
      database: z.string(),
    }),
    z.object({ connected: z.literal(false), message: z.string() }),
  ]),
  warnings: z
    .array(z.string())
    .optional()
    .describe('E.g. that sign-in is off while the app listens on a public address'),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

export const SignedInUser = z.object({
  username: z.string(),
  role: z.enum(['viewer', 'analyst', 'admin']),
});
export type SignedInUser = z.infer<typeof SignedInUser>;

export const SessionResponse = z.object({
  mode: z
    .enum(['off', 'local', 'oidc'])
    .describe(
      '`local`: sign in with a password (POST /api/session); `oidc`: through single sign-on (GET /api/session/oidc)',
    ),
  user: SignedInUser.nullable().describe('null when nobody is signed in'),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const AuditEntry = z.object({
  at: z.string().describe('ISO date-time'),
  user: z.string(),
  action: z.string().describe('sign-in, sign-out, console-query, saved-query, seed-upload, user-…'),
  target: z.string().nullable(),
  outcome: z.string().describe('success, failure or rate-limited'),
  ip: z.string().nullable(),
  details: z.record(z.string(), JsonValue).nullable(),
});
export const AuditResponse = z.object({
  entries: z.array(AuditEntry).describe('Newest first'),
  total: z.number().int().describe('Entries matching the filter'),
  nextOffset: z.number().int().nullable(),
});
export type AuditResponse = z.infer<typeof AuditResponse>;

/** The one error body of every endpoint. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES).describe('Stable UPPER_SNAKE code'),
    message: z.string().describe('Fit to show a person; names the field or file:line:col'),
    details: JsonValue.optional(),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** Request bodies, typed from the schemas the routes validate with. */
export type {
  ExpandRequest,
  QueryRequest,
  SavedQueryRunRequest,
  SubgraphRequest,
} from './http/request-schemas.ts';
