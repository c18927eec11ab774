import type { EventStore, RecordedEvent } from '@ledger/event-store';
import type { ReadModelDatabase } from '../sqlite/read-model-database';
import { CheckpointedRunner, type ProcessorOptions } from './checkpointed-runner';
import type { Projection } from './projection';

export { CheckpointMovedBackError, type ProcessorLogger, type ProcessorOptions } from './checkpointed-runner';

/**
 * Runs one SQLite projection from the event log, as CheckpointedRunner describes (CONVENTIONS 6;
 * anchor: emmett `emmett-sqlite/.../storeProcessorCheckpoint.ts`): each batch is ONE IMMEDIATE
 * SQLite transaction that re-reads the checkpoint, skips what is at or below it, applies the rest
 * and writes the checkpoint; a failure rolls back rows and checkpoint together.
 */
export class CheckpointedProcessor extends CheckpointedRunner {
  constructor(
    store: EventStore,
    protected readonly database: ReadModelDatabase,
    readonly projection: Projection,
    options: ProcessorOptions = {},
  ) {
    super(store, projection.name, options);
  }

  /** The stored checkpoint: the position up to which the read model holds every event. */
  checkpoint(): bigint {
    return this.database.checkpoint(this.name);
  }

  /**
   * Creates the tables (a failure rejects: a local file does not get better by waiting), then
   * subscribes from the stored checkpoint. Events are applied in the background.
   */
  override async start(): Promise<void> {
    if (!this.isRunning) this.database.ensureTables(this.projection);
    await super.start();
  }

  /**
   * One batch, one transaction: skip what is at or below the stored checkpoint, apply the rest,
   * write the new checkpoint. Returns the checkpoint after the batch. Synchronous throughout: a
   * better-sqlite3 transaction commits when its function returns, so an await inside would commit
   * the checkpoint without the rows.
   */
  applyBatch(events: readonly RecordedEvent[]): bigint {
    if (events.length === 0) return this.checkpoint();
    const checkpoint = this.database.transaction(() => {
      const stored = this.database.checkpoint(this.name);
      const fresh = this.unapplied(events, stored);
      if (fresh.length === 0) return stored;
      this.projection.apply(fresh, this.database.tx(this.projection));
      const last = fresh[fresh.length - 1].globalPosition;
      this.database.writeCheckpoint(this.name, last);
      return last;
    });
    return this.committed(events, checkpoint);
  }

  protected describeCheckpoint(): string {
    try {
      return this.checkpoint().toString();
    } catch {
      return '?';
    }
  }
}
