import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from '../logger.ts';
import type { HealthService } from '../services/health-service.ts';
import { apiNotFound, errorMiddleware } from './error-middleware.ts';
import { healthRoutes } from './health.routes.ts';

export interface AppDeps {
  logger: Logger;
  health: HealthService;
  /** Built client assets to serve from `/`, when present. */
  clientDir?: string | undefined;
}

/** Builds the HTTP app from its services; listening is the caller's business. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '1mb' }));

  const api = express.Router();
  api.use(healthRoutes(deps.health));
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
