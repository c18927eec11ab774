import type { Projection } from '../processor/projection';
import type { ReadModelDatabase } from './read-model-database';

export type TableDump = Record<string, unknown>[];

/**
 * Every row of the projection's live tables, ordered by primary key: two read models are equal
 * when their dumps are (the replay test, and an operator's "verify" after a rebuild).
 */
export function dumpProjection(
  database: ReadModelDatabase,
  projection: Projection,
): Record<string, TableDump> {
  const dump: Record<string, TableDump> = {};
  for (const table of projection.tables) {
    dump[table.name] = database.db
      .prepare(`SELECT * FROM ${table.name} ORDER BY ${table.primaryKey.join(', ')}`)
      .all() as TableDump;
  }
  return dump;
}
