import { fetchDevStaffToken } from '@ledger/auth';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';
import { ApiDataDir, codesOf, graphql } from '../e2e/support/api-harness';
import { startQuietApi } from './support/quiet-api';
import { loginAsHolder } from '../e2e/support/holder-login';
import { recordFigures } from './support/reliability-run';

// Issue 6, item 4: rate limits per holder session, per staff token subject and per client IP
// (anonymous callers and the login routes), answered 429 with Retry-After. Small limits and a
// window of 2 s here (RATE_LIMIT_* variables), so that the test sees a window end.

const LIMITS = {
  RATE_LIMIT_WINDOW_SECONDS: '2',
  RATE_LIMIT_HOLDER: '5',
  RATE_LIMIT_STAFF: '8',
  RATE_LIMIT_ANONYMOUS: '6',
  RATE_LIMIT_LOGIN: '10',
};
const BALANCE = `query B($n: String!) { myPointsBalance(licenceNumber: $n, licenceNumberConfirmation: $n) { points } }`;
const FILE = `query F($n: String!) { licenceFile(licenceNumber: $n) { version } }`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limits on the GraphQL endpoint and the login routes', () => {
  const data = new ApiDataDir();
  let api: StartedApi;
  const refused: Record<string, { status: number; retryAfter: string | null }> = {};

  beforeAll(async () => {
    api = await startQuietApi(data.env({ LEDGER_TODAY: '2024-07-01', ...LIMITS }));
  }, 60_000);
  afterAll(async () => {
    recordFigures('rate-limits', {
      command: 'npx jest test/reliability/rate-limits',
      limitsUnderTest: LIMITS,
      refused,
    });
    await api.close();
    data.remove();
  });

  /** Sends until refused; returns how many were served and the refusal. */
  async function until429(
    send: () => Promise<{ status: number; retryAfter: string | null; code?: string }>,
    max = 50,
  ) {
    for (let served = 0; served < max; served++) {
      const answer = await send();
      if (answer.status === 429) return { served, ...answer };
    }
    throw new Error(`not refused after ${max} requests`);
  }

  const post = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const response = await fetch(`${api.publicUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      errors?: { extensions?: { code?: string; retryAfterSeconds?: number } }[];
    };
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      code: body.errors?.[0]?.extensions?.code,
      policy: response.headers.get('ratelimit-policy'),
    };
  };

  test('a holder session gets its limit, then 429 with Retry-After; another session is not affected; the window ends', async () => {
    const camille = await loginAsHolder(api.publicUrl, 'camille');
    const thomas = await loginAsHolder(api.publicUrl, 'thomas');
    const mine = () => post(BALANCE, { n: '150375100001' }, { cookie: camille.cookieHeader });
    const first = await mine();
    expect(first.status).toBe(200);
    expect(first.policy).toBe('5;w=2');
    const refusal = await until429(mine);
    expect(refusal.served).toBe(4); // 1 + 4 served = the limit of 5
    expect(refusal.code).toBe('RATE_LIMITED');
    expect(Number(refusal.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refusal.retryAfter)).toBeLessThanOrEqual(2);
    refused.holder = refusal;
    // Someone else's session has its own count.
    expect((await post(BALANCE, { n: '98AB12 69 03' }, { cookie: thomas.cookieHeader })).status).toBe(200);
    await sleep(Number(refusal.retryAfter) * 1000 + 100);
    expect((await mine()).status).toBe(200);
  }, 30_000);

  test('a staff token subject gets its limit; another subject is not affected', async () => {
    const clerk = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'clerk');
    const reader = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'reader');
    const asClerk = () => post(FILE, { n: '150375100001' }, { authorization: `Bearer ${clerk}` });
    const refusal = await until429(asClerk);
    expect(refusal.served).toBe(8);
    expect(refusal.retryAfter).toMatch(/^[12]$/);
    refused.staff = refusal;
    // A new token of the same clerk is the same subject: still refused. The reader is not.
    const again = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'clerk');
    expect((await post(FILE, { n: '150375100001' }, { authorization: `Bearer ${again}` })).status).toBe(429);
    const read = await graphql(api, FILE, { n: '150375100001' }, { authorization: `Bearer ${reader}` });
    expect(read.status).toBe(200);
    expect(read.errors).toBeUndefined();
  }, 30_000);

  test('callers without valid credentials are counted by address: forged tokens do not buy a fresh count', async () => {
    await sleep(2100); // a fresh window for this address
    const forged = (i: number) =>
      `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: `forged-${i}` })).toString('base64url')}.`;
    let i = 0;
    const refusal = await until429(() =>
      post(FILE, { n: '150375100001' }, i++ % 2 ? {} : { authorization: `Bearer ${forged(i)}` }),
    );
    expect(refusal.served).toBe(6);
    refused.anonymous = refusal;
    // Health is never limited: an orchestrator's probes always get through.
    for (let k = 0; k < 20; k++) expect((await fetch(`${api.publicUrl}/health/live`)).status).toBe(200);
  }, 30_000);

  test('the login routes are limited per address, with a page saying when to come back', async () => {
    await sleep(2100);
    const refusal = await until429(async () => {
      const response = await fetch(`${api.publicUrl}/auth/franceconnect/login`, { redirect: 'manual' });
      const text = await response.text();
      return { status: response.status, retryAfter: response.headers.get('retry-after'), text };
    });
    expect(refusal.served).toBe(10);
    expect(refusal.retryAfter).toMatch(/^[12]$/);
    expect((refusal as { text?: string }).text).toMatch(/Trop de tentatives/);
    refused.login = { status: refusal.status, retryAfter: refusal.retryAfter };
    // The callback too (same address, same count).
    expect(
      (await fetch(`${api.publicUrl}/auth/franceconnect/callback?code=x&state=y`, { redirect: 'manual' }))
        .status,
    ).toBe(429);
  }, 30_000);

  test("a letter's PDF counts against the caller's limit like a query", async () => {
    await sleep(2100);
    const reader = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'reader');
    let last = 0;
    for (let k = 0; k < 9; k++)
      last = (
        await fetch(`${api.publicUrl}/letters/L-00000000-0000-0000-0000-000000000000.pdf`, {
          headers: { authorization: `Bearer ${reader}` },
        })
      ).status;
    expect(last).toBe(429);
  }, 30_000);

  test('existing answers are unchanged: codesOf still reads the refusals', async () => {
    await sleep(2100);
    expect(codesOf(await graphql(api, FILE, { n: '150375100001' }))).toEqual(['UNAUTHENTICATED']);
  }, 10_000);
});
