import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { parsePosition, positionToString } from '@ledger/event-store';
import type { Projection, ReadModelTable, ReadModelTx } from '../processor/projection';
import { ReadModelStore } from '../processor/read-model-store';

export const DEFAULT_READ_MODEL_PATH = './data/read-model.sqlite';

/** Where the read models live: READ_MODEL_PATH, or the default; its directory is created. */
export function readModelPath(env: Record<string, string | undefined> = process.env): string {
  const path = env.READ_MODEL_PATH || DEFAULT_READ_MODEL_PATH;
  if (path === ':memory:') return path;
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  return absolute;
}

export interface ReadModelDatabaseOptions {
  /** How long a write waits for another connection's lock. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Suffix of the shadow tables a rebuild fills beside the live ones. */
export const REBUILD_SUFFIX = '__rebuild';

const CHECKPOINTS = `
  CREATE TABLE IF NOT EXISTS checkpoints (
    processor TEXT PRIMARY KEY,
    position  TEXT NOT NULL
  ) STRICT;
`;

export const createTableSql = (table: ReadModelTable, physical: string): string =>
  `CREATE TABLE IF NOT EXISTS ${physical} (${table.columns})${table.options ? ` ${table.options}` : ''}`;

export const createIndexesSql = (table: ReadModelTable, physical: string): string[] =>
  Object.entries(table.indexes ?? {}).map(
    ([suffix, columns]) => `CREATE INDEX IF NOT EXISTS ${physical}__${suffix} ON ${physical} (${columns})`,
  );

/**
 * The read models' own SQLite file (never the event store's): projections' tables and their
 * checkpoints side by side, so that rows and checkpoint commit in one transaction (CONVENTIONS 6).
 * Several projections (licences now, letters next) share it, each with its own checkpoint row.
 */
export class ReadModelDatabase extends ReadModelStore {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly txs = new Map<string, ReadModelTx>();
  private closed = false;

  private constructor(
    readonly path: string,
    options: ReadModelDatabaseOptions,
  ) {
    super();
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db = new Database(path, { timeout: busyTimeoutMs });
    try {
      this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      // WAL: queries (the API, other processes) read a consistent snapshot while the processor writes.
      this.db.pragma('journal_mode = WAL');
      // NORMAL, not FULL: a power cut may lose the last batches, but always together with their
      // checkpoint (same transaction), so they are simply applied again. The log is the truth.
      this.db.pragma('synchronous = NORMAL');
      // 32 MB of page cache (default 2 MB): a rebuild rewrites every row of large tables.
      this.db.pragma('cache_size = -32768');
      this.db.exec(CHECKPOINTS);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /** Opens (and creates) the file, and the live tables of the given projections. */
  static open(
    path: string,
    projections: readonly Projection[] = [],
    options: ReadModelDatabaseOptions = {},
  ): ReadModelDatabase {
    const database = new ReadModelDatabase(path, options);
    for (const projection of projections) database.ensureTables(projection);
    return database;
  }

  /** Creates the projection's live tables and indexes if they are missing. */
  ensureTables(projection: Projection): void {
    this.transaction(() => {
      for (const table of projection.tables) {
        this.db.exec(createTableSql(table, table.name));
        for (const sql of createIndexesSql(table, table.name)) this.db.exec(sql);
      }
    });
  }

  /** A statement prepared once per text. */
  statement<Row = unknown>(sql: string): Database.Statement<unknown[], Row> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as Database.Statement<unknown[], Row>;
  }

  /** The projection's writing context on its live tables, or on a rebuild's shadow tables. */
  tx(projection: Projection, target: 'live' | 'rebuild' = 'live'): ReadModelTx {
    const key = `${projection.name}\u0000${target}`;
    let tx = this.txs.get(key);
    if (!tx) {
      const names = new Map(
        projection.tables.map((table) => [
          table.name,
          target === 'live' ? table.name : `${table.name}${REBUILD_SUFFIX}`,
        ]),
      );
      tx = {
        db: this.db,
        table: (name) => {
          const physical = names.get(name);
          if (physical === undefined)
            throw new Error(`Projection ${projection.name} has no table "${name}".`);
          return physical;
        },
        statement: (sql) => this.statement(sql),
      };
      this.txs.set(key, tx);
    }
    return tx;
  }

  /**
   * Runs `work` in one IMMEDIATE transaction: the write lock is taken before the checkpoint is read,
   * so two processors on the same file (two processes) cannot both apply the same batch.
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /** The position the processor has applied up to, 0n when it never ran. */
  checkpoint(processor: string): bigint {
    const row = this.statement<{ position: string }>(
      'SELECT position FROM checkpoints WHERE processor = ?',
    ).get(processor);
    return row ? parsePosition(row.position) : 0n;
  }

  /** Only inside a transaction that also writes the rows up to `position`. */
  writeCheckpoint(processor: string, position: bigint): void {
    this.statement(
      'INSERT INTO checkpoints (processor, position) VALUES (?, ?) ON CONFLICT (processor) DO UPDATE SET position = excluded.position',
    ).run(processor, positionToString(position));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
