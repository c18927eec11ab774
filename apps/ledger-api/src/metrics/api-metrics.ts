import type { INestApplication } from '@nestjs/common';
import type { AuthStateStore } from '@ledger/auth';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { type LedgerMetrics, type OpsServer, portSetting, startOpsServer } from '@ledger/observability';
import { ReadModelProcessors, type ReadModelProcessor } from '@ledger/read-models';
import { readProcessorProgress } from '@ledger/worker';

/** METRICS_PORT: 9464 in production; elsewhere only when set (0: any free port). */
export const DEFAULT_METRICS_PORT = 9464;

/**
 * Where /metrics is served: a port of its own, never the API's public one, so that the reverse
 * proxy (which forwards only PORT) never serves it to the internet.
 */
export function metricsAddress(env: NodeJS.ProcessEnv): { port: number; host: string } | null {
  const production = env.NODE_ENV === 'production';
  if (!env.METRICS_PORT?.trim() && !production) return null;
  return {
    port: portSetting(env, 'METRICS_PORT', DEFAULT_METRICS_PORT),
    host: env.METRICS_HOST?.trim() || (production ? '0.0.0.0' : '127.0.0.1'),
  };
}

/**
 * Registers the API's gauges (active sessions; the read models when the worker runs in this
 * process) and serves /metrics on its own port.
 */
export async function startApiMetrics(
  app: INestApplication,
  metrics: LedgerMetrics,
  authState: AuthStateStore,
  { workerInProcess, address }: { workerInProcess: boolean; address: { port: number; host: string } | null },
): Promise<OpsServer | null> {
  metrics.watchActiveSessions(() => authState.countLiveSessions());
  if (workerInProcess) {
    const store = app.get<EventStore>(EVENT_STORE);
    const processors = app.get<ReadModelProcessors<ReadModelProcessor>>(ReadModelProcessors);
    metrics.watchReadModels(async () => (await readProcessorProgress(store, processors)).processors);
  }
  if (!address) return null;
  return startOpsServer(
    {
      '/metrics': async () => {
        const { contentType, body } = await metrics.exposition();
        return { status: 200, contentType, body };
      },
    },
    address,
  );
}
