import { startDevIdentityProviders } from '@ledger/dev-identity-providers';

// AUTH.md: the stand-ins are a development tool, never started when NODE_ENV=production.

describe('the development identity providers', () => {
  it('refuse to start when NODE_ENV=production', async () => {
    await expect(
      startDevIdentityProviders({
        port: 0,
        publicUrl: 'http://127.0.0.1:3000',
        env: { NODE_ENV: 'production' },
      }),
    ).rejects.toThrow(/never run with NODE_ENV=production/);
  });

  it('read NODE_ENV from the process by default', async () => {
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(
        startDevIdentityProviders({ port: 0, publicUrl: 'http://127.0.0.1:3000' }),
      ).rejects.toThrow(/production/);
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  it('publish both issuers with the bound port, and the environment the API needs', async () => {
    const idps = await startDevIdentityProviders({ port: 0, publicUrl: 'http://127.0.0.1:3000/', env: {} });
    try {
      for (const issuer of [idps.franceConnectIssuer, idps.staffIssuer]) {
        const metadata = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
          string,
          unknown
        >;
        expect(metadata.issuer).toBe(issuer);
      }
      expect(idps.apiEnvironment).toMatchObject({
        FRANCECONNECT_ISSUER: idps.franceConnectIssuer,
        STAFF_OIDC_ISSUER: idps.staffIssuer,
        STAFF_OIDC_AUDIENCE: 'points-ledger',
        PUBLIC_URL: 'http://127.0.0.1:3000',
      });
      expect(idps.apiEnvironment.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
      const index = await (await fetch(idps.url)).text();
      expect(index).toContain('camille');
      expect(index).toContain('clerk');
    } finally {
      await idps.close();
    }
  });
});
