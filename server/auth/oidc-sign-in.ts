import { AppError } from '../errors.ts';
import type { AuditService } from './audit-service.ts';
import type { AuthService } from './auth-service.ts';
import { claimValues, roleFromValues, usernameFromClaims } from './oidc-claims.ts';
import { OidcCallbackError, type OidcClient } from './oidc-client.ts';
import type { OidcFlowCookies } from './oidc-flow-cookie.ts';
import type { OidcSettings } from './oidc-settings.ts';
import type { Identity } from './roles.ts';
import type { UserRepository } from './user-repository.ts';

/** Why a single sign-on was refused, as the audit trail records it. */
export type SsoRefusal =
  | OidcCallbackError['reason']
  | 'flow-missing'
  | 'flow-invalid'
  | 'no-username'
  | 'no-role'
  | 'name-taken';

const MESSAGES = {
  SSO_FAILED: 'Single sign-on did not complete; start again from the sign-in page.',
  SSO_NO_ROLE:
    'Your single sign-on account holds no group or role that Entente maps to a role; ask your administrator.',
  SSO_NAME_TAKEN:
    'Your user name already belongs to another Entente account; ask your administrator.',
} as const;

/** A refused sign-in, its code for the sign-in page, its reason for the audit trail. */
export class SsoRefused extends AppError {
  constructor(
    code: keyof typeof MESSAGES,
    readonly reason: SsoRefusal,
  ) {
    super(
      code,
      MESSAGES[code],
      code === 'SSO_NO_ROLE' ? 403 : code === 'SSO_NAME_TAKEN' ? 409 : 400,
    );
  }
}

/**
 * Single sign-on: starts the code flow at the provider, and on the way back checks it,
 * maps the person's claims to a role and opens the same kind of session as a password
 * sign-in. People are kept as `:__User` nodes with the issuer and subject they came
 * with and no password; their role is set again from the claims at each sign-in.
 */
export class OidcSignIn {
  constructor(
    private readonly client: OidcClient,
    private readonly flows: OidcFlowCookies,
    private readonly users: UserRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly settings: OidcSettings,
  ) {}

  /** Where to send the browser, and the flow cookie that must come back with it. */
  async start(): Promise<{ location: string; flowCookie: string }> {
    const { url, flow } = await this.client.authorizationUrl();
    return { location: url, flowCookie: this.flows.seal(flow) };
  }

  /** The provider's answer → a session; anything wrong is audited and refused. */
  async finish(
    query: URLSearchParams,
    flowCookie: string | undefined,
    ip: string,
  ): Promise<{ cookieValue: string; identity: Identity }> {
    const refuse = async (
      code: keyof typeof MESSAGES,
      reason: SsoRefusal,
      details: Record<string, unknown> = {},
      username = 'anonymous',
    ): Promise<never> => {
      await this.audit.record({
        user: username,
        action: 'sign-in',
        target: null,
        outcome: 'failure',
        ip,
        details: { via: 'oidc', reason, ...details },
      });
      throw new SsoRefused(code, reason);
    };

    if (!flowCookie) return refuse('SSO_FAILED', 'flow-missing');
    const flow = this.flows.open(flowCookie);
    if (!flow) return refuse('SSO_FAILED', 'flow-invalid');
    let claims;
    try {
      claims = await this.client.claimsFrom(query, flow);
    } catch (error) {
      if (!(error instanceof OidcCallbackError)) throw error;
      return refuse('SSO_FAILED', error.reason, error.detail);
    }
    const username = usernameFromClaims(claims);
    if (!username) return refuse('SSO_FAILED', 'no-username');
    const values = claimValues(claims, this.settings.roleClaim);
    const role = roleFromValues(values, this.settings.roleMapping, this.settings.defaultRole);
    // The values are group names, kept so an administrator can see why the mapping missed.
    if (!role) {
      return refuse('SSO_NO_ROLE', 'no-role', { claimValues: values.slice(0, 50) }, username);
    }
    const saved = await this.users.saveSsoUser(username, role, {
      issuer: this.settings.issuer,
      subject: String(claims.sub),
    });
    if (!saved) return refuse('SSO_NAME_TAKEN', 'name-taken', {}, username);
    return this.auth.openSession({ username, role }, ip, { via: 'oidc', role });
  }
}
