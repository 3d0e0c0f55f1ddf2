import type { Database } from '../../server/db/database.ts';
import type { GeneratedGraph, GraphSpec } from './graph-generator.ts';

export type Size = 'small' | 'large' | 'xlarge';
export type Section =
  'loader' | 'api' | 'client' | 'load' | 'investigations' | 'replicas' | 'startup';

/** What every benchmark section gets: the run's one Neo4j and where to write scratch files. */
export interface BenchContext {
  size: Size;
  spec: GraphSpec;
  graph: GeneratedGraph;
  db: Database;
  neo4j: { uri: string; user: string; password: string };
  workDir: string;
  log: (message: string) => void;
  /** Adds a line under the report's header (what ran the section, and how fast it was). */
  note: (line: string) => void;
}

/** One row of the report: a figure, its target, and whether it was met. */
export interface BenchRow {
  section: Section;
  what: string;
  figure: string;
  baseline?: string;
  ratio?: string;
  target?: string;
  met?: boolean;
  /** A stable name for the row, for reports that compare sizes. */
  key?: string;
  /** The row's p95 in ms, when it is a timed row. */
  p95?: number;
}

export async function clearDatabase(db: Database): Promise<void> {
  await db.autoCommit('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
}
