import { loginAsHolder } from '../../../test/e2e/support/holder-login';
import { type AuthTestbed, startAuthTestbed } from '../test/support/auth-testbed';
import { fetchDevStaffToken } from './dev/staff-token';

// Who is calling, resolved from a real HTTP request: a bearer token makes staff (or a refusal,
// never anonymous), a session cookie a holder, nothing at all an anonymous caller.

describe('resolving the caller of a request', () => {
  let bed: AuthTestbed;
  let clerkToken: string;
  let holderCookie: string;

  beforeAll(async () => {
    bed = await startAuthTestbed();
    clerkToken = await fetchDevStaffToken(bed.idps.staffIssuer, 'clerk');
    holderCookie = (await loginAsHolder(bed.apiUrl, 'camille')).cookieHeader;
  });
  afterAll(async () => {
    await bed?.close();
  });

  const whoami = async (headers: Record<string, string>) => {
    const response = await fetch(`${bed.apiUrl}/whoami`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('no credentials: anonymous', async () => {
    expect(await whoami({})).toEqual({ status: 200, body: { kind: 'anonymous' } });
  });

  it('a valid bearer token: staff, with sub, name and roles', async () => {
    expect((await whoami({ authorization: `Bearer ${clerkToken}` })).body).toEqual({
      kind: 'staff',
      sub: 'clerk',
      name: 'Claire Greffier (dev)',
      roles: ['ledger.clerk', 'ledger.reader'],
    });
  });

  it('a session cookie: the holder, with their FranceConnect identity', async () => {
    expect((await whoami({ cookie: holderCookie })).body).toMatchObject({
      kind: 'holder',
      identity: { family_name: 'MARTIN', given_name: 'Camille Anne', birthdate: '1985-03-14' },
    });
  });

  it('an invalid bearer token: UNAUTHENTICATED, never anonymous, even next to a valid session', async () => {
    const [header, payload] = clerkToken.split('.');
    for (const authorization of [`Bearer ${header}.${payload}.`, 'Bearer garbage', 'Basic Y2xlcms6eA==']) {
      expect(await whoami({ authorization })).toMatchObject({
        status: 401,
        body: { code: 'UNAUTHENTICATED' },
      });
      expect(await whoami({ authorization, cookie: holderCookie })).toMatchObject({
        status: 401,
        body: { code: 'UNAUTHENTICATED' },
      });
    }
  });

  it('a bearer token and a session cookie together: the bearer token decides', async () => {
    expect((await whoami({ authorization: `Bearer ${clerkToken}`, cookie: holderCookie })).body.kind).toBe(
      'staff',
    );
  });

  it('an unknown session cookie: anonymous (the holder simply logs in again)', async () => {
    expect((await whoami({ cookie: `ledger_session=${'A'.repeat(43)}` })).body).toEqual({
      kind: 'anonymous',
    });
  });
});
