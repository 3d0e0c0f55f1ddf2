// A little over 400 lines on purpose: apply, dry run and validation share one ledger lock
// and one walk over the file (see the class comment); the rest lives beside it in seed/.
import type { ResultSummary, Session, Transaction } from 'neo4j-driver';
import type { Database } from '../db/database.ts';
import { explainFailure } from './error-location.ts';
import { fileSteps } from './file-steps.ts';
import { rehearseInParts } from './part-rehearsal.ts';
import { explainFile, whyNotRehearse } from './rehearsal.ts';
import { SEED_ERROR_CODES, SeedError } from './seed-errors.ts';
import { type LedgerEntry, SeedLedger } from './seed-ledger.ts';
import { FileParams } from './seed-params.ts';
import {
  decide,
  deletionsOf,
  ledgerEntry,
  outcomeOf,
  planFile,
  type SeedBatchResult,
  type SeedLoadOptions,
  type SeedOutcome,
  type SeedScan,
  type SeedSource,
  skipped,
  warningsOf,
} from './seed-plan.ts';
import {
  addCounters,
  Batcher,
  BatchFailure,
  commitBlaming,
  Pipeline,
  Progress,
  StatementFailure,
} from './statement-pipeline.ts';

export {
  fileSource,
  isRepeatable,
  textSource,
  type SeedBatchResult,
  type SeedLoadOptions,
  type SeedMode,
  type SeedOutcome,
  type SeedProgress,
  type SeedScan,
  type SeedSource,
} from './seed-plan.ts';

/** Statements sent before awaiting their answers; the driver pipelines them on one connection. */
const DEFAULT_WINDOW = 1_000;
/** Statements of one shape sent as one UNWIND batch (0 turns batching off). */
const DEFAULT_BATCH = 500;

/**
 * Loads Cypher seed files: validated, applied atomically where Neo4j allows, recorded in
 * the ledger, never twice. The CLI, start-up and the HTTP upload all go through here.
 * The file plan (seed-plan.ts), the statement pipeline (statement-pipeline.ts), `:param`
 * values (seed-params.ts) and error location (error-location.ts) live apart; this file
 * keeps the three ways a plan runs (one transaction, in parts, EXPLAIN only) together
 * because they share one ledger lock, which is why it is a little over 400 lines.
 */
