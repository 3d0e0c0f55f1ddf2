import { MultiDirectedGraph } from 'graphology';
import { parse } from 'graphology-gexf';
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../server/api-types.ts';
import { sceneToCsv, sceneToGexf } from '../../client/src/export/canvas-exports.ts';
import { emptyScene } from '../../client/src/state/scene.ts';
import type { SceneState } from '../../client/src/state/types.ts';

const node = (id: string, caption: string, label: string, key: string): GraphNode => ({
  id,
  labels: [label],
  caption,
  properties: { id: key, name: caption },
});

const nodes = [
  node('4:a:1', 'Belarus', 'State', 'state:belarus'),
  node('4:a:2', 'Russia', 'State', 'state:russia'),
  node('4:a:3', 'Shahed drone', 'Weapon', 'weapon:shahed-drone'),
  node('4:a:4', '=Critical Threats Project', 'Organisation', 'org:critical-threats-project'),
];
const edges: GraphEdge[] = [
  {
    id: '5:a:1',
    type: 'SATELLITE_OF',
    source: '4:a:1',
    target: '4:a:2',
    properties: {
      sourceId: 'source:iran-belarus-defense-2023',
      stance: 'opinion',
      quote: 'Belarus is “little more than a Russian satellite state” <really> & more',
    },
    relationshipIds: ['5:a:1'],
    evidence: [],
    summary: { sources: 1, contested: false },
  },
  {
    id: '5:a:2',
    type: 'MAY_BE_BUILT_IN',
    source: '4:a:3',
    target: '4:a:1',
    properties: {
      sourceId: 'source:iran-belarus-defense-2023',
      stance: 'claim',
      claimedBy: 'org:critical-threats-project',
      quote: '=HYPERLINK("http://x") claimed; the memorandum, may concern factories',
      facility: 'factories',
    },
    relationshipIds: ['5:a:2'],
    evidence: [],
    summary: { sources: 1, contested: false },
  },
];

const scene: SceneState = {
  ...emptyScene(),
  graph: {
    nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
    edges: Object.fromEntries(edges.map((e) => [e.id, e])),
  },
  positions: { '4:a:1': { x: 0, y: 0 }, '4:a:2': { x: 120.4, y: -30 } },
};
const everything = {
  nodes: new Set(nodes.map((n) => n.id)),
  edges: new Set(edges.map((e) => e.id)),
};
const titles = new Map([
  ['source:iran-belarus-defense-2023', 'Iran and Belarus Boost Defense Relationship'],
]);

describe('GEXF export', () => {
  it('when the canvas is written as GEXF, then graphology-gexf reads back every node, edge and quote', async () => {
    const xml = await sceneToGexf(scene, everything, titles);
    const graph = parse(MultiDirectedGraph, xml);
    expect(graph.order).toBe(nodes.length);
    expect(graph.size).toBe(edges.length);
    for (const n of nodes) {
      expect(graph.hasNode(n.id)).toBe(true);
      expect(graph.getNodeAttribute(n.id, 'label')).toBe(n.caption);
    }
    for (const e of edges) {
      expect(graph.hasEdge(e.id)).toBe(true);
      expect(graph.source(e.id)).toBe(e.source);
      expect(graph.target(e.id)).toBe(e.target);
      const attributes = graph.getEdgeAttributes(e.id);
      expect(attributes.quote).toBe(e.properties.quote);
      expect(attributes.stance).toBe(e.properties.stance);
      expect(attributes.sourceTitle).toBe('Iran and Belarus Boost Defense Relationship');
    }
    expect(graph.getEdgeAttribute('5:a:2', 'claimedBy')).toBe('org:critical-threats-project');
  });

  it('when an edge groups several sources, then each quote is an attribute of the edge', async () => {
    const grouped = {
      ...edges[0]!,
      evidence: [
        {
          relationshipId: 'r1',
          sourceId: 's1',
          sourceTitle: null,
          stance: 'reported' as const,
          quote: 'First source says so.',
        },
        {
          relationshipId: 'r2',
          sourceId: 's2',
          sourceTitle: null,
          stance: 'claim' as const,
          quote: 'Second source claims it.',
          claimedBy: 'x',
        },
      ],
    };
    const two = { ...scene, graph: { ...scene.graph, edges: { [grouped.id]: grouped } } };
    const graph = parse(
      MultiDirectedGraph,
      await sceneToGexf(two, { ...everything, edges: new Set([grouped.id]) }),
    );
    const attributes = graph.getEdgeAttributes(grouped.id);
    expect(attributes.sources).toBe(2);
    expect([attributes.quote, attributes.quote2]).toEqual([
      'First source says so.',
      'Second source claims it.',
    ]);
    expect(JSON.parse(String(attributes.evidence))).toHaveLength(2);
  });
});

describe('CSV export of the canvas', () => {
  it('when the canvas is written as CSV, then the nodes file and the edges file hold every element with its evidence, and formula-like cells stay text', () => {
    const files = sceneToCsv(scene, everything, titles);
    const nodeLines = files.nodes.trimEnd().split('\r\n');
    expect(nodeLines[0]).toBe('id,key,caption,labels,x,y,pinned,properties');
    expect(nodeLines).toHaveLength(nodes.length + 1);
    expect(files.nodes).toContain("'=Critical Threats Project");
    expect(files.nodes).not.toMatch(/(^|,)=Critical/m);

    const edgeLines = files.edges.trimEnd().split('\r\n');
    expect(edgeLines[0]).toBe(
      'id,source_id,source_caption,type,target_id,target_caption,stance,quote,claimed_by,evidence_source_id,evidence_source_title,date,properties',
    );
    expect(edgeLines).toHaveLength(edges.length + 1);
    expect(files.edges).toContain('SATELLITE_OF');
    expect(files.edges).toContain('Iran and Belarus Boost Defense Relationship');
    // The claimant by name; the quote quoted (it holds ; and ,) and its formula start escaped.
    expect(files.edges).toContain("'=Critical Threats Project");
    expect(files.edges).toContain(
      '"\'=HYPERLINK(""http://x"") claimed; the memorandum, may concern factories"',
    );
    expect(files.edges).toContain('{""facility"":""factories""}');
  });

  it('when elements are hidden or filtered out, then they are not exported', () => {
    const drawn = { nodes: new Set(['4:a:1', '4:a:2']), edges: new Set(['5:a:1']) };
    const files = sceneToCsv(scene, drawn);
    expect(files.nodes.trimEnd().split('\r\n')).toHaveLength(3);
    expect(files.edges).not.toContain('MAY_BE_BUILT_IN');
  });
});
