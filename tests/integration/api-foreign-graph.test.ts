import { beforeAll, describe, expect, it } from 'vitest';
import type {
  ExpandResponse,
  GraphPayload,
  NeighborsResponse,
  NodeDetailsResponse,
  SchemaResponse,
  SearchResponse,
} from '../../server/api-types.ts';
import { useAnalystServer } from '../support/analyst-app.ts';

const HUB_OUT = 2_000;
const HUB_IN = 1_000;
const HUB_NOTES = 500;

const app = useAnalystServer({
  prepare: async (db) => {
    // A graph that knows nothing of ours: no constraints, no full-text index, other labels.
    await db.write((tx) =>
      tx.run(`
        CREATE (matrix:Movie {title: 'The Matrix', released: 1999, tagline: 'Welcome to the Real World'})
        CREATE (reloaded:Movie {title: 'The Matrix Reloaded', released: 2003})
        CREATE (johnWick:Movie {title: 'John Wick', released: 2014})
        CREATE (keanu:Person {name: 'Keanu Reeves', born: 1964})
        CREATE (carrie:Person {name: 'Carrie-Anne Moss', born: 1967})
        CREATE (lana:Person {name: 'Lana Wachowski', born: 1965})
        CREATE (keanu)-[:ACTED_IN {roles: ['Neo']}]->(matrix)
        CREATE (keanu)-[:ACTED_IN {roles: ['Neo']}]->(reloaded)
        CREATE (keanu)-[:ACTED_IN {roles: ['John Wick']}]->(johnWick)
        CREATE (carrie)-[:ACTED_IN {roles: ['Trinity']}]->(matrix)
        CREATE (lana)-[:DIRECTED]->(matrix)
        CREATE (:Gadget {serial: 'X-42', weight: 3})
      `),
    );
    // A node with a few thousand relationships of several types in both directions.
    await db.write((tx) =>
      tx.run(
        `CREATE (hub:Hub {name: 'hub'})
         WITH hub
         CALL (hub) { UNWIND range(1, $out) AS i CREATE (hub)-[:LINKS {i: i}]->(:Leaf {name: 'out ' + i}) }
         CALL (hub) { UNWIND range(1, $in) AS i CREATE (hub)<-[:POINTS_AT {i: i}]-(:Leaf {name: 'in ' + i}) }
         CALL (hub) { UNWIND range(1, $notes) AS i CREATE (hub)-[:MENTIONS {i: i}]->(:Note {name: 'note ' + i}) }`,
        { out: HUB_OUT, in: HUB_IN, notes: HUB_NOTES },
      ),
    );
  },
});

const { get } = app;

const q = encodeURIComponent;

async function searchFirst(text: string): Promise<string> {
  const { body } = await get<SearchResponse>(`/api/search?q=${q(text)}`);
  const first = body.results[0];
  if (!first) throw new Error(`nothing found for ${text}`);
  return first.id;
}

