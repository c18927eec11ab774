import { AuthConfigError, loadAuthConfig } from './auth.config';
import { DEV_FRANCECONNECT_CLIENT } from './dev/dev-clients';

const development = {
  FRANCECONNECT_ISSUER: 'http://127.0.0.1:4000/franceconnect',
  FRANCECONNECT_CLIENT_ID: 'points-ledger-dev',
  FRANCECONNECT_CLIENT_SECRET: 'secret',
  PUBLIC_URL: 'http://localhost:3000/',
  SESSION_SECRET: 'x'.repeat(32),
  STAFF_OIDC_ISSUER: 'http://127.0.0.1:4000/agents',
  STAFF_OIDC_AUDIENCE: 'points-ledger',
  NODE_ENV: 'development',
};

const production = {
  FRANCECONNECT_ISSUER: 'https://oidc.franceconnect.gouv.fr/api/v2',
  FRANCECONNECT_CLIENT_ID: 'a1b2c3',
  FRANCECONNECT_CLIENT_SECRET: 'real-secret',
  PUBLIC_URL: 'https://points.example.gouv.fr',
  SESSION_SECRET: 'a-long-random-production-secret-of-48-characters!',
  STAFF_OIDC_ISSUER: 'https://auth.agentconnect.gouv.fr/api/v2',
  STAFF_OIDC_AUDIENCE: 'points-ledger',
  NODE_ENV: 'production',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadAuthConfig(env);
  } catch (error) {
    if (error instanceof AuthConfigError) return error.variables;
    throw error;
  }
  return [];
}

