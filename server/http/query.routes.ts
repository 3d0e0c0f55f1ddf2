import { QueryResponse, SavedQueriesResponse } from '../api-types.ts';
import type { QueryService } from '../services/query-service.ts';
import type { SavedQueryService } from '../services/saved-query-service.ts';
import { EmptyQuery, QueryBody, SavedQueryParams, SavedQueryRunBody } from './request-schemas.ts';
import { route } from './route-table.ts';

export interface ConsoleServices {
  queries: QueryService;
  saved: SavedQueryService;
}

/** The read-only console and the saved questions. */
export const queryRoutes = [
  route({
    method: 'post',
    path: '/query',
    summary: 'Run one read-only Cypher statement',
    body: QueryBody,
    response: { schema: QueryResponse, description: 'Rows and graph' },
    errors: [403, 408, 422, 503],
    rateLimit: 'console',
    role: 'analyst',
    audit: {
      action: 'console-query',
      describe: (req, answer, ms) => {
        const body = req.body as { cypher?: unknown } | undefined;
        return {
          target: null,
          details: {
            text: typeof body?.cypher === 'string' ? body.cypher.slice(0, 10_000) : null,
            rows: (answer as QueryResponse | undefined)?.rows.length ?? null,
            ms: Math.round(ms),
          },
        };
      },
    },
    handle: ({ queries }: ConsoleServices, { body }) =>
      queries.run(body.cypher, body.params ?? {}, body.limit),
  }),
  route({
    method: 'get',
    path: '/queries',
    summary: 'The saved analyst questions',
    query: EmptyQuery,
    response: { schema: SavedQueriesResponse, description: 'The questions' },
    errors: [],
    rateLimit: 'console',
    role: 'analyst',
    handle: async ({ saved }: ConsoleServices) => ({ queries: await saved.list() }),
  }),
  route({
    method: 'post',
    path: '/queries/:name/run',
    summary: 'Run a saved question with parameters',
    params: SavedQueryParams,
    body: SavedQueryRunBody,
    response: { schema: QueryResponse, description: 'Rows and graph' },
    errors: [403, 404, 408, 422, 503],
    rateLimit: 'console',
    role: 'analyst',
    audit: {
      action: 'saved-query',
      describe: (req, answer, ms) => ({
        target: String(req.params.name),
        details: {
          rows: (answer as QueryResponse | undefined)?.rows.length ?? null,
          ms: Math.round(ms),
        },
      }),
    },
    handle: ({ saved }: ConsoleServices, { params, body }) =>
      saved.run(params.name, body.params ?? {}, body.limit),
  }),
];
