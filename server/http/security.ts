import cors from 'cors';
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { LOOPBACK_NAMES } from '../config.ts';
import type { ErrorBody } from './error-middleware.ts';
import type { RateLimitName } from './route-table.ts';

const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Security headers with a CSP that allows no inline script; workers and blobs (layout
 * worker, PNG export) come from our own origin. `upgrade-insecure-requests` goes only with
 * HTTPS: over plain HTTP it makes the browser ask for https:// assets no one serves, and
 * the page stays blank.
 */
export function securityHeaders(): RequestHandler {
  const overHttp = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { ...CSP_DIRECTIVES, 'upgrade-insecure-requests': null },
    },
    crossOriginEmbedderPolicy: false,
  });
  const overHttps = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { ...CSP_DIRECTIVES, 'upgrade-insecure-requests': [] },
    },
    crossOriginEmbedderPolicy: false,
  });
  // `req.secure` honours X-Forwarded-Proto only from proxies trusted by `trust proxy`.
  return (req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next);
}

/** CORS is off unless an origin is configured; other origins get no CORS headers at all. */
export function corsPolicy(origin: string | undefined): RequestHandler {
  if (!origin) return (_req, _res, next) => next();
  return cors({
    origin: [origin],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    maxAge: 600,
  });
}

/** The name part of a Host header: `Example.org:3000` → `example.org`, `[::1]:3000` → `[::1]`. */
function hostName(header: string): string {
  const trimmed = header.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(0, trimmed.indexOf(']') + 1);
  return trimmed.replace(/:\d*$/, '');
}

/**
 * Answers only requests addressed to a configured host name, so a page on another domain
 * that re-points its DNS name at this machine (DNS rebinding) cannot read the API. `['*']`
 * allows any host.
 */
export const LOOPBACK_HOSTS: readonly string[] = LOOPBACK_NAMES;

export function allowedHosts(hosts: readonly string[]): RequestHandler {
  if (hosts.includes('*')) return (_req, _res, next) => next();
  const allowed = new Set(hosts.map((host) => hostName(host)));
  return (req, res, next) => {
    const header = req.headers.host;
    if (header !== undefined && allowed.has(hostName(header))) {
      next();
      return;
    }
    const body: ErrorBody = {
      error: {
        code: 'HOST_NOT_ALLOWED',
        message:
          'This server does not answer for that host name; add it to ENTENTE_ALLOWED_HOSTS if it is yours.',
      },
    };
    res.status(421).json(body);
  };
}

function limitedBody(message: string): ErrorBody {
  return { error: { code: 'RATE_LIMITED', message } };
}

/** A per-client rate limit answering in the API's error shape; the client is `req.ip`. */
export function rateLimited(
  perMinute: number,
  options: { skip?: (req: Request) => boolean } = {},
): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Proxy trust is the operator's explicit choice (ENTENTE_TRUST_PROXY), documented.
    validate: { trustProxy: false, xForwardedForHeader: false },
    ...(options.skip ? { skip: options.skip } : {}),
    handler: (_req, res) => {
      res
        .status(429)
        .json(limitedBody(`Too many requests: at most ${perMinute} a minute. Try again shortly.`));
    },
  });
}

/**
 * Counts only requests that carry a wrong admin token: a client guessing tokens is stopped,
 * while a request with the right token is never counted nor blocked, whoever else guesses.
 */
export function failedTokenLimit(
  attempts: number,
  windowMs: number,
  hasCorrectToken: (req: Request) => boolean,
): RequestHandler {
  return rateLimit({
    windowMs,
    limit: attempts,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    validate: { trustProxy: false, xForwardedForHeader: false },
    skip: (req) => req.headers.authorization === undefined || hasCorrectToken(req),
    handler: (_req, res) => {
      res
        .status(429)
        .json(
          limitedBody(
            `Too many wrong admin tokens from this client: at most ${attempts} in ${Math.round(windowMs / 60_000)} minutes.`,
          ),
        );
    },
  });
}

/** Requests a minute per client, per route group. */
export interface RateLimits {
  /** The console and saved questions. */
  console: number;
  /** Search, node details, neighbours, expansion, paths, subgraph and schema. */
  data: number;
  /** Seed listing and upload (a request with the right admin token is not counted). */
  seeds: number;
  /** Wrong admin tokens per client in 15 minutes. */
  seedTokenFailures: number;
  /** Published read-only links, opened without a session. */
  published: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  console: 600,
  data: 3_000,
  seeds: 60,
  seedTokenFailures: 20,
  published: 120,
};

/** One named limiter per route group, to attach where each group's routes are mounted. */
export function routeLimiters(
  limits: RateLimits,
  hasCorrectToken: (req: Request) => boolean,
): Record<RateLimitName, RequestHandler> {
  const failures = failedTokenLimit(limits.seedTokenFailures, 15 * 60_000, hasCorrectToken);
  const seeds = rateLimited(limits.seeds, { skip: hasCorrectToken });
  return {
    console: rateLimited(limits.console),
    data: rateLimited(limits.data),
    published: rateLimited(limits.published),
    seeds: (req, res, next) =>
      failures(req, res, (error?: unknown) => (error ? next(error) : seeds(req, res, next))),
  };
}
