import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { auditTrail } from '../auth/audit-trail.ts';
import type { Auth } from '../auth/create-auth.ts';
import { authenticate, requireRole, sameOriginOnly } from '../auth/role-guard.ts';
import type { Logger } from '../logger.ts';
import type { GraphService } from '../services/graph-service.ts';
import type { HealthService } from '../services/health-service.ts';
import type { QueryService } from '../services/query-service.ts';
import type { SavedQueryService } from '../services/saved-query-service.ts';
import type { SeedService } from '../services/seed-service.ts';
import { auditRoutes } from './audit.routes.ts';
import { apiNotFound, errorMiddleware } from './error-middleware.ts';
import { graphRoutes } from './graph.routes.ts';
import { healthRoutes } from './health.routes.ts';
import { openApiRoutes } from './openapi.ts';
import { queryRoutes } from './query.routes.ts';
import { corsPolicy, rateLimited, securityHeaders } from './security.ts';
import { seedRoutes } from './seeds.routes.ts';
import { sessionRoutes } from './session.routes.ts';

export interface AppDeps {
  logger: Logger;
  health: HealthService;
  /** The analyst API; its routes are mounted when given. */
  graph?: GraphService | undefined;
  queries?: QueryService | undefined;
  savedQueries?: SavedQueryService | undefined;
  /** Seed files: list and upload; mounted when given. */
  seeds?: SeedService | undefined;
  /** Built client assets to serve from `/`, when present. */
  clientDir?: string | undefined;
  /** Allowed cross-origin caller; CORS is off when unset. */
  corsOrigin?: string | undefined;
  /** Requests a minute per client on the console (and seed upload). */
  consoleRateLimit?: number | undefined;
  /** Sign-in (ENTENTE_AUTH=local): every API route but health and session needs a user. */
  auth?: Auth | undefined;
  /** Express `trust proxy`, so client addresses and HTTPS are read through a proxy. */
  trustProxy?: boolean | number | string | undefined;
}

/** Builds the HTTP app from its services; listening is the caller's business. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(securityHeaders());
  app.use('/api', corsPolicy(deps.corsOrigin));
  app.use(['/api/query', '/api/queries'], rateLimited(deps.consoleRateLimit ?? 600));
  app.use('/api/seeds', rateLimited(60));
  app.use(express.json({ limit: '1mb' }));

  const api = express.Router();
  api.use(healthRoutes(deps.health));
  if (deps.auth) {
    api.use(authenticate(deps.auth.service), sameOriginOnly(deps.corsOrigin));
    api.use(sessionRoutes(deps.auth));
    guardByRole(api, deps.auth);
  } else {
    api.use(sessionRoutes(undefined));
  }
  if (deps.graph) api.use(graphRoutes(deps.graph));
  if (deps.queries && deps.savedQueries) api.use(queryRoutes(deps.queries, deps.savedQueries));
  if (deps.seeds) api.use(seedRoutes(deps.seeds));
  if (deps.auth) api.use(auditRoutes(deps.auth.audit));
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

/**
 * Who may call what, by path: signed in for everything, analyst for the console and saved
 * questions, admin for seed uploads and the audit trail. Sign-in, console runs and
 * uploads are written to the audit trail.
 */
function guardByRole(api: express.Router, auth: Auth): void {
  api.use(requireRole('viewer'));
  api.use(['/query', '/queries'], requireRole('analyst'));
  api.post('/seeds', requireRole('admin'));
  api.use('/audit', requireRole('admin'));

  api.post(
    '/query',
    auditTrail(auth.audit, 'console-query', (req, answer, ms) => {
      const body = req.body as { cypher?: unknown } | undefined;
      return {
        target: null,
        details: {
          text: typeof body?.cypher === 'string' ? body.cypher.slice(0, 10_000) : null,
          rows: (answer as { rows?: unknown[] } | undefined)?.rows?.length ?? null,
          ms: Math.round(ms),
        },
      };
    }),
  );
  api.post(
    '/queries/:name/run',
    auditTrail(auth.audit, 'saved-query', (req, answer, ms) => ({
      target: String(req.params.name),
      details: {
        rows: (answer as { rows?: unknown[] } | undefined)?.rows?.length ?? null,
        ms: Math.round(ms),
      },
    })),
  );
  api.post(
    '/seeds',
    auditTrail(auth.audit, 'seed-upload', (req, answer) => {
      const file = (answer as { file?: Record<string, unknown> } | undefined)?.file;
      return {
        target: typeof req.query.name === 'string' ? req.query.name : null,
        details: file
          ? {
              status: file.status,
              dryRun: file.dryRun,
              sha256: file.sha256,
              statements: file.statements,
              counters: file.counters,
            }
          : null,
      };
    }),
  );
}
