import { DEV_STAFF_ACCOUNTS, type DevStaffAccount, toMainRealm } from '@ledger/auth';
import { escapeHtml, page } from './html';
import type { OidcProvider, OidcProviderModule } from './oidc-provider.types';
import { newCookieKeys, newRsaSigningJwk } from './signing-keys';

export interface AgentsStandInOptions {
  issuer: string;
  /** The `aud` of the access tokens: STAFF_OIDC_AUDIENCE of the API. */
  audience: string;
}

/** Staff access tokens live one hour: long enough to paste into a GraphQL client and work. */
const STAFF_TOKEN_TTL_SECONDS = 3600;

/**
 * A local agents' provider (the part of ProConnect the API relies on): each staff account is a
 * confidential client using the client-credentials grant, and gets a JWT access token (RS256,
 * `typ: at+jwt`) for the API's audience, with its `roles` and `name`.
 */
export function createAgentsStandIn(
  oidc: OidcProviderModule,
  { issuer, audience }: AgentsStandInOptions,
): OidcProvider {
  // RFC 8707 resource indicators are absolute URIs; the audience need not be one.
  const resource = isAbsoluteUri(audience) ? audience : `urn:${audience}`;
  const accounts: readonly DevStaffAccount[] = Object.values(DEV_STAFF_ACCOUNTS);

  // toMainRealm: see its comment; a no-op outside jest.
  return new oidc.default(
    issuer,
    toMainRealm({
      clients: accounts.map((account) => ({
        client_id: account.clientId,
        client_secret: account.clientSecret,
        client_name: account.name,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
      })),
      jwks: { keys: [newRsaSigningJwk()] },
      cookies: {
        names: {
          session: '_agents_session',
          interaction: '_agents_interaction',
          resume: '_agents_interaction_resume',
        },
        keys: newCookieKeys(),
      },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          // A client-credentials request without `resource` gets a token for the API.
          defaultResource: async () => resource,
          useGrantedResource: async () => true,
          getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
            if (indicator !== resource) throw new oidc.errors.InvalidTarget(`unknown resource ${indicator}`);
            return {
              scope: '',
              audience,
              accessTokenFormat: 'jwt',
              accessTokenTTL: STAFF_TOKEN_TTL_SECONDS,
              jwt: { sign: { alg: 'RS256' } },
            };
          },
        },
      },
      ttl: { ClientCredentials: STAFF_TOKEN_TTL_SECONDS },
      async extraTokenClaims(_ctx: unknown, token: { kind?: string; clientId?: string }) {
        const account = accounts.find((candidate) => candidate.clientId === token.clientId);
        if (token.kind !== 'ClientCredentials' || !account) return undefined;
        return { roles: [...account.roles], name: account.name };
      },
      renderError: async (
        ctx: { type: string; body: string },
        out: { error?: string; error_description?: string },
      ) => {
        ctx.type = 'html';
        ctx.body = page(
          'Erreur',
          `<h1>${escapeHtml(out.error ?? 'error')}</h1><p>${escapeHtml(out.error_description ?? '')}</p>`,
        );
      },
    }),
  );
}

function isAbsoluteUri(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}
