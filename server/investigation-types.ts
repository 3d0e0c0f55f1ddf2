import { z } from 'zod';
import { GraphPayload } from './api-types.ts';

/**
 * The JSON shapes the investigations API answers with, as zod schemas, each with the type
 * of the same name inferred from it (the client takes the types, `import type` only). Kept
 * beside `api-types.ts` rather than in it: investigations are a feature of their own.
 */

export const SceneNodeRef = z.object({
  id: z.string().describe('Neo4j elementId of the node when the scene was saved'),
  x: z.number(),
  y: z.number(),
  pinned: z.boolean().optional(),
  hidden: z.boolean().optional(),
});
export type SceneNodeRef = z.infer<typeof SceneNodeRef>;

export const SceneFilters = z.object({
  hiddenLabels: z.array(z.string()).optional(),
  hiddenTypes: z.array(z.string()).optional(),
  hiddenStances: z.array(z.string()).optional(),
  asOf: z.string().nullable().optional(),
});
export type SceneFilters = z.infer<typeof SceneFilters>;

/** What the canvas showed: nodes where they sat, edges, filters, highlights and camera. */
export const InvestigationScene = z.object({
  nodes: z.array(SceneNodeRef),
  edges: z.array(z.string()).describe('Relationship elementIds'),
  filters: SceneFilters,
  asOf: z.string().nullable().optional(),
  viewport: z
    .object({ zoom: z.number(), pan: z.object({ x: z.number(), y: z.number() }) })
    .optional(),
  highlights: z.object({ nodes: z.array(z.string()), edges: z.array(z.string()) }).optional(),
});
export type InvestigationScene = z.infer<typeof InvestigationScene>;

export const NoteTarget = z.union([
  z.object({ nodeId: z.string() }),
  z.object({ relationshipId: z.string() }),
]);
export type NoteTarget = z.infer<typeof NoteTarget>;

/** The analyst's own words, kept apart from source evidence. */
export const InvestigationNote = z.object({
  id: z.string(),
  target: NoteTarget.nullable(),
  text: z.string(),
  author: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InvestigationNote = z.infer<typeof InvestigationNote>;

/**
 * Who else may open an investigation once sign-in is on: nobody but its owner (`private`),
 * or every signed-in user to read (`read`) or to save versions and notes too (`edit`).
 */
export const InvestigationSharing = z.enum(['private', 'read', 'edit']);
export type InvestigationSharing = z.infer<typeof InvestigationSharing>;

/** What the caller may do with it: `owner` may also change sharing and delete. */
export const InvestigationAccess = z.enum(['owner', 'edit', 'read']);
export type InvestigationAccess = z.infer<typeof InvestigationAccess>;

const sharingFields = {
  owner: z
    .string()
    .nullable()
    .describe('Who created it; null when saved with sign-in off (then readable by all)'),
  sharing: InvestigationSharing,
  published: z.boolean().describe('A read-only link is out (its token is never shown again)'),
  access: InvestigationAccess.describe("The caller's access"),
};

export const InvestigationSummary = z.object({
  id: z.string(),
  title: z.string(),
  updatedAt: z.string(),
  version: z.number(),
  nodes: z.number().describe("Nodes in the latest version's scene"),
  notes: z.number(),
  ...sharingFields,
});
export type InvestigationSummary = z.infer<typeof InvestigationSummary>;

export const InvestigationListResponse = z.object({ items: z.array(InvestigationSummary) });
export type InvestigationListResponse = z.infer<typeof InvestigationListResponse>;

/** A scene item that could not be found again in the database. */
export const MissingItem = z.object({
  id: z.string(),
  caption: z.string().nullable(),
  labels: z.array(z.string()),
  type: z.string().optional(),
});
export type MissingItem = z.infer<typeof MissingItem>;

export const InvestigationResponse = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  version: z.number().describe('The version shown'),
  latestVersion: z.number().describe('The newest version; larger when an older one is shown'),
  author: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  scene: InvestigationScene.describe('The scene exactly as saved in this version'),
  notes: z.array(InvestigationNote),
  remapped: z
    .object({ nodes: z.record(z.string(), z.string()), edges: z.record(z.string(), z.string()) })
    .describe('Saved ids that now belong to other elementIds (the same node, found by its `id`)'),
  missing: z
    .object({ nodes: z.array(MissingItem), edges: z.array(MissingItem) })
    .describe('Saved items that no longer exist; reported, never replaced by another node'),
  ...sharingFields,
});
export type InvestigationResponse = z.infer<typeof InvestigationResponse>;

export const InvestigationVersionSummary = z.object({
  version: z.number(),
  title: z.string(),
  createdAt: z.string(),
  author: z.string(),
  nodes: z.number(),
});
export type InvestigationVersionSummary = z.infer<typeof InvestigationVersionSummary>;

export const InvestigationVersionsResponse = z.object({
  items: z.array(InvestigationVersionSummary),
});
export type InvestigationVersionsResponse = z.infer<typeof InvestigationVersionsResponse>;

export const DeletedResponse = z.object({
  id: z.string(),
  deleted: z.literal(true),
  restorableUntil: z.string().optional(),
});
export type DeletedResponse = z.infer<typeof DeletedResponse>;

export const ReportText = z
  .string()
  .describe('Markdown, or one self-contained HTML page with no script');

export interface InvestigationCreateRequest {
  title: string;
  description?: string;
  scene: InvestigationScene;
}

export interface InvestigationUpdateRequest {
  title?: string;
  description?: string;
  /** Omitted: the scene of `baseVersion` is kept (a rename). */
  scene?: InvestigationScene;
  baseVersion: number;
}

/** Sharing as it now stands. */
export const SharingResponse = z.object({
  id: z.string(),
  owner: z.string().nullable(),
  sharing: InvestigationSharing,
  published: z.boolean(),
});
export type SharingResponse = z.infer<typeof SharingResponse>;

/** A freshly published link: the token is shown this once; only its hash is kept. */
export const PublishedLinkResponse = z.object({
  id: z.string(),
  token: z.string().describe('Unguessable (256 bits); shown once, stored only as a hash'),
  path: z.string().describe('The explorer page that opens it, e.g. /?link=<token>'),
});
export type PublishedLinkResponse = z.infer<typeof PublishedLinkResponse>;

/** What a read-only link opens: the investigation and the graph of its scene, nothing more. */
export const PublishedInvestigationResponse = z.object({
  investigation: InvestigationResponse,
  graph: GraphPayload.describe("The scene's nodes and relationships as they are now"),
  labelSlots: z
    .record(z.string(), z.number().int().nonnegative())
    .describe(
      "Each label of the scene's nodes with its place among the database's labels in name order, which picks its colour and shape as in the explorer; no other label is named",
    ),
});
export type PublishedInvestigationResponse = z.infer<typeof PublishedInvestigationResponse>;
