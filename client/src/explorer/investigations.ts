import type { GraphPayload, Stance } from '../../../server/api-types.ts';
import type {
  InvestigationListResponse,
  InvestigationResponse,
  InvestigationVersionsResponse,
  NoteTarget,
} from '../../../server/investigation-types.ts';
import { ApiError, describeError, type ApiClient } from '../api/api-client.ts';
import { download } from '../panels/dom.ts';
import {
  closed,
  markDirty,
  noInvestigation,
  noteAdded,
  noteChanged,
  noteRemoved,
  opened,
  savedAs,
  sceneFingerprint,
  sceneSnapshot,
  withStatus,
  type InvestigationState,
  type OpenInvestigation,
  type Viewport,
} from '../state/investigation.ts';
import { addGraph, clearScene, hideNodes, setPinned } from '../state/scene.ts';
import { createStore, type Store } from '../state/store.ts';
import type { Position } from '../state/types.ts';
import type { Explorer } from './explorer.ts';

/** A named investigation saves itself this long after the last change. */
const AUTOSAVE_MS = 4_000;

export interface CameraAccess {
  get(): Viewport | null;
  set(viewport: Viewport): void;
}

/**
 * The intents of saved investigations: save (and autosave), open a version, rename,
 * duplicate, delete, notes and the report. Panels call these; only this class (through
 * the one API client) talks to the server about investigations.
 */
export class Investigations {
  readonly state: Store<InvestigationState> = createStore(noInvestigation());
  /** Told when the drawer should open (Ctrl+S on a scene without a name). */
  onAskForTitle: () => void = () => {};
  private autosaveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> | null = null;

  constructor(
    private readonly explorer: Explorer,
    private readonly api: ApiClient,
    private readonly camera: CameraAccess,
  ) {
    let queued = false;
    const track = () => {
      if (queued) return;
      queued = true;
      queueMicrotask(() => {
        queued = false;
        this.trackChanges();
      });
    };
    explorer.scene.subscribe(track);
    explorer.ui.subscribe((ui, previous) => {
      if (ui.filters !== previous.filters || ui.highlight !== previous.highlight) track();
    });
  }

  private snapshot() {
    return sceneSnapshot(this.explorer.scene.get(), this.explorer.ui.get(), this.camera.get());
  }

  private trackChanges(): void {
    const state = this.state.get();
    if (!state.current) return;
    this.state.dispatch(markDirty(sceneFingerprint(this.snapshot())));
    clearTimeout(this.autosaveTimer);
    const now = this.state.get();
    if (now.dirty && now.current && !now.current.readOnly && now.status !== 'conflict') {
      this.autosaveTimer = setTimeout(() => void this.save(), AUTOSAVE_MS);
    }
  }

  // ---------------------------------------------------------------- saving

