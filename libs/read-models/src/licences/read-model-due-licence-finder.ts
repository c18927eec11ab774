import { Inject, Injectable } from '@nestjs/common';
import { DueLicenceFinder } from '@ledger/application';
import type { CalendarDate } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import type { ReadModelProcessor } from '../processor/read-model-processors';
import { LicenceReadModelQueries } from './licence-read-model';

export const LICENCE_PROCESSOR = Symbol('LICENCE_PROCESSOR');
export const DUE_LICENCE_CATCH_UP_TIMEOUT_MS = Symbol('DUE_LICENCE_CATCH_UP_TIMEOUT_MS');

/**
 * The daily run's finder: licences whose next decision date has come, through the index of the
 * licence read model, instead of a scan of every stream. The same on both stores: ReadModelsModule
 * (SQLite) and PostgresReadModelsModule provide it, each with its queries and licence processor.
 *
 * The index is only as fresh as its checkpoint, and a licence issued (or changed) a moment ago must
 * not be missed: it first waits until the read model holds every event appended before the run
 * started, and fails the run (which is safe to start again) if it does not get there in time.
 * Lives here, implementing the application's port, so that the application never imports read models.
 */
@Injectable()
export class ReadModelDueLicenceFinder extends DueLicenceFinder {
  constructor(
    private readonly queries: LicenceReadModelQueries,
    @Inject(LICENCE_PROCESSOR) private readonly processor: ReadModelProcessor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DUE_LICENCE_CATCH_UP_TIMEOUT_MS) private readonly catchUpTimeoutMs: number,
  ) {
    super();
  }

  async *findDue(asOf: CalendarDate): AsyncIterable<string> {
    await this.processor.waitForPosition(await this.store.headPosition(), this.catchUpTimeoutMs);
    yield* await this.queries.findDue(asOf);
  }
}
