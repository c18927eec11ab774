import { recordFigures } from '../reliability/support/reliability-run';
import { Client } from 'pg';
import { fetchDevStaffToken } from '@ledger/auth';
import { type DevIdentityProviders, startDevIdentityProviders } from '@ledger/dev-identity-providers';
import { EsdbDouble } from '@ledger/testing/esdb-double';
import {
  type ThrowAwayDatabase,
  createThrowAwayDatabase,
  describeWithPostgres,
} from '../../libs/read-models/test/pg-test-database';
import { API_ENTRY, ChildService, WORKER_ENTRY } from '../reliability/support/child-service';
import { freePort } from './support/api-harness';
import { CookieJar, driveFranceConnect, send } from './support/holder-login';
import { TestLoadBalancer } from './support/test-load-balancer';

// Issue 14, item 9: the production shape with real OS processes. Two API processes (A and B) and
// one worker process, on the EventStoreDB gRPC double and PostgreSQL, behind a load balancer that
// sends each request where the test says. A holder signs in through A with FranceConnect's callback
// landing on B, reads through both, A is SIGKILLed and the same session keeps working on B; the
// holder sees the consultations made through both; the rate limit counts the requests of both;
// both /metrics show what was done.

jest.setTimeout(180_000);

const BALANCE = `query B($n: String!) { myPointsBalance(licenceNumber: $n, licenceNumberConfirmation: $n) { points capital consultations { consultedBy operation } } }`;
const FILE = `query F($n: String!) { licenceFile(licenceNumber: $n) { balance { points } } }`;
const CAMILLE = '150375100001';
const HOLDER_LIMIT = 8;

interface Instance {
  name: 'A' | 'B';
  url: string;
  metricsUrl: string;
  process: ChildService;
}

