import 'reflect-metadata';
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  describeStores,
  loadStoreConfig,
  openConfiguredEventStore,
  StoreConfigError,
} from '@ledger/application';
import { LedgerMetrics, ObservabilityModule, ledgerLogger } from '@ledger/observability';
import { readModelStoreOptions, WorkerModule, workerApplicationModule } from '@ledger/worker';
import { installGracefulShutdown } from './shutdown/graceful-shutdown';
import { startWorkerOps, workerOpsAddress } from './worker-ops';

/** The worker process: the worker's wiring and this process's metrics. */
@Module({})
class WorkerProcessModule {}

/**
 * The worker on its own (production runs it apart from the API; `npm start` may run it inside the
 * API's process instead). Environment: EVENT_STORE_PATH or ESDB_CONNECTION_STRING, READ_MODEL_PATH
 * or DATABASE_URL (and DATABASE_SCHEMA), LEDGER_TODAY, WORKER_PORT, LOG_FORMAT; validated before
 * anything opens.
 */
async function bootstrap(): Promise<void> {
  const stores = loadStoreConfig(process.env);
  const ops = workerOpsAddress(process.env);
  const maxLagRaw = process.env.HEALTH_MAX_READ_MODEL_LAG?.trim();
  if (maxLagRaw && !/^\d+$/.test(maxLagRaw)) {
    throw new Error(
      `HEALTH_MAX_READ_MODEL_LAG must be a whole number of events (got ${JSON.stringify(maxLagRaw)}).`,
    );
  }
  const metrics = new LedgerMetrics('worker');
  const application = workerApplicationModule({
    eventStore: () => openConfiguredEventStore(stores.eventStore),
  });
  const app = await NestFactory.createApplicationContext(
    {
      module: WorkerProcessModule,
      imports: [
        ObservabilityModule.forRoot(metrics),
        WorkerModule.forRoot({ application, ...readModelStoreOptions(stores.readModels) }),
      ],
    },
    { logger: ledgerLogger(process.env) },
  );
  const server = ops
    ? await startWorkerOps(app, metrics, ops, { maxLag: maxLagRaw ? Number(maxLagRaw) : undefined })
    : null;
  // SIGTERM/SIGINT: the daily run and the batch in progress finish, then the stores close (shutdown/).
  installGracefulShutdown(app);
  new Logger('LedgerWorker').log(
    `Ledger worker started (${describeStores(stores)}): read models follow the event log; the daily run is scheduled.` +
      (server ? ` Health and metrics on ${server.url}/health/ready and ${server.url}/metrics.` : ''),
  );
}

bootstrap().catch((error: unknown) => {
  // A configuration error says all there is to say; anything else comes with its stack.
  const text =
    error instanceof StoreConfigError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  new Logger('LedgerWorker').error(text);
  process.exitCode = 1;
});
