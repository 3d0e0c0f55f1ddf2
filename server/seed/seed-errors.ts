import { AppError, type ErrorCode } from '../errors.ts';

export interface SeedErrorDetails {
  file: string;
  line: number;
  col: number;
  /** 1-based ordinal of the failing statement, when one failed. */
  statement?: number;
  /** Neo4j's status code, when the database refused the statement. */
  neo4jCode?: string;
  /** A non-atomic file failed after some of its transactions had committed. */
  partiallyApplied?: boolean;
}

/**
 * A seed file problem, always with its `file:line:col`. Bad input is a 4xx: a broken file
 * is the author's mistake, not the server's.
 */
export class SeedError extends AppError {
  constructor(
    code: ErrorCode,
    readonly problem: string,
    where: SeedErrorDetails,
    options: { status?: number; cause?: unknown } = {},
  ) {
    super(code, `${where.file}:${where.line}:${where.col}: ${problem}`, options.status ?? 400, {
      details: where,
      cause: options.cause,
    });
    this.name = 'SeedError';
  }

  override get details(): SeedErrorDetails {
    return this.options.details as SeedErrorDetails;
  }

  /** The same error, saying that nothing of the file was written. */
  nothingWritten(): SeedError {
    return new SeedError(
      this.code,
      `${this.problem}; nothing of the file was written`,
      { ...this.details, partiallyApplied: false },
      { status: this.status, cause: this.cause },
    );
  }

  /** The same error, saying that earlier transactions of the file were committed. */
  partiallyApplied(committed: number): SeedError {
    return new SeedError(
      this.code,
      `${this.problem} (the file is not atomic: ${committed} earlier transaction(s) of it were committed)`,
      { ...this.details, partiallyApplied: true },
      { status: this.status, cause: this.cause },
    );
  }
}

export const SEED_ERROR_CODES = {
  /** The file cannot be split into statements (unterminated string, unknown :command…). */
  parse: 'SEED_PARSE_ERROR',
  /** Neo4j refused a statement: syntax, semantics, or a failure while running it. */
  statement: 'SEED_STATEMENT_FAILED',
  /** LOAD CSV or a file/URL procedure without --allow-file-access. */
  fileAccess: 'SEED_FILE_ACCESS_REFUSED',
  /** The file was applied before with other contents. */
  checksum: 'SEED_CHECKSUM_CHANGED',
  /** :begin/:commit/:rollback out of order. */
  transaction: 'SEED_TRANSACTION_BLOCK',
  /** Administration, `USE`, or reserved `__` names: never run from a seed file. */
  refused: 'SEED_STATEMENT_REFUSED',
  /** A statement longer than the loader accepts. */
  tooLarge: 'SEED_STATEMENT_TOO_LARGE',
  /** The file changed the app's own `__` records (the ledger) at run time. */
  reserved: 'SEED_RESERVED_DATA_TOUCHED',
} as const;
