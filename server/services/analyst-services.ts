import { fileURLToPath } from 'node:url';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { ConsoleRepository } from '../repositories/console-repository.ts';
import { GraphRepository } from '../repositories/graph-repository.ts';
import { SourceRepository } from '../repositories/source-repository.ts';
import { InvestigationRepository } from '../repositories/investigation-repository.ts';
import { NodeIdShape } from '../repositories/node-id-shape.ts';
import { SceneReferences } from '../repositories/scene-references.ts';
import { GraphService } from './graph-service.ts';
import { SourceService } from './source-service.ts';
import { InvestigationSharingRepository } from '../repositories/investigation-sharing-repository.ts';
import { InvestigationNoteService } from './investigation-note-service.ts';
import { InvestigationService } from './investigation-service.ts';
import { InvestigationSharingService } from './investigation-sharing-service.ts';
import { QueryService } from './query-service.ts';
import { SavedQueryService } from './saved-query-service.ts';

export const CYPHER_DIR = fileURLToPath(new URL('../../cypher', import.meta.url));
export const SAVED_QUERIES_DIR = fileURLToPath(new URL('../../cypher/queries', import.meta.url));

/** Investigations: saving and reading, notes, and sharing (links included). */
export interface InvestigationServices {
  investigations: InvestigationService;
  notes: InvestigationNoteService;
  sharing: InvestigationSharingService;
}

export interface AnalystServices {
  graph: GraphService;
  queries: QueryService;
  savedQueries: SavedQueryService;
  sources: SourceService;
  investigations: InvestigationServices;
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
    /** Where source documents (`textFile`) resolve; the project's cypher/ by default. */
    cypherDir?: string;
    logger?: Logger;
  },
): AnalystServices {
  const sources = new SourceService(
    new SourceRepository(db, options.queryTimeoutMs),
    options.cypherDir ?? CYPHER_DIR,
  );
  const queries = new QueryService(
    new ConsoleRepository(db),
    {
      timeoutMs: options.queryTimeoutMs,
      rowCap: options.queryRowCap,
      ...(options.queryMaxBytes === undefined ? {} : { byteCap: options.queryMaxBytes }),
    },
    sources,
  );
  const graph = new GraphService(
    new GraphRepository(db, options.queryTimeoutMs),
    new NodeIdShape(db),
    sources,
  );
  const investigationRepository = new InvestigationRepository(db);
  const investigations = new InvestigationService(investigationRepository, new SceneReferences(db));
  return {
    sources,
    graph,
    queries,
    savedQueries: new SavedQueryService(
      options.savedQueriesDir ?? SAVED_QUERIES_DIR,
      queries,
      options.logger,
    ),
    investigations: {
      investigations,
      notes: new InvestigationNoteService(investigationRepository, investigations),
      sharing: new InvestigationSharingService(
        new InvestigationSharingRepository(db),
        investigations,
        (ids) => graph.subgraph(ids),
        () => graph.labels(),
      ),
    },
  };
}
