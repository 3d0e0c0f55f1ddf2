import type { JsonValue, QueryResponse } from '../api-types.ts';
import { toDriverParams } from '../db/value-mapper.ts';
import type { ConsoleRepository } from '../repositories/console-repository.ts';
import { vetConsoleText, vetPlan } from './console-guard.ts';
import { type EvidenceNaming, GROUP_ONLY } from './graph-service.ts';

export interface QueryLimits {
  /** Transaction timeout for console statements. */
  timeoutMs: number;
  /** The most rows one answer holds; a request can lower it, never raise it. */
  rowCap: number;
}

/** The read-only console: vet the text, let Neo4j vet the plan, run it read-only, capped. */
export class QueryService {
  constructor(
    private readonly console: ConsoleRepository,
    private readonly limits: QueryLimits,
    private readonly evidence: EvidenceNaming = GROUP_ONLY,
  ) {}

  /** A statement typed by a person, with JSON parameters. */
  async run(cypher: string, params: Record<string, JsonValue> = {}, limit?: number) {
    return this.runStatement(cypher, toDriverParams(params), limit);
  }

  /** A statement with parameters already in driver form (saved questions type theirs). */
  async runStatement(
    cypher: string,
    params: Record<string, unknown>,
    limit?: number,
  ): Promise<QueryResponse> {
    const started = performance.now();
    const { explainCypher, explainAt } = vetConsoleText(cypher);
    const result = await this.console.run({
      cypher,
      explainCypher,
      explainAt,
      params,
      rowCap: Math.min(limit ?? this.limits.rowCap, this.limits.rowCap),
      timeoutMs: this.limits.timeoutMs,
      vetPlan,
    });
    return {
      columns: result.columns,
      rows: result.rows,
      graph: await this.evidence.groupAndName(result.graph),
      summary: {
        ms: Math.round(performance.now() - started),
        queryType: result.queryType,
        truncated: result.truncated,
        notifications: result.notifications,
      },
    };
  }
}
