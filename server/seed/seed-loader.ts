import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import neo4j, {
  Neo4jError,
  type ResultSummary,
  type Session,
  type Transaction,
} from 'neo4j-driver';
import { type Database, translateDriverError } from '../db/database.ts';
import { SEED_ERROR_CODES, SeedError } from './seed-errors.ts';
import { type LedgerEntry, SeedLedger } from './seed-ledger.ts';
import {
  analyseStatement,
  batchText,
  LITERAL_PARAM_PREFIX,
  type StatementAnalysis,
} from './statement-analysis.ts';
import { locateInFile, positionIn } from '../cypher/positions.ts';
import { quoteName } from '../repositories/cypher-names.ts';
import {
  type ParamCommand,
  parseSeedChunks,
  SeedParseError,
  type SeedStatement,
} from '../cypher/statement-splitter.ts';
import { SeedChecksum } from './seed-checksum.ts';

/** A seed file by name, readable as a stream of text chunks (any number of times). */
export interface SeedSource {
  /** The `file` in every error: the file's base name. */
  name: string;
  /** The ledger key, when it is not the name (uploads keep their own namespace). */
  ledgerKey?: string;
  read(): AsyncIterable<string> | Iterable<string>;
}

export const fileSource = (path: string): SeedSource => ({
  name: basename(path),
  // UTF-8 chunks; multi-byte characters across chunk edges stay whole.
  read: () => createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }),
});

export const textSource = (name: string, text: string, ledgerKey?: string): SeedSource => ({
  name,
  ...(ledgerKey ? { ledgerKey } : {}),
  read: () => [text],
});

/**
 * How a file runs. `single`: one transaction, all or nothing. `segments`: schema and data
 * statements alternate, and Neo4j keeps those in separate transactions. `as-written`:
 * `:begin`/`:commit` blocks are honoured and other statements auto-commit one by one, which
 * `CALL { … } IN TRANSACTIONS` requires.
 */
export type SeedMode = 'single' | 'segments' | 'as-written';

export interface SeedScan {
  name: string;
  ledgerKey: string;
  sha256: string;
  statements: number;
  mode: SeedMode;
  atomic: boolean;
  /** Why the file cannot apply in one transaction, when it cannot. */
  notAtomicBecause: string | undefined;
  hasSchema: boolean;
  /** What a dry run needs to know to rehearse the file without leaving anything behind. */
  rehearsal: {
    names: { labels: Set<string>; types: Set<string>; keys: Set<string> };
    /** Why the written names cannot all be read from the text, when they cannot. */
    dynamicAt: { line: number; col: number } | undefined;
    readsFiles: boolean;
  };
  /** Statements that delete (DELETE, DETACH DELETE, REMOVE) and where the first one is. */
  deletions: { statements: number; first: { line: number; col: number } | undefined };
}

export interface SeedProgress {
  file: string;
  phase: 'validate' | 'apply';
  done: number;
  total: number;
}

export interface SeedLoadOptions {
  /** Validate and apply inside a transaction that is rolled back; report the counters. */
  dryRun?: boolean;
  /** Apply a file whose checksum changed since it was applied. */
  force?: boolean;
  /** Permit LOAD CSV and procedures that read files or URLs. */
  allowFileAccess?: boolean;
  /** Neo4j ends each of the file's transactions after this long (uploads are bounded). */
  timeoutMs?: number;
  /** Who asks: messages name that caller's way of overriding (`--force` or `force=true`). */
  caller?: 'cli' | 'http';
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedOutcome {
  name: string;
  sha256: string;
  /** applied; skipped (applied before, unchanged); dry-run (nothing written). */
  status: 'applied' | 'skipped' | 'dry-run';
  statements: number;
  atomic: boolean;
  notAtomicBecause: string | undefined;
  /** What the file created/set/removed; null for a dry run that could only validate. */
  counters: Record<string, number> | null;
  durationMs: number;
  /** A changed file applied anyway (--force or a repeatable file). */
  reapplied: boolean;
  /** For a dry run that only validated: why it could not rehearse the file. */
  notRehearsedBecause: string | undefined;
  /** What the reader should look at before applying, such as deletions. */
  warnings: string[];
}

export interface SeedBatchResult {
  outcomes: SeedOutcome[];
  /** The first file that failed; later files were not attempted. */
  failure: { name: string; error: Error } | undefined;
}

/** Files named `R__…` are repeatable: re-applied whenever they change. */
export const isRepeatable = (name: string) => name.startsWith('R__');

/** Statements sent before awaiting their answers; the driver pipelines them on one connection. */
const DEFAULT_WINDOW = 1_000;
/** Statements of one shape sent as one UNWIND batch (0 turns batching off). */
const DEFAULT_BATCH = 500;

/**
 * Loads Cypher seed files: validated, applied atomically where Neo4j allows, recorded in
 * the ledger, never twice. The CLI, start-up and the HTTP upload all go through here.
 */
export class SeedLoader {
  readonly ledger: SeedLedger;
  private readonly window: number;
  private readonly batchSize: number;

