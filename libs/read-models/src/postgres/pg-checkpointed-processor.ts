import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { CheckpointedRunner, type ProcessorOptions } from '../processor/checkpointed-runner';
import type { PgProjection } from './pg-projection';
import type { PgReadModelDatabase } from './pg-read-model-database';

/**
 * Runs one PostgreSQL projection from the event log, with the guarantees and the API of the SQLite
 * CheckpointedProcessor (CONVENTIONS 6; the loop is CheckpointedRunner's):
 *
 * - applies each batch in ONE transaction on one pooled client: BEGIN, lock the checkpoint row
 *   (SELECT … FOR UPDATE: a second processor on the same database waits, then sees the new
 *   checkpoint), skip what is at or below it, apply the rest, UPDATE the checkpoint, COMMIT. Any
 *   failure, a database error included, rolls rows and checkpoint back together;
 * - makes sure its tables exist before each subscription, and reads the checkpoint to resubscribe
 *   from: while the server is still down that fails and backs off again, and the pg.Pool connects
 *   afresh once it is back.
 *
 * A COMMIT whose answer was lost with the connection may have committed: the processor does not
 * assume either way, it resubscribes from whatever checkpoint is stored, so the batch is applied
 * exactly once in both cases.
 */
export class PgCheckpointedProcessor extends CheckpointedRunner {
  /** The last checkpoint this instance read or committed: for messages when the database is unreachable. */
  private lastKnown: bigint | undefined;

  constructor(
    store: EventStore,
    protected readonly database: PgReadModelDatabase,
    readonly projection: PgProjection,
    options: ProcessorOptions = {},
  ) {
    super(store, projection.name, options);
  }

  /** The stored checkpoint: the position up to which the read model holds every event. */
  async checkpoint(): Promise<bigint> {
    const checkpoint = await this.database.checkpoint(this.name);
    this.lastKnown = checkpoint;
    return checkpoint;
  }

  /**
   * One batch, one transaction: lock and read the checkpoint, skip what is at or below it, apply the
   * rest, write the new checkpoint. Resolves to the checkpoint after the batch.
   */
  async applyBatch(events: readonly RecordedEvent[]): Promise<bigint> {
    if (events.length === 0) return this.checkpoint();
    const checkpoint = await this.database.transaction(async (client) => {
      const stored = await this.database.lockCheckpoint(client, this.name);
      const fresh = this.unapplied(events, stored);
      if (fresh.length === 0) return stored;
      await this.projection.apply(fresh, this.database.tx(this.projection, client));
      const last = fresh[fresh.length - 1].globalPosition;
      await this.database.writeCheckpoint(client, this.name, last);
      return last;
    });
    this.lastKnown = checkpoint;
    return this.committed(events, checkpoint);
  }

  protected override prepare(): Promise<void> {
    return this.database.ensureTables(this.projection);
  }

  protected describeCheckpoint(): string {
    return this.lastKnown?.toString() ?? '?';
  }
}
