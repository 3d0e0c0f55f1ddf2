import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type {
  ExpandResponse,
  GraphEdge,
  GraphNode,
  GraphPayload,
  NeighborsResponse,
  NodeDetailsResponse,
  PathsResponse,
  QueryResponse,
  SearchResponse,
  SourceResponse,
  SourcesResponse,
} from '../../server/api-types.ts';
import { nodeByKeyQuery } from '../../server/repositories/node-details.ts';
import { databaseLabels } from '../../server/repositories/graph-schema.ts';
import { namesQuery, SourceRepository } from '../../server/repositories/source-repository.ts';
import { useAnalystServer } from '../support/analyst-app.ts';

const app = useAnalystServer();
const { get, post } = app;
const q = encodeURIComponent;

const ARTICLE = 'source:iran-belarus-defense-2023';
const NOTE = 'source:analyst-note-belarus-iran-2023';

async function idOf(text: string, label: string): Promise<string> {
  const { body } = await get<SearchResponse>(`/api/search?q=${q(text)}&labels=${label}&limit=1`);
  const first = body.results[0];
  if (!first) throw new Error(`nothing found for ${text}`);
  return first.id;
}

async function stored(cypher: string): Promise<number> {
  const result = await app.db.readQuery(cypher);
  return Number(result.records[0]?.get(0));
}

const between = (edges: GraphEdge[], type: string, from: string, to: string) =>
  edges.filter((e) => e.type === type && e.source === from && e.target === to);

