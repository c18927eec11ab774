import { performance } from 'node:perf_hooks';
import { positionToString, type EventStore } from '@ledger/event-store';
import type { RebuildOptions, RebuildReport } from '../processor/read-model-rebuilder';
import type { PgProjection } from './pg-projection';
import { PG_REBUILD_SUFFIX, type PgReadModelDatabase } from './pg-read-model-database';

/**
 * Rebuilds a PostgreSQL read model from zero, as ReadModelRebuilder does on SQLite: replays the whole
 * log, batch after batch (each its own short transaction), into shadow tables (`<table>__rebuild`)
 * beside the live ones, then swaps them in ONE transaction: lock the checkpoint row, drop the live
 * tables, rename the shadow ones (and their primary keys), build the secondary indexes, set the
 * checkpoint. PostgreSQL's DDL is transactional, so readers see the old rows or the new ones, never
 * a mix, and a failed swap leaves the live tables as they were.
 *
 * Why not TRUNCATE and replay: a truncate-and-replay in one transaction would hold an ACCESS
 * EXCLUSIVE lock on the live tables for the whole replay (every API read and the live processor
 * would wait minutes), and a truncate-and-replay in several transactions would serve an empty or
 * half-built read model meanwhile and lose it if the rebuild failed. The shadow tables keep the
 * live read model serving and following the log until the swap, which only takes the locks for
 * the time of a few renames.
 *
 * The swap only happens once the rebuild has reached the live checkpoint (it reads on otherwise),
 * so the checkpoint never moves back and a running processor simply skips what the rebuild covered.
 */
export class PgReadModelRebuilder {
  private readonly rebuilding = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly database: PgReadModelDatabase,
    private readonly projections: readonly PgProjection[],
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
    projection: PgProjection,
    { batchSize = 5000, onProgress }: RebuildOptions,
  ): Promise<RebuildReport> {
    const { database } = this;
    const started = performance.now();
    await database.ensureTables(projection); // the live tables and checkpoint row the swap replaces
    await this.createShadowTables(projection);
    const bulk = projection.bulk?.();

    let total = Number(await this.store.headPosition());
    let position = 0n;
    let done = 0;
    const rate = () => Math.round((done * 1000) / Math.max(1, performance.now() - started));
    try {
      for (;;) {
        const events = await this.store.readAll({ after: position, maxCount: batchSize });
        if (events.length === 0) {
          if (bulk)
            await database.transaction((client) => bulk.flush(database.tx(projection, client, 'rebuild')));
          if (await this.swap(projection, position)) break;
          // The live processor is ahead of what we read: the log grew meanwhile; read on. Unless it
          // is ahead of the log itself: then it was built from another log, and no replay can match.
          const live = await database.checkpoint(projection.name);
          if (live > (await this.store.headPosition())) {
            throw new Error(
              `Read model "${projection.name}" is at position ${live.toString()}, beyond the head of the event log: ` +
                'it was built from another log. Point it at its own log, or drop its schema and rebuild.',
            );
          }
          continue;
        }
        await database.transaction(async (client) => {
          const shadow = database.tx(projection, client, 'rebuild');
          if (bulk) await bulk.add(events, shadow);
          else await projection.apply(events, shadow);
        });
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

  /** Atomically puts the shadow tables in place of the live ones, unless the live read model is ahead. */
  private async swap(projection: PgProjection, position: bigint): Promise<boolean> {
    const { database } = this;
    return database.transaction(async (client) => {
      // The live processor locks this row first in each of its batches too: no deadlock, and no
      // batch of it commits between our check and our swap.
      if ((await database.lockCheckpoint(client, projection.name)) > position) return false;
      for (const table of projection.tables) {
        const shadow = `${table.name}${PG_REBUILD_SUFFIX}`;
        await client.query(`DROP TABLE IF EXISTS ${database.qualified(table.name)}`);
        await client.query(`ALTER TABLE ${database.qualified(shadow)} RENAME TO "${table.name}"`);
        await client.query(
          `ALTER INDEX ${database.qualified(`${shadow}_pkey`)} RENAME TO "${table.name}_pkey"`,
        );
        // Built once on the final rows: faster than maintaining them during the replay.
        for (const sql of database.createIndexesSql(table, table.name)) await client.query(sql);
      }
      await database.writeCheckpoint(client, projection.name, position);
      return true;
    });
  }

  private async createShadowTables(projection: PgProjection): Promise<void> {
    await this.database.ddl(async (client) => {
      for (const table of projection.tables) {
        const shadow = `${table.name}${PG_REBUILD_SUFFIX}`;
        // Left over by a rebuild that crashed: start again from zero.
        await client.query(`DROP TABLE IF EXISTS ${this.database.qualified(shadow)}`);
        await client.query(this.database.createTableSql(table, shadow));
      }
    });
  }

  private async dropShadowTables(projection: PgProjection): Promise<void> {
    try {
      await this.database.ddl(async (client) => {
        for (const table of projection.tables)
          await client.query(
            `DROP TABLE IF EXISTS ${this.database.qualified(`${table.name}${PG_REBUILD_SUFFIX}`)}`,
          );
      });
    } catch {
      // The original error matters more; the next rebuild drops them anyway.
    }
  }
}
