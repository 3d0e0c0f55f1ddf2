import type {
  InvestigationAccess,
  InvestigationNote,
  InvestigationScene,
  NoteTarget,
} from '../../../server/investigation-types.ts';
import type { Update } from './store.ts';
import type { SceneState, Selection, UiState } from './types.ts';

/** The saved investigation the canvas belongs to, if any. */
export interface OpenInvestigation {
  id: string;
  title: string;
  description: string;
  /** The version on screen. */
  version: number;
  latestVersion: number;
  /** An earlier version is shown, or it is shared to read: it can be copied, never saved over. */
  readOnly: boolean;
  /** What the signed-in user may do with it (`owner` with sign-in off). */
  access: InvestigationAccess;
}

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'conflict' | 'error';

export interface InvestigationState {
  current: OpenInvestigation | null;
  notes: InvestigationNote[];
  /** The scene as last saved or opened, for the dirty indicator. */
  savedFingerprint: string | null;
  dirty: boolean;
  status: SaveStatus;
}

export const noInvestigation = (): InvestigationState => ({
  current: null,
  notes: [],
  savedFingerprint: null,
  dirty: false,
  status: 'idle',
});

export interface Viewport {
  zoom: number;
  pan: { x: number; y: number };
}

/** What a save sends: every node where it sits, the edges, filters, highlights, camera. */
export function sceneSnapshot(
  scene: SceneState,
  ui: UiState,
  viewport: Viewport | null,
): InvestigationScene {
  const round = (v: number) => Math.round(v * 10) / 10;
  const snapshot: InvestigationScene = {
    nodes: Object.keys(scene.graph.nodes).map((id) => {
      const p = scene.positions[id] ?? { x: 0, y: 0 };
      return {
        id,
        x: round(p.x),
        y: round(p.y),
        ...(scene.pinned[id] ? { pinned: true } : {}),
        ...(scene.hidden[id] ? { hidden: true } : {}),
      };
    }),
    edges: Object.keys(scene.graph.edges),
    filters: {
      hiddenLabels: [...ui.filters.hiddenLabels],
      hiddenTypes: [...ui.filters.hiddenTypes],
      hiddenStances: [...ui.filters.hiddenStances],
      asOf: ui.filters.asOf,
    },
    asOf: ui.filters.asOf,
  };
  if (viewport) {
    snapshot.viewport = {
      zoom: Math.round(viewport.zoom * 1000) / 1000,
      pan: { x: round(viewport.pan.x), y: round(viewport.pan.y) },
    };
  }
  if (ui.highlight) {
    snapshot.highlights = { nodes: [...ui.highlight.nodes], edges: [...ui.highlight.edges] };
  }
  return snapshot;
}

/** What counts as a change worth saving: everything but the camera. */
export function sceneFingerprint(scene: InvestigationScene): string {
  const { viewport: _camera, ...rest } = scene;
  return JSON.stringify(rest);
}

export const opened =
  (current: OpenInvestigation, notes: InvestigationNote[], fingerprint: string | null) =>
  (): InvestigationState => ({
    current,
    notes,
    savedFingerprint: fingerprint,
    dirty: false,
    status: 'idle',
  });

export const savedAs =
  (current: OpenInvestigation, fingerprint: string): Update<InvestigationState> =>
  (state) => ({
    ...state,
    current,
    savedFingerprint: fingerprint,
    dirty: false,
    status: 'saved',
  });

export const withStatus =
  (status: SaveStatus): Update<InvestigationState> =>
  (state) =>
    state.status === status ? state : { ...state, status };

export const markDirty =
  (fingerprint: string): Update<InvestigationState> =>
  (state) => {
    const dirty = state.savedFingerprint === null ? false : fingerprint !== state.savedFingerprint;
    return dirty === state.dirty ? state : { ...state, dirty };
  };

export const closed = (): Update<InvestigationState> => () => noInvestigation();

export const noteAdded =
  (note: InvestigationNote): Update<InvestigationState> =>
  (state) => ({ ...state, notes: [...state.notes, note] });

export const noteChanged =
  (note: InvestigationNote): Update<InvestigationState> =>
  (state) => ({ ...state, notes: state.notes.map((n) => (n.id === note.id ? note : n)) });

export const noteRemoved =
  (noteId: string): Update<InvestigationState> =>
  (state) => ({ ...state, notes: state.notes.filter((n) => n.id !== noteId) });

/** The notes about one node or edge of the canvas. */
export function notesAbout(notes: InvestigationNote[], selection: Selection): InvestigationNote[] {
  if (!selection) return notes.filter((n) => n.target === null);
  return notes.filter((n) => targetId(n.target) === selection.id);
}

export function targetId(target: NoteTarget | null): string | null {
  if (!target) return null;
  return 'nodeId' in target ? target.nodeId : target.relationshipId;
}

/** Ids of the canvas elements that carry at least one note. */
export function notedIds(notes: InvestigationNote[]): Set<string> {
  return new Set(notes.map((n) => targetId(n.target)).filter((id): id is string => id !== null));
}

/** `?investigation=<id>&version=<v>`: a link to one saved version. */
export function investigationLink(id: string, version?: number): string {
  const params = new URLSearchParams({ investigation: id });
  if (version !== undefined) params.set('version', String(version));
  return `${location.origin}${location.pathname}?${params.toString()}`;
}

export function parseInvestigationLink(search: string): { id: string; version?: number } | null {
  const params = new URLSearchParams(search);
  const id = params.get('investigation');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const version = Number(params.get('version'));
  return Number.isInteger(version) && version >= 1 ? { id, version } : { id };
}
