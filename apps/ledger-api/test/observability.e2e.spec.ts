import { fetchDevStaffToken } from '@ledger/auth';
import { graphql, startTestApi } from '../../../test/e2e/support/api-harness';
import { loginAsHolder } from '../../../test/e2e/support/holder-login';
import { sqliteProfile } from '../../../test/e2e/support/store-profiles';
import type { StartedApi } from '../src/start-api';

// Issue 14, items 5 and 6: the request id comes back in X-Request-Id and is the correlationId of
// the events the request caused; /metrics, on a port of its own, counts requests, commands and
// sessions.

const RECORD = `mutation Record($input: RecordInfractionInput!) { recordInfraction(input: $input) { version } }`;
const BALANCE = `query B($n: String!) { myPointsBalance(licenceNumber: $n, licenceNumberConfirmation: $n) { points } }`;

/** The value of one series in Prometheus's text format, whatever the order of its labels; NaN if absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const wanted = { service: 'api', ...labels };
    if (Object.keys(found).length === Object.keys(wanted).length && Object.entries(wanted).every(([k, v]) => found[k] === v)) {
      return Number(match[3]);
    }
  }
  return Number.NaN;
}

describe('what operators see of the API', () => {
  const stores = sqliteProfile();
  let api: StartedApi;
  let clerk: string;
  /** /metrics once started: the seed of the test holders already went through the commands. */
  let atStart: string;

  beforeAll(async () => {
    await stores.setUp();
    api = await startTestApi(stores.env({ LEDGER_TODAY: '2024-05-01', METRICS_PORT: '0' }));
    clerk = await fetchDevStaffToken(api.devIdentityProviders!.staffIssuer, 'clerk');
    atStart = await (await fetch(api.metricsUrl!)).text();
  });
  afterAll(async () => {
    await api?.close();
    await stores.tearDown();
  });

  const scrape = async () => (await fetch(api.metricsUrl!)).text();
  const record = (commandId: string, requestId?: string, offenceCode = 'RED_LIGHT') =>
    fetch(`${api.publicUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${clerk}`,
        ...(requestId ? { 'x-request-id': requestId } : {}),
      },
      body: JSON.stringify({
        query: RECORD,
        variables: {
          input: { commandId, licenceNumber: '150375100001', infractionId: commandId, offenceCode, committedOn: '2024-04-20' },
        },
      }),
    });

  it("returns the proxy's request id, and makes it the correlationId of the events the request caused", async () => {
    const response = await record('obs-1', 'edge-7f3a9c21-req');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('edge-7f3a9c21-req');
    const events = (await stores.licenceEvents('150375100001')).filter((e) => e.eventId.length > 0);
    const caused = events.filter((e) => e.metadata.correlationId === 'edge-7f3a9c21-req');
    expect(caused.map((e) => e.type)).toEqual(['InfractionRecorded']);
  });

  it('gives a request without an id (or with one that could not be ours) a fresh one', async () => {
    const a = (await record('obs-2')).headers.get('x-request-id');
    const b = (await record('obs-3', 'bad id\twith spaces')).headers.get('x-request-id');
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
    const events = await stores.licenceEvents('150375100001');
    expect(events.find((e) => e.metadata.correlationId === b)?.type).toBe('InfractionRecorded');
  });

  it('counts GraphQL requests by operation and outcome, and commands by outcome with the code of a refusal', async () => {
    const refused = await graphql(
      api,
      RECORD,
      { input: { commandId: 'obs-bad', licenceNumber: '999999999999', infractionId: 'x', offenceCode: 'RED_LIGHT', committedOn: '2024-04-20' } },
      { authorization: `Bearer ${clerk}` },
    );
    const code = refused.errors?.[0]?.extensions?.code;
    expect(code).toEqual(expect.any(String));
    const text = await scrape();
    const requests = 'ledger_graphql_request_duration_seconds_count';
    expect(sample(text, requests, { operation: 'recordInfraction', outcome: 'ok' })).toBe(3);
    expect(sample(text, requests, { operation: 'recordInfraction', outcome: String(code) })).toBe(1);
    const appended = { command: 'RecordInfraction', outcome: 'appended', code: '' };
    expect(sample(text, 'ledger_commands_total', appended) - sample(atStart, 'ledger_commands_total', appended)).toBe(3);
    expect(sample(text, 'ledger_commands_total', { command: 'RecordInfraction', outcome: 'refused', code: String(code) })).toBe(1);
  });

  it('shows the holders’ live sessions, and the read models when the worker runs in the process', async () => {
    const before = sample(await scrape(), 'ledger_active_sessions', {});
    const { cookieHeader } = await loginAsHolder(api.publicUrl, 'camille');
    expect((await graphql<any>(api, BALANCE, { n: '150375100001' }, { cookie: cookieHeader })).errors).toBeUndefined();
    const text = await scrape();
    expect(sample(text, 'ledger_active_sessions', {})).toBe(before + 1);
    expect(sample(text, 'ledger_read_model_processor_running', { processor: 'licences' })).toBe(1);
    expect(sample(text, 'ledger_graphql_request_duration_seconds_count', { operation: 'myPointsBalance', outcome: 'ok' })).toBe(1);
  });

  it('does not serve /metrics on the public port', async () => {
    expect(new URL(api.metricsUrl!).port).not.toBe(new URL(api.url).port);
    expect((await fetch(`${api.url}/metrics`)).status).toBe(404);
  });
});