describe('a foreign graph (movies) without our schema', () => {
  it('when searching a title or a name, then it is found case-insensitively', async () => {
    const matrix = await get<SearchResponse>('/api/search?q=matrix');
    expect(matrix.status).toBe(200);
    expect(matrix.body.results.map((r) => r.caption)).toEqual(
      expect.arrayContaining(['The Matrix', 'The Matrix Reloaded']),
    );
    const keanu = await get<SearchResponse>('/api/search?q=KEANU');
    expect(keanu.body.results[0]).toMatchObject({ caption: 'Keanu Reeves', labels: ['Person'] });
    const exact = await get<SearchResponse>(`/api/search?q=${q('the matrix')}`);
    expect(exact.body.results[0]?.caption).toBe('The Matrix');
  });

  it('when filtering the search by label, then only those labels come back', async () => {
    const { body } = await get<SearchResponse>('/api/search?q=a&labels=Movie&limit=50');
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.every((r) => r.labels.includes('Movie'))).toBe(true);
  });

  it('when a node has neither name nor title, then its caption is its first string property', async () => {
    const gadget = await fetch(`${app.url}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ cypher: 'MATCH (g:Gadget) RETURN g' }),
    });
    const result = (await gadget.json()) as { graph: { nodes: { caption: string }[] } };
    expect(result.graph.nodes[0]?.caption).toBe('X-42');
  });

  it('when expanding Keanu Reeves, then his movies come back through ACTED_IN, with their captions from title', async () => {
    const keanu = await searchFirst('keanu');
    const response = await fetch(`${app.url}/api/expand`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [keanu], types: ['ACTED_IN'], direction: 'out' }),
    });
    const body = (await response.json()) as ExpandResponse;
    expect(response.status).toBe(200);
    expect(body.nodes.map((n) => n.caption).sort()).toEqual([
      'John Wick',
      'Keanu Reeves',
      'The Matrix',
      'The Matrix Reloaded',
    ]);
    expect(body.edges.every((e) => e.type === 'ACTED_IN' && e.source === keanu)).toBe(true);
    expect(body.totals[keanu]).toBe(3);
  });

  it('when asking for a movie’s details, then its degrees are counted by type and direction', async () => {
    const matrix = await searchFirst('the matrix');
    const { body } = await get<NodeDetailsResponse>(`/api/nodes/${q(matrix)}`);
    expect(body.node.caption).toBe('The Matrix');
    expect(body.node.properties).toMatchObject({ released: 1999 });
    expect(body.degrees).toEqual(
      expect.arrayContaining([
        { type: 'ACTED_IN', direction: 'in', count: 2 },
        { type: 'DIRECTED', direction: 'in', count: 1 },
      ]),
    );
    expect(body.sources).toEqual([]);
  });

  it('when asking for the schema, then the movie labels and types are listed with counts', async () => {
    const { body } = await get<SchemaResponse>('/api/schema');
    expect(body.labels).toContainEqual({ label: 'Movie', count: 3 });
    expect(body.relationshipTypes).toContainEqual({ type: 'ACTED_IN', count: 4 });
    expect(body.propertyKeys).toContain('title');
  });
});

describe('paging the neighbours of a node with thousands of relationships', () => {
  async function allPages(hub: string, filter: string, limit: number) {
    const pages: NeighborsResponse[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `${filter}&limit=${limit}${cursor ? `&cursor=${q(cursor)}` : ''}`;
      const { status, body } = await get<NeighborsResponse>(
        `/api/nodes/${q(hub)}/neighbors?${query}`,
      );
      expect(status).toBe(200);
      pages.push(body);
      cursor = body.nextCursor;
    } while (cursor !== null && pages.length < 100);
    return pages;
  }

  it('when paging all neighbours, then pages never overlap, their union is complete, and total is exact', async () => {
    const hub = await searchFirst('hub');
    const pages = await allPages(hub, 'direction=both', 500);
    const total = HUB_OUT + HUB_IN + HUB_NOTES;
    expect(pages.every((p) => p.total === total)).toBe(true);
    expect(pages).toHaveLength(Math.ceil(total / 500));
    const edgeIds = pages.flatMap((p) => p.edges.map((e) => e.id));
    expect(new Set(edgeIds).size).toBe(edgeIds.length);
    expect(edgeIds).toHaveLength(total);
    expect(pages.at(-1)?.nextCursor).toBeNull();
  });

  it('when paging an odd page size, then the pages are still complete and stable when asked again', async () => {
    const hub = await searchFirst('hub');
    const first = await allPages(hub, 'direction=both', 137);
    const again = await allPages(hub, 'direction=both', 137);
    const ids = (pages: NeighborsResponse[]) => pages.map((p) => p.edges.map((e) => e.id));
    expect(ids(again)).toEqual(ids(first));
    expect(new Set(ids(first).flat()).size).toBe(HUB_OUT + HUB_IN + HUB_NOTES);
  });

  it('when paging one type in one direction, then only those come back and total counts only those', async () => {
    const hub = await searchFirst('hub');
    const pages = await allPages(hub, 'types=POINTS_AT&direction=in', 300);
    expect(pages[0]?.total).toBe(HUB_IN);
    const edges = pages.flatMap((p) => p.edges);
    expect(edges).toHaveLength(HUB_IN);
    expect(edges.every((e) => e.type === 'POINTS_AT' && e.target === hub)).toBe(true);
    const both = await allPages(hub, 'types=LINKS,MENTIONS&direction=out', 500);
    expect(both[0]?.total).toBe(HUB_OUT + HUB_NOTES);
    expect(new Set(both.flatMap((p) => p.edges.map((e) => e.id))).size).toBe(HUB_OUT + HUB_NOTES);
  });

  it('when a cursor is used for another filter, then it is refused with 400', async () => {
    const hub = await searchFirst('hub');
    const { body } = await get<NeighborsResponse>(`/api/nodes/${q(hub)}/neighbors?limit=10`);
    expect(body.nextCursor).not.toBeNull();
    const misused = await get<{ error: { code: string } }>(
      `/api/nodes/${q(hub)}/neighbors?limit=10&direction=out&cursor=${q(body.nextCursor ?? '')}`,
    );
    expect(misused.status).toBe(400);
    expect(misused.body.error.code).toBe('INVALID_CURSOR');
  });

  it('when the details of the big node are asked for, then every degree is exact', async () => {
    const hub = await searchFirst('hub');
    const { body } = await get<NodeDetailsResponse>(`/api/nodes/${q(hub)}`);
    expect(body.degrees).toEqual([
      { type: 'LINKS', direction: 'out', count: HUB_OUT },
      { type: 'MENTIONS', direction: 'out', count: HUB_NOTES },
      { type: 'POINTS_AT', direction: 'in', count: HUB_IN },
    ]);
  });
});

describe('POST /api/subgraph with big nodes', () => {
  const RELAY_LEAVES = 250;
  let ids: Record<string, string>;

  beforeAll(async () => {
    // Two nodes too big to walk, joined to each other, each with leaves of its own.
    const created = await app.db.write((tx) =>
      tx.run(
        `CREATE (a:Relay {name: 'relay a'})-[:FEEDS]->(b:Relay {name: 'relay b'})
         WITH a, b
         CALL (a) { UNWIND range(1, $n) AS i CREATE (a)-[:FEEDS]->(:Twig {name: 'a ' + i}) }
         CALL (b) { UNWIND range(1, $n) AS i CREATE (b)-[:FEEDS]->(:Twig {name: 'b ' + i}) }
         WITH a, b
         MATCH (a)-->(ta:Twig {name: 'a 1'}), (b)-->(tb:Twig {name: 'b 1'})
         RETURN elementId(a) AS a, elementId(b) AS b, elementId(ta) AS ta, elementId(tb) AS tb`,
        { n: RELAY_LEAVES },
      ),
    );
    const record = created.records[0];
    if (!record) throw new Error('relays not created');
    ids = Object.fromEntries(['a', 'b', 'ta', 'tb'].map((k) => [k, String(record.get(k))]));
  });

  async function subgraph(body: unknown) {
    const response = await fetch(`${app.url}/api/subgraph`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as GraphPayload & { error?: { message: string } },
    };
  }

  const pairs = (payload: GraphPayload) =>
    payload.edges.map((e) => `${e.source}->${e.target}`).sort();

  it('when a scene with two big nodes is reopened, then its nodes and every relationship among them come back, and gone nodes are left out', async () => {
    const { a, b, ta, tb } = ids as Record<'a' | 'b' | 'ta' | 'tb', string>;
    const gone = a.replace(/\d+$/, '999999999');
    const { status, body } = await subgraph({ ids: [a, b, ta, tb, gone] });
    expect(status).toBe(200);
    expect(body.nodes.map((n) => n.id).sort()).toEqual([a, b, ta, tb].sort());
    expect(pairs(body)).toEqual([`${a}->${b}`, `${a}->${ta}`, `${b}->${tb}`].sort());
  });

  it('when only relationships touching some nodes are asked for, then the others are left out', async () => {
    const { a, b, ta, tb } = ids as Record<'a' | 'b' | 'ta' | 'tb', string>;
    const twig = await subgraph({ ids: [a, b, ta, tb], touching: [ta] });
    expect(pairs(twig.body)).toEqual([`${a}->${ta}`]);
    // Only the touching nodes come back: the caller has the others.
    expect(twig.body.nodes.map((n) => n.id)).toEqual([ta]);
    const relay = await subgraph({ ids: [a, b, ta, tb], touching: [a] });
    expect(pairs(relay.body)).toEqual([`${a}->${b}`, `${a}->${ta}`].sort());
  });

  it('when the body is wrong, then 400 names the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ids: [] }, /^ids:/],
      [{ ids: Array.from({ length: 5001 }, (_, i) => `4:x:${i}`) }, /^ids:/],
      [{ ids: ['4:x:1'], touching: 'all' }, /^touching:/],
      [{ ids: ['4:x:1'], depth: 2 }, /depth/],
    ];
    for (const [body, message] of cases) {
      const answer = await subgraph(body);
      expect(answer.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(answer.body.error?.message).toMatch(message);
    }
  });
});