/** The value of one series of Prometheus's text format, whatever the order of its labels; 0 if absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return 0;
}

describeWithPostgres('two API instances and a worker behind a load balancer (real processes)', () => {
  let database: ThrowAwayDatabase;
  let eventStore: EsdbDouble;
  let balancer: TestLoadBalancer;
  let idps: DevIdentityProviders;
  let worker: ChildService;
  let workerUrl: string;
  const instances: Instance[] = [];
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    database = await createThrowAwayDatabase();
    eventStore = await EsdbDouble.start({ serverFeatures: 'batch-append' });
    balancer = await TestLoadBalancer.start();
    idps = await startDevIdentityProviders({ port: 0, publicUrl: balancer.url, host: '127.0.0.1', env: {} });
    const shared = {
      NODE_ENV: 'test',
      LEDGER_TODAY: '2024-05-01',
      ESDB_CONNECTION_STRING: eventStore.connectionString,
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: 'ledger_read_models',
      ...idps.apiEnvironment, // one SESSION_SECRET for both instances, as in production
      PUBLIC_URL: balancer.url,
      RUN_WORKER: 'false',
      RATE_LIMIT_HOLDER: String(HOLDER_LIMIT),
      LOG_FORMAT: 'json',
    };
    const workerPort = await freePort();
    workerUrl = `http://127.0.0.1:${workerPort}`;
    worker = ChildService.start(WORKER_ENTRY, { ...shared, WORKER_PORT: String(workerPort) });
    for (const name of ['A', 'B'] as const) {
      const [port, metricsPort] = [await freePort(), await freePort()];
      const env = {
        ...shared,
        PORT: String(port),
        HOST: '127.0.0.1',
        METRICS_PORT: String(metricsPort),
        // The test holders' licences, seeded once (through A); the worker projects them.
        SEED_DEV_DATA: name === 'A' ? 'true' : 'false',
      };
      instances.push({
        name,
        url: `http://127.0.0.1:${port}`,
        metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
        process: ChildService.start(API_ENTRY, env),
      });
    }
    await Promise.all([
      worker.waitFor(/Health and metrics on/, 150_000),
      ...instances.map((i) => i.process.waitFor(/Points Ledger API on/, 150_000)),
    ]);
  });

  afterAll(async () => {
    for (const i of instances) if (i.process.running) await i.process.stop('SIGTERM');
    if (worker?.running) await worker.stop('SIGTERM');
    await idps?.close();
    await balancer?.close();
    await eventStore?.stop();
    await database?.drop();
    if (Object.keys(figures).length > 0) recordFigures('several-instances', figures);
  });

  const [a, b] = [() => instances[0], () => instances[1]];
  const jar = new CookieJar();

  async function balanceThrough(instance: Instance) {
    balancer.routeTo(instance.url);
    const response = await send(jar, `${balancer.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: BALANCE, variables: { n: CAMILLE } }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as any,
    };
  }

  /** The worker's readiness once it has projected the seed (or after a minute). */
  async function workerReadiness(): Promise<any> {
    const deadline = Date.now() + 60_000;
    let ready: any;
    do {
      ready = await (await fetch(`${workerUrl}/health/ready`)).json();
      if (ready.status === 'ok' && ready.processors.every((p: any) => p.lag === '0' && p.checkpoint !== '0'))
        break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } while (Date.now() < deadline);
    return ready;
  }

  it('the worker is ready on its own port once it has projected the seed', async () => {
    const ready = await workerReadiness();
    expect(ready).toMatchObject({ status: 'ok', readModels: { store: 'postgres' } });
    expect(ready.processors.map((p: any) => p.lag)).toEqual(['0', '0']);
  });

  // One scenario, in order, as a holder and an operator would live it: each step needs the one before
  // (the session signed in, the instance killed), so they are one test, not tests relying on each other.
  it('a holder signs in through A with the callback on B, reads through both; A is SIGKILLed and B carries on: same session, one audit, one rate limit, both /metrics', async () => {
    expect((await workerReadiness()).status).toBe('ok');
    // A holder signs in through A while FranceConnect sends the callback to B, then reads through B and A.
    balancer.routeTo(a().url);
    const { callbackUrl } = await driveFranceConnect(balancer.url, 'camille', { jar });
    balancer.routeTo(b().url);
    const callback = await send(jar, callbackUrl);
    expect(callback.status).toBe(302);
    expect(jar.get(balancer.url, 'ledger_session')?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(balancer.routed.filter((r) => r.includes('/auth/franceconnect/login'))[0]).toContain(a().url);
    expect(balancer.routed.filter((r) => r.includes('/auth/franceconnect/callback'))[0]).toContain(b().url);

    const throughB = await balanceThrough(b());
    expect(throughB.status).toBe(200);
    expect(throughB.body.data.myPointsBalance).toMatchObject({ points: 10, capital: 12 });
    const throughA = await balanceThrough(a());
    expect(throughA.body.data.myPointsBalance.points).toBe(10);

    // Both /metrics show what each instance did.
    for (const instance of instances) {
      const text = await (await fetch(instance.metricsUrl)).text();
      expect(
        sample(text, 'ledger_graphql_request_duration_seconds_count', {
          operation: 'myPointsBalance',
          outcome: 'ok',
        }),
      ).toBe(1);
      expect(sample(text, 'ledger_active_sessions', {})).toBe(1);
    }
    const workerText = await (await fetch(`${workerUrl}/metrics`)).text();
    expect(sample(workerText, 'ledger_read_model_lag_events', { processor: 'licences' })).toBe(0);

    // A is SIGKILLed: the same session keeps working on B, which shows the consultations made through both.
    const killedAt = Date.now();
    const exit = await a().process.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const afterKill = await balanceThrough(b());
    figures.firstAnswerAfterKillMs = Date.now() - killedAt;
    expect(afterKill.status).toBe(200);
    expect(afterKill.body.data.myPointsBalance.points).toBe(10);
    // Three readings so far: B, A, then B again (each recorded before it was answered).
    expect(afterKill.body.data.myPointsBalance.consultations).toEqual(
      Array.from({ length: 3 }, () => ({ consultedBy: 'holder', operation: 'myPointsBalance' })),
    );
    figures.holderRequestsRefusedAfterKill = [afterKill].filter((r) => r.status !== 200).length;
    figures.consultationsShownAfterKill = afterKill.body.data.myPointsBalance.consultations.length;

    // The rate limit counted the requests sent to both instances.
    // 3 GraphQL requests of this session so far (2 through B, 1 through A): the limit has room for
    // HOLDER_LIMIT - 3 more, whichever instance they reach.
    const answers = [];
    for (let i = 0; i < HOLDER_LIMIT - 3 + 1; i += 1) answers.push(await balanceThrough(b()));
    expect(answers.slice(0, -1).map((r) => r.status)).toEqual(Array(HOLDER_LIMIT - 3).fill(200));
    const refused = answers[answers.length - 1];
    figures.holderLimit = HOLDER_LIMIT;
    figures.requestsAllowedAcrossInstances = 3 + answers.filter((r) => r.status === 200).length;
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    const text = await (await fetch(b().metricsUrl)).text();
    expect(sample(text, 'ledger_rate_limited_total', { caller: 'holder' })).toBe(1);

    // A staff reading through B is in the same audit, and B logs each request as a JSON line with its id.
    balancer.routeTo(b().url);
    const clerk = await fetchDevStaffToken(idps.staffIssuer, 'reader');
    const response = await fetch(`${balancer.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${clerk}`,
        'x-request-id': 'lb-req-0000000042',
      },
      body: JSON.stringify({ query: FILE, variables: { n: CAMILLE } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('lb-req-0000000042');
    // Written when the answer is sent: wait for it to come through the pipe.
    await b().process.waitFor(/"requestId":"lb-req-0000000042"/, 10_000);
    const line = b()
      .process.log.split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .find((entry) => entry.context === 'Request' && entry.message?.requestId === 'lb-req-0000000042');
    expect(line.message).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });

    const audit = new Client({ connectionString: database.url });
    await audit.connect();
    try {
      const { rows } = await audit.query(
        'SELECT consulted_by, role FROM ledger_state.consultations WHERE licence_number = $1 ORDER BY id',
        [CAMILLE],
      );
      // The holder's readings through B, A and B (the later ones were refused by the limit, before
      // any reading), then the reader's through B: one audit, whichever instance served.
      expect(rows.map((r) => r.role)).toEqual([
        ...Array(3 + HOLDER_LIMIT - 3).fill('HOLDER'),
        'LEDGER_READER',
      ]);
      expect(rows[rows.length - 1].consulted_by).toMatch(/^reader/);
    } finally {
      await audit.end();
    }
  });
});
