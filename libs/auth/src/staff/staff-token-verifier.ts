import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { ASYMMETRIC_ALGS, type StaffOidcConfig } from '../auth.config';
import { unauthenticated } from '../auth-error';
import { loadJose } from '../esm/libraries';
import { type AuthClock, systemAuthClock } from '../session/auth-clock';
import { type StaffRole, rolesFromClaim } from './staff-roles';

/** Who a valid staff token says the caller is. */
export interface StaffIdentity {
  sub: string;
  /** `name`, else `preferred_username`, when the token has one. */
  name?: string;
  roles: StaffRole[];
}

export interface StaffTokenVerifierOptions extends StaffOidcConfig {
  clock?: AuthClock;
  /** Seconds of tolerated clock difference with the issuer for exp/nbf. */
  clockToleranceSeconds?: number;
}

/** Larger than any sane access token; refuses junk before any parsing. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Verifies the bearer tokens of back-office calls (AUTH.md): signature against the agents' provider
 * JWKS (found by discovery, cached and refreshed by jose on an unknown `kid`), asymmetric algorithms
 * only — never `none`, never HS*, so a token signed with any shared secret is refused —, `iss`,
 * `aud`, a required `exp`, and `nbf` when present. Every refusal is UNAUTHENTICATED.
 */
export class StaffTokenVerifier {
  private keys: Promise<JWTVerifyGetKey> | undefined;
  private readonly clock: AuthClock;

  constructor(private readonly options: StaffTokenVerifierOptions) {
    this.clock = options.clock ?? systemAuthClock;
  }

  async verify(token: string): Promise<StaffIdentity> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !JWS_COMPACT.test(token)) {
      throw refused('malformed token');
    }
    const jose = await loadJose();
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, await this.jwks(), {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...ASYMMETRIC_ALGS],
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(this.clock.now()),
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
      }));
    } catch (error) {
      const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
      throw refused(String(code ?? message ?? error));
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw refused('empty sub');
    const name = [payload.name, payload.preferred_username].find(
      (value): value is string => typeof value === 'string' && value.trim() !== '',
    );
    return { sub: payload.sub, ...(name ? { name } : {}), roles: rolesFromClaim(payload.roles) };
  }

  /** The issuer's key set, from its discovery document; a failed discovery is retried next time. */
  private jwks(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discoverJwks().catch((error: unknown) => {
      this.keys = undefined;
      throw refused(`cannot discover the staff issuer's keys: ${String(error)}`);
    });
    return this.keys;
  }

  private async discoverJwks(): Promise<JWTVerifyGetKey> {
    const { issuer, allowInsecureRequests } = this.options;
    const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // The document must be the issuer's own (OpenID Connect Discovery §4.3).
    if (metadata.issuer !== issuer) throw new Error(`discovery names issuer ${String(metadata.issuer)}`);
    if (typeof metadata.jwks_uri !== 'string') throw new Error('discovery has no jwks_uri');
    const jwksUri = new URL(metadata.jwks_uri);
    if (jwksUri.protocol !== 'https:' && !(allowInsecureRequests && jwksUri.protocol === 'http:')) {
      throw new Error(`jwks_uri must use https: ${jwksUri.href}`);
    }
    const jose = await loadJose();
    return jose.createRemoteJWKSet(jwksUri, { timeoutDuration: 10_000, cooldownDuration: 30_000 });
  }
}

const refused = (reason: string) =>
  unauthenticated(
    'The staff access token is not valid (expired, altered or not issued for this service). Sign in again.',
    {
      reason,
    },
  );
