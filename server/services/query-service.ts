import type { JsonValue, QueryResponse } from '../api-types.ts';
import { withTimeout } from '../db/database.ts';
import { toDriverParams } from '../db/value-mapper.ts';
import { AppError } from '../errors.ts';
import type { ConsoleRepository } from '../repositories/console-repository.ts';
import { vetConsoleText, vetPlan } from './console-guard.ts';
import { checkExpressionWork, checkTextLength } from './console-limits.ts';

export interface QueryLimits {
  /** Transaction timeout for console statements. */
  timeoutMs: number;
  /** The most rows one answer holds; a request can lower it, never raise it. */
  rowCap: number;
  /** The most bytes of rows one answer holds (10 MB unless configured). */
  byteCap?: number;
}

export const DEFAULT_ANSWER_BYTE_CAP = 10 * 1024 * 1024;

/** Past the transaction timeout, the answer waits this long for Neo4j to report it. */
const TIMEOUT_GRACE_MS = 1_500;

/** The read-only console: vet the text, let Neo4j vet the plan, run it read-only, capped. */
export class QueryService {
  constructor(
    private readonly console: ConsoleRepository,
    private readonly limits: QueryLimits,
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
    checkTextLength(cypher);
    const { explainCypher, explainAt } = vetConsoleText(cypher);
    checkExpressionWork(cypher, params);
    const timeoutMs = this.limits.timeoutMs;
    const result = await withTimeout(
      this.console.run({
        cypher,
        explainCypher,
        explainAt,
        params,
        rowCap: Math.min(limit ?? this.limits.rowCap, this.limits.rowCap),
        byteCap: this.limits.byteCap ?? DEFAULT_ANSWER_BYTE_CAP,
        timeoutMs,
        vetPlan,
      }),
      timeoutMs + TIMEOUT_GRACE_MS,
      () =>
        new AppError('QUERY_TIMEOUT', 'The query ran past its time limit and was stopped.', 408),
    );
    return {
      columns: result.columns,
      rows: result.rows,
      graph: result.graph,
      summary: {
        ms: Math.round(performance.now() - started),
        queryType: result.queryType,
        truncated: result.truncated,
        ...(result.truncatedReason ? { truncatedReason: result.truncatedReason } : {}),
        notifications: result.notifications,
      },
    };
  }
}
