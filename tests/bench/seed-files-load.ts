import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Database } from '../../server/db/database.ts';
import { fileSource, SeedLoader } from '../../server/seed/seed-loader.ts';
import { BENCH_SCHEMA, type GeneratedGraph, type GeneratedRel } from './graph-generator.ts';

/**
 * Loads a generated graph the way a data team would: as seed files applied by our loader,
 * whose batch path folds same-shape statements into UNWIND batches. Files are written as
 * the relationships stream out of the generator, one stream per relationship shape, so the
 * five million relationships of `xlarge` never sit in memory together.
 */

/** Statements per file: each file is one transaction, well inside the transaction memory cap. */
const PER_FILE = 100_000;

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

class ChunkedWriter {
  private out: WriteStream | undefined;
  private inFile = 0;
  private part = 0;
  readonly files: string[] = [];
  statements = 0;

  constructor(
    private readonly dir: string,
    private readonly stem: string,
  ) {}

  async write(line: string): Promise<void> {
    if (!this.out || this.inFile >= PER_FILE) await this.next();
    this.inFile += 1;
    this.statements += 1;
    if (!(this.out as WriteStream).write(line)) await once(this.out as WriteStream, 'drain');
  }

  async close(): Promise<void> {
    if (!this.out) return;
    this.out.end();
    await once(this.out, 'finish');
    this.out = undefined;
  }

  private async next(): Promise<void> {
    await this.close();
    this.part += 1;
    const file = join(this.dir, `${this.stem}-${String(this.part).padStart(3, '0')}.cypher`);
    this.files.push(file);
    this.out = createWriteStream(file, 'utf8');
    this.out.write(`// Generated benchmark seed file ${this.stem}, part ${this.part}.\n`);
    this.inFile = 0;
  }
}

/** Writes the graph as seed files (nodes first, then relationships grouped by shape). */
export async function writeSeedFiles(
  graph: GeneratedGraph,
  dir: string,
): Promise<{ files: string[]; statements: number }> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let statements = 0;
  let order = 0;
  for (const [label, nodes] of graph.byLabel) {
    order += 1;
    const writer = new ChunkedWriter(dir, `a${String(order).padStart(2, '0')}-${label}`);
    for (const node of nodes) {
      await writer.write(
        `MERGE (n:${node.label} {id: ${quote(node.id)}}) SET n.name = ${quote(node.name)}, n.aliases = [${node.aliases.map(quote).join(', ')}], n.aliasesText = ${quote(node.aliases.join(' | '))};\n`,
      );
    }
    await writer.close();
    files.push(...writer.files);
    statements += writer.statements;
  }
  const writers = new Map<string, ChunkedWriter>();
  const shape = (r: GeneratedRel) => `${r.type}-${r.from.label}-${r.to.label}`;
  for (const rel of graph.relationships()) {
    const key = shape(rel);
    let writer = writers.get(key);
    if (!writer) {
      writer = new ChunkedWriter(dir, `b-${key}`);
      writers.set(key, writer);
    }
    await writer.write(
      `MATCH (a:${rel.from.label} {id: ${quote(rel.from.id)}}), (b:${rel.to.label} {id: ${quote(rel.to.id)}}) MERGE (a)-[r:${rel.type} {sourceId: ${quote(rel.sourceId)}}]->(b) SET r.stance = ${quote(rel.stance)}, r.quote = ${quote(rel.quote)}, r.date = date(${quote(rel.date)});\n`,
    );
  }
  for (const writer of writers.values()) {
    await writer.close();
    files.push(...writer.files);
    statements += writer.statements;
  }
  return { files, statements };
}

export interface LoaderPathLoad {
  /** Files applied in this run (a resumed load skips those the ledger holds). */
  files: number;
  statements: number;
  /** Seconds the loader spent applying them, file writing excluded. */
  seconds: number;
  /** Statements applied per second by the loader. */
  rate: number;
}

/**
 * Writes the graph as seed files and applies them with the loader, timing the apply. The
 * files come out the same every time, so a load that was interrupted picks up where it
 * stopped: the ledger skips what it already holds.
 */
export async function loadThroughLoader(
  db: Database,
  graph: GeneratedGraph,
  dir: string,
  log: (message: string) => void,
): Promise<LoaderPathLoad> {
  for (const statement of BENCH_SCHEMA) await db.autoCommit(statement);
  await db.autoCommit('CALL db.awaitIndexes(300)');
  const written = await writeSeedFiles(graph, dir);
  log(`seed files: ${written.files.length} files, ${written.statements} statements written`);
  const loader = new SeedLoader(db);
  let applied = 0;
  let statements = 0;
  let milliseconds = 0;
  for (const [i, file] of written.files.entries()) {
    const result = await loader.loadAll([fileSource(file)]);
    if (result.failure) throw result.failure.error;
    // A file the ledger already holds (an interrupted load resumed) is skipped, not timed.
    for (const outcome of result.outcomes.filter((o) => o.status === 'applied')) {
      applied += 1;
      statements += outcome.statements;
      milliseconds += outcome.durationMs;
    }
    if ((i + 1) % 5 === 0 || i + 1 === written.files.length) {
      log(
        `loader: ${i + 1}/${written.files.length} files, ${Math.round((statements * 1000) / Math.max(1, milliseconds))} statements/s`,
      );
    }
  }
  const seconds = milliseconds / 1000;
  return { files: applied, statements, seconds, rate: statements / Math.max(seconds, 1e-9) };
}

/** Whether the database holds part of a generated graph loaded through seed files. */
export async function holdsGeneratedSeedFiles(db: Database): Promise<boolean> {
  return db.read(async (tx) => {
    const result = await tx.run(
      "MATCH (f:__SeedFile) WHERE f.name STARTS WITH 'a01-State' RETURN count(f) > 0 AS held",
    );
    return result.records[0]?.get('held') === true;
  });
}

/** The hidden marker saying which generated graph the database holds, so a run can reuse it. */
export async function loadedGraphMarker(db: Database): Promise<string | null> {
  return db.read(async (tx) => {
    const result = await tx.run('MATCH (m:__BenchGraph) RETURN m.key AS key LIMIT 1');
    const key = result.records[0]?.get('key');
    return typeof key === 'string' ? key : null;
  });
}

export async function markGraphLoaded(db: Database, key: string, load: unknown): Promise<void> {
  await db.write((tx) =>
    tx.run('MERGE (m:__BenchGraph) SET m.key = $key, m.load = $load', {
      key,
      load: JSON.stringify(load),
    }),
  );
}

export async function loadRecord(db: Database): Promise<LoaderPathLoad | null> {
  return db.read(async (tx) => {
    const result = await tx.run('MATCH (m:__BenchGraph) RETURN m.load AS load LIMIT 1');
    const load = result.records[0]?.get('load');
    return typeof load === 'string' ? (JSON.parse(load) as LoaderPathLoad) : null;
  });
}