  /** Ctrl+S: saves a new version of the open investigation, or asks for a title first. */
  async save(): Promise<void> {
    const current = this.state.get().current;
    if (!current || current.readOnly) {
      this.onAskForTitle();
      return;
    }
    if (this.saving) return this.saving;
    clearTimeout(this.autosaveTimer);
    const scene = this.snapshot();
    this.state.dispatch(withStatus('saving'));
    this.saving = (async () => {
      try {
        const saved = await this.api.updateInvestigation(current.id, {
          scene,
          baseVersion: current.version,
        });
        this.state.dispatch(savedAs(openOf(saved), sceneFingerprint(scene)));
        this.trackChanges();
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          this.state.dispatch(withStatus('conflict'));
          this.explorer.notify(
            'error',
            `${error.message} Your changes are still on the canvas: save them as a copy from Investigations.`,
          );
        } else {
          this.state.dispatch(withStatus('error'));
          this.explorer.notify('error', `Could not save: ${describeError(error)}`);
        }
      } finally {
        this.saving = null;
      }
    })();
    return this.saving;
  }

  /** Saves the canvas as a new investigation and makes it the open one. */
  async saveAs(title: string, description = ''): Promise<boolean> {
    const scene = this.snapshot();
    try {
      const created = await this.api.createInvestigation({ title, description, scene });
      this.state.dispatch(savedAs(openOf(created), sceneFingerprint(scene)));
      this.state.dispatch((s) => ({ ...s, notes: created.notes }));
      this.showLink(created.id);
      return true;
    } catch (error) {
      this.explorer.notify('error', `Could not save: ${describeError(error)}`);
      return false;
    }
  }

  // ---------------------------------------------------------------- opening

  list(q = ''): Promise<InvestigationListResponse> {
    return this.api.investigations(q);
  }

  versions(): Promise<InvestigationVersionsResponse> {
    const current = this.state.get().current;
    return current ? this.api.investigationVersions(current.id) : Promise.resolve({ items: [] });
  }

  /** Restores exactly what was saved: nodes, positions, pins, hidden, filters, highlights, camera. */
  async open(id: string, version?: number): Promise<boolean> {
    let saved: InvestigationResponse;
    try {
      saved = await this.api.investigation(id, version);
    } catch (error) {
      this.explorer.notify('error', `Could not open the investigation: ${describeError(error)}`);
      return false;
    }
    clearTimeout(this.autosaveTimer);
    const now = (saved_id: string) => saved.remapped.nodes[saved_id] ?? saved_id;
    const missing = new Set(saved.missing.nodes.map((n) => n.id));
    const present = saved.scene.nodes.filter((n) => !missing.has(n.id));
    const ids = present.map((n) => now(n.id));
    let payload: GraphPayload = { nodes: [], edges: [] };
    if (ids.length > 0) {
      try {
        payload = await this.api.subgraph({ ids });
      } catch (error) {
        this.explorer.notify('error', `Could not open the investigation: ${describeError(error)}`);
        return false;
      }
    }
    const positions: Record<string, Position> = {};
    for (const n of present) positions[now(n.id)] = { x: n.x, y: n.y };
    const pinned = present.filter((n) => n.pinned).map((n) => now(n.id));
    const hidden = present.filter((n) => n.hidden).map((n) => now(n.id));
    this.explorer.scene.record((state) =>
      setPinned(pinned, true)(hideNodes(hidden)(addGraph(payload, positions)(clearScene()(state)))),
    );
    const filters = saved.scene.filters;
    const highlight = saved.scene.highlights
      ? {
          nodes: saved.scene.highlights.nodes.map(now),
          edges: saved.scene.highlights.edges.map((e) => saved.remapped.edges[e] ?? e),
        }
      : null;
    this.explorer.ui.dispatch((ui) => ({
      ...ui,
      selection: null,
      selectedNodes: [],
      highlight,
      filters: {
        ...ui.filters,
        hiddenLabels: [...(filters.hiddenLabels ?? [])],
        hiddenTypes: [...(filters.hiddenTypes ?? [])],
        hiddenStances: [...(filters.hiddenStances ?? [])] as Stance[],
        asOf: saved.scene.asOf ?? filters.asOf ?? null,
      },
    }));
    const viewport = saved.scene.viewport;
    if (viewport) queueMicrotask(() => this.camera.set(viewport));
    else this.explorer.onFit();
    // The fingerprint is taken from the canvas as restored, so opening is not a change.
    this.state.dispatch(opened(openOf(saved), saved.notes, null));
    this.state.dispatch((s) => ({ ...s, savedFingerprint: sceneFingerprint(this.snapshot()) }));
    this.showLink(saved.id, saved.version < saved.latestVersion ? saved.version : undefined);
    if (saved.missing.nodes.length > 0) {
      const names = saved.missing.nodes.map((n) => n.caption ?? n.id).join(', ');
      this.explorer.notify(
        'info',
        `${saved.missing.nodes.length} node(s) of this investigation no longer exist: ${names}.`,
      );
    }
    return true;
  }

  /** Leaves the investigation; the canvas stays as it is, unsaved. */
  close(): void {
    clearTimeout(this.autosaveTimer);
    this.state.dispatch(closed());
    this.showLink(null);
  }

  async rename(id: string, title: string): Promise<void> {
    try {
      const current = this.state.get().current;
      const base =
        current?.id === id && !current.readOnly
          ? current.version
          : (await this.api.investigation(id)).latestVersion;
      const saved = await this.api.updateInvestigation(id, { title, baseVersion: base });
      if (current?.id === id) {
        this.state.dispatch((s) => ({
          ...s,
          current: {
            ...openOf(saved),
            readOnly: current.readOnly,
            version: current.readOnly ? current.version : saved.version,
          },
        }));
      }
    } catch (error) {
      this.explorer.notify('error', `Could not rename: ${describeError(error)}`);
    }
  }

  async duplicate(id: string): Promise<void> {
    try {
      const original = await this.api.investigation(id);
      await this.api.createInvestigation({
        title: `Copy of ${original.title}`.slice(0, 200),
        description: original.description,
        scene: original.scene,
      });
    } catch (error) {
      this.explorer.notify('error', `Could not duplicate: ${describeError(error)}`);
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await this.api.deleteInvestigation(id);
      if (this.state.get().current?.id === id) this.close();
    } catch (error) {
      this.explorer.notify('error', `Could not delete: ${describeError(error)}`);
    }
  }

  // ---------------------------------------------------------------- notes

  async addNote(text: string, target: NoteTarget | null): Promise<boolean> {
    const current = this.state.get().current;
    if (!current) {
      this.explorer.notify(
        'info',
        'Save the scene as an investigation first; notes belong to one.',
      );
      return false;
    }
    try {
      const note = await this.api.addNote(current.id, text, target ?? undefined);
      this.state.dispatch(noteAdded(note));
      return true;
    } catch (error) {
      this.explorer.notify('error', `Could not add the note: ${describeError(error)}`);
      return false;
    }
  }

  async editNote(noteId: string, text: string): Promise<void> {
    const current = this.state.get().current;
    if (!current) return;
    try {
      this.state.dispatch(noteChanged(await this.api.updateNote(current.id, noteId, text)));
    } catch (error) {
      this.explorer.notify('error', `Could not change the note: ${describeError(error)}`);
    }
  }

  async deleteNote(noteId: string): Promise<void> {
    const current = this.state.get().current;
    if (!current) return;
    try {
      await this.api.deleteNote(current.id, noteId);
      this.state.dispatch(noteRemoved(noteId));
    } catch (error) {
      this.explorer.notify('error', `Could not delete the note: ${describeError(error)}`);
    }
  }

  // ---------------------------------------------------------------- report

  /** Downloads the briefing of the version on screen. */
  async exportReport(format: 'html' | 'md'): Promise<void> {
    const current = this.state.get().current;
    if (!current) {
      this.explorer.notify(
        'info',
        'Save the scene as an investigation first, then export its report.',
      );
      return;
    }
    try {
      const text = await this.api.report(current.id, format, current.version);
      const type = format === 'html' ? 'text/html' : 'text/markdown';
      const stem =
        current.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'investigation';
      download(new Blob([text], { type }), `${stem}-v${current.version}.${format}`);
    } catch (error) {
      this.explorer.notify('error', `Could not export the report: ${describeError(error)}`);
    }
  }

  /** Keeps `?investigation=` in the address bar, so a reload reopens what is being worked on. */
  private showLink(id: string | null, version?: number): void {
    const params = new URLSearchParams(location.search);
    params.delete('investigation');
    params.delete('version');
    if (id) params.set('investigation', id);
    if (id && version !== undefined) params.set('version', String(version));
    const search = params.toString();
    history.replaceState(
      null,
      '',
      `${location.pathname}${search ? `?${search}` : ''}${location.hash}`,
    );
  }
}

function openOf(saved: InvestigationResponse): OpenInvestigation {
  return {
    id: saved.id,
    title: saved.title,
    description: saved.description,
    version: saved.version,
    latestVersion: saved.latestVersion,
    readOnly: saved.version < saved.latestVersion || saved.access === 'read',
    access: saved.access,
  };
}
