import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { AuditService } from './audit-service.ts';
import type { PasswordHasher } from './passwords.ts';
import type { Identity } from './roles.ts';
import type { SessionCookies } from './session-cookie.ts';
import type { SessionRepository } from './session-repository.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';
import type { UserRepository } from './user-repository.ts';

export interface AuthServiceOptions {
  idleMs: number;
  maxMs: number;
  /** ENTENTE_ADMIN_TOKEN: automation acts as the admin named `token`. */
  adminToken: string | undefined;
}

/** A session's last-seen time is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

export const unauthenticated = () =>
  new AppError('UNAUTHENTICATED', 'Sign in to use this endpoint.', 401);

/** Sign-in, sign-out and who a request acts for (local accounts). */
export class AuthService {
  private readonly tokenDigest: Buffer | undefined;

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly cookies: SessionCookies,
    private readonly limiter: SignInLimiter,
    private readonly audit: AuditService,
    private readonly options: AuthServiceOptions,
  ) {
    this.tokenDigest = options.adminToken ? sha256(options.adminToken) : undefined;
  }

  get sessionMaxSeconds(): number {
    return Math.floor(this.options.maxMs / 1000);
  }

  /** Checks the password; on success a new session and the cookie value for it. */
  async signIn(
    username: string,
    password: string,
    ip: string,
  ): Promise<{ cookieValue: string; identity: Identity }> {
    if (this.limiter.blocked(username, ip)) {
      await this.audit.record({
        user: username,
        action: 'sign-in',
        target: null,
        outcome: 'rate-limited',
        ip,
        details: null,
      });
      throw new AppError(
        'RATE_LIMITED',
        'Too many failed sign-ins: wait a minute and try again.',
        429,
      );
    }
    const found = await this.users.passwordHashOf(username);
    const valid = found
      ? await this.hasher.verify(password, found.hash)
      : await this.hasher.burn(password).then(() => false);
    if (!found || !valid) {
      this.limiter.recordFailure(username, ip);
      await this.audit.record({
        user: username,
        action: 'sign-in',
        target: null,
        outcome: 'failure',
        ip,
        details: null,
      });
      // The same answer whether the name or the password was wrong.
      throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password.', 401);
    }
    const issued = this.cookies.issue();
    await this.sessions.create(issued.idDigest, found.user.username, this.expiry());
    await this.audit.record({
      user: found.user.username,
      action: 'sign-in',
      target: null,
      outcome: 'success',
      ip,
      details: null,
    });
    return {
      cookieValue: issued.value,
      identity: { username: found.user.username, role: found.user.role, via: 'session' },
    };
  }

  /**
   * A new session for someone the caller has already checked (single sign-on), audited
   * as a successful sign-in with `details` (never a secret).
   */
  async openSession(
    user: { username: string; role: Identity['role'] },
    ip: string,
    details: Record<string, unknown>,
  ): Promise<{ cookieValue: string; identity: Identity }> {
    const issued = this.cookies.issue();
    await this.sessions.create(issued.idDigest, user.username, this.expiry());
    await this.audit.record({
      user: user.username,
      action: 'sign-in',
      target: null,
      outcome: 'success',
      ip,
      details,
    });
    return {
      cookieValue: issued.value,
      identity: { username: user.username, role: user.role, via: 'session' },
    };
  }

  /** Who the cookie stands for, or null when it is missing, forged or expired. */
  async identify(cookieValue: string | undefined): Promise<Identity | null> {
    const idDigest = this.cookies.verify(cookieValue);
    if (!idDigest) return null;
    const session = await this.sessions.find(idDigest);
    if (!session) return null;
    const now = Date.now();
    const { idleMs, maxMs } = this.options;
    if (now - session.createdAtMs > maxMs || now - session.lastSeenAtMs > idleMs) {
      await this.sessions.remove(idDigest);
      return null;
    }
    if (now - session.lastSeenAtMs > TOUCH_EVERY_MS) await this.sessions.touch(idDigest);
    return { username: session.username, role: session.role, via: 'session' };
  }

  /** The admin identity for the right bearer token; null without one; 401 for a wrong one. */
  identifyToken(bearer: string | undefined): Identity | null {
    if (bearer === undefined) return null;
    if (this.tokenDigest && timingSafeEqual(sha256(bearer), this.tokenDigest)) {
      return { username: 'token', role: 'admin', via: 'token' };
    }
    throw unauthenticated();
  }

  async signOut(cookieValue: string | undefined, identity: Identity | null, ip: string) {
    const idDigest = this.cookies.verify(cookieValue);
    if (idDigest) await this.sessions.remove(idDigest);
    if (identity) {
      await this.audit.record({
        user: identity.username,
        action: 'sign-out',
        target: null,
        outcome: 'success',
        ip,
        details: null,
      });
    }
  }

  private expiry() {
    return { idleMs: this.options.idleMs, maxMs: this.options.maxMs };
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
