import { z } from 'zod';
import { JsonValue } from '../api-types.ts';

/**
 * Every request the analyst API accepts, as zod schemas. Routes validate with them and
 * `/api/openapi.json` is generated from them, so the two cannot drift apart.
 */

const NEIGHBOUR_LIMIT_MAX = 500;

const elementId = z.string().min(1).max(256).describe('A Neo4j elementId');

/** `types=A,B` or `types=A&types=B`. */
const nameList = (what: string) =>
  z
    .union([z.string().max(4_000), z.array(z.string().max(256)).max(100)])
    .transform((value) =>
      (Array.isArray(value) ? value : value.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .pipe(z.array(z.string().min(1).max(256)).max(100))
    .describe(`${what}, comma-separated or repeated`);

/** Stances a path may be asked to go through; `denial` is accepted ahead of the data using it. */
const PATH_STANCES = ['reported', 'claim', 'opinion', 'speculation', 'forecast', 'denial'] as const;

const direction = z.enum(['in', 'out', 'both']);

const queryInteger = (min: number, max: number, fallback: number, what: string) =>
  z.coerce.number().int().min(min).max(max).default(fallback).describe(what);

export const SearchQuery = z.strictObject({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('What to look for: a name, title or alias, in any script'),
  labels: nameList('Only nodes with one of these labels').optional(),
  limit: queryInteger(1, 100, 20, 'How many results (1–100)'),
});

export const NodeParams = z.strictObject({ id: elementId });

export const NodeKeyParams = z.strictObject({
  key: z
    .string()
    .min(1)
    .max(256)
    .describe('The stable `id` property seed files give a node, e.g. org:critical-threats-project'),
});

export const NeighboursQuery = z.strictObject({
  types: nameList('Only relationships of these types').optional(),
  direction: direction.default('both').describe('Which relationships: in, out or both'),
  limit: queryInteger(1, NEIGHBOUR_LIMIT_MAX, 50, 'Page size (1–500)'),
  cursor: z.string().min(1).max(500).optional().describe('nextCursor of the previous page'),
});

export const NodeDetailsQuery = z.strictObject({});

export const ExpandBody = z.strictObject({
  ids: z.array(elementId).min(1).max(100).describe('The nodes to expand'),
  types: z.array(z.string().min(1).max(256)).max(100).optional(),
  direction: direction.optional(),
  limit: z.number().int().min(1).max(NEIGHBOUR_LIMIT_MAX).optional().describe('Per node (1–500)'),
});

/** The most nodes a scene hands the API at once (a scene link, or a whole canvas). */
export const SUBGRAPH_MAX_IDS = 5000;

export const SubgraphBody = z.strictObject({
  ids: z
    .array(elementId)
    .min(1)
    .max(SUBGRAPH_MAX_IDS)
    .describe('The nodes; those that no longer exist are left out of the answer'),
  touching: z
    .array(elementId)
    .max(SUBGRAPH_MAX_IDS)
    .optional()
    .describe('Only relationships with an end among these nodes, and only these nodes back'),
});

export const PathsQuery = z.strictObject({
  from: elementId,
  to: elementId,
  maxHops: z.coerce
    .number()
    .int()
    .min(1)
    .default(6)
    .describe('Longest path searched (1–10; more is refused)'),
  types: nameList('Only relationships of these types').optional(),
  stances: nameList(
    'Only relationships with one of these stances count (those without a stance always do)',
  )
    .pipe(z.array(z.enum(PATH_STANCES)))
    .optional(),
  limit: queryInteger(1, 100, 10, 'How many paths (1–100)'),
});

export const EmptyQuery = z.strictObject({});

export const QueryBody = z.strictObject({
  cypher: z.string().trim().min(1).max(100_000).describe('One read-only Cypher statement'),
  params: z.record(z.string().max(256), JsonValue).optional().describe('Query parameters'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('Row cap; never above the server’s'),
});

export const SavedQueryParams = z.strictObject({
  name: z.string().min(1).max(100),
});

export const SavedQueryRunBody = z.strictObject({
  params: z.record(z.string().max(256), JsonValue).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});

/** Request bodies as the client sends them (defaults not yet applied). */
export type ExpandRequest = z.input<typeof ExpandBody>;
export type SubgraphRequest = z.input<typeof SubgraphBody>;
export type QueryRequest = z.input<typeof QueryBody>;
export type SavedQueryRunRequest = z.input<typeof SavedQueryRunBody>;
