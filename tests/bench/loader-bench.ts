import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../../server/db/database.ts';
import { BENCH_SCHEMA, writeSeedFile } from './graph-generator.ts';
import { type BenchContext, type BenchRow, clearDatabase } from './bench-context.ts';
import { median, round, timeRuns } from './stats.ts';
import { applySeedFileForBench } from './loader-adapter.ts';

const CYPHER_SHELL_POM = resolve('tests/bench/cypher-shell/pom.xml');

/** The seed file sizes: the 50k statements at large, a tenth of that at small. */
const STATEMENTS = { small: 5_000, large: 50_000 } as const;
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
  const statements = STATEMENTS[ctx.size];
  const file = join(ctx.workDir, `generated-${statements}.cypher`);
  const written = await writeSeedFile(ctx.graph, file, statements);
  ctx.log(`loader: ${written} statements in ${file}`);
  const classpath = cypherShellClasspath(ctx.workDir);

  const ours = await timeRuns(
    REPEATS,
    () => applySeedFileForBench(ctx, file),
    () => resetForLoad(ctx.db),
  );
  const expected = await countAll(ctx.db);
  ctx.log(
    `loader: ours ${ours.map((d) => round(d, 0)).join(', ')} ms → ${expected.nodes} nodes, ${expected.rels} rels`,
  );

  const naive = await timeRuns(
    REPEATS,
    () => loadNaively(ctx.db, file),
    () => resetForLoad(ctx.db),
  );
  const naiveCounts = await countAll(ctx.db);
  ctx.log(`loader: naive ${naive.map((d) => round(d, 0)).join(', ')} ms`);

  const shell = await timeRuns(
    REPEATS,
    async () => {
      const result = spawnSync(
        'java',
        [
          '-cp',
          classpath,
          'org.neo4j.shell.Main',
          '-a',
          ctx.neo4j.uri,
          '-u',
          ctx.neo4j.user,
          '-p',
          ctx.neo4j.password,
          '--format',
          'plain',
          '-f',
          file,
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      if (result.status !== 0) throw new Error(`cypher-shell failed: ${result.stderr.slice(-500)}`);
    },
    () => resetForLoad(ctx.db),
  );
  const shellCounts = await countAll(ctx.db);
  ctx.log(`loader: cypher-shell ${shell.map((d) => round(d, 0)).join(', ')} ms`);

  const same = (c: { nodes: number; rels: number }) =>
    c.nodes === expected.nodes && c.rels === expected.rels;
  if (!same(naiveCounts) || !same(shellCounts)) {
    throw new Error(
      `loaders disagree: ours ${JSON.stringify(expected)}, naive ${JSON.stringify(naiveCounts)}, cypher-shell ${JSON.stringify(shellCounts)}`,
    );
  }

  const rate = (ms: number) => Math.round(written / (ms / 1000));
  const oursMs = median(ours);
  const naiveMs = median(naive);
  const shellMs = median(shell);
  return [
    {
      section: 'loader',
      what: `our loader, ${written} MERGE statements (median of ${REPEATS})`,
      figure: `${rate(oursMs).toLocaleString('en')} statements/s (${round(oursMs / 1000, 1)} s)`,
      target: '≥ 5,000 statements/s',
      met: rate(oursMs) >= 5_000,
    },
    {
      section: 'loader',
      what: 'vs naive: one auto-commit transaction per statement',
      figure: `${rate(oursMs).toLocaleString('en')} statements/s`,
      baseline: `${rate(naiveMs).toLocaleString('en')} statements/s`,
      ratio: `${round(naiveMs / oursMs, 1)}×`,
      target: '≥ 20×',
      met: naiveMs / oursMs >= 20,
    },
    {
      section: 'loader',
      what: `vs cypher-shell -f (5.26.30, Java 17)`,
      figure: `${rate(oursMs).toLocaleString('en')} statements/s`,
      baseline: `${rate(shellMs).toLocaleString('en')} statements/s`,
      ratio: `${round(shellMs / oursMs, 1)}×`,
      target: '≥ 3×',
      met: shellMs / oursMs >= 3,
    },
  ];
}
