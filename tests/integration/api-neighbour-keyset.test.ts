import { describe, expect, it } from 'vitest';
import type { ExpandResponse, NeighborsResponse } from '../../server/api-types.ts';
import type { Database } from '../../server/db/database.ts';
import { namesQuery } from '../../server/repositories/source-repository.ts';
import { encodeNeighbourCursor } from '../../server/services/neighbour-cursor.ts';
import { useAnalystServer } from '../support/analyst-app.ts';

/**
 * Neighbour paging by key: a big node's pages follow relationship ids, a small node's
 * follow drawn edges, and neither shifts when relationships are added between pages.
 */

const BIG = 1_500;
const SPARSE = 300;
const SMALL = 150;
/** Relationships elsewhere in the graph, so the sparse node's ids are spread thin. */
const NOISE = 30_000;

const app = useAnalystServer({
  prepare: async (db) => {
    await db.write((tx) =>
      tx.run(
        `CREATE (big:Hub {name: 'big'}), (small:Hub {name: 'small'})
         WITH big, small
         CALL (big) { UNWIND range(1, $big) AS i CREATE (big)-[:LINKS {i: i}]->(:Leaf {name: 'leaf ' + i}) }
         CALL (small) { UNWIND range(1, $small) AS i CREATE (small)<-[:POINTS_AT {i: i}]-(:Leaf {name: 'small leaf ' + i}) }`,
        { big: BIG, small: SMALL },
      ),
    );
    await db.write((tx) =>
      tx.run(
        `CREATE (a:Noise), (b:Noise)
         WITH a, b CALL (a, b) { UNWIND range(1, $noise) AS i CREATE (a)-[:NOISE]->(b) }`,
        { noise: NOISE },
      ),
    );
    // Created after the noise, so its relationship ids sit far apart from the big node's.
    await db.write((tx) =>
      tx.run(
        `CREATE (sparse:Hub {name: 'sparse'})
         WITH sparse CALL (sparse) { UNWIND range(1, $sparse) AS i CREATE (sparse)-[:CITES {i: i}]->(:Leaf {name: 'cited ' + i}) }`,
        { sparse: SPARSE },
      ),
    );
  },
});

const { get, post } = app;
const q = encodeURIComponent;

async function hubId(db: Database, name: string): Promise<string> {
  return db.read(async (tx) => {
    const result = await tx.run('MATCH (h:Hub {name: $name}) RETURN elementId(h) AS id', { name });
    return String(result.records[0]?.get('id'));
  });
}

/** The node's relationships as the database orders them by id: [elementId, id] pairs. */
async function relationshipsInIdOrder(db: Database, hub: string): Promise<[string, number][]> {
  return db.read(async (tx) => {
    const result = await tx.run(
      'MATCH (h)-[r]-() WHERE elementId(h) = $hub RETURN elementId(r) AS e, id(r) AS k ORDER BY k',
      { hub },
    );
    return result.records.map((r) => [String(r.get('e')), Number(r.get('k'))]);
  });
}

async function addLinks(db: Database, hub: string, count: number): Promise<string[]> {
  return db.write(async (tx) => {
    const result = await tx.run(
      `MATCH (h) WHERE elementId(h) = $hub
       UNWIND range(1, $count) AS i
       CREATE (h)-[r:LINKS {added: true}]->(:Leaf {name: 'late ' + i})
       RETURN elementId(r) AS e`,
      { hub, count },
    );
    return result.records.map((r) => String(r.get('e')));
  });
}

