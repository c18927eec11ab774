import { performance } from 'node:perf_hooks';
import { positionToString, type EventStore } from '@ledger/event-store';
import {
  createIndexesSql,
  createTableSql,
  REBUILD_SUFFIX,
  type ReadModelDatabase,
} from '../sqlite/read-model-database';
import type { Projection } from './projection';

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

/**
 * Rebuilds a read model from zero: replays the whole log, in batches, into shadow tables
 * (`<table>__rebuild`) beside the live ones, then swaps them in one transaction that drops the live
 * tables, renames the shadow ones, builds the secondary indexes and sets the checkpoint.
 *
 * Why a swap rather than truncate-and-replay in one transaction: the live read model keeps serving
 * queries and following the log during the whole replay (each shadow batch is its own short
 * transaction, so the live processor's transactions interleave), readers switch from the old rows
 * to the new ones atomically, and a rebuild that fails leaves the live tables untouched. One long
 * transaction would hold the write lock for the whole replay (the live processor stalls, then fails
 * on its busy timeout) and could not await the store's reads on the shared connection.
 *
 * The swap only happens once the rebuild has reached the live checkpoint (it reads on otherwise), so
 * the checkpoint never moves back and a running processor simply skips what the rebuild covered.
 */
export class ReadModelRebuilder {
  private readonly rebuilding = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly database: ReadModelDatabase,
    private readonly projections: readonly Projection[],
  ) {}

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
    projection: Projection,
    { batchSize = 5000, onProgress }: RebuildOptions,
  ): Promise<RebuildReport> {
    const { database } = this;
    const started = performance.now();
    const shadow = database.tx(projection, 'rebuild');
    this.createShadowTables(projection);
    const bulk = projection.bulk?.();

    let total = Number(await this.store.headPosition());
    let position = 0n;
    let done = 0;
    const rate = () => Math.round((done * 1000) / Math.max(1, performance.now() - started));
    try {
      for (;;) {
        const events = await this.store.readAll({ after: position, maxCount: batchSize });
        if (events.length === 0) {
          if (bulk) database.transaction(() => bulk.flush(shadow));
          if (this.swap(projection, position)) break;
          // The live processor is ahead of what we read: the log grew meanwhile; read on. Unless it
          // is ahead of the log itself: then it was built from another log, and no replay can match.
          const live = database.checkpoint(projection.name);
          if (live > (await this.store.headPosition())) {
            throw new Error(
              `Read model "${projection.name}" is at position ${live.toString()}, beyond the head of the event log: ` +
                'it was built from another log. Point it at its own log, or delete its file and rebuild.',
            );
          }
          continue;
        }
        database.transaction(() => (bulk ? bulk.add(events, shadow) : projection.apply(events, shadow)));
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
      this.dropShadowTables(projection);
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

  /** Atomically puts the shadow tables in place of the live ones, unless the live read model is ahead. */
  private swap(projection: Projection, position: bigint): boolean {
    const { database } = this;
    return database.transaction(() => {
      if (database.checkpoint(projection.name) > position) return false;
      for (const table of projection.tables) {
        database.db.exec(`DROP TABLE IF EXISTS ${table.name}`);
        database.db.exec(`ALTER TABLE ${table.name}${REBUILD_SUFFIX} RENAME TO ${table.name}`);
        // Built once on the final rows: faster than maintaining them during the replay.
        for (const sql of createIndexesSql(table, table.name)) database.db.exec(sql);
      }
      database.writeCheckpoint(projection.name, position);
      return true;
    });
  }

  private createShadowTables(projection: Projection): void {
    this.database.transaction(() => {
      for (const table of projection.tables) {
        // Left over by a rebuild that crashed: start again from zero.
        this.database.db.exec(`DROP TABLE IF EXISTS ${table.name}${REBUILD_SUFFIX}`);
        this.database.db.exec(createTableSql(table, `${table.name}${REBUILD_SUFFIX}`));
      }
    });
  }

  private dropShadowTables(projection: Projection): void {
    try {
      this.database.transaction(() => {
        for (const table of projection.tables)
          this.database.db.exec(`DROP TABLE IF EXISTS ${table.name}${REBUILD_SUFFIX}`);
      });
    } catch {
      // The original error matters more; the next rebuild drops them anyway.
    }
  }
}
