import * as openid from 'openid-client';
import type { Logger } from '../logger.ts';
import type { Claims } from './oidc-claims.ts';
import type { OidcFlow } from './oidc-flow-cookie.ts';
import { redirectUriOf, type OidcSettings } from './oidc-settings.ts';

/** The provider could not be reached or described itself wrongly, every try. */
export class OidcDiscoveryError extends Error {
  readonly code = 'OIDC_DISCOVERY_FAILED';
}

/** Why a callback was refused; `reason` and `detail` go to the audit trail (never a token). */
export class OidcCallbackError extends Error {
  constructor(
    readonly reason:
      | 'provider-refused'
      | 'provider-unreachable'
      | 'state-mismatch'
      | 'token-exchange-failed'
      | 'invalid-response',
    readonly detail: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(`single sign-on refused: ${reason}`, options);
  }
}

export interface DiscoveryRetry {
  /** Tries in all; the waits between them double from `firstDelayMs`. */
  attempts: number;
  firstDelayMs: number;
  logger?: Pick<Logger, 'warn'> | undefined;
  signal?: AbortSignal | undefined;
}

/** Six tries over about half a minute: a provider starting beside the app has time to come up. */
export const DEFAULT_DISCOVERY_RETRY: DiscoveryRetry = { attempts: 6, firstDelayMs: 1_000 };

const delay = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}

/**
 * The app's client at the team's OpenID Connect provider (openid-client): builds the
 * authorization request (code flow with PKCE S256, state and nonce) and checks the answer.
 */
export class OidcClient {
  private constructor(
    private readonly config: openid.Configuration,
    private readonly settings: OidcSettings,
  ) {}

  /**
   * Reads the issuer's discovery document, trying again with a doubling wait while it
   * cannot be reached; then fails naming ENTENTE_OIDC_ISSUER and the last error.
   */
  static async discover(
    settings: OidcSettings,
    retry: DiscoveryRetry = DEFAULT_DISCOVERY_RETRY,
  ): Promise<OidcClient> {
    const issuer = new URL(settings.issuer);
    const options: openid.DiscoveryRequestOptions = { timeout: 10 };
    // Plain http passes validation only for an issuer on this machine (see oidc-settings.ts).
    if (issuer.protocol === 'http:') options.execute = [openid.allowInsecureRequests];
    let lastError: unknown;
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      try {
        const config = await openid.discovery(
          issuer,
          settings.clientId,
          { redirect_uris: [redirectUriOf(settings)], response_types: ['code'] },
          openid.ClientSecretBasic(settings.clientSecret),
          options,
        );
        return new OidcClient(config, settings);
      } catch (error) {
        lastError = error;
        if (attempt === retry.attempts || retry.signal?.aborted) break;
        const wait = retry.firstDelayMs * 2 ** (attempt - 1);
        retry.logger?.warn(
          { issuer: settings.issuer, attempt, retryInMs: wait, err: describeError(error) },
          'the OIDC issuer did not answer its discovery request; trying again',
        );
        await delay(wait, retry.signal);
      }
    }
    throw new OidcDiscoveryError(
      `Cannot read the OpenID Connect discovery document of ENTENTE_OIDC_ISSUER (${settings.issuer}) ` +
        `after ${retry.attempts} tries: ${describeError(lastError)}. ` +
        'Check the issuer URL (it must be the issuer identifier, e.g. https://sso.example.org/realms/team) and that this server can reach it.',
      { cause: lastError },
    );
  }

  /** A fresh state, nonce and PKCE verifier, and the provider URL to send the browser to. */
  async authorizationUrl(): Promise<{ url: string; flow: OidcFlow }> {
    const flow: OidcFlow = {
      state: openid.randomState(),
      nonce: openid.randomNonce(),
      verifier: openid.randomPKCECodeVerifier(),
    };
    const url = openid.buildAuthorizationUrl(this.config, {
      redirect_uri: redirectUriOf(this.settings),
      response_type: 'code',
      scope: this.settings.scopes.join(' '),
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await openid.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, flow };
  }

  /**
   * Checks the provider's answer against the flow, exchanges the code (with the PKCE
   * verifier) and returns the person's claims: the ID token's, completed from the
   * userinfo endpoint when the provider has one (many release groups only there).
   */
  async claimsFrom(query: URLSearchParams, flow: OidcFlow): Promise<Claims> {
    const refused = query.get('error');
    if (refused !== null) {
      throw new OidcCallbackError('provider-refused', { error: refused.slice(0, 100) });
    }
    if (query.get('state') !== flow.state) throw new OidcCallbackError('state-mismatch');
    // The registered redirect URI with the answer's parameters, whatever proxy it came through.
    const answered = new URL(redirectUriOf(this.settings));
    answered.search = query.toString();
    let tokens: Awaited<ReturnType<typeof openid.authorizationCodeGrant>>;
    try {
      tokens = await openid.authorizationCodeGrant(this.config, answered, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw callbackError(error);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcCallbackError('invalid-response', { problem: 'no ID token' });
    if (!this.config.serverMetadata().userinfo_endpoint) return idClaims;
    try {
      const userInfo = await openid.fetchUserInfo(this.config, tokens.access_token, idClaims.sub);
      return { ...userInfo, ...idClaims };
    } catch (error) {
      throw callbackError(error);
    }
  }
}

/** The refusal, keeping only the provider's error name and the library's error code. */
function callbackError(error: unknown): OidcCallbackError {
  if (error instanceof openid.ResponseBodyError) {
    return new OidcCallbackError('token-exchange-failed', { error: error.error }, { cause: error });
  }
  if (error instanceof openid.AuthorizationResponseError) {
    return new OidcCallbackError('provider-refused', { error: error.error }, { cause: error });
  }
  // fetch() fails with a TypeError when the provider cannot be reached.
  if (error instanceof TypeError) {
    return new OidcCallbackError('provider-unreachable', {}, { cause: error });
  }
  const code = (error as { code?: unknown }).code;
  return new OidcCallbackError('invalid-response', typeof code === 'string' ? { code } : {}, {
    cause: error,
  });
}
