import { DEV_FRANCECONNECT_CLIENT_IDS } from './dev/dev-clients';

/**
 * Authentication settings, read from the environment only (AUTH.md), so that one build runs against
 * the real FranceConnect and agents' provider in production and against local stand-ins elsewhere.
 */
export interface AuthConfig {
  readonly production: boolean;
  /** The API's public origin (and base path), without a trailing slash. */
  readonly publicUrl: string;
  readonly franceConnect: FranceConnectConfig;
  readonly session: SessionConfig;
  readonly staff: StaffOidcConfig;
}

export interface FranceConnectConfig {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** PUBLIC_URL/auth/franceconnect/callback, registered at FranceConnect. */
  readonly callbackUrl: string;
  /** PUBLIC_URL/, registered at FranceConnect as the post-logout redirect. */
  readonly postLogoutRedirectUrl: string;
  /** The ID token's signature algorithm (asymmetric only), or the one discovery publishes. */
  readonly idTokenSignedResponseAlg: SignedResponseAlg;
  /**
   * Userinfo as a signed JWT (FranceConnect v2), with this algorithm or the one discovery
   * publishes; unset, plain JSON (outside production only).
   */
  readonly userinfoSignedResponseAlg?: SignedResponseAlg;
  /** Plain-http issuer, tolerated only outside production (openid-client refuses it otherwise). */
  readonly allowInsecureRequests: boolean;
}

export interface SessionConfig {
  /** Signs the short-lived login cookie (state, nonce). At least 32 characters. */
  readonly secret: string;
  /** False only for plain-http development, where a browser would drop a Secure cookie. */
  readonly secureCookies: boolean;
  readonly idleTimeoutMs: number;
  readonly absoluteLifetimeMs: number;
}

export interface StaffOidcConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly allowInsecureRequests: boolean;
}

/** The algorithms we accept for signatures: never `none`, never a shared secret (HS*). */
export const ASYMMETRIC_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export type AsymmetricAlg = (typeof ASYMMETRIC_ALGS)[number];
/** `discovery`: the first asymmetric algorithm the provider's discovery document publishes. */
export type SignedResponseAlg = AsymmetricAlg | 'discovery';

/** AUTH.md: "short-lived (30 minutes idle)". */
export const SESSION_IDLE_TIMEOUT_MS = 30 * 60 * 1000;
/** However active, a session ends 12 hours after the login: the holder signs in again. */
export const SESSION_ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const MIN_SESSION_SECRET_LENGTH = 32;

