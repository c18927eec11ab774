import { Logger } from '@nestjs/common';
import { matchesHolder } from '@ledger/domain';
import {
  CookieJar,
  driveFranceConnect,
  loginAsHolder,
  send,
} from '../../../../test/e2e/support/holder-login';
import { type AuthTestbed, ManualClock, startAuthTestbed } from '../../test/support/auth-testbed';
import { decodeUnverified } from '../../test/support/fake-issuer';
import { DEV_FRANCECONNECT_CLIENT, DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT } from '../dev/dev-clients';
import { devHolder, devIdentityByLogin } from '../dev/test-identities';
import { PENDING_LOGIN_COOKIE_NAME, openPendingLogin, sealPendingLogin } from './pending-login-cookie';

// AUTH.md, holders: the API is the FranceConnect service provider. Driven here as a browser would,
// against the development stand-in: redirects followed by hand, cookies kept in a jar.

const minutes = (n: number) => n * 60 * 1000;

describe('FranceConnect login', () => {
  const clock = new ManualClock();
  let bed: AuthTestbed;

  beforeAll(async () => {
    bed = await startAuthTestbed({ clock });
  });
  afterAll(async () => {
    await bed?.close();
  });

  const whoami = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${bed.apiUrl}/whoami`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  describe('the login request', () => {
    it('redirects to the authorization endpoint: code flow, the pivot scopes, eidas1, fresh state and nonce', async () => {
      const response = await fetch(`${bed.apiUrl}/auth/franceconnect/login`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const location = new URL(response.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(`${bed.idps.franceConnectIssuer}/auth`);
      const params = Object.fromEntries(location.searchParams);
      expect(params).toMatchObject({
        response_type: 'code',
        client_id: DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT.clientId,
        redirect_uri: `${bed.apiUrl}/auth/franceconnect/callback`,
        scope: 'openid given_name family_name birthdate gender birthplace birthcountry',
        acr_values: 'eidas1',
        code_challenge_method: 'S256',
      });
      expect(params.state.length).toBeGreaterThanOrEqual(32);
      expect(params.nonce.length).toBeGreaterThanOrEqual(32);

      const again = new URL(
        (await fetch(`${bed.apiUrl}/auth/franceconnect/login`, { redirect: 'manual' })).headers.get(
          'location',
        ) ?? '',
      );
      expect(again.searchParams.get('state')).not.toBe(params.state);
      expect(again.searchParams.get('nonce')).not.toBe(params.nonce);
    });

    it('keeps state and nonce in a short-lived, signed, HttpOnly cookie scoped to the login routes', async () => {
      const response = await fetch(`${bed.apiUrl}/auth/franceconnect/login`, { redirect: 'manual' });
      const [cookie] = response.headers.getSetCookie();
      expect(cookie).toMatch(
        /^ledger_fc_login=[\w-]+\.[\w-]+; Path=\/auth\/franceconnect; Max-Age=600; HttpOnly; SameSite=Lax$/,
      );
    });
  });

  describe('a successful login', () => {
    it('opens a session: an opaque cookie, HttpOnly, SameSite=Lax, Path=/, not Secure in plain-http development', async () => {
      const { cookieHeader, sessionCookie, location } = await loginAsHolder(bed.apiUrl, 'camille');
      expect(sessionCookie).toMatch(/^ledger_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
      expect(location).toBe('/');
      const { body } = await whoami({ cookie: cookieHeader });
      expect(body).toMatchObject({ kind: 'holder', sub: devHolder('camille').franceConnect.sub });
      expect(matchesHolder(body.identity as never, devHolder('camille').civilStatus)).toBe(true);
    });

    it('keeps in the session the pivot identity and the ID token, nothing else', async () => {
      const { cookieHeader } = await loginAsHolder(bed.apiUrl, 'ines');
      const session = await bed.sessions.peek(cookieHeader.split('=')[1]);
      expect(Object.keys(session ?? {}).sort()).toEqual([
        'createdAt',
        'id',
        'idToken',
        'identity',
        'lastSeenAt',
      ]);
      expect(session?.identity).toEqual(devIdentityByLogin('ines')?.franceConnect);
      expect(session?.identity.birthplace).toBe('');
      expect(decodeUnverified(session?.idToken ?? '').payload).toMatchObject({
        iss: bed.idps.franceConnectIssuer,
        aud: DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT.clientId,
        acr: 'eidas1',
      });
    });

    it('returns the holder to a page of this site they asked for, and home for anything else', async () => {
      expect((await loginAsHolder(bed.apiUrl, 'jules', { returnTo: '/mon-solde?vue=detail' })).location).toBe(
        '/mon-solde?vue=detail',
      );
      expect((await loginAsHolder(bed.apiUrl, 'jules', { returnTo: 'https://evil.example/' })).location).toBe(
        '/',
      );
      expect((await loginAsHolder(bed.apiUrl, 'jules', { returnTo: '//evil.example/' })).location).toBe('/');
    });

    it('accepts a stronger eIDAS level than asked', async () => {
      await expect(loginAsHolder(bed.apiUrl, 'thomas', { acr: 'eidas2' })).resolves.toMatchObject({
        cookieHeader: expect.stringMatching(/^ledger_session=/),
      });
    });

    it('gives a new session id at each login and ends the one the browser still had', async () => {
      const jar = new CookieJar();
      const first = await loginAsHolder(bed.apiUrl, 'lea', { jar });
      const second = await loginAsHolder(bed.apiUrl, 'hugo', { jar });
      expect(second.cookieHeader).not.toBe(first.cookieHeader);
      expect((await whoami({ cookie: first.cookieHeader })).body).toEqual({ kind: 'anonymous' });
      expect((await whoami({ cookie: second.cookieHeader })).body).toMatchObject({
        identity: { family_name: 'LEFÈVRE' },
      });
    });
  });

  describe('a refused callback', () => {
    // The reason goes to the log only; the holder sees a generic page.
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    beforeEach(() => warnings.mockClear());
    afterAll(() => warnings.mockRestore());

    const callbackRefused = async (jar: CookieJar, callbackUrl: string, reason: RegExp) => {
      const response = await send(jar, callbackUrl);
      expect(warnings.mock.calls.map(([message]) => String(message))).toEqual([
        expect.stringMatching(reason),
      ]);
      expect(response.status).toBe(401);
      expect(await response.text()).toContain('La connexion avec FranceConnect a échoué');
      expect(jar.get(bed.apiUrl, 'ledger_session')).toBeUndefined();
      // The pending login is spent whatever the outcome.
      expect(jar.get(`${bed.apiUrl}/auth/franceconnect/callback`, PENDING_LOGIN_COOKIE_NAME)).toBeUndefined();
    };

    it('refuses a callback whose state was tampered with', async () => {
      const { callbackUrl, jar } = await driveFranceConnect(bed.apiUrl, 'camille');
      const tampered = new URL(callbackUrl);
      tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
      await callbackRefused(jar, tampered.href, /"state"/);
    });

    it('refuses a callback without the pending-login cookie (another browser)', async () => {
      const { callbackUrl } = await driveFranceConnect(bed.apiUrl, 'camille');
      await callbackRefused(new CookieJar(), callbackUrl, /no valid pending login cookie/);
    });

    it('refuses a forged pending-login cookie', async () => {
      const { callbackUrl, jar } = await driveFranceConnect(bed.apiUrl, 'camille');
      const { state } = Object.fromEntries(new URL(callbackUrl).searchParams);
      const forged = sealPendingLogin(
        { state, nonce: 'n'.repeat(43), returnTo: '/', expiresAt: clock.now() + 60_000 },
        'f'.repeat(32),
      );
      jar.store(new URL(bed.apiUrl), [`${PENDING_LOGIN_COOKIE_NAME}=${forged}; Path=/auth/franceconnect`]);
      await callbackRefused(jar, callbackUrl, /no valid pending login cookie/);
    });

    it('refuses an ID token whose nonce is not the one this login sent', async () => {
      const { callbackUrl, jar } = await driveFranceConnect(bed.apiUrl, 'camille');
      const url = `${bed.apiUrl}/auth/franceconnect/callback`;
      const pending = openPendingLogin(
        jar.get(url, PENDING_LOGIN_COOKIE_NAME)?.value,
        bed.config.session.secret,
        clock.now(),
      );
      expect(pending).not.toBeNull();
      // Right state, another nonce: only the ID token's nonce check can catch it.
      const swapped = sealPendingLogin({ ...pending!, nonce: 'n'.repeat(43) }, bed.config.session.secret);
      jar.store(new URL(bed.apiUrl), [`${PENDING_LOGIN_COOKIE_NAME}=${swapped}; Path=/auth/franceconnect`]);
      await callbackRefused(jar, callbackUrl, /"nonce"/);
    });

    it('refuses a replayed callback, even with its pending-login cookie replayed too', async () => {
      const { callbackUrl, jar } = await driveFranceConnect(bed.apiUrl, 'camille');
      const pending = jar.get(`${bed.apiUrl}/auth/franceconnect/callback`, PENDING_LOGIN_COOKIE_NAME)?.value;
      expect((await send(jar, callbackUrl)).status).toBe(302);

      const attacker = new CookieJar();
      attacker.store(new URL(bed.apiUrl), [
        `${PENDING_LOGIN_COOKIE_NAME}=${pending}; Path=/auth/franceconnect`,
      ]);
      await callbackRefused(attacker, callbackUrl, /replayed callback/);
    });

    it('refuses an authentication below eidas1', async () => {
      const { callbackUrl, jar } = await driveFranceConnect(bed.apiUrl, 'camille', { acr: 'eidas0' });
      await callbackRefused(jar, callbackUrl, /acr "eidas0" is below eidas1/);
    });

    it('refuses a pending login older than ten minutes', async () => {
      const { callbackUrl, jar } = await driveFranceConnect(bed.apiUrl, 'camille');
      clock.advance(minutes(11));
      await callbackRefused(jar, callbackUrl, /no valid pending login cookie/);
    });
  });

  describe('logout', () => {
    it('ends the session and sends the browser to the end-session endpoint with id_token_hint and state', async () => {
      const { cookieHeader, jar } = await loginAsHolder(bed.apiUrl, 'manon');
      const sessionId = cookieHeader.split('=')[1];
      const { idToken } = (await bed.sessions.peek(sessionId))!;

      const response = await send(jar, `${bed.apiUrl}/auth/franceconnect/logout`);
      expect(response.status).toBe(302);
      expect(response.headers.getSetCookie()).toContain(
        'ledger_session=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
      );
      const location = new URL(response.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(`${bed.idps.franceConnectIssuer}/session/end`);
      expect(location.searchParams.get('id_token_hint')).toBe(idToken);
      expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${bed.apiUrl}/`);
      expect(location.searchParams.get('state')?.length).toBeGreaterThanOrEqual(32);

      expect(await bed.sessions.peek(sessionId)).toBeNull();
      expect((await whoami({ cookie: cookieHeader })).body).toEqual({ kind: 'anonymous' });
      // FranceConnect accepts the hint and asks the holder to confirm.
      const endSession = await send(jar, location);
      expect(endSession.status).toBe(200);
      expect(await endSession.text()).toContain('op.logoutForm');
    });

    it('without a session, just goes home', async () => {
      const response = await fetch(`${bed.apiUrl}/auth/franceconnect/logout`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/');
    });
  });

  describe('the session', () => {
    it('lives while used, and ends after 30 minutes without use', async () => {
      const { cookieHeader } = await loginAsHolder(bed.apiUrl, 'nadia');
      clock.advance(minutes(29));
      expect((await whoami({ cookie: cookieHeader })).body.kind).toBe('holder');
      clock.advance(minutes(29));
      expect((await whoami({ cookie: cookieHeader })).body.kind).toBe('holder');
      clock.advance(minutes(30));
      expect((await whoami({ cookie: cookieHeader })).body).toEqual({ kind: 'anonymous' });
    });
  });
});