describe('relationships grouped into edges with their evidence', () => {
  it('when Iran SUPPLIES Russia is reported by the article and denied by Iran in the note, then one contested edge carries both', async () => {
    const iran = await idOf('Iran', 'State');
    const russia = await idOf('Russia', 'State');
    expect(
      await stored(
        "MATCH (:State {id: 'state:iran'})-[r:SUPPLIES]->(:State {id: 'state:russia'}) RETURN count(r)",
      ),
    ).toBe(2);
    const { status, body } = await post<GraphPayload>('/api/subgraph', { ids: [iran, russia] });
    expect(status).toBe(200);
    const [supplies, ...others] = between(body.edges, 'SUPPLIES', iran, russia);
    expect(others).toEqual([]);
    expect(supplies?.relationshipIds).toHaveLength(2);
    expect(supplies?.id).toBe(supplies?.relationshipIds[0]);
    expect(supplies?.summary).toEqual({ sources: 2, contested: true });
    const bySource = Object.fromEntries(supplies!.evidence.map((e) => [e.sourceId, e]));
    expect(bySource[ARTICLE]).toMatchObject({
      stance: 'reported',
      sourceTitle: 'Iran and Belarus Boost Defense Relationship',
      quote: 'Russia has been relying on Iran’s Shahed drone in its war against Ukraine.',
    });
    expect(bySource[NOTE]).toMatchObject({
      stance: 'denial',
      claimedBy: 'state:iran',
      claimedByName: 'Iran',
      claimedByNodeId: iran,
      sourceTitle: 'Analyst note: the Belarus–Iran defence memorandum, from public reporting',
    });
    // The properties stay those of the relationship named by `id`.
    const first = supplies!.evidence.find((e) => e.relationshipId === supplies!.id);
    expect(supplies?.properties.stance).toBe(first?.stance);
  });

  it('when Iran BACKS Russia rests on two sources that agree, then it is one uncontested edge with both quotes', async () => {
    const iran = await idOf('Iran', 'State');
    const russia = await idOf('Russia', 'State');
    const { body } = await post<GraphPayload>('/api/subgraph', { ids: [iran, russia] });
    const backs = between(body.edges, 'BACKS', iran, russia);
    expect(backs).toHaveLength(1);
    expect(backs[0]?.summary).toEqual({ sources: 2, contested: false });
    expect(backs[0]?.evidence.map((e) => e.quote).sort()).toEqual([
      'A German news agency counted both Belarus and Iran among the supporters of Russia’s war on Ukraine on the day of the signing.',
      'Iran has become one of Russia’s principal backers in the Ukraine War.',
    ]);
  });

  it('when neighbours, expand, paths and the console return the same relationships, then each shows one edge per group', async () => {
    const iran = await idOf('Iran', 'State');
    const russia = await idOf('Russia', 'State');
    const neighbours = await get<NeighborsResponse>(`/api/nodes/${q(iran)}/neighbors?limit=500`);
    expect(neighbours.status, JSON.stringify(neighbours.body)).toBe(200);
    expect(between(neighbours.body.edges, 'SUPPLIES', iran, russia)).toHaveLength(1);
    expect(
      between(neighbours.body.edges, 'SUPPLIES', iran, russia)[0]?.relationshipIds,
    ).toHaveLength(2);
    // The total counts drawn edges: one per type, direction and neighbour.
    const groups = await stored(
      "MATCH (n:State {id: 'state:iran'})-[r]-(m) RETURN count(DISTINCT [type(r), startNode(r) = n, elementId(m)])",
    );
    expect(neighbours.body.total).toBe(groups);
    expect(neighbours.body.edges).toHaveLength(groups);
    expect(
      await stored("MATCH (:State {id: 'state:iran'})-[r]-() RETURN count(r)"),
    ).toBeGreaterThan(groups);

    const expand = await post<ExpandResponse>('/api/expand', { ids: [iran], limit: 500 });
    expect(expand.body.totals[iran]).toBe(groups);
    expect(between(expand.body.edges, 'SUPPLIES', iran, russia)).toHaveLength(1);

    const paths = await get<PathsResponse>(`/api/paths?from=${q(iran)}&to=${q(russia)}&maxHops=1`);
    const drawn = new Set(paths.body.edges.map((e) => e.id));
    for (const path of paths.body.paths)
      for (const e of path.edges) expect(drawn.has(e)).toBe(true);
    expect(new Set(paths.body.paths.map((p) => JSON.stringify(p))).size).toBe(
      paths.body.paths.length,
    );
    expect(between(paths.body.edges, 'SUPPLIES', iran, russia)[0]?.summary.contested).toBe(true);

    const console = await post<QueryResponse>('/api/query', {
      cypher:
        "MATCH (:State {id: 'state:iran'})-[r:SUPPLIES]->(:State {id: 'state:russia'}) RETURN r",
    });
    expect(console.body.rows).toHaveLength(2);
    expect(console.body.graph.edges).toHaveLength(1);
    expect(console.body.graph.edges[0]?.summary.contested).toBe(true);
  });

  it('when the menu counts a node’s relationships, then parallel ones count once', async () => {
    const iran = await idOf('Iran', 'State');
    const { body } = await get<NodeDetailsResponse>(`/api/nodes/${q(iran)}`);
    expect(body.degrees.find((d) => d.type === 'SUPPLIES' && d.direction === 'out')?.count).toBe(1);
    expect(body.degrees.find((d) => d.type === 'HELPS_BUILD_DRONE_FACTORY_FOR')?.count).toBe(1);
  });

  it('when one note keys a claim and its denial by claimant, then both stay and the edge is contested', async () => {
    const iran = await idOf('Iran', 'State');
    const russia = await idOf('Russia', 'State');
    const { body } = await post<GraphPayload>('/api/subgraph', { ids: [iran, russia] });
    const [factory] = between(body.edges, 'HELPS_BUILD_DRONE_FACTORY_FOR', iran, russia);
    expect(factory?.evidence.map((e) => [e.stance, e.claimedByName]).sort()).toEqual([
      ['claim', 'United States'],
      ['denial', 'Nasser Kanaani'],
    ]);
    // One source, two parties: counted as one source, contested.
    expect(factory?.summary).toEqual({ sources: 1, contested: true });
  });
});