describe('the authentication configuration', () => {
  it('derives the callback and post-logout URLs from PUBLIC_URL', () => {
    const config = loadAuthConfig(development);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.franceConnect.callbackUrl).toBe('http://localhost:3000/auth/franceconnect/callback');
    expect(config.franceConnect.postLogoutRedirectUrl).toBe('http://localhost:3000/');
  });

  it('keeps the issuers exactly as given, since tokens must name them character for character', () => {
    const config = loadAuthConfig({ ...development, STAFF_OIDC_ISSUER: 'http://127.0.0.1:4000/agents/' });
    expect(config.staff.issuer).toBe('http://127.0.0.1:4000/agents/');
  });

  it('allows plain http and drops the Secure cookie attribute only in development', () => {
    const config = loadAuthConfig(development);
    expect(config.session.secureCookies).toBe(false);
    expect(config.franceConnect.allowInsecureRequests).toBe(true);
    expect(config.staff.allowInsecureRequests).toBe(true);
    const https = loadAuthConfig({ ...development, PUBLIC_URL: 'https://localhost:3000' });
    expect(https.session.secureCookies).toBe(true);
  });

  it('accepts a real production configuration, https everywhere and secure cookies', () => {
    const config = loadAuthConfig(production);
    expect(config.production).toBe(true);
    expect(config.session.secureCookies).toBe(true);
    expect(config.franceConnect.allowInsecureRequests).toBe(false);
    expect(config.staff.allowInsecureRequests).toBe(false);
    expect(config.session.idleTimeoutMs).toBe(30 * 60 * 1000);
  });

  it('names every missing variable in one error', () => {
    expect(problemsOf({ NODE_ENV: 'development' })).toEqual([
      'FRANCECONNECT_ISSUER',
      'FRANCECONNECT_CLIENT_ID',
      'FRANCECONNECT_CLIENT_SECRET',
      'PUBLIC_URL',
      'SESSION_SECRET',
      'STAFF_OIDC_ISSUER',
      'STAFF_OIDC_AUDIENCE',
    ]);
    expect(() => loadAuthConfig({})).toThrow(/FRANCECONNECT_ISSUER: missing/);
  });

  it('refuses a session secret shorter than 32 characters', () => {
    expect(problemsOf({ ...development, SESSION_SECRET: 'x'.repeat(31) })).toEqual(['SESSION_SECRET']);
  });

  it('refuses URLs that are not http(s), or carry credentials or a query', () => {
    expect(problemsOf({ ...development, FRANCECONNECT_ISSUER: 'not a url' })).toEqual([
      'FRANCECONNECT_ISSUER',
    ]);
    expect(problemsOf({ ...development, STAFF_OIDC_ISSUER: 'ftp://example.org' })).toEqual([
      'STAFF_OIDC_ISSUER',
    ]);
    expect(problemsOf({ ...development, PUBLIC_URL: 'https://user:pw@example.org' })).toEqual(['PUBLIC_URL']);
    expect(problemsOf({ ...development, FRANCECONNECT_ISSUER: 'https://example.org/?x=1' })).toEqual([
      'FRANCECONNECT_ISSUER',
    ]);
  });

  it('refuses to start in production without real issuers: no plain http, no loopback host', () => {
    expect(problemsOf({ ...production, FRANCECONNECT_ISSUER: 'http://oidc.example.org' })).toEqual([
      'FRANCECONNECT_ISSUER',
    ]);
    expect(problemsOf({ ...production, STAFF_OIDC_ISSUER: 'https://localhost:4000/agents' })).toEqual([
      'STAFF_OIDC_ISSUER',
    ]);
    expect(problemsOf({ ...production, STAFF_OIDC_ISSUER: 'https://127.0.0.1/agents' })).toEqual([
      'STAFF_OIDC_ISSUER',
    ]);
    expect(problemsOf({ ...production, PUBLIC_URL: 'http://points.example.gouv.fr' })).toEqual([
      'PUBLIC_URL',
    ]);
    expect(problemsOf({ ...development, NODE_ENV: 'production' })).toEqual(
      expect.arrayContaining([
        'FRANCECONNECT_ISSUER',
        'PUBLIC_URL',
        'STAFF_OIDC_ISSUER',
        'FRANCECONNECT_CLIENT_ID',
      ]),
    );
  });

  it('refuses the development stand-in client in production', () => {
    expect(problemsOf({ ...production, FRANCECONNECT_CLIENT_ID: DEV_FRANCECONNECT_CLIENT.clientId })).toEqual(
      ['FRANCECONNECT_CLIENT_ID'],
    );
  });

  it('takes the ID token and userinfo signature algorithms from the environment, asymmetric only', () => {
    const config = loadAuthConfig({
      ...development,
      FRANCECONNECT_ID_TOKEN_SIGNED_RESPONSE_ALG: 'ES256',
      FRANCECONNECT_USERINFO_SIGNED_RESPONSE_ALG: 'ES256',
    });
    expect(config.franceConnect.idTokenSignedResponseAlg).toBe('ES256');
    expect(config.franceConnect.userinfoSignedResponseAlg).toBe('ES256');
    expect(problemsOf({ ...development, FRANCECONNECT_ID_TOKEN_SIGNED_RESPONSE_ALG: 'HS256' })).toEqual([
      'FRANCECONNECT_ID_TOKEN_SIGNED_RESPONSE_ALG',
    ]);
    expect(problemsOf({ ...development, FRANCECONNECT_ID_TOKEN_SIGNED_RESPONSE_ALG: 'none' })).toEqual([
      'FRANCECONNECT_ID_TOKEN_SIGNED_RESPONSE_ALG',
    ]);
  });

  it('by default verifies both the ID token and userinfo, with the algorithm the discovery document publishes', () => {
    for (const env of [development, production]) {
      const { franceConnect } = loadAuthConfig(env);
      expect(franceConnect.idTokenSignedResponseAlg).toBe('discovery');
      expect(franceConnect.userinfoSignedResponseAlg).toBe('discovery');
    }
  });

  it('accepts a plain-JSON userinfo (none) outside production only', () => {
    expect(loadAuthConfig({ ...development, FRANCECONNECT_USERINFO_SIGNED_RESPONSE_ALG: 'none' }).franceConnect).not.toHaveProperty(
      'userinfoSignedResponseAlg',
    );
    expect(problemsOf({ ...production, FRANCECONNECT_USERINFO_SIGNED_RESPONSE_ALG: 'none' })).toEqual([
      'FRANCECONNECT_USERINFO_SIGNED_RESPONSE_ALG',
    ]);
  });
});
