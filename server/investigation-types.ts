/**
 * The JSON shapes of saved investigations, shared with the client as `import type` only.
 * Kept beside `api-types.ts` rather than in it: investigations are a feature of their own.
 */

export interface SceneNodeRef {
  /** Neo4j elementId of the node when the scene was saved. */
  id: string;
  x: number;
  y: number;
  pinned?: boolean;
  hidden?: boolean;
}

export interface SceneFilters {
  hiddenLabels?: string[];
  hiddenTypes?: string[];
  hiddenStances?: string[];
  asOf?: string | null;
}

/** What the canvas showed: nodes where they sat, edges, filters, highlights and camera. */
export interface InvestigationScene {
  nodes: SceneNodeRef[];
  /** Relationship elementIds. */
  edges: string[];
  filters: SceneFilters;
  asOf?: string | null;
  viewport?: { zoom: number; pan: { x: number; y: number } };
  highlights?: { nodes: string[]; edges: string[] };
}

export type NoteTarget = { nodeId: string } | { relationshipId: string };

/** The analyst's own words, kept apart from source evidence. */
export interface InvestigationNote {
  id: string;
  target: NoteTarget | null;
  text: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export interface InvestigationSummary {
  id: string;
  title: string;
  updatedAt: string;
  version: number;
  /** Nodes in the latest version's scene. */
  nodes: number;
  notes: number;
}

export interface InvestigationListResponse {
  items: InvestigationSummary[];
}

/** A scene item that could not be found again in the database. */
export interface MissingItem {
  id: string;
  caption: string | null;
  labels: string[];
  type?: string;
}

export interface InvestigationResponse {
  id: string;
  title: string;
  description: string;
  /** The version shown. */
  version: number;
  /** The newest version; larger than `version` when an older one is shown. */
  latestVersion: number;
  author: string;
  createdAt: string;
  updatedAt: string;
  /** The scene exactly as saved in this version (versions never change). */
  scene: InvestigationScene;
  notes: InvestigationNote[];
  /** Saved ids that now belong to other elementIds (the same node, found by its `id`). */
  remapped: { nodes: Record<string, string>; edges: Record<string, string> };
  /** Saved items that no longer exist; reported, never replaced by another node. */
  missing: { nodes: MissingItem[]; edges: MissingItem[] };
}

export interface InvestigationVersionSummary {
  version: number;
  title: string;
  createdAt: string;
  author: string;
  nodes: number;
}

export interface InvestigationVersionsResponse {
  items: InvestigationVersionSummary[];
}

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
