import { z } from 'zod';
import { isLoopbackAddress } from '../loopback.ts';
import { isRole, type Role } from './roles.ts';

/** Single sign-on through an OpenID Connect provider (ENTENTE_AUTH=oidc). */
export interface OidcSettings {
  /** The issuer identifier; its discovery document is read at start. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim holding group or role names, e.g. `groups`; a dotted path reaches nested ones. */
  roleClaim: string;
  /** Claim value → role; a user holding several values gets the highest role. */
  roleMapping: ReadonlyMap<string, Role>;
  /** The role of a user none of whose values is mapped; unset = such a user is refused. */
  defaultRole: 'viewer' | 'analyst' | undefined;
  /** Scopes asked for; `openid` is always among them. */
  scopes: string[];
  /** The origin browsers reach the app at; the redirect URI is derived from it. */
  publicUrl: string;
}

/** Where the provider sends the browser back to, under the public URL. */
export const OIDC_CALLBACK_PATH = '/api/session/oidc/callback';

export function redirectUriOf(settings: Pick<OidcSettings, 'publicUrl'>): string {
  return `${settings.publicUrl}${OIDC_CALLBACK_PATH}`;
}

const text = z.string().trim().min(1);

/** The variables of single sign-on; checked as a whole only when ENTENTE_AUTH=oidc. */
export const OIDC_ENV = {
  ENTENTE_OIDC_ISSUER: text.optional(),
  ENTENTE_OIDC_CLIENT_ID: text.optional(),
  ENTENTE_OIDC_CLIENT_SECRET: text.optional(),
  ENTENTE_OIDC_ROLE_CLAIM: text.optional(),
  ENTENTE_OIDC_ROLES: text.optional(),
  ENTENTE_OIDC_DEFAULT_ROLE: z
    .enum(['viewer', 'analyst'], 'viewer or analyst (admin comes only from the mapping)')
    .optional(),
  ENTENTE_OIDC_SCOPES: text.optional(),
  ENTENTE_PUBLIC_URL: text.optional(),
};

type OidcEnv = { [K in keyof typeof OIDC_ENV]?: z.output<(typeof OIDC_ENV)[K]> };

const REQUIRED = [
  'ENTENTE_OIDC_ISSUER',
  'ENTENTE_OIDC_CLIENT_ID',
  'ENTENTE_OIDC_CLIENT_SECRET',
  'ENTENTE_OIDC_ROLES',
  'ENTENTE_PUBLIC_URL',
] as const;

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * `group=role,group=role`: each claim value once, each role one of viewer, analyst,
 * admin. Problems name the variable and the entry at fault.
 */
export function parseRoleMapping(
  value: string,
  problems: string[],
  variable = 'ENTENTE_OIDC_ROLES',
): Map<string, Role> {
  const mapping = new Map<string, Role>();
  for (const entry of value.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const eq = trimmed.lastIndexOf('=');
    const claimValue = eq > 0 ? trimmed.slice(0, eq).trim() : '';
    const role = eq > 0 ? trimmed.slice(eq + 1).trim() : '';
    if (claimValue === '' || !isRole(role)) {
      problems.push(
        `${variable}: "${trimmed}" is not value=role (role one of viewer, analyst, admin), e.g. entente-admins=admin,staff=viewer`,
      );
      continue;
    }
    if (mapping.has(claimValue)) {
      problems.push(`${variable}: "${claimValue}" is mapped twice`);
      continue;
    }
    mapping.set(claimValue, role);
  }
  if (mapping.size === 0 && problems.length === 0) {
    problems.push(`${variable}: maps no value to a role, e.g. entente-analysts=analyst`);
  }
  return mapping;
}

/**
 * The single sign-on settings, or undefined after adding to `problems` one line per
 * missing or invalid variable (each named).
 */
export function oidcSettingsFrom(env: OidcEnv, problems: string[]): OidcSettings | undefined {
  const before = problems.length;
  for (const name of REQUIRED) {
    if (env[name] === undefined) problems.push(`${name}: required when ENTENTE_AUTH=oidc`);
  }
  const issuer = env.ENTENTE_OIDC_ISSUER && parseUrl(env.ENTENTE_OIDC_ISSUER);
  if (env.ENTENTE_OIDC_ISSUER !== undefined) {
    if (!issuer || (issuer.protocol !== 'https:' && issuer.protocol !== 'http:')) {
      problems.push(
        'ENTENTE_OIDC_ISSUER: an https:// URL, e.g. https://sso.example.org/realms/team',
      );
    } else if (issuer.protocol === 'http:' && !isLoopbackAddress(issuer.hostname)) {
      problems.push(
        `ENTENTE_OIDC_ISSUER: must be https:// (plain http is accepted only on this machine, e.g. http://127.0.0.1), not ${issuer.origin}`,
      );
    } else if (issuer.search || issuer.hash) {
      problems.push('ENTENTE_OIDC_ISSUER: the issuer identifier has no query or fragment');
    }
  }
  const publicUrl = env.ENTENTE_PUBLIC_URL && parseUrl(env.ENTENTE_PUBLIC_URL);
  if (env.ENTENTE_PUBLIC_URL !== undefined) {
    if (!publicUrl || (publicUrl.protocol !== 'https:' && publicUrl.protocol !== 'http:')) {
      problems.push(
        'ENTENTE_PUBLIC_URL: the http(s) origin browsers use to reach Entente, e.g. https://entente.example.org',
      );
    } else if (publicUrl.pathname !== '/' || publicUrl.search || publicUrl.hash) {
      problems.push(
        `ENTENTE_PUBLIC_URL: an origin without a path, e.g. ${publicUrl.origin} (Entente is served from /)`,
      );
    }
  }
  const roleMapping =
    env.ENTENTE_OIDC_ROLES === undefined
      ? new Map<string, Role>()
      : parseRoleMapping(env.ENTENTE_OIDC_ROLES, problems);
  const scopes = [
    ...new Set(['openid', ...(env.ENTENTE_OIDC_SCOPES ?? 'profile email').split(/[\s,]+/)]),
  ].filter((scope) => scope !== '');
  if (problems.length > before || !issuer || !publicUrl) return undefined;
  return {
    // The issuer as written: discovery compares it with the document's `issuer` exactly.
    issuer: env.ENTENTE_OIDC_ISSUER ?? issuer.href,
    clientId: env.ENTENTE_OIDC_CLIENT_ID ?? '',
    clientSecret: env.ENTENTE_OIDC_CLIENT_SECRET ?? '',
    roleClaim: env.ENTENTE_OIDC_ROLE_CLAIM ?? 'groups',
    roleMapping,
    defaultRole: env.ENTENTE_OIDC_DEFAULT_ROLE,
    scopes,
    publicUrl: publicUrl.origin,
  };
}
