import { describe, expect, it } from 'vitest';
import type {
  ExpandResponse,
  NeighborsResponse,
  NodeDetailsResponse,
  PathsResponse,
  SchemaResponse,
  SearchResponse,
} from '../../server/api-types.ts';
import { useAnalystServer } from '../support/analyst-app.ts';

const app = useAnalystServer();

const { get, post } = app;

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const q = encodeURIComponent;

async function idOf(text: string, label: string): Promise<string> {
  const { body } = await get<SearchResponse>(`/api/search?q=${q(text)}&labels=${label}&limit=1`);
  const first = body.results[0];
  if (!first) throw new Error(`nothing found for ${text}`);
  return first.id;
}

describe('GET /api/search on the article graph', () => {
  it('when searching "belarus", then the state Belarus comes first', async () => {
    const { status, body } = await get<SearchResponse>('/api/search?q=belarus');
    expect(status).toBe(200);
    expect(body.results[0]).toMatchObject({ caption: 'Belarus', labels: ['State'] });
    expect(body.results[0]?.score).toBeGreaterThan(0);
  });

  it('when searching "Хренін" (Ukrainian Cyrillic), then Viktor Khrenin is found', async () => {
    const { body } = await get<SearchResponse>(`/api/search?q=${q('Хренін')}`);
    expect(body.results[0]?.caption).toBe('Viktor Khrenin');
  });

  it('when searching "khrenin" in lower case, then Viktor Khrenin comes first', async () => {
    const { body } = await get<SearchResponse>('/api/search?q=khrenin');
    expect(body.results[0]?.caption).toBe('Viktor Khrenin');
  });

  it('when searching a prefix or a typo, then the person is still found', async () => {
    expect((await get<SearchResponse>('/api/search?q=khren')).body.results[0]?.caption).toBe(
      'Viktor Khrenin',
    );
    expect((await get<SearchResponse>('/api/search?q=khrennin')).body.results[0]?.caption).toBe(
      'Viktor Khrenin',
    );
  });

  it('when searching in Persian, then the person is found by the alias', async () => {
    const { body } = await get<SearchResponse>(`/api/search?q=${q('باقری')}`);
    expect(body.results[0]?.caption).toBe('Mohammad Bagheri');
  });

  it('when filtering by label, then only nodes with that label come back', async () => {
    const { body } = await get<SearchResponse>('/api/search?q=belarus&labels=Event,Agreement');
    expect(body.results.length).toBeGreaterThan(0);
    for (const result of body.results) {
      expect(result.labels.some((l) => ['Event', 'Agreement'].includes(l))).toBe(true);
    }
  });

  it.each(['a:"b', '*', '(', 'AND', '\\', '"', '~~~', '[x TO y]'])(
    'when the text is Lucene syntax such as %j, then it is a search, not an error',
    async (text) => {
      const { status, body } = await get<SearchResponse>(`/api/search?q=${q(text)}`);
      expect(status).toBe(200);
      expect(Array.isArray(body.results)).toBe(true);
    },
  );

  it('when the query is missing or the limit is out of range, then 400 names the field', async () => {
    const missing = await get<ErrorBody>('/api/search');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(missing.body.error.message).toMatch(/^q:/);
    const limit = await get<ErrorBody>('/api/search?q=iran&limit=100000');
    expect(limit.status).toBe(400);
    expect(limit.body.error.message).toMatch(/^limit:/);
  });
});

describe('GET /api/nodes/:id on the article graph', () => {
  it('when asking for Belarus, then its degrees include SATELLITE_OF out = 1, and its sources are listed', async () => {
    const belarus = await idOf('belarus', 'State');
    const { status, body } = await get<NodeDetailsResponse>(`/api/nodes/${q(belarus)}`);
    expect(status).toBe(200);
    expect(body.node).toMatchObject({ id: belarus, caption: 'Belarus', labels: ['State'] });
    expect(body.degrees).toContainEqual({
      type: 'SATELLITE_OF',
      direction: 'out',
      count: 1,
      stances: { opinion: 1 },
    });
    expect(body.degrees.every((d) => d.count > 0)).toBe(true);
    const article = body.sources.find((s) => s.id === 'source:iran-belarus-defense-2023');
    expect(article?.caption).toBe('Iran and Belarus Boost Defense Relationship');
    expect(article?.relationships).toBeGreaterThan(1);
  });

  it('when the id is unknown or malformed, then 404, never 500', async () => {
    for (const id of ['4:00000000-0000-0000-0000-000000000000:999999', 'nonsense', '::', '%00']) {
      const { status, body } = await get<ErrorBody>(`/api/nodes/${q(id)}`);
      expect(status).toBe(404);
      expect(body.error.code).toBe('NOT_FOUND');
    }
  });
});

