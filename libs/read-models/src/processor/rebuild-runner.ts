import { performance } from 'node:perf_hooks';
import { positionToString, type EventStore, type RecordedEvent } from '@ledger/event-store';

/**
 * Events read from the log at a time by a rebuild. A LetterIssued holds a whole letter (some 4 KB of
 * JSON, twice that as a JavaScript string): 5,000 of them in one batch, parsed, overflowed the CLI's
 * 160 MB heap on a log of 1 million holders; 1,000 keeps a batch near 20 MB.
 */
export const REBUILD_BATCH_EVENTS = 1000;

export interface RebuildProgress {
  projection: string;
  /** Events replayed so far. */
  done: number;
  /** Events in the log (its head when the rebuild started, or further if it grew meanwhile). */
  total: number;
  /** Events per second since the start. */
  rate: number;
  /** The last position replayed, as a decimal string. */
  position: string;
}

export interface RebuildOptions {
  /** Events read and applied per transaction. Default 5000. */
  batchSize?: number;
  /** Called after each batch (the CLI prints it). */
  onProgress?(progress: RebuildProgress): void;
}

export interface RebuildReport {
  projection: string;
  events: number;
  /** The checkpoint the rebuilt read model took over from, as a decimal string. */
  position: string;
  elapsedMs: number;
  rate: number;
}

/** One rebuild's writes into a projection's shadow tables: each call is one transaction of its own. */
export interface ShadowWriter {
  /** Applies a batch, or hands it to the projection's bulk apply. */
  write(events: readonly RecordedEvent[]): Promise<void>;
  /** Before the swap: writes what a bulk apply still holds. */
  flush(): Promise<void>;
}

/**
 * Rebuilds a read model from zero: replays the whole log, batch after batch (each its own short
 * transaction), into shadow tables (`<table>__rebuild`) beside the live ones, then swaps them in
 * ONE transaction. The live read model keeps serving queries and following the log during the
 * whole replay, readers switch from the old rows to the new ones atomically, and a rebuild that
 * fails leaves the live tables untouched. Each store says how it creates, fills, swaps and drops
 * the shadow tables.
 *
 * The swap only happens once the rebuild has reached the live checkpoint (it reads on otherwise), so
 * the checkpoint never moves back and a running processor simply skips what the rebuild covered.
 */
export abstract class RebuildRunner<P extends { readonly name: string }> {
  private readonly rebuilding = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly projections: readonly P[],
  ) {}

  /** Drops what a crashed rebuild left behind, and creates the projection's empty shadow tables. */
  protected abstract createShadowTables(projection: P): Promise<void>;
  protected abstract shadowWriter(projection: P): ShadowWriter;
  /** Atomically puts the shadow tables in place of the live ones, unless the live read model is ahead. */
  protected abstract swap(projection: P, position: bigint): Promise<boolean>;
  protected abstract liveCheckpoint(projection: P): Promise<bigint>;
  /** Never throws: the rebuild's own error matters more, and the next rebuild drops them anyway. */
  protected abstract dropShadowTables(projection: P): Promise<void>;
  /** How an operator discards a read model built from another log, e.g. 'delete its file'. */
  protected abstract readonly discardAdvice: string;

  async rebuild(projectionName: string, options: RebuildOptions = {}): Promise<RebuildReport> {
    const projection = this.projections.find((candidate) => candidate.name === projectionName);
    if (!projection) {
      throw new Error(
        `No read model named "${projectionName}" (known: ${this.projections.map((p) => p.name).join(', ') || 'none'}).`,
      );
    }
    if (this.rebuilding.has(projectionName))
      throw new Error(`Read model "${projectionName}" is already being rebuilt.`);
    this.rebuilding.add(projectionName);
    try {
      return await this.replay(projection, options);
    } finally {
      this.rebuilding.delete(projectionName);
    }
  }

  private async replay(
    projection: P,
    { batchSize = REBUILD_BATCH_EVENTS, onProgress }: RebuildOptions,
  ): Promise<RebuildReport> {
    const started = performance.now();
    await this.createShadowTables(projection);
    const shadow = this.shadowWriter(projection);

    let total = Number(await this.store.headPosition());
    let position = 0n;
    let done = 0;
    const rate = () => Math.round((done * 1000) / Math.max(1, performance.now() - started));
    try {
      for (;;) {
        const events = await this.store.readAll({ after: position, maxCount: batchSize });
        if (events.length === 0) {
          await shadow.flush();
          if (await this.swap(projection, position)) break;
          // The live processor is ahead of what we read: the log grew meanwhile; read on. Unless it
          // is ahead of the log itself: then it was built from another log, and no replay can match.
          const live = await this.liveCheckpoint(projection);
          if (live > (await this.store.headPosition())) {
            throw new Error(
              `Read model "${projection.name}" is at position ${live.toString()}, beyond the head of the event log: ` +
                `it was built from another log. Point it at its own log, or ${this.discardAdvice} and rebuild.`,
            );
          }
          continue;
        }
        await shadow.write(events);
        position = events[events.length - 1].globalPosition;
        done += events.length;
        total = Math.max(total, Number(position));
        onProgress?.({
          projection: projection.name,
          done,
          total,
          rate: rate(),
          position: positionToString(position),
        });
      }
    } catch (error) {
      await this.dropShadowTables(projection);
      throw error;
    }
    const elapsedMs = Math.round(performance.now() - started);
    return {
      projection: projection.name,
      events: done,
      position: positionToString(position),
      elapsedMs,
      rate: rate(),
    };
  }
}
