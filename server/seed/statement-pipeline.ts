import { Neo4jError, type ResultSummary, type Session, type Transaction } from 'neo4j-driver';
import type { SeedStatement } from '../cypher/statement-splitter.ts';
import type { SeedLoadOptions, SeedProgress, SeedScan } from './seed-plan.ts';
import { batchText, LITERAL_PARAM_PREFIX, type StatementAnalysis } from './statement-analysis.ts';

/**
 * The statement pipeline: statements are sent without awaiting each one, gathered into
 * same-shape batches where that is safe, and their answers read a window at a time;
 * a failure carries what is needed to point at the statement in the file.
 */

export function addCounters(into: Record<string, number>, summary: ResultSummary): void {
  const updates = summary.counters.updates() as Record<string, number>;
  for (const [key, value] of Object.entries(updates)) {
    if (value !== 0) into[key] = (into[key] ?? 0) + value;
  }
}

export function isStatementError(error: unknown): error is Neo4jError {
  return (
    error instanceof Neo4jError &&
    (error.code.startsWith('Neo.ClientError.') ||
      error.code.startsWith('Neo.DatabaseError.Statement') ||
      // e.g. ConstraintCreationFailed: existing data breaks the constraint, or the edition lacks it.
      error.code.startsWith('Neo.DatabaseError.Schema') ||
      error.code === 'Neo.TransientError.Transaction.DeadlockDetected')
  );
}

export function pick(values: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (name in values) picked[name] = values[name];
  return picked;
}

