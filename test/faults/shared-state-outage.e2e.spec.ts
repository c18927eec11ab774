import { Client } from 'pg';
import { describeWithPostgres } from '../../libs/read-models/test/pg-test-database';
import { graphql, startTestApi } from '../e2e/support/api-harness';
import { loginAsHolder } from '../e2e/support/holder-login';
import { esdbDoublePostgresProfile } from '../e2e/support/store-profiles';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';

// Issue 14, "bad input and faults": when the store every instance shares (sessions, the audit,
// the rate-limit counters) stops answering, readiness fails and callers get 503 with a code, never
// a balance without its consultation recorded. "Stops answering": another session holds an
// exclusive lock on the table, so that every statement waits until STATE_TIMEOUT_MS.

const BALANCE = `query B($n: String!) { myPointsBalance(licenceNumber: $n, licenceNumberConfirmation: $n) { points consultations { consultedBy } } }`;
const CAMILLE = '150375100001';

describeWithPostgres('the shared store stops answering', () => {
  const stores = esdbDoublePostgresProfile();
  let api: StartedApi;
  let cookie: string;
  let admin: Client;

  beforeAll(async () => {
    await stores.setUp();
    api = await startTestApi(stores.env({ LEDGER_TODAY: '2024-05-01', STATE_TIMEOUT_MS: '500' }));
    ({ cookieHeader: cookie } = await loginAsHolder(api.publicUrl, 'camille'));
    admin = new Client({ connectionString: stores.stores.database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await api?.close();
    await stores.tearDown();
  });

  /** Runs `during` while `table` of the shared state is locked by another session. */
  async function whileLocked<T>(table: string, during: () => Promise<T>): Promise<T> {
    await admin.query('BEGIN');
    await admin.query(`LOCK TABLE ledger_state.${table} IN ACCESS EXCLUSIVE MODE`);
    try {
      return await during();
    } finally {
      await admin.query('ROLLBACK');
    }
  }

  const readBalance = () => graphql<any>(api, BALANCE, { n: CAMILLE }, { cookie });
  const consultations = async () =>
    (await admin.query('SELECT count(*)::int AS n FROM ledger_state.consultations')).rows[0].n as number;

  it('the audit: 503 SHARED_STATE.UNAVAILABLE, no balance, no half-recorded consultation; readiness fails meanwhile', async () => {
    const ok = await readBalance();
    expect(ok.status).toBe(200);
    const recordedBefore = await consultations();

    const [during, ready] = await whileLocked('consultations', async () => [
      await readBalance(),
      await fetch(`${api.publicUrl}/health/ready`),
    ] as const);
    expect(during.status).toBe(503);
    expect(during.data ?? null).toBeNull();
    expect(during.errors?.map((e) => e.extensions?.code)).toEqual(['SHARED_STATE.UNAVAILABLE']);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as any).error.sharedState).toMatchObject({ store: 'postgres', status: 'down' });

    expect(await consultations()).toBe(recordedBefore);
    const after = await readBalance();
    expect(after.status).toBe(200);
    expect(await consultations()).toBe(recordedBefore + 1);
    expect((await fetch(`${api.publicUrl}/health/ready`)).status).toBe(200);
  });

  it('the sessions: 503 with the code, not taken for "signed out"; readiness fails meanwhile', async () => {
    const [during, ready] = await whileLocked('holder_sessions', async () => [
      await readBalance(),
      await fetch(`${api.publicUrl}/health/ready`),
    ] as const);
    expect(ready.status).toBe(503);
    expect(during.status).toBe(503);
    expect(during.errors?.map((e) => e.extensions?.code)).toEqual(['SHARED_STATE.UNAVAILABLE']);
    expect((await readBalance()).data.myPointsBalance.points).toEqual(expect.any(Number));
  });

  it('the rate-limit counters: 503 with the code and Retry-After, never served uncounted; readiness fails meanwhile', async () => {
    const [during, ready] = await whileLocked('rate_limit_counters', async () => [
      await fetch(`${api.publicUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ query: BALANCE, variables: { n: CAMILLE } }),
      }),
      await fetch(`${api.publicUrl}/health/ready`),
    ] as const);
    expect(ready.status).toBe(503);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('30');
    expect(((await during.json()) as any).errors[0].extensions.code).toBe('SHARED_STATE.UNAVAILABLE');
  });

  it('the login routes: a clear page with 503 when the counters do not answer', async () => {
    const during = await whileLocked('rate_limit_counters', () =>
      fetch(`${api.publicUrl}/auth/franceconnect/login`, { redirect: 'manual' }),
    );
    expect(during.status).toBe(503);
    expect(await during.text()).toContain('Service momentanément indisponible');
  });
});
