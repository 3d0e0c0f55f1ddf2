import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { claimValues, roleFromValues, usernameFromClaims } from '../../server/auth/oidc-claims.ts';
import { OidcClient, OidcDiscoveryError } from '../../server/auth/oidc-client.ts';
import { OidcFlowCookies } from '../../server/auth/oidc-flow-cookie.ts';
import { parseRoleMapping, redirectUriOf } from '../../server/auth/oidc-settings.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';

const COMPLETE = {
  HOST: '0.0.0.0',
  ENTENTE_AUTH: 'oidc',
  ENTENTE_OIDC_ISSUER: 'https://sso.example.org/realms/team',
  ENTENTE_OIDC_CLIENT_ID: 'entente',
  ENTENTE_OIDC_CLIENT_SECRET: 'client-secret',
  ENTENTE_OIDC_ROLES: 'entente-admins=admin, entente-analysts=analyst,staff=viewer',
  ENTENTE_PUBLIC_URL: 'https://entente.example.org/',
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('single sign-on settings', () => {
  it('when every setting is given, then the mapping, scopes, claim and redirect URI follow from them', () => {
    const { auth } = loadConfig(COMPLETE);
    expect(auth.mode).toBe('oidc');
    const oidc = auth.oidc;
    expect(oidc).toMatchObject({
      issuer: 'https://sso.example.org/realms/team',
      clientId: 'entente',
      roleClaim: 'groups',
      defaultRole: undefined,
      scopes: ['openid', 'profile', 'email'],
      publicUrl: 'https://entente.example.org',
    });
    expect([...(oidc?.roleMapping ?? [])]).toEqual([
      ['entente-admins', 'admin'],
      ['entente-analysts', 'analyst'],
      ['staff', 'viewer'],
    ]);
    expect(oidc && redirectUriOf(oidc)).toBe(
      'https://entente.example.org/api/session/oidc/callback',
    );
  });

  it('when ENTENTE_AUTH=oidc comes alone, then every missing setting is named', () => {
    const problems = problemsOf({ ENTENTE_AUTH: 'oidc' });
    for (const name of [
      'ENTENTE_OIDC_ISSUER',
      'ENTENTE_OIDC_CLIENT_ID',
      'ENTENTE_OIDC_CLIENT_SECRET',
      'ENTENTE_OIDC_ROLES',
      'ENTENTE_PUBLIC_URL',
    ]) {
      expect(problems).toContain(`${name}: required when ENTENTE_AUTH=oidc`);
    }
  });

  it('when the issuer is plain http away from this machine, then start-up is refused; on loopback it is accepted', () => {
    expect(problemsOf({ ...COMPLETE, ENTENTE_OIDC_ISSUER: 'http://sso.example.org' })).toMatch(
      /ENTENTE_OIDC_ISSUER: must be https:\/\//,
    );
    expect(problemsOf({ ...COMPLETE, ENTENTE_OIDC_ISSUER: 'not a url' })).toMatch(
      /ENTENTE_OIDC_ISSUER/,
    );
    for (const issuer of ['http://127.0.0.1:9000', 'http://localhost:9000/realms/x']) {
      expect(loadConfig({ ...COMPLETE, ENTENTE_OIDC_ISSUER: issuer }).auth.oidc?.issuer).toBe(
        issuer,
      );
    }
  });

  it('when the public URL has a path or is not http(s), then it is named', () => {
    expect(problemsOf({ ...COMPLETE, ENTENTE_PUBLIC_URL: 'https://example.org/entente' })).toMatch(
      /ENTENTE_PUBLIC_URL: an origin without a path, e.g. https:\/\/example.org/,
    );
    expect(problemsOf({ ...COMPLETE, ENTENTE_PUBLIC_URL: 'ftp://example.org' })).toMatch(
      /ENTENTE_PUBLIC_URL/,
    );
  });

  it('when the mapping names an unknown role, lacks an equals sign or maps a value twice, then the entry is named', () => {
    const problems: string[] = [];
    parseRoleMapping('ops=superuser,staff,a=viewer,a=admin', problems);
    expect(problems).toEqual([
      expect.stringContaining('ENTENTE_OIDC_ROLES: "ops=superuser" is not value=role'),
      expect.stringContaining('ENTENTE_OIDC_ROLES: "staff" is not value=role'),
      'ENTENTE_OIDC_ROLES: "a" is mapped twice',
    ]);
    expect(problemsOf({ ...COMPLETE, ENTENTE_OIDC_ROLES: ' , ' })).toMatch(
      /ENTENTE_OIDC_ROLES: maps no value to a role/,
    );
  });

  it('when a default role is set, then only viewer or analyst is accepted', () => {
    expect(
      loadConfig({ ...COMPLETE, ENTENTE_OIDC_DEFAULT_ROLE: 'viewer' }).auth.oidc?.defaultRole,
    ).toBe('viewer');
    expect(problemsOf({ ...COMPLETE, ENTENTE_OIDC_DEFAULT_ROLE: 'admin' })).toMatch(
      /ENTENTE_OIDC_DEFAULT_ROLE: viewer or analyst/,
    );
  });

  it('when the OIDC settings are set but the mode is local, then they are not asked for', () => {
    const { auth } = loadConfig({ ENTENTE_AUTH: 'local', ENTENTE_OIDC_ISSUER: 'http://x.org' });
    expect(auth).toMatchObject({ mode: 'local', oidc: undefined });
  });
});

describe('claims to roles', () => {
  const mapping = new Map([
    ['entente-admins', 'admin'],
    ['entente-analysts', 'analyst'],
    ['staff', 'viewer'],
  ] as const);

  it('when the claim is a string, an array, a nested path or a namespaced name, then its values are read', () => {
    expect(claimValues({ groups: 'staff' }, 'groups')).toEqual(['staff']);
    expect(claimValues({ groups: ['staff', 3, 'ops'] }, 'groups')).toEqual(['staff', 'ops']);
    expect(claimValues({ realm_access: { roles: ['a', 'b'] } }, 'realm_access.roles')).toEqual([
      'a',
      'b',
    ]);
    expect(
      claimValues({ 'https://example.org/roles': ['x'] }, 'https://example.org/roles'),
    ).toEqual(['x']);
    expect(claimValues({}, 'groups')).toEqual([]);
    expect(claimValues({ groups: { not: 'a list' } }, 'groups')).toEqual([]);
  });

  it('when several values are mapped, then the highest role wins; unmapped values fall to the default or none', () => {
    expect(
      roleFromValues(['staff', 'entente-admins', 'entente-analysts'], mapping, undefined),
    ).toBe('admin');
    expect(roleFromValues(['staff', 'marketing'], mapping, undefined)).toBe('viewer');
    expect(roleFromValues(['marketing'], mapping, undefined)).toBeUndefined();
    expect(roleFromValues([], mapping, 'viewer')).toBe('viewer');
    // A mapped value outranks the default, even a lower one.
    expect(roleFromValues(['staff'], mapping, 'analyst')).toBe('viewer');
  });

  it('when naming the person, then preferred_username comes before email, and email before sub', () => {
    expect(usernameFromClaims({ sub: 's1', email: 'e@x.org', preferred_username: 'pu' })).toBe(
      'pu',
    );
    expect(usernameFromClaims({ sub: 's1', email: 'e@x.org', preferred_username: ' ' })).toBe(
      'e@x.org',
    );
    expect(usernameFromClaims({ sub: 's1' })).toBe('s1');
    expect(usernameFromClaims({})).toBeUndefined();
  });
});

describe('the sign-in flow cookie', () => {
  const flow = { state: 'state-1', nonce: 'nonce-1', verifier: 'verifier-1' };

  it('when sealed, then it opens with the same secret until it expires, and never with another', () => {
    let now = 1_000;
    const cookies = new OidcFlowCookies('a-secret-for-signing-the-flow-cookie', () => now);
    const sealed = cookies.seal(flow);
    expect(cookies.open(sealed)).toEqual(flow);
    expect(new OidcFlowCookies('another-secret-for-signing-the-cookie').open(sealed)).toBeNull();
    expect(cookies.open(`${sealed}x`)).toBeNull();
    expect(cookies.open(sealed.replace(/^./, (c) => (c === 'e' ? 'f' : 'e')))).toBeNull();
    expect(cookies.open(undefined)).toBeNull();
    now += 10 * 60_000 + 1;
    expect(cookies.open(sealed)).toBeNull();
  });
});

describe('issuer discovery', () => {
  it('when the issuer cannot be reached, then it tries again and fails naming ENTENTE_OIDC_ISSUER', async () => {
    // A port that was free a moment ago: nothing answers there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 9));
      });
    });
    const settings = loadConfig({
      ...COMPLETE,
      ENTENTE_OIDC_ISSUER: `http://127.0.0.1:${port}`,
    }).auth.oidc;
    if (!settings) throw new Error('no settings');
    const warnings: unknown[] = [];
    const logger = { warn: (entry: unknown) => void warnings.push(entry) };
    const failing = OidcClient.discover(settings, { attempts: 3, firstDelayMs: 5, logger });
    await expect(failing).rejects.toBeInstanceOf(OidcDiscoveryError);
    await expect(failing).rejects.toThrow(
      new RegExp(`ENTENTE_OIDC_ISSUER \\(http://127\\.0\\.0\\.1:${port}\\) after 3 tries`),
    );
    expect(warnings).toHaveLength(2);
  });
});
