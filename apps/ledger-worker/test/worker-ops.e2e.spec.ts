import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../test/e2e/support/api-harness';
import { ChildService, WORKER_ENTRY } from '../../../test/reliability/support/child-service';

// Issue 14, item 4: the worker is a process of its own, with a port of its own (WORKER_PORT) for
// its health and its metrics, which docker compose's health check and Prometheus use.

describe('the worker process answers on its own port', () => {
  let dir: string;
  let worker: ChildService | undefined;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-worker-ops-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    worker = ChildService.start(WORKER_ENTRY, {
      EVENT_STORE_PATH: join(dir, 'events.sqlite'),
      READ_MODEL_PATH: join(dir, 'read-model.sqlite'),
      LEDGER_TODAY: '2024-05-01',
      WORKER_PORT: String(port),
    });
    await worker.waitFor(/Health and metrics on/, 45_000);
  });
  afterAll(async () => {
    if (worker?.running) await worker.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is live, and ready once every processor follows the log, with each checkpoint and lag', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as {
      status: string;
      processors: { name: string; running: boolean; lag: string }[];
    };
    expect(body.status).toBe('ok');
    expect(body.processors.map((p) => p.name).sort()).toEqual(['letters', 'licences']);
    expect(body.processors.every((p) => p.running && p.lag === '0')).toBe(true);
    expect((body as unknown as { workflows: unknown[] }).workflows).toEqual([
      { name: 'letters-workflow', running: true, checkpoint: expect.any(String), halted: null },
    ]);
  });

  it('exports its metrics: the daily run it made at start-up, and each processor', async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^ledger_daily_runs_total\{outcome="completed",service="worker"\} 1$/m);
    expect(text).toMatch(/^ledger_read_model_processor_running\{processor="licences",service="worker"\} 1$/m);
    expect(text).toMatch(/^ledger_read_model_lag_events\{processor="letters",service="worker"\} 0$/m);
    expect(text).toMatch(/^ledger_letters_issued_total\{service="worker"\} 0$/m);
  });

  it('serves nothing else on that port', async () => {
    expect((await fetch(`${base}/graphql`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
  });

  it('exits cleanly on SIGTERM, and its port closes with it', async () => {
    const exit = worker!.stop('SIGTERM');
    expect((await exit).code).toBe(0);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });
});
