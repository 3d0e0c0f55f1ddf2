import { Router } from 'express';
import type { SavedQueriesResponse } from '../api-types.ts';
import type { QueryService } from '../services/query-service.ts';
import type { SavedQueryService } from '../services/saved-query-service.ts';
import { EmptyQuery, QueryBody, SavedQueryParams, SavedQueryRunBody } from './request-schemas.ts';
import { validate } from './validation.ts';

/** The read-only console and the saved questions. */
export function queryRoutes(queries: QueryService, saved: SavedQueryService): Router {
  const router = Router();

  router.post('/query', async (req, res) => {
    const body = validate(QueryBody, req.body, 'body');
    res.json(await queries.run(body.cypher, body.params ?? {}, body.limit));
  });

  router.get('/queries', async (req, res) => {
    validate(EmptyQuery, req.query, 'query');
    const body: SavedQueriesResponse = { queries: await saved.list() };
    res.json(body);
  });

  router.post('/queries/:name/run', async (req, res) => {
    const { name } = validate(SavedQueryParams, req.params, 'path');
    const body = validate(SavedQueryRunBody, req.body, 'body');
    res.json(await saved.run(name, body.params ?? {}, body.limit));
  });

  return router;
}
