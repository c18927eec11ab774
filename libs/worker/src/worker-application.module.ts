import type { DynamicModule } from '@nestjs/common';
import { LedgerApplicationModule, type LedgerApplicationOptions } from '@ledger/application';
import { ReadModelDueLicenceFinder } from '@ledger/read-models';

/**
 * LedgerApplicationModule whose daily run finds due licences through the read model's index
 * (ReadModelDueLicenceFinder) instead of a scan of the log.
 *
 * Build it ONCE per process and pass the same object to every module that needs it (the API's
 * AppModule and WorkerModule.forRoot({ application })): Nest shares a dynamic module by reference,
 * so both then use one event store and one CommandBus.
 */
export function workerApplicationModule(options: LedgerApplicationOptions = {}): DynamicModule {
  return LedgerApplicationModule.forRoot({ ...options, dueLicenceFinder: ReadModelDueLicenceFinder });
}
