import type { AuthSettings } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { AuditRepository } from './audit-repository.ts';
import { AuditService } from './audit-service.ts';
import { AuthService } from './auth-service.ts';
import type { OidcClient } from './oidc-client.ts';
import { OidcFlowCookies } from './oidc-flow-cookie.ts';
import type { OidcSettings } from './oidc-settings.ts';
import { OidcSignIn } from './oidc-sign-in.ts';
import { PasswordHasher } from './passwords.ts';
import { SessionCookies } from './session-cookie.ts';
import { SessionRepository } from './session-repository.ts';
import { SignInLimiter } from './sign-in-limiter.ts';
import { UserRepository } from './user-repository.ts';

export interface Auth {
  service: AuthService;
  audit: AuditService;
  users: UserRepository;
  hasher: PasswordHasher;
  /** Set with ENTENTE_AUTH=oidc: people sign in through the provider, never with a password. */
  oidc?: OidcSignIn | undefined;
}

/** Everything sign-in needs, over one database, with its constraints in place. */
export async function createAuth(
  db: Database,
  settings: Pick<AuthSettings, 'sessionIdleMinutes' | 'sessionMaxHours'> & { secret: string },
  options: {
    adminToken: string | undefined;
    logger?: Logger | undefined;
    /** Single sign-on: the discovered provider and its settings. */
    oidc?: { client: OidcClient; settings: OidcSettings } | undefined;
  },
): Promise<Auth> {
  const users = new UserRepository(db);
  const sessions = new SessionRepository(db);
  const auditRepository = new AuditRepository(db);
  await users.ensureSchema();
  await sessions.ensureSchema();
  await auditRepository.ensureSchema();
  const hasher = new PasswordHasher(settings.secret);
  const audit = new AuditService(auditRepository, options.logger);
  const service = new AuthService(
    users,
    sessions,
    hasher,
    new SessionCookies(settings.secret),
    new SignInLimiter(),
    audit,
    {
      idleMs: settings.sessionIdleMinutes * 60_000,
      maxMs: settings.sessionMaxHours * 3_600_000,
      adminToken: options.adminToken,
    },
  );
  const oidc =
    options.oidc &&
    new OidcSignIn(
      options.oidc.client,
      new OidcFlowCookies(settings.secret),
      users,
      service,
      audit,
      options.oidc.settings,
    );
  return { service, audit, users, hasher, oidc };
}
