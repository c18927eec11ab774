import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  describeStores,
  loadStoreConfig,
  openConfiguredEventStore,
  StoreConfigError,
} from '@ledger/application';
import { readModelStoreOptions, WorkerModule, workerApplicationModule } from '@ledger/worker';
import { installGracefulShutdown } from './shutdown/graceful-shutdown';

/**
 * The worker on its own (production runs it apart from the API; `npm start` may run it inside the
 * API's process instead). Environment: EVENT_STORE_PATH or ESDB_CONNECTION_STRING, READ_MODEL_PATH
 * or DATABASE_URL (and DATABASE_SCHEMA), LEDGER_TODAY; validated before anything opens.
 */
async function bootstrap(): Promise<void> {
  const stores = loadStoreConfig(process.env);
  const application = workerApplicationModule({
    eventStore: () => openConfiguredEventStore(stores.eventStore),
  });
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ application, ...readModelStoreOptions(stores.readModels) }),
  );
  // SIGTERM/SIGINT: the daily run and the batch in progress finish, then the stores close (shutdown/).
  installGracefulShutdown(app);
  new Logger('LedgerWorker').log(
    `Ledger worker started (${describeStores(stores)}): read models follow the event log; the daily run is scheduled.`,
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
