import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import { afterAll, beforeAll } from 'vitest';
import { createAuth, type Auth } from '../../server/auth/create-auth.ts';
import { OidcClient } from '../../server/auth/oidc-client.ts';
import { OIDC_CALLBACK_PATH, type OidcSettings } from '../../server/auth/oidc-settings.ts';
import { loadConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/database.ts';
import { createApp } from '../../server/http/app.ts';
import { createLogger } from '../../server/logger.ts';
import { createAnalystServices } from '../../server/services/analyst-services.ts';
import { HealthService } from '../../server/services/health-service.ts';
import { warmUp } from '../../server/services/warm-up.ts';
import { ADMIN_TOKEN, TEST_SECRET } from './auth-app.ts';
import { loadSeeds } from './seed-fixture.ts';
import { resetDatabase, testDatabase } from './test-database.ts';

export const OIDC_CLIENT = { id: 'entente', secret: 'entente-client-secret-for-the-tests' };
export const ROLE_MAPPING = 'entente-admins=admin,entente-analysts=analyst,staff=viewer';

/**
 * People at the provider, by account id (what the provider's login form takes), with the
 * claims it releases: a groups claim as an array, as a single string, or missing a
 * mapped value.
 */
export const PEOPLE: Record<string, Record<string, unknown>> = {
  oona: { preferred_username: 'oona', email: 'oona@example.org', groups: ['entente-analysts'] },
  vik: { preferred_username: 'vik', email: 'vik@example.org', groups: 'staff' },
  adele: { email: 'adele@example.org', groups: ['staff', 'entente-admins'] },
  nils: { preferred_username: 'nils', email: 'nils@example.org', groups: ['marketing'] },
  // Claims a name a local account already holds.
  'ada-elsewhere': { preferred_username: 'ada', groups: ['entente-admins'] },
};

/** A local account present in the graph before anyone signs in through the provider. */
export const LOCAL_ACCOUNT = { username: 'ada', password: 'ada-loads-sources' };

/** An HTTP server listening on a loopback port before it knows what it will serve. */
async function listenFirst(): Promise<{ server: Server; url: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** An OpenID Connect provider (oidc-provider) for the people above, with its login and consent pages. */
function startProvider(issuer: string, redirectUri: string): Provider {
  return new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT.id,
        client_secret: OIDC_CLIENT.secret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: {
      openid: ['sub'],
      profile: ['preferred_username'],
      email: ['email'],
      groups: ['groups'],
    },
    findAccount: (_ctx, id) => {
      const person = PEOPLE[id];
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...person }) };
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['a-cookie-key-for-the-test-provider'] },
    // Lifetimes set, so the provider does not remark on its defaults.
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3_600,
      IdToken: 600,
      Interaction: 600,
      Session: 3_600,
    },
  });
}

export interface OidcServer {
  readonly db: Database;
  readonly auth: Auth;
  /** The app's base URL, also its ENTENTE_PUBLIC_URL. */
  readonly url: string;
  readonly issuer: string;
  readonly settings: OidcSettings;
}

export interface OidcStack extends OidcServer {
  close(): Promise<void>;
}

/**
 * The article graph, an in-process provider on a loopback port, and the app with
 * ENTENTE_AUTH=oidc configured from environment variables as in production, serving the
 * client in `clientDir` (a stand-in page when left out).
 */
export async function startOidcStack(options: { clientDir?: string } = {}): Promise<OidcStack> {
  const db = testDatabase();
  await resetDatabase(db);
  await loadSeeds(db);
  await db.autoCommit('CALL db.awaitIndexes(60)');
  const provider = await listenFirst();
  const app = await listenFirst();
  const settings = loadConfig({
    HOST: '0.0.0.0',
    ENTENTE_AUTH: 'oidc',
    ENTENTE_OIDC_ISSUER: provider.url,
    ENTENTE_OIDC_CLIENT_ID: OIDC_CLIENT.id,
    ENTENTE_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
    ENTENTE_OIDC_ROLE_CLAIM: 'groups',
    ENTENTE_OIDC_ROLES: ROLE_MAPPING,
    ENTENTE_OIDC_SCOPES: 'openid profile email groups',
    ENTENTE_PUBLIC_URL: app.url,
  }).auth.oidc;
  if (!settings) throw new Error('ENTENTE_AUTH=oidc gave no single sign-on settings');
  provider.server.on(
    'request',
    startProvider(provider.url, `${app.url}${OIDC_CALLBACK_PATH}`).callback(),
  );
  const client = await OidcClient.discover(settings, { attempts: 1, firstDelayMs: 0 });
  const auth = await createAuth(
    db,
    { secret: TEST_SECRET, sessionIdleMinutes: 30, sessionMaxHours: 8 },
    { adminToken: ADMIN_TOKEN, oidc: { client, settings } },
  );
  await auth.users.create(
    LOCAL_ACCOUNT.username,
    'admin',
    await auth.hasher.hash(LOCAL_ACCOUNT.password),
  );
  let clientDir = options.clientDir;
  if (!clientDir) {
    clientDir = mkdtempSync(join(tmpdir(), 'entente-client-'));
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Entente</title>');
  }
  const services = createAnalystServices(db, { queryTimeoutMs: 10_000, queryRowCap: 1_000 });
  app.server.on(
    'request',
    createApp({
      logger: createLogger('silent'),
      health: new HealthService(db),
      ...services,
      clientDir,
      auth,
      trustProxy: 'loopback',
    }),
  );
  // As the app does before it says "up": a cold plan costs seconds on a busy machine.
  await warmUp(services);
  return {
    db,
    auth,
    url: app.url,
    issuer: provider.url,
    settings,
    async close() {
      await closeServer(app.server);
      await closeServer(provider.server);
      await db.close();
    },
  };
}

