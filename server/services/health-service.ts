import type { Database } from '../db/database.ts';

export type HealthReport =
  | {
      status: 'ok';
      neo4j: { connected: true; version: string; edition: string; database: string };
    }
  | { status: 'unavailable'; neo4j: { connected: false; message: string } };

export class HealthService {
  constructor(
    private readonly db: Database,
    private readonly timeoutMs = 2_000,
  ) {}

  /** Always answers within the timeout: a hung or stopped database reads as unavailable. */
  async check(): Promise<HealthReport> {
    try {
      const server = await this.db.describe(this.timeoutMs - 200);
      return { status: 'ok', neo4j: { connected: true, ...server } };
    } catch (error) {
      const message = error instanceof Error ? error.message : 'Neo4j is unreachable';
      return { status: 'unavailable', neo4j: { connected: false, message } };
    }
  }
}
