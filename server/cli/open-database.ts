import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type AppConfig, loadConfigOrExplain } from '../config.ts';
import type { Database } from '../db/database.ts';
import { provideDatabase } from '../db/provide-database.ts';
import { createLogger } from '../logger.ts';
import { EmbeddedNeo4jError } from '../neo4j/launcher.ts';

/** Wrong arguments: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

/** The options every command that opens the database takes. */
const CONNECTION_OPTIONS = {
  uri: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  database: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** A command's own options plus the connection options; wrong ones become UsageError. */
export function parseCommandLine<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...options, ...CONNECTION_OPTIONS },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export interface ConnectionFlags {
  uri?: string | undefined;
  user?: string | undefined;
  password?: string | undefined;
  database?: string | undefined;
}

/** A failure to reach the database, already explained; the caller exits with `status`. */
export class OpenDatabaseError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * The configuration a command-line tool runs with, as `npm run seed` reads it: flags
 * override the environment and the one config loader validates both alike. Null after
 * printing what is wrong.
 */
export function cliConfig(flags: ConnectionFlags): AppConfig | null {
  const overrides: Record<string, string> = {};
  if (flags.uri !== undefined) overrides.NEO4J_URI = flags.uri;
  if (flags.user !== undefined) overrides.NEO4J_USER = flags.user;
  if (flags.password !== undefined) overrides.NEO4J_PASSWORD = flags.password;
  if (flags.database !== undefined) overrides.NEO4J_DATABASE = flags.database;
  return loadConfigOrExplain({ ...process.env, ...overrides });
}

export interface OpenedDatabase {
  db: Database;
  /** The embedded server, when this run uses one: its URI and whether this run started it. */
  embedded: { uri: string; owned: boolean } | undefined;
  close(): Promise<void>;
}

/**
 * Opens the database the way `npm run seed` does (NEO4J_URI, else the local embedded
 * Neo4j of ENTENTE_HOME, started for the run when it is not running) and names it
 * through `announce` first, so the user knows which data the command touched.
 */
export async function openDatabase(
  config: AppConfig,
  announce: (line: string) => void = (line) => console.error(line),
): Promise<OpenedDatabase> {
  const name = config.neo4j.database ?? "the server's default database";
  if (config.neo4j.kind === 'external') {
    announce(`database ${config.neo4j.uri} (${name})`);
  } else {
    announce(
      `database the local Neo4j in ${resolve(config.embedded.homeDir)} (${name}); set ENTENTE_HOME, or --uri for another server`,
    );
  }
  try {
    const provided = await provideDatabase(config, createLogger('warn'));
    const embedded = provided.embedded
      ? { uri: provided.embedded.uri, owned: provided.embedded.owned }
      : undefined;
    return { db: provided.db, embedded, close: () => provided.close() };
  } catch (error) {
    if (error instanceof EmbeddedNeo4jError) throw new OpenDatabaseError(error.message, 1);
    throw error;
  }
}

/**
 * Runs `work` against the opened database and closes it afterwards. A database that
 * cannot be reached is explained on stderr and gives its exit status instead.
 */
export async function withDatabase(
  config: AppConfig,
  work: (opened: OpenedDatabase) => Promise<number>,
  announce?: (line: string) => void,
): Promise<number> {
  let opened;
  try {
    opened = await openDatabase(config, announce);
  } catch (error) {
    if (!(error instanceof OpenDatabaseError)) throw error;
    console.error(error.message);
    return error.status;
  }
  try {
    return await work(opened);
  } finally {
    await opened.close();
  }
}

/** Runs a command's main and exits with its status; an unexpected error exits 1. */
export function runCommand(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
