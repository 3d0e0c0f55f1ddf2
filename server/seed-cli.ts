import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cliConfig,
  type OpenedDatabase,
  parseCommandLine,
  runCommand,
  UsageError,
  withDatabase,
} from './cli/open-database.ts';
import type { SeedOutcome, SeedProgress } from './seed/seed-loader.ts';
import { SeedError } from './seed/seed-errors.ts';
import { SeedService, seedFilesIn } from './services/seed-service.ts';

const USAGE = `Load Cypher seed files into Neo4j.

Usage: npm run seed -- [files or folders…] [options]

With no files, loads the pending files of cypher/ in name order (not cypher/queries/).
A file applies in one transaction: on any error nothing of it is written. A file that
was applied before and is unchanged is skipped; a changed one is refused unless --force.

Options:
  --dry-run            validate and apply in a transaction that is rolled back;
                       report what the file would create
  --force              apply files whose checksum changed since they were applied
  --allow-file-access  permit LOAD CSV and procedures that read files or URLs
  --uri <uri>          the Neo4j to load into (default: NEO4J_URI, else the local
                       embedded Neo4j, started for the run when it is not running)
  --user <name>        default: NEO4J_USER or neo4j
  --password <secret>  default: NEO4J_PASSWORD
  --database <name>    default: NEO4J_DATABASE or the server's default
  -h, --help           show this help

The first line names the database used: its URI, or the local Neo4j's home folder.

Exit status: 0 ok, 1 a file failed, 2 usage.`;

const defaultDir = fileURLToPath(new URL('../cypher', import.meta.url));

function parse(argv: string[]) {
  return parseCommandLine(argv, {
    'dry-run': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    'allow-file-access': { type: 'boolean', default: false },
  } as const);
}

/** Files in the order given; a folder contributes its top-level *.cypher files in name order. */
function resolveFiles(paths: string[]): string[] {
  if (paths.length === 0) return seedFilesIn(defaultDir);
  return paths.flatMap((path) => {
    const full = resolve(path);
    if (!existsSync(full)) throw new UsageError(`no such file or folder: ${path}`);
    return statSync(full).isDirectory() ? seedFilesIn(full) : [full];
  });
}

const COUNTER_LABELS: Record<string, string> = {
  nodesCreated: 'nodes +',
  nodesDeleted: 'nodes −',
  relationshipsCreated: 'relationships +',
  relationshipsDeleted: 'relationships −',
  propertiesSet: 'properties set ',
  labelsAdded: 'labels +',
  labelsRemoved: 'labels −',
  indexesAdded: 'indexes +',
  indexesRemoved: 'indexes −',
  constraintsAdded: 'constraints +',
  constraintsRemoved: 'constraints −',
};

const number = (n: number) => Math.round(n).toLocaleString('en-US');

