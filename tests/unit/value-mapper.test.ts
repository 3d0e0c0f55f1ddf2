import neo4j, { Node, Path, PathSegment, Relationship } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import {
  GraphCollector,
  captionOf,
  containsHidden,
  toDriverParams,
  toGraphEdge,
  toGraphNode,
  toJson,
} from '../../server/db/value-mapper.ts';

const node = (id: number, labels: string[], properties: Record<string, unknown>) =>
  new Node(neo4j.int(id), labels, properties, `4:db:${id}`);
const rel = (id: number, from: number, to: number, type: string, properties = {}) =>
  new Relationship(
    neo4j.int(id),
    neo4j.int(from),
    neo4j.int(to),
    type,
    properties,
    `5:db:${id}`,
    `4:db:${from}`,
    `4:db:${to}`,
  );

describe('value mapper', () => {
  it('when an integer fits a double, then it is a number; when it does not, then a decimal string', () => {
    expect(toJson(neo4j.int(42))).toBe(42);
    expect(toJson(neo4j.int('9007199254740993'))).toBe('9007199254740993');
    expect(toJson(neo4j.int('-9223372036854775808'))).toBe('-9223372036854775808');
  });

  it('when temporal values arrive, then they become ISO strings', () => {
    expect(toJson(new neo4j.types.Date(2023, 7, 31))).toBe('2023-07-31');
    expect(toJson(new neo4j.types.LocalDateTime(2023, 8, 1, 9, 30, 0, 0))).toBe(
      '2023-08-01T09:30:00',
    );
    expect(toJson(new neo4j.types.DateTime(2023, 8, 1, 9, 30, 0, 0, 0))).toBe(
      '2023-08-01T09:30:00Z',
    );
    expect(toJson(new neo4j.types.Time(9, 30, 0, 0, 3600))).toBe('09:30:00+01:00');
    expect(toJson(new neo4j.types.LocalTime(9, 30, 0, 0))).toBe('09:30:00');
    expect(toJson(new neo4j.types.Duration(1, 2, 3, 0))).toBe('P1M2DT3S');
  });

  it('when points arrive, then they become {x, y[, z], srid}', () => {
    expect(toJson(new neo4j.types.Point(4326, 27.56, 53.9))).toEqual({
      x: 27.56,
      y: 53.9,
      srid: 4326,
    });
    expect(toJson(new neo4j.types.Point(9157, 1, 2, 3))).toEqual({ x: 1, y: 2, z: 3, srid: 9157 });
  });

  it('when a node arrives, then it has its elementId, labels, caption and plain properties', () => {
    const belarus = node(7, ['State'], { name: 'Belarus', founded: neo4j.int(1991) });
    expect(toGraphNode(belarus)).toEqual({
      id: '4:db:7',
      labels: ['State'],
      caption: 'Belarus',
      properties: { name: 'Belarus', founded: 1991 },
    });
  });

  it('when a node has no name, then the caption is its title, else its first string property, else its label', () => {
    expect(captionOf(['Movie'], { released: 1999, title: 'The Matrix' })).toBe('The Matrix');
    expect(captionOf(['Thing'], { count: 3, code: 'X-1' })).toBe('X-1');
    expect(captionOf(['Thing'], { count: 3 })).toBe('Thing');
  });

  it('when a relationship arrives, then source and target are element ids and its evidence is its own', () => {
    expect(toGraphEdge(rel(1, 8, 9, 'BACKS', { stance: 'reported' }))).toEqual({
      id: '5:db:1',
      type: 'BACKS',
      source: '4:db:8',
      target: '4:db:9',
      properties: { stance: 'reported' },
      relationshipIds: ['5:db:1'],
      evidence: [
        {
          relationshipId: '5:db:1',
          sourceId: null,
          sourceTitle: null,
          quote: null,
          stance: 'reported',
        },
      ],
      summary: { sources: 1, contested: false },
    });
  });

  it('when a relationship carries no evidence (a foreign graph), then its evidence is empty', () => {
    expect(toGraphEdge(rel(2, 8, 9, 'ACTED_IN', { roles: ['Neo'] }))).toMatchObject({
      relationshipIds: ['5:db:2'],
      evidence: [],
      summary: { sources: 0, contested: false },
    });
  });

  it('when a path arrives, then it becomes its nodes and edges in order', () => {
    const a = node(1, ['Person'], { name: 'Khrenin' });
    const b = node(2, ['State'], { name: 'Belarus' });
    const r = rel(3, 1, 2, 'HOLDS_OFFICE');
    const path = new Path(a, b, [new PathSegment(a, r, b)]);
    const mapped = toJson(path) as { nodes: { id: string }[]; edges: { id: string }[] };
    expect(mapped.nodes.map((n) => n.id)).toEqual(['4:db:1', '4:db:2']);
    expect(mapped.edges.map((e) => e.id)).toEqual(['5:db:3']);
  });

  it('when lists and maps nest graph values, then the collector finds every node, edge and path once', () => {
    const a = node(1, ['Person'], { name: 'A' });
    const b = node(2, ['Person'], { name: 'B' });
    const r = rel(3, 1, 2, 'KNOWS');
    const collector = new GraphCollector();
    collector.add([{ deep: [a, { again: a }] }, r]);
    collector.add(new Path(a, b, [new PathSegment(a, r, b)]));
    const graph = collector.payload();
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(['4:db:1', '4:db:2']);
    expect(graph.edges.map((e) => e.id)).toEqual(['5:db:3']);
  });

  it('when a node carries a `__` label, then it is hidden from the collected graph', () => {
    const ledger = node(9, ['__SeedFile'], { name: '00-schema.cypher' });
    const collector = new GraphCollector();
    collector.add([ledger]);
    expect(collector.payload().nodes).toEqual([]);
    expect(containsHidden({ x: [ledger] })).toBe(true);
    expect(containsHidden({ x: [node(1, ['Person'], {})] })).toBe(false);
  });

  it('when request parameters hold whole numbers, then they become Cypher integers', () => {
    const params = toDriverParams({ n: 5, f: 2.5, list: [1, 'a'], map: { k: 3 } });
    expect(neo4j.isInt(params.n)).toBe(true);
    expect(params.f).toBe(2.5);
    expect(neo4j.isInt((params.list as unknown[])[0])).toBe(true);
    expect(neo4j.isInt((params.map as Record<string, unknown>).k)).toBe(true);
  });

  it('when a float is not finite, then it is a readable string rather than null', () => {
    expect(toJson(Number.NaN)).toBe('NaN');
    expect(toJson(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});
