import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import { unauthenticated, type AuthService } from './auth-service.ts';
import { type Identity, type Role, roleAtLeast } from './roles.ts';
import { readCookie, SESSION_COOKIE } from './session-cookie.ts';

declare module 'express-serve-static-core' {
  interface Locals {
    /** Who the request acts for; unset when auth is off or nobody signed in. */
    identity?: Identity | undefined;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function bearerOf(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  return match?.[1];
}

export function sessionCookieOf(req: Request): string | undefined {
  return readCookie(req.get('cookie'), SESSION_COOKIE);
}

/** The address a request came from (behind `trust proxy`, the client's). */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Finds who the request acts for: the admin token, else the session cookie. */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    res.locals.identity =
      auth.identifyToken(bearerOf(req)) ?? (await auth.identify(sessionCookieOf(req))) ?? undefined;
    next();
  };
}

/** 401 without an identity; 403 when its role is below `role`. */
export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    const identity = res.locals.identity;
    if (!identity) throw unauthenticated();
    if (!roleAtLeast(identity.role, role)) {
      throw new AppError('FORBIDDEN_ROLE', `This needs the ${role} role.`, 403, {
        details: { required: role, role: identity.role },
      });
    }
    next();
  };
}

/**
 * CSRF protection: a state-changing request carrying the session cookie must come from a
 * page of our own origin (or the configured CORS origin), as its Origin — or, when a
 * browser sends none, its Referer — shows. A sign-in from a foreign page is refused too.
 */
export function sameOriginOnly(allowedOrigin: string | undefined): RequestHandler {
  return (req, res, next) => {
    if (!UNSAFE_METHODS.has(req.method)) return next();
    const viaCookie = res.locals.identity?.via === 'session';
    const origin = req.get('origin') || originOf(req.get('referer'));
    if (!viaCookie && origin === undefined) return next();
    const served = `${req.protocol}://${req.get('host') ?? ''}`;
    if (origin !== undefined && (origin === served || origin === allowedOrigin)) return next();
    throw new AppError(
      'CROSS_SITE_REQUEST',
      'Refused: this request did not come from a page of this site.',
      403,
    );
  };
}

function originOf(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}
