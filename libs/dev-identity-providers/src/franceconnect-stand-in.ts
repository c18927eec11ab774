import {
  DEV_FRANCECONNECT_CLIENT,
  DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT,
  EIDAS_LEVELS,
  PIVOT_IDENTITY_SCOPES,
  devIdentityBySub,
  toMainRealm,
} from '@ledger/auth';
import { escapeHtml, page } from './html';
import type { OidcContext, OidcProvider, OidcProviderModule } from './oidc-provider.types';
import { newCookieKeys, newRsaSigningJwk } from './signing-keys';

export interface FranceConnectStandInOptions {
  issuer: string;
  /** Where the stand-in is mounted on the shared server, e.g. '/franceconnect'. */
  mountPath: string;
  /** The API's public URL: the registered redirect and post-logout URIs derive from it. */
  publicUrl: string;
}

/**
 * A local FranceConnect: an OpenID Connect provider with the pivot-identity scopes (each claim its
 * own scope, as FranceConnect defines them), `acr` eidas1–3 in RS256 ID tokens, and the API
 * registered twice — userinfo as JSON, and as a signed JWT like FranceConnect v2 — so both paths of
 * the service provider can be exercised.
 */
export function createFranceConnectStandIn(
  oidc: OidcProviderModule,
  { issuer, mountPath, publicUrl }: FranceConnectStandInOptions,
): OidcProvider {
  const api = publicUrl.replace(/\/+$/, '');
  const registration = {
    redirect_uris: [`${api}/auth/franceconnect/callback`],
    post_logout_redirect_uris: [`${api}/`],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    // openid-client's default client authentication, and FranceConnect's historical one.
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
  };

  const { interactionPolicy } = oidc;
  const policy = interactionPolicy.base();
  // Always show the identity picker, even with a live provider session, so that a developer can
  // switch holders; satisfied once the picker has answered for this very request.
  policy
    .get('login')
    ?.checks.push(
      new interactionPolicy.Check('pick_identity', 'pick a test identity', (ctx: OidcContext) =>
        ctx.oidc.result?.login
          ? interactionPolicy.Check.NO_NEED_TO_PROMPT
          : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  // toMainRealm: see its comment; a no-op outside jest.
  const provider = new oidc.default(
    issuer,
    toMainRealm({
      clients: [
        {
          client_id: DEV_FRANCECONNECT_CLIENT.clientId,
          client_secret: DEV_FRANCECONNECT_CLIENT.clientSecret,
          ...registration,
        },
        {
          client_id: DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT.clientId,
          client_secret: DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT.clientSecret,
          userinfo_signed_response_alg: DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT.userinfoSignedResponseAlg,
          ...registration,
        },
      ],
      claims: {
        openid: ['sub'],
        ...Object.fromEntries(PIVOT_IDENTITY_SCOPES.map((scope) => [scope, [scope]])),
        acr: null,
        auth_time: null,
        sid: null,
      },
      scopes: ['openid', ...PIVOT_IDENTITY_SCOPES],
      acrValues: [...EIDAS_LEVELS],
      async findAccount(_ctx: unknown, sub: string) {
        const person = devIdentityBySub(sub);
        if (!person) return undefined;
        return { accountId: sub, claims: async () => ({ ...person.franceConnect }) };
      },
      jwks: { keys: [newRsaSigningJwk()] },
      cookies: {
        // Both stand-ins share one host: distinct names keep their cookies apart.
        names: { session: '_fc_session', interaction: '_fc_interaction', resume: '_fc_interaction_resume' },
        keys: newCookieKeys(),
      },
      interactions: {
        policy,
        url: (_ctx: unknown, interaction: { uid: string }) => `${mountPath}/interaction/${interaction.uid}`,
      },
      features: {
        devInteractions: { enabled: false },
        jwtUserinfo: { enabled: true },
        rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      },
      // The confidential client authenticates at the token endpoint; PKCE is welcome, not required.
      pkce: { required: () => false },
      ttl: {
        AccessToken: 600,
        AuthorizationCode: 60,
        IdToken: 3600,
        Interaction: 600,
        Session: 3600,
        Grant: 3600,
      },
      renderError,
    }),
  );
  return provider;
}

async function logoutSource(ctx: { body: string }, form: string): Promise<void> {
  ctx.body = page(
    'Déconnexion',
    `<h1>Se déconnecter de FranceConnect (stand-in) ?</h1>${form}` +
      '<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Oui, me déconnecter</button> ' +
      '<button type="submit" form="op.logoutForm">Non</button>',
  );
}

async function postLogoutSuccessSource(ctx: { body: string }): Promise<void> {
  ctx.body = page('Déconnecté', '<h1>Vous êtes déconnecté du stand-in FranceConnect.</h1>');
}

async function renderError(
  ctx: { type: string; body: string },
  out: { error?: string; error_description?: string },
): Promise<void> {
  ctx.type = 'html';
  ctx.body = page(
    'Erreur',
    `<h1>${escapeHtml(out.error ?? 'error')}</h1><p>${escapeHtml(out.error_description ?? '')}</p>`,
  );
}