export class SeedLoader {
  readonly ledger: SeedLedger;
  private readonly window: number;
  private readonly batchSize: number;
  /** The ledger's constraints, made once per loader rather than once per file. */
  private ledgerReady: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    options: { window?: number; batchSize?: number } = {},
  ) {
    this.ledger = new SeedLedger(db);
    this.window = options.window ?? DEFAULT_WINDOW;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
  }

  /** Reads a file once, without the database: checksum, statement count, how it must run. */
  scan(source: SeedSource, options: { allowFileAccess?: boolean } = {}): Promise<SeedScan> {
    return planFile(source, options);
  }

  /** Loads files in order; stops at the first failure (later files may build on it). */
  async loadAll(sources: SeedSource[], options: SeedLoadOptions = {}): Promise<SeedBatchResult> {
    const outcomes: SeedOutcome[] = [];
    // One read of the ledger answers the usual start, where every file is applied and
    // unchanged, without taking a lock per file.
    const known = new Map((await this.ledger.entries()).map((entry) => [entry.name, entry]));
    for (const source of sources) {
      try {
        outcomes.push(await this.load(source, options, known));
      } catch (error) {
        return {
          outcomes,
          failure: {
            name: source.name,
            error: error instanceof Error ? error : new Error(String(error)),
          },
        };
      }
    }
    return { outcomes, failure: undefined };
  }

  /** Loads one file. Throws SeedError (with file:line:col) when it is refused or fails. */
  async load(
    source: SeedSource,
    options: SeedLoadOptions = {},
    known?: ReadonlyMap<string, LedgerEntry>,
  ): Promise<SeedOutcome> {
    try {
      return await this.loadOnce(source, options, known);
    } catch (error) {
      // Say what was and was not applied: a partial failure already says how much.
      if (error instanceof SeedError && error.details.partiallyApplied !== true) {
        throw error.nothingWritten();
      }
      throw error;
    }
  }

  private async loadOnce(
    source: SeedSource,
    options: SeedLoadOptions,
    known: ReadonlyMap<string, LedgerEntry> | undefined,
  ): Promise<SeedOutcome> {
    const scan = await planFile(source, options);
    // A finished entry with the same checksum is final: no lock can change that answer.
    const seen = known?.get(scan.ledgerKey);
    if (seen && seen.sha256 === scan.sha256 && seen.committedParts === undefined) {
      return skipped(scan, seen);
    }
    if (options.dryRun) {
      // A dry run changes nothing, not even the ledger's constraints.
      const previous = (await this.ledger.entries()).find((e) => e.name === scan.ledgerKey);
      const decision = decide(scan, previous, options);
      if (decision === 'skip') return skipped(scan, previous);
      return this.dryRun(source, scan, options, decision === 'reapply');
    }

    this.ledgerReady ??= this.ledger.ensureSchema().catch((error: unknown) => {
      this.ledgerReady = undefined;
      throw error;
    });
    await this.ledgerReady;
    const lock = await this.ledger.lock(scan.ledgerKey);
    try {
      const decision = decide(scan, lock.entry, options);
      if (decision === 'skip') return skipped(scan, lock.entry);
      const resumeAfter = decision === 'resume' ? (lock.entry?.committedParts ?? 0) : 0;
      return await this.apply(source, scan, options, decision === 'reapply', resumeAfter);
    } finally {
      await lock.release().catch(() => undefined);
    }
  }

  private async dryRun(
    source: SeedSource,
    scan: SeedScan,
    options: SeedLoadOptions,
    reapplied: boolean,
  ): Promise<SeedOutcome> {
    const started = performance.now();
    const notRehearsedBecause = await whyNotRehearse(this.db, scan);
    if (notRehearsedBecause) {
      await explainFile(this.db, source, scan, { ...options, window: this.window }, () =>
        this.session(),
      );
      return {
        ...outcomeOf(scan, 'dry-run', reapplied),
        counters: null,
        durationMs: performance.now() - started,
        notRehearsedBecause,
        deletions: deletionsOf(scan, null),
        warnings: warningsOf(scan, null),
      };
    }
    const { counters, notRehearsed } =
      scan.mode === 'single'
        ? {
            counters: await this.runSingle(source, scan, options, { commit: false }),
            notRehearsed: [],
          }
        : await rehearseInParts(this.db, source, scan, { ...options, window: this.window }, () =>
            this.session(),
          );
    return {
      ...outcomeOf(scan, 'dry-run', reapplied),
      counters,
      durationMs: performance.now() - started,
      notRehearsed,
      deletions: deletionsOf(scan, counters),
      warnings: warningsOf(scan, counters),
    };
  }

  private async apply(
    source: SeedSource,
    scan: SeedScan,
    options: SeedLoadOptions,
    reapplied: boolean,
    resumeAfter = 0,
  ): Promise<SeedOutcome> {
    const started = performance.now();
    const counters =
      scan.mode === 'single'
        ? await this.runSingle(source, scan, options, { commit: true, started })
        : await this.runInParts(source, scan, options, resumeAfter);
    const durationMs = performance.now() - started;
    if (scan.mode !== 'single' || scan.hasSchema) {
      // Schema transactions cannot also write the ledger node: it follows in its own.
      await this.ledger.recordAlone(ledgerEntry(scan, counters, durationMs));
    }
    return {
      ...outcomeOf(scan, 'applied', reapplied),
      counters,
      durationMs,
      deletions: deletionsOf(scan, counters),
      warnings: [
        ...(resumeAfter > 0
          ? [
              `resumed after the ${resumeAfter} transaction(s) committed by an earlier, interrupted run`,
            ]
          : []),
        ...warningsOf(scan, counters),
      ],
    };
  }

  /**
   * The whole file in one transaction, pipelined; the ledger entry commits with it.
   * Statements of one shape go as one batch (see Batcher); if anything fails, the file runs
   * again statement by statement, in order, so the error names the exact statement.
   */
  private async runSingle(
    source: SeedSource,
    scan: SeedScan,
    options: SeedLoadOptions,
    how: { commit: boolean; started?: number },
    coalesce = true,
  ): Promise<Record<string, number>> {
    const counters: Record<string, number> = {};
    const session = this.session();
    const tx = session.beginTransaction({
      metadata: { app: 'entente-seed', file: scan.name },
      ...timeoutOf(options),
    });
    const pipe = new Pipeline(tx, this.window, 0, (summary) => addCounters(counters, summary));
    const batcher = new Batcher(pipe, coalesce ? this.batchSize : 0);
    const params = new FileParams(this.db, source.name);
    const progress = new Progress(scan, 'apply', options.onProgress);
    try {
      const ledgerBefore = await this.ledger.fingerprint(tx);
      for await (const step of fileSteps(source, scan, params, () => batcher.end())) {
        if (step.kind !== 'statement') continue;
        batcher.add(step.statement, step.analysis, step.params);
        if (pipe.full) await progress.flush(pipe);
      }
      batcher.end();
      await progress.flush(pipe);
      if ((await this.ledger.fingerprint(tx)) !== ledgerBefore) throw ledgerTouched(scan);
      if (how.commit && !scan.hasSchema) {
        const durationMs = performance.now() - (how.started ?? performance.now());
        await this.ledger.record(tx, ledgerEntry(scan, counters, durationMs));
      }
      if (how.commit) await commitBlaming(tx, pipe.lastStatement);
      else await tx.rollback();
      return counters;
    } catch (error) {
      await tx.rollback().catch(() => undefined);
      // Batches (and statements sent out of file order) failed: run the file again
      // statement by statement, in order, so the error names the first failing statement.
      if (coalesce && (error instanceof BatchFailure || error instanceof StatementFailure)) {
        await session.close();
        return this.runSingle(source, scan, options, how, false);
      }
      throw await explainFailure(error, source.name, () => this.session());
    } finally {
      await session.close();
    }
  }

  /**
   * Segments or as-written: each transaction as the mode says. There is no EXPLAIN pass
   * first (schema changes between parts would make Neo4j plan every statement again): a
   * failure names its statement and how many transactions were committed, and a dry run
   * rehearses the file beforehand. Every
   * committed transaction is counted in the ledger entry — inside that transaction where
   * Neo4j allows it (data), right after it otherwise (schema, auto-commit) — so a run that
   * is interrupted resumes after the last committed transaction instead of repeating it.
   */
  private async runInParts(
    source: SeedSource,
    scan: SeedScan,
    options: SeedLoadOptions,
    resumeAfter: number,
  ): Promise<Record<string, number>> {
    const counters: Record<string, number> = {};
    const onSummary = (summary: ResultSummary) => addCounters(counters, summary);
    const txSession = this.session();
    const autoSession = this.session();
    const params = new FileParams(this.db, source.name);
    const progress = new Progress(scan, 'apply', options.onProgress);
    const ledgerAtStart = await this.ledger.entries();
    const ledgerNow = () => this.db.read((t) => this.ledger.fingerprint(t));
    let ledgerExpected = await ledgerNow();
    let tx: Transaction | undefined;
    let pipe: Pipeline | undefined;
    let ledgerBefore = '';
    let txHasSchema = false;
    let inBlock = false;
    let segmentIsSchema: boolean | undefined;
    /** Transactions of the file seen so far; those up to `resumeAfter` are skipped. */
    let part = 0;
    let committed = 0;
    const progressEntry = (): Omit<LedgerEntry, 'appliedAt'> => ({
      ...ledgerEntry(scan, counters, 0),
      committedParts: part,
    });
    const open = async () => {
      part++;
      if (part <= resumeAfter) return;
      tx = txSession.beginTransaction({
        metadata: { app: 'entente-seed', file: scan.name },
        ...timeoutOf(options),
      });
      pipe = new Pipeline(tx, this.window, 0, onSummary);
      txHasSchema = false;
      ledgerBefore = await this.ledger.fingerprint(tx);
    };
    const close = async (commit: boolean) => {
      if (!tx || !pipe) return;
      await progress.flush(pipe);
      const running = tx;
      const last = pipe.lastStatement;
      tx = undefined;
      pipe = undefined;
      if (!commit) return running.rollback();
      if ((await this.ledger.fingerprint(running)) !== ledgerBefore) throw ledgerTouched(scan);
      if (txHasSchema) {
        // A schema transaction cannot also write the ledger node: it follows in its own.
        await commitBlaming(running, last);
        await this.ledger.recordAlone(progressEntry());
      } else {
        await this.ledger.record(running, progressEntry());
        await commitBlaming(running, last);
      }
      committed++;
      ledgerExpected = await ledgerNow();
    };
    try {
      const flushBeforeParam = async () => {
        if (pipe) await progress.flush(pipe);
      };
      for await (const item of fileSteps(source, scan, params, flushBeforeParam)) {
        if (item.kind === 'begin') {
          inBlock = true;
          await open();
        } else if (item.kind === 'commit' || item.kind === 'rollback') {
          inBlock = false;
          await close(item.kind === 'commit');
        } else if (item.kind === 'statement') {
          const { statement, analysis } = item;
          if (scan.mode === 'segments') {
            if (segmentIsSchema !== analysis.schema) {
              await close(true);
              segmentIsSchema = analysis.schema;
              await open();
            }
          }
          if (pipe) {
            txHasSchema ||= analysis.schema;
            pipe.add(statement, analysis, item.params);
            if (pipe.full) await progress.flush(pipe);
          } else if (scan.mode === 'as-written' && !inBlock) {
            // Outside a block: auto-commit, as cypher-shell does (and IN TRANSACTIONS needs).
            part++;
            if (part <= resumeAfter) continue;
            const auto = new Pipeline(autoSession, 1, 0, onSummary);
            auto.add(statement, analysis, item.params);
            await progress.flush(auto);
            if ((await ledgerNow()) !== ledgerExpected) {
              // An auto-commit statement cannot be rolled back: put the ledger back, then stop.
              await this.ledger.restore(ledgerAtStart);
              await this.ledger.recordAlone(progressEntry());
              throw ledgerTouched(scan);
            }
            await this.ledger.recordAlone(progressEntry());
            committed++;
            ledgerExpected = await ledgerNow();
          }
          // Otherwise the statement belongs to a transaction committed by an earlier run.
        }
      }
      await close(true);
      return counters;
    } catch (error) {
      await tx?.rollback().catch(() => undefined);
      const explained = await explainFailure(error, source.name, () => this.session());
      throw committed + resumeAfter > 0 && explained instanceof SeedError
        ? explained.partiallyApplied(committed + resumeAfter)
        : explained;
    } finally {
      await txSession.close();
      await autoSession.close();
    }
  }

  private session(): Session {
    return this.db.session('WRITE');
  }
}

const timeoutOf = (options: SeedLoadOptions) =>
  options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };

function ledgerTouched(scan: SeedScan): SeedError {
  return new SeedError(
    SEED_ERROR_CODES.reserved,
    "a statement of this file changed the seed ledger (the app's own `__SeedFile` records, e.g. by deleting every node); that transaction was rolled back",
    { file: scan.name, line: 1, col: 1 },
  );
}
