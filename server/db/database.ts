import neo4j, {
  type BookmarkManager,
  type Driver,
  type ManagedTransaction,
  type QueryResult,
  type RecordShape,
  type Session,
  Neo4jError,
} from 'neo4j-driver';
import { AppError, badRequest, unavailable } from '../errors.ts';

export interface Credentials {
  uri: string;
  user: string;
  password: string;
  database: string | undefined;
}

export interface ServerDescription {
  version: string;
  edition: string;
  database: string;
}

/**
 * The one place that talks to the driver. Reads go through read transactions and writes
 * through write transactions, so a cluster or Aura routes them unchanged. Every session
 * shares one bookmark manager: on a cluster, a read waits until the member it reaches has
 * applied this process's earlier writes (read-your-writes within one app process; on a
 * single server there is nothing to wait for).
 */
export class Database {
  readonly driver: Driver;
  readonly database: string | undefined;
  private readonly bookmarks: BookmarkManager = neo4j.bookmarkManager();

  constructor(credentials: Credentials) {
    this.database = credentials.database;
    this.driver = neo4j.driver(
      credentials.uri,
      neo4j.auth.basic(credentials.user, credentials.password),
      {
        // Fail fast when the server is gone instead of queueing requests for a minute.
        connectionTimeout: 2_000,
        connectionAcquisitionTimeout: 5_000,
        maxTransactionRetryTime: 2_000,
        disableLosslessIntegers: false,
        userAgent: 'entente/0.1',
      },
    );
  }

  /** A session of this database, in the process's causal chain (see the class comment). */
  session(mode: 'READ' | 'WRITE', options: { fetchSize?: number } = {}): Session {
    return this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
      ...(options.fetchSize === undefined ? {} : { fetchSize: options.fetchSize }),
    });
  }

  /** Where this process's causal chain stands: the bookmarks of its latest writes. */
  async latestBookmarks(): Promise<string[]> {
    return [...(await this.bookmarks.getBookmarks())];
  }

  /** Runs `work` in a read transaction (routing READ). */
  async read<T>(
    work: (tx: ManagedTransaction) => Promise<T>,
    options: { timeoutMs?: number; fetchSize?: number } = {},
  ): Promise<T> {
    const session = this.session('READ', options);
    try {
      return await session.executeRead(work, txConfig(options.timeoutMs));
    } catch (error) {
      throw translateDriverError(error);
    } finally {
      await session.close();
    }
  }

  /** Runs `work` in a write transaction (routing WRITE). */
  async write<T>(
    work: (tx: ManagedTransaction) => Promise<T>,
    options: { timeoutMs?: number } = {},
  ): Promise<T> {
    const session = this.session('WRITE');
    try {
      return await session.executeWrite(work, txConfig(options.timeoutMs));
    } catch (error) {
      throw translateDriverError(error);
    } finally {
      await session.close();
    }
  }

  /**
   * An auto-commit write; the only way to run `CALL { … } IN TRANSACTIONS`, which cannot
   * live inside an explicit transaction.
   */
  async autoCommit(cypher: string, params: Record<string, unknown> = {}): Promise<QueryResult> {
    const session = this.session('WRITE');
    try {
      return await session.run(cypher, params);
    } catch (error) {
      throw translateDriverError(error);
    } finally {
      await session.close();
    }
  }

  /** A single read query; convenience for repositories. */
  async readQuery<R extends RecordShape = RecordShape>(
    cypher: string,
    params: Record<string, unknown> = {},
  ): Promise<QueryResult<R>> {
    return this.read((tx) => tx.run<R>(cypher, params));
  }

  /** Version, edition and database name, answered within `timeoutMs` or rejected. */
  async describe(timeoutMs = 2_000): Promise<ServerDescription> {
    const query = this.read(async (tx) => {
      const components = await tx.run(
        'CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition',
      );
      const current = await tx.run('CALL db.info() YIELD name RETURN name');
      const first = components.records[0];
      return {
        version: String(first?.get('version') ?? 'unknown'),
        edition: String(first?.get('edition') ?? 'unknown'),
        database: String(current.records[0]?.get('name') ?? this.database ?? 'neo4j'),
      };
    });
    return withTimeout(query, timeoutMs, () =>
      unavailable(`Neo4j did not answer within ${timeoutMs} ms`),
    );
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

function txConfig(timeoutMs: number | undefined) {
  return timeoutMs === undefined ? undefined : { timeout: timeoutMs };
}

export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  onTimeout: () => Error,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const UNAVAILABLE_CODES = new Set(['ServiceUnavailable', 'SessionExpired']);

/** Neo4j is up but has no room right now: other queries hold the memory or the slots. */
const BUSY_CODES = new Set([
  'Neo.TransientError.General.MemoryPoolOutOfMemoryError',
  'Neo.TransientError.General.OutOfMemoryError',
  'Neo.TransientError.Transaction.MaximumTransactionLimitReached',
]);

const busy = (message: string, cause: unknown) =>
  new AppError('DATABASE_BUSY', message, 503, { retriable: true, cause });

/** Translates driver errors once, so callers only ever see AppError. */
export function translateDriverError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Neo4jError) {
    if (
      UNAVAILABLE_CODES.has(error.code) ||
      error.code.startsWith('Neo.TransientError.General.DatabaseUnavailable')
    ) {
      return unavailable('The graph database is unreachable; try again shortly.', error);
    }
    if (error.message.startsWith('Connection acquisition timed out')) {
      return busy('Every connection to the graph database is in use; try again shortly.', error);
    }
    // One query past its own limit is the query's doing (4xx); the shared pool running dry
    // is load (503). Neo4j 5 reports both as a memory-pool error, naming the setting hit.
    const perTransaction =
      error.code === 'Neo.ClientError.General.TransactionOutOfMemoryError' ||
      (error.code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError' &&
        error.message.includes('db.memory.transaction.max'));
    if (perTransaction) {
      return new AppError(
        'QUERY_MEMORY_LIMIT',
        'This query needs more memory than the database allows one query; ask for less (add LIMIT, return fewer or smaller values).',
        422,
        { cause: error, details: { neo4jCode: error.code } },
      );
    }
    if (error.code === 'Neo.TransientError.General.StackOverFlowError') {
      return new AppError('QUERY_TOO_COMPLEX', 'The query is nested too deeply to run.', 400, {
        cause: error,
        details: { neo4jCode: error.code },
      });
    }
    if (BUSY_CODES.has(error.code)) {
      return busy(
        'The graph database has no memory or transaction slots free right now; try again shortly.',
        error,
      );
    }
    if (error.code === 'Neo.ClientError.Security.Unauthorized') {
      return new AppError(
        'DATABASE_AUTH_FAILED',
        'Neo4j rejected the configured credentials.',
        503,
        {
          cause: error,
        },
      );
    }
    if (error.code.startsWith('Neo.ClientError.Statement.SyntaxError')) {
      return badRequest('CYPHER_SYNTAX_ERROR', error.message, { neo4jCode: error.code });
    }
    if (
      error.code === 'Neo.ClientError.Transaction.TransactionTimedOut' ||
      error.code === 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration'
    ) {
      return new AppError(
        'QUERY_TIMEOUT',
        'The query ran past its time limit and was stopped.',
        408,
        {
          cause: error,
        },
      );
    }
    if (error.code.startsWith('Neo.ClientError.')) {
      return badRequest('CYPHER_ERROR', error.message, { neo4jCode: error.code });
    }
  }
  return error;
}
