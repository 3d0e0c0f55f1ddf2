import { z } from 'zod';
import * as responses from '../api-types.ts';
import * as investigationResponses from '../investigation-types.ts';
import * as requests from './request-schemas.ts';
import { openApiPath, route, type Route } from './route-table.ts';

type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; the message names the field',
  401: 'Not signed in (with sign-in on), or the admin token is missing or wrong',
  403: 'Refused: the signed-in role is too low, a write came from another site, the console is read-only, or uploads are off without an admin token',
  404: 'No such node, saved question, investigation or endpoint',
  409: 'The investigation changed since baseVersion; details carry currentVersion',
  408: 'The query ran past its time limit',
  413: 'The body is larger than this endpoint accepts',
  415: 'The body is not of a media type this endpoint reads',
  421: 'The Host header names a host this server does not answer for',
  422: 'The query needs more memory than the database allows one query',
  429: 'Too many requests from this client; try again shortly',
  503: 'Neo4j is unreachable, or busy (DATABASE_BUSY: no memory, transaction or connection free)',
};

/** Every exported zod schema of a module, by its export name. */
function namedSchemas(module: Record<string, unknown>): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const [name, value] of Object.entries(module)) {
    if (value instanceof z.ZodType) names.set(value, name);
  }
  return names;
}

const responseNames = namedSchemas({ ...responses, ...investigationResponses });
const requestNames = namedSchemas(requests);

function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * Named schemas become components, referenced from the document root, so recursive ones
 * (JsonValue) need no local `$defs` that tools resolving `$ref`s cannot follow.
 */
function components(
  named: Map<z.ZodType, string>,
  io: 'input' | 'output',
): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of named) registry.add(schema, { id });
  registry.add(responses.JsonValue, { id: 'JsonValue' });
  const generated = z.toJSONSchema(registry, {
    io,
    unrepresentable: 'any',
    uri: (id) => `${COMPONENTS}${id}`,
  });
  return Object.fromEntries(
    Object.entries(generated.schemas).map(([id, schema]) => [id, clean(schema as JsonSchema)]),
  );
}

function schemaOf(schema: z.ZodType, names: Map<z.ZodType, string>, io: 'input' | 'output') {
  const name = names.get(schema);
  if (name) return { $ref: `${COMPONENTS}${name}` };
  return clean(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema);
}

/** OpenAPI parameters from an object schema's properties. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const object = schemaOf(schema, new Map(), 'input') as {
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

function requestBody(spec: Route<never>): JsonSchema | undefined {
  if (spec.body) {
    return {
      required: true,
      content: { 'application/json': { schema: schemaOf(spec.body, requestNames, 'input') } },
    };
  }
  if (spec.textBody) {
    const schema = { type: 'string', description: spec.textBody.description };
    return {
      required: true,
      content: Object.fromEntries(spec.textBody.mediaTypes.map((type) => [type, { schema }])),
    };
  }
  return undefined;
}

/** The error statuses of a route: its own, and those its body and rate limit bring. */
function errorStatuses(spec: Route<never>): number[] {
  const statuses = new Set<number>(spec.errors);
  if (spec.params || spec.query || spec.body || spec.textBody) statuses.add(400);
  if (spec.body || spec.textBody) statuses.add(413);
  if (spec.textBody) statuses.add(415);
  if (spec.rateLimit) statuses.add(429);
  if (spec.security) statuses.add(401);
  if ((spec.role ?? 'viewer') !== 'public') {
    statuses.add(401);
    statuses.add(403);
  }
  return [...statuses].sort((a, b) => a - b);
}

function operation(spec: Route<never>): JsonSchema {
  const schema = schemaOf(spec.response.schema, responseNames, 'output');
  const answer = {
    content: Object.fromEntries(
      (spec.response.mediaTypes ?? ['application/json']).map((type) => [type, { schema }]),
    ),
  };
  const errorAnswer = {
    content: { 'application/json': { schema: { $ref: `${COMPONENTS}ErrorResponse` } } },
  };
  const answers: Record<string, JsonSchema> = spec.redirects
    ? {
        '302': {
          description: spec.response.description,
          headers: {
            Location: { description: spec.redirects, schema: { type: 'string' } },
          },
        },
      }
    : { '200': { description: spec.response.description, ...answer } };
  for (const other of spec.alsoAnswers ?? []) {
    answers[String(other.status)] = { description: other.description, ...answer };
  }
  for (const status of errorStatuses(spec)) {
    answers[String(status)] ??= {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      ...errorAnswer,
    };
  }
  const body = requestBody(spec);
  const params = [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')];
  return {
    summary: spec.summary,
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    ...(spec.security ? { security: [{ [spec.security]: [] }] } : {}),
    // With ENTENTE_AUTH=local: the least role needed (a session cookie or the admin token).
    'x-entente-role': spec.role ?? 'viewer',
    responses: answers,
  };
}

/** The API description, generated from the route tables the router is built from. */
export function openApiDocument(tables: readonly (readonly Route<never>[])[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of tables.flat()) {
    const path = openApiPath(spec.path);
    paths[path] = { ...paths[path], [spec.method]: operation(spec) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Entente analyst API',
      version: '0.1.0',
      description:
        'Search, expand and connect a Neo4j knowledge graph; run read-only Cypher and saved questions; load seed files. Ids are Neo4j elementIds. Every error answers `ErrorResponse`.',
    },
    paths,
    components: {
      schemas: {
        ...components(requestsUsed(tables), 'input'),
        ...components(responseNames, 'output'),
      },
      securitySchemes: {
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'ENTENTE_ADMIN_TOKEN of the server',
        },
      },
    },
  };
}

/** Request bodies the tables use, by name (query and path schemas become parameters). */
function requestsUsed(tables: readonly (readonly Route<never>[])[]): Map<z.ZodType, string> {
  const used = new Map<z.ZodType, string>();
  for (const spec of tables.flat()) {
    const name = spec.body && requestNames.get(spec.body);
    if (spec.body && name) used.set(spec.body, name);
  }
  return used;
}

const OpenApiDocument = z.record(z.string(), z.unknown());

/** Serves the document built once from the tables it is given (its own included). */
export function openApiRoutes(tables: readonly (readonly Route<never>[])[]) {
  const table = [
    route({
      method: 'get',
      path: '/openapi.json',
      summary: 'This document (OpenAPI 3.1)',
      response: { schema: OpenApiDocument, description: 'The API description' },
      errors: [],
      handle: (document: Record<string, unknown>) => document,
    }),
  ];
  return { table, document: openApiDocument([...tables, table as Route<never>[]]) };
}