describe('neighbours and expansion on the article graph', () => {
  it('when expanding Iran, then Russia comes back through a BACKS edge from Iran', async () => {
    const iran = await idOf('iran', 'State');
    const { status, body } = await post<ExpandResponse>('/api/expand', { ids: [iran] });
    expect(status).toBe(200);
    const russia = body.nodes.find((n) => n.caption === 'Russia');
    expect(russia).toBeDefined();
    expect(body.edges).toContainEqual(
      expect.objectContaining({ type: 'BACKS', source: iran, target: russia?.id }),
    );
    expect(body.totals[iran]).toBeGreaterThanOrEqual(
      body.edges.filter((e) => e.source === iran || e.target === iran).length,
    );
  });

  it('when expanding, then edges among the new nodes come too, so the canvas stays complete', async () => {
    const iran = await idOf('iran', 'State');
    const { body } = await post<ExpandResponse>('/api/expand', { ids: [iran] });
    const ids = new Set(body.nodes.map((n) => n.id));
    for (const edge of body.edges) {
      expect(ids.has(edge.source) && ids.has(edge.target)).toBe(true);
    }
    // Belarus and Russia are both Iran's neighbours; Belarus → Russia is not an edge of Iran's.
    const belarus = body.nodes.find((n) => n.caption === 'Belarus');
    const russia = body.nodes.find((n) => n.caption === 'Russia');
    expect(body.edges).toContainEqual(
      expect.objectContaining({ type: 'SATELLITE_OF', source: belarus?.id, target: russia?.id }),
    );
  });

  it('when filtering neighbours by type and direction, then only those come back and total counts only those', async () => {
    const iran = await idOf('iran', 'State');
    const { body } = await get<NeighborsResponse>(
      `/api/nodes/${q(iran)}/neighbors?types=BACKS&direction=out`,
    );
    expect(body.total).toBe(1);
    expect(body.edges.map((e) => e.type)).toEqual(['BACKS']);
    expect(body.nodes.map((n) => n.caption)).toEqual(['Russia']);
    expect(body.nextCursor).toBeNull();
    const none = await get<NeighborsResponse>(
      `/api/nodes/${q(iran)}/neighbors?types=BACKS&direction=in`,
    );
    expect(none.body).toMatchObject({ total: 0, nodes: [], edges: [], nextCursor: null });
  });

  it('when the type does not exist, then the answer is empty rather than an error', async () => {
    const iran = await idOf('iran', 'State');
    const { status, body } = await get<NeighborsResponse>(
      `/api/nodes/${q(iran)}/neighbors?types=NO_SUCH_TYPE`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 0, nodes: [], edges: [] });
  });

  it('when parameters are bad, then 400 names the field', async () => {
    const iran = await idOf('iran', 'State');
    const cases: [string, RegExp][] = [
      [`/api/nodes/${q(iran)}/neighbors?direction=sideways`, /^direction:/],
      [`/api/nodes/${q(iran)}/neighbors?limit=501`, /^limit:/],
      [`/api/nodes/${q(iran)}/neighbors?limit=-1`, /^limit:/],
      [`/api/nodes/${q(iran)}/neighbors?cursor=garbage`, /^cursor:/],
      [`/api/nodes/${q(iran)}/neighbors?color=red`, /^color:/],
    ];
    for (const [path, message] of cases) {
      const { status, body } = await get<ErrorBody>(path);
      expect(status, path).toBe(400);
      expect(body.error.message, path).toMatch(message);
    }
    const badBody = await post<ErrorBody>('/api/expand', { ids: [] });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.message).toMatch(/^ids:/);
    const badLimit = await post<ErrorBody>('/api/expand', { ids: [iran], limit: 0 });
    expect(badLimit.body.error.message).toMatch(/^limit:/);
  });

  it('when expanding an unknown node, then 404', async () => {
    const { status } = await post<ErrorBody>('/api/expand', { ids: ['4:nope:1'] });
    expect(status).toBe(404);
    const neighbours = await get<ErrorBody>(`/api/nodes/${q('4:nope:1')}/neighbors`);
    expect(neighbours.status).toBe(404);
  });
});

