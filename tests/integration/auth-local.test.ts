import { describe, expect, it } from 'vitest';
import { ACCOUNTS, ADMIN_TOKEN, useAuthServer } from '../support/auth-app.ts';
import type { Role } from '../../server/auth/roles.ts';
import { API_ROUTES } from '../../server/http/app.ts';

const server = useAuthServer();

let addressCounter = 0;
/** A fresh client address per test, so failed sign-ins of one test never limit another. */
const freshAddress = () => `10.0.0.${++addressCounter}`;

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  if (options.cookie && method !== 'GET' && !('origin' in headers)) headers.origin = server.url;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a static page); kept as text.
  }
  return { status: response.status, body, headers: response.headers };
}

async function signIn(
  username: string,
  password: string,
  address = freshAddress(),
): Promise<Answer & { cookie: string }> {
  const answer = await call('POST', '/api/session', {
    body: { username, password },
    headers: { 'x-forwarded-for': address, origin: server.url },
  });
  const setCookie = answer.headers.get('set-cookie') ?? '';
  return { ...answer, cookie: setCookie.split(';')[0] ?? '' };
}

const cookieOf = async (role: Role) => {
  const { username, password } = ACCOUNTS[role];
  const answer = await signIn(username, password);
  expect(answer.status).toBe(200);
  return answer.cookie;
};

const errorCode = (answer: Answer) => (answer.body as { error?: { code?: string } }).error?.code;

