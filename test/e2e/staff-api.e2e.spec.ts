import { createHmac } from 'node:crypto';
import { fetchDevStaffToken } from '@ledger/auth';
import { startFakeIssuer, segment, type FakeIssuer } from '../../libs/auth/test/support/fake-issuer';
import { loginAsHolder } from './support/holder-login';
import { codesOf, graphql, startTestApi } from './support/api-harness';
import { describeOnEachStore } from './support/store-profiles';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';

const FILE = `query File($n: String!, $asOf: Date) {
  licenceFile(licenceNumber: $n, asOf: $asOf) {
    licenceNumber issuedOn rawPoints version
    holder { familyName givenNames }
    infractions { infractionId status pointsWithdrawn contraventionClass }
    balance { points capital asOf status history { effectiveOn kind points } consultations { consultedBy role operation } }
  }
}`;

const ISSUE = `mutation Issue($input: IssueLicenceInput!) { issueLicence(input: $input) { licenceNumber balance { points capital } version } }`;
const RECORD = `mutation Record($input: RecordInfractionInput!) { recordInfraction(input: $input) { infractions { infractionId status } } }`;
const ESTABLISH = `mutation Establish($input: EstablishInfractionInput!) { establishInfraction(input: $input) { balance { points capital } rawPoints } }`;
const BALANCE = `query B($n: String!) { myPointsBalance(licenceNumber: $n, licenceNumberConfirmation: $n) { points capital } }`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describeOnEachStore('staff record facts through the same API with their own tokens', (stores) => {
  let api: StartedApi;
  let clerk: string;

  beforeAll(async () => {
    api = await startTestApi(stores.env({ LEDGER_TODAY: '2024-05-01' }));
    clerk = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'clerk');
  });
  afterAll(async () => {
    await api.close();
  });

  test('a clerk records an infraction and its establishment; the holder sees the balance change', async () => {
    const n = '150375100001'; // camille's licence, seeded: E1 withdrew 2 points on 2024-04-02
    const { cookieHeader } = await loginAsHolder(api.publicUrl, 'camille');
    expect((await graphql<any>(api, BALANCE, { n }, { cookie: cookieHeader })).data.myPointsBalance).toEqual({ points: 10, capital: 12 });

    const recorded = await graphql<any>(
      api,
      RECORD,
      { input: { commandId: 'e2e-record-1', licenceNumber: n, infractionId: 'e2e-red', offenceCode: 'RED_LIGHT', committedOn: '2024-04-20' } },
      bearer(clerk),
    );
    expect(recorded.errors).toBeUndefined();
    expect(recorded.data.recordInfraction.infractions).toContainEqual({ infractionId: 'e2e-red', status: 'RECORDED' });
    const establish = { commandId: 'e2e-establish-1', licenceNumber: n, infractionId: 'e2e-red', mode: 'FINE_PAID', establishedOn: '2024-04-30' };
    const established = await graphql<any>(api, ESTABLISH, { input: establish }, bearer(clerk));
    expect(established.data.establishInfraction).toEqual({ balance: { points: 6, capital: 12 }, rawPoints: 6 });
    // The same command again (a retry) changes nothing and answers the same.
    const again = await graphql<any>(api, ESTABLISH, { input: establish }, bearer(clerk));
    expect(again.data).toEqual(established.data);

    expect((await graphql<any>(api, BALANCE, { n }, { cookie: cookieHeader })).data.myPointsBalance).toEqual({ points: 6, capital: 12 });

    // The clerk is the actor in the event's metadata, as the store holds it.
    const inLog = (await stores.licenceEvents(n)).filter(
      (event) => event.type === 'InfractionEstablished' && (event.data as { infractionId: string }).infractionId === 'e2e-red',
    );
    expect(inLog).toHaveLength(1);
    expect(inLog[0].metadata).toMatchObject({ actor: expect.stringContaining('clerk'), commandId: 'e2e-establish-1' });
  });

  test('a reader reads a file on any date, and every consultation is recorded and shown to the holder', async () => {
    const reader = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'reader');
    const n = '98AB12 69 03'; // thomas, E3: 8 on 2024-01-20, 5 on 2024-03-15, 9 on 2024-04-10, 12 on 2027-03-15
    const past = await graphql<any>(api, FILE, { n, asOf: '2024-03-01' }, bearer(reader));
    expect(past.data.licenceFile.balance).toMatchObject({ points: 8, asOf: '2024-03-01' });
    const future = await graphql<any>(api, FILE, { n, asOf: '2027-03-15' }, bearer(reader));
    expect(future.data.licenceFile.balance).toMatchObject({ points: 12, capital: 12 });
    expect(future.data.licenceFile.holder).toEqual({ familyName: 'DUPONT MOREAU', givenNames: 'THOMAS JEAN-BAPTISTE' });
    const { cookieHeader } = await loginAsHolder(api.publicUrl, 'thomas');
    const own = await graphql<any>(api, `query { myPointsBalance(licenceNumber: "${n}", licenceNumberConfirmation: "${n}") { consultations { consultedBy role operation } } }`, {}, { cookie: cookieHeader });
    const roles = own.data.myPointsBalance.consultations.map((c: any) => c.role);
    expect(roles.filter((r: string) => r === 'LEDGER_READER')).toHaveLength(2);
    expect(own.data.myPointsBalance.consultations[0]).toEqual({ consultedBy: 'holder', role: 'HOLDER', operation: 'myPointsBalance' });
  });

  test('staff without the needed role get FORBIDDEN; the daily run needs ledger.system', async () => {
    const nobody = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'nobody');
    const reader = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'reader');
    const system = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'system');
    expect(codesOf(await graphql(api, FILE, { n: '150375100001' }, bearer(nobody)))).toEqual(['FORBIDDEN']);
    const issue = { commandId: 'e2e-issue-x', licenceNumber: '111111111111', issuedOn: '2020-01-01', probationary: false, holder: { familyName: 'X', givenNames: 'Y', birthdate: '1990-01-01', gender: 'MALE', birthcountry: '99350' } };
    expect(codesOf(await graphql(api, ISSUE, { input: issue }, bearer(reader)))).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(api, `mutation { applyDueChanges(asOf: "2024-05-01") { eventsAppended } }`, {}, bearer(clerk)))).toEqual(['FORBIDDEN']);
    const run = await graphql<any>(api, `mutation { applyDueChanges(asOf: "2024-05-01") { asOf licencesChanged eventsAppended } }`, {}, bearer(system));
    expect(run.errors).toBeUndefined();
    expect(run.data.applyDueChanges.asOf).toBe('2024-05-01');
    expect(codesOf(await graphql(api, `mutation { applyDueChanges(asOf: "2024-05-02") { eventsAppended } }`, {}, bearer(system)))).toEqual(['DATE.IN_FUTURE']);
  });

  test('bad input gets a clear error and nothing is stored', async () => {
    const before = await graphql<any>(api, FILE, { n: '150375100001' }, bearer(clerk));
    const attempts = [
      { input: { commandId: 'bad-1', licenceNumber: '150375100001', infractionId: 'x1', offenceCode: 'SPEEDING', committedOn: '2024-04-20' } },
      { input: { commandId: 'bad-2', licenceNumber: '150375100001', infractionId: 'x2', offenceCode: 'RED_LIGHT', committedOn: '2024-05-02' } },
      { input: { commandId: 'bad-3', licenceNumber: '15037510000', infractionId: 'x3', offenceCode: 'RED_LIGHT', committedOn: '2024-04-20' } },
      { input: { commandId: 'bad-4', licenceNumber: '150375100001', infractionId: 'x4', offenceCode: 'ALCOHOL', committedOn: '2024-04-20', alcoholGramsPerLitreBlood: 0.3 } },
      { input: { commandId: 'bad 5', licenceNumber: '150375100001', infractionId: 'x5', offenceCode: 'RED_LIGHT', committedOn: '2024-04-20' } },
      { input: { commandId: 'bad-6', licenceNumber: '150375100001', infractionId: 'x6', offenceCode: 'RED_LIGHT', committedOn: '2024-02-30' } },
    ];
    const codes = [];
    for (const variables of attempts) codes.push(codesOf(await graphql(api, RECORD, variables, bearer(clerk)))[0]);
    expect(codes).toEqual([
      'INFRACTION.MISSING_MEASURE',
      'DATE.IN_FUTURE',
      'LICENCE.MALFORMED_NUMBER',
      'INFRACTION.UNDER_THRESHOLD',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
    ]);
    const after = await graphql<any>(api, FILE, { n: '150375100001' }, bearer(clerk));
    expect(after.data.licenceFile.version).toBe(before.data.licenceFile.version);
  });

  test('requests a foreign page could send are refused (CSRF prevention), and so are bodies over 100 kB', async () => {
    const simple = await fetch(`${api.publicUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(simple.status).toBe(400);
    const get = await fetch(`${api.publicUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect([400, 404, 405]).toContain(get.status);
    const big = await fetch(`${api.publicUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(110_000) } }) });
    expect(big.status).toBe(413);
  });

  test('deep, wide and aliased queries are refused before execution', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: licenceFile(licenceNumber: "150375100001") { version }`).join(' ');
    const aliased = await graphql(api, `{ ${aliases} }`, {}, bearer(clerk));
    expect(aliased.data).toBeUndefined();
    expect(aliased.errors![0].message).toMatch(/aliases/i);
    const tooDeep = await graphql(api, `{ licenceFile(licenceNumber: "150375100001") { ${'balance { '.repeat(1)} history { kind } } } }`.replace('history { kind }', 'probation { startedOn }'), {}, bearer(clerk));
    expect(tooDeep.errors).toBeUndefined();
    // The schema has no cycle, so its depth is bounded (4); width is what an attacker can grow.
    const wide = `{ licenceFile(licenceNumber: "150375100001") { ${'version '.repeat(1200)} } }`;
    expect((await graphql(api, wide, {}, bearer(clerk))).errors?.[0].message).toMatch(/token/i);
    const deep = `{ licenceFile(licenceNumber: "150375100001") { balance { probation { startedOn } history { kind } } ${'holder { familyName } '.repeat(1)} } }`;
    expect((await graphql(api, deep, {}, bearer(clerk))).errors).toBeUndefined();
    const batched = await fetch(`${api.publicUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(clerk) }, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
    expect(batched.status).toBe(400);
  });
});

describeOnEachStore('staff bearer tokens are verified (AUTH.md)', (stores) => {
  let api: StartedApi;
  let issuer: FakeIssuer;
  let foreign: FakeIssuer;

  beforeAll(async () => {
    issuer = await startFakeIssuer('points-ledger');
    foreign = await startFakeIssuer('points-ledger');
    api = await startTestApi(stores.env({ LEDGER_TODAY: '2024-05-01', STAFF_OIDC_ISSUER: issuer.issuer, STAFF_OIDC_AUDIENCE: 'points-ledger' }));
  });
  afterAll(async () => {
    await api.close();
    await issuer.close();
    await foreign.close();
  });

  const read = (token: string) => graphql(api, FILE, { n: '150375100001' }, bearer(token));

  test('a token of the configured issuer with the role is accepted', async () => {
    const answer = await read(await issuer.sign({ roles: ['ledger.reader'] }));
    expect(answer.errors).toBeUndefined();
  });

  test.each([
    ['unsigned (alg: none)', async () => `${segment({ alg: 'none', typ: 'JWT' })}.${segment({ iss: issuer.issuer, aud: 'points-ledger', sub: 'x', exp: 9999999999, roles: ['ledger.reader'] })}.`],
    ['signed with a symmetric key (HS256)', async () => {
      const head = `${segment({ alg: 'HS256', typ: 'JWT', kid: 'fake-1' })}.${segment({ iss: issuer.issuer, aud: 'points-ledger', sub: 'x', exp: 9999999999, roles: ['ledger.reader'] })}`;
      return `${head}.${createHmac('sha256', 'a-shared-secret').update(head).digest('base64url')}`;
    }],
    ['from another issuer', async () => foreign.sign({ roles: ['ledger.reader'] })],
    ['for another audience', async () => issuer.sign({ roles: ['ledger.reader'], aud: 'someone-else' })],
    ['expired', async () => issuer.sign({ roles: ['ledger.reader'], exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 })],
    ['not yet valid', async () => issuer.sign({ roles: ['ledger.reader'], nbf: Math.floor(Date.now() / 1000) + 3600 })],
    ['garbage', async () => 'not.a.token'],
  ])('a token %s is refused as UNAUTHENTICATED', async (_name, make) => {
    expect(codesOf(await read(await make()))).toEqual(['UNAUTHENTICATED']);
  });

  test('a valid token without the role is FORBIDDEN', async () => {
    expect(codesOf(await read(await issuer.sign({ roles: ['ledger.clerk'] })))).toEqual(['FORBIDDEN']);
    expect(codesOf(await read(await issuer.sign({})))).toEqual(['FORBIDDEN']);
  });
});

