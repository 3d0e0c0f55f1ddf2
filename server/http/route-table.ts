import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { AuditedOutcome } from '../auth/audit-trail.ts';
import type { Role } from '../auth/roles.ts';
import { validate } from './validation.ts';

/**
 * Who may call a route once sign-in is on (ENTENTE_AUTH=local): `public` for anyone, else
 * the least role needed. With sign-in off every route is open, as on a laptop.
 */
export type RouteRole = 'public' | Role;

/** What a route writes to the audit trail once it has answered. */
export interface RouteAudit {
  action: string;
  /** The target and details, from the request and (on success) the answer; never a secret. */
  describe: (req: Request, answer: unknown, ms: number) => AuditedOutcome;
}

/** With sign-in on: the per-route guard and the audit trail the app mounts routes with. */
export interface RouteAccess {
  guard: (role: Role) => RequestHandler;
  audit: (audit: RouteAudit) => RequestHandler;
}

/**
 * The API contract: every endpoint is one entry of a route table — method, path, zod
 * schemas for what it takes and answers, a summary, its middleware. The Express router
 * (`mountRoutes`) and `/api/openapi.json` (`openApiDocument`) are both generated from the
 * tables, so a route cannot be served without being documented, or documented wrongly.
 */

/** Statuses an endpoint may answer with an `ErrorResponse`, beyond 400 (always possible). */
export type ErrorStatus = 401 | 403 | 404 | 408 | 409 | 413 | 415 | 421 | 422 | 429 | 503;

/**
 * Named rate limits; the app makes one counter per name, shared by the routes that use
 * it (the console and the saved questions count together; search, expansion, paths,
 * subgraph and schema are `data`; published read-only links are `published`).
 */
export type RateLimitName = 'console' | 'data' | 'seeds' | 'published';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The upload of a `textBody` route ('' when none came). */
  text: string;
}

type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<
  Service,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Express syntax under `/api`, e.g. `/nodes/:id`. */
  path: string;
  summary: string;
  /** Path parameters, an object schema whose keys are the `:names` of `path`. */
  params?: P;
  /** Query fields, an object schema. Left out: the query string is not looked at. */
  query?: Q;
  /** A JSON body (parsed by the app's JSON parser), or a text upload. */
  body?: B;
  textBody?: { mediaTypes: string[]; limit: string; description: string };
  /**
   * What a success answers. `mediaTypes` other than JSON (a report as HTML, say) are sent
   * by `handle` itself through `res`; the schema then describes that text.
   */
  response: { schema: R; description: string; mediaTypes?: string[] };
  /**
   * For a route that answers `302` (sent by `handle` through `res.redirect`) instead of a
   * body: where the `Location` leads. `response` then describes the redirect.
   */
  redirects?: string;
  /** Other answers in the response's shape, e.g. 503 for an unhealthy health check. */
  alsoAnswers?: { status: number; description: string }[];
  errors: readonly ErrorStatus[];
  rateLimit?: RateLimitName;
  /** Documented as needing the admin bearer token; the check itself is in `before`. */
  security?: 'adminToken';
  /** The least role needed with sign-in on; `viewer` when left out. */
  role?: RouteRole;
  audit?: RouteAudit;
  /** Middleware run after the rate limit and before the body is read and validated. */
  before?: (service: Service) => RequestHandler[];
  handle: (
    service: Service,
    input: RouteInput<Output<P>, Output<Q>, Output<B>>,
    res: Response,
  ) => Promise<z.input<R>> | z.input<R>;
}

/** A route with its schema types erased, as tables and generators hold it. */
export interface Route<Service> {
  method: HttpMethod;
  path: string;
  summary: string;
  params?: z.ZodType | undefined;
  query?: z.ZodType | undefined;
  body?: z.ZodType | undefined;
  textBody?: RouteSpec<Service>['textBody'];
  response: { schema: z.ZodType; description: string; mediaTypes?: string[] | undefined };
  redirects?: string | undefined;
  alsoAnswers?: { status: number; description: string }[] | undefined;
  errors: readonly ErrorStatus[];
  rateLimit?: RateLimitName | undefined;
  security?: 'adminToken' | undefined;
  role?: RouteRole | undefined;
  audit?: RouteAudit | undefined;
  before?: ((service: Service) => RequestHandler[]) | undefined;
  handle: (
    service: Service,
    input: RouteInput<unknown, unknown, unknown>,
    res: Response,
  ) => unknown;
}

/** Checks one route's handler against its schemas, then erases their types. */
export function route<
  Service,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<Service, P, Q, B, R>): Route<Service> {
  return spec as unknown as Route<Service>;
}

/**
 * Builds the Express router of one table, bound to its service. With `access` (sign-in
 * on), each route first checks its role, then notes itself for the audit trail.
 */
export function mountRoutes<Service>(
  routes: readonly Route<Service>[],
  service: Service,
  limiters: Record<RateLimitName, RequestHandler>,
  access?: RouteAccess,
): Router {
  const router = Router();
  for (const spec of routes) {
    const handlers: RequestHandler[] = [];
    const role = spec.role ?? 'viewer';
    if (access && role !== 'public') handlers.push(access.guard(role));
    if (access && spec.audit) handlers.push(access.audit(spec.audit));
    if (spec.rateLimit) handlers.push(limiters[spec.rateLimit]);
    if (spec.before) handlers.push(...spec.before(service));
    if (spec.textBody) {
      handlers.push(express.text({ type: spec.textBody.mediaTypes, limit: spec.textBody.limit }));
    }
    handlers.push(async (req: Request, res: Response) => {
      const input = {
        params: spec.params ? validate(spec.params, req.params, 'path') : undefined,
        query: spec.query ? validate(spec.query, req.query, 'query') : undefined,
        body: spec.body ? validate(spec.body, req.body, 'body') : undefined,
        text: spec.textBody && typeof req.body === 'string' ? req.body : '',
      };
      const body = await spec.handle(service, input, res);
      if (!res.headersSent) res.json(body);
    });
    router[spec.method](spec.path, ...handlers);
  }
  return router;
}

/** `/nodes/:id` → `/api/nodes/{id}`. */
export function openApiPath(path: string): string {
  return `/api${path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')}`;
}