describe('when sign-in is on (ENTENTE_AUTH=local)', () => {
  it('when nobody is signed in, then every route of the route table but health and session answers 401', async () => {
    const routes = API_ROUTES.flat().map((route) => ({
      method: route.method.toUpperCase(),
      path: `/api${route.path.replace(/:\w+/g, 'x')}`,
      role: route.role ?? 'viewer',
    }));
    expect(routes.length).toBeGreaterThan(15);
    expect(
      routes
        .filter((r) => r.role === 'public')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([
      'DELETE /api/session',
      'GET /api/health',
      // A published read-only link opens without a session (it answers 404 unless published).
      'GET /api/published/x',
      'GET /api/published/x/report',
      'GET /api/session',
      'GET /api/session/oidc',
      'GET /api/session/oidc/callback',
      'POST /api/session',
    ]);
    routes.push({ method: 'GET', path: '/api/no-such-route', role: 'viewer' });
    for (const route of routes.filter((r) => r.role !== 'public')) {
      const answer = await call(route.method, route.path, {
        body: route.method === 'GET' ? undefined : {},
      });
      expect(answer.status, `${route.method} ${route.path}`).toBe(401);
      expect(errorCode(answer)).toBe('UNAUTHENTICATED');
    }
  });

  it('when each role calls every route above it, then each answers 403', async () => {
    const rank = { public: -1, viewer: 0, analyst: 1, admin: 2 } as const;
    for (const role of ['viewer', 'analyst'] as const) {
      const cookie = await cookieOf(role);
      const above = API_ROUTES.flat().filter((route) => rank[route.role ?? 'viewer'] > rank[role]);
      expect(above.length).toBeGreaterThan(0);
      for (const route of above) {
        const path = `/api${route.path.replace(/:\w+/g, 'x')}`;
        const answer = await call(route.method.toUpperCase(), path, {
          cookie,
          body: route.method === 'get' ? undefined : {},
        });
        expect(answer.status, `${role}: ${route.method} ${path}`).toBe(403);
        expect(errorCode(answer)).toBe('FORBIDDEN_ROLE');
      }
    }
  });

  it('when nobody is signed in, then health, the session and static files still answer', async () => {
    expect((await call('GET', '/api/health')).status).toBe(200);
    const session = await call('GET', '/api/session');
    expect(session.status).toBe(200);
    expect(session.body).toEqual({ mode: 'local', user: null });
    const page = await call('GET', '/');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<title>Entente</title>');
  });

  it('when a user signs in, then a signed HttpOnly SameSite=Lax cookie opens the API until sign-out', async () => {
    const { username, password } = ACCOUNTS.viewer;
    const answer = await signIn(username, password);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ username, role: 'viewer' });
    const setCookie = answer.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^entente_session=[\w-]+\.[\w-]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toMatch(/Max-Age=28800/);
    expect(setCookie).not.toContain('Secure');

    const who = await call('GET', '/api/session', { cookie: answer.cookie });
    expect(who.body).toEqual({ mode: 'local', user: { username, role: 'viewer' } });
    const search = await call('GET', '/api/search?q=Khrenin', { cookie: answer.cookie });
    expect(search.status).toBe(200);
    expect(JSON.stringify(search.body)).toContain('Viktor Khrenin');

    const out = await call('DELETE', '/api/session', { cookie: answer.cookie });
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ mode: 'local', user: null });
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await call('GET', '/api/search?q=Khrenin', { cookie: answer.cookie })).status).toBe(
      401,
    );
  });

  it('when the app is reached through an HTTPS proxy, then the cookie is Secure', async () => {
    const { username, password } = ACCOUNTS.viewer;
    const answer = await call('POST', '/api/session', {
      body: { username, password },
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': freshAddress() },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('when the cookie is tampered with, then it is refused', async () => {
    const cookie = await cookieOf('viewer');
    const forged = cookie.replace(/\.[\w-]+$/, '.AAAA');
    expect((await call('GET', '/api/schema', { cookie: forged })).status).toBe(401);
    const otherId = cookie.replace(/=[\w-]{5}/, '=AAAAA');
    expect((await call('GET', '/api/schema', { cookie: otherId })).status).toBe(401);
  });

  it('when the name or the password is wrong, then both answer the same 401', async () => {
    const wrongPassword = await signIn(ACCOUNTS.analyst.username, 'not-the-password');
    const unknownUser = await signIn('nobody-here', 'not-the-password');
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownUser.body);
    expect(wrongPassword.headers.get('set-cookie')).toBeNull();
  });

  it('when one username fails more than 10 times in a minute, then even the right password gets 429', async () => {
    // An account of its own: once limited, it stays limited for the minute.
    const username = 'limited';
    const password = 'limited-but-right';
    await server.auth.users.create(username, 'viewer', await server.auth.hasher.hash(password));
    for (let i = 0; i < 10; i++) {
      expect((await signIn(username, `wrong-${i}`)).status).toBe(401);
    }
    const limited = await signIn(username, password);
    expect(limited.status).toBe(429);
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.headers.get('set-cookie')).toBeNull();
  });

  it('when one address fails more than 10 times in a minute, then it gets 429 for any name', async () => {
    const address = freshAddress();
    for (let i = 0; i < 10; i++) {
      expect((await signIn(`guess-${i}`, 'wrong-password', address)).status).toBe(401);
    }
    const limited = await signIn(ACCOUNTS.admin.username, ACCOUNTS.admin.password, address);
    expect(limited.status).toBe(429);
    // Another address is not held back.
    expect((await signIn(ACCOUNTS.admin.username, ACCOUNTS.admin.password)).status).toBe(200);
  });

  it('when a viewer asks for the console, uploads or the audit trail, then each answers 403', async () => {
    const cookie = await cookieOf('viewer');
    const forbidden = [
      await call('POST', '/api/query', { cookie, body: { cypher: 'RETURN 1' } }),
      await call('GET', '/api/queries', { cookie }),
      await call('POST', '/api/queries/who-backs/run', { cookie, body: { params: {} } }),
      await call('POST', '/api/seeds?name=x.cypher&dryRun=true', {
        cookie,
        body: 'RETURN 1;',
        headers: { 'content-type': 'text/plain' },
      }),
      await call('GET', '/api/audit', { cookie }),
    ];
    for (const answer of forbidden) {
      expect(answer.status).toBe(403);
      expect(errorCode(answer)).toBe('FORBIDDEN_ROLE');
    }
    for (const path of ['/api/schema', '/api/search?q=Iran', '/api/seeds']) {
      expect((await call('GET', path, { cookie })).status, path).toBe(200);
    }
  });

  it('when an analyst uses the console, then it runs, but uploads and the audit trail answer 403', async () => {
    const cookie = await cookieOf('analyst');
    const query = await call('POST', '/api/query', { cookie, body: { cypher: 'RETURN 1 AS one' } });
    expect(query.status).toBe(200);
    expect((query.body as { rows: unknown[] }).rows).toEqual([[1]]);
    expect((await call('GET', '/api/queries', { cookie })).status).toBe(200);
    const upload = await call('POST', '/api/seeds?name=x.cypher&dryRun=true', {
      cookie,
      body: 'RETURN 1;',
      headers: { 'content-type': 'text/plain' },
    });
    expect(upload.status).toBe(403);
    expect((await call('GET', '/api/audit', { cookie })).status).toBe(403);
  });

  it('when an admin signs in, then uploads and the audit trail answer', async () => {
    const cookie = await cookieOf('admin');
    const upload = await call('POST', '/api/seeds?name=90-probe.cypher&dryRun=true', {
      cookie,
      body: "MERGE (:Probe {name: 'dry'});",
      headers: { 'content-type': 'text/plain' },
    });
    expect(upload.status).toBe(200);
    expect((upload.body as { file: { status: string } }).file.status).toBe('dry-run');
    expect((await call('GET', '/api/audit', { cookie })).status).toBe(200);
  });

  it('when a cookie-authenticated write comes from another origin or none, then it is refused', async () => {
    const cookie = await cookieOf('analyst');
    const body = { cypher: 'RETURN 1' };
    const foreign = await call('POST', '/api/query', {
      cookie,
      body,
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(errorCode(foreign)).toBe('CROSS_SITE_REQUEST');
    const foreignReferer = await call('POST', '/api/query', {
      cookie,
      body,
      headers: { origin: '', referer: 'http://evil.example/page' },
    });
    expect(foreignReferer.status).toBe(403);
    const none = await call('POST', '/api/query', { cookie, body, headers: { origin: '' } });
    expect(none.status).toBe(403);
    const sameSite = await call('POST', '/api/query', {
      cookie,
      body,
      headers: { origin: '', referer: `${server.url}/` },
    });
    expect(sameSite.status).toBe(200);
    const signInFromElsewhere = await call('POST', '/api/session', {
      body: ACCOUNTS.viewer,
      headers: { origin: 'http://evil.example', 'x-forwarded-for': freshAddress() },
    });
    expect(signInFromElsewhere.status).toBe(403);
  });

  it('when the admin token is sent, then it acts as the admin named token', async () => {
    const authorization = `Bearer ${ADMIN_TOKEN}`;
    expect((await call('GET', '/api/audit', { headers: { authorization } })).status).toBe(200);
    const upload = await call('POST', '/api/seeds?name=91-probe.cypher&dryRun=true', {
      body: "MERGE (:Probe {name: 'token'});",
      headers: { authorization, 'content-type': 'text/plain' },
    });
    expect(upload.status).toBe(200);
    // Automation carries no cookie, so no Origin is needed.
    const query = await call('POST', '/api/query', {
      body: { cypher: 'RETURN 2 AS two' },
      headers: { authorization },
    });
    expect(query.status).toBe(200);
    const wrong = await call('GET', '/api/schema', {
      headers: { authorization: 'Bearer not-the-admin-token-at-all' },
    });
    expect(wrong.status).toBe(401);
  });

  it('when a session sits idle or grows old past its limit, then it no longer opens the API', async () => {
    const idle = await cookieOf('viewer');
    const old = await cookieOf('viewer');
    expect((await call('GET', '/api/schema', { cookie: idle })).status).toBe(200);
    // Age the two newest sessions in the database, as time would.
    await server.db.write(async (tx) => {
      const newest = await tx.run(
        `MATCH (s:__Session {username: $username}) RETURN s.idDigest AS id
         ORDER BY s.createdAtMs DESC, elementId(s) DESC LIMIT 2`,
        { username: ACCOUNTS.viewer.username },
      );
      const [second, first] = newest.records.map((r) => String(r.get('id')));
      await tx.run(
        'MATCH (s:__Session {idDigest: $id}) SET s.lastSeenAtMs = timestamp() - 31 * 60000',
        {
          id: first,
        },
      );
      await tx.run(
        'MATCH (s:__Session {idDigest: $id}) SET s.createdAtMs = timestamp() - 9 * 3600000',
        {
          id: second,
        },
      );
    });
    expect((await call('GET', '/api/schema', { cookie: idle })).status).toBe(401);
    expect((await call('GET', '/api/schema', { cookie: old })).status).toBe(401);
  });

  it('when a user is removed or their role changes, then their session follows at once', async () => {
    await server.auth.users.create(
      'temp',
      'viewer',
      await server.auth.hasher.hash('temporary-pass'),
    );
    const { cookie } = await signIn('temp', 'temporary-pass');
    const body = { cypher: 'RETURN 1' };
    expect((await call('POST', '/api/query', { cookie, body })).status).toBe(403);
    await server.auth.users.setRole('temp', 'analyst');
    expect((await call('POST', '/api/query', { cookie, body })).status).toBe(200);
    await server.auth.users.remove('temp');
    expect((await call('POST', '/api/query', { cookie, body })).status).toBe(401);
  });

  it('when accounts exist, then search, schema and the console never show them', async () => {
    const cookie = await cookieOf('analyst');
    const search = await call('GET', `/api/search?q=${ACCOUNTS.analyst.username}`, { cookie });
    expect(JSON.stringify(search.body)).not.toContain('__User');
    const schema = await call('GET', '/api/schema', { cookie });
    expect(JSON.stringify(schema.body)).not.toMatch(/__User|__Session|__AuditEntry/);
    for (const cypher of [
      'MATCH (u:__User) RETURN u.passwordHash',
      "MATCH (n) WHERE '__User' IN labels(n) RETURN n.passwordHash",
      'MATCH (e:`__AuditEntry`) RETURN e',
    ]) {
      const answer = await call('POST', '/api/query', { cookie, body: { cypher } });
      expect(answer.status, cypher).toBe(403);
      expect(errorCode(answer)).toBe('QUERY_NOT_ALLOWED');
    }
  });

  it('when people act, then the audit trail records who did what, and never a secret', async () => {
    const address = freshAddress();
    await signIn(ACCOUNTS.analyst.username, 'a-wrong-password', address);
    const signedIn = await signIn(ACCOUNTS.analyst.username, ACCOUNTS.analyst.password, address);
    const cookie = signedIn.cookie;
    const from = { 'x-forwarded-for': address };
    await call('POST', '/api/query', {
      cookie,
      body: { cypher: "MATCH (n:Person {name: 'Viktor Khrenin'}) RETURN n.name AS name" },
      headers: from,
    });
    await call('DELETE', '/api/session', { cookie, headers: from });
    await call('POST', '/api/seeds?name=92-audited.cypher&dryRun=true', {
      body: "MERGE (:Probe {name: 'audited'});",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/plain' },
    });

    const admin = await cookieOf('admin');
    const trail = await call('GET', `/api/audit?user=${ACCOUNTS.analyst.username}&limit=500`, {
      cookie: admin,
    });
    expect(trail.status).toBe(200);
    type Entry = Record<string, unknown> & { details: Record<string, unknown> | null };
    const entries = (trail.body as { entries: Entry[] }).entries.filter((e) => e.ip === address);
    const actions = entries.map((e) => `${String(e.action)}:${String(e.outcome)}`).reverse();
    expect(actions).toEqual([
      'sign-in:failure',
      'sign-in:success',
      'console-query:success',
      'sign-out:success',
    ]);
    const consoleEntry = entries.find((e) => e.action === 'console-query');
    expect(consoleEntry?.details).toMatchObject({
      text: "MATCH (n:Person {name: 'Viktor Khrenin'}) RETURN n.name AS name",
      rows: 1,
      httpStatus: 200,
    });
    expect(typeof consoleEntry?.details?.ms).toBe('number');
    for (const entry of entries) {
      expect(Object.keys(entry).sort()).toEqual(
        ['action', 'at', 'details', 'ip', 'outcome', 'target', 'user'].sort(),
      );
    }

    const uploads = await call('GET', '/api/audit?action=seed-upload&user=token', {
      cookie: admin,
    });
    const upload = (uploads.body as { entries: Entry[] }).entries.find(
      (e) => e.target === '92-audited.cypher',
    );
    expect(upload?.details).toMatchObject({ result: 'dry-run', dryRun: true, statements: 1 });
    expect(String(upload?.details?.sha256)).toMatch(/^[0-9a-f]{64}$/);

    const everything = await call('GET', '/api/audit?limit=500', { cookie: admin });
    const text = JSON.stringify(everything.body);
    for (const secret of [
      ...Object.values(ACCOUNTS).map((a) => a.password),
      'a-wrong-password',
      ADMIN_TOKEN,
      cookie.split('=')[1] ?? 'no-cookie',
      admin.split('=')[1] ?? 'no-cookie',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('when an audited request fails, then its entry still names what it was about', async () => {
    const address = freshAddress();
    const { cookie } = await signIn(ACCOUNTS.analyst.username, ACCOUNTS.analyst.password, address);
    const from = { 'x-forwarded-for': address };
    const unknown = await call('POST', '/api/queries/no-such-question/run', {
      cookie,
      body: {},
      headers: from,
    });
    expect(unknown.status).toBe(404);
    const invalid = await call('POST', '/api/queries/who-backs/run', {
      cookie,
      body: { limit: 0 },
      headers: from,
    });
    expect(invalid.status).toBe(400);

    const admin = await cookieOf('admin');
    type Entry = { target: unknown; outcome: unknown; ip: unknown };
    let entries: Entry[] = [];
    // Each entry is written just after its answer goes out.
    for (let attempt = 0; attempt < 20 && entries.length < 2; attempt++) {
      if (attempt > 0) await new Promise((done) => setTimeout(done, 100));
      const trail = await call('GET', '/api/audit?action=saved-query&limit=500', { cookie: admin });
      entries = (trail.body as { entries: Entry[] }).entries.filter((e) => e.ip === address);
    }
    expect(entries.map((e) => `${String(e.target)}:${String(e.outcome)}`).reverse()).toEqual([
      'no-such-question:failure',
      'who-backs:failure',
    ]);
  });

  it('when the audit trail is paged and filtered, then pages follow each other and filters hold', async () => {
    const admin = await cookieOf('admin');
    const first = await call('GET', '/api/audit?action=sign-in&limit=2', { cookie: admin });
    const page = first.body as {
      entries: { at: string; action: string }[];
      total: number;
      nextOffset: number | null;
    };
    expect(page.entries).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    expect(page.nextOffset).toBe(2);
    expect(page.entries.every((e) => e.action === 'sign-in')).toBe(true);
    const second = await call('GET', '/api/audit?action=sign-in&limit=2&offset=2', {
      cookie: admin,
    });
    const next = second.body as { entries: { at: string }[] };
    expect(next.entries[0]!.at <= page.entries[1]!.at).toBe(true);
    const future = await call('GET', '/api/audit?since=2999-01-01T00:00:00Z', { cookie: admin });
    expect((future.body as { total: number }).total).toBe(0);
    const bad = await call('GET', '/api/audit?since=yesterday', { cookie: admin });
    expect(bad.status).toBe(400);
  });
});
