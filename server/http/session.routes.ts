import { Router } from 'express';
import { z } from 'zod';
import type { SessionResponse } from '../api-types.ts';
import type { Auth } from '../auth/create-auth.ts';
import { clientAddress, sessionCookieOf } from '../auth/role-guard.ts';
import { SESSION_COOKIE, sessionCookieHeader } from '../auth/session-cookie.ts';
import { AppError } from '../errors.ts';
import { validate } from './validation.ts';

const SignInBody = z.strictObject({
  username: z.string().trim().min(1, 'required').max(200),
  password: z.string().min(1, 'required').max(1_000),
});

/**
 * Sign-in, who is signed in, sign-out. Mounted after authentication when auth is on, so
 * `res.locals.identity` is known; with auth off it only says so.
 */
export function sessionRoutes(auth: Auth | undefined): Router {
  const router = Router();

  router.get('/session', (_req, res) => {
    const identity = res.locals.identity;
    const body: SessionResponse = {
      mode: auth ? 'local' : 'off',
      user: identity ? { username: identity.username, role: identity.role } : null,
    };
    res.set('cache-control', 'no-store').json(body);
  });

  router.post('/session', async (req, res) => {
    if (!auth) throw authOff();
    const { username, password } = validate(SignInBody, req.body, 'body');
    const { cookieValue, identity } = await auth.service.signIn(
      username,
      password,
      clientAddress(req),
    );
    res.set(
      'set-cookie',
      sessionCookieHeader(cookieValue, {
        secure: req.secure,
        maxAgeSeconds: auth.service.sessionMaxSeconds,
      }),
    );
    res.set('cache-control', 'no-store').json({ username: identity.username, role: identity.role });
  });

  router.delete('/session', async (req, res) => {
    if (!auth) throw authOff();
    await auth.service.signOut(
      sessionCookieOf(req),
      res.locals.identity ?? null,
      clientAddress(req),
    );
    res.set('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    res.status(204).end();
  });

  return router;
}

const authOff = () =>
  new AppError('AUTH_OFF', 'Sign-in is off on this server (ENTENTE_AUTH=off).', 404);