/** Walks every page, calling `between` after each; returns each page's edge ids. */
async function walkPages(
  hub: string,
  limit: number,
  between: (page: number) => Promise<unknown> = async () => {},
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=${limit}${cursor ? `&cursor=${q(cursor)}` : ''}`;
    const { status, body } = await get<NeighborsResponse>(
      `/api/nodes/${q(hub)}/neighbors?${query}`,
    );
    expect(status).toBe(200);
    pages.push(body.edges.map((e) => e.id));
    cursor = body.nextCursor;
    await between(pages.length);
  } while (cursor !== null && pages.length < 200);
  return pages;
}

describe('neighbour pages keyed on where the last page ended', () => {
  it('when relationships are added to a big node between pages, then no relationship that was there comes twice or is skipped', async () => {
    const hub = await hubId(app.db, 'big');
    const before = (await relationshipsInIdOrder(app.db, hub)).map(([e]) => e);
    const added: string[] = [];
    const pages = await walkPages(hub, 100, async (page) => {
      if (page % 3 === 1) added.push(...(await addLinks(app.db, hub, 40)));
    });
    const seen = pages.flat();
    expect(added).toHaveLength(40 * Math.ceil(pages.length / 3));
    expect(new Set(seen).size).toBe(seen.length);
    expect(before.filter((e) => !seen.includes(e))).toEqual([]);
    // What was added shows up only where its id falls after the cursor; it never repeats.
    expect(seen.length).toBeGreaterThanOrEqual(before.length);
  });

  it("when relationships already shown are deleted between pages, then the walk still reaches the node's last relationship", async () => {
    await app.db.write((tx) =>
      tx.run(
        `CREATE (h:Hub {name: 'shrinking'})
         WITH h CALL (h) { UNWIND range(1, 1000) AS i CREATE (h)-[:LINKS {i: i}]->(:Leaf {name: 'shrinking ' + i}) }`,
      ),
    );
    const hub = await hubId(app.db, 'shrinking');
    const before = (await relationshipsInIdOrder(app.db, hub)).map(([e]) => e);
    const deleted: string[] = [];
    const pages = await walkPages(hub, 100, async (page) => {
      if (page !== 2) return;
      // The store's count drops by 150, while the walk has already handed those out.
      const shown = before.slice(0, 150);
      await app.db.write((tx) =>
        tx.run('MATCH ()-[r]->() WHERE elementId(r) IN $shown DELETE r', { shown }),
      );
      deleted.push(...shown);
    });
    const seen = pages.flat();
    expect(deleted).toHaveLength(150);
    expect(new Set(seen).size).toBe(seen.length);
    expect(before.filter((e) => !seen.includes(e))).toEqual([]);
    expect(seen.at(-1)).toBe(before.at(-1));
  });

  it('when relationships are added to a small node between pages, then its drawn edges neither repeat nor go missing', async () => {
    const hub = await hubId(app.db, 'small');
    const before = (await relationshipsInIdOrder(app.db, hub)).map(([e]) => e);
    const pages = await walkPages(hub, 20, async (page) => {
      if (page === 2) await addLinks(app.db, hub, 10);
    });
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length);
    expect(before.filter((e) => !seen.includes(e))).toEqual([]);
  });

  it('when a cursor names a position deep in a big node, then its page holds the very relationships that follow there in id order', async () => {
    for (const name of ['big', 'sparse']) {
      const hub = await hubId(app.db, name);
      const ordered = await relationshipsInIdOrder(app.db, hub);
      const depth = name === 'big' ? 1_000 : 200;
      const [, afterKey] = ordered[depth - 1] as [string, number];
      const cursor = encodeNeighbourCursor(
        { kind: 'relationship', after: afterKey, seen: depth },
        { id: hub, types: null, direction: 'both' },
      );
      const { body } = await get<NeighborsResponse>(
        `/api/nodes/${q(hub)}/neighbors?limit=50&cursor=${q(cursor)}`,
      );
      const expected = ordered.slice(depth, depth + 50).map(([e]) => e);
      expect(body.edges.map((e) => e.id).sort()).toEqual([...expected].sort());
      // The same page as walking reaches after `depth` relationships.
      const walked = (await walkPages(hub, 50)).slice(depth / 50, depth / 50 + 1).flat();
      expect(walked.sort()).toEqual([...expected].sort());
    }
  });

  it('when a node is expanded, then its cursor continues with the next page', async () => {
    const hub = await hubId(app.db, 'sparse');
    const { body } = await post<ExpandResponse>('/api/expand', { ids: [hub], limit: 100 });
    expect(body.totals[hub]).toBe(SPARSE);
    const cursor = body.cursors[hub];
    expect(cursor).toEqual(expect.any(String));
    const next = await get<NeighborsResponse>(
      `/api/nodes/${q(hub)}/neighbors?limit=100&cursor=${q(cursor ?? '')}`,
    );
    const first = body.edges.filter((e) => e.source === hub).map((e) => e.id);
    const ordered = (await relationshipsInIdOrder(app.db, hub)).map(([e]) => e);
    expect(first.sort()).toEqual(ordered.slice(0, 100).sort());
    expect(next.body.edges.map((e) => e.id).sort()).toEqual(ordered.slice(100, 200).sort());
  });

  it('when the cursor is not one the API issued, then the answer is 400 naming the cursor', async () => {
    const hub = await hubId(app.db, 'big');
    const forged = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const { body: first } = await get<NeighborsResponse>(`/api/nodes/${q(hub)}/neighbors?limit=10`);
    const issued = JSON.parse(Buffer.from(first.nextCursor ?? '', 'base64url').toString()) as {
      f: string;
    };
    for (const cursor of [
      'garbage',
      forged({ f: issued.f, r: -5, s: 0 }),
      forged({ f: issued.f, r: 1.5, s: 0 }),
      forged({ f: issued.f, e: 'x', r: 3, s: 0 }),
      forged({ f: 'another-node', r: 3, s: 0 }),
    ]) {
      const { status, body } = await get<{ error: { code: string; message: string } }>(
        `/api/nodes/${q(hub)}/neighbors?limit=10&cursor=${q(cursor)}`,
      );
      expect(status).toBe(400);
      expect(body.error.code).toBe('INVALID_CURSOR');
      expect(body.error.message).toMatch(/^cursor:/);
    }
  });

  it('when a big node is counted by type and direction, then the totals match the relationships there', async () => {
    const hub = await hubId(app.db, 'big');
    const ordered = await relationshipsInIdOrder(app.db, hub);
    const { body: all } = await get<NeighborsResponse>(`/api/nodes/${q(hub)}/neighbors?limit=1`);
    expect(all.total).toBe(ordered.length);
    const { body: out } = await get<NeighborsResponse>(
      `/api/nodes/${q(hub)}/neighbors?types=LINKS&direction=out&limit=1`,
    );
    expect(out.total).toBe(ordered.length);
    const { body: none } = await get<NeighborsResponse>(
      `/api/nodes/${q(hub)}/neighbors?types=LINKS&direction=in&limit=1`,
    );
    expect(none).toMatchObject({ total: 0, nextCursor: null });
  });

  it('when a big node is counted, then Neo4j answers from the degree store without reading relationships', async () => {
    const hub = await hubId(app.db, 'big');
    const plan = await app.db.read(async (tx) => {
      const result = await tx.run(
        'PROFILE MATCH (n) WHERE elementId(n) = $hub RETURN COUNT { (n)-[:LINKS]->() } AS out',
        { hub },
      );
      return JSON.stringify(result.summary.profile);
    });
    expect(plan).toContain('getDegree');
    expect(plan).not.toMatch(/"operatorType":"Expand/);
  });

  it('when the evidence of a page names sources but no claimant, then naming them reads no other node', async () => {
    const query = namesQuery(['source:1'], [], ['Hub', 'Leaf', 'Noise']);
    expect(query).not.toBeNull();
    const plan = await app.db.read(async (tx) => {
      const result = await tx.run(`PROFILE ${query ?? ''}`, {
        sources: ['source:1'],
        claimants: [],
      });
      return JSON.stringify(result.summary.profile);
    });
    expect(plan).not.toContain('AllNodesScan');
  });
});
