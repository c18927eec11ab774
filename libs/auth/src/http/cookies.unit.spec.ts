import { appendSetCookie, readCookie, serializeCookie } from './cookies';
import { safeReturnTo } from './return-to';

describe('cookies', () => {
  it('spells every security attribute of a cookie', () => {
    expect(serializeCookie('a', 'b', { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })).toBe(
      'a=b; Path=/; HttpOnly; Secure; SameSite=Lax',
    );
  });

  it('deletes a cookie with Max-Age=0 and a past expiry', () => {
    expect(
      serializeCookie('a', '', { httpOnly: true, secure: false, sameSite: 'Lax', path: '/x', maxAge: 0 }),
    ).toBe('a=; Path=/x; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax');
  });

  it('refuses a value that would break the header', () => {
    expect(() =>
      serializeCookie('a', 'b; Domain=evil', { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' }),
    ).toThrow();
  });

  it('reads one cookie among several, the first of a repeated name', () => {
    expect(readCookie('x=1; ledger_session=abc; ledger_session=old', 'ledger_session')).toBe('abc');
    expect(readCookie('x=1', 'ledger_session')).toBeUndefined();
    expect(readCookie(undefined, 'ledger_session')).toBeUndefined();
    expect(readCookie('a="quoted"', 'a')).toBe('quoted');
  });

  it('appends Set-Cookie headers without dropping those already set', () => {
    const headers = new Map<string, unknown>([['Set-Cookie', 'first=1']]);
    const res = {
      getHeader: (name: string) => headers.get(name),
      setHeader: (name: string, value: string[]) => headers.set(name, value),
    };
    appendSetCookie(res, 'second=2', 'third=3');
    expect(headers.get('Set-Cookie')).toEqual(['first=1', 'second=2', 'third=3']);
  });
});

describe('where a holder goes after login', () => {
  const site = 'https://points.example.gouv.fr';

  it('keeps a path of this site, with its query and fragment', () => {
    expect(safeReturnTo('/mon-solde?x=1#top', site)).toBe('/mon-solde?x=1#top');
  });

  it.each([
    ['an absolute URL', 'https://evil.example/'],
    ['a scheme-relative URL', '//evil.example/path'],
    ['a backslash that browsers read as a slash', '/\\evil.example'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a relative path without a slash', 'evil'],
    ['a control character', '/a\nb'],
    ['nothing', undefined],
    ['an array of values', ['/a', '/b']],
  ])('goes home instead of following %s', (_what, candidate) => {
    expect(safeReturnTo(candidate, site)).toBe('/');
  });
});
