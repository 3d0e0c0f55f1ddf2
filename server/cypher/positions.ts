/**
 * Line and column arithmetic for Cypher text: offsets inside a statement mapped to the
 * file or console text it came from, and Neo4j's own `(line L, column C (offset: O))`
 * read back out of its error messages. Lines and columns are 1-based; lines end at `\n`.
 */

export interface Position {
  line: number;
  col: number;
}

/** The position of `offset` inside `text`, which itself starts at `start`. */
export function positionIn(text: string, offset: number, start: Position = { line: 1, col: 1 }) {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const newlines = before.split('\n').length - 1;
  return {
    line: start.line + newlines,
    col: newlines === 0 ? start.col + before.length : before.length - before.lastIndexOf('\n'),
  };
}

const NEO4J_POSITION = /\s*\(line (\d+), column (\d+) \(offset: (\d+)\)\)/;

export interface Neo4jPosition {
  line: number;
  col: number;
  offset: number;
  /** The first line of the message with the position taken out. */
  message: string;
}

/** The position Neo4j put in the first line of an error message, if any. */
export function neo4jPosition(errorMessage: string): Neo4jPosition | { message: string } {
  const firstLine = errorMessage.split('\n')[0] ?? errorMessage;
  const message = firstLine.replace(NEO4J_POSITION, '').trim();
  const match = NEO4J_POSITION.exec(firstLine);
  if (!match) return { message };
  return { line: Number(match[1]), col: Number(match[2]), offset: Number(match[3]), message };
}

/**
 * Maps a position Neo4j reported inside the text it was sent onto the statement's place
 * in its file, minus `prefixLines` lines the caller put in front (`EXPLAIN\n`). Falls
 * back to the statement's start when Neo4j named no position inside the statement.
 */
export function locateInFile(
  errorMessage: string,
  statement: Position,
  prefixLines: number,
): Position & { message: string } {
  const found = neo4jPosition(errorMessage);
  if (!('line' in found)) return { ...statement, message: found.message };
  const line = found.line - prefixLines;
  if (line < 1) return { ...statement, message: found.message };
  return {
    line: statement.line + line - 1,
    col: line === 1 ? statement.col + found.col - 1 : found.col,
    message: found.message,
  };
}
