import { performance } from 'node:perf_hooks';
import { positionToString, type EventStore, type RecordedEvent } from '@ledger/event-store';
import type { PgProjection } from '../postgres/pg-projection';
import type { PgReadModelDatabase } from '../postgres/pg-read-model-database';
import { PgReadModelRebuilder } from '../postgres/pg-read-model-rebuilder';
import { REBUILD_BATCH_EVENTS, type RebuildReport } from '../processor/rebuild-runner';
import {
  checkPartition,
  partitionCheckpointName,
  partitionOfStream,
  type StreamPartition,
} from './stream-partition';
import { readFiltered } from './read-partition';

/** Events a partition holds before it writes them with its checkpoint (the licence projection's bulk size). */
const EVENTS_PER_CHECKPOINT = 20_000;

export interface PartitionReport {
  projection: string;
  partition: StreamPartition;
  /** Events of the log read (the last batch may read a little past upTo), and those of this partition's licences applied. */
  read: number;
  applied: number;
  upTo: string;
  elapsedMs: number;
}

/**
 * A rebuild split by licence (partitionOfStream) among N workers, each usually a process of its own,
 * all writing into the same shadow tables: `prepare` creates them and fixes the position the
 * partitions replay up to; each `replayPartition` reads the log up to it, applies its licences'
 * events and commits its own checkpoint in the same transaction as its rows; `finish`, once every
 * partition's checkpoint has reached that position, catches up with what was appended meanwhile
 * and swaps the tables in, as an ordinary rebuild does (PgReadModelRebuilder).
 *
 * Licences are independent of one another in these read models (a licence's rows and letters come
 * from its own two streams only), which is what makes the split exact.
 */
export class PgPartitionedRebuilder extends PgReadModelRebuilder {
  constructor(
    private readonly events: EventStore,
    database: PgReadModelDatabase,
    private readonly all: readonly PgProjection[],
  ) {
    super(events, database, all);
  }

  /** Fresh shadow tables and partition checkpoints; returns the position every partition replays up to. */
  async prepare(name: string, count: number): Promise<bigint> {
    const projection = this.projection(name);
    await this.createShadowTables(projection);
    await this.database.transaction(async (client) => {
      for (let index = 0; index < count; index++) {
        const checkpoint = partitionCheckpointName(name, { index, count });
        await this.database.lockCheckpoint(client, checkpoint);
        await this.database.writeCheckpoint(client, checkpoint, 0n);
      }
    });
    return this.events.headPosition();
  }

  async replayPartition(
    name: string,
    partition: StreamPartition,
    upTo: bigint,
    batchSize = REBUILD_BATCH_EVENTS,
  ): Promise<PartitionReport> {
    checkPartition(partition);
    const projection = this.projection(name);
    const checkpoint = partitionCheckpointName(name, partition);
    const started = performance.now();
    const bulk = projection.bulk?.();
    let held: RecordedEvent[] = [];
    let heldCount = 0;
    let position = await this.database.checkpoint(checkpoint);
    let read = 0;
    let applied = 0;
    const commit = (events: readonly RecordedEvent[], through: bigint) =>
      this.database.transaction(async (client) => {
        const shadow = this.database.tx(projection, client, 'rebuild');
        if (bulk) await bulk.flush(shadow);
        else if (events.length > 0) await projection.apply(events, shadow);
        await this.database.lockCheckpoint(client, checkpoint);
        await this.database.writeCheckpoint(client, checkpoint, through);
      });
    // The last write in flight: the next batch is read and decoded meanwhile, so that the server's
    // work overlaps this process's. Settles with the write's error, never rejects.
    let writing: Promise<{ error: unknown } | undefined> = Promise.resolve(undefined);
    const inBackground = (write: Promise<void>) => {
      writing = write.then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
    };
    const written = async () => {
      const failure = await writing;
      if (failure !== undefined) throw failure.error;
    };
    const keep = (streamId: string) => partitionOfStream(streamId, partition.count) === partition.index;
    while (position < upTo) {
      // The other partitions' events are skipped before they are decoded.
      const batch = await readFiltered(this.events, position, batchSize, keep);
      await written();
      if (batch.scanned === 0) break;
      const mine: RecordedEvent[] = [];
      for (const event of batch.events) {
        if (event.globalPosition > upTo) break;
        mine.push(event);
      }
      read += batch.scanned;
      position = batch.scannedUpTo < upTo ? batch.scannedUpTo : upTo;
      heldCount += mine.length;
      applied += mine.length;
      // Without a bulk apply the rows are written at each checkpoint, in log order.
      if (bulk) {
        if (mine.length > 0)
          inBackground(
            this.database.transaction((client) =>
              bulk.add(mine, this.database.tx(projection, client, 'rebuild')),
            ),
          );
      } else held = held.concat(mine);
      if (heldCount >= EVENTS_PER_CHECKPOINT) {
        await written();
        inBackground(commit(held, position));
        held = [];
        heldCount = 0;
      }
    }
    await written();
    await commit(held, position);
    return {
      projection: name,
      partition,
      read,
      applied,
      upTo: positionToString(position),
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  /**
   * Once every partition has reached `upTo`: what was appended since, applied in one partition,
   * then the swap (read on and swap again while the live read model is ahead, as RebuildRunner).
   */
  async finish(name: string, count: number, upTo: bigint, started: number): Promise<RebuildReport> {
    const projection = this.projection(name);
    for (let index = 0; index < count; index++) {
      const reached = await this.database.checkpoint(partitionCheckpointName(name, { index, count }));
      if (reached !== upTo) {
        await this.dropShadowTables(projection);
        throw new Error(
          `Partition ${index} of ${count} of the rebuild of "${name}" stopped at ${reached}, not ${upTo}: the rebuild was not swapped in; run it again.`,
        );
      }
    }
    let position = upTo;
    let events = Number(upTo);
    for (;;) {
      const batch = await this.events.readAll({ after: position, maxCount: 5000 });
      if (batch.length === 0) {
        if (await this.swap(projection, position)) break;
        if ((await this.liveCheckpoint(projection)) > (await this.events.headPosition()))
          throw new Error(
            `Read model "${name}" is beyond the head of the event log: it was built from another log.`,
          );
        continue;
      }
      await this.database.transaction((client) =>
        projection.apply(batch, this.database.tx(projection, client, 'rebuild')),
      );
      position = batch[batch.length - 1].globalPosition;
      events += batch.length;
    }
    await this.database.transaction(async (client) => {
      await client.query(`DELETE FROM ${this.database.checkpoints} WHERE processor LIKE $1`, [
        `${name}#rebuild-%`,
      ]);
    });
    const elapsedMs = Math.round(performance.now() - started);
    return {
      projection: name,
      events,
      position: positionToString(position),
      elapsedMs,
      rate: Math.round((events * 1000) / Math.max(1, elapsedMs)),
    };
  }

  private projection(name: string): PgProjection {
    const projection = this.all.find((candidate) => candidate.name === name);
    if (!projection)
      throw new Error(`No read model named "${name}" (known: ${this.all.map((p) => p.name).join(', ')}).`);
    return projection;
  }
}
