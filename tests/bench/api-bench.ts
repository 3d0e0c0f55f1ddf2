import type { Database } from '../../server/db/database.ts';
import { type BenchContext, type BenchRow, clearDatabase } from './bench-context.ts';
import { loadGraph } from './graph-generator.ts';
import { startBenchApp } from './app-adapter.ts';
import { measureLatency, round, summarise, type LatencySummary } from './stats.ts';

const TOTAL = { small: 400, large: 1_000 } as const;

async function elementIds(db: Database, ids: string[]): Promise<string[]> {
  return db.read(async (tx) => {
    const result = await tx.run(
      'UNWIND $ids AS id MATCH (n {id: id}) WHERE n:Person OR n:State RETURN elementId(n) AS e',
      { ids },
    );
    return result.records.map((r) => String(r.get('e')));
  });
}

const fmt = (s: LatencySummary) => `p50 ${s.p50} / p95 ${s.p95} / p99 ${s.p99} ms`;

export async function apiBench(ctx: BenchContext): Promise<BenchRow[]> {
  const { db } = ctx;
  await clearDatabase(ctx.db);
  const loadStarted = performance.now();
  await loadGraph(db, ctx.graph);
  ctx.log(
    `api: graph loaded through the fast path in ${round((performance.now() - loadStarted) / 1000, 1)} s`,
  );

  const ordinary = await elementIds(db, ctx.graph.ordinaryNodeIds(200));
  // A 550-node canvas, for how an expansion's newcomers meet what is already drawn.
  const canvas = await elementIds(db, ctx.graph.ordinaryNodeIds(550));
  const supernodes = await elementIds(db, ctx.graph.supernodeIds());
  const names =
    ctx.graph.byLabel
      .get('Person')
      ?.slice(100, 300)
      .map((p) => p.name.split(' ')[1] ?? p.name) ?? [];
  const total = TOTAL[ctx.size];
  const app = await startBenchApp(ctx);
  const rows: BenchRow[] = [];
  const at = <T>(list: T[], i: number) => list[i % list.length] as T;

  try {
    // Floors: what any request through the driver or through JSON costs at least.
    const session = db.driver.session({ database: db.database, defaultAccessMode: 'READ' });
    const floor = summarise(
      await measureLatency(() => session.run('RETURN 1'), { concurrency: 1, total }),
    );
    await session.close();
    rows.push({ section: 'api', what: 'floor: Bolt round trip of RETURN 1', figure: fmt(floor) });
    const elements = Array.from({ length: 10_000 }, (_, i) => ({
      id: `4:abc:${i}`,
      labels: ['Person'],
      caption: `Person ${i}`,
      properties: { name: `Person ${i}`, aliases: ['a', 'b'], date: '2023-07-31' },
    }));
    const jsonRuns = await measureLatency(async () => JSON.stringify(elements), {
      concurrency: 1,
      total: 20,
      warmup: 3,
    });
    rows.push({
      section: 'api',
      what: 'floor: JSON.stringify per element',
      figure: `${round((summarise(jsonRuns).p50 * 1000) / elements.length, 2)} µs`,
    });

    const naiveExpand = async (id: string) => {
      await db.read(async (tx) => {
        await tx.run('MATCH (a)-[r]-(b) WHERE elementId(a) = $id RETURN r, b LIMIT 100', { id });
        await tx.run('MATCH (a)-[r]-(b) WHERE elementId(a) = $id RETURN count(r)', { id });
      });
    };
    const naiveSearch = (q: string) =>
      db.read((tx) =>
        tx.run('MATCH (n) WHERE toLower(n.name) CONTAINS toLower($q) RETURN n LIMIT 20', { q }),
      );

    for (const concurrency of [1, 16]) {
      const ours = summarise(
        await measureLatency(
          (i) => app.get(`/api/nodes/${encodeURIComponent(at(ordinary, i))}/neighbors?limit=100`),
          { concurrency, total },
        ),
      );
      const naive = summarise(
        await measureLatency((i) => naiveExpand(at(ordinary, i)), { concurrency, total }),
      );
      rows.push({
        section: 'api',
        what: `expand, ordinary node, concurrency ${concurrency} (HTTP vs naive driver query)`,
        figure: fmt(ours),
        baseline: fmt(naive),
        ratio: `${round(naive.p95 / ours.p95, 1)}×`,
        target: concurrency === 1 ? 'p95 ≤ 15 ms, ≥ 1.5×' : undefined,
        met: concurrency === 1 ? ours.p95 <= 15 && naive.p95 / ours.p95 >= 1.5 : undefined,
      });

      const oursSuper = summarise(
        await measureLatency(
          (i) => app.get(`/api/nodes/${encodeURIComponent(at(supernodes, i))}/neighbors?limit=100`),
          {
            concurrency,
            total: Math.min(total, 200),
          },
        ),
      );
      const naiveSuper = summarise(
        await measureLatency((i) => naiveExpand(at(supernodes, i)), {
          concurrency,
          total: Math.min(total, 100),
          warmup: 5,
        }),
      );
      rows.push({
        section: 'api',
        what: `expand, ${ctx.spec.supernodeDegree.toLocaleString('en')}-relationship supernode, concurrency ${concurrency}`,
        figure: fmt(oursSuper),
        baseline: fmt(naiveSuper),
        ratio: `${round(naiveSuper.p95 / oursSuper.p95, 1)}×`,
        target: concurrency === 1 ? `flat (≈ ordinary), ≥ 10×` : undefined,
        met:
          concurrency === 1
            ? naiveSuper.p95 / oursSuper.p95 >= 10 && oursSuper.p95 <= Math.max(15, ours.p95 * 2)
            : undefined,
      });

      const oursSearch = summarise(
        await measureLatency(
          (i) => app.get(`/api/search?q=${encodeURIComponent(at(names, i))}&limit=20`),
          { concurrency, total },
        ),
      );
      const naiveS = summarise(
        await measureLatency((i) => naiveSearch(at(names, i)), {
          concurrency,
          total: Math.min(total, 100),
          warmup: 5,
        }),
      );
      rows.push({
        section: 'api',
        what: `search, concurrency ${concurrency} (full-text vs CONTAINS scan)`,
        figure: fmt(oursSearch),
        baseline: fmt(naiveS),
        ratio: `${round(naiveS.p95 / oursSearch.p95, 1)}×`,
        target: concurrency === 1 ? 'p95 ≤ 20 ms, ≥ 10×' : undefined,
        met:
          concurrency === 1 ? oursSearch.p95 <= 20 && naiveS.p95 / oursSearch.p95 >= 10 : undefined,
      });

      const paths = summarise(
        await measureLatency(
          (i) =>
            app.get(
              `/api/paths?from=${encodeURIComponent(at(ordinary, i))}&to=${encodeURIComponent(at(ordinary, i + 7))}&maxHops=6&limit=5`,
            ),
          { concurrency, total: Math.min(total, 200) },
        ),
      );
      rows.push({
        section: 'api',
        what: `paths within 6 hops, concurrency ${concurrency}`,
        figure: fmt(paths),
        target: concurrency === 1 ? 'p95 ≤ 50 ms' : undefined,
        met: concurrency === 1 ? paths.p95 <= 50 : undefined,
      });

      const linking = summarise(
        await measureLatency(
          (i) =>
            app.post('/api/subgraph', {
              ids: canvas,
              touching: canvas.slice((i * 50) % 500, ((i * 50) % 500) + 50),
            }),
          { concurrency, total: Math.min(total, 200) },
        ),
      );
      rows.push({
        section: 'api',
        what: `relationships of 50 newcomers to a 550-node canvas (POST /api/subgraph, an expansion's second call), concurrency ${concurrency}`,
        figure: fmt(linking),
      });

      const consoleQuery = summarise(
        await measureLatency(
          (i) =>
            app.post('/api/query', {
              cypher: 'MATCH (p:Person {id: $id})-[r]-(x) RETURN p, r, x LIMIT 25',
              params: { id: `person:${(i * 13) % ctx.spec.people}` },
            }),
          { concurrency, total },
        ),
      );
      rows.push({
        section: 'api',
        what: `console query, concurrency ${concurrency}`,
        figure: fmt(consoleQuery),
      });
    }
  } finally {
    await app.close();
  }
  return rows;
}