describe('GET /api/paths on the article graph', () => {
  it('when asking what links Khrenin to Putin, then a path of at most 4 hops is found', async () => {
    const khrenin = await idOf('khrenin', 'Person');
    const putin = await idOf('putin', 'Person');
    const { status, body } = await get<PathsResponse>(
      `/api/paths?from=${q(khrenin)}&to=${q(putin)}&maxHops=4`,
    );
    expect(status).toBe(200);
    expect(body.paths.length).toBeGreaterThan(0);
    for (const path of body.paths) {
      expect(path.nodes[0]).toBe(khrenin);
      expect(path.nodes.at(-1)).toBe(putin);
      expect(path.edges.length).toBeLessThanOrEqual(4);
      expect(path.edges.length).toBe(path.nodes.length - 1);
    }
    const nodeIds = new Set(body.nodes.map((n) => n.id));
    const edgeIds = new Set(body.edges.map((e) => e.id));
    for (const path of body.paths) {
      expect(path.nodes.every((id) => nodeIds.has(id))).toBe(true);
      expect(path.edges.every((id) => edgeIds.has(id))).toBe(true);
    }
  });

  it('when maxHops is above 10, then it is refused with a clear 400', async () => {
    const khrenin = await idOf('khrenin', 'Person');
    const putin = await idOf('putin', 'Person');
    const { status, body } = await get<ErrorBody>(
      `/api/paths?from=${q(khrenin)}&to=${q(putin)}&maxHops=11`,
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/maxHops/);
  });

  it('when the types allow no path, then there are no paths', async () => {
    const khrenin = await idOf('khrenin', 'Person');
    const putin = await idOf('putin', 'Person');
    const { body } = await get<PathsResponse>(
      `/api/paths?from=${q(khrenin)}&to=${q(putin)}&types=BACKS`,
    );
    expect(body.paths).toEqual([]);
  });

  it('when an end is unknown, then 404; when one is missing, then 400 naming it', async () => {
    const khrenin = await idOf('khrenin', 'Person');
    expect((await get(`/api/paths?from=${q(khrenin)}&to=nope`)).status).toBe(404);
    const missing = await get<ErrorBody>(`/api/paths?from=${q(khrenin)}`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^to:/);
  });

  it('when the stances that count are named, then every path goes only through those (or stance-less) relationships, and fewer stances find other paths', async () => {
    const iran = await idOf('iran', 'State');
    const poland = await idOf('poland', 'State');
    const stanceOf = (body: PathsResponse, id: string) =>
      body.edges.find((e) => e.id === id)?.properties.stance ?? null;
    const all = await get<PathsResponse>(`/api/paths?from=${q(iran)}&to=${q(poland)}`);
    const narrow = await get<PathsResponse>(
      `/api/paths?from=${q(iran)}&to=${q(poland)}&stances=reported,claim`,
    );
    expect(all.status).toBe(200);
    expect(narrow.status).toBe(200);
    const allStances = all.body.paths.flatMap((p) => p.edges.map((e) => stanceOf(all.body, e)));
    expect(allStances.some((s) => s !== 'reported' && s !== 'claim' && s !== null)).toBe(true);
    expect(narrow.body.paths.length).toBeGreaterThan(0);
    for (const path of narrow.body.paths) {
      for (const edge of path.edges)
        expect(['reported', 'claim', null]).toContain(stanceOf(narrow.body, edge));
    }
    expect(narrow.body.paths).not.toEqual(all.body.paths);
  });

  it('when a stance is not one the API knows, then 400 names stances', async () => {
    const iran = await idOf('iran', 'State');
    const { status, body } = await get<ErrorBody>(
      `/api/paths?from=${q(iran)}&to=${q(iran)}&stances=rumour`,
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/stances/);
  });

  it('when both ends are the same node, then the path is that node alone', async () => {
    const khrenin = await idOf('khrenin', 'Person');
    const { body } = await get<PathsResponse>(`/api/paths?from=${q(khrenin)}&to=${q(khrenin)}`);
    expect(body.paths).toEqual([{ nodes: [khrenin], edges: [] }]);
  });
});

