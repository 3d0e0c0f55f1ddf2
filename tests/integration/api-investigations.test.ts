import { beforeAll, describe, expect, it } from 'vitest';
import type {
  GraphPayload,
  QueryResponse,
  SchemaResponse,
  SearchResponse,
} from '../../server/api-types.ts';
import type {
  InvestigationListResponse,
  InvestigationNote,
  InvestigationResponse,
  InvestigationScene,
  InvestigationVersionsResponse,
} from '../../server/investigation-types.ts';
import { useAnalystServer } from '../support/analyst-app.ts';

const app = useAnalystServer();

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

async function send<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T; text: string; type: string }> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    body: (type.includes('json') ? JSON.parse(text) : null) as T,
    text,
    type,
  };
}

async function idOf(text: string, label: string): Promise<string> {
  const { body } = await app.get<SearchResponse>(
    `/api/search?q=${encodeURIComponent(text)}&labels=${label}&limit=1`,
  );
  const first = body.results[0];
  if (!first) throw new Error(`nothing found for ${text}`);
  return first.id;
}

/** Belarus, Russia and Iran with every relationship among them, laid out in a row. */
let scene: InvestigationScene;
let graph: GraphPayload;

beforeAll(async () => {
  const ids = [
    await idOf('Belarus', 'State'),
    await idOf('Russia', 'State'),
    await idOf('Iran', 'State'),
  ];
  graph = (await app.post<GraphPayload>('/api/subgraph', { ids })).body;
  scene = {
    nodes: ids.map((id, i) => ({ id, x: i * 120, y: i % 2 ? 40 : -40, pinned: i === 0 })),
    edges: graph.edges.map((e) => e.id),
    filters: { hiddenLabels: [], hiddenTypes: [], hiddenStances: ['forecast'], asOf: null },
    viewport: { zoom: 1.5, pan: { x: 10, y: 20 } },
    highlights: { nodes: [ids[0] as string], edges: [] },
  };
});

const create = (title: string, extra: Partial<InvestigationScene> = {}) =>
  send<InvestigationResponse>('POST', '/api/investigations', {
    title,
    description: 'Why Belarus matters to Iran',
    scene: { ...scene, ...extra },
  });

