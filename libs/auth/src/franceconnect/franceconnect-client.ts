import type { Configuration } from 'openid-client';
import type { FranceConnectConfig } from '../auth.config';
import { loadOpenIdClient } from '../esm/libraries';
import { REQUESTED_ACR, meetsEidasLevel } from './eidas';
import { chooseSigningAlg } from './signing-algorithms';
import { FRANCECONNECT_SCOPE, type VerifiedIdentity, pivotIdentityFrom } from './pivot-identity';

export interface LoginStart {
  authorizationUrl: string;
  state: string;
  nonce: string;
  codeVerifier?: string;
}

export interface CompletedLogin {
  identity: VerifiedIdentity;
  idToken: string;
}

/** Why a callback was refused, for the logs (the holder only sees that the login failed). */
export class FranceConnectLoginError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`FranceConnect login refused: ${reason}`, options);
    this.name = 'FranceConnectLoginError';
  }
}

/**
 * The service-provider side of FranceConnect, on openid-client 6: it does every check AUTH.md lists
 * (state, the ID token's signature against the provider's JWKS, iss, aud, exp, nonce, the userinfo
 * subject and, when configured, its signature), and we add the eIDAS level, which it leaves to us.
 */
export class FranceConnectClient {
  private configuration: Promise<Configuration> | undefined;

  constructor(private readonly config: FranceConnectConfig) {}

  async startLogin(): Promise<LoginStart> {
    const client = await loadOpenIdClient();
    const configuration = await this.discover();
    // 32 random bytes each, base64url: 43 characters, above the 32 AUTH.md asks for.
    const state = client.randomState();
    const nonce = client.randomNonce();
    const parameters: Record<string, string> = {
      redirect_uri: this.config.callbackUrl,
      response_type: 'code',
      scope: FRANCECONNECT_SCOPE,
      acr_values: REQUESTED_ACR,
      state,
      nonce,
    };
    // PKCE on top of state and nonce when the provider advertises it; FranceConnect may not.
    let codeVerifier: string | undefined;
    if (configuration.serverMetadata().supportsPKCE('S256')) {
      codeVerifier = client.randomPKCECodeVerifier();
      parameters.code_challenge = await client.calculatePKCECodeChallenge(codeVerifier);
      parameters.code_challenge_method = 'S256';
    }
    const url = client.buildAuthorizationUrl(configuration, parameters);
    return { authorizationUrl: url.href, state, nonce, ...(codeVerifier ? { codeVerifier } : {}) };
  }

  /**
   * Finishes a login from the query string FranceConnect redirected the browser with, checked
   * against the pending login's state and nonce.
   */
  async completeLogin(
    callbackSearch: string,
    expected: { state: string; nonce: string; codeVerifier?: string },
  ): Promise<CompletedLogin> {
    const client = await loadOpenIdClient();
    const configuration = await this.discover();
    const currentUrl = new URL(this.config.callbackUrl);
    currentUrl.search = callbackSearch;

    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
        ...(expected.codeVerifier ? { pkceCodeVerifier: expected.codeVerifier } : {}),
      });
    } catch (cause) {
      throw new FranceConnectLoginError(`authorization response or token exchange: ${describe(cause)}`, {
        cause,
      });
    }

    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new FranceConnectLoginError('no ID token');
    if (!meetsEidasLevel(claims.acr)) {
      throw new FranceConnectLoginError(`acr ${JSON.stringify(claims.acr)} is below ${REQUESTED_ACR}`);
    }

    let userinfo: Record<string, unknown>;
    try {
      userinfo = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
    } catch (cause) {
      throw new FranceConnectLoginError(`userinfo: ${describe(cause)}`, { cause });
    }
    const pivot = pivotIdentityFrom(userinfo, claims.sub);
    if ('missing' in pivot) throw new FranceConnectLoginError(`userinfo lacks a usable ${pivot.missing}`);
    return { identity: pivot.identity, idToken: tokens.id_token };
  }

  /** The provider's end-session URL, or null when it has none. */
  async logoutUrl(idToken: string, state: string): Promise<string | null> {
    const client = await loadOpenIdClient();
    const configuration = await this.discover();
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(configuration, {
      id_token_hint: idToken,
      post_logout_redirect_uri: this.config.postLogoutRedirectUrl,
      state,
    }).href;
  }

  /** Discovery once, on first use; a failure is not cached, so the next login retries it. */
  private discover(): Promise<Configuration> {
    this.configuration ??= this.runDiscovery().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  /**
   * Discovery, then the client's configuration with the signature algorithms it verifies: the
   * configured ones, or those the discovery document publishes (`discovery`, the default).
   */
  private async runDiscovery(): Promise<Configuration> {
    const client = await loadOpenIdClient();
    const { issuer, clientId, clientSecret } = this.config;
    const clientAuthentication = client.ClientSecretPost(clientSecret);
    const discovered = await client.discovery(new URL(issuer), clientId, { client_secret: clientSecret }, clientAuthentication, {
      // Plain http only for a development stand-in; loadAuthConfig never sets it in production.
      execute: this.config.allowInsecureRequests ? [client.allowInsecureRequests] : [],
      timeout: 10,
    });
    const server = discovered.serverMetadata();
    const userinfoAlg = this.config.userinfoSignedResponseAlg;
    const configuration = new client.Configuration(
      server,
      clientId,
      {
        client_secret: clientSecret,
        id_token_signed_response_alg: chooseSigningAlg(
          this.config.idTokenSignedResponseAlg,
          server.id_token_signing_alg_values_supported,
          'id_token',
        ),
        ...(userinfoAlg
          ? {
              userinfo_signed_response_alg: chooseSigningAlg(
                userinfoAlg,
                server.userinfo_signing_alg_values_supported as string[] | undefined,
                'userinfo',
              ),
            }
          : {}),
      },
      clientAuthentication,
    );
    configuration.timeout = 10;
    if (this.config.allowInsecureRequests) client.allowInsecureRequests(configuration);
    return configuration;
  }
}

/** The error and its causes in one line: openid-client wraps the precise reason in `cause`. */
function describe(error: unknown, depth = 0): string {
  // Not `instanceof`: the library may live in another realm (see load-esm.ts).
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, code, message, error: oauthError, cause } = error as Record<string, unknown>;
  const text = [name, code, oauthError, message].filter((part) => typeof part === 'string' && part).join(' ');
  return cause !== undefined && depth < 3 ? `${text} (cause: ${describe(cause, depth + 1)})` : text;
}
