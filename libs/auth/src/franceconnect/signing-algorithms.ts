import { ASYMMETRIC_ALGS, type AsymmetricAlg, type SignedResponseAlg } from '../auth.config';

/**
 * The algorithm to verify a signed response with: the one configured, or, with `discovery`, the
 * first asymmetric one the provider's discovery document publishes for it (FranceConnect v2
 * publishes RS256 and ES256 for both the ID token and userinfo). Never `none`, never HS*.
 */
export function chooseSigningAlg(
  setting: SignedResponseAlg,
  published: readonly string[] | undefined,
  what: 'id_token' | 'userinfo',
): AsymmetricAlg {
  if (setting !== 'discovery') return setting;
  const found = (published ?? []).find((alg): alg is AsymmetricAlg =>
    (ASYMMETRIC_ALGS as readonly string[]).includes(alg),
  );
  if (!found) {
    throw new Error(
      `the provider's discovery document publishes no asymmetric ${what}_signing_alg_values_supported ` +
        `(got ${JSON.stringify(published ?? null)}): set FRANCECONNECT_${what === 'id_token' ? 'ID_TOKEN' : 'USERINFO'}_SIGNED_RESPONSE_ALG`,
    );
  }
  return found;
}
