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
  /** The literals sent as parameters, when the statement went with its shape's text. */
  literals?: Record<string, unknown>;
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

  /** Shapes already sent once, as written. */
  private seenShapes = new Set<string>();

  /**
   * One statement. The first of its shape goes as written: it plans faster and fails with
   * the file's own characters. Later ones go with their literals as parameters, so their
   * text is the same each time and Neo4j finds the plan by it; sent as written, each
   * different text is parsed again (a file of 40,000 one-node MERGEs of 97 shapes ran at
   * about 330 statements/s that way).
   */
  add(
    statement: SeedStatement,
    analysis: StatementAnalysis,
    fileParams: Record<string, unknown>,
  ): void {
    const params = pick(fileParams, analysis.parameters);
    const shape = analysis.parameterised;
    const entry = { statement, analysis, fileParams, count: 1, batch: false };
    if (shape && this.seenShapes.has(shape.text)) {
      this.send(shape.text, { ...params, ...shape.params }, { ...entry, literals: shape.params });
      return;
    }
    if (shape) this.seenShapes.add(shape.text);
    this.send(statement.text, params, entry);
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
      const { statement, analysis, fileParams, literals } = batch[i]!;
      if (outcome.status === 'rejected') {
        if (batch[i]!.batch) throw new BatchFailure(String(outcome.reason));
        throw new StatementFailure(
          statement,
          outcome.reason,
          this.prefixLines,
          literals !== undefined,
          literals ?? {},
          fileParams,
          analysis.parameters,
        );
      }
      this.onSummary(outcome.value);
    }
    return count;
  }
}

interface Group {
  statement: SeedStatement;
  analysis: StatementAnalysis;
  fileParams: Record<string, unknown>;
  rows: Record<string, unknown>[];
}

/**
 * Gathers same-shape statements into batches for the pipeline. Consecutive statements of
 * one shape always gather. Statements that only write relationships of one type between
 * matched nodes also gather across statements of other relationship types (they touch
 * disjoint data, see relationship-writes.ts), so a file whose types alternate batches as
 * well as one grouped by type; statements of one type keep their order.
 */
export class Batcher {
  /** Open batches by shape, oldest first. */
  private groups = new Map<string, Group>();
  /** The shape of the open batch of each relationship type. */
  private shapeOfType = new Map<string, string>();
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
    const type = analysis.commutesBy;
    const open = this.groups.get(shape);
    if (type === undefined) {
      // Only the batch just before may take it.
      if (!open || this.groups.size > 1) this.end();
    } else if (!open) {
      if ([...this.groups.values()].some((g) => g.analysis.commutesBy === undefined)) this.end();
      // Another shape of this type is open: it goes first, to keep the type's order.
      const before = this.shapeOfType.get(type);
      if (before !== undefined) this.send(before);
    }
    let group = this.groups.get(shape);
    if (!group) {
      group = { statement, analysis, fileParams, rows: [] };
      this.groups.set(shape, group);
      if (type !== undefined) this.shapeOfType.set(type, shape);
    }
    group.rows.push(analysis.parameterised?.params ?? {});
    if (group.rows.length >= this.size) this.send(shape);
  }

  /** Sends everything gathered. */
  end(): void {
    for (const shape of [...this.groups.keys()]) this.send(shape);
  }

  /** Sends one batch: a lone statement as itself, more as one UNWIND. */
  private send(shape: string): void {
    const group = this.groups.get(shape);
    if (!group) return;
    this.groups.delete(shape);
    const type = group.analysis.commutesBy;
    if (type !== undefined && this.shapeOfType.get(type) === shape) this.shapeOfType.delete(type);
    const { statement, analysis, fileParams, rows } = group;
    if (rows.length === 1) this.pipe.add(statement, analysis, fileParams);
    else this.pipe.addBatch(statement, analysis, fileParams, rows);
  }
}
