import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';

/**
 * Fresh keys at every start: a development provider has nothing to persist, and tokens from a
 * previous run are then refused, as they would be after a real key rotation.
 */
export function newRsaSigningJwk(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

/** Keys oidc-provider signs its own cookies with. */
export const newCookieKeys = (): string[] => [randomBytes(32).toString('base64url')];
