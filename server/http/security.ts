import cors from 'cors';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { ErrorBody } from './error-middleware.ts';

/**
 * Security headers with a CSP that allows no inline script; workers and blobs (layout
 * worker, PNG export) come from our own origin.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'worker-src': ["'self'", 'blob:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
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

/** A per-client rate limit answering in the API's error shape. */
export function rateLimited(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      const body: ErrorBody = {
        error: {
          code: 'RATE_LIMITED',
          message: `Too many requests: at most ${perMinute} a minute. Try again shortly.`,
        },
      };
      res.status(429).json(body);
    },
  });
}