export class AuthConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; problem: string }[]) {
    super(
      `Authentication is not configured correctly:\n${problems
        .map(({ variable, problem }) => `  - ${variable}: ${problem}`)
        .join('\n')}`,
    );
    this.name = 'AuthConfigError';
  }

  get variables(): string[] {
    return this.problems.map(({ variable }) => variable);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the authentication settings; throws one AuthConfigError naming every missing
 * or invalid variable. With NODE_ENV=production it also refuses anything that only makes sense on a
 * laptop: plain-http or loopback issuers and public URL, the development stand-ins' client ids.
 */
export function loadAuthConfig(env: Env = process.env): AuthConfig {
  const problems: { variable: string; problem: string }[] = [];
  const fail = (variable: string, problem: string) => {
    problems.push({ variable, problem });
  };
  const production = env.NODE_ENV === 'production';

  const required = (variable: string, what: string): string => {
    const value = env[variable]?.trim() ?? '';
    if (value === '') fail(variable, `missing: set it to ${what}`);
    return value;
  };

  const url = (variable: string, what: string, kind: 'issuer' | 'public'): string => {
    const raw = required(variable, what);
    if (raw === '') return '';
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      fail(variable, `not a URL: ${JSON.stringify(raw)}`);
      return '';
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      fail(variable, `must be an http(s) URL, got ${parsed.protocol}`);
    } else if (parsed.username || parsed.password || parsed.search || parsed.hash) {
      fail(variable, 'must not contain credentials, a query or a fragment');
    } else if (production && parsed.protocol !== 'https:') {
      fail(variable, `must use https in production (got ${raw})`);
    } else if (production && isLoopback(parsed.hostname)) {
      fail(variable, `must not point at this machine in production (got ${raw}): configure the real ${what}`);
    }
    // An issuer is compared character for character with the tokens' `iss`: keep it as given.
    return kind === 'issuer' ? raw : raw.replace(/\/+$/, '');
  };

  const alg = (variable: string, allowUnsigned: boolean): SignedResponseAlg | undefined => {
    const value = env[variable]?.trim();
    if (!value) return 'discovery';
    if (value === 'none' && allowUnsigned) return undefined;
    if (value !== 'discovery' && !(ASYMMETRIC_ALGS as readonly string[]).includes(value)) {
      const choices = ['discovery', ...ASYMMETRIC_ALGS, ...(allowUnsigned ? ['none'] : [])];
      fail(variable, `must be one of ${choices.join(', ')} (got ${value})`);
      return 'discovery';
    }
    return value as SignedResponseAlg;
  };

  const franceConnectIssuer = url(
    'FRANCECONNECT_ISSUER',
    'the FranceConnect issuer URL (discovery at /.well-known/openid-configuration)',
    'issuer',
  );
  const clientId = required('FRANCECONNECT_CLIENT_ID', 'the client id FranceConnect gave this service');
  const clientSecret = required(
    'FRANCECONNECT_CLIENT_SECRET',
    'the client secret FranceConnect gave this service',
  );
  const publicUrl = url('PUBLIC_URL', "this API's public URL, as registered at FranceConnect", 'public');
  const sessionSecret = required(
    'SESSION_SECRET',
    `a random secret of at least ${MIN_SESSION_SECRET_LENGTH} characters`,
  );
  if (sessionSecret !== '' && sessionSecret.length < MIN_SESSION_SECRET_LENGTH) {
    fail(
      'SESSION_SECRET',
      `too short: at least ${MIN_SESSION_SECRET_LENGTH} characters (got ${sessionSecret.length})`,
    );
  }
  const staffIssuer = url('STAFF_OIDC_ISSUER', "the agents' OpenID Connect issuer URL", 'issuer');
  const staffAudience = required(
    'STAFF_OIDC_AUDIENCE',
    'the audience (aud) of staff access tokens for this API',
  );
  // Both signed and verified by default, as FranceConnect v2 does: with the algorithm its discovery
  // document publishes. A plain-JSON userinfo (`none`) is only for providers of a laptop.
  const idTokenAlg = alg('FRANCECONNECT_ID_TOKEN_SIGNED_RESPONSE_ALG', false) ?? 'discovery';
  const userinfoAlg = alg('FRANCECONNECT_USERINFO_SIGNED_RESPONSE_ALG', !production);

  if (production && DEV_FRANCECONNECT_CLIENT_IDS.includes(clientId)) {
    fail(
      'FRANCECONNECT_CLIENT_ID',
      'is the development stand-in client: configure the real FranceConnect client in production',
    );
  }

  if (problems.length > 0) throw new AuthConfigError(problems);

  const plainHttpDevelopment = !production && publicUrl.startsWith('http:');
  return {
    production,
    publicUrl,
    franceConnect: {
      issuer: franceConnectIssuer,
      clientId,
      clientSecret,
      callbackUrl: `${publicUrl}/auth/franceconnect/callback`,
      postLogoutRedirectUrl: `${publicUrl}/`,
      idTokenSignedResponseAlg: idTokenAlg,
      ...(userinfoAlg ? { userinfoSignedResponseAlg: userinfoAlg } : {}),
      allowInsecureRequests: !production && franceConnectIssuer.startsWith('http:'),
    },
    session: {
      secret: sessionSecret,
      secureCookies: !plainHttpDevelopment,
      idleTimeoutMs: SESSION_IDLE_TIMEOUT_MS,
      absoluteLifetimeMs: SESSION_ABSOLUTE_LIFETIME_MS,
    },
    staff: {
      issuer: staffIssuer,
      audience: staffAudience,
      allowInsecureRequests: !production && staffIssuer.startsWith('http:'),
    },
  };
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0.0.0.0' ||
    /^127\./.test(host)
  );
}
