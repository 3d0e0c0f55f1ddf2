import neo4j, { type ManagedTransaction, type Session, type Transaction } from 'neo4j-driver';
import { type Database, translateDriverError } from '../db/database.ts';

/** One applied seed file, as recorded in the graph under `:__SeedFile`. */
export interface LedgerEntry {
  name: string;
  sha256: string;
  /** ISO-8601. */
  appliedAt: string;
  statements: number;
  durationMs: number;
  /** False when the file ran as several transactions (IN TRANSACTIONS, :begin blocks…). */
  atomic: boolean;
  counters: Record<string, number>;
  /**
   * For a file that runs as several transactions and stopped part-way: how many of its
   * transactions were committed (recorded in the same transaction as each one where
   * Neo4j allows). Undefined once the file is complete.
   */
  committedParts?: number | undefined;
}

export interface SeedLock {
  /** The ledger entry as seen while holding the lock (fresh, from the write leader). */
  entry: LedgerEntry | undefined;
  release(): Promise<void>;
}

type Runner = Pick<ManagedTransaction, 'run'> | Pick<Transaction, 'run'>;

const ENTRY_FIELDS = `f.name AS name, f.sha256 AS sha256, toString(f.appliedAt) AS appliedAt,
  f.statements AS statements, f.durationMs AS durationMs, f.atomic AS atomic, f.counters AS counters,
  f.committedParts AS committedParts`;

/**
 * The ledger of applied seed files. It lives in the graph under `__`-prefixed labels, which
 * every explorer query leaves out, so it never mixes with user data.
 */
export class SeedLedger {
  constructor(private readonly db: Database) {}