  constructor(
    private readonly db: Database,
    options: { window?: number; batchSize?: number } = {},
  ) {
    this.ledger = new SeedLedger(db);
    this.window = options.window ?? DEFAULT_WINDOW;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
  }

  /** Reads a file once, without the database: checksum, statement count, how it must run. */
  async scan(source: SeedSource, options: { allowFileAccess?: boolean } = {}): Promise<SeedScan> {
    const checksum = new SeedChecksum();
    let statements = 0;
    let blocks = 0;
    let openBlock: { line: number; col: number } | undefined;
    let outsideBlock = 0;
    let inTransactions: SeedStatement | undefined;
    let hasSchema = false;
    let hasData = false;
    let kindSwitches = 0;
    let lastKind: boolean | undefined;
    const names = { labels: new Set<string>(), types: new Set<string>(), keys: new Set<string>() };
    let dynamicAt: { line: number; col: number } | undefined;
    let readsFiles = false;
    const deletions: SeedScan['deletions'] = { statements: 0, first: undefined };
    try {
      for await (const item of parseSeedChunks(source.read())) {
        checksum.add(item);
        if (item.kind === 'begin') {
          if (openBlock) throw blockError(source.name, item, ':begin inside an open :begin');
          openBlock = item;
          blocks++;
        } else if (item.kind === 'commit' || item.kind === 'rollback') {
          if (!openBlock) throw blockError(source.name, item, `:${item.kind} without :begin`);
          openBlock = undefined;
        } else if (item.kind === 'param') {
          const analysis = analyseStatement(`RETURN ${item.expression}`);
          const start = { line: item.expressionLine, col: item.expressionCol - 'RETURN '.length };
          refuseIfNeeded(source.name, analysis, `RETURN ${item.expression}`, start, options);
          readsFiles ||= analysis.fileAccess !== undefined;
        } else if (item.kind === 'statement') {
          statements++;
          if (!openBlock) outsideBlock++;
          const analysis = analyseStatement(item.text);
          refuseIfNeeded(source.name, analysis, item.text, item, options, item.index + 1);
          for (const label of analysis.names.labels) names.labels.add(label);
          for (const type of analysis.names.types) names.types.add(type);
          for (const key of analysis.names.keys) names.keys.add(key);
          if (analysis.names.dynamic) dynamicAt ??= { line: item.line, col: item.col };
          readsFiles ||= analysis.fileAccess !== undefined;
          if (analysis.deletes) {
            deletions.statements++;
            deletions.first ??= positionIn(item.text, analysis.deletes.offset, item);
          }
          if (analysis.inTransactions) inTransactions ??= item;
          hasSchema ||= analysis.schema;
          hasData ||= !analysis.schema;
          if (lastKind !== undefined && lastKind !== analysis.schema) kindSwitches++;
          lastKind = analysis.schema;
        }
      }
    } catch (error) {
      if (error instanceof SeedParseError) {
        throw new SeedError(
          error.tooLarge ? SEED_ERROR_CODES.tooLarge : SEED_ERROR_CODES.parse,
          error.message,
          { file: source.name, line: error.line, col: error.col },
          { status: error.tooLarge ? 413 : 400 },
        );
      }
      throw error;
    }
    if (openBlock) throw blockError(source.name, openBlock, ':begin without :commit');

    let mode: SeedMode = 'single';
    let notAtomicBecause: string | undefined;
    if (inTransactions) {
      mode = 'as-written';
      notAtomicBecause = `CALL { … } IN TRANSACTIONS (line ${inTransactions.line}) commits as it goes`;
    } else if (blocks > 0) {
      mode = 'as-written';
      if (blocks > 1 || outsideBlock > 0) {
        notAtomicBecause = 'its :begin/:commit blocks commit separately';
      }
    } else if (kindSwitches > 0) {
      mode = 'segments';
      notAtomicBecause = `it mixes schema and data statements, which Neo4j runs in separate transactions (${kindSwitches + 1} transactions)`;
    }
    return {
      name: source.name,
      ledgerKey: source.ledgerKey ?? source.name,
      sha256: checksum.digest(),
      statements,
      mode,
      atomic: notAtomicBecause === undefined,
      notAtomicBecause,
      hasSchema,
      rehearsal: { names, dynamicAt, readsFiles },
      deletions,
    };
  }

