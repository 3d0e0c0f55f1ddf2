import { z } from 'zod';
import { SessionResponse, SignedInUser } from '../api-types.ts';
import type { Auth } from '../auth/create-auth.ts';
import { clientAddress, sessionCookieOf } from '../auth/role-guard.ts';
import {
  clearedOidcFlowCookieHeader,
  OIDC_FLOW_COOKIE,
  oidcFlowCookieHeader,
} from '../auth/oidc-flow-cookie.ts';
import { SsoRefused } from '../auth/oidc-sign-in.ts';
import { readCookie, SESSION_COOKIE, sessionCookieHeader } from '../auth/session-cookie.ts';
import { AppError } from '../errors.ts';
import { route } from './route-table.ts';

export const SignInBody = z.strictObject({
  username: z.string().trim().min(1, 'required').max(200),
  password: z.string().min(1, 'required').max(1_000),
});

const authOff = () =>
  new AppError('AUTH_OFF', 'Sign-in is off on this server (ENTENTE_AUTH=off).', 404);

const ssoOff = () =>
  new AppError(
    'SSO_OFF',
    'Single sign-on is not on for this server (ENTENTE_AUTH is not oidc).',
    404,
  );

const modeOf = (auth: Auth | undefined): SessionResponse['mode'] =>
  !auth ? 'off' : auth.oidc ? 'oidc' : 'local';

/** What the provider sends back; other parameters (e.g. `session_state`) pass through. */
const OidcCallbackQuery = z.looseObject({
  code: z.string().max(4_096).optional().describe('The authorization code'),
  state: z.string().max(1_024).optional().describe('Must match the flow cookie'),
  iss: z.string().max(2_048).optional().describe('The issuer, when the provider sends it'),
  error: z.string().max(200).optional().describe('The provider refused, e.g. access_denied'),
  error_description: z.string().max(2_000).optional(),
});

/** The page the browser lands on after a refused single sign-on; the page says why. */
const signInErrorPage = (code: string) => `/?sign-in-error=${encodeURIComponent(code)}`;

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
        mode: modeOf(auth),
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
      if (auth.oidc) {
        throw new AppError(
          'PASSWORD_SIGN_IN_OFF',
          'This server signs people in through single sign-on (ENTENTE_AUTH=oidc), not with a password: open GET /api/session/oidc.',
          404,
        );
      }
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
      return { mode: modeOf(auth), user: null };
    },
  }),
  route({
    method: 'get',
    path: '/session/oidc',
    summary:
      'Single sign-on (ENTENTE_AUTH=oidc): redirects the browser to the provider, with a short-lived flow cookie',
    response: { schema: z.void(), description: 'To the provider’s authorization endpoint' },
    redirects: 'The provider’s authorization URL (code flow with PKCE, state and nonce)',
    errors: [404, 503],
    role: 'public',
    handle: async (auth: Auth | undefined, _input, res) => {
      if (!auth?.oidc) throw ssoOff();
      const { location, flowCookie } = await auth.oidc.start();
      res.set('cache-control', 'no-store');
      res.set('set-cookie', oidcFlowCookieHeader(flowCookie, { secure: res.req.secure }));
      res.redirect(302, location);
    },
  }),
  route({
    method: 'get',
    path: '/session/oidc/callback',
    summary:
      'Single sign-on: where the provider sends the browser back; opens a session and redirects to the explorer',
    query: OidcCallbackQuery,
    response: {
      schema: z.void(),
      description:
        'To `/` with the session cookie set; or, refused, to `/?sign-in-error=CODE` (SSO_FAILED, SSO_NO_ROLE, SSO_NAME_TAKEN)',
    },
    redirects: '`/`, or `/?sign-in-error=CODE` when the sign-in was refused',
    errors: [404, 503],
    role: 'public',
    handle: async (auth: Auth | undefined, _input, res) => {
      if (!auth?.oidc) throw ssoOff();
      const req = res.req;
      // The raw parameters: the answer is checked exactly as the provider sent it.
      const query = new URL(req.originalUrl, 'http://callback.invalid').searchParams;
      const cookies = [clearedOidcFlowCookieHeader()];
      res.set('cache-control', 'no-store');
      try {
        const { cookieValue } = await auth.oidc.finish(
          query,
          readCookie(req.get('cookie'), OIDC_FLOW_COOKIE),
          clientAddress(req),
        );
        cookies.push(
          sessionCookieHeader(cookieValue, {
            secure: req.secure,
            maxAgeSeconds: auth.service.sessionMaxSeconds,
          }),
        );
        res.set('set-cookie', cookies);
        res.redirect(302, '/');
      } catch (error) {
        if (!(error instanceof SsoRefused)) throw error;
        res.set('set-cookie', cookies);
        res.redirect(302, signInErrorPage(error.code));
      }
    },
  }),
];
