import { fileURLToPath } from 'node:url';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { ConsoleRepository } from '../repositories/console-repository.ts';
import { GraphRepository } from '../repositories/graph-repository.ts';
import { InvestigationRepository } from '../repositories/investigation-repository.ts';
import { NodeIdShape } from '../repositories/node-id-shape.ts';
import { SceneReferences } from '../repositories/scene-references.ts';
import { GraphService } from './graph-service.ts';
import { InvestigationService } from './investigation-service.ts';
import { QueryService } from './query-service.ts';
import { SavedQueryService } from './saved-query-service.ts';

export const SAVED_QUERIES_DIR = fileURLToPath(new URL('../../cypher/queries', import.meta.url));

export interface AnalystServices {
  graph: GraphService;
  queries: QueryService;
  savedQueries: SavedQueryService;
  investigations: InvestigationService;
}

/** The analyst API's services over one database. */
export function createAnalystServices(
  db: Database,
  options: {
    queryTimeoutMs: number;
    queryRowCap: number;
    /** The most bytes of rows one console answer holds (10 MB when unset). */
    queryMaxBytes?: number;
    savedQueriesDir?: string;
    logger?: Logger;
  },
): AnalystServices {
  const queries = new QueryService(new ConsoleRepository(db), {
    timeoutMs: options.queryTimeoutMs,
    rowCap: options.queryRowCap,
    ...(options.queryMaxBytes === undefined ? {} : { byteCap: options.queryMaxBytes }),
  });
  return {
    graph: new GraphService(new GraphRepository(db, options.queryTimeoutMs), new NodeIdShape(db)),
    queries,
    savedQueries: new SavedQueryService(
      options.savedQueriesDir ?? SAVED_QUERIES_DIR,
      queries,
      options.logger,
    ),
    investigations: new InvestigationService(
      new InvestigationRepository(db),
      new SceneReferences(db),
    ),
  };
}
