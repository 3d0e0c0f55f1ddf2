import { loadavg } from 'node:os';
import neo4j, { type ProfiledPlan } from 'neo4j-driver';
import { join } from 'node:path';
import type { Database } from '../../server/db/database.ts';
import { seekWindowQuery } from '../../server/repositories/relationship-keyset.ts';
import { encodeNeighbourCursor } from '../../server/services/neighbour-cursor.ts';
import { type BenchContext, type BenchRow, clearDatabase } from './bench-context.ts';
import { loadGraph } from './graph-generator.ts';
import { startBenchApp } from './app-adapter.ts';
import {
  holdsGeneratedSeedFiles,
  loadRecord,
  loadThroughLoader,
  loadedGraphMarker,
  markGraphLoaded,
} from './seed-files-load.ts';
import { measureLatency, median, round, summarise, type LatencySummary } from './stats.ts';

/** Requests per timed row in each run; every timed row is run RUNS times. */
const TOTAL = { small: 300, large: 300, xlarge: 150 } as const;
const RUNS = 3;
/** How deep the "deep page" row starts, in relationships (half the supernode at most). */
const DEEP = 500_000;
/** The naive baselines scan; at a million nodes a few requests say enough. */
const NAIVE_TOTAL = { small: 100, large: 100, xlarge: 5 } as const;

async function elementIds(db: Database, ids: string[]): Promise<string[]> {
  return db.read(async (tx) => {
    const result = await tx.run(
      'UNWIND $ids AS id MATCH (n {id: id}) WHERE n:Person OR n:State RETURN elementId(n) AS e',
      { ids },
    );
    return result.records.map((r) => String(r.get('e')));
  });
}

/** The key of the relationship `depth` deep in the node's id order (what a cursor holds). */
async function relationshipKeyAt(db: Database, id: string, depth: number): Promise<number> {
  return db.read(async (tx) => {
    const result = await tx.run(
      `MATCH (n)-[r]-() WHERE elementId(n) = $id WITH id(r) AS k ORDER BY k
       SKIP $skip LIMIT 1 RETURN k`,
      { id, skip: neo4j.int(depth - 1) },
    );
    return Number(result.records[0]?.get('k'));
  });
}

/** Records Neo4j reads for one query (PROFILE db hits): the same on a busy machine as a quiet one. */
async function storeReads(db: Database, cypher: string, params: Record<string, unknown>) {
  const sum = (plan: ProfiledPlan): number =>
    plan.dbHits + plan.children.reduce((total, child) => total + sum(child), 0);
  return db.read(async (tx) => {
    const result = await tx.run(`PROFILE ${cypher}`, params);
    return result.summary.profile ? sum(result.summary.profile) : Number.NaN;
  });
}

const fmt = (s: LatencySummary) => `p50 ${s.p50} / p95 ${s.p95} / p99 ${s.p99} ms`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

/**
 * The graph for this size, in the database: reused when the hidden marker says it is there
 * (xlarge keeps its store between runs), otherwise loaded. `xlarge` goes through the seed
 * loader's batch path, as a data team's files would; the others through plain UNWIND batches.
 */
async function ensureGraph(ctx: BenchContext): Promise<BenchRow[]> {
  const { db } = ctx;
  const key = JSON.stringify({ size: ctx.size, spec: ctx.spec });
  if ((await loadedGraphMarker(db)) !== key) {
    // An interrupted xlarge load resumes; anything else starts from an empty database.
    const resume = ctx.size === 'xlarge' && (await holdsGeneratedSeedFiles(db));
    if (!resume) await clearDatabase(db);
    if (ctx.size === 'xlarge') {
      const loaded = await loadThroughLoader(db, ctx.graph, join(ctx.workDir, 'seed'), ctx.log);
      await markGraphLoaded(db, key, { ...loaded, loadAverage: load() });
    } else {
      const started = performance.now();
      await loadGraph(db, ctx.graph);
      ctx.log(`api: graph loaded in ${round((performance.now() - started) / 1000, 1)} s`);
      await markGraphLoaded(db, key, null);
    }
  } else ctx.log('api: the database already holds this graph; reusing it');
  const held = await db.read(async (tx) => {
    const result = await tx.run(
      `CALL () { MATCH (n) RETURN count(n) AS nodes }
       CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
       MATCH (hub:State {id: $hub}) RETURN nodes, relationships, COUNT { (hub)--() } AS degree`,
      { hub: ctx.graph.supernodeIds()[0] },
    );
    const r = result.records[0];
    return [r?.get('nodes'), r?.get('relationships'), r?.get('degree')].map(Number) as number[];
  });
  const en = (n: number | undefined) => (n ?? 0).toLocaleString('en');
  ctx.log(`api: the database holds ${en(held[0])} nodes, ${en(held[1])} relationships`);
  const holds: BenchRow = {
    section: 'api',
    key: 'graph',
    what: 'graph in the database (count and degree stores)',
    figure: `${en(held[0])} nodes, ${en(held[1])} relationships; the supernode has ${en(held[2])}`,
  };
  const record = (await loadRecord(db)) as (Record<string, number | string> | null) | null;
  if (!record) return [holds];
  return [
    holds,
    {
      section: 'api',
      key: 'load',
      what: 'load through the seed loader’s batch path (files of 100,000 statements, one transaction each)',
      figure: `${Number(record.statements).toLocaleString('en')} statements in ${Number(record.files)} files, ${round(Number(record.seconds) / 60, 1)} min: ${Math.round(Number(record.rate)).toLocaleString('en')} statements/s`,
      baseline: `${record.note ? `${record.note}; ` : ''}load average ${record.loadAverage ?? '?'} when it ended`,
    },
  ];
}

