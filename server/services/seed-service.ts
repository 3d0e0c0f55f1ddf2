import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedFileStatus, SeedsResponse, SeedUploadResponse } from '../api-types.ts';
import type { Database } from '../db/database.ts';
import { AppError, badRequest, forbidden } from '../errors.ts';
import type { Logger } from '../logger.ts';
import {
  fileSource,
  SeedLoader,
  type SeedBatchResult,
  type SeedLoadOptions,
  textSource,
} from '../seed/seed-loader.ts';

export interface SeedServiceOptions {
  /** The seed folder: its top-level `*.cypher` files, in name order. */
  cypherDir: string;
  /** ENTENTE_ADMIN_TOKEN; uploads are disabled without one. */
  adminToken: string | undefined;
  logger?: Logger | undefined;
}

const UPLOAD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.cypher$/;

/** Each transaction of an upload ends after this long: an HTTP request must not hold Neo4j. */
export const UPLOAD_TIMEOUT_MS = 60_000;

/** Uploads keep their own ledger namespace, so they never shadow a file of cypher/. */
export const UPLOAD_LEDGER_PREFIX = 'upload/';

/** The seed use cases: list, apply pending (start-up), upload (HTTP). */
export class SeedService {
  readonly loader: SeedLoader;
  private readonly tokenDigest: Buffer | undefined;
  private readonly scans = new Map<string, { stamp: string; sha256: string }>();

  constructor(
    db: Database,
    private readonly options: SeedServiceOptions,
  ) {
    this.loader = new SeedLoader(db);
    this.tokenDigest = options.adminToken ? digest(options.adminToken) : undefined;
  }

  /** Seed files of the folder, in name order (not sub-folders such as queries/). */
  seedFiles(): string[] {
    return seedFilesIn(this.options.cypherDir);
  }

  /** Applies the folder's pending files in order; stops at the first failure. */
  async applyPending(): Promise<SeedBatchResult> {
    const result = await this.loader.loadAll(this.seedFiles().map(fileSource));
    const logger = this.options.logger;
    for (const outcome of result.outcomes) {
      if (outcome.status === 'applied') {
        logger?.info(
          {
            file: outcome.name,
            statements: outcome.statements,
            ms: Math.round(outcome.durationMs),
            atomic: outcome.atomic,
            counters: outcome.counters,
          },
          'seed file applied',
        );
      }
    }
    if (result.failure) {
      logger?.error({ file: result.failure.name }, result.failure.error.message);
    }
    return result;
  }

  /** Given files in the order given (the seed command): stops at the first failure. */
  async applyFiles(paths: string[], options: SeedLoadOptions): Promise<SeedBatchResult> {
    return this.loader.loadAll(paths.map(fileSource), options);
  }

  /** Every file of the folder plus every ledger entry, with its status. */
  async list(): Promise<SeedsResponse> {
    const entries = new Map((await this.loader.ledger.entries()).map((e) => [e.name, e]));
    const files: SeedFileStatus[] = [];
    for (const path of this.seedFiles()) {
      const sha256 = await this.checksum(path);
      const name = path.slice(this.options.cypherDir.length).replace(/^[\\/]+/, '');
      const entry = entries.get(name);
      entries.delete(name);
      files.push({
        name,
        origin: 'folder',
        status: !entry
          ? 'pending'
          : entry.sha256 !== sha256
            ? 'changed'
            : entry.committedParts === undefined
              ? 'applied'
              : 'partial',
        sha256,
        appliedAt: entry?.appliedAt ?? null,
        statements: entry?.statements ?? null,
        atomic: entry?.atomic ?? null,
        counters: entry?.counters ?? null,
      });
    }
    // Files applied by upload (or from elsewhere) are known only to the ledger.
    for (const entry of entries.values()) {
      const upload = entry.name.startsWith(UPLOAD_LEDGER_PREFIX);
      files.push({
        name: upload ? entry.name.slice(UPLOAD_LEDGER_PREFIX.length) : entry.name,
        origin: upload ? 'upload' : 'folder',
        status: entry.committedParts === undefined ? 'applied' : 'partial',
        sha256: entry.sha256,
        appliedAt: entry.appliedAt,
        statements: entry.statements,
        atomic: entry.atomic,
        counters: entry.counters,
      });
    }
    return { files };
  }

  /**
   * Checks a bearer token in constant time. 403 when uploads are off (no token configured),
   * 401 when the token is missing or wrong.
   */
  authorizeUpload(bearer: string | undefined): void {
    if (!this.tokenDigest) {
      throw forbidden(
        'SEED_UPLOAD_DISABLED',
        'Seed upload is disabled: set ENTENTE_ADMIN_TOKEN on the server to enable it.',
      );
    }
    // Comparing fixed-length digests keeps the time independent of the token's length too.
    if (bearer === undefined || !timingSafeEqual(digest(bearer), this.tokenDigest)) {
      throw new AppError('UNAUTHORIZED', 'A valid admin token is required to upload seeds.', 401);
    }
  }

  async upload(input: {
    name: string;
    text: string;
    dryRun: boolean;
    force: boolean;
  }): Promise<SeedUploadResponse> {
    if (!UPLOAD_NAME.test(input.name)) {
      throw badRequest(
        'SEED_INVALID_NAME',
        'name must be a file name ending in .cypher (letters, digits, ".", "_", "-")',
      );
    }
    const outcome = await this.loader.load(
      textSource(input.name, input.text, `${UPLOAD_LEDGER_PREFIX}${input.name}`),
      { dryRun: input.dryRun, force: input.force, caller: 'http', timeoutMs: UPLOAD_TIMEOUT_MS },
    );
    if (outcome.status === 'applied') {
      this.options.logger?.info(
        { file: outcome.name, statements: outcome.statements, counters: outcome.counters },
        'seed file uploaded and applied',
      );
    }
    return {
      file: {
        name: outcome.name,
        status: outcome.status,
        sha256: outcome.sha256,
        statements: outcome.statements,
        atomic: outcome.atomic,
        notAtomicBecause: outcome.notAtomicBecause ?? null,
        counters: outcome.counters,
        durationMs: Math.round(outcome.durationMs),
        dryRun: input.dryRun,
        notRehearsedBecause: outcome.notRehearsedBecause ?? null,
        notRehearsed: outcome.notRehearsed,
        deletions: outcome.deletions,
        warnings: outcome.warnings,
      },
    };
  }

  /** Checksums are cached per file until its size or modification time changes. */
  private async checksum(path: string): Promise<string> {
    const stat = statSync(path);
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.scans.get(path);
    if (cached?.stamp === stamp) return cached.sha256;
    let sha256 = '';
    try {
      sha256 = (await this.loader.scan(fileSource(path), { allowFileAccess: true })).sha256;
    } catch {
      // A file that does not parse has no checksum yet; loading it reports the error.
    }
    this.scans.set(path, { stamp, sha256 });
    return sha256;
  }
}

/** The top-level `*.cypher` files of `dir`, in name order. */
export function seedFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.cypher'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(dir, name));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
