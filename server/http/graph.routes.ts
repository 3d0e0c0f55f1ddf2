import {
  ExpandResponse,
  GraphPayload,
  NeighborsResponse,
  NodeDetailsResponse,
  PathsResponse,
  SchemaResponse,
  SearchResponse,
} from '../api-types.ts';
import type { GraphService } from '../services/graph-service.ts';
import {
  EmptyQuery,
  ExpandBody,
  NeighboursQuery,
  NodeParams,
  PathsQuery,
  SearchQuery,
  SubgraphBody,
} from './request-schemas.ts';
import { route } from './route-table.ts';

/** Search, node details, neighbours, expansion, paths and schema. */
export const graphRoutes = [
  route({
    method: 'get',
    path: '/search',
    summary: 'Full-text search over names, titles and aliases',
    query: SearchQuery,
    response: { schema: SearchResponse, description: 'Matching nodes, best first' },
    errors: [503],
    handle: (graph: GraphService, { query }) => graph.search(query.q, query.labels, query.limit),
  }),
  route({
    method: 'get',
    path: '/nodes/:id',
    summary: 'A node, its degree per relationship type and direction, and its sources',
    params: NodeParams,
    query: EmptyQuery,
    response: { schema: NodeDetailsResponse, description: 'The node' },
    errors: [404, 503],
    handle: (graph: GraphService, { params }) => graph.nodeDetails(params.id),
  }),
  route({
    method: 'get',
    path: '/nodes/:id/neighbors',
    summary: 'One page of a node’s neighbours',
    params: NodeParams,
    query: NeighboursQuery,
    response: { schema: NeighborsResponse, description: 'A page' },
    errors: [404, 503],
    handle: (graph: GraphService, { params, query }) => graph.neighbours(params.id, query),
  }),
  route({
    method: 'post',
    path: '/expand',
    summary: 'Neighbours of several nodes, with the edges among all of them',
    body: ExpandBody,
    response: { schema: ExpandResponse, description: 'The expansion' },
    errors: [404, 503],
    handle: (graph: GraphService, { body }) => graph.expand(body.ids, body),
  }),
  route({
    method: 'post',
    path: '/subgraph',
    summary: 'Nodes by id and the relationships among them (reopening or completing a scene)',
    body: SubgraphBody,
    response: {
      schema: GraphPayload,
      description: 'The nodes that exist and their relationships',
    },
    errors: [503],
    handle: (graph: GraphService, { body }) => graph.subgraph(body.ids, body.touching),
  }),
  route({
    method: 'get',
    path: '/paths',
    summary: 'All shortest paths between two nodes',
    query: PathsQuery,
    response: { schema: PathsResponse, description: 'The paths' },
    errors: [404, 408, 503],
    handle: (graph: GraphService, { query }) => graph.paths(query.from, query.to, query),
  }),
  route({
    method: 'get',
    path: '/schema',
    summary: 'Labels and relationship types with counts, property keys, indexes',
    query: EmptyQuery,
    response: { schema: SchemaResponse, description: 'The schema' },
    errors: [503],
    handle: (graph: GraphService) => graph.schema(),
  }),
];
