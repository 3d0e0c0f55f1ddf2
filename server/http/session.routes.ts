import { z } from 'zod';
import { SessionResponse, SignedInUser } from '../api-types.ts';
import type { Auth } from '../auth/create-auth.ts';
import { clientAddress, sessionCookieOf } from '../auth/role-guard.ts';
import { SESSION_COOKIE, sessionCookieHeader } from '../auth/session-cookie.ts';
import { AppError } from '../errors.ts';
import { route } from './route-table.ts';

export const SignInBody = z.strictObject({
  username: z.string().trim().min(1, 'required').max(200),
  password: z.string().min(1, 'required').max(1_000),
});

const authOff = () =>
  new AppError('AUTH_OFF', 'Sign-in is off on this server (ENTENTE_AUTH=off).', 404);

/**
 * Sign-in, who is signed in, sign-out. Open to everyone; with sign-in off (no `Auth`)
 * they say so. The session is an HttpOnly, SameSite=Lax cookie, Secure over HTTPS.
 */
export const sessionRoutes = [
  route({
    method: 'get',
    path: '/session',
    summary: 'Whether sign-in is on, and who is signed in',
    response: { schema: SessionResponse, description: 'The mode and the user (or null)' },
    errors: [],
    role: 'public',
    handle: (auth: Auth | undefined, _input, res) => {
      const identity = res.locals.identity;
      res.set('cache-control', 'no-store');
      return {
        mode: auth ? ('local' as const) : ('off' as const),
        user: identity ? { username: identity.username, role: identity.role } : null,
      };
    },
  }),
  route({
    method: 'post',
    path: '/session',
    summary: 'Sign in with a username and password; sets the session cookie',
    body: SignInBody,
    response: { schema: SignedInUser, description: 'Signed in' },
    errors: [401, 403, 404, 429, 503],
    role: 'public',
    handle: async (auth: Auth | undefined, { body }, res) => {
      if (!auth) throw authOff();
      const { cookieValue, identity } = await auth.service.signIn(
        body.username,
        body.password,
        clientAddress(res.req),
      );
      res.set(
        'set-cookie',
        sessionCookieHeader(cookieValue, {
          secure: res.req.secure,
          maxAgeSeconds: auth.service.sessionMaxSeconds,
        }),
      );
      res.set('cache-control', 'no-store');
      return { username: identity.username, role: identity.role };
    },
  }),
  route({
    method: 'delete',
    path: '/session',
    summary: 'Sign out: ends the session and clears its cookie',
    response: { schema: SessionResponse, description: 'Signed out' },
    errors: [403, 404, 503],
    role: 'public',
    handle: async (auth: Auth | undefined, _input, res) => {
      if (!auth) throw authOff();
      const req = res.req;
      await auth.service.signOut(
        sessionCookieOf(req),
        res.locals.identity ?? null,
        clientAddress(req),
      );
      res.set('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
      return { mode: 'local' as const, user: null };
    },
  }),
];