describe('FranceConnect userinfo as a signed JWT', () => {
  it('is verified by default, with the algorithm the discovery document publishes (the stand-in signs it, as FranceConnect v2)', async () => {
    const bed = await startAuthTestbed();
    try {
      expect(bed.config.franceConnect.clientId).toBe(DEV_FRANCECONNECT_SIGNED_USERINFO_CLIENT.clientId);
      expect(bed.config.franceConnect.userinfoSignedResponseAlg).toBe('discovery');
      const { cookieHeader } = await loginAsHolder(bed.apiUrl, 'karl');
      expect((await bed.sessions.peek(cookieHeader.split('=')[1]))?.identity).toEqual(
        devIdentityByLogin('karl')?.franceConnect,
      );
    } finally {
      await bed.close();
    }
  });

  it('is verified with the algorithm configured instead', async () => {
    const bed = await startAuthTestbed({
      env: {
        FRANCECONNECT_ID_TOKEN_SIGNED_RESPONSE_ALG: 'RS256',
        FRANCECONNECT_USERINFO_SIGNED_RESPONSE_ALG: 'RS256',
      },
    });
    try {
      const { cookieHeader } = await loginAsHolder(bed.apiUrl, 'karl');
      expect((await bed.sessions.peek(cookieHeader.split('=')[1]))?.identity).toEqual(
        devIdentityByLogin('karl')?.franceConnect,
      );
    } finally {
      await bed.close();
    }
  });

  it('is required: a plain JSON userinfo (a service registered without signing) is refused', async () => {
    const bed = await startAuthTestbed({
      env: {
        FRANCECONNECT_CLIENT_ID: DEV_FRANCECONNECT_CLIENT.clientId,
        FRANCECONNECT_CLIENT_SECRET: DEV_FRANCECONNECT_CLIENT.clientSecret,
      },
    });
    try {
      const warnings = jest.spyOn(Logger.prototype, 'warn');
      const { callbackUrl, jar } = await driveFranceConnect(bed.apiUrl, 'karl');
      expect((await send(jar, callbackUrl)).status).toBe(401);
      expect(String(warnings.mock.calls.at(-1)?.[0])).toMatch(/userinfo: .*JWT UserInfo Response expected/);
      warnings.mockRestore();
    } finally {
      await bed.close();
    }
  });

  it('a plain JSON userinfo is accepted only when configured so (none, refused in production)', async () => {
    const bed = await startAuthTestbed({
      env: {
        FRANCECONNECT_CLIENT_ID: DEV_FRANCECONNECT_CLIENT.clientId,
        FRANCECONNECT_CLIENT_SECRET: DEV_FRANCECONNECT_CLIENT.clientSecret,
        FRANCECONNECT_USERINFO_SIGNED_RESPONSE_ALG: 'none',
      },
    });
    try {
      const { cookieHeader } = await loginAsHolder(bed.apiUrl, 'karl');
      expect((await bed.sessions.peek(cookieHeader.split('=')[1]))?.identity.sub).toEqual(expect.any(String));
    } finally {
      await bed.close();
    }
  });
});
