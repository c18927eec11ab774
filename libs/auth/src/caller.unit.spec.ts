import { isAuthError } from './auth-error';
import { type Caller, CallerResolver, requireHolder, requireRole, staffActor } from './caller';
import { InMemorySessionStore } from './session/in-memory-session-store';
import type { StaffTokenVerifier } from './staff/staff-token-verifier';
import { unauthenticated } from './auth-error';

const identity = {
  sub: 'abc',
  given_name: 'Camille',
  family_name: 'MARTIN',
  birthdate: '1985-03-14',
  gender: 'female',
  birthplace: '75107',
  birthcountry: '99100',
};
const clerk: Caller = {
  kind: 'staff',
  sub: 'clerk',
  name: 'Claire',
  roles: ['ledger.clerk', 'ledger.reader'],
};
const holder: Caller = { kind: 'holder', sessionId: 'id', sub: 'abc', identity };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isAuthError(error)) return error.code;
    throw error;
  }
  return undefined;
}

describe('requireRole', () => {
  it('lets staff with the role through', () => {
    expect(requireRole(clerk, 'ledger.clerk')).toBe(clerk);
  });

  it('is FORBIDDEN for staff without the role, with a message a clerk understands', () => {
    expect(codeOf(() => requireRole(clerk, 'ledger.system'))).toBe('FORBIDDEN');
    expect(() => requireRole(clerk, 'ledger.system')).toThrow(
      /not allowed to run the daily processing of due changes \(role ledger.system required\)/,
    );
    expect(codeOf(() => requireRole({ kind: 'staff', sub: 'nobody', roles: [] }, 'ledger.reader'))).toBe(
      'FORBIDDEN',
    );
  });

  it('is FORBIDDEN for a holder, who is not staff', () => {
    expect(codeOf(() => requireRole(holder, 'ledger.reader'))).toBe('FORBIDDEN');
  });

  it('asks an anonymous caller to sign in (UNAUTHENTICATED)', () => {
    expect(codeOf(() => requireRole({ kind: 'anonymous' }, 'ledger.reader'))).toBe('UNAUTHENTICATED');
  });
});

describe('requireHolder', () => {
  it('lets a holder through', () => {
    expect(requireHolder(holder)).toBe(holder);
  });

  it('is UNAUTHENTICATED for anyone else', () => {
    expect(codeOf(() => requireHolder({ kind: 'anonymous' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireHolder(clerk))).toBe('UNAUTHENTICATED');
  });
});

describe('the actor of a staff caller', () => {
  it('is the sub, with the name when the token has one', () => {
    expect(staffActor({ kind: 'staff', sub: 'clerk', name: 'Claire', roles: [] })).toBe('clerk (Claire)');
    expect(staffActor({ kind: 'staff', sub: 'clerk', roles: [] })).toBe('clerk');
  });
});

describe('CallerResolver', () => {
  const verifier = {
    verify: async (token: string) => {
      if (token === 'good.to.ken') return { sub: 'clerk', roles: ['ledger.clerk' as const] };
      throw unauthenticated('invalid');
    },
  } as unknown as StaffTokenVerifier;
  let sessions: InMemorySessionStore;
  let resolver: CallerResolver;

  beforeEach(() => {
    sessions = new InMemorySessionStore({ purgeIntervalMs: 0 });
    resolver = new CallerResolver(verifier, sessions);
  });

  it('makes a staff caller of a valid bearer token', async () => {
    await expect(resolver.resolve({ headers: { authorization: 'Bearer good.to.ken' } })).resolves.toEqual({
      kind: 'staff',
      sub: 'clerk',
      roles: ['ledger.clerk'],
    });
  });

  it('refuses an invalid bearer token as UNAUTHENTICATED, never as anonymous, even with a session', async () => {
    const { id } = await sessions.create({ identity, idToken: 't' });
    await expect(
      resolver.resolve({ headers: { authorization: 'Bearer bad.to.ken', cookie: `ledger_session=${id}` } }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    for (const authorization of ['Basic Y2xlcms6c2VjcmV0', 'Bearer', 'Bearer a b', 'good.to.ken']) {
      await expect(resolver.resolve({ headers: { authorization } })).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('makes a holder of a live session cookie', async () => {
    const { id } = await sessions.create({ identity, idToken: 't' });
    await expect(resolver.resolve({ headers: { cookie: `other=1; ledger_session=${id}` } })).resolves.toEqual(
      {
        kind: 'holder',
        sessionId: id,
        sub: 'abc',
        identity,
      },
    );
  });

  it('makes an anonymous caller of no credentials, or of an unknown session', async () => {
    await expect(resolver.resolve({ headers: {} })).resolves.toEqual({ kind: 'anonymous' });
    await expect(resolver.resolve({ headers: { cookie: 'ledger_session=unknown' } })).resolves.toEqual({
      kind: 'anonymous',
    });
  });
});