function describeCounters(counters: Record<string, number> | null): string {
  if (!counters) return 'nothing (validated only)';
  const parts = Object.entries(counters).map(
    ([key, value]) => `${COUNTER_LABELS[key] ?? `${key} `}${number(value)}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

function report(outcome: SeedOutcome): string {
  const seconds = outcome.durationMs / 1000;
  const rate = seconds > 0 ? ` (${number(outcome.statements / seconds)}/s)` : '';
  const notAtomic = outcome.notAtomicBecause
    ? `\n         not atomic: ${outcome.notAtomicBecause}`
    : '';
  const deletions = outcome.deletions
    ? `\n  !!!    DELETES ${describeDeletions(outcome.deletions, outcome.counters !== null)}`
    : '';
  const warnings = outcome.warnings
    .filter((w) => !(outcome.deletions && w.startsWith('DELETES')))
    .map((w) => `\n  !!!    ${w}`)
    .join('');
  const skipped = outcome.notRehearsed
    .slice(0, NOT_REHEARSED_SHOWN)
    .map(
      (s) =>
        `\n         not rehearsed: line ${s.line}:${s.col} (statement ${s.statement}): ${s.reason}`,
    )
    .join('');
  const more =
    outcome.notRehearsed.length > NOT_REHEARSED_SHOWN
      ? `\n         not rehearsed: and ${outcome.notRehearsed.length - NOT_REHEARSED_SHOWN} more`
      : '';
  switch (outcome.status) {
    case 'skipped':
      return `skipped  ${outcome.name}: already applied, unchanged`;
    case 'dry-run':
      return outcome.counters
        ? `dry run  ${outcome.name}: ${number(outcome.statements)} statements; would apply ${describeCounters(outcome.counters)}; nothing was written${notAtomic}${deletions}${skipped}${more}${warnings}`
        : `dry run  ${outcome.name}: ${number(outcome.statements)} statements validated; not rehearsed because ${outcome.notRehearsedBecause ?? 'it cannot be'}; nothing was written${notAtomic}${deletions}${warnings}`;
    case 'applied':
      return `applied  ${outcome.name}: ${number(outcome.statements)} statements in ${seconds.toFixed(2)} s${rate}${outcome.reapplied ? ' (re-applied)' : ''}; ${describeCounters(outcome.counters)}${notAtomic}${deletions}${warnings}`;
  }
}

const NOT_REHEARSED_SHOWN = 20;

function describeDeletions(deletions: NonNullable<SeedOutcome['deletions']>, counted: boolean) {
  const where = `${number(deletions.statements)} statement(s) delete or remove data, the first at ${deletions.first}`;
  if (!counted) return `${where} (not rehearsed, so not counted)`;
  return `${where}: ${number(deletions.nodesDeleted)} nodes, ${number(deletions.relationshipsDeleted)} relationships deleted, ${number(deletions.labelsRemoved)} labels removed`;
}

const RATE_AFTER_S = 0.5;

/** A progress bar on a terminal; occasional plain lines otherwise. */
function progressReporter(stream: NodeJS.WriteStream) {
  const started = new Map<string, number>();
  let lastDraw = 0;
  let lastPlain = 0;
  let drawn = false;
  return {
    update(progress: SeedProgress) {
      const key = `${progress.file}:${progress.phase}`;
      if (!started.has(key)) started.set(key, performance.now());
      const now = performance.now();
      const elapsed = (now - started.get(key)!) / 1000;
      // A rate over the first instants of a file says nothing; it shows once it means something.
      const rate = elapsed >= RATE_AFTER_S ? progress.done / elapsed : 0;
      const pace =
        rate > 0
          ? ` ${number(rate)}/s ETA ${Math.ceil((progress.total - progress.done) / rate)}s`
          : '';
      const verb = progress.phase === 'validate' ? 'validating' : 'applying';
      const stats = `${number(progress.done)}/${number(progress.total)}${pace}`;
      if (stream.isTTY) {
        if (now - lastDraw < 100 && progress.done < progress.total) return;
        lastDraw = now;
        const width = 30;
        const filled =
          progress.total > 0 ? Math.round((progress.done / progress.total) * width) : width;
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        stream.write(`\r\x1b[2K${verb} ${progress.file} ${bar} ${stats}`);
        drawn = true;
      } else if (now - lastPlain > 2_000 && progress.done < progress.total) {
        lastPlain = now;
        stream.write(`${verb} ${progress.file}: ${stats}\n`);
      }
    },
    clear() {
      if (drawn && stream.isTTY) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

async function main(argv: string[]): Promise<number> {
  let args;
  let files: string[];
  try {
    args = parse(argv);
    if (args.values.help) {
      console.log(USAGE);
      return 0;
    }
    files = resolveFiles(args.positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  const options = args.values;

  const config = cliConfig(options);
  if (!config) return 2;
  if (config.neo4j.kind === 'embedded') {
    console.error('Starting the local Neo4j for this run if it is not running…');
  }
  // The database is named on stdout's first line: it says which data a run touched.
  return withDatabase(
    config,
    (opened) => seed(opened, config.adminToken, files, options),
    (line) => console.log(line),
  );
}

interface SeedOptions {
  'dry-run': boolean;
  force: boolean;
  'allow-file-access': boolean;
}

async function seed(
  { db, embedded }: OpenedDatabase,
  adminToken: string | undefined,
  files: string[],
  options: SeedOptions,
): Promise<number> {
  if (embedded) {
    console.log(
      `         ${embedded.uri}, ${embedded.owned ? 'started for this run' : 'already running'}`,
    );
  }

  const progress = progressReporter(process.stderr);
  try {
    if (files.length === 0) {
      console.log('No seed files found.');
      return 0;
    }
    const seeds = new SeedService(db, { cypherDir: defaultDir, adminToken });
    const result = await seeds.applyFiles(files, {
      dryRun: options['dry-run'],
      force: options.force,
      allowFileAccess: options['allow-file-access'],
      caller: 'cli',
      onProgress: (p) => progress.update(p),
    });
    progress.clear();
    for (const outcome of result.outcomes) console.log(report(outcome));
    if (result.failure) {
      const { name, error } = result.failure;
      console.error(`failed   ${error.message}`);
      if (!(error instanceof SeedError)) console.error(`         (${name})`);
      const rest = files.length - result.outcomes.length - 1;
      if (rest > 0) console.error(`         ${rest} later file(s) not attempted`);
      return 1;
    }
    return 0;
  } finally {
    progress.clear();
  }
}

runCommand(main);
