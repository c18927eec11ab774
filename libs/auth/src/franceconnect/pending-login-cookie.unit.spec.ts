import { meetsEidasLevel } from './eidas';
import { openPendingLogin, sealPendingLogin } from './pending-login-cookie';
import { FRANCECONNECT_SCOPE, pivotIdentityFrom } from './pivot-identity';

const secret = 's'.repeat(32);
const login = { state: 'st', nonce: 'no', codeVerifier: 'cv', returnTo: '/x', expiresAt: 1_000 };

describe('the pending-login cookie', () => {
  it('gives back what it sealed, before it expires', () => {
    expect(openPendingLogin(sealPendingLogin(login, secret), secret, 999)).toEqual(login);
  });

  it('is refused once expired', () => {
    expect(openPendingLogin(sealPendingLogin(login, secret), secret, 1_000)).toBeNull();
  });

  it('is refused when edited, even by one character of its content', () => {
    const sealed = sealPendingLogin(login, secret);
    const [payload, signature] = sealed.split('.');
    const edited = Buffer.from(JSON.stringify({ ...login, state: 'attacker' })).toString('base64url');
    expect(openPendingLogin(`${edited}.${signature}`, secret, 0)).toBeNull();
    expect(openPendingLogin(`${payload}.${signature.slice(0, -2)}AA`, secret, 0)).toBeNull();
    expect(openPendingLogin(`${payload}`, secret, 0)).toBeNull();
    expect(openPendingLogin(undefined, secret, 0)).toBeNull();
  });

  it('is refused when signed with another secret', () => {
    expect(openPendingLogin(sealPendingLogin(login, 'o'.repeat(32)), secret, 0)).toBeNull();
  });
});

describe('the eIDAS level of a FranceConnect login', () => {
  it('accepts eidas1 and stronger levels', () => {
    expect(['eidas1', 'eidas2', 'eidas3'].map((acr) => meetsEidasLevel(acr))).toEqual([true, true, true]);
  });

  it('refuses a missing, lower or unknown level', () => {
    expect([undefined, 'eidas0', 'EIDAS1', 'loa1', 3].map((acr) => meetsEidasLevel(acr))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('the pivot identity', () => {
  const userinfo = {
    sub: 'abc',
    given_name: 'Inès',
    family_name: 'BENALI',
    birthdate: '1992-11-23',
    gender: 'female',
    birthplace: '',
    birthcountry: '99350',
    email: 'not-kept@example.org',
  };

  it('asks for openid and each pivot claim as its own scope', () => {
    expect(FRANCECONNECT_SCOPE).toBe(
      'openid given_name family_name birthdate gender birthplace birthcountry',
    );
  });

  it('keeps the pivot claims only, with the subject of the ID token', () => {
    expect(pivotIdentityFrom(userinfo, 'abc')).toEqual({
      identity: {
        sub: 'abc',
        given_name: 'Inès',
        family_name: 'BENALI',
        birthdate: '1992-11-23',
        gender: 'female',
        birthplace: '',
        birthcountry: '99350',
      },
    });
  });

  it('accepts an absent birthplace (birth abroad) and an empty given name', () => {
    const { birthplace: _birthplace, ...abroad } = userinfo;
    expect(pivotIdentityFrom({ ...abroad, given_name: '' }, 'abc')).toMatchObject({
      identity: { birthplace: '', given_name: '' },
    });
  });

  it('names the first unusable claim', () => {
    expect(pivotIdentityFrom({ ...userinfo, family_name: ' ' }, 'abc')).toEqual({ missing: 'family_name' });
    expect(pivotIdentityFrom({ ...userinfo, birthdate: 19921123 }, 'abc')).toEqual({ missing: 'birthdate' });
  });
});
