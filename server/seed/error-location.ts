import type { Neo4jError, Session } from 'neo4j-driver';
import { locateInFile } from '../cypher/positions.ts';
import { translateDriverError } from '../db/database.ts';
import { SEED_ERROR_CODES, SeedError } from './seed-errors.ts';
import { isStatementError, pick, StatementFailure } from './statement-pipeline.ts';

/**
 * Error location: a failure while running a statement becomes a SeedError that names the
 * file, line and column the author wrote, with the literals as written.
 */

/** Turns a failure into a SeedError that points into the file. */
export async function explainFailure(
  error: unknown,
  file: string,
  openSession: () => Session,
): Promise<unknown> {
  if (error instanceof SeedError) return error;
  if (!(error instanceof StatementFailure)) return translateDriverError(error);
  const { statement, cause } = error;
  if (!isStatementError(cause)) return translateDriverError(cause);
  let neo4jError: Neo4jError = cause;
  let prefixLines = error.prefixLines;
  if (error.rewritten) {
    // The statement ran with its literals as parameters; EXPLAIN the text as written so
    // syntax and semantic errors point at the file's own characters.
    const session = openSession();
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

function restoreLiterals(message: string, literals: Record<string, unknown>): string {
  return message.replace(/\$?(__seed\d+)/g, (whole, name: string) =>
    name in literals ? literalText(literals[name]) : whole,
  );
}

function literalText(value: unknown): string {
  return typeof value === 'string' ? `'${value.replace(/'/g, "\\'")}'` : String(value);
}
