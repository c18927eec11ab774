import type { INestApplicationContext } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { type LedgerMetrics, type OpsServer, portSetting, startOpsServer } from '@ledger/observability';
import { ReadModelProcessors, ReadModelStore, type ReadModelProcessor } from '@ledger/read-models';
import { LettersWorkflowRunner } from '@ledger/read-models/letters';
import { readProcessorProgress, workerReadiness } from '@ledger/worker';

/** WORKER_PORT: 9465 in production; elsewhere only when set (0: any free port). */
export const DEFAULT_WORKER_PORT = 9465;

export function workerOpsAddress(env: NodeJS.ProcessEnv): { port: number; host: string } | null {
  const production = env.NODE_ENV === 'production';
  if (!env.WORKER_PORT?.trim() && !production) return null;
  return {
    port: portSetting(env, 'WORKER_PORT', DEFAULT_WORKER_PORT),
    host: env.WORKER_HOST?.trim() || (production ? '0.0.0.0' : '127.0.0.1'),
  };
}

const json = (status: number, body: unknown) => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

/**
 * The worker's operations port: `/health/live` (the process answers), `/health/ready` (stores
 * answer, every processor runs, checkpoints and lag; 503 otherwise) and `/metrics`. The worker
 * serves nothing else, and this port is for the orchestrator and Prometheus only.
 */
export async function startWorkerOps(
  app: INestApplicationContext,
  metrics: LedgerMetrics,
  address: { port: number; host: string },
  options: { maxLag?: number } = {},
): Promise<OpsServer> {
  const store = app.get<EventStore>(EVENT_STORE);
  const database = app.get(ReadModelStore);
  const processors = app.get<ReadModelProcessors<ReadModelProcessor>>(ReadModelProcessors);
  const letters = app.get(LettersWorkflowRunner);
  metrics.watchReadModels(async () => (await readProcessorProgress(store, processors)).processors);
  return startOpsServer(
    {
      '/health/live': async () =>
        json(200, { status: 'ok', pid: process.pid, uptimeSeconds: Math.round(process.uptime()) }),
      '/health/ready': async () => {
        const readiness = await workerReadiness(store, database, processors, {
          maxLag: options.maxLag,
          workflows: [letters],
        });
        return json(readiness.status === 'ok' ? 200 : 503, readiness);
      },
      '/metrics': async () => {
        const { contentType, body } = await metrics.exposition();
        return { status: 200, contentType, body };
      },
    },
    address,
  );
}