describe('saving and opening investigations', () => {
  it('when an investigation is saved, then it opens as version 1 with the scene exactly as sent', async () => {
    const created = await create('Belarus and Iran');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Belarus and Iran', version: 1, author: 'local' });
    expect(graph.edges.length).toBeGreaterThan(0);

    const opened = await send<InvestigationResponse>(
      'GET',
      `/api/investigations/${created.body.id}`,
    );
    expect(opened.status).toBe(200);
    expect(opened.body.scene).toEqual(scene);
    expect(opened.body.missing).toEqual({ nodes: [], edges: [] });
    expect(opened.body.notes).toEqual([]);
  });

  it('when listing, then the newest comes first and ?q= filters on titles', async () => {
    const older = await create('Shahed factories');
    const newer = await create('Lukashenko and Putin');
    const { body } = await send<InvestigationListResponse>('GET', '/api/investigations');
    const titles = body.items.map((i) => i.title);
    expect(titles.indexOf('Lukashenko and Putin')).toBeLessThan(titles.indexOf('Shahed factories'));
    expect(body.items.find((i) => i.id === newer.body.id)).toMatchObject({
      version: 1,
      nodes: 3,
      notes: 0,
    });
    const found = await send<InvestigationListResponse>('GET', '/api/investigations?q=shahed');
    expect(found.body.items.map((i) => i.id)).toEqual([older.body.id]);
  });

  it('when saved on a stale version, then 409 names the current one and nothing is written', async () => {
    const { body: first } = await create('Two tabs');
    const moved = { ...scene, nodes: scene.nodes.map((n) => ({ ...n, x: n.x + 500 })) };
    const second = await send<InvestigationResponse>('PUT', `/api/investigations/${first.id}`, {
      scene: moved,
      baseVersion: 1,
    });
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(2);

    const stale = await send<ErrorBody>('PUT', `/api/investigations/${first.id}`, {
      title: 'From the other tab',
      scene,
      baseVersion: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect(stale.body.error.details).toMatchObject({ baseVersion: 1, currentVersion: 2 });
    const versions = await send<InvestigationVersionsResponse>(
      'GET',
      `/api/investigations/${first.id}/versions`,
    );
    expect(versions.body.items.map((v) => [v.version, v.title])).toEqual([
      [2, 'Two tabs'],
      [1, 'Two tabs'],
    ]);
  });

  it('when two saves race on the same version, then exactly one wins and the other gets 409', async () => {
    const { body: first } = await create('Race');
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        send<InvestigationResponse>('PUT', `/api/investigations/${first.id}`, {
          title: `Race ${i}`,
          baseVersion: 1,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const versions = await send<InvestigationVersionsResponse>(
      'GET',
      `/api/investigations/${first.id}/versions`,
    );
    expect(versions.body.items.map((v) => v.version)).toEqual([2, 1]);
  });

  it('when later versions are saved, then earlier ones stay exactly as they were', async () => {
    const { body: first } = await create('Immutable');
    await send('PUT', `/api/investigations/${first.id}`, {
      title: 'Immutable, renamed',
      scene: { ...scene, nodes: scene.nodes.slice(0, 1) },
      baseVersion: 1,
    });
    // A rename without a scene keeps the scene of the version it was made on.
    const renamed = await send<InvestigationResponse>('PUT', `/api/investigations/${first.id}`, {
      title: 'Immutable, renamed again',
      baseVersion: 2,
    });
    expect(renamed.body.scene.nodes).toHaveLength(1);

    const v1 = await send<InvestigationResponse>(
      'GET',
      `/api/investigations/${first.id}/versions/1`,
    );
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ title: 'Immutable', version: 1, latestVersion: 3 });
    expect(v1.body.scene).toEqual(scene);
    const latest = await send<InvestigationResponse>('GET', `/api/investigations/${first.id}`);
    expect(latest.body).toMatchObject({ title: 'Immutable, renamed again', version: 3 });
    const none = await send<ErrorBody>('GET', `/api/investigations/${first.id}/versions/9`);
    expect(none.status).toBe(404);
  });

  it('when a node of the scene is deleted, then it is reported missing, never replaced', async () => {
    await app.db.write((tx) =>
      tx.run(
        "CREATE (:Probe {id: 'probe:gone', name: 'Gone soon'})-[:NEAR {sourceId: 'none'}]->(:Probe {id: 'probe:stays', name: 'Stays'})",
      ),
    );
    const probes = await app.db.read((tx) =>
      tx.run(
        'MATCH (a:Probe)-[r]->(b:Probe) RETURN elementId(a) AS a, elementId(b) AS b, elementId(r) AS r',
      ),
    );
    const row = probes.records[0];
    const [gone, stays, rel] = ['a', 'b', 'r'].map((k) => String(row?.get(k)));
    const { body: saved } = await create('Probe scene', {
      nodes: [
        { id: gone as string, x: 0, y: 0 },
        { id: stays as string, x: 100, y: 0 },
      ],
      edges: [rel as string],
      highlights: { nodes: [], edges: [] },
    });
    await app.db.write((tx) => tx.run("MATCH (p:Probe {id: 'probe:gone'}) DETACH DELETE p"));
    // A newcomer may be given the freed elementId; it must not stand in for the lost node.
    await app.db.write((tx) => tx.run("CREATE (:Probe {id: 'probe:newcomer', name: 'Newcomer'})"));

    const opened = await send<InvestigationResponse>('GET', `/api/investigations/${saved.id}`);
    expect(opened.body.missing.nodes).toEqual([
      { id: gone, caption: 'Gone soon', labels: ['Probe'] },
    ]);
    expect(opened.body.missing.edges).toEqual([
      { id: rel, caption: null, labels: [], type: 'NEAR' },
    ]);
    expect(opened.body.scene.nodes.map((n) => n.id)).toEqual([gone, stays]);
    expect(opened.body.remapped.nodes).toEqual({});
    await app.db.write((tx) => tx.run('MATCH (p:Probe) DETACH DELETE p'));
  });

  it('when an investigation is deleted, then it is gone from the list and can be restored', async () => {
    const { body: saved } = await create('Short-lived');
    const deleted = await send<{ restorableUntil: string }>(
      'DELETE',
      `/api/investigations/${saved.id}`,
    );
    expect(deleted.status).toBe(200);
    expect((await send('GET', `/api/investigations/${saved.id}`)).status).toBe(404);
    const list = await send<InvestigationListResponse>('GET', '/api/investigations?q=short-lived');
    expect(list.body.items).toEqual([]);
    const restored = await send<InvestigationResponse>(
      'POST',
      `/api/investigations/${saved.id}/restore`,
    );
    expect(restored.status).toBe(200);
    expect(restored.body.title).toBe('Short-lived');
  });
});

describe('notes', () => {
  it('when notes are added, changed and deleted, then the investigation shows them with author and time', async () => {
    const { body: saved } = await create('Annotated');
    const nodeId = scene.nodes[0]?.id as string;
    const added = await send<InvestigationNote>('POST', `/api/investigations/${saved.id}/notes`, {
      target: { nodeId },
      text: 'Check the launch-pad claim against 2022 reporting.',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ target: { nodeId }, author: 'local' });
    const general = await send<InvestigationNote>('POST', `/api/investigations/${saved.id}/notes`, {
      text: 'Overall: thin sourcing.',
    });
    const changed = await send<InvestigationNote>(
      'PATCH',
      `/api/investigations/${saved.id}/notes/${added.body.id}`,
      { text: 'Checked: confirmed.' },
    );
    expect(changed.body.text).toBe('Checked: confirmed.');
    await send('DELETE', `/api/investigations/${saved.id}/notes/${general.body.id}`);
    const opened = await send<InvestigationResponse>('GET', `/api/investigations/${saved.id}`);
    expect(opened.body.notes.map((n) => n.text)).toEqual(['Checked: confirmed.']);
    const list = await send<InvestigationListResponse>('GET', '/api/investigations?q=annotated');
    expect(list.body.items[0]?.notes).toBe(1);
  });

  it('when a note is too long or empty, or the note is unknown, then 400 or 404', async () => {
    const { body: saved } = await create('Limits of notes');
    const long = await send<ErrorBody>('POST', `/api/investigations/${saved.id}/notes`, {
      text: 'x'.repeat(10_001),
    });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/^text: .*10000/);
    expect(
      (await send('POST', `/api/investigations/${saved.id}/notes`, { text: ' ' })).status,
    ).toBe(400);
    const unknown = await send<ErrorBody>(
      'PATCH',
      `/api/investigations/${saved.id}/notes/${crypto.randomUUID()}`,
      { text: 'x' },
    );
    expect(unknown.status).toBe(404);
  });
});

describe('limits and errors', () => {
  it('when the title is missing or too long, then 400 names the field', async () => {
    const long = await send<ErrorBody>('POST', '/api/investigations', {
      title: 'x'.repeat(201),
      scene,
    });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/^title: /);
    const none = await send<ErrorBody>('POST', '/api/investigations', { scene });
    expect(none.status).toBe(400);
  });

  it('when a scene has more than 5,000 nodes, then 400; when the body is over 1 MB, then 413', async () => {
    const nodes = Array.from({ length: 5_001 }, (_, i) => ({ id: `4:x:${i}`, x: i, y: 0 }));
    const tooMany = await send<ErrorBody>('POST', '/api/investigations', {
      title: 'Too big',
      scene: { ...scene, nodes },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/^scene\.nodes: .*5000/);
    const huge = await send<ErrorBody>('POST', '/api/investigations', {
      title: 'Huge',
      description: 'x'.repeat(1_100_000),
      scene,
    });
    expect(huge.status).toBe(413);
    const list = await send<InvestigationListResponse>('GET', '/api/investigations?q=huge');
    expect(list.body.items).toEqual([]);
  });

  it('when the id is unknown or malformed, then 404 or 400', async () => {
    expect((await send('GET', `/api/investigations/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await send('GET', '/api/investigations/not-an-id')).status).toBe(400);
    const put = await send('PUT', `/api/investigations/${crypto.randomUUID()}`, { baseVersion: 1 });
    expect(put.status).toBe(404);
  });
});

describe('the report', () => {
  /** Every stored relationship between the ends of the scene's edges, of the edge's type. */
  async function quotesOfScene(): Promise<string[]> {
    const result = await app.db.read((tx) =>
      tx.run(
        `UNWIND $ids AS id MATCH (a)-[r]->(b) WHERE elementId(r) = id
         WITH DISTINCT a, b, type(r) AS t MATCH (a)-[p]->(b) WHERE type(p) = t AND p.quote IS NOT NULL
         RETURN DISTINCT p.quote AS quote`,
        { ids: scene.edges },
      ),
    );
    return result.records.map((r) => String(r.get('quote')));
  }

  it('when the HTML report is asked for, then it cites every quote, its source and the notes, safely', async () => {
    const { body: saved } = await create('Report <b>test</b>');
    const edgeId = scene.edges[0] as string;
    await send('POST', `/api/investigations/${saved.id}/notes`, {
      target: { relationshipId: edgeId },
      text: '<script>alert(1)</script> worth a second source',
    });
    const report = await send<never>('GET', `/api/investigations/${saved.id}/report?format=html`);
    expect(report.status).toBe(200);
    expect(report.type).toContain('text/html');
    const quotes = await quotesOfScene();
    expect(quotes.length).toBeGreaterThan(1);
    const escape = (s: string) =>
      s
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replaceAll('"', '&quot;')
        .replaceAll("'", '&#39;');
    for (const quote of quotes) expect(report.text).toContain(escape(quote));
    expect(report.text).toContain('Iran and Belarus Boost Defense Relationship');
    expect(report.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; worth a second source');
    expect(report.text).toContain('Report &lt;b&gt;test&lt;/b&gt;');
    expect(report.text).not.toMatch(/<script/i);
    expect(report.text).toContain('<svg');
  });

  it('when the Markdown report of an earlier version is asked for, then it is that version’s', async () => {
    const { body: saved } = await create('Markdown briefing');
    await send('PUT', `/api/investigations/${saved.id}`, {
      title: 'Renamed briefing',
      baseVersion: 1,
    });
    const report = await send<never>(
      'GET',
      `/api/investigations/${saved.id}/report?format=md&version=1`,
    );
    expect(report.type).toContain('text/markdown');
    expect(report.text.startsWith('# Markdown briefing')).toBe(true);
    const plain = report.text.replace(/\\(.)/g, '$1');
    for (const quote of await quotesOfScene()) expect(plain).toContain(quote.replace(/\s+/g, ' '));
    expect(report.text).toMatch(/^\d+\. Iran and Belarus Boost Defense Relationship/m);
  });
});

describe('investigations stay out of the explorer', () => {
  it('when one exists, then search, schema and console never show the reserved labels', async () => {
    await create('Zanzibar dossier');
    const search = await app.get<SearchResponse>('/api/search?q=zanzibar');
    expect(search.body.results).toEqual([]);
    const schema = await app.get<SchemaResponse>('/api/schema');
    const reserved = (name: string) => name.startsWith('__');
    expect(schema.body.labels.some((l) => reserved(l.label))).toBe(false);
    expect(schema.body.relationshipTypes.some((t) => reserved(t.type))).toBe(false);
    expect(schema.body.indexes.some((i) => i.labelsOrTypes.some(reserved))).toBe(false);

    const all = await app.post<QueryResponse>('/api/query', {
      cypher: 'MATCH (n)-[r]-(m) RETURN n, r, m',
    });
    expect(all.status).toBe(200);
    expect(all.body.graph.nodes.some((n) => n.labels.some(reserved))).toBe(false);
    expect(all.body.graph.edges.some((e) => reserved(e.type))).toBe(false);
    expect(JSON.stringify(all.body.rows)).not.toContain('Zanzibar');

    for (const cypher of [
      'MATCH (i:__Investigation) RETURN i.title',
      'MATCH (n)-[:`__HAS_NOTE`]->(x) RETURN x.text',
      'MATCH (v:State|__InvestigationVersion) RETURN v.scene',
    ]) {
      const refused = await app.post<ErrorBody>('/api/query', { cypher });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('QUERY_NOT_ALLOWED');
    }
  });

  it('when the OpenAPI document is read, then it describes the investigations API', async () => {
    const { body } = await app.get<{ paths: Record<string, Record<string, unknown>> }>(
      '/api/openapi.json',
    );
    expect(Object.keys(body.paths['/api/investigations/{id}'] ?? {}).sort()).toEqual([
      'delete',
      'get',
      'put',
    ]);
    expect(body.paths['/api/investigations/{id}/report']).toBeDefined();
  });
});

describe('with sign-in off', () => {
  it('when anyone asks, then every investigation is open and writable as before, and sharing answers 404 AUTH_OFF', async () => {
    const created = await create('Open to the one analyst');
    expect(created.body).toMatchObject({
      owner: null,
      sharing: 'read',
      published: false,
      access: 'owner',
      author: 'local',
    });
    const listed = await app.get<InvestigationListResponse>('/api/investigations');
    expect(listed.body.items.find((i) => i.id === created.body.id)?.access).toBe('owner');
    for (const [method, path, body] of [
      ['PUT', 'sharing', { access: 'read' }],
      ['DELETE', 'sharing', undefined],
      ['POST', 'link', undefined],
      ['DELETE', 'link', undefined],
    ] as const) {
      const answer = await send<ErrorBody>(
        method,
        `/api/investigations/${created.body.id}/${path}`,
        body,
      );
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error.code).toBe('AUTH_OFF');
    }
    const saved = await send<InvestigationResponse>(
      'PUT',
      `/api/investigations/${created.body.id}`,
      { title: 'Still mine to change', baseVersion: 1 },
    );
    expect(saved.status).toBe(200);
    const removed = await send('DELETE', `/api/investigations/${created.body.id}`);
    expect(removed.status).toBe(200);
  });
});
