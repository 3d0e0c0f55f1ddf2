import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { auditTrail } from '../auth/audit-trail.ts';
import type { Auth } from '../auth/create-auth.ts';
import { authenticate, requireRole, sameOriginOnly } from '../auth/role-guard.ts';
import type { Logger } from '../logger.ts';
import type { GraphService } from '../services/graph-service.ts';
import type { HealthService } from '../services/health-service.ts';
import type { InvestigationServices } from '../services/analyst-services.ts';
import type { QueryService } from '../services/query-service.ts';
import type { SavedQueryService } from '../services/saved-query-service.ts';
import type { SeedService } from '../services/seed-service.ts';
import type { SourceService } from '../services/source-service.ts';
import { auditRoutes } from './audit.routes.ts';
import { apiNotFound, errorMiddleware } from './error-middleware.ts';
import { graphRoutes } from './graph.routes.ts';
import { healthRoutes } from './health.routes.ts';
import { investigationSharingRoutes } from './investigation-sharing.routes.ts';
import { investigationRoutes } from './investigations.routes.ts';
import { openApiRoutes } from './openapi.ts';
import { queryRoutes } from './query.routes.ts';
import { mountRoutes, type Route, type RouteAccess } from './route-table.ts';
import {
  allowedHosts,
  corsPolicy,
  DEFAULT_RATE_LIMITS,
  LOOPBACK_HOSTS,
  routeLimiters,
  securityHeaders,
  type RateLimits,
} from './security.ts';
import { hasAdminToken, seedRoutes } from './seeds.routes.ts';
import { sourceRoutes } from './sources.routes.ts';
import { sessionRoutes } from './session.routes.ts';

/** Every route table of the API; the OpenAPI document describes them all. */
export const API_ROUTES: readonly (readonly Route<never>[])[] = [
  healthRoutes,
  sessionRoutes,
  graphRoutes,
  queryRoutes,
  seedRoutes,
  sourceRoutes,
  auditRoutes,
  investigationRoutes,
  investigationSharingRoutes,
];

export interface AppDeps {
  logger: Logger;
  health: HealthService;
  /** The analyst API; its routes are mounted when given. */
  graph?: GraphService | undefined;
  queries?: QueryService | undefined;
  savedQueries?: SavedQueryService | undefined;
  /** Sources and their documents; mounted when given. */
  sources?: SourceService | undefined;
  /** Saved investigations; mounted when given. */
  investigations?: InvestigationServices | undefined;
  /** Seed files: list and upload; mounted when given. */
  seeds?: SeedService | undefined;
  /** Built client assets to serve from `/`, when present. */
  clientDir?: string | undefined;
  /** Allowed cross-origin caller; CORS is off when unset. */
  corsOrigin?: string | undefined;
  /** Requests a minute per client on the console (same as `rateLimits.console`). */
  consoleRateLimit?: number | undefined;
  /** Sign-in (ENTENTE_AUTH=local): every API route but health and session needs a user. */
  auth?: Auth | undefined;
  /** Requests a minute per client, per route group. */
  rateLimits?: Partial<RateLimits> | undefined;
  /** Express `trust proxy`: which proxies' X-Forwarded-For/-Proto to believe. Off by default. */
  trustProxy?: boolean | number | string | undefined;
  /** Host names the app answers for; `['*']` for any. Loopback names by default. */
  allowedHosts?: readonly string[] | undefined;
}

/** Builds the HTTP app from its services; listening is the caller's business. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(allowedHosts(deps.allowedHosts ?? LOOPBACK_HOSTS));
  app.use(securityHeaders());
  app.use('/api', corsPolicy(deps.corsOrigin));
  app.use(express.json({ limit: '1mb' }));

  // One counter per limit name, whichever routes share it.
  const seeds = deps.seeds;
  const limiters = routeLimiters(
    {
      ...DEFAULT_RATE_LIMITS,
      ...(deps.consoleRateLimit === undefined ? {} : { console: deps.consoleRateLimit }),
      ...deps.rateLimits,
    },
    (req) => (seeds ? hasAdminToken(seeds, req) : false),
  );
  const openApi = openApiRoutes(API_ROUTES);
  const api = express.Router();
  const auth = deps.auth;
  // With sign-in on, each route checks its table's role; sign-in and actions are audited.
  const access: RouteAccess | undefined = auth && {
    guard: requireRole,
    audit: (audit) => auditTrail(auth.audit, audit),
  };
  api.use(mountRoutes(healthRoutes, deps.health, limiters));
  if (auth) api.use(authenticate(auth.service), sameOriginOnly(deps.corsOrigin));
  api.use(mountRoutes(sessionRoutes, auth, limiters, access));
  if (deps.graph) api.use(mountRoutes(graphRoutes, deps.graph, limiters, access));
  if (deps.queries && deps.savedQueries) {
    const services = { queries: deps.queries, saved: deps.savedQueries };
    api.use(mountRoutes(queryRoutes, services, limiters, access));
  }
  if (deps.seeds) api.use(mountRoutes(seedRoutes, deps.seeds, limiters, access));
  if (deps.sources) api.use(mountRoutes(sourceRoutes, deps.sources, limiters, access));
  if (deps.investigations) {
    api.use(mountRoutes(investigationRoutes, deps.investigations, limiters, access));
    api.use(mountRoutes(investigationSharingRoutes, deps.investigations, limiters, access));
  }
  api.use(mountRoutes(auditRoutes, auth, limiters, access));
  api.use(mountRoutes(openApi.table, openApi.document, limiters, access));
  // An unknown path tells a signed-out caller nothing either.
  if (auth) api.use(requireRole('viewer'));
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
