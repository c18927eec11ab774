import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

/**
 * The worker on its own (production runs it apart from the API; `npm start` may run it inside the
 * API's process instead). Environment: EVENT_STORE_PATH, READ_MODEL_PATH, LEDGER_TODAY.
 */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot());
  // SIGTERM/SIGINT: the batch in progress commits, then the stores close.
  app.enableShutdownHooks();
  new Logger('LedgerWorker').log(
    'Ledger worker started: read models follow the event log; the daily run is scheduled.',
  );
}

bootstrap().catch((error: unknown) => {
  new Logger('LedgerWorker').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
