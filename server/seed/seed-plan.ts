import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { positionIn } from '../cypher/positions.ts';
import { scanCypher } from '../cypher/scanner.ts';
import {
  parseSeedChunks,
  SeedParseError,
  type SeedItem,
  type SeedStatement,
} from '../cypher/statement-splitter.ts';
import { findUnkeyedEvidence } from './evidence-guard.ts';
import { SeedChecksum } from './seed-checksum.ts';
import { SEED_ERROR_CODES, SeedError } from './seed-errors.ts';
import type { LedgerEntry } from './seed-ledger.ts';
import { analyseStatement, type StatementAnalysis } from './statement-analysis.ts';

/**
 * The file plan: what a seed file is (sources, how it must run, what it would change)
 * and what to do with it, read without the database. The loader carries the plan out.
 */

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
  /**
   * What was read, kept for running the file without reading and analysing it again;
   * only for files small enough to hold (see KEEP_LIMIT).
   */
  kept: { items: SeedItem[]; analyses: StatementAnalysis[] } | undefined;
}

/** Files up to this many characters are kept in memory between planning and running. */
const KEEP_LIMIT = 16 * 1024 * 1024;

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

/** A statement a dry run could not rehearse, and why. */
export interface NotRehearsed {
  /** 1-based ordinal of the statement in the file. */
  statement: number;
  line: number;
  col: number;
  reason: string;
}

/** What a file deletes: shown on its own, never buried among the counters. */
export interface SeedDeletions {
  /** Statements with DELETE, DETACH DELETE or REMOVE. */
  statements: number;
  /** Where the first one is, as `file:line:col`. */
  first: string;
  nodesDeleted: number;
  relationshipsDeleted: number;
  labelsRemoved: number;
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
  /** For a dry run that rehearsed the file: the statements it could not run, and why. */
  notRehearsed: NotRehearsed[];
  /** What the file deletes (counted when it ran or was rehearsed), or null when nothing. */
  deletions: SeedDeletions | null;
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

/** Reads a file once, without the database: checksum, statement count, how it must run. */
export async function planFile(
  source: SeedSource,
  options: { allowFileAccess?: boolean; caller?: 'cli' | 'http' } = {},
): Promise<SeedScan> {
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
  let kept: SeedScan['kept'] = { items: [], analyses: [] };
  let keptCharacters = 0;
  try {
    for await (const item of parseSeedChunks(source.read())) {
      checksum.add(item);
      if (kept) {
        kept.items.push(item);
        keptCharacters += item.kind === 'statement' ? item.text.length : 16;
        if (keptCharacters > KEEP_LIMIT) kept = undefined;
      }
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
        const tokens = scanCypher(item.text);
        const analysis = analyseStatement(item.text, tokens);
        if (kept) kept.analyses[item.index] = analysis;
        refuseIfNeeded(source.name, analysis, item.text, item, options, item.index + 1);
        const unkeyed = findUnkeyedEvidence(item.text, tokens);
        if (unkeyed) {
          throw new SeedError(SEED_ERROR_CODES.evidence, unkeyed.message, {
            file: source.name,
            ...positionIn(item.text, unkeyed.offset, item),
            statement: item.index + 1,
          });
        }
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
    kept,
  };
}

/** Throws when a statement may never run from a seed file, or reads files without leave. */
export function refuseIfNeeded(
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
export function decide(
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

export function skipped(scan: SeedScan, entry: LedgerEntry | undefined): SeedOutcome {
  return {
    ...outcomeOf(scan, 'skipped', false),
    atomic: entry?.atomic ?? scan.atomic,
    counters: entry?.counters ?? null,
    durationMs: 0,
  };
}

export function outcomeOf(
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
    notRehearsed: [],
    deletions: null,
    warnings: [],
  };
}

/** What the file deletes, with the counters of a run or rehearsal when there were any. */
export function deletionsOf(
  scan: SeedScan,
  counters: Record<string, number> | null,
): SeedDeletions | null {
  const { statements, first } = scan.deletions;
  if (statements === 0 || !first) return null;
  return {
    statements,
    first: `${scan.name}:${first.line}:${first.col}`,
    nodesDeleted: counters?.nodesDeleted ?? 0,
    relationshipsDeleted: counters?.relationshipsDeleted ?? 0,
    labelsRemoved: counters?.labelsRemoved ?? 0,
  };
}

/** Deletions are called out: a seed file that deletes deserves a second look. */
export function warningsOf(scan: SeedScan, counters: Record<string, number> | null): string[] {
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

export function ledgerEntry(
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

export function blockError(
  file: string,
  at: { line: number; col: number },
  problem: string,
): SeedError {
  return new SeedError(SEED_ERROR_CODES.transaction, problem, { file, line: at.line, col: at.col });
}