interface TimedRequest {
  key: string;
  what: string;
  run: (i: number) => Promise<unknown>;
  target?: { p95: number; label: string };
}

interface Timed extends Omit<TimedRequest, 'run'> {
  runs: LatencySummary[];
}

/** Median of the runs' percentiles, with the runs' p95 range as the spread. */
function timedRow(t: Timed): BenchRow {
  const p50 = round(median(t.runs.map((r) => r.p50)));
  const p95s = t.runs.map((r) => r.p95);
  const p95 = round(median(p95s));
  return {
    section: 'api',
    key: t.key,
    what: t.what,
    figure: `p95 ${p95} ms (runs ${round(Math.min(...p95s))}–${round(Math.max(...p95s))}), p50 ${p50} ms, ${t.runs.length} runs × ${t.runs[0]?.n ?? 0}`,
    p95,
    ...(t.target ? { target: t.target.label, met: p95 <= t.target.p95 } : {}),
  };
}

export async function apiBench(ctx: BenchContext): Promise<BenchRow[]> {
  const { db } = ctx;
  const rows: BenchRow[] = [
    { section: 'api', what: 'load average (1, 5, 15 min) before', figure: load() },
  ];
  rows.push(...(await ensureGraph(ctx)));

  const ordinary = await elementIds(db, ctx.graph.ordinaryNodeIds(200));
  // A 550-node canvas, for how an expansion's newcomers meet what is already drawn.
  const canvas = await elementIds(db, ctx.graph.ordinaryNodeIds(550));
  const supernodes = await elementIds(db, ctx.graph.supernodeIds());
  const hub = supernodes[0] as string;
  const degree = ctx.spec.supernodeDegree;
  const depth = Math.min(DEEP, Math.floor(degree / 2));
  const deepKey = await relationshipKeyAt(db, hub, depth);
  const deepCursor = encodeNeighbourCursor(
    { kind: 'relationship', after: deepKey, seen: depth },
    { id: hub, types: null, direction: 'both' },
  );
  // Page 1 and the deep page as the keyset reads them, against offset paging's SKIP.
  const [relationships, hubDegree] = await db.read(async (tx) => {
    const result = await tx.run(
      `CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
       MATCH (n) WHERE elementId(n) = $hub RETURN relationships, COUNT { (n)--() } AS degree`,
      { hub },
    );
    return [
      Number(result.records[0]?.get('relationships')),
      Number(result.records[0]?.get('degree')),
    ];
  });
  const window = Math.ceil(((100 * (relationships ?? 0)) / (hubDegree ?? 1)) * 1.5);
  const keysetReads = async (after: number) =>
    storeReads(db, seekWindowQuery('both', false), {
      id: hub,
      from: neo4j.int(after + 1),
      to: neo4j.int(after + window),
      types: null,
      take: neo4j.int(100),
    });
  const offsetReads = (skip: number) =>
    storeReads(
      db,
      'MATCH (n) WHERE elementId(n) = $id MATCH (n)-[r]-(m) RETURN r, m SKIP $skip LIMIT 100',
      { id: hub, skip: neo4j.int(skip) },
    );
  rows.push({
    section: 'api',
    key: 'store-reads',
    what: `store reads (PROFILE db hits) of a supernode page of 100: page 1 / the page ${depth.toLocaleString('en')} deep, keyset by id vs offset (SKIP)`,
    figure: `keyset ${await keysetReads(-1)} / ${await keysetReads(deepKey)}`,
    baseline: `offset ${await offsetReads(0)} / ${await offsetReads(depth)}`,
  });
  const names =
    ctx.graph.byLabel
      .get('Person')
      ?.slice(100, 300)
      .map((p) => p.name.split(' ')[1] ?? p.name) ?? [];
  const total = TOTAL[ctx.size];
  const naiveTotal = NAIVE_TOTAL[ctx.size];
  const app = await startBenchApp(ctx);
  const at = <T>(list: T[], i: number) => list[i % list.length] as T;
  const neighbours = (id: string, cursor?: string) =>
    app.get(
      `/api/nodes/${encodeURIComponent(id)}/neighbors?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );

  const requests: TimedRequest[] = [
    {
      key: 'expand',
      what: 'expand, ordinary node (GET …/neighbors, 100 per page)',
      run: (i) => neighbours(at(ordinary, i)),
    },
    {
      key: 'supernode-first',
      what: `expand, ${degree.toLocaleString('en')}-relationship supernode, page 1`,
      run: () => neighbours(hub),
      ...(ctx.size === 'xlarge' ? { target: { p95: 20, label: 'p95 ≤ 20 ms' } } : {}),
    },
    {
      key: 'supernode-deep',
      what: `expand, same supernode, the page ${depth.toLocaleString('en')} relationships deep`,
      run: () => neighbours(hub, deepCursor),
      ...(ctx.size === 'xlarge' ? { target: { p95: 20, label: 'p95 ≤ 20 ms' } } : {}),
    },
    {
      key: 'search',
      what: 'search (full-text)',
      run: (i) => app.get(`/api/search?q=${encodeURIComponent(at(names, i))}&limit=20`),
    },
    {
      key: 'paths',
      what: 'paths within 6 hops',
      run: (i) =>
        app.get(
          `/api/paths?from=${encodeURIComponent(at(ordinary, i))}&to=${encodeURIComponent(at(ordinary, i + 7))}&maxHops=6&limit=5`,
        ),
    },
    {
      key: 'subgraph',
      what: 'relationships of 50 newcomers to a 550-node canvas (POST /api/subgraph)',
      run: (i) =>
        app.post('/api/subgraph', {
          ids: canvas,
          touching: canvas.slice((i * 50) % 500, ((i * 50) % 500) + 50),
        }),
    },
    {
      key: 'console',
      what: 'console query',
      run: (i) =>
        app.post('/api/query', {
          cypher: 'MATCH (p:Person {id: $id})-[r]-(x) RETURN p, r, x LIMIT 25',
          params: { id: `person:${(i * 13) % ctx.spec.people}` },
        }),
    },
  ];

  try {
    // Floors: what any request through the driver or through JSON costs at least.
    const session = db.driver.session({ database: db.database, defaultAccessMode: 'READ' });
    const floor = summarise(
      await measureLatency(() => session.run('RETURN 1'), { concurrency: 1, total }),
    );
    await session.close();
    rows.push({ section: 'api', what: 'floor: Bolt round trip of RETURN 1', figure: fmt(floor) });

    const runs = new Map<string, LatencySummary[]>();
    for (let run = 1; run <= RUNS; run += 1) {
      for (const request of requests) {
        const summary = summarise(
          await measureLatency(request.run, { concurrency: 1, total, warmup: 20 }),
        );
        runs.set(request.key, [...(runs.get(request.key) ?? []), summary]);
      }
      ctx.log(`api: run ${run}/${RUNS} done (load average ${load()})`);
    }
    for (const { run: _run, ...request } of requests) {
      rows.push(timedRow({ ...request, runs: runs.get(request.key) ?? [] }));
    }

    // Context, measured once: the naive queries and sixteen callers at once.
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
    const naive = async (what: string, run: (i: number) => Promise<unknown>) => {
      const s = summarise(
        await measureLatency(run, { concurrency: 1, total: naiveTotal, warmup: 3 }),
      );
      rows.push({ section: 'api', what: `naive baseline: ${what}`, figure: fmt(s) });
    };
    await naive('expand an ordinary node (driver, no paging)', (i) => naiveExpand(at(ordinary, i)));
    await naive('expand the supernode (driver, counts by walking)', () => naiveExpand(hub));
    await naive('search by CONTAINS scan', (i) => naiveSearch(at(names, i)));
    // At xlarge the run is long enough already; sixteen callers are measured at the others.
    for (const key of ctx.size === 'xlarge' ? [] : ['expand', 'search', 'paths']) {
      const request = requests.find((r) => r.key === key);
      if (!request) continue;
      const s = summarise(await measureLatency(request.run, { concurrency: 16, total }));
      rows.push({ section: 'api', what: `${request.what}, concurrency 16`, figure: fmt(s) });
    }
  } finally {
    await app.close();
  }
  rows.push({ section: 'api', what: 'load average (1, 5, 15 min) after', figure: load() });
  return rows;
}
