import type { Node, Plan, ResultSummary } from 'neo4j-driver';
import type { GraphPayload, JsonValue } from '../api-types.ts';
import type { Database } from '../db/database.ts';
import { GraphCollector, containsHidden, toGraphNode, toJson } from '../db/value-mapper.ts';
import { neo4jPosition, positionIn } from '../cypher/positions.ts';
import { AppError, badRequest, forbidden } from '../errors.ts';

export interface PlanOperator {
  operatorType: string;
  details: string;
}

export interface ReadOnlyRun {
  /** The statement exactly as it will run. */
  cypher: string;
  /** The same statement with EXPLAIN in front, and where EXPLAIN went (to map positions back). */
  explainCypher: string;
  explainAt: number;
  params: Record<string, unknown>;
  rowCap: number;
  /** The most bytes of row JSON one answer holds; the answer stops there, marked truncated. */
  byteCap: number;
  timeoutMs: number;
  /** Throws to refuse the statement, given the plan Neo4j made for it. */
  vetPlan: (queryType: string, operators: PlanOperator[]) => void;
}

export interface ConsoleResult {
  columns: string[];
  rows: JsonValue[][];
  graph: GraphPayload;
  queryType: string;
  truncated: boolean;
  /** Why the answer stopped early: the row cap or the byte cap. */
  truncatedReason?: 'rows' | 'bytes';
  notifications: { code: string; title: string; description: string }[];
}

const EXPLAIN_LENGTH = 'EXPLAIN '.length;

/**
 * Runs a statement a person typed, in one READ transaction: EXPLAIN first (refused unless
 * the plan reads only), then the statement itself, consumed lazily up to the row cap. A
 * write that got past the plan check still fails in the READ transaction and is reported
 * as refused.
 */
export class ConsoleRepository {
  constructor(private readonly db: Database) {}

  async run(request: ReadOnlyRun): Promise<ConsoleResult> {
    const phase = { explaining: true };
    try {
      return await this.db.read(
        async (tx) => {
          phase.explaining = true;
          const explained = await tx.run(request.explainCypher, request.params);
          const queryType = explained.summary.queryType;
          request.vetPlan(queryType, planOperators(explained.summary.plan));
          phase.explaining = false;

          const result = tx.run(request.cypher, request.params);
          const columns = [...(await result.keys())];
          const rows: JsonValue[][] = [];
          const graph = new GraphCollector();
          let truncatedReason: 'rows' | 'bytes' | undefined;
          let bytes = 0;
          for await (const record of result) {
            if (rows.length >= request.rowCap) {
              truncatedReason = 'rows';
              break;
            }
            const values = columns.map((c) => record.get(c) as unknown);
            if (values.some(containsHidden)) continue;
            const row = values.map(toJson);
            // Counted as the JSON it becomes; the graph view repeats the same values.
            bytes += JSON.stringify(row).length;
            if (bytes > request.byteCap) {
              truncatedReason = 'bytes';
              break;
            }
            rows.push(row);
            for (const value of values) graph.add(value);
          }
          const truncated = truncatedReason !== undefined;

          // Edges need both ends on a canvas: fetch the endpoints the query did not return.
          const missing = graph.missingEndpoints();
          if (missing.length > 0) {
            const endpoints = await tx.run(
              `UNWIND $ids AS id MATCH (n) WHERE elementId(n) = id
               AND NOT any(l IN labels(n) WHERE l STARTS WITH '__') RETURN n`,
              { ids: missing },
            );
            for (const record of endpoints.records) {
              graph.addNode(toGraphNode(record.get('n') as Node));
            }
          }
          return {
            columns,
            rows,
            graph: graph.payload(),
            queryType,
            truncated,
            ...(truncatedReason ? { truncatedReason } : {}),
            notifications: notificationsOf(explained.summary),
          };
        },
        // Small batches, so a byte cap stops the stream before Node holds many big rows.
        { timeoutMs: request.timeoutMs, fetchSize: 100 },
      );
    } catch (error) {
      throw explainError(error, request, phase.explaining);
    }
  }
}

function planOperators(plan: Plan | false): PlanOperator[] {
  const operators: PlanOperator[] = [];
  const visit = (node: Plan) => {
    const details = node.arguments?.Details;
    operators.push({
      operatorType: node.operatorType,
      details: typeof details === 'string' ? details : '',
    });
    for (const child of node.children ?? []) visit(child);
  };
  if (plan) visit(plan);
  return operators;
}

function notificationsOf(summary: ResultSummary) {
  return summary.notifications
    .filter((n) => n.code !== 'Neo.ClientNotification.Statement.ParameterNotProvided')
    .map((n) => ({ code: n.code, title: n.title, description: n.description }));
}

const ACCESS_MODE_CODES = new Set([
  'Neo.ClientError.Statement.AccessMode',
  'Neo.ClientError.Security.Forbidden',
]);

/** Gives errors the user's own positions and calls a refused write by its name. */
function explainError(error: unknown, request: ReadOnlyRun, fromExplain: boolean): unknown {
  if (!(error instanceof AppError)) return error;
  const neo4jCode = (error.details as { neo4jCode?: string } | undefined)?.neo4jCode;
  if (neo4jCode && ACCESS_MODE_CODES.has(neo4jCode)) {
    return forbidden(
      'QUERY_NOT_READ_ONLY',
      'The console is read-only: the database refused this query in a read transaction.',
      { reason: 'write', neo4jCode },
    );
  }
  if (error.code !== 'CYPHER_SYNTAX_ERROR' && error.code !== 'CYPHER_ERROR') return error;
  const position = neo4jPosition(error.message);
  if (!('offset' in position)) return badRequest(error.code, position.message, error.details);
  const reported = position.offset;
  // Positions in the EXPLAIN form past the inserted word map back by its length.
  const shifted = fromExplain && reported >= request.explainAt + EXPLAIN_LENGTH;
  const offset = Math.max(
    0,
    Math.min(request.cypher.length, shifted ? reported - EXPLAIN_LENGTH : reported),
  );
  const { line, col: column } = positionIn(request.cypher, offset);
  const message = `${position.message} (line ${line}, column ${column})`;
  return badRequest(error.code, message, { ...(error.details as object), line, column, offset });
}
