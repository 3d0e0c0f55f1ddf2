import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../server/api-types.ts';
import {
  dateRange,
  noFilters,
  sceneVocabulary,
  setAsOf,
  setLabelHidden,
  setStanceHidden,
  setTypeHidden,
  visibleElements,
} from '../../client/src/state/filters.ts';
import { addGraph, emptyScene, hideNodes } from '../../client/src/state/scene.ts';
import type { UiState } from '../../client/src/state/types.ts';

const node = (id: string, labels: string[]): GraphNode => ({
  id,
  labels,
  caption: id,
  properties: {},
});
const edge = (
  id: string,
  type: string,
  source: string,
  target: string,
  properties = {},
): GraphEdge => ({
  id,
  type,
  source,
  target,
  properties,
});

const scene = addGraph({
  nodes: [
    node('belarus', ['State']),
    node('russia', ['State']),
    node('khrenin', ['Person']),
    node('iran', ['State']),
  ],
  edges: [
    edge('sat', 'SATELLITE_OF', 'belarus', 'russia', { stance: 'opinion' }),
    edge('backs', 'BACKS', 'iran', 'russia', { stance: 'reported', date: '2022-02-24' }),
    edge('visit', 'VISITED', 'khrenin', 'iran', { stance: 'reported', date: '2023-07-31' }),
    edge('talks', 'DISCUSSED', 'khrenin', 'iran', {
      stance: 'claim',
      date: '2023-08-01T10:00:00Z',
    }),
  ],
})(emptyScene());

const ui = (): UiState => ({
  selection: null,
  selectedNodes: [],
  highlight: null,
  filters: noFilters(),
  schema: null,
});
const visible = (state: UiState) => {
  const v = visibleElements(scene, state.filters);
  return { nodes: [...v.nodes].sort(), edges: [...v.edges].sort() };
};

describe('filters', () => {
  it('when nothing is filtered, then everything shows', () => {
    expect(visible(ui()).edges).toEqual(['backs', 'sat', 'talks', 'visit']);
  });

  it('when a label is hidden, then its nodes and their relationships go', () => {
    const state = setLabelHidden('Person', true)(ui());
    expect(visible(state).nodes).toEqual(['belarus', 'iran', 'russia']);
    expect(visible(state).edges).toEqual(['backs', 'sat']);
    expect(visible(setLabelHidden('Person', false)(state)).nodes).toHaveLength(4);
  });

  it('when a relationship type or a stance is hidden, then only those relationships go', () => {
    expect(visible(setTypeHidden('BACKS', true)(ui())).edges).toEqual(['sat', 'talks', 'visit']);
    expect(visible(setStanceHidden('opinion', true)(ui())).edges).toEqual([
      'backs',
      'talks',
      'visit',
    ]);
  });

  it('when "as of" is 31 July 2023, then relationships dated later are hidden and undated ones stay', () => {
    expect(visible(setAsOf('2023-07-31')(ui())).edges).toEqual(['backs', 'sat', 'visit']);
    expect(visible(setAsOf('2022-12-31')(ui())).edges).toEqual(['backs', 'sat']);
  });

  it('when "as of" is before a dated node (an agreement), then the node and its relationships are hidden, whatever the date', () => {
    const withMemorandum = addGraph({
      nodes: [{ ...node('mou', ['Agreement']), properties: { date: '2023-07-31' } }],
      edges: [edge('signed', 'SIGNED', 'khrenin', 'mou')],
    })(scene);
    const at = (asOf: string) => visibleElements(withMemorandum, setAsOf(asOf)(ui()).filters);
    expect(at('2023-07-30').nodes.has('mou')).toBe(false);
    expect(at('2023-07-30').edges.has('signed')).toBe(false);
    expect(at('1990-01-01').nodes.has('mou')).toBe(false);
    expect(at('2023-07-31').nodes.has('mou')).toBe(true);
    expect(dateRange(withMemorandum)).toEqual({ min: '2022-02-24', max: '2023-08-01' });
  });

  it('when a node is hidden on the canvas, then its relationships are not drawn', () => {
    const v = visibleElements(hideNodes(['russia'])(scene), noFilters());
    expect([...v.edges].sort()).toEqual(['talks', 'visit']);
  });

  it('then the date range spans the dated relationships, by calendar day', () => {
    expect(dateRange(scene)).toEqual({ min: '2022-02-24', max: '2023-08-01' });
    expect(dateRange(emptyScene())).toBeNull();
  });

  it('then the vocabulary lists labels and types with counts, by name', () => {
    const vocabulary = sceneVocabulary(scene);
    expect(vocabulary.labels).toEqual([
      ['Person', 1],
      ['State', 3],
    ]);
    expect(vocabulary.types.map(([t]) => t)).toEqual([
      'BACKS',
      'DISCUSSED',
      'SATELLITE_OF',
      'VISITED',
    ]);
  });
});