  /** Uniqueness on the names makes MERGE take an index lock: the basis of the seed lock. */
  async ensureSchema(): Promise<void> {
    const constraints = [
      [
        'seed_file_name',
        'CREATE CONSTRAINT seed_file_name IF NOT EXISTS FOR (f:__SeedFile) REQUIRE f.name IS UNIQUE',
      ],
      [
        'seed_lock_name',
        'CREATE CONSTRAINT seed_lock_name IF NOT EXISTS FOR (l:__SeedLock) REQUIRE l.name IS UNIQUE',
      ],
    ] as const;
    // A read first: on a database that has them, no schema transaction at all.
    const present = await this.db.readQuery(
      'SHOW CONSTRAINTS YIELD name WHERE name IN $names RETURN collect(name) AS names',
      { names: constraints.map(([name]) => name) },
    );
    const have = new Set((present.records[0]?.get('names') as string[] | undefined) ?? []);
    for (const [name, statement] of constraints) {
      if (have.has(name)) continue;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.db.autoCommit(statement);
          break;
        } catch (error) {
          // Two loaders creating the same constraint at once: one loses the race or is
          // picked as a deadlock victim. IF NOT EXISTS makes another try harmless; it waits
          // for the winner's schema change and then finds the constraint there.
          if (await this.constraintExists(name)) break;
          if (attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        }
      }
    }
  }

  private async constraintExists(name: string): Promise<boolean> {
    const result = await this.db.readQuery(
      'SHOW CONSTRAINTS YIELD name WHERE name = $name RETURN count(*) AS n',
      { name },
    );
    return Number(result.records[0]?.get('n') ?? 0) > 0;
  }

  async entries(): Promise<LedgerEntry[]> {
    try {
      const result = await this.db.readQuery(
        `MATCH (f:__SeedFile) RETURN ${ENTRY_FIELDS} ORDER BY f.name`,
      );
      return result.records.map((record) => toEntry(record.toObject()));
    } catch (error) {
      throw translateDriverError(error);
    }
  }

  /**
   * Serialises loaders per file: MERGE-ing the lock node blocks a second loader until the
   * first one's lock transaction ends. The lock transaction is rolled back on release, so
   * no lock node stays behind, and a crashed loader's lock dies with its connection.
   */
  async lock(name: string): Promise<SeedLock> {
    const session: Session = this.db.session('WRITE');
    let tx: Transaction | undefined;
    try {
      tx = session.beginTransaction({ metadata: { app: 'entente-seed', lock: name } });
      await tx.run('MERGE (l:__SeedLock {name: $name}) SET l.heldSince = datetime()', { name });
      const found = await tx.run(`MATCH (f:__SeedFile {name: $name}) RETURN ${ENTRY_FIELDS}`, {
        name,
      });
      const record = found.records[0];
      const held = tx;
      return {
        entry: record ? toEntry(record.toObject()) : undefined,
        async release() {
          try {
            await held.rollback();
          } finally {
            await session.close();
          }
        },
      };
    } catch (error) {
      await tx?.rollback().catch(() => undefined);
      await session.close();
      throw translateDriverError(error);
    }
  }

  /** Records `entry` inside the caller's transaction, so it commits with the file or not at all. */
  async record(tx: Runner, entry: Omit<LedgerEntry, 'appliedAt'>): Promise<void> {
    await tx.run(
      `MERGE (f:__SeedFile {name: $name})
       SET f.sha256 = $sha256, f.appliedAt = datetime(), f.statements = $statements,
           f.durationMs = $durationMs, f.atomic = $atomic, f.counters = $counters,
           f.committedParts = $committedParts`,
      {
        name: entry.name,
        sha256: entry.sha256,
        statements: neo4j.int(entry.statements),
        durationMs: neo4j.int(Math.round(entry.durationMs)),
        atomic: entry.atomic,
        // Properties cannot hold maps: the counters are kept as JSON text.
        counters: JSON.stringify(entry.counters),
        committedParts: entry.committedParts === undefined ? null : neo4j.int(entry.committedParts),
      },
    );
  }

  /**
   * Every entry as one comparable text, read through `tx` so that it sees the
   * transaction's own changes: a file must leave the ledger as it found it.
   */
  async fingerprint(tx: Runner): Promise<string> {
    const result = await tx.run(`MATCH (f:__SeedFile) RETURN ${ENTRY_FIELDS} ORDER BY name`);
    return JSON.stringify(
      result.records.map((record) => record.toObject()),
      (_key, value) => (neo4j.isInt(value) ? value.toString() : (value as unknown)),
    );
  }

  /** Puts back entries a statement removed or changed outside a transaction we could roll back. */
  async restore(entries: LedgerEntry[]): Promise<void> {
    await this.db.write(async (tx) => {
      for (const entry of entries) {
        await tx.run(
          `MERGE (f:__SeedFile {name: $name})
           SET f.sha256 = $sha256, f.appliedAt = datetime($appliedAt), f.statements = $statements,
               f.durationMs = $durationMs, f.atomic = $atomic, f.counters = $counters,
               f.committedParts = $committedParts`,
          {
            ...entry,
            statements: neo4j.int(entry.statements),
            durationMs: neo4j.int(Math.round(entry.durationMs)),
            counters: JSON.stringify(entry.counters),
            committedParts:
              entry.committedParts === undefined ? null : neo4j.int(entry.committedParts),
          },
        );
      }
    });
  }

  /** Records `entry` in a transaction of its own (after schema or multi-transaction files). */
  async recordAlone(entry: Omit<LedgerEntry, 'appliedAt'>): Promise<void> {
    await this.db.write((tx) => this.record(tx, entry));
  }
}

function toEntry(row: Record<string, unknown>): LedgerEntry {
  let counters: Record<string, number> = {};
  try {
    counters = JSON.parse(String(row.counters ?? '{}')) as Record<string, number>;
  } catch {
    counters = {};
  }
  return {
    name: String(row.name),
    sha256: String(row.sha256),
    appliedAt: String(row.appliedAt),
    statements: toNumber(row.statements),
    durationMs: toNumber(row.durationMs),
    atomic: row.atomic !== false,
    counters,
    committedParts:
      row.committedParts === null || row.committedParts === undefined
        ? undefined
        : toNumber(row.committedParts),
  };
}

function toNumber(value: unknown): number {
  return neo4j.isInt(value) ? value.toNumber() : Number(value ?? 0);
}
