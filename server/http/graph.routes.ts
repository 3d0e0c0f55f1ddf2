import { Router } from 'express';
import type { GraphService } from '../services/graph-service.ts';
import {
  EmptyQuery,
  ExpandBody,
  NeighboursQuery,
  NodeKeyParams,
  NodeParams,
  PathsQuery,
  SearchQuery,
  SubgraphBody,
} from './request-schemas.ts';
import { validate } from './validation.ts';

/** Search, node details, neighbours, expansion, paths and schema. */
export function graphRoutes(graph: GraphService): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const query = validate(SearchQuery, req.query, 'query');
    res.json(await graph.search(query.q, query.labels, query.limit));
  });

  router.get('/nodes/by-key/:key', async (req, res) => {
    validate(EmptyQuery, req.query, 'query');
    const { key } = validate(NodeKeyParams, req.params, 'path');
    res.json(await graph.nodeByKey(key));
  });

  router.get('/nodes/:id', async (req, res) => {
    validate(EmptyQuery, req.query, 'query');
    const { id } = validate(NodeParams, req.params, 'path');
    res.json(await graph.nodeDetails(id));
  });

  router.get('/nodes/:id/neighbors', async (req, res) => {
    const { id } = validate(NodeParams, req.params, 'path');
    const query = validate(NeighboursQuery, req.query, 'query');
    res.json(await graph.neighbours(id, query));
  });

  router.post('/expand', async (req, res) => {
    const body = validate(ExpandBody, req.body, 'body');
    res.json(await graph.expand(body.ids, body));
  });

  router.post('/subgraph', async (req, res) => {
    const body = validate(SubgraphBody, req.body, 'body');
    res.json(await graph.subgraph(body.ids, body.touching));
  });

  router.get('/paths', async (req, res) => {
    const query = validate(PathsQuery, req.query, 'query');
    res.json(await graph.paths(query.from, query.to, query));
  });

  router.get('/schema', async (req, res) => {
    validate(EmptyQuery, req.query, 'query');
    res.json(await graph.schema());
  });

  return router;
}
