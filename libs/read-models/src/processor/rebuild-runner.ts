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
  /** Events read and applied per transaction. Default REBUILD_BATCH_EVENTS (1,000). */
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
  /** Around a replay, e.g. to tune the connection for bulk writes and restore it after. */
  protected async replayStarting(): Promise<void> {}
  protected async replayEnded(): Promise<void> {}

  async rebuild(projectionName: string, options: RebuildOptions = {}): Promise<RebuildReport> {
    const [report] = await this.rebuildTogether([projectionName], options);
    return report;
  }

  /**
   * Rebuilds several read models in ONE pass over the log: each batch is read and decoded once and
   * handed to every one of them, rather than the log replayed once per read model. Each is swapped
   * in on its own as soon as it has reached its live checkpoint. Reports in the order of `names`.
   */
  async rebuildTogether(names: readonly string[], options: RebuildOptions = {}): Promise<RebuildReport[]> {
    const projections = names.map((name) => this.projectionNamed(name));
    const busy = names.filter((name, index) => this.rebuilding.has(name) || names.indexOf(name) !== index);
    if (busy.length > 0) throw new Error(`Read model "${busy[0]}" is already being rebuilt.`);
    for (const name of names) this.rebuilding.add(name);
    try {
      await this.replayStarting();
      try {
        const reports = await this.replay(projections, options);
        return names.map((name) => reports.get(name)!);
      } finally {
        await this.replayEnded();
      }
    } finally {
      for (const name of names) this.rebuilding.delete(name);
    }
  }

  private projectionNamed(name: string): P {
    const projection = this.projections.find((candidate) => candidate.name === name);
    if (!projection) {
      throw new Error(
        `No read model named "${name}" (known: ${this.projections.map((p) => p.name).join(', ') || 'none'}).`,
      );
    }
    return projection;
  }

  private async replay(
    projections: readonly P[],
    { batchSize = REBUILD_BATCH_EVENTS, onProgress }: RebuildOptions,
  ): Promise<Map<string, RebuildReport>> {
    const started = performance.now();
    const label = projections.map((projection) => projection.name).join(', ');
    const reports = new Map<string, RebuildReport>();
    let pending: Array<{ projection: P; shadow: ShadowWriter }> = [];
    let total = Number(await this.store.headPosition());
    let position = 0n;
    let done = 0;
    const rate = () => Math.round((done * 1000) / Math.max(1, performance.now() - started));
    // The batch being written: the next one is read and decoded meanwhile, so that a database
    // server's work on the writes overlaps this process's. Settles with the writes' first error.
    let writing: Promise<{ error: unknown } | undefined> = Promise.resolve(undefined);
    let reported = 0;
    const written = async () => {
      const failure = await writing;
      if (failure !== undefined) throw failure.error;
      if (done === reported) return;
      reported = done;
      onProgress?.({ projection: label, done, total, rate: rate(), position: positionToString(position) });
    };
    try {
      for (const projection of projections) {
        await this.createShadowTables(projection);
        pending.push({ projection, shadow: this.shadowWriter(projection) });
      }
      for (;;) {
        const events = await this.store.readAll({ after: position, maxCount: batchSize });
        await written();
        if (events.length === 0) {
          pending = await this.swapWhereCaughtUp(pending, position, (projection) =>
            reports.set(projection.name, {
              projection: projection.name,
              events: done,
              position: positionToString(position),
              elapsedMs: Math.round(performance.now() - started),
              rate: rate(),
            }),
          );
          if (pending.length === 0) break;
          continue;
        }
        writing = settled(pending.map(({ shadow }) => shadow.write(events)));
        position = events[events.length - 1].globalPosition;
        done += events.length;
        total = Math.max(total, Number(position));
      }
    } catch (error) {
      await writing;
      for (const { projection } of pending) await this.dropShadowTables(projection);
      throw error;
    }
    return reports;
  }

  /**
   * Flushes and swaps in each read model whose live processor is not ahead of `position`; returns
   * the others, which read on (the log grew meanwhile). Unless a live read model is ahead of the log
   * itself: then it was built from another log, and no replay can match.
   */
  private async swapWhereCaughtUp(
    pending: ReadonlyArray<{ projection: P; shadow: ShadowWriter }>,
    position: bigint,
    swapped: (projection: P) => void,
  ): Promise<Array<{ projection: P; shadow: ShadowWriter }>> {
    const behind: Array<{ projection: P; shadow: ShadowWriter }> = [];
    for (const entry of pending) {
      await entry.shadow.flush();
      if (await this.swap(entry.projection, position)) swapped(entry.projection);
      else behind.push(entry);
    }
    for (const { projection } of behind) {
      const live = await this.liveCheckpoint(projection);
      if (live > (await this.store.headPosition())) {
        throw new Error(
          `Read model "${projection.name}" is at position ${live.toString()}, beyond the head of the event log: ` +
            `it was built from another log. Point it at its own log, or ${this.discardAdvice} and rebuild.`,
        );
      }
    }
    return behind;
  }
}

/** Waits for all the writes, and resolves with the first one's error (wrapped), never rejects. */
async function settled(writes: ReadonlyArray<Promise<void>>): Promise<{ error: unknown } | undefined> {
  const outcomes = await Promise.allSettled(writes);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  return failed ? { error: failed.reason } : undefined;
}
