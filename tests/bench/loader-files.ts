import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../../server/db/database.ts';
import { fileSource, SeedLoader, textSource } from '../../server/seed/seed-loader.ts';
import type { BenchContext } from './bench-context.ts';
import { resetDatabase } from '../support/test-database.ts';
import { seededRandom } from './client/random-graph.ts';
import { median, round } from './stats.ts';

/**
 * Loader rows beyond the generated MERGE file: the project's own seed files on an empty
 * database, the generated file with its relationship statements shuffled, and one large
 * single statement against a plain driver run of the same text.
 */

const REPEATS = 3;

/** `median (min–max, n runs)` of durations in ms, shown in seconds. */
export function spread(runs: number[]): string {
  const s = (ms: number) => round(ms / 1000, 2);
  return `${s(median(runs))} s (${s(Math.min(...runs))}–${s(Math.max(...runs))}, ${runs.length} runs)`;
}

/** Empty, without indexes or constraints, and with Neo4j's plan cache cleared. */
export async function emptyDatabase(db: Database): Promise<void> {
  await resetDatabase(db);
  await db.autoCommit('CALL db.clearQueryCaches()');
}

/** The files of cypher/, in the order start-up applies them. */
export function projectSeedFiles(): string[] {
  const dir = resolve('cypher');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cypher'))
    .sort()
    .map((name) => join(dir, name));
}

/** Applies the four seed files as start-up does: one loader, every file in order. */
export async function applyProjectSeeds(db: Database): Promise<void> {
  const result = await new SeedLoader(db).loadAll(projectSeedFiles().map(fileSource));
  if (result.failure) throw result.failure.error;
}

/** The generated file with its relationship statements in a seeded random order. */
export function writeShuffled(from: string, to: string, seed = 11): number {
  const lines = readFileSync(from, 'utf8').split('\n');
  const nodes = lines.filter((line) => line.startsWith('MERGE'));
  const rels = lines.filter((line) => line.startsWith('MATCH'));
  const random = seededRandom(seed);
  for (let i = rels.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rels[i], rels[j]] = [rels[j]!, rels[i]!];
  }
  writeFileSync(to, `// Shuffled relationship types.\n${[...nodes, ...rels].join('\n')}\n`);
  return nodes.length + rels.length;
}

/**
 * One CREATE statement shaped like Neo4j's public movies example (movies, people, acting
 * and directing credits with role lists), about 27 KB: that file is not shipped with the
 * jars, so the benchmark writes one of the same shape and size.
 */
export function moviesStatement(): string {
  const random = seededRandom(3);
  const parts: string[] = [];
  const movies = 38;
  const people = 150;
  for (let m = 0; m < movies; m++) {
    parts.push(
      `CREATE (Movie${m}:Movie {title:'The Movie Number ${m}', released:${1975 + (m % 45)}, tagline:'The tagline of movie number ${m}, as printed on its poster'})`,
    );
  }
  for (let p = 0; p < people; p++) {
    parts.push(`CREATE (Person${p}:Person {name:'Person Name ${p}', born:${1930 + (p % 60)}})`);
  }
  for (let p = 0; p < people; p++) {
    const credits = 1 + Math.floor(random() * 2);
    for (let c = 0; c < credits; c++) {
      const m = Math.floor(random() * movies);
      parts.push(
        random() < 0.85
          ? `CREATE (Person${p})-[:ACTED_IN {roles:['Role ${p}-${c}']}]->(Movie${m})`
          : `CREATE (Person${p})-[:DIRECTED]->(Movie${m})`,
      );
    }
  }
  return parts.join('\n');
}

export async function seedFileRows(ctx: BenchContext) {
  const files = projectSeedFiles();
  const statements = (
    await Promise.all(files.map((f) => new SeedLoader(ctx.db).scan(fileSource(f))))
  ).reduce((sum, scan) => sum + scan.statements, 0);
  const runs: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    await emptyDatabase(ctx.db);
    const started = performance.now();
    await applyProjectSeeds(ctx.db);
    runs.push(performance.now() - started);
  }
  ctx.log(`loader: the ${files.length} seed files: ${runs.map((r) => round(r, 0)).join(', ')} ms`);
  return {
    section: 'loader' as const,
    what: `the ${files.length} seed files of cypher/ (${statements} statements) on an empty database, plan cache cleared before each run (median, min–max)`,
    figure: spread(runs),
    target: '≤ 1.5 s',
    met: median(runs) <= 1_500,
  };
}

export async function moviesRow(ctx: BenchContext) {
  const text = moviesStatement();
  const ours: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    await emptyDatabase(ctx.db);
    let started = performance.now();
    await ctx.db.write((tx) => tx.run(text));
    plain.push(performance.now() - started);
    await emptyDatabase(ctx.db);
    // As after the first file of a start: the ledger's constraints exist and its own
    // queries are planned, so the figure is the statement's, not the ledger's first plans.
    const loader = new SeedLoader(ctx.db);
    await loader.load(textSource('ledger-warm-up.cypher', 'MERGE (w:LedgerWarmUp {id: 1});'));
    started = performance.now();
    await loader.load(textSource('movies.cypher', text));
    ours.push(performance.now() - started);
  }
  ctx.log(
    `loader: movies-shaped statement (${text.length} characters): ours ${ours.map((r) => round(r, 0)).join(', ')} ms, plain driver ${plain.map((r) => round(r, 0)).join(', ')} ms`,
  );
  const ratio = median(ours) / median(plain);
  return {
    section: 'loader' as const,
    what: `one ${round(text.length / 1024, 1)} KB statement shaped like movies.cypher: our loader vs a plain driver run of the same text in one transaction, plan cache cleared before each (the loader's ledger queries planned by a first file)`,
    figure: spread(ours),
    baseline: spread(plain),
    ratio: `${round(ratio, 2)}×`,
    target: '≤ 1.2× the plain run',
    met: ratio <= 1.2,
  };
}
