import { startBenchApp } from './app-adapter.ts';
import type { BenchContext, BenchRow } from './bench-context.ts';
import { measureLatency, summarise, type LatencySummary } from './stats.ts';

/** A scene of this many nodes is saved and opened; the benchmark size. */
const SCENE_NODES = 1_000;
const RELATIONSHIPS_PER_NODE = 3;
const RUNS = 3;
const PER_RUN = 20;
const TARGET_P95_MS = 300;

const fmt = (s: LatencySummary) => `p50 ${s.p50} / p95 ${s.p95} ms`;

/**
 * Saving a new version of a 1,000-node investigation (PUT) and opening it as the explorer
 * does (GET the investigation, then POST /api/subgraph for its nodes and relationships).
 * The scene's nodes are its own (`:BenchScene`), added beside whatever the run loaded.
 */
export async function investigationsBench(ctx: BenchContext): Promise<BenchRow[]> {
  const { db } = ctx;
  await db.autoCommit('MATCH (n:BenchScene) CALL (n) { DETACH DELETE n } IN TRANSACTIONS');
  await db.write((tx) =>
    tx.run(
      `UNWIND range(0, $n - 1) AS i
       CREATE (:BenchScene {id: 'bench-scene:' + i, name: 'Scene node ' + i})`,
      { n: SCENE_NODES },
    ),
  );
  await db.write((tx) =>
    tx.run(
      `MATCH (a:BenchScene) WITH collect(a) AS nodes
       UNWIND range(0, size(nodes) * $per - 1) AS k
       WITH nodes, k, nodes[k % size(nodes)] AS a, nodes[(k * 7919 + 13) % size(nodes)] AS b
       WHERE a <> b
       CREATE (a)-[:BENCH_LINK {sourceId: 'source:bench-' + (k % 20), stance: 'reported',
         quote: 'Sentence ' + k + ' of the benchmark source.'}]->(b)`,
      { per: RELATIONSHIPS_PER_NODE },
    ),
  );
  const ids = await db.read(async (tx) => {
    const nodes = await tx.run('MATCH (n:BenchScene) RETURN elementId(n) AS id ORDER BY n.id');
    const rels = await tx.run('MATCH (:BenchScene)-[r:BENCH_LINK]->() RETURN elementId(r) AS id');
    return {
      nodes: nodes.records.map((r) => String(r.get('id'))),
      edges: rels.records.map((r) => String(r.get('id'))),
    };
  });
  const scene = (shift: number) => ({
    nodes: ids.nodes.map((id, i) => ({
      id,
      x: (i % 40) * 60 + shift,
      y: Math.floor(i / 40) * 60,
      ...(i % 50 === 0 ? { pinned: true } : {}),
    })),
    edges: ids.edges,
    filters: { hiddenLabels: [], hiddenTypes: [], hiddenStances: [], asOf: null },
    viewport: { zoom: 0.4, pan: { x: 0, y: 0 } },
  });
  const app = await startBenchApp(ctx);
  const rows: BenchRow[] = [];
  try {
    const created = (await app.post('/api/investigations', {
      title: 'Benchmark scene',
      scene: scene(0),
    })) as { id: string; version: number };
    ctx.log(
      `investigations: scene of ${ids.nodes.length} nodes and ${ids.edges.length} relationships (${Math.round(JSON.stringify(scene(0)).length / 1024)} KiB)`,
    );
    let version = created.version;
    const save = async (i: number) => {
      const response = await fetch(`${app.url}/api/investigations/${created.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scene: scene(i), baseVersion: version }),
      });
      const body = (await response.json()) as { version: number };
      if (!response.ok) throw new Error(`save answered ${response.status}`);
      version = body.version;
    };
    const open = () => app.get(`/api/investigations/${created.id}`);
    const draw = () => app.post('/api/subgraph', { ids: ids.nodes });
    const saves: number[] = [];
    const opens: number[] = [];
    const draws: number[] = [];
    const runs: { save: string; open: string; draw: string }[] = [];
    for (let run = 1; run <= RUNS; run += 1) {
      const s = await measureLatency(save, { concurrency: 1, total: PER_RUN, warmup: 2 });
      const o = await measureLatency(open, { concurrency: 1, total: PER_RUN, warmup: 2 });
      const d = await measureLatency(draw, { concurrency: 1, total: PER_RUN, warmup: 2 });
      saves.push(...s);
      opens.push(...o);
      draws.push(...d);
      runs.push({ save: fmt(summarise(s)), open: fmt(summarise(o)), draw: fmt(summarise(d)) });
      ctx.log(`investigations: run ${run}: ${JSON.stringify(runs[runs.length - 1])}`);
    }
    const perRun = (key: 'save' | 'open' | 'draw') =>
      runs.map((r, i) => `run ${i + 1}: ${r[key]}`).join('; ');
    const saveSummary = summarise(saves);
    const openSummary = summarise(opens);
    rows.push(
      {
        section: 'investigations',
        what: `save a new version of a ${SCENE_NODES.toLocaleString('en')}-node investigation (${ids.edges.length.toLocaleString('en')} relationships; PUT, every node and relationship fingerprinted), ${RUNS} runs × ${PER_RUN}`,
        figure: `${fmt(saveSummary)} (${perRun('save')})`,
        target: `p95 ≤ ${TARGET_P95_MS} ms`,
        met: saveSummary.p95 <= TARGET_P95_MS,
      },
      {
        section: 'investigations',
        what: `open it (GET: the version, every node and relationship checked against the graph, notes), ${RUNS} runs × ${PER_RUN}`,
        figure: `${fmt(openSummary)} (${perRun('open')})`,
        target: `p95 ≤ ${TARGET_P95_MS} ms`,
        met: openSummary.p95 <= TARGET_P95_MS,
      },
      {
        section: 'investigations',
        what: `then the explorer's POST /api/subgraph for its 1,000 nodes and their relationships, ${RUNS} runs × ${PER_RUN}`,
        figure: `${fmt(summarise(draws))} (${perRun('draw')})`,
      },
    );
  } finally {
    await app.close();
    await db.autoCommit('MATCH (n:BenchScene) CALL (n) { DETACH DELETE n } IN TRANSACTIONS');
  }
  return rows;
}
