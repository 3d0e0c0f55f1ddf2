import type { Database } from '../db/database.ts';

export type HealthReport = (
  | {
      status: 'ok';
      neo4j: { connected: true; version: string; edition: string; database: string };
    }
  | { status: 'unavailable'; neo4j: { connected: false; message: string } }
) & { warnings?: string[] };

export class HealthService {
  private readonly timeoutMs: number;
  /** Said with every answer, e.g. that sign-in is off on a public address. */
  private readonly warnings: string[];

  constructor(
    private readonly db: Database,
    options: { timeoutMs?: number; warnings?: string[] } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.warnings = options.warnings ?? [];
  }

  /** Always answers within the timeout: a hung or stopped database reads as unavailable. */
  async check(): Promise<HealthReport> {
    try {
      const server = await this.db.describe(this.timeoutMs - 200);
      return { status: 'ok', neo4j: { connected: true, ...server }, ...this.extra() };
    } catch (error) {
      const message = error instanceof Error ? error.message : 'Neo4j is unreachable';
      return { status: 'unavailable', neo4j: { connected: false, message }, ...this.extra() };
    }
  }

  private extra(): { warnings?: string[] } {
    return this.warnings.length > 0 ? { warnings: this.warnings } : {};
  }
}
