import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../../server/db/database.ts';
import { BENCH_SCHEMA, writeSeedFile } from './graph-generator.ts';
import { type BenchContext, type BenchRow, clearDatabase } from './bench-context.ts';
import { median, round, timeRuns } from './stats.ts';
import { applySeedFileForBench } from './loader-adapter.ts';
import { moviesRow, seedFileRows, spread, writeShuffled } from './loader-files.ts';

const CYPHER_SHELL_POM = resolve('tests/bench/cypher-shell/pom.xml');

/**
 * Our loader runs the whole file (50k statements at large). The one-statement-per-commit
 * baselines pay an fsync per statement, so they run a smaller file cut the same way
 * (40% node MERGEs, then relationships among them) and our loader runs that file too:
 * every ratio compares the same file in the same run.
 */
const STATEMENTS = { small: 10_000, large: 50_000, xlarge: 50_000 } as const;
const BASELINE_STATEMENTS = { small: 1_000, large: 5_000, xlarge: 5_000 } as const;
const REPEATS = 3;

async function resetForLoad(db: Database): Promise<void> {
  await clearDatabase(db);
  for (const statement of BENCH_SCHEMA) await db.autoCommit(statement);
  await db.autoCommit('CALL db.awaitIndexes(300)');
}

async function countAll(db: Database): Promise<{ nodes: number; rels: number }> {
  return db.read(async (tx) => {
    const nodes = await tx.run(
      'MATCH (n) WHERE NOT any(l IN labels(n) WHERE l STARTS WITH "__") RETURN count(n) AS c',
    );
    const rels = await tx.run('MATCH ()-[r]->() RETURN count(r) AS c');
    return { nodes: Number(nodes.records[0]?.get('c')), rels: Number(rels.records[0]?.get('c')) };
  });
}

/** Baseline: one auto-commit transaction per statement, each awaited, as a naive script does. */
async function loadNaively(db: Database, file: string): Promise<void> {
  const statements = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('//'))
    .map((line) => line.replace(/;\s*$/, ''));
  const session = db.driver.session({ database: db.database });
  try {
    for (const statement of statements) await session.run(statement);
  } finally {
    await session.close();
  }
}

