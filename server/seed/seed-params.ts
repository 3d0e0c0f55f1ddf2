import { locateInFile, positionIn } from '../cypher/positions.ts';
import type { ParamCommand } from '../cypher/statement-splitter.ts';
import { type Database, translateDriverError } from '../db/database.ts';
import { SEED_ERROR_CODES, SeedError } from './seed-errors.ts';
import { isStatementError } from './statement-pipeline.ts';

/**
 * The file's `:param` values. cypher-shell evaluates `:param x => expr` as Cypher; so do
 * we, with the parameters set so far, and map errors in the expression back to the file.
 */
export class FileParams {
  values: Record<string, unknown> = {};

  constructor(
    private readonly db: Database,
    private readonly file: string,
  ) {}

  async set(command: ParamCommand): Promise<void> {
    let value: unknown;
    const session = this.db.session('READ');
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
