import { describe, expect, it } from 'vitest';
import type { Evidence, GraphEdge, GraphNode, Stance } from '../../server/api-types.ts';
import { groupEdges } from '../../server/db/evidence-edges.ts';
import { locateQuote } from '../../server/services/quote-locator.ts';
import { highlightsOf } from '../../client/src/panels/source-reader.ts';
import { edgePassesFilters, noFilters } from '../../client/src/state/filters.ts';
import { addGraph, emptyScene } from '../../client/src/state/scene.ts';

const node = (id: string): GraphNode => ({ id, labels: ['State'], caption: id, properties: {} });

const piece = (relationshipId: string, sourceId: string, stance: Stance): Evidence => ({
  relationshipId,
  sourceId,
  sourceTitle: null,
  quote: `${sourceId} says so`,
  stance,
});

/** One stored relationship as the mapper makes it. */
const single = (id: string, sourceId: string, stance: Stance): GraphEdge => ({
  id,
  type: 'SUPPLIES',
  source: 'iran',
  target: 'russia',
  properties: { sourceId, stance },
  relationshipIds: [id],
  evidence: [piece(id, sourceId, stance)],
  summary: { sources: 1, contested: false },
});

describe('grouping relationships into drawn edges', () => {
  it('when two sources state the same relationship and one denies it, then one contested edge with the lowest id carries both', () => {
    const [edge, ...rest] = groupEdges([
      single('5:x:12', 'note', 'denial'),
      single('5:x:9', 'article', 'reported'),
    ]);
    expect(rest).toEqual([]);
    expect(edge?.id).toBe('5:x:9');
    expect(edge?.relationshipIds).toEqual(['5:x:9', '5:x:12']);
    expect(edge?.properties.stance).toBe('reported');
    expect(edge?.summary).toEqual({ sources: 2, contested: true });
  });

  it('when relationships differ in type or direction, then they stay separate edges', () => {
    const other = { ...single('5:x:3', 'article', 'reported'), type: 'BACKS' };
    const back = { ...single('5:x:4', 'article', 'reported'), source: 'russia', target: 'iran' };
    expect(groupEdges([single('5:x:1', 'a', 'reported'), other, back])).toHaveLength(3);
  });
});

describe('the canvas joins parts of a group', () => {
  it('when a part arrives first and the whole group later, then the canvas holds one edge with both pieces; the part again changes nothing', () => {
    const withNodes = addGraph({ nodes: [node('iran'), node('russia')], edges: [] })(emptyScene());
    const part = single('5:x:12', 'note', 'denial');
    const whole = groupEdges([part, single('5:x:9', 'article', 'reported')])[0]!;
    const first = addGraph({ nodes: [], edges: [part] })(withNodes);
    const joined = addGraph({ nodes: [], edges: [whole] })(first);
    expect(Object.keys(joined.graph.edges)).toEqual(['5:x:9']);
    expect(joined.graph.edges['5:x:9']?.evidence).toHaveLength(2);
    expect(addGraph({ nodes: [], edges: [part] })(joined)).toBe(joined);
  });

  it('when two parts are drawn apart and the whole group arrives, then one edge holds every piece in the order they arrived, and other edges stay', () => {
    const withNodes = addGraph({ nodes: [node('iran'), node('russia')], edges: [] })(emptyScene());
    const denial = single('5:x:12', 'note', 'denial');
    const claim = single('5:x:15', 'think-tank', 'claim');
    const other = { ...single('5:x:3', 'article', 'reported'), type: 'BACKS' };
    const whole = groupEdges([denial, claim, single('5:x:9', 'article', 'reported')])[0]!;
    const apart = addGraph({ nodes: [], edges: [denial, other, claim] })(withNodes);
    expect(Object.keys(apart.graph.edges)).toEqual(['5:x:12', '5:x:3', '5:x:15']);
    const joined = addGraph({ nodes: [], edges: [whole] })(apart);
    expect(Object.keys(joined.graph.edges).sort()).toEqual(['5:x:3', '5:x:9']);
    expect(joined.graph.edges['5:x:9']?.relationshipIds).toEqual(['5:x:9', '5:x:12', '5:x:15']);
    expect(joined.graph.edges['5:x:9']?.evidence.map((e) => e.relationshipId).sort()).toEqual([
      '5:x:12',
      '5:x:15',
      '5:x:9',
    ]);
    expect(joined.graph.edges['5:x:9']?.summary).toEqual({ sources: 3, contested: true });
  });
});

describe('stance filters per piece of evidence', () => {
  const contested = groupEdges([
    single('5:x:1', 'article', 'reported'),
    single('5:x:2', 'note', 'denial'),
  ])[0]!;
  const hide = (...stances: Stance[]) => ({ ...noFilters(), hiddenStances: stances });

  it('when one stance of a contested edge is hidden, then the edge stays; when both are, it goes', () => {
    expect(edgePassesFilters(contested, hide('denial'))).toBe(true);
    expect(edgePassesFilters(contested, hide('reported'))).toBe(true);
    expect(edgePassesFilters(contested, hide('reported', 'denial'))).toBe(false);
  });
});

describe('locating a quote in a source', () => {
  const text = 'Intro.\n\n“Iran’s drones,”  he said — twice.\nEnd.';

  it('when the quote is verbatim, then its exact offsets come back', () => {
    const [start, end] = locateQuote(text, 'Intro.')!;
    expect(text.slice(start, end)).toBe('Intro.');
  });

  it('when the quote differs in spaces, straight quote marks or dashes, then the passage is still found', () => {
    const [start, end] = locateQuote(text, `"Iran's drones," he said - twice.`)!;
    expect(text.slice(start, end)).toBe('“Iran’s drones,”  he said — twice.');
  });

  it('when the quote is not in the text, then null', () => {
    expect(locateQuote(text, 'Not there.')).toBeNull();
    expect(locateQuote(text, '   ')).toBeNull();
  });
});

describe('reader highlights', () => {
  it('when several relationships rest on one sentence, then that sentence is one highlight carrying all of them', () => {
    const ev = (relationshipId: string, offsets: [number, number] | null) => ({
      relationshipId,
      type: 'T',
      from: 'a',
      to: 'b',
      fromCaption: 'A',
      toCaption: 'B',
      quote: 'q',
      stance: 'reported' as const,
      offsets,
    });
    const highlights = highlightsOf([
      ev('r3', [20, 30]),
      ev('r1', [0, 10]),
      ev('r2', [0, 10]),
      ev('r4', null),
    ]);
    expect(
      highlights.map((h) => [h.start, h.end, h.evidence.map((e) => e.relationshipId)]),
    ).toEqual([
      [0, 10, ['r1', 'r2']],
      [20, 30, ['r3']],
    ]);
  });
});
