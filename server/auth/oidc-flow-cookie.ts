import { createHmac, timingSafeEqual } from 'node:crypto';

export const OIDC_FLOW_COOKIE = 'entente_oidc';
/** The cookie goes only to the single sign-on routes, the callback among them. */
export const OIDC_FLOW_PATH = '/api/session/oidc';
/** How long a started sign-in may take at the provider before it must start over. */
export const OIDC_FLOW_TTL_MS = 10 * 60_000;

/** What the callback must check the provider's answer against. */
export interface OidcFlow {
  state: string;
  nonce: string;
  /** The PKCE code verifier; only its S256 challenge went to the provider. */
  verifier: string;
}

type SealedFlow = OidcFlow & { expiresAtMs: number };

/**
 * The state, nonce and PKCE verifier of a sign-in in progress, kept in the browser as
 * `payload.signature` (an HMAC under the app secret) rather than in this process, so any
 * replica sharing ENTENTE_SECRET can finish a sign-in another one started.
 */
export class OidcFlowCookies {
  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  seal(flow: OidcFlow): string {
    const sealed: SealedFlow = { ...flow, expiresAtMs: this.now() + OIDC_FLOW_TTL_MS };
    const payload = Buffer.from(JSON.stringify(sealed)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The flow, or null when the value is missing, not signed by us, or expired. */
  open(value: string | undefined): OidcFlow | null {
    if (!value) return null;
    const dot = value.indexOf('.');
    if (dot <= 0) return null;
    const payload = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.sign(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let sealed: Partial<SealedFlow>;
    try {
      sealed = JSON.parse(
        Buffer.from(payload, 'base64url').toString('utf8'),
      ) as Partial<SealedFlow>;
    } catch {
      return null;
    }
    const { state, nonce, verifier, expiresAtMs } = sealed;
    if (
      typeof state !== 'string' ||
      typeof nonce !== 'string' ||
      typeof verifier !== 'string' ||
      typeof expiresAtMs !== 'number' ||
      expiresAtMs < this.now()
    ) {
      return null;
    }
    return { state, nonce, verifier };
  }

  private sign(payload: string): string {
    // Its own prefix: a session cookie's signature can never pass for a flow's.
    return createHmac('sha256', this.secret).update(`oidc-flow:${payload}`).digest('base64url');
  }
}

/** Set-Cookie for a started sign-in: HttpOnly, SameSite=Lax (sent back on the provider's redirect). */
export function oidcFlowCookieHeader(value: string, options: { secure: boolean }): string {
  return [
    `${OIDC_FLOW_COOKIE}=${value}`,
    `Path=${OIDC_FLOW_PATH}`,
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${OIDC_FLOW_TTL_MS / 1000}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Set-Cookie that removes the flow cookie once the sign-in ended, either way. */
export function clearedOidcFlowCookieHeader(): string {
  return `${OIDC_FLOW_COOKIE}=; Path=${OIDC_FLOW_PATH}; HttpOnly; SameSite=Lax; Max-Age=0`;
}
