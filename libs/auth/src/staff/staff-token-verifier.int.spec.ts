import {
  type DevIdentityProviders,
  startDevIdentityProviders,
} from '@ledger/dev-identity-providers';
import { type FakeIssuer, decodeUnverified, segment, startFakeIssuer } from '../../test/support/fake-issuer';
import { DEV_STAFF_AUDIENCE } from '../dev/dev-clients';
import { fetchDevStaffToken } from '../dev/staff-token';
import { loadJose } from '../esm/libraries';
import { StaffTokenVerifier } from './staff-token-verifier';

// AUTH.md, staff: a bearer token is a JWT from the agents' provider, verified against its JWKS with
// an asymmetric algorithm only, for this service's audience, unexpired; roles come from `roles`.

describe('staff bearer tokens', () => {
  let idps: DevIdentityProviders;
  let fake: FakeIssuer;
  let verifier: StaffTokenVerifier;
  let fakeVerifier: StaffTokenVerifier;
  let clerkToken: string;

  const verifierFor = (
    issuer: string,
    extra: Partial<ConstructorParameters<typeof StaffTokenVerifier>[0]> = {},
  ) =>
    new StaffTokenVerifier({ issuer, audience: DEV_STAFF_AUDIENCE, allowInsecureRequests: true, ...extra });

  const refusal = async (token: string, by = verifier) => {
    try {
      await by.verify(token);
    } catch (error) {
      return error as { code: string; details: { reason: string } };
    }
    throw new Error('the token was accepted');
  };

  beforeAll(async () => {
    idps = await startDevIdentityProviders({
      port: 0,
      publicUrl: 'http://127.0.0.1:1',
      host: '127.0.0.1',
      env: {},
    });
    fake = await startFakeIssuer(DEV_STAFF_AUDIENCE);
    verifier = verifierFor(idps.staffIssuer);
    fakeVerifier = verifierFor(fake.issuer);
    clerkToken = await fetchDevStaffToken(idps.staffIssuer, 'clerk');
  });

  afterAll(async () => {
    await idps?.close();
    await fake?.close();
  });

  it('the development provider listens on the port it was given by the system, and its issuers say so', () => {
    const { port } = new URL(idps.url);
    expect(Number(port)).toBeGreaterThan(0);
    expect(idps.staffIssuer).toBe(`http://127.0.0.1:${port}/agents`);
    expect(idps.franceConnectIssuer).toBe(`http://127.0.0.1:${port}/franceconnect`);
  });

  it('a clerk token from the agents provider is accepted, with its roles, sub and name', async () => {
    expect(decodeUnverified(clerkToken).header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(decodeUnverified(clerkToken).payload).toMatchObject({
      aud: DEV_STAFF_AUDIENCE,
      iss: idps.staffIssuer,
    });
    await expect(verifier.verify(clerkToken)).resolves.toEqual({
      sub: 'clerk',
      name: 'Claire Greffier (dev)',
      roles: ['ledger.clerk', 'ledger.reader'],
    });
  });

  it('reader and system tokens carry their own role only', async () => {
    const reader = await verifier.verify(await fetchDevStaffToken(idps.staffIssuer, 'reader'));
    const system = await verifier.verify(await fetchDevStaffToken(idps.staffIssuer, 'system'));
    expect([reader.roles, system.roles]).toEqual([['ledger.reader'], ['ledger.system']]);
  });

  it('a valid token without roles is accepted with no role: refusing the action is requireRole’s job', async () => {
    await expect(
      verifier.verify(await fetchDevStaffToken(idps.staffIssuer, 'nobody')),
    ).resolves.toMatchObject({
      sub: 'nobody',
      roles: [],
    });
  });

  it('an unsigned token (alg none) is refused', async () => {
    const { payload } = decodeUnverified(clerkToken);
    const unsigned = `${segment({ alg: 'none', typ: 'at+jwt' })}.${segment(payload)}.`;
    expect((await refusal(unsigned)).code).toBe('UNAUTHENTICATED');
  });

  it('a token signed with a shared secret (HS256) is refused, whatever the secret', async () => {
    const jose = await loadJose();
    const { header, payload } = decodeUnverified(clerkToken);
    const jwks = (await (await fetch(`${idps.staffIssuer}/jwks`)).json()) as { keys: { n: string }[] };
    // The classic confusion attack: the provider's public modulus used as an HMAC key.
    for (const secret of ['secret', jwks.keys[0].n, 'dev-clerk-secret']) {
      const forged = await new jose.SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256', kid: String(header.kid), typ: 'at+jwt' })
        .sign(new TextEncoder().encode(secret));
      const refused = await refusal(forged);
      expect(refused.code).toBe('UNAUTHENTICATED');
      expect(refused.details.reason).toBe('ERR_JOSE_ALG_NOT_ALLOWED');
    }
  });

  it('a token whose claims were altered after signing is refused', async () => {
    const [header, , signature] = clerkToken.split('.');
    const { payload } = decodeUnverified(clerkToken);
    const altered = `${header}.${segment({ ...payload, roles: ['ledger.system'] })}.${signature}`;
    expect((await refusal(altered)).details.reason).toBe('ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
  });

  it('a token from another issuer is refused, even one that claims to be from ours', async () => {
    expect((await refusal(await fake.sign({ roles: ['ledger.clerk'] }))).code).toBe('UNAUTHENTICATED');
    const impostor = await fake.sign({ iss: idps.staffIssuer, roles: ['ledger.clerk'] });
    expect((await refusal(impostor)).details.reason).toBe('ERR_JWKS_NO_MATCHING_KEY');
  });

  it('a token for another audience is refused', async () => {
    const otherApi = verifierFor(idps.staffIssuer, { audience: 'another-api' });
    expect((await refusal(clerkToken, otherApi)).details.reason).toBe('ERR_JWT_CLAIM_VALIDATION_FAILED');
    expect((await refusal(await fake.sign({ aud: 'another-api' }), fakeVerifier)).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('an expired token is refused', async () => {
    const later = verifierFor(idps.staffIssuer, { clock: { now: () => Date.now() + 2 * 3600 * 1000 } });
    expect((await refusal(clerkToken, later)).details.reason).toBe('ERR_JWT_EXPIRED');
    const past = Math.floor(Date.now() / 1000) - 60;
    expect(
      (await refusal(await fake.sign({ iat: past - 600, exp: past }), fakeVerifier)).details.reason,
    ).toBe('ERR_JWT_EXPIRED');
  });

  it('a token without exp is refused', async () => {
    expect((await refusal(await fake.sign({}, { omit: ['exp'] }), fakeVerifier)).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('a token not yet valid (nbf) is refused, and accepted once valid', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await refusal(await fake.sign({ nbf: now + 600 }), fakeVerifier)).code).toBe('UNAUTHENTICATED');
    await expect(fakeVerifier.verify(await fake.sign({ nbf: now - 10 }))).resolves.toMatchObject({
      sub: 'fake-agent',
    });
  });

  it('a token without a subject is refused: every event needs an actor', async () => {
    expect((await refusal(await fake.sign({}, { omit: ['sub'] }), fakeVerifier)).code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('keeps only the known roles of the roles claim, and none when it is not an array', async () => {
    const mixed = await fake.sign({ roles: ['admin', 'ledger.clerk', 42, 'ledger.clerk'] });
    expect((await fakeVerifier.verify(mixed)).roles).toEqual(['ledger.clerk']);
    expect((await fakeVerifier.verify(await fake.sign({ roles: 'ledger.clerk' }))).roles).toEqual([]);
  });

  it('takes the actor’s name from preferred_username when there is no name', async () => {
    await expect(fakeVerifier.verify(await fake.sign({ preferred_username: 'c.dubois' }))).resolves.toEqual({
      sub: 'fake-agent',
      name: 'c.dubois',
      roles: [],
    });
  });

  it('refuses junk without reaching the issuer', async () => {
    for (const junk of ['', 'abc', 'a.b', `${'a'.repeat(20_000)}.b.c`]) {
      expect((await refusal(junk)).details.reason).toBe('malformed token');
    }
  });

  it('refuses every token, as UNAUTHENTICATED, when the issuer cannot be reached', async () => {
    const unreachable = verifierFor('http://127.0.0.1:1/agents');
    expect((await refusal(clerkToken, unreachable)).code).toBe('UNAUTHENTICATED');
  });
});
