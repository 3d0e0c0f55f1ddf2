import { describe, expect, it } from 'vitest';
import { OidcFlowCookies, OIDC_FLOW_COOKIE } from '../../server/auth/oidc-flow-cookie.ts';
import { ADMIN_TOKEN, TEST_SECRET } from '../support/auth-app.ts';
import {
  HandDrivenBrowser,
  LOCAL_ACCOUNT,
  OIDC_CLIENT,
  locationOf,
  reachCallback,
  useOidcServer,
} from '../support/oidc-app.ts';

const server = useOidcServer();

/** Every authorization code and state the provider handed out, to look for in the trail. */
const handedOut: string[] = [];

/** Signs `account` in through the provider; the callback's answer and the browser after it. */
async function signInAs(account: string) {
  const browser = new HandDrivenBrowser();
  const reached = await reachCallback(browser, server.url, account);
  const params = new URL(reached.callback).searchParams;
  handedOut.push(params.get('code') ?? '', params.get('state') ?? '');
  const flowCookie = browser.cookie(reached.callback, OIDC_FLOW_COOKIE) ?? '';
  handedOut.push(flowCookie);
  const answer = await browser.get(reached.callback);
  return { browser, answer, ...reached };
}

async function api(browser: HandDrivenBrowser, method: string, path: string, body?: unknown) {
  const url = `${server.url}${path}`;
  const cookie = browser.cookie(url, 'entente_session');
  const response = await fetch(url, {
    method,
    headers: {
      ...(cookie ? { cookie: `entente_session=${cookie}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json', origin: server.url }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The sign-in and sign-out entries of the trail, newest first (read with the admin token). */
async function trail(user?: string) {
  const query = new URLSearchParams({ limit: '500', ...(user ? { user } : {}) });
  const response = await fetch(`${server.url}/api/audit?${query}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    entries: { user: string; action: string; outcome: string; details: Record<string, unknown> }[];
  };
}

describe('when sign-in goes through single sign-on (ENTENTE_AUTH=oidc)', () => {
  it('when the sign-in starts, then the browser goes to the provider with PKCE, state and nonce, and keeps them in a short-lived HttpOnly cookie', async () => {
    const browser = new HandDrivenBrowser();
    const { authorization, start } = await reachCallback(browser, server.url, 'oona');
    const asked = new URL(authorization).searchParams;
    expect(authorization.startsWith(`${server.issuer}/`)).toBe(true);
    expect(asked.get('client_id')).toBe(OIDC_CLIENT.id);
    expect(asked.get('response_type')).toBe('code');
    expect(asked.get('redirect_uri')).toBe(`${server.url}/api/session/oidc/callback`);
    expect(asked.get('code_challenge_method')).toBe('S256');
    expect(asked.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(asked.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(asked.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(asked.get('scope')?.split(' ')).toEqual(['openid', 'profile', 'email', 'groups']);
    const flowCookie = start.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${OIDC_FLOW_COOKIE}=`));
    expect(flowCookie).toContain('HttpOnly');
    expect(flowCookie).toContain('SameSite=Lax');
    expect(flowCookie).toContain('Path=/api/session/oidc');
    expect(flowCookie).toContain('Max-Age=600');
    // The verifier never leaves in the URL: only its challenge does.
    const flow = new OidcFlowCookies(TEST_SECRET).open(flowCookie?.split(';')[0]?.split('=')[1]);
    expect(flow?.state).toBe(asked.get('state'));
    expect(authorization).not.toContain(flow?.verifier ?? 'no-verifier');
  });

  it('when an analyst signs in through the provider, then a session cookie opens the API with the mapped role', async () => {
    const { browser, answer, callback } = await signInAs('oona');
    expect(answer.status).toBe(302);
    expect(locationOf(answer, callback)).toBe(`${server.url}/`);
    const setCookies = answer.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith('entente_session='));
    expect(session).toMatch(/^entente_session=[\w-]+\.[\w-]+;/);
    expect(session).toContain('HttpOnly');
    expect(session).toContain('SameSite=Lax');
    expect(session).toContain('Path=/');
    expect(session).toContain('Max-Age=28800');
    expect(session).not.toContain('Secure');
    // The flow cookie is spent.
    expect(setCookies.find((c) => c.startsWith(`${OIDC_FLOW_COOKIE}=`))).toContain('Max-Age=0');

    const who = await api(browser, 'GET', '/api/session');
    expect(who.body).toEqual({ mode: 'oidc', user: { username: 'oona', role: 'analyst' } });
    const search = await api(browser, 'GET', '/api/search?q=Khrenin');
    expect(search.status).toBe(200);
    expect(JSON.stringify(search.body)).toContain('Viktor Khrenin');
    const query = await api(browser, 'POST', '/api/query', { cypher: 'RETURN 1 AS one' });
    expect(query.status).toBe(200);
    expect(query.body.rows).toEqual([[1]]);
    // The same callback again (a replayed code, a spent flow cookie) opens nothing.
    const replay = await browser.get(callback);
    expect(locationOf(replay, callback)).toBe(`${server.url}/?sign-in-error=SSO_FAILED`);
  });

  it('when a person only holds the staff group (a string claim), then they are a viewer and the console answers 403', async () => {
    const { browser, answer, callback } = await signInAs('vik');
    expect(locationOf(answer, callback)).toBe(`${server.url}/`);
    expect((await api(browser, 'GET', '/api/session')).body).toEqual({
      mode: 'oidc',
      user: { username: 'vik', role: 'viewer' },
    });
    expect((await api(browser, 'GET', '/api/schema')).status).toBe(200);
    const query = await api(browser, 'POST', '/api/query', { cypher: 'RETURN 1' });
    expect(query.status).toBe(403);
    expect((query.body.error as { code: string }).code).toBe('FORBIDDEN_ROLE');
  });

  it('when a person holds several mapped groups and no preferred_username, then the highest role wins under their email', async () => {
    const { browser } = await signInAs('adele');
    expect((await api(browser, 'GET', '/api/session')).body).toEqual({
      mode: 'oidc',
      user: { username: 'adele@example.org', role: 'admin' },
    });
    expect((await api(browser, 'GET', '/api/audit?limit=1')).status).toBe(200);
  });

  it('when a person holds no mapped group, then sign-in is refused with its reason and no session', async () => {
    const { browser, answer, callback } = await signInAs('nils');
    expect(locationOf(answer, callback)).toBe(`${server.url}/?sign-in-error=SSO_NO_ROLE`);
    expect(answer.headers.getSetCookie().some((c) => c.startsWith('entente_session='))).toBe(false);
    expect((await api(browser, 'GET', '/api/session')).body).toEqual({ mode: 'oidc', user: null });
    expect(await server.auth.users.find('nils')).toBeNull();
  });

  it('when the name belongs to a local account, then sign-in is refused and the account is untouched', async () => {
    const { answer, callback } = await signInAs('ada-elsewhere');
    expect(locationOf(answer, callback)).toBe(`${server.url}/?sign-in-error=SSO_NAME_TAKEN`);
    expect(answer.headers.getSetCookie().some((c) => c.startsWith('entente_session='))).toBe(false);
    const local = await server.auth.users.passwordHashOf(LOCAL_ACCOUNT.username);
    expect(local?.user.role).toBe('admin');
    expect(local?.hash).toMatch(/^scrypt\$/);
  });

  it('when the state in the answer is changed, then sign-in is refused', async () => {
    const browser = new HandDrivenBrowser();
    const { callback } = await reachCallback(browser, server.url, 'oona');
    const changed = new URL(callback);
    handedOut.push(changed.searchParams.get('code') ?? '');
    changed.searchParams.set('state', 'a-state-this-browser-never-started');
    const answer = await browser.get(changed.href);
    expect(locationOf(answer, changed.href)).toBe(`${server.url}/?sign-in-error=SSO_FAILED`);
    expect(answer.headers.getSetCookie().some((c) => c.startsWith('entente_session='))).toBe(false);
  });

  it('when the flow cookie is forged, missing, or signed over another verifier, then sign-in is refused', async () => {
    const refusedWith = async (change: (browser: HandDrivenBrowser, callback: string) => void) => {
      const browser = new HandDrivenBrowser();
      const { callback } = await reachCallback(browser, server.url, 'oona');
      handedOut.push(new URL(callback).searchParams.get('code') ?? '');
      change(browser, callback);
      const answer = await browser.get(callback);
      expect(answer.headers.getSetCookie().some((c) => c.startsWith('entente_session='))).toBe(
        false,
      );
      return locationOf(answer, callback);
    };
    const refused = `${server.url}/?sign-in-error=SSO_FAILED`;
    // Another verifier in the payload, the signature left as it was.
    expect(
      await refusedWith((browser, callback) => {
        const [payload = '', signature] = (browser.cookie(callback, OIDC_FLOW_COOKIE) ?? '').split(
          '.',
        );
        const flow = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
          string,
          unknown
        >;
        const forged = Buffer.from(JSON.stringify({ ...flow, verifier: 'x'.repeat(43) })).toString(
          'base64url',
        );
        browser.setCookie(
          callback,
          OIDC_FLOW_COOKIE,
          `${forged}.${signature}`,
          '/api/session/oidc',
        );
      }),
    ).toBe(refused);
    // Another browser finishing a sign-in it did not start.
    expect(
      await refusedWith((browser, callback) => browser.forget(callback, OIDC_FLOW_COOKIE)),
    ).toBe(refused);
    // Correctly signed, but not the verifier whose challenge the provider holds: PKCE fails there.
    expect(
      await refusedWith((browser, callback) => {
        const flows = new OidcFlowCookies(TEST_SECRET);
        const flow = flows.open(browser.cookie(callback, OIDC_FLOW_COOKIE));
        if (!flow) throw new Error('no flow cookie to change');
        const resealed = flows.seal({ ...flow, verifier: 'y'.repeat(43) });
        browser.setCookie(callback, OIDC_FLOW_COOKIE, resealed, '/api/session/oidc');
      }),
    ).toBe(refused);
  });

  it('when the person declines at the provider, then they come back refused and the trail says the provider refused', async () => {
    const browser = new HandDrivenBrowser();
    const startUrl = `${server.url}/api/session/oidc`;
    let url = locationOf(await browser.get(startUrl), startUrl);
    // The provider's own "cancel" on its sign-in page.
    for (let step = 0; step < 6 && !url.startsWith(server.url); step++) {
      const path = new URL(url).pathname;
      const next =
        path.startsWith('/interaction/') && !path.endsWith('/abort') ? `${url}/abort` : url;
      url = locationOf(await browser.get(next), next);
    }
    expect(new URL(url).searchParams.get('error')).toBe('access_denied');
    const answer = await browser.get(url);
    expect(locationOf(answer, url)).toBe(`${server.url}/?sign-in-error=SSO_FAILED`);
    const refused = (await trail('anonymous')).entries.find(
      (e) => e.details.reason === 'provider-refused',
    );
    expect(refused?.details).toMatchObject({ via: 'oidc', error: 'access_denied' });
  });

  it('when the app is reached through an HTTPS proxy, then the flow and session cookies are Secure', async () => {
    const browser = new HandDrivenBrowser();
    const https = { 'x-forwarded-proto': 'https' };
    const start = await browser.get(`${server.url}/api/session/oidc`, https);
    const flowCookie = start.headers.getSetCookie().find((c) => c.startsWith(OIDC_FLOW_COOKIE));
    expect(flowCookie).toMatch(/; Secure$/);
    const { callback } = await reachCallback(browser, server.url, 'oona');
    const answer = await browser.get(callback, https);
    const session = answer.headers.getSetCookie().find((c) => c.startsWith('entente_session='));
    expect(session).toMatch(/; Secure$/);
  });

  it('when a password is sent to POST /api/session, then it answers 404 naming single sign-on', async () => {
    const response = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify(LOCAL_ACCOUNT),
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('PASSWORD_SIGN_IN_OFF');
    expect(body.error.message).toContain('single sign-on');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('when the API is described, then both single sign-on routes are in /api/openapi.json as redirects', async () => {
    const { browser } = await signInAs('oona');
    const document = (await api(browser, 'GET', '/api/openapi.json')).body as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    };
    for (const path of ['/api/session/oidc', '/api/session/oidc/callback']) {
      expect(Object.keys(document.paths[path]?.get?.responses ?? {}), path).toContain('302');
    }
  });

  it('when someone signs out, then the session ends, and the trail holds each sign-in and refusal with its reason and no code, state or token', async () => {
    const { browser } = await signInAs('oona');
    const cookie = browser.cookie(server.url, 'entente_session') ?? '';
    handedOut.push(cookie);
    expect((await api(browser, 'DELETE', '/api/session', {})).body).toEqual({
      mode: 'oidc',
      user: null,
    });
    expect((await api(browser, 'GET', '/api/schema')).status).toBe(401);

    const oona = (await trail('oona')).entries;
    expect(oona[0]).toMatchObject({ action: 'sign-out', outcome: 'success' });
    expect(oona[1]).toMatchObject({
      action: 'sign-in',
      outcome: 'success',
      details: { via: 'oidc', role: 'analyst' },
    });
    expect((await trail('nils')).entries[0]).toMatchObject({
      action: 'sign-in',
      outcome: 'failure',
      details: { via: 'oidc', reason: 'no-role', claimValues: ['marketing'] },
    });
    expect((await trail('ada')).entries[0]).toMatchObject({
      action: 'sign-in',
      outcome: 'failure',
      details: { reason: 'name-taken' },
    });
    const reasons = (await trail('anonymous')).entries
      .filter((e) => e.action === 'sign-in')
      .map((e) => e.details.reason);
    for (const reason of [
      'state-mismatch',
      'flow-invalid',
      'flow-missing',
      'token-exchange-failed',
    ]) {
      expect(reasons, reason).toContain(reason);
    }

    const everything = JSON.stringify(await trail());
    expect(handedOut.filter((value) => value.length >= 16).length).toBeGreaterThan(10);
    for (const value of handedOut.filter((v) => v.length >= 16)) {
      expect(everything).not.toContain(value);
    }
    expect(everything).not.toContain(OIDC_CLIENT.secret);
    // No JSON Web Token (an ID or access token) anywhere.
    expect(everything).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});
