import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose';
import { loadJose } from '../../src/esm/libraries';

export interface FakeIssuer {
  issuer: string;
  /** Signs any claims with the issuer's own key (ES256), iss/aud/exp defaulted unless given. */
  sign(claims: JWTPayload, options?: { omit?: (keyof JWTPayload)[] }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A second OpenID issuer with a key made by jose, publishing discovery and JWKS like a real one: it
 * signs whatever a test wants (expired, not yet valid, no exp, odd roles) with a genuine key, so
 * the verifier's claim checks are tested apart from its signature checks.
 */
export async function startFakeIssuer(audience: string): Promise<FakeIssuer> {
  const jose = await loadJose();
  const { privateKey, publicKey } = await jose.generateKeyPair('ES256');
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'fake-1', alg: 'ES256', use: 'sig' };
  let issuer = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/fake/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/fake/jwks') {
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fake`;

  return {
    issuer,
    sign: async (claims, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const payload: JWTPayload = {
        iss: issuer,
        aud: audience,
        sub: 'fake-agent',
        iat: now,
        exp: now + 600,
        ...claims,
      };
      for (const name of options.omit ?? []) delete payload[name];
      return new jose.SignJWT(payload)
        .setProtectedHeader({ alg: 'ES256', kid: 'fake-1', typ: 'at+jwt' })
        .sign(privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** base64url of a JSON value, for hand-made tokens. */
export const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The header and payload of a compact JWS, decoded without any verification. */
export function decodeUnverified(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}
