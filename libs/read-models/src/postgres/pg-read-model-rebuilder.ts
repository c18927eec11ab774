import type { EventStore } from '@ledger/event-store';
import { RebuildRunner, type ShadowWriter } from '../processor/rebuild-runner';
import type { PgProjection } from './pg-projection';
import { PG_REBUILD_SUFFIX, type PgReadModelDatabase } from './pg-read-model-database';

/**
 * Rebuilds a PostgreSQL read model from zero into shadow tables, as RebuildRunner describes, then
 * swaps them in ONE transaction: lock the checkpoint row, drop the live tables, rename the shadow
 * ones (and their primary keys), build the secondary indexes, set the checkpoint. PostgreSQL's DDL
 * is transactional, so readers see the old rows or the new ones, never a mix, and a failed swap
 * leaves the live tables as they were.
 *
 * Why not TRUNCATE and replay: a truncate-and-replay in one transaction would hold an ACCESS
 * EXCLUSIVE lock on the live tables for the whole replay (every API read and the live processor
 * would wait minutes), and a truncate-and-replay in several transactions would serve an empty or
 * half-built read model meanwhile and lose it if the rebuild failed. The shadow tables keep the
 * live read model serving and following the log until the swap, which only takes the locks for
 * the time of a few renames.
 */
export class PgReadModelRebuilder extends RebuildRunner<PgProjection> {
  protected readonly discardAdvice = 'drop its schema';

  constructor(
    store: EventStore,
    protected readonly database: PgReadModelDatabase,
    projections: readonly PgProjection[],
  ) {
    super(store, projections);
  }

  protected shadowWriter(projection: PgProjection): ShadowWriter {
    const { database } = this;
    const bulk = projection.bulk?.();
    return {
      write: (events) =>
        database.transaction(async (client) => {
          const shadow = database.tx(projection, client, 'rebuild');
          if (bulk) await bulk.add(events, shadow);
          else await projection.apply(events, shadow);
        }),
      flush: async () => {
        if (bulk)
          await database.transaction((client) => bulk.flush(database.tx(projection, client, 'rebuild')));
      },
    };
  }

  protected swap(projection: PgProjection, position: bigint): Promise<boolean> {
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

  protected liveCheckpoint(projection: PgProjection): Promise<bigint> {
    return this.database.checkpoint(projection.name);
  }

  protected async createShadowTables(projection: PgProjection): Promise<void> {
    await this.database.ensureTables(projection); // the live tables and checkpoint row the swap replaces
    await this.database.ddl(async (client) => {
      for (const table of projection.tables) {
        const shadow = `${table.name}${PG_REBUILD_SUFFIX}`;
        // Left over by a rebuild that crashed: start again from zero.
        await client.query(`DROP TABLE IF EXISTS ${this.database.qualified(shadow)}`);
        await client.query(this.database.createTableSql(table, shadow));
      }
    });
  }

  protected async dropShadowTables(projection: PgProjection): Promise<void> {
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