function cypherShellClasspath(workDir: string): string {
  const lib = join(workDir, 'cypher-shell-lib');
  if (!existsSync(join(lib, '.resolved'))) {
    mkdirSync(lib, { recursive: true });
    const result = spawnSync(
      'mvn',
      [
        '-B',
        '-q',
        '-f',
        CYPHER_SHELL_POM,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${lib}`,
        '-DincludeScope=runtime',
      ],
      { encoding: 'utf8' },
    );
    if (result.status !== 0)
      throw new Error(`Maven could not resolve cypher-shell: ${result.stderr}`);
    spawnSync('touch', [join(lib, '.resolved')]);
  }
  return `${lib}/*`;
}

export async function loaderBench(ctx: BenchContext): Promise<BenchRow[]> {
  // First, while the JVM has planned nothing of the seed files yet.
  const seeds = await seedFileRows(ctx);
  const file = join(ctx.workDir, 'generated-full.cypher');
  const written = await writeSeedFile(ctx.graph, file, STATEMENTS[ctx.size]);
  const sample = join(ctx.workDir, 'generated-sample.cypher');
  const sampled = await writeSeedFile(ctx.graph, sample, BASELINE_STATEMENTS[ctx.size]);
  ctx.log(`loader: ${written} statements in the full file, ${sampled} in the baseline file`);
  const classpath = cypherShellClasspath(ctx.workDir);
  const runs = (list: number[]) => list.map((d) => round(d, 0)).join(', ');

  // One unmeasured pass warms Neo4j's caches and the JIT for every method alike.
  await resetForLoad(ctx.db);
  await applySeedFileForBench(ctx, sample);

  const oursFull = await timeRuns(
    REPEATS,
    () => applySeedFileForBench(ctx, file),
    () => resetForLoad(ctx.db),
  );
  const fullCounts = await countAll(ctx.db);
  ctx.log(
    `loader: ours, full file: ${runs(oursFull)} ms → ${fullCounts.nodes} nodes, ${fullCounts.rels} rels`,
  );

  const shuffledFile = join(ctx.workDir, 'generated-shuffled.cypher');
  const shuffledStatements = writeShuffled(file, shuffledFile);
  await resetForLoad(ctx.db);
  await applySeedFileForBench(ctx, shuffledFile);
  const shuffled = await timeRuns(
    REPEATS,
    () => applySeedFileForBench(ctx, shuffledFile),
    () => resetForLoad(ctx.db),
  );
  const shuffledCounts = await countAll(ctx.db);
  ctx.log(`loader: ours, shuffled file: ${runs(shuffled)} ms`);
  if (shuffledCounts.nodes !== fullCounts.nodes || shuffledCounts.rels !== fullCounts.rels) {
    throw new Error(
      `the shuffled file made another graph: ${JSON.stringify(shuffledCounts)} vs ${JSON.stringify(fullCounts)}`,
    );
  }

  const ours = await timeRuns(
    REPEATS,
    () => applySeedFileForBench(ctx, sample),
    () => resetForLoad(ctx.db),
  );
  const expected = await countAll(ctx.db);
  ctx.log(`loader: ours, baseline file: ${runs(ours)} ms`);

  const naive = await timeRuns(
    REPEATS,
    () => loadNaively(ctx.db, sample),
    () => resetForLoad(ctx.db),
  );
  const naiveCounts = await countAll(ctx.db);
  ctx.log(`loader: naive, baseline file: ${runs(naive)} ms`);

  const shell = await timeRuns(
    REPEATS,
    async () => {
      // Credentials through the environment: a generated password may start with '-'.
      const result = spawnSync(
        'java',
        [
          '-cp',
          classpath,
          'org.neo4j.shell.Main',
          '-a',
          ctx.neo4j.uri,
          '--format',
          'plain',
          '-f',
          sample,
        ],
        {
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
          env: {
            ...process.env,
            NEO4J_USERNAME: ctx.neo4j.user,
            NEO4J_PASSWORD: ctx.neo4j.password,
          },
        },
      );
      if (result.status !== 0) throw new Error(`cypher-shell failed: ${result.stderr.slice(-500)}`);
    },
    () => resetForLoad(ctx.db),
  );
  const shellCounts = await countAll(ctx.db);
  ctx.log(`loader: cypher-shell -f, baseline file: ${runs(shell)} ms`);

  const same = (c: { nodes: number; rels: number }) =>
    c.nodes === expected.nodes && c.rels === expected.rels;
  if (!same(naiveCounts) || !same(shellCounts)) {
    throw new Error(
      `loaders disagree: ours ${JSON.stringify(expected)}, naive ${JSON.stringify(naiveCounts)}, cypher-shell ${JSON.stringify(shellCounts)}`,
    );
  }

  const rate = (statements: number, ms: number) => Math.round(statements / (ms / 1000));
  const perSecond = (statements: number, ms: number) =>
    `${rate(statements, ms).toLocaleString('en')} statements/s`;
  const oursFullMs = median(oursFull);
  const shuffledMs = median(shuffled);
  const movies = await moviesRow(ctx);
  const oursMs = median(ours);
  const naiveMs = median(naive);
  const shellMs = median(shell);
  return [
    seeds,
    {
      section: 'loader',
      what: `our loader, ${written.toLocaleString('en')}-statement MERGE file (median, min–max)`,
      figure: `${perSecond(written, oursFullMs)} (${spread(oursFull)})`,
      target: '≥ 20,000 statements/s',
      met: rate(written, oursFullMs) >= 20_000,
    },
    {
      section: 'loader',
      what: `the same file with its relationship statements shuffled, so types alternate (${shuffledStatements.toLocaleString('en')} statements; median, min–max)`,
      figure: `${perSecond(shuffledStatements, shuffledMs)} (${spread(shuffled)})`,
      target: '≥ 10,000 statements/s',
      met: rate(shuffledStatements, shuffledMs) >= 10_000,
    },
    movies,
    {
      section: 'loader',
      what: `vs naive one auto-commit per statement (${sampled.toLocaleString('en')}-statement file)`,
      figure: perSecond(sampled, oursMs),
      baseline: perSecond(sampled, naiveMs),
      ratio: `${round(naiveMs / oursMs, 1)}×`,
      target: '≥ 20×',
      met: naiveMs / oursMs >= 20,
    },
    {
      section: 'loader',
      what: `vs cypher-shell -f 5.26.30 on Java 17 (same file)`,
      figure: perSecond(sampled, oursMs),
      baseline: perSecond(sampled, shellMs),
      ratio: `${round(shellMs / oursMs, 1)}×`,
      target: '≥ 3×',
      met: shellMs / oursMs >= 3,
    },
  ];
}