/** For one test file: `startOidcStack` before its tests, closed after them. */
export function useOidcServer(): OidcServer {
  let stack: OidcStack | undefined;
  beforeAll(async () => {
    stack = await startOidcStack();
  });
  afterAll(async () => {
    await stack?.close();
  });
  const started = () => {
    if (!stack) throw new Error('the servers start in beforeAll');
    return stack;
  };
  return {
    get db() {
      return started().db;
    },
    get auth() {
      return started().auth;
    },
    get url() {
      return started().url;
    },
    get issuer() {
      return started().issuer;
    },
    get settings() {
      return started().settings;
    },
  };
}

interface StoredCookie {
  value: string;
  path: string;
}

/**
 * What a browser does between the app and the provider, by hand: it keeps cookies per
 * origin (honouring Path and Max-Age=0), and never follows a redirect by itself.
 */
export class HandDrivenBrowser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(url, { method: 'GET', headers });
  }

  async postForm(url: string, form: Record<string, string>): Promise<Response> {
    return this.send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** The cookie this browser would send to `url` under `name`. */
  cookie(url: string, name: string): string | undefined {
    const { origin, pathname } = new URL(url);
    const stored = this.jar.get(origin)?.get(name);
    return stored && pathname.startsWith(stored.path) ? stored.value : undefined;
  }

  setCookie(url: string, name: string, value: string, path = '/'): void {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, StoredCookie>();
    cookies.set(name, { value, path });
    this.jar.set(origin, cookies);
  }

  forget(url: string, name: string): void {
    this.jar.get(new URL(url).origin)?.delete(name);
  }

  private async send(url: string, init: RequestInit & { headers: Record<string, string> }) {
    const { origin, pathname } = new URL(url);
    const cookies = [...(this.jar.get(origin) ?? new Map<string, StoredCookie>())]
      .filter(([, cookie]) => pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`);
    const headers = { ...init.headers, ...(cookies.length ? { cookie: cookies.join('; ') } : {}) };
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.remember(origin, line);
    return response;
  }

  private remember(origin: string, line: string): void {
    const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attribute = (key: string) =>
      attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const cookies = this.jar.get(origin) ?? new Map<string, StoredCookie>();
    const expires = attribute('expires');
    if (attribute('max-age') === '0' || (expires && Date.parse(expires) < Date.now())) {
      cookies.delete(name);
    } else {
      cookies.set(name, { value, path: attribute('path') ?? '/' });
    }
    this.jar.set(origin, cookies);
  }
}

/** The step of a redirect chain: where it leads, resolved against where it came from. */
export function locationOf(response: Response, from: string): string {
  const location = response.headers.get('location');
  if (!location) throw new Error(`${response.status} from ${from} has no Location`);
  return new URL(location, from).href;
}

/**
 * Starts single sign-on at the app and walks the provider's redirects, signing in as
 * `account` and consenting on its pages, until the provider sends the browser back to
 * the app's callback. Returns that callback URL (with its code and state), not yet visited,
 * and the authorization URL the app first redirected to.
 */
export async function reachCallback(
  browser: HandDrivenBrowser,
  appUrl: string,
  account: string,
): Promise<{ callback: string; authorization: string; start: Response }> {
  const startUrl = `${appUrl}/api/session/oidc`;
  const start = await browser.get(startUrl);
  if (start.status !== 302) throw new Error(`the sign-in start answered ${start.status}`);
  const authorization = locationOf(start, startUrl);
  let url = authorization;
  for (let step = 0; step < 12; step++) {
    if (url.startsWith(`${appUrl}${OIDC_CALLBACK_PATH}`)) {
      return { callback: url, authorization, start };
    }
    let response = await browser.get(url);
    if (response.status === 200 && new URL(url).pathname.startsWith('/interaction/')) {
      const page = await response.text();
      response = page.includes('name="login"')
        ? await browser.postForm(url, { prompt: 'login', login: account, password: 'any' })
        : await browser.postForm(url, { prompt: 'consent' });
    }
    if (response.status < 300 || response.status >= 400) {
      throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    }
    url = locationOf(response, url);
  }
  throw new Error('the provider never sent the browser back to the app');
}
