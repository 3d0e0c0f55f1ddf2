import { describe, expect, it } from 'vitest';
import type {
  GraphNode,
  NodeDetailsResponse,
  QueryResponse,
  SearchResponse,
} from '../../server/api-types.ts';
import { useAnalystServer } from '../support/analyst-app.ts';

const app = useAnalystServer();

async function firstCaption(text: string): Promise<string | undefined> {
  const { status, body } = await app.get<SearchResponse>(
    `/api/search?q=${encodeURIComponent(text)}`,
  );
  expect(status).toBe(200);
  return body.results[0]?.caption;
}

describe('search ranking on the article graph', () => {
  it.each([
    ['An Alliance of Evil', 'An Alliance of Evil'],
    ['an alliance of evil', 'An Alliance of Evil'],
    ["Khrenin's visit to Tehran", 'Khrenin’s visit to Tehran'],
    ['Khrenin’s visit to Tehran', 'Khrenin’s visit to Tehran'],
    ['visit to Tehran', 'Khrenin’s visit to Tehran'],
    ['Ministry of Defence and Armed Forces', 'Ministry of Defence and Armed Forces Logistics'],
    ['the memorandum of understanding', 'Belarus–Iran defence memorandum of understanding'],
  ])('when the search "%s" holds stop words, then "%s" is found first', async (text, caption) => {
    expect(await firstCaption(text)).toBe(caption);
  });

  it('when a caption is typed exactly, then it ranks first even if a fuzzy alias of another node is close', async () => {
    expect(await firstCaption('Germany')).toBe('Germany');
    expect(await firstCaption('German')).toBe('Germany');
    const { body } = await app.get<SearchResponse>('/api/search?q=Germany');
    const shahed = body.results.findIndex((r) => /Shahed/.test(r.caption));
    expect(shahed === -1 || shahed > 0).toBe(true);
  });

  it('when an alias is typed exactly, then its node ranks first', async () => {
    expect(await firstCaption('Geran-2')).toMatch(/Shahed/);
    expect(await firstCaption('CTP')).toBe('Critical Threats Project');
    expect(await firstCaption('Persia')).toBe('Iran');
  });

  it('when a caption prefix is typed, then the node it begins ranks first', async () => {
    expect(await firstCaption('Critical Thr')).toBe('Critical Threats Project');
    expect(await firstCaption('Alexander Luk')).toBe('Alexander Lukashenko');
  });
});

async function idOf(text: string): Promise<string> {
  const { body } = await app.get<SearchResponse>(`/api/search?q=${encodeURIComponent(text)}`);
  const first = body.results[0];
  if (!first || first.caption !== text) throw new Error(`${text} is not the first hit`);
  return first.id;
}

describe('what the details of a node and an edge need', () => {
  it('when the memorandum is opened, then its details say when, where and by whom it was signed, though the place is three hops away', async () => {
    const memorandum = await idOf('Belarus–Iran defence memorandum of understanding');
    const { status, body } = await app.get<NodeDetailsResponse>(`/api/nodes/${memorandum}`);
    expect(status).toBe(200);
    expect(body.signing).toEqual({
      date: '2023-07-31',
      places: ['Tehran'],
      signatories: expect.arrayContaining(['Viktor Khrenin', 'Mohammad Reza Ashtiani']),
    });
    const belarus = await app.get<NodeDetailsResponse>(`/api/nodes/${await idOf('Belarus')}`);
    expect(belarus.body.signing).toBeUndefined();
  });

  it('when a node is opened, then each relationship row counts its stances', async () => {
    const belarus = await idOf('Belarus');
    const { body } = await app.get<NodeDetailsResponse>(`/api/nodes/${belarus}`);
    const satellite = body.degrees.find((d) => d.type === 'SATELLITE_OF' && d.direction === 'out');
    expect(satellite?.stances).toEqual({ opinion: 1 });
    // A row is one drawn edge per neighbour; its stances count every stored relationship
    // (one per source) behind those edges, never more.
    const stored = await app.post<QueryResponse>('/api/query', {
      cypher: `MATCH (b)-[r]-(o) WHERE elementId(b) = $id AND r.stance IS NOT NULL
               RETURN type(r) AS type, CASE WHEN startNode(r) = b THEN 'out' ELSE 'in' END AS direction, count(r) AS n`,
      params: { id: belarus },
    });
    expect(stored.status).toBe(200);
    const held = new Map(
      stored.body.rows.map(([type, direction, n]) => [`${type}|${direction}`, n]),
    );
    for (const degree of body.degrees) {
      const counted = Object.values(degree.stances ?? {}).reduce((a, b) => a + b, 0);
      expect(counted).toBeLessThanOrEqual(
        Number(held.get(`${degree.type}|${degree.direction}`) ?? 0),
      );
    }
  });

  it('when a claimant is asked for by its key, then its node comes back; an unknown key is a 404', async () => {
    const found = await app.get<GraphNode>('/api/nodes/by-key/org%3Acritical-threats-project');
    expect(found.status).toBe(200);
    expect(found.body.caption).toBe('Critical Threats Project');
    const missing = await app.get<{ error: { code: string } }>('/api/nodes/by-key/org%3Anobody');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toMatch(/NOT_FOUND/);
  });
});