describe('GET /api/schema and /api/openapi.json', () => {
  it('when asking for the schema, then labels and types come with counts, and the ledger never shows', async () => {
    await app.db.write((tx) => tx.run("MERGE (:__SeedFile {name: 'probe.cypher'})"));
    try {
      const { status, body } = await get<SchemaResponse>('/api/schema');
      expect(status).toBe(200);
      expect(body.labels).toContainEqual({ label: 'State', count: expect.any(Number) });
      expect(body.labels.find((l) => l.label === 'Person')?.count).toBeGreaterThanOrEqual(5);
      expect(body.relationshipTypes).toContainEqual({ type: 'SATELLITE_OF', count: 1 });
      expect(body.propertyKeys).toEqual(expect.arrayContaining(['name', 'stance', 'quote']));
      expect(body.indexes.map((i) => i.name)).toContain('entity_search');
      expect(body.labels.some((l) => l.label.startsWith('__'))).toBe(false);
      const search = await get<SearchResponse>('/api/search?q=probe');
      expect(search.body.results.some((r) => r.labels.includes('__SeedFile'))).toBe(false);
    } finally {
      await app.db.write((tx) => tx.run('MATCH (n:__SeedFile {name: "probe.cypher"}) DELETE n'));
    }
  });

  it("when keys belong only to the app's own hidden data, then the schema leaves them out, and keeps keys visible data shares", async () => {
    expect((await get<SchemaResponse>('/api/schema')).status).toBe(200);
    await app.db.write((tx) =>
      tx.run(`CREATE (h:__SchemaProbe {probeHiddenOnly: 1, probeShared: 1})
              CREATE (h)-[:__PROBED {probeHiddenRelOnly: 1, probeSharedWithRel: 1}]->(h)
              CREATE (v:SchemaProbe {probeShared: 2})-[:PROBES {probeSharedWithRel: 2}]->(v)`),
    );
    try {
      const shown = (await get<SchemaResponse>('/api/schema')).body.propertyKeys;
      expect(shown).toEqual(
        expect.arrayContaining(['name', 'stance', 'probeShared', 'probeSharedWithRel']),
      );
      expect(shown).not.toContain('probeHiddenOnly');
      expect(shown).not.toContain('probeHiddenRelOnly');

      // Once visible data no longer uses them, the shared keys go too.
      await app.db.write((tx) => tx.run('MATCH (v:SchemaProbe) DETACH DELETE v'));
      const after = (await get<SchemaResponse>('/api/schema')).body.propertyKeys;
      expect(after).toContain('name');
      expect(after).not.toContain('probeShared');
      expect(after).not.toContain('probeSharedWithRel');
    } finally {
      await app.db.write((tx) =>
        tx.run('MATCH (n) WHERE n:__SchemaProbe OR n:SchemaProbe DETACH DELETE n'),
      );
    }
  });

  it('when asking for the OpenAPI document, then it describes the endpoints from the validating schemas', async () => {
    const { status, body } = await get<{
      openapi: string;
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    }>('/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/search',
        '/api/nodes/{id}',
        '/api/nodes/{id}/neighbors',
        '/api/expand',
        '/api/subgraph',
        '/api/paths',
        '/api/query',
        '/api/queries',
        '/api/queries/{name}/run',
        '/api/schema',
      ]),
    );
    const names = body.paths['/api/nodes/{id}/neighbors']?.get?.parameters?.map((p) => p.name);
    expect(names).toEqual(['id', 'types', 'direction', 'limit', 'cursor']);
    const pathParams = body.paths['/api/paths']?.get?.parameters?.map((p) => p.name);
    expect(pathParams).toContain('stances');
  });
});
