import { z } from 'zod';
import { SourceResponse, SourcesResponse } from '../api-types.ts';
import type { SourceService } from '../services/source-service.ts';
import { EmptyQuery } from './request-schemas.ts';
import { route } from './route-table.ts';

export const SourceParams = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(512)
    .describe('The source’s `id` property, as relationships name it in `sourceId`'),
});

/** Sources as objects: the list, and one with its text and located evidence. */
export const sourceRoutes = [
  route({
    method: 'get',
    path: '/sources',
    summary: 'Every source, with how many relationships rest on it',
    query: EmptyQuery,
    response: { schema: SourcesResponse, description: 'The sources' },
    errors: [503],
    handle: (sources: SourceService) => sources.list(),
  }),
  route({
    method: 'get',
    path: '/sources/:id',
    summary:
      'A source, its document text, and every relationship resting on it with the quote located in the text',
    params: SourceParams,
    query: EmptyQuery,
    response: { schema: SourceResponse, description: 'The source' },
    errors: [404, 503],
    handle: (sources: SourceService, { params }) => sources.get(params.id),
  }),
];
