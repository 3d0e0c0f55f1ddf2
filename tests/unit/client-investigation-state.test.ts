import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../server/api-types.ts';
import type { InvestigationNote } from '../../server/investigation-types.ts';
import { noFilters } from '../../client/src/state/filters.ts';
import {
  markDirty,
  noInvestigation,
  notedIds,
  notesAbout,
  opened,
  parseInvestigationLink,
  sceneFingerprint,
  sceneSnapshot,
} from '../../client/src/state/investigation.ts';
import { addGraph, emptyScene, hideNodes, setPinned } from '../../client/src/state/scene.ts';
import type { UiState } from '../../client/src/state/types.ts';

const node = (id: string): GraphNode => ({ id, labels: ['State'], caption: id, properties: {} });
const ui = (over: Partial<UiState> = {}): UiState => ({
  selection: null,
  selectedNodes: [],
  highlight: null,
  filters: noFilters(),
  schema: null,
  ...over,
});
const note = (id: string, target: InvestigationNote['target']): InvestigationNote => ({
  id,
  target,
  text: id,
  author: 'local',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('the scene an investigation saves', () => {
  const scene = setPinned(
    ['a'],
    true,
  )(
    hideNodes(['b'])(
      addGraph(
        {
          nodes: [node('a'), node('b')],
          edges: [
            {
              id: 'r',
              type: 'BACKS',
              source: 'a',
              target: 'b',
              properties: {},
              relationshipIds: ['r'],
              evidence: [],
              summary: { sources: 0, contested: false },
            },
          ],
        },
        { a: { x: 1.234, y: 2 }, b: { x: 3, y: 4 } },
      )(emptyScene()),
    ),
  );

  it('when a scene is snapshotted, then nodes keep positions, pins and hidden, with filters and camera', () => {
    const filters = { ...noFilters(), hiddenTypes: ['BACKS'], asOf: '2023-08-01' };
    const snapshot = sceneSnapshot(scene, ui({ filters }), { zoom: 1.5, pan: { x: 3, y: 4 } });
    expect(snapshot).toEqual({
      nodes: [
        { id: 'a', x: 1.2, y: 2, pinned: true },
        { id: 'b', x: 3, y: 4, hidden: true },
      ],
      edges: ['r'],
      filters: { hiddenLabels: [], hiddenTypes: ['BACKS'], hiddenStances: [], asOf: '2023-08-01' },
      asOf: '2023-08-01',
      viewport: { zoom: 1.5, pan: { x: 3, y: 4 } },
    });
  });

  it('when only the camera moves, then the investigation is not dirty; when a node moves, it is', () => {
    const saved = sceneSnapshot(scene, ui(), { zoom: 1, pan: { x: 0, y: 0 } });
    const state = opened(
      {
        id: 'i',
        title: 't',
        description: '',
        version: 1,
        latestVersion: 1,
        readOnly: false,
        access: 'owner',
      },
      [],
      sceneFingerprint(saved),
    )();
    const panned = sceneSnapshot(scene, ui(), { zoom: 2, pan: { x: 50, y: 0 } });
    expect(markDirty(sceneFingerprint(panned))(state).dirty).toBe(false);
    const moved = { ...saved, nodes: saved.nodes.map((n) => ({ ...n, x: n.x + 10 })) };
    expect(markDirty(sceneFingerprint(moved))(state).dirty).toBe(true);
    expect(markDirty(sceneFingerprint(moved))(noInvestigation()).dirty).toBe(false);
  });
});

describe('notes and links', () => {
  const notes = [
    note('on-a', { nodeId: 'a' }),
    note('on-r', { relationshipId: 'r' }),
    note('all', null),
  ];

  it('when a node or edge is selected, then its notes are the ones shown; with nothing selected, the general ones', () => {
    expect(notesAbout(notes, { kind: 'node', id: 'a' }).map((n) => n.id)).toEqual(['on-a']);
    expect(notesAbout(notes, { kind: 'edge', id: 'r' }).map((n) => n.id)).toEqual(['on-r']);
    expect(notesAbout(notes, null).map((n) => n.id)).toEqual(['all']);
    expect([...notedIds(notes)].sort()).toEqual(['a', 'r']);
  });

  it('when a version link is read, then id and version come back; a mangled one opens nothing', () => {
    const id = '0b8f6c1e-8d47-4c71-9d0a-3f1d2b6a7c55';
    expect(parseInvestigationLink(`?investigation=${id}&version=3`)).toEqual({ id, version: 3 });
    expect(parseInvestigationLink(`?investigation=${id}`)).toEqual({ id });
    expect(parseInvestigationLink('?investigation=<script>')).toBeNull();
    expect(parseInvestigationLink(`?investigation=${id}&version=-1`)).toEqual({ id });
  });
});