  /** Loads files in order; stops at the first failure (later files may build on it). */
  async loadAll(sources: SeedSource[], options: SeedLoadOptions = {}): Promise<SeedBatchResult> {
    const outcomes: SeedOutcome[] = [];
    for (const source of sources) {
      try {
        outcomes.push(await this.load(source, options));
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
  async load(source: SeedSource, options: SeedLoadOptions = {}): Promise<SeedOutcome> {
    try {
      return await this.loadOnce(source, options);
    } catch (error) {
      // Say what was and was not applied: a partial failure already says how much.
      if (error instanceof SeedError && error.details.partiallyApplied !== true) {
        throw error.nothingWritten();
      }
      throw error;
    }
  }

  private async loadOnce(source: SeedSource, options: SeedLoadOptions): Promise<SeedOutcome> {
    const scan = await this.scan(source, options);
    if (options.dryRun) {
      // A dry run changes nothing, not even the ledger's constraints.
      const previous = (await this.ledger.entries()).find((e) => e.name === scan.ledgerKey);
      const decision = decide(scan, previous, options);
      if (decision === 'skip') return skipped(scan, previous);
      return this.dryRun(source, scan, options, decision === 'reapply');
    }

    await this.ledger.ensureSchema();
    const lock = await this.ledger.lock(scan.ledgerKey);
    try {
      const decision = decide(scan, lock.entry, options);
      if (decision === 'skip') return skipped(scan, lock.entry);
      if (!scan.atomic) await this.validate(source, scan, options);
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
    const notRehearsedBecause = await this.whyNotRehearse(scan);
    if (notRehearsedBecause) {
      await this.validate(source, scan, options);
      return {
        ...outcomeOf(scan, 'dry-run', reapplied),
        counters: null,
        durationMs: performance.now() - started,
        notRehearsedBecause,
        warnings: warningsOf(scan, null),
      };
    }
    const counters = await this.runSingle(source, scan, options, { commit: false });
    return {
      ...outcomeOf(scan, 'dry-run', reapplied),
      counters,
      durationMs: performance.now() - started,
      warnings: warningsOf(scan, counters),
    };
  }

  /**
   * The names Neo4j does not know yet. EXPLAIN of a query that mentions each of them
   * creates nothing and warns about every unknown one (the token store, not data, decides:
   * a label without nodes is still known, and rehearsing it leaves nothing new).
   */
  private async unknownNames(names: SeedScan['rehearsal']['names']): Promise<{
    labels: string[];
    'relationship types': string[];
    'property keys': string[];
  }> {
    const clauses = [
      ...[...names.labels].map((label) => `OPTIONAL MATCH (:${quoteName(label)})`),
      ...[...names.types].map((type) => `OPTIONAL MATCH ()-[:${quoteName(type)}]->()`),
    ];
    if (names.keys.size > 0) {
      const keys = [...names.keys].map((key) => `probe.${quoteName(key)} IS NULL`);
      clauses.push(`OPTIONAL MATCH (probe) WHERE ${keys.join(' OR ')}`);
    }
    const missing = { labels: [], 'relationship types': [], 'property keys': [] } as {
      labels: string[];
      'relationship types': string[];
      'property keys': string[];
    };
    if (clauses.length === 0) return missing;
    const result = await this.db.readQuery(`EXPLAIN ${clauses.join('\n')} RETURN 1 AS probe`);
    const kinds: Record<string, keyof typeof missing> = {
      'Neo.ClientNotification.Statement.UnknownLabelWarning': 'labels',
      'Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning': 'relationship types',
      'Neo.ClientNotification.Statement.UnknownPropertyKeyWarning': 'property keys',
    };
    for (const notification of result.summary.notifications) {
      const kind = kinds[notification.code];
      if (!kind) continue;
      const name = /is: (.*)\)\s*$/.exec(notification.description)?.[1] ?? '?';
      if (!missing[kind].includes(name)) missing[kind].push(name);
    }
    return missing;
  }

  /**
   * A dry run rehearses a file (runs it, then rolls back) only when that leaves nothing
   * behind: one transaction, no files or URLs read, and no label, relationship type or
   * property key that the database does not know yet — Neo4j keeps new names even when
   * the transaction that introduced them rolls back. Otherwise it validates with EXPLAIN.
   */
  private async whyNotRehearse(scan: SeedScan): Promise<string | undefined> {
    const { names, dynamicAt, readsFiles } = scan.rehearsal;
    if (scan.mode !== 'single') {
      return `it runs as several transactions, which cannot be rolled back as one (${scan.notAtomicBecause})`;
    }
    if (readsFiles) return 'it reads files or URLs, which a dry run never does';
    if (dynamicAt) {
      return `line ${dynamicAt.line} writes names that cannot be read from the text (a map parameter, a dynamic label or a procedure), and Neo4j keeps new names even after a rollback`;
    }
    const missing = await this.unknownNames(names);
    const parts = (['labels', 'relationship types', 'property keys'] as const)
      .map((what) => [what, missing[what]] as const)
      .filter(([, list]) => list.length > 0)
      .map(
        ([what, list]) =>
          `${what} ${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''}`,
      );
    if (parts.length === 0) return undefined;
    return `it would introduce names the database does not have yet (${parts.join('; ')}), and Neo4j keeps new names even after a rollback`;
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
   * Consecutive statements of one shape go as one batch; if a batch fails, the file runs
   * again statement by statement, so the error names the exact statement.
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
      for await (const item of parseSeedChunks(source.read())) {
        if (item.kind === 'param') {
          batcher.end();
          await params.set(item);
        } else if (item.kind === 'statement') {
          batcher.add(item, analyseStatement(item.text), params.values);
          if (pipe.full) await progress.flush(pipe);
        }
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
      if (error instanceof BatchFailure) {
        await session.close();
        return this.runSingle(source, scan, options, how, false);
      }
      throw await this.explain(error, source.name);
    } finally {
      await session.close();
    }
  }

  /**
   * Segments or as-written: each transaction as the mode says, after validation. Every
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
      for await (const item of parseSeedChunks(source.read())) {
        if (item.kind === 'param') {
          if (pipe) await progress.flush(pipe);
          await params.set(item);
        } else if (item.kind === 'begin') {
          inBlock = true;
          await open();
        } else if (item.kind === 'commit' || item.kind === 'rollback') {
          inBlock = false;
          await close(item.kind === 'commit');
        } else if (item.kind === 'statement') {
          const analysis = analyseStatement(item.text);
          if (scan.mode === 'segments') {
            if (segmentIsSchema !== analysis.schema) {
              await close(true);
              segmentIsSchema = analysis.schema;
              await open();
            }
          }
          if (pipe) {
            txHasSchema ||= analysis.schema;
            pipe.add(item, analysis, params.values);
            if (pipe.full) await progress.flush(pipe);
          } else if (scan.mode === 'as-written' && !inBlock) {
            // Outside a block: auto-commit, as cypher-shell does (and IN TRANSACTIONS needs).
            part++;
            if (part <= resumeAfter) continue;
            const auto = new Pipeline(autoSession, 1, 0, onSummary);
            auto.add(item, analysis, params.values);
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
      const explained = await this.explain(error, source.name);
      throw committed + resumeAfter > 0 && explained instanceof SeedError
        ? explained.partiallyApplied(committed + resumeAfter)
        : explained;
    } finally {
      await txSession.close();
      await autoSession.close();
    }
  }

  /**
   * EXPLAIN of every statement, before anything is written, in transactions that are rolled
   * back. Schema and data statements are explained in separate transactions, as Neo4j wants.
   */
  private async validate(
    source: SeedSource,
    scan: SeedScan,
    options: SeedLoadOptions,
  ): Promise<void> {
    const schemaSession = this.session();
    const dataSession = this.session();
    const schemaTx = schemaSession.beginTransaction({
      metadata: { app: 'entente-seed-validate' },
      ...timeoutOf(options),
    });
    const dataTx = dataSession.beginTransaction({
      metadata: { app: 'entente-seed-validate' },
      ...timeoutOf(options),
    });
    const schemaPipe = new Pipeline(schemaTx, this.window, 1, () => undefined);
    const dataPipe = new Pipeline(dataTx, this.window, 1, () => undefined);
    const params = new FileParams(this.db, source.name);
    const progress = new Progress(scan, 'validate', options.onProgress);
    try {
      for await (const item of parseSeedChunks(source.read())) {
        if (item.kind === 'param') {
          await params.set(item);
        } else if (item.kind === 'statement') {
          const analysis = analyseStatement(item.text);
          const pipe = analysis.schema ? schemaPipe : dataPipe;
          pipe.add(item, analysis, params.values);
          if (pipe.full) await progress.flush(pipe);
        }
      }
      await progress.flush(schemaPipe);
      await progress.flush(dataPipe);
    } catch (error) {
      throw await this.explain(error, source.name);
    } finally {
      await schemaTx.rollback().catch(() => undefined);
      await dataTx.rollback().catch(() => undefined);
      await schemaSession.close();
      await dataSession.close();
    }
  }

  /** Turns a failure into a SeedError that points into the file. */
  private async explain(error: unknown, file: string): Promise<unknown> {
    if (error instanceof SeedError) return error;
    if (!(error instanceof StatementFailure)) return translateDriverError(error);
    const { statement, cause } = error;
    if (!isStatementError(cause)) return translateDriverError(cause);
    let neo4jError: Neo4jError = cause;
    let prefixLines = error.prefixLines;
    if (error.rewritten) {
      // The statement ran with its literals as parameters; EXPLAIN the text as written so
      // syntax and semantic errors point at the file's own characters.
      const session = this.session();
      try {
        await session.run(`EXPLAIN\n${statement.text}`, pick(error.params, error.referenced));
      } catch (explained) {
        if (isStatementError(explained)) {
          neo4jError = explained;
          prefixLines = 1;
        }
      } finally {
        await session.close();
      }
    }
    const located = locateInFile(neo4jError.message, statement, prefixLines);
    const message =
      neo4jError === cause && error.rewritten
        ? restoreLiterals(located.message, error.literals)
        : located.message;
    return new SeedError(
      SEED_ERROR_CODES.statement,
      message,
      {
        file,
        line: located.line,
        col: located.col,
        statement: statement.index + 1,
        neo4jCode: neo4jError.code,
      },
      { cause: neo4jError },
    );
  }

  private session(): Session {
    return this.db.driver.session({
      database: this.db.database,
      defaultAccessMode: neo4j.session.WRITE,
    });
  }
}

const timeoutOf = (options: SeedLoadOptions) =>
  options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };

/** Throws when a statement may never run from a seed file, or reads files without leave. */
function refuseIfNeeded(
  file: string,
  analysis: StatementAnalysis,
  text: string,
  start: { line: number; col: number },
  options: { allowFileAccess?: boolean; caller?: 'cli' | 'http' },
  statement?: number,
): void {
  if (analysis.refused) {
    const at = positionIn(text, analysis.refused.offset, start);
    throw new SeedError(SEED_ERROR_CODES.refused, analysis.refused.reason, {
      file,
      ...at,
      ...(statement ? { statement } : {}),
    });
  }
  if (analysis.fileAccess && !options.allowFileAccess) {
    const at = positionIn(text, analysis.fileAccess.offset, start);
    const how =
      options.caller === 'http'
        ? 'uploaded seed files never read files or URLs (to load such a file, put it in cypher/ and run the seed command with file access allowed)'
        : 'seed files may not read files or URLs unless file access is allowed (--allow-file-access)';
    throw new SeedError(SEED_ERROR_CODES.fileAccess, `${analysis.fileAccess.reason}; ${how}`, {
      file,
      ...at,
      ...(statement ? { statement } : {}),
    });
  }
}

/** What to do with a file given its ledger entry. */
function decide(
  scan: SeedScan,
  entry: LedgerEntry | undefined,
  options: SeedLoadOptions,
): 'apply' | 'skip' | 'reapply' | 'resume' {
  if (!entry) return 'apply';
  if (entry.sha256 === scan.sha256) return entry.committedParts === undefined ? 'skip' : 'resume';
  if (options.force || isRepeatable(scan.name)) return 'reapply';
  const again =
    options.caller === 'http' ? 'upload it again with force=true' : 'apply it again with --force';
  throw new SeedError(
    SEED_ERROR_CODES.checksum,
    `was applied on ${entry.appliedAt} with checksum ${entry.sha256.slice(0, 12)}… and has changed since (now ${scan.sha256.slice(0, 12)}…); write the change as a new seed file, or ${again}`,
    { file: scan.name, line: 1, col: 1 },
    { status: 409 },
  );
}

function skipped(scan: SeedScan, entry: LedgerEntry | undefined): SeedOutcome {
  return {
    ...outcomeOf(scan, 'skipped', false),
    atomic: entry?.atomic ?? scan.atomic,
    counters: entry?.counters ?? null,
    durationMs: 0,
  };
}

function outcomeOf(
  scan: SeedScan,
  status: SeedOutcome['status'],
  reapplied: boolean,
): Omit<SeedOutcome, 'counters' | 'durationMs'> {
  return {
    name: scan.name,
    sha256: scan.sha256,
    status,
    statements: scan.statements,
    atomic: scan.atomic,
    notAtomicBecause: scan.notAtomicBecause,
    reapplied,
    notRehearsedBecause: undefined,
    warnings: [],
  };
}

function ledgerTouched(scan: SeedScan): SeedError {
  return new SeedError(
    SEED_ERROR_CODES.reserved,
    "a statement of this file changed the seed ledger (the app's own `__SeedFile` records, e.g. by deleting every node); that transaction was rolled back",
    { file: scan.name, line: 1, col: 1 },
  );
}

/** Deletions are called out: a seed file that deletes deserves a second look. */
function warningsOf(scan: SeedScan, counters: Record<string, number> | null): string[] {
  const { statements, first } = scan.deletions;
  if (statements === 0 || !first) return [];
  const removed = counters
    ? ['nodesDeleted', 'relationshipsDeleted', 'labelsRemoved']
        .filter((key) => (counters[key] ?? 0) > 0)
        .map((key) => `${key} ${counters[key]}`)
    : [];
  return [
    `DELETES: ${statements} statement(s) delete or remove data, the first at ${scan.name}:${first.line}:${first.col}${removed.length > 0 ? ` (${removed.join(', ')})` : ''}`,
  ];
}

function ledgerEntry(
  scan: SeedScan,
  counters: Record<string, number>,
  durationMs: number,
): Omit<LedgerEntry, 'appliedAt'> {
  return {
    name: scan.ledgerKey,
    sha256: scan.sha256,
    statements: scan.statements,
    durationMs,
    atomic: scan.atomic,
    counters,
  };
}

function addCounters(into: Record<string, number>, summary: ResultSummary): void {
  const updates = summary.counters.updates() as Record<string, number>;
  for (const [key, value] of Object.entries(updates)) {
    if (value !== 0) into[key] = (into[key] ?? 0) + value;
  }
}

function blockError(file: string, at: { line: number; col: number }, problem: string): SeedError {
  return new SeedError(SEED_ERROR_CODES.transaction, problem, { file, line: at.line, col: at.col });
}

function isStatementError(error: unknown): error is Neo4jError {
  return (
    error instanceof Neo4jError &&
    (error.code.startsWith('Neo.ClientError.') ||
      error.code.startsWith('Neo.DatabaseError.Statement') ||
      // e.g. ConstraintCreationFailed: existing data breaks the constraint, or the edition lacks it.
      error.code.startsWith('Neo.DatabaseError.Schema') ||
      error.code === 'Neo.TransientError.Transaction.DeadlockDetected')
  );
}

function restoreLiterals(message: string, literals: Record<string, unknown>): string {
  return message.replace(/\$?(__seed\d+)/g, (whole, name: string) =>
    name in literals ? literalText(literals[name]) : whole,
  );
}

function literalText(value: unknown): string {
  return typeof value === 'string' ? `'${value.replace(/'/g, "\\'")}'` : String(value);
}

function pick(values: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (name in values) picked[name] = values[name];
  return picked;
}

/** A statement that failed, with what is needed to point at it in the file. */
class StatementFailure extends Error {
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
async function commitBlaming(tx: Transaction, last: SeedStatement | undefined): Promise<void> {
  try {
    await tx.commit();
  } catch (error) {
    if (!last || !isStatementError(error)) throw error;
    throw new StatementFailure(last, error, 0, false, {}, {}, []);
  }
}

/** Reports statements done per phase to the caller's progress callback. */
class Progress {
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
class BatchFailure extends Error {}

/**
 * Sends statements without awaiting each one (the driver pipelines them on the
 * connection), then awaits a whole window: one round trip per window, not per statement.
 */
class Pipeline {
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
class Batcher {
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

/**
 * The file's `:param` values. cypher-shell evaluates `:param x => expr` as Cypher; so do
 * we, with the parameters set so far, and map errors in the expression back to the file.
 */
class FileParams {
  values: Record<string, unknown> = {};

  constructor(
    private readonly db: Database,
    private readonly file: string,
  ) {}

  async set(command: ParamCommand): Promise<void> {
    let value: unknown;
    const session = this.db.driver.session({
      database: this.db.database,
      defaultAccessMode: neo4j.session.READ,
    });
    try {
      const result = await session.run(`RETURN\n${command.expression}\nAS value`, this.values);
      value = result.records[0]?.get('value');
    } catch (error) {
      const cause = isStatementError(error) ? error : undefined;
      if (!cause) throw translateDriverError(error);
      const start = { line: command.expressionLine, col: command.expressionCol };
      const at = locateInFile(cause.message, start, 1);
      // Neo4j may complain at `AS value`, just past the expression: point at its end.
      const end = positionIn(command.expression, command.expression.length, start);
      const past = at.line > end.line || (at.line === end.line && at.col > end.col);
      throw new SeedError(SEED_ERROR_CODES.statement, `in :param: ${at.message}`, {
        file: this.file,
        line: past ? end.line : at.line,
        col: past ? end.col : at.col,
        neo4jCode: cause.code,
      });
    } finally {
      await session.close();
    }
    if (command.name !== undefined) {
      this.values = { ...this.values, [command.name]: value };
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new SeedError(SEED_ERROR_CODES.parse, ':param {…} must be a map', {
        file: this.file,
        line: command.line,
        col: command.col,
      });
    }
    this.values = { ...this.values, ...(value as Record<string, unknown>) };
  }
}