/** A statement that failed, with what is needed to point at it in the file. */
export class StatementFailure extends Error {
  constructor(
    readonly statement: SeedStatement,
    override readonly cause: unknown,
    /** Lines the loader put before the statement (`EXPLAIN\n`). */
    readonly prefixLines: number,
    /** Whether literals were sent as parameters. */
    readonly rewritten: boolean,
    readonly literals: Record<string, unknown>,
    readonly params: Record<string, unknown>,
    readonly referenced: string[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Commits; a failure at commit (a constraint that cannot be created over existing data
 * fails here) is blamed on the transaction's last statement, so it too gets a position.
 */
export async function commitBlaming(
  tx: Transaction,
  last: SeedStatement | undefined,
): Promise<void> {
  try {
    await tx.commit();
  } catch (error) {
    if (!last || !isStatementError(error)) throw error;
    throw new StatementFailure(last, error, 0, false, {}, {}, []);
  }
}

/** Reports statements done per phase to the caller's progress callback. */
export class Progress {
  private done = 0;

  constructor(
    private readonly scan: SeedScan,
    private readonly phase: SeedProgress['phase'],
    private readonly onProgress: SeedLoadOptions['onProgress'],
  ) {}

  async flush(pipe: Pipeline): Promise<void> {
    this.done += await pipe.flush();
    this.onProgress?.({
      file: this.scan.name,
      phase: this.phase,
      done: this.done,
      total: this.scan.statements,
    });
  }
}

interface Pending {
  statement: SeedStatement;
  analysis: StatementAnalysis;
  fileParams: Record<string, unknown>;
  /** Statements in the entry: 1, or a batch's row count. */
  count: number;
  batch: boolean;
  result: Promise<ResultSummary>;
}

/** A batch of same-shape statements failed; which one is found by running them singly. */
export class BatchFailure extends Error {}

/**
 * Sends statements without awaiting each one (the driver pipelines them on the
 * connection), then awaits a whole window: one round trip per window, not per statement.
 */
export class Pipeline {
  private pending: Pending[] = [];

  constructor(
    private readonly runner: Pick<Transaction, 'run'> | Pick<Session, 'run'>,
    private readonly window: number,
    /** 1 to EXPLAIN instead of running. */
    private readonly prefixLines: 0 | 1,
    private readonly onSummary: (summary: ResultSummary) => void,
  ) {}

  private queued = 0;
  /** The last statement sent, to blame a failure at commit on. */
  lastStatement: SeedStatement | undefined;

  get full(): boolean {
    return this.queued >= this.window;
  }

  add(
    statement: SeedStatement,
    analysis: StatementAnalysis,
    fileParams: Record<string, unknown>,
  ): void {
    const rewritten = analysis.parameterised;
    const text = rewritten ? rewritten.text : statement.text;
    const params = pick(fileParams, analysis.parameters);
    if (rewritten) Object.assign(params, rewritten.params);
    this.send(text, params, { statement, analysis, fileParams, count: 1, batch: false });
  }

  /** Many statements of one shape: one row of literals each. */
  addBatch(
    first: SeedStatement,
    analysis: StatementAnalysis,
    fileParams: Record<string, unknown>,
    rows: Record<string, unknown>[],
  ): void {
    const params = pick(fileParams, analysis.parameters);
    params[`${LITERAL_PARAM_PREFIX}Rows`] = rows;
    const text = batchText(analysis.parameterised?.text ?? first.text);
    this.send(text, params, {
      statement: first,
      analysis,
      fileParams,
      count: rows.length,
      batch: true,
    });
  }

  private send(
    text: string,
    params: Record<string, unknown>,
    entry: Omit<Pending, 'result'>,
  ): void {
    this.lastStatement = entry.statement;
    const query = this.prefixLines ? `EXPLAIN\n${text}` : text;
    // The driver records a stack trace for every result; formatting one costs more than
    // sending the statement. Our errors point into the file instead.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let result: Promise<ResultSummary>;
    try {
      result = this.runner.run(query, params).summary();
    } finally {
      Error.stackTraceLimit = limit;
    }
    // Failures are read in order by flush(); this keeps Node from calling them unhandled.
    result.catch(() => undefined);
    this.pending.push({ ...entry, result });
    this.queued += entry.count;
  }

  /** Awaits the window; throws the first failure (later ones only echo it). */
  async flush(): Promise<number> {
    const batch = this.pending;
    const count = this.queued;
    this.pending = [];
    this.queued = 0;
    const settled = await Promise.allSettled(batch.map((p) => p.result));
    for (let i = 0; i < settled.length; i++) {
      const outcome = settled[i]!;
      const { statement, analysis, fileParams } = batch[i]!;
      if (outcome.status === 'rejected') {
        if (batch[i]!.batch) throw new BatchFailure(String(outcome.reason));
        throw new StatementFailure(
          statement,
          outcome.reason,
          this.prefixLines,
          analysis.parameterised !== undefined,
          analysis.parameterised?.params ?? {},
          fileParams,
          analysis.parameters,
        );
      }
      this.onSummary(outcome.value);
    }
    return count;
  }
}

/** Gathers consecutive statements of one shape into batches for the pipeline. */
export class Batcher {
  private rows: Record<string, unknown>[] = [];
  private first: { statement: SeedStatement; analysis: StatementAnalysis } | undefined;
  private fileParams: Record<string, unknown> = {};

  constructor(
    private readonly pipe: Pipeline,
    private readonly size: number,
  ) {}

  add(
    statement: SeedStatement,
    analysis: StatementAnalysis,
    fileParams: Record<string, unknown>,
  ): void {
    const shape = analysis.coalescable ? analysis.parameterised?.text : undefined;
    if (this.size <= 1 || shape === undefined) {
      this.end();
      this.pipe.add(statement, analysis, fileParams);
      return;
    }
    if (this.first && this.first.analysis.parameterised?.text !== shape) this.end();
    if (!this.first) {
      this.first = { statement, analysis };
      this.fileParams = fileParams;
    }
    this.rows.push(analysis.parameterised?.params ?? {});
    if (this.rows.length >= this.size) this.end();
  }

  /** Sends what is gathered: a lone statement as itself, more as one batch. */
  end(): void {
    const first = this.first;
    if (!first) return;
    if (this.rows.length === 1) this.pipe.add(first.statement, first.analysis, this.fileParams);
    else this.pipe.addBatch(first.statement, first.analysis, this.fileParams, this.rows);
    this.first = undefined;
    this.rows = [];
  }
}
