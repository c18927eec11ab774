import type { TableDump } from '../sqlite/read-model-dump';
import type { PgProjection } from './pg-projection';
import type { PgReadModelDatabase } from './pg-read-model-database';

/**
 * Every row of the projection's live tables, ordered by primary key: comparable with another
 * PostgreSQL dump and with `dumpProjection` of the same read model on SQLite (same columns, same
 * values, same byte order).
 */
export async function dumpPgProjection(
  database: PgReadModelDatabase,
  projection: PgProjection,
): Promise<Record<string, TableDump>> {
  const dump: Record<string, TableDump> = {};
  for (const table of projection.tables) {
    const { rows } = await database.pool.query<Record<string, unknown>>(
      `SELECT * FROM ${database.qualified(table.name)} ORDER BY ${table.primaryKey.join(', ')}`,
    );
    dump[table.name] = rows;
  }
  return dump;
}