describe('GET /api/sources', () => {
  it('when listing, then every source comes with how many relationships rest on it', async () => {
    const { status, body } = await get<SourcesResponse>('/api/sources');
    expect(status).toBe(200);
    const article = body.items.find((s) => s.id === ARTICLE);
    expect(article).toMatchObject({
      title: 'Iran and Belarus Boost Defense Relationship',
      kind: 'article',
    });
    expect(article?.relationships).toBe(
      await stored(`MATCH ()-[r]->() WHERE r.sourceId = '${ARTICLE}' RETURN count(r)`),
    );
    const note = body.items.find((s) => s.id === NOTE);
    expect(note).toMatchObject({ kind: 'analyst note', author: 'Entente analysts' });
    const report = body.items.find((s) => s.id === 'source:mehr-news-agency-2023-07-31');
    expect(report).toMatchObject({
      date: '2023-07-31',
      url: 'https://en.mehrnews.com/news/204012/Iran-Belarus-ink-MOU-on-defense-cooperation',
    });
  });

  it('when opening the article, then its text comes with every quote located', async () => {
    const { status, body } = await get<SourceResponse>(`/api/sources/${q(ARTICLE)}`);
    expect(status).toBe(200);
    const text = readFileSync(
      join(process.cwd(), 'cypher', 'sources', 'iran-belarus-defense-article.txt'),
      'utf8',
    );
    expect(body.text).toBe(text);
    expect(body.evidence.length).toBe(body.relationships);
    for (const e of body.evidence) {
      expect(e.offsets, e.quote ?? '').not.toBeNull();
      const [start, end] = e.offsets!;
      expect(text.slice(start, end)).toBe(e.quote);
    }
    const supplies = body.evidence.find((e) => e.type === 'SUPPLIES');
    expect(supplies).toMatchObject({
      fromCaption: 'Iran',
      toCaption: 'Russia',
      stance: 'reported',
    });
  });

  it('when a quote differs from the text in spacing or quote marks only, then it is still located', async () => {
    await app.db.autoCommit(
      `MERGE (s:Source {id: 'source:test-tolerant'}) SET s.title = 'Tolerant', s.textFile = 'sources/iran-belarus-defense-article.txt'
       WITH s MATCH (a:State {id: 'state:iran'}), (b:Place {id: 'place:europe'})
       MERGE (a)-[r:TESTED {sourceId: 'source:test-tolerant'}]->(b)
       SET r.quote = "Iran  is a dangerous\\npariah state.", r.stance = 'opinion'
       MERGE (a)-[r2:TESTED_TOO {sourceId: 'source:test-tolerant'}]->(b)
       SET r2.quote = "Iran's Shahed drone", r2.stance = 'reported'
       MERGE (a)-[r3:TESTED_ABSENT {sourceId: 'source:test-tolerant'}]->(b)
       SET r3.quote = 'Not in the article.', r3.stance = 'reported'`,
    );
    try {
      const { body } = await get<SourceResponse>('/api/sources/source%3Atest-tolerant');
      const text = body.text ?? '';
      const at = (type: string) => body.evidence.find((e) => e.type === type)?.offsets;
      const [s1, e1] = at('TESTED')!;
      expect(text.slice(s1, e1)).toBe('Iran is a dangerous pariah state.');
      const [s2, e2] = at('TESTED_TOO')!;
      expect(text.slice(s2, e2)).toBe('Iran’s Shahed drone');
      expect(at('TESTED_ABSENT')).toBeNull();
    } finally {
      await app.db.autoCommit(
        "MATCH (s:Source {id: 'source:test-tolerant'}) OPTIONAL MATCH ()-[r {sourceId: 'source:test-tolerant'}]->() DELETE r, s",
      );
    }
  });

  it('when the note is opened, then its text is ours and every sentence that carries evidence is located', async () => {
    const { body } = await get<SourceResponse>(`/api/sources/${q(NOTE)}`);
    expect(body.text).toContain('Written by the Entente analysts in our own words.');
    const quoted = body.evidence.filter((e) => e.quote !== null);
    expect(quoted.length).toBeGreaterThan(20);
    for (const e of quoted) expect(e.offsets, e.quote ?? '').not.toBeNull();
    expect(body.evidence.some((e) => e.stance === 'denial' && e.claimedBy === 'state:iran')).toBe(
      true,
    );
  });

  it('when a textFile points outside the project, then no text is read', async () => {
    await app.db.autoCommit(
      "MERGE (s:Source {id: 'source:test-escape'}) SET s.title = 'Escape', s.textFile = '../../../../etc/passwd'",
    );
    try {
      const { status, body } = await get<SourceResponse>('/api/sources/source%3Atest-escape');
      expect(status).toBe(200);
      expect(body.text).toBeNull();
    } finally {
      await app.db.autoCommit("MATCH (s:Source {id: 'source:test-escape'}) DELETE s");
    }
  });

  it('when the source does not exist, then 404 names it', async () => {
    const { status, body } = await get<{ error: { code: string; message: string } }>(
      '/api/sources/source%3Anope',
    );
    expect(status).toBe(404);
    expect(body.error.message).toContain('source:nope');
  });
});

