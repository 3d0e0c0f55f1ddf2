import { Router } from 'express';
import { z } from 'zod';
import {
  ExpandBody,
  NeighboursQuery,
  NodeKeyParams,
  NodeParams,
  PathsQuery,
  QueryBody,
  SavedQueryParams,
  SavedQueryRunBody,
  SearchQuery,
  SubgraphBody,
} from './request-schemas.ts';

type JsonSchema = Record<string, unknown>;

const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable UPPER_SNAKE code, e.g. INVALID_REQUEST, NOT_FOUND'),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/** OpenAPI parameters from an object schema's properties. */
function parameters(schema: z.ZodType, where: 'query' | 'path'): JsonSchema[] {
  const object = jsonSchema(schema) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function body(schema: z.ZodType) {
  return { required: true, content: { 'application/json': { schema: jsonSchema(schema) } } };
}

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: ERROR_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; the message names the field',
  403: 'Refused: the console is read-only',
  404: 'No such node or saved query',
  408: 'The query ran past its time limit',
  503: 'Neo4j is unreachable',
};

const ok = (description: string, type: string) => ({
  '200': { description: `${description} (\`${type}\` in server/api-types.ts)` },
});

/** The API description, generated from the schemas the routes validate with. */
export function openApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Entente analyst API',
      version: '0.1.0',
      description:
        'Search, expand and connect a Neo4j knowledge graph; run read-only Cypher and saved questions. Ids are Neo4j elementIds.',
    },
    paths: {
      '/api/search': {
        get: {
          summary: 'Full-text search over names, titles and aliases',
          parameters: parameters(SearchQuery, 'query'),
          responses: { ...ok('Matching nodes, best first', 'SearchResponse'), ...errors(400, 503) },
        },
      },
      '/api/nodes/by-key/{key}': {
        get: {
          summary: 'The node whose `id` property is the key (as in claimedBy and sourceId)',
          parameters: parameters(NodeKeyParams, 'path'),
          responses: { ...ok('The node', 'GraphNode'), ...errors(400, 404, 503) },
        },
      },
      '/api/nodes/{id}': {
        get: {
          summary: 'A node, its degree per relationship type and direction, and its sources',
          parameters: parameters(NodeParams, 'path'),
          responses: { ...ok('The node', 'NodeDetailsResponse'), ...errors(400, 404, 503) },
        },
      },
      '/api/nodes/{id}/neighbors': {
        get: {
          summary: 'One page of a node’s neighbours',
          parameters: [...parameters(NodeParams, 'path'), ...parameters(NeighboursQuery, 'query')],
          responses: { ...ok('A page', 'NeighborsResponse'), ...errors(400, 404, 503) },
        },
      },
      '/api/expand': {
        post: {
          summary: 'Neighbours of several nodes, with the edges among all of them',
          requestBody: body(ExpandBody),
          responses: { ...ok('The expansion', 'ExpandResponse'), ...errors(400, 404, 503) },
        },
      },
      '/api/subgraph': {
        post: {
          summary: 'Nodes by id and the relationships among them (reopening or completing a scene)',
          requestBody: body(SubgraphBody),
          responses: {
            ...ok('The nodes that exist and their relationships', 'GraphPayload'),
            ...errors(400, 503),
          },
        },
      },
      '/api/paths': {
        get: {
          summary: 'All shortest paths between two nodes',
          parameters: parameters(PathsQuery, 'query'),
          responses: { ...ok('The paths', 'PathsResponse'), ...errors(400, 404, 408, 503) },
        },
      },
      '/api/schema': {
        get: {
          summary: 'Labels and relationship types with counts, property keys, indexes',
          responses: { ...ok('The schema', 'SchemaResponse'), ...errors(503) },
        },
      },
      '/api/query': {
        post: {
          summary: 'Run one read-only Cypher statement',
          requestBody: body(QueryBody),
          responses: { ...ok('Rows and graph', 'QueryResponse'), ...errors(400, 403, 408, 503) },
        },
      },
      '/api/queries': {
        get: {
          summary: 'The saved analyst questions',
          responses: ok('The questions', 'SavedQueriesResponse'),
        },
      },
      '/api/queries/{name}/run': {
        post: {
          summary: 'Run a saved question with parameters',
          parameters: parameters(SavedQueryParams, 'path'),
          requestBody: body(SavedQueryRunBody),
          responses: {
            ...ok('Rows and graph', 'QueryResponse'),
            ...errors(400, 403, 404, 408, 503),
          },
        },
      },
      '/api/health': {
        get: {
          summary: 'Whether Neo4j answers',
          responses: {
            '200': { description: 'Healthy (`HealthResponse`)' },
            '503': { description: 'Neo4j is unreachable (`HealthResponse`)' },
          },
        },
      },
    },
    components: { schemas: { Error: jsonSchema(ErrorBody) } },
  };
}

export function openApiRoutes(): Router {
  const router = Router();
  const document = openApiDocument();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  return router;
}
