import { Router } from 'express';
import { z } from 'zod';
import type { SourceService } from '../services/source-service.ts';
import { EmptyQuery } from './request-schemas.ts';
import { validate } from './validation.ts';

export const SourceParams = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(512)
    .describe('The source’s `id` property, as relationships name it in `sourceId`'),
});

/** Sources as objects: the list, and one with its text and located evidence. */
export function sourceRoutes(sources: SourceService): Router {
  const router = Router();

  router.get('/sources', async (req, res) => {
    validate(EmptyQuery, req.query, 'query');
    res.json(await sources.list());
  });

  router.get('/sources/:id', async (req, res) => {
    validate(EmptyQuery, req.query, 'query');
    const { id } = validate(SourceParams, req.params, 'path');
    res.json(await sources.get(id));
  });

  return router;
}
