import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { ReadModelStore } from '@ledger/read-models';
import { RequestDrain } from '../../apps/ledger-api/src/health/request-drain';
import type { StartedApi } from '../../apps/ledger-api/src/start-api';
import { ApiDataDir } from '../e2e/support/api-harness';
import { startQuietApi } from './support/quiet-api';

// Issue 6, item 5: liveness and readiness (@nestjs/terminus) reflect the event store and the read
// models; readiness also goes down when a shutdown begins. GET /health stays as it was.

interface HealthBody {
  status: string;
  info?: Record<string, { status: string } & Record<string, unknown>>;
  error?: Record<string, { status: string } & Record<string, unknown>>;
  details: Record<string, { status: string } & Record<string, unknown>>;
}

const get = async (api: StartedApi, path: string) => {
  const response = await fetch(`${api.publicUrl}${path}`);
  return { status: response.status, body: (await response.json()) as HealthBody };
};

describe('liveness and readiness', () => {
  const data = new ApiDataDir();
  let api: StartedApi;
  beforeAll(async () => {
    api = await startQuietApi(data.env({ LEDGER_TODAY: '2024-07-01' }));
  }, 60_000);
  afterAll(async () => {
    await api.close();
    data.remove();
  });

  test('ready: the event store answers with its head, the read models with their checkpoints and lag, the processors run', async () => {
    const { status, body } = await get(api, '/health/ready');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.details.eventStore).toMatchObject({ status: 'up', head: expect.stringMatching(/^\d+$/) });
    expect(body.details.readModel).toMatchObject({ status: 'up', store: 'sqlite', workerInProcess: true });
    const processors = body.details.readModel.processors as {
      name: string;
      checkpoint: string;
      lag: string;
      running: boolean;
    }[];
    expect(processors.map((p) => p.name).sort()).toEqual(['letters', 'licences']);
    expect(processors.every((p) => p.running && /^\d+$/.test(p.checkpoint) && /^\d+$/.test(p.lag))).toBe(
      true,
    );
    expect(body.details.requests).toMatchObject({ status: 'up' });
    // And the original endpoint is as it was.
    expect((await get(api, '/health')).body).toEqual({
      status: 'ok',
      eventStore: { head: body.details.eventStore.head },
    });
  });

  test('live answers whatever the stores do; ready goes down with the read models, then with the event store', async () => {
    expect((await get(api, '/health/live')).body).toMatchObject({
      status: 'ok',
      details: { process: { status: 'up' } },
    });

    // The read-model database goes away (ReadModelStore: the token both read-model modules provide).
    (api.app.get(ReadModelStore) as unknown as { close(): void }).close();
    const readModelDown = await get(api, '/health/ready');
    expect(readModelDown.status).toBe(503);
    expect(readModelDown.body.error?.readModel).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/closed/),
    });
    expect(readModelDown.body.details.eventStore.status).toBe('up');

    await api.app.get<EventStore>(EVENT_STORE).close();
    const bothDown = await get(api, '/health/ready');
    expect(bothDown.status).toBe(503);
    expect(bothDown.body.error?.eventStore).toMatchObject({ status: 'down' });

    const live = await get(api, '/health/live');
    expect(live.status).toBe(200);
  });
});

describe('readiness during a shutdown', () => {
  const data = new ApiDataDir();
  let api: StartedApi;
  beforeAll(async () => {
    api = await startQuietApi(data.env({ LEDGER_TODAY: '2024-07-01', SEED_DEV_DATA: 'false' }));
  }, 60_000);
  afterAll(async () => {
    await api.close();
    data.remove();
  });

  test('once draining: ready is 503 (requests: down), live stays 200, any other request gets 503 SHUTTING_DOWN', async () => {
    const drain = api.app.get(RequestDrain);
    // Draining without closing the listener, so that this test can still ask.
    const report = await drain.drain(undefined, 1000);
    expect(report).toMatchObject({ drained: true, abandoned: 0 });
    const ready = await get(api, '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error?.requests).toMatchObject({
      status: 'down',
      message: expect.stringMatching(/shutting down/),
    });
    expect((await get(api, '/health/live')).status).toBe(200);
    const graphql = await fetch(`${api.publicUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(graphql.status).toBe(503);
    expect(graphql.headers.get('connection')).toBe('close');
    expect(await graphql.json()).toMatchObject({ errors: [{ extensions: { code: 'SHUTTING_DOWN' } }] });
  });
});
