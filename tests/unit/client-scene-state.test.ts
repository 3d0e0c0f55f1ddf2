import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../server/api-types.ts';
import { createHistory } from '../../client/src/state/history.ts';
import {
  addGraph,
  clearScene,
  emptyScene,
  hideNodes,
  remainingNeighbours,
  removeNodes,
  setPaging,
  setPinned,
  setPositions,
  showAll,
} from '../../client/src/state/scene.ts';

const node = (id: string, labels = ['State']): GraphNode => ({
  id,
  labels,
  caption: id,
  properties: { name: id },
});
const edge = (id: string, source: string, target: string, properties = {}): GraphEdge => ({
  id,
  type: 'BACKS',
  source,
  target,
  properties,
  relationshipIds: [id],
  evidence: [],
  summary: { sources: 1, contested: false },
});

describe('scene updates', () => {
  it('when a payload is added, then its nodes take the given positions and edges need both ends', () => {
    const scene = addGraph(
      { nodes: [node('a'), node('b')], edges: [edge('ab', 'a', 'b'), edge('ax', 'a', 'x')] },
      { a: { x: 1, y: 2 }, b: { x: 3, y: 4 } },
    )(emptyScene());
    expect(Object.keys(scene.graph.nodes)).toEqual(['a', 'b']);
    expect(Object.keys(scene.graph.edges)).toEqual(['ab']);
    expect(scene.positions.a).toEqual({ x: 1, y: 2 });
  });

  it('when the same payload is added twice, then the state is unchanged (same object)', () => {
    const once = addGraph({ nodes: [node('a')], edges: [] }, { a: { x: 0, y: 0 } })(emptyScene());
    expect(addGraph({ nodes: [node('a')], edges: [] })(once)).toBe(once);
  });

  it('when a node already on the canvas arrives again, then it keeps its position', () => {
    const once = addGraph({ nodes: [node('a')], edges: [] }, { a: { x: 5, y: 5 } })(emptyScene());
    const again = addGraph(
      { nodes: [node('a'), node('b')], edges: [] },
      { a: { x: 0, y: 0 }, b: { x: 1, y: 1 } },
    )(once);
    expect(again.positions.a).toEqual({ x: 5, y: 5 });
  });

  it('when a node is removed, then its edges, position, pin and paging go with it', () => {
    let scene = addGraph(
      {
        nodes: [node('a'), node('b'), node('c')],
        edges: [edge('ab', 'a', 'b'), edge('bc', 'b', 'c')],
      },
      { a: { x: 0, y: 0 }, b: { x: 1, y: 0 }, c: { x: 2, y: 0 } },
    )(emptyScene());
    scene = setPinned(['b'], true)(scene);
    scene = setPaging('b', { total: 80, loaded: 50, nextCursor: 'next' })(scene);
    scene = removeNodes(['b'])(scene);
    expect(Object.keys(scene.graph.nodes)).toEqual(['a', 'c']);
    expect(scene.graph.edges).toEqual({});
    expect(scene.positions.b).toBeUndefined();
    expect(scene.pinned).toEqual({});
    expect(scene.paging).toEqual({});
  });

  it('when nodes are hidden and all are shown again, then hidden is empty; adding a hidden node again shows it', () => {
    let scene = addGraph({ nodes: [node('a'), node('b')], edges: [] })(emptyScene());
    scene = hideNodes(['a', 'b'])(scene);
    expect(Object.keys(scene.hidden)).toEqual(['a', 'b']);
    expect(Object.keys(addGraph({ nodes: [node('a')], edges: [] })(scene).hidden)).toEqual(['b']);
    expect(showAll()(scene).hidden).toEqual({});
  });

  it('when positions are set for unknown nodes, then they are ignored', () => {
    const scene = addGraph({ nodes: [node('a')], edges: [] }, { a: { x: 0, y: 0 } })(emptyScene());
    expect(setPositions({ z: { x: 9, y: 9 } })(scene)).toBe(scene);
    expect(setPositions({ a: { x: 9, y: 9 } })(scene).positions.a).toEqual({ x: 9, y: 9 });
  });

  it('when a node has 80 neighbours and 50 are in, then 30 remain', () => {
    const scene = setPaging('a', { total: 80, loaded: 50, nextCursor: 'c' })(
      addGraph({ nodes: [node('a')], edges: [] })(emptyScene()),
    );
    expect(remainingNeighbours(scene, 'a')).toBe(30);
    expect(remainingNeighbours(scene, 'b')).toBe(0);
  });

  it('when the canvas is cleared, then it is empty', () => {
    const scene = addGraph({ nodes: [node('a')], edges: [] })(emptyScene());
    expect(clearScene()(scene)).toEqual(emptyScene());
  });
});

describe('history', () => {
  it('when steps are undone and redone, then the states come back in order', () => {
    const history = createHistory(0);
    history.record((n) => n + 1);
    history.record((n) => n + 1);
    expect(history.get()).toBe(2);
    history.undo();
    expect(history.get()).toBe(1);
    history.undo();
    history.undo();
    expect(history.get()).toBe(0);
    expect(history.canUndo()).toBe(false);
    history.redo();
    expect(history.get()).toBe(1);
    expect(history.canRedo()).toBe(true);
  });

  it('when a new step follows an undo, then the redo branch is dropped', () => {
    const history = createHistory('a');
    history.record(() => 'b');
    history.undo();
    history.record(() => 'c');
    expect(history.canRedo()).toBe(false);
    history.undo();
    expect(history.get()).toBe('a');
  });

  it('when a step is amended (a finished layout), then undo goes to before the step, not before the amendment', () => {
    const history = createHistory({ nodes: 1, laidOut: false });
    history.record((s) => ({ ...s, nodes: 2 }));
    history.amend((s) => ({ ...s, laidOut: true }));
    expect(history.get()).toEqual({ nodes: 2, laidOut: true });
    history.undo();
    expect(history.get()).toEqual({ nodes: 1, laidOut: false });
  });

  it('when an update changes nothing, then no step is recorded and no one is told', () => {
    const history = createHistory({ n: 1 });
    let told = 0;
    history.subscribe(() => told++);
    history.record((s) => s);
    expect(history.canUndo()).toBe(false);
    expect(told).toBe(0);
  });

  it('when more steps than the limit are recorded, then the oldest are forgotten', () => {
    const history = createHistory(0, 3);
    for (let i = 0; i < 5; i++) history.record((n) => n + 1);
    let undone = 0;
    while (history.canUndo()) {
      history.undo();
      undone++;
    }
    expect(undone).toBe(3);
    expect(history.get()).toBe(2);
  });
});
