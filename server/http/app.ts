import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from '../logger.ts';
import type { GraphService } from '../services/graph-service.ts';
import type { HealthService } from '../services/health-service.ts';
import type { InvestigationService } from '../services/investigation-service.ts';
import type { QueryService } from '../services/query-service.ts';
import type { SavedQueryService } from '../services/saved-query-service.ts';
import type { SeedService } from '../services/seed-service.ts';
import { apiNotFound, errorMiddleware } from './error-middleware.ts';
import { graphRoutes } from './graph.routes.ts';
import { healthRoutes } from './health.routes.ts';
import { investigationRoutes } from './investigations.routes.ts';
import { openApiRoutes } from './openapi.ts';
import { queryRoutes } from './query.routes.ts';
import { corsPolicy, rateLimited, securityHeaders } from './security.ts';
import { seedRoutes } from './seeds.routes.ts';

export interface AppDeps {
  logger: Logger;
  health: HealthService;
  /** The analyst API; its routes are mounted when given. */
  graph?: GraphService | undefined;
  queries?: QueryService | undefined;
  savedQueries?: SavedQueryService | undefined;
  /** Saved investigations; mounted when given. */
  investigations?: InvestigationService | undefined;
  /** Seed files: list and upload; mounted when given. */
  seeds?: SeedService | undefined;
  /** Built client assets to serve from `/`, when present. */
  clientDir?: string | undefined;
  /** Allowed cross-origin caller; CORS is off when unset. */
  corsOrigin?: string | undefined;
  /** Requests a minute per client on the console (and seed upload). */
  consoleRateLimit?: number | undefined;
}

/** Builds the HTTP app from its services; listening is the caller's business. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders());
  app.use('/api', corsPolicy(deps.corsOrigin));
  app.use(['/api/query', '/api/queries'], rateLimited(deps.consoleRateLimit ?? 600));
  app.use('/api/seeds', rateLimited(60));
  app.use(express.json({ limit: '1mb' }));

  const api = express.Router();
  api.use(healthRoutes(deps.health));
  if (deps.graph) api.use(graphRoutes(deps.graph));
  if (deps.queries && deps.savedQueries) api.use(queryRoutes(deps.queries, deps.savedQueries));
  if (deps.seeds) api.use(seedRoutes(deps.seeds));
  if (deps.investigations) api.use(investigationRoutes(deps.investigations));
  api.use(openApiRoutes());
  api.use(apiNotFound);
  app.use('/api', api);

  if (deps.clientDir && existsSync(join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir;
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(clientDir, 'index.html')));
  }

  app.use(errorMiddleware(deps.logger));
  return app;
}
