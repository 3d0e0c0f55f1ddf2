import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Database } from '../../server/db/database.ts';
import { startEmbeddedNeo4j } from '../../server/neo4j/launcher.ts';
import type { BenchContext, BenchRow, Section, Size } from './bench-context.ts';
import { GeneratedGraph, SIZES } from './graph-generator.ts';
import { benchNeo4jOptions } from './bench-neo4j.ts';
import { runSizes } from './size-report.ts';

const usage = `Usage: npm run bench [-- --size small|large|xlarge] [--only loader|api|client|load|investigations|replicas|startup]
       npm run bench -- --size small,large,xlarge [--only api] [--combine]

Runs the benchmark suite against one real Neo4j (NEO4J_BENCH_URI, or a throwaway embedded
server) and writes tests/bench/results/<size>.md and .json. Every figure is a median or
percentile of repeated runs; every ratio compares against a baseline measured in the same run.
\`xlarge\` (a million nodes) runs the API section by default and keeps its store in
.neo4j/bench-xlarge between runs. Several sizes run one after the other, each in its own
process, and are compared in tests/bench/results/<sizes>-<sections>.md (--combine compares the
sizes' latest reports without running them again).`;

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    only: { type: 'string', multiple: true },
    help: { type: 'boolean', default: false },
    combine: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const sizes = values.size.split(',') as Size[];
const size = sizes[0] as Size;
if (sizes.some((s) => !(s in SIZES))) {
  console.error(usage);
  process.exit(2);
}
const ALL: Section[] = ['loader', 'api', 'client', 'load', 'investigations', 'replicas', 'startup'];
// The other sections clear the database, which at xlarge would throw away an hour's load.
const only = (values.only ?? (sizes.includes('xlarge') ? ['api'] : ALL)) as Section[];
if (only.some((s) => !ALL.includes(s))) {
  console.error(usage);
  process.exit(2);
}
if (sizes.length > 1) {
  runSizes(sizes, only, resolve('tests/bench/results'), { run: !values.combine });
  process.exit(0);
}

const started = Date.now();
const log = (message: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);

const workDir = mkdtempSync(join(tmpdir(), 'entente-bench-'));
let stopNeo4j = async () => {};
let credentials: { uri: string; user: string; password: string };
if (process.env.NEO4J_BENCH_URI) {
  credentials = {
    uri: process.env.NEO4J_BENCH_URI,
    user: process.env.NEO4J_BENCH_USER ?? 'neo4j',
    password: process.env.NEO4J_BENCH_PASSWORD ?? '',
  };
} else {
  const neo4j = await startEmbeddedNeo4j(benchNeo4jOptions(size, workDir));
  credentials = { uri: neo4j.uri, user: neo4j.user, password: neo4j.password };
  stopNeo4j = () => neo4j.stop();
}
const db = new Database({ ...credentials, database: undefined });
// Ctrl-C or a CI timeout must not leave the benchmark's Neo4j running.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopNeo4j().finally(() => {
      rmSync(workDir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

const spec = SIZES[size];
const graph = new GeneratedGraph(spec);
log(
  `generated ${graph.nodes.length} nodes and ${graph.relationshipCount()} relationships (seed ${spec.seed})`,
);
const notes: string[] = [];
const note = (line: string) => notes.push(line);
const ctx: BenchContext = { size, spec, graph, db, neo4j: credentials, workDir, log, note };

const rows: BenchRow[] = [];
try {
  for (const section of only) {
    log(`— ${section}`);
    const module = await import(`./${section}-bench.ts`);
    rows.push(...((await module[`${section}Bench`](ctx)) as BenchRow[]));
  }
} finally {
  await db.close();
  await stopNeo4j();
  rmSync(workDir, { recursive: true, force: true });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Neo4j 5.26.30 Community`;
const date = new Date().toISOString().slice(0, 10);
const table = [
  `Size \`${size}\` (${graph.nodes.length.toLocaleString('en')} nodes, ${graph.relationshipCount().toLocaleString('en')} relationships), ${machine}, ${date}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')} at the end.`,
  ...(notes.length > 0 ? ['', ...notes.map((line) => `- ${line}`)] : []),
  '',
  '| section | what | figure | baseline | ratio | target | met |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.section} | ${r.what} | ${r.figure} | ${r.baseline ?? ''} | ${r.ratio ?? ''} | ${r.target ?? ''} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`,
  ),
].join('\n');
const resultsDir = resolve('tests/bench/results');
mkdirSync(resultsDir, { recursive: true });
// A partial run (--only) writes beside the full report instead of replacing it.
const stem = only.length === ALL.length ? size : `${size}-${only.join('-')}`;
writeFileSync(join(resultsDir, `${stem}.md`), `${table}\n`);
writeFileSync(
  join(resultsDir, `${stem}.json`),
  `${JSON.stringify({ size, machine, date, notes, rows }, null, 2)}\n`,
);
console.log(`\n${table}\n`);
log(`done; results in tests/bench/results/${stem}.md`);
