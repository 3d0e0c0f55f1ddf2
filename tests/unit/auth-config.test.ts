import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackAddress, loadConfig } from '../../server/config.ts';
import { PasswordHasher } from '../../server/auth/passwords.ts';
import { SessionCookies } from '../../server/auth/session-cookie.ts';
import { SignInLimiter } from '../../server/auth/sign-in-limiter.ts';

describe('sign-in mode', () => {
  it('when nothing is set, then sign-in is off on the loopback default, with no warning', () => {
    const { auth } = loadConfig({});
    expect(auth.mode).toBe('off');
    expect(auth.warning).toBeUndefined();
  });

  it('when HOST is a loopback address, then auth may stay unset', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
      expect(isLoopbackAddress(host), host).toBe(true);
      expect(loadConfig({ HOST: host }).auth.mode).toBe('off');
    }
  });

  it('when HOST is reachable from other machines and no mode is set, then start-up is refused', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'explorer.example.org']) {
      expect(isLoopbackAddress(host), host).toBe(false);
      expect(() => loadConfig({ HOST: host }), host).toThrow(ConfigError);
      expect(() => loadConfig({ HOST: host })).toThrow(/ENTENTE_AUTH/);
    }
  });

  it('when ENTENTE_AUTH=off is explicit on a public address, then it starts with a warning', () => {
    const { auth } = loadConfig({ HOST: '0.0.0.0', ENTENTE_AUTH: 'off' });
    expect(auth.mode).toBe('off');
    expect(auth.warning).toMatch(/Sign-in is off .* 0\.0\.0\.0/);
  });

  it('when ENTENTE_AUTH=local, then sessions default to 60 idle minutes and 12 hours', () => {
    const { auth } = loadConfig({
      HOST: '0.0.0.0',
      ENTENTE_AUTH: 'local',
    });
    expect(auth).toMatchObject({
      mode: 'local',
      warning: undefined,
      sessionIdleMinutes: 60,
      sessionMaxHours: 12,
    });
  });

  it('when the mode or the secret is wrong, then the error names the variable', () => {
    expect(() => loadConfig({ ENTENTE_AUTH: 'ldap' })).toThrow(/ENTENTE_AUTH/);
    expect(() => loadConfig({ ENTENTE_AUTH: 'local', ENTENTE_SECRET: 'short' })).toThrow(
      /ENTENTE_SECRET: at least 32 characters/,
    );
  });
});

describe('passwords, cookies and the sign-in limiter', () => {
  it('when a password is hashed, then only that password and that secret verify it', async () => {
    const hasher = new PasswordHasher('secret-one-that-is-long-enough-to-use');
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(hash).not.toContain('correct horse');
    expect(await hasher.verify('correct horse battery', hash)).toBe(true);
    expect(await hasher.verify('correct horse batterY', hash)).toBe(false);
    const otherSecret = new PasswordHasher('secret-two-that-is-long-enough-to-use');
    expect(await otherSecret.verify('correct horse battery', hash)).toBe(false);
    expect(await hasher.verify('correct horse battery', 'not-a-hash')).toBe(false);
  });

  it('when a cookie is issued, then it verifies to its digest and a changed one does not', () => {
    const cookies = new SessionCookies('a-secret-for-signing-session-cookies');
    const { value, idDigest } = cookies.issue();
    expect(cookies.verify(value)).toBe(idDigest);
    expect(value).not.toContain(idDigest);
    expect(cookies.verify(`${value}x`)).toBeNull();
    expect(cookies.verify(value.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toBeNull();
    expect(new SessionCookies('another-secret-for-signing-cookies!').verify(value)).toBeNull();
    expect(cookies.verify(undefined)).toBeNull();
  });

  it('when more than 10 failures come in a minute, then the name is blocked until they age out', () => {
    let now = 0;
    const limiter = new SignInLimiter(10, 60_000, () => now);
    for (let i = 0; i < 10; i++) {
      expect(limiter.blocked('Ada', `10.0.0.${i}`)).toBe(false);
      limiter.recordFailure('Ada', `10.0.0.${i}`);
    }
    expect(limiter.blocked('ada', '10.9.9.9')).toBe(true);
    expect(limiter.blocked('grace', '10.0.0.1')).toBe(false);
    now = 60_001;
    expect(limiter.blocked('ada', '10.9.9.9')).toBe(false);
  });
});