describe('naming the claimants evidence refers to', () => {
  const CLAIMANT = 'org:critical-threats-project';

  it("when evidence names a claimant, then it is sought in each label's id index, never by reading every node", async () => {
    const plan = await app.db.read(async (tx) => {
      const query = namesQuery([ARTICLE], [CLAIMANT], await databaseLabels(tx));
      const result = await tx.run(`PROFILE ${query ?? ''}`, {
        sources: [ARTICLE],
        claimants: [CLAIMANT],
      });
      return JSON.stringify(result.summary.profile);
    });
    expect(plan).toContain('NodeUniqueIndexSeek');
    expect(plan).not.toContain('AllNodesScan');
  });

  it("when a claimant is opened by its key, then it is sought in each label's id index, never by reading every node", async () => {
    const plan = await app.db.read(async (tx) => {
      const query = nodeByKeyQuery(await databaseLabels(tx));
      const result = await tx.run(`PROFILE ${query ?? ''}`, { key: CLAIMANT });
      return JSON.stringify(result.summary.profile);
    });
    expect(plan).toContain('NodeUniqueIndexSeek');
    expect(plan).not.toContain('AllNodesScan');
    const opened = await get<GraphNode>(`/api/nodes/by-key/${q(CLAIMANT)}`);
    expect(opened.status).toBe(200);
    expect(opened.body.labels).toContain('Organisation');
  });

  it('when claimants sit under indexed labels, a label with no index, two labels, a hidden label or nowhere, then the names found are those a scan of every node finds', async () => {
    await app.db.autoCommit(
      `CREATE (:Faction {id: 'faction:probe', name: 'Probe faction'}),
              (:Faction:Topic {id: 'faction:two-labels', name: 'Two labels'}),
              (:__Probe {id: 'hidden:probe', name: 'Hidden'})`,
    );
    try {
      const ids = [
        CLAIMANT,
        'state:russia',
        'faction:probe',
        'faction:two-labels',
        'hidden:probe',
        'nobody:at-all',
      ];
      const scanned = await app.db.readQuery(
        `MATCH (n) WHERE n.id IN $ids AND NOT any(l IN labels(n) WHERE l STARTS WITH '__')
         RETURN n.id AS key, elementId(n) AS elementId ORDER BY key`,
        { ids },
      );
      const expected = scanned.records.map((r) => [
        String(r.get('key')),
        String(r.get('elementId')),
      ]);
      expect(expected.map(([key]) => key)).toEqual([
        'faction:probe',
        'faction:two-labels',
        CLAIMANT,
        'state:russia',
      ]);

      const names = await new SourceRepository(app.db, 10_000).namesOf([], ids);
      const found = [...names.values()]
        .map((n) => [n.key, n.elementId])
        .sort(([a], [b]) => String(a).localeCompare(String(b)));
      expect(found).toEqual(expected);
      expect(names.get('faction:two-labels')?.name).toBe('Two labels');
      for (const [key, elementId] of expected) {
        const opened = await get<GraphNode>(`/api/nodes/by-key/${q(key ?? '')}`);
        expect(opened.body.id, key).toBe(elementId);
      }
      expect((await get('/api/nodes/by-key/hidden%3Aprobe')).status).toBe(404);
    } finally {
      await app.db.autoCommit(
        "MATCH (n) WHERE n.id IN ['faction:probe', 'faction:two-labels', 'hidden:probe'] DETACH DELETE n",
      );
    }
  });
});
