import { Pool, type PoolClient } from 'pg';
import { parsePosition, positionToString } from '@ledger/event-store';
import { messageOf } from '../processor/error-text';
import { ReadModelStore } from '../processor/read-model-store';
import type { PgProjection, PgReadModelTable, PgReadModelTx } from './pg-projection';

export const DEFAULT_PG_SCHEMA = 'public';

/** Suffix of the shadow tables a rebuild fills beside the live ones (as on SQLite). */
export const PG_REBUILD_SUFFIX = '__rebuild';

/** Lower-case, unquoted-style identifiers only: they are spliced into DDL (always double-quoted). */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function isPgIdentifier(value: string): boolean {
  return IDENTIFIER.test(value);
}

/** The URL with its password masked, for logs and error messages. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

export interface PgReadModelDatabaseOptions {
  /** The schema holding the read models and their checkpoints; created if missing. Default 'public'. */
  schema?: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** How long to wait for a connection before failing (the processor then retries). Default 10 s. */
  connectionTimeoutMs?: number;
  /** Shown in pg_stat_activity. Default 'points-ledger'. */
  applicationName?: string;
  logger?: { warn(message: string): void };
}

/** Whether the server was built with lz4 (PostgreSQL 14 and later, where compiled in). */
const HAS_LZ4 = `SELECT 'lz4' = ANY (enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`;

const quote = (identifier: string) => `"${identifier}"`;

/**
 * The read models' PostgreSQL database: projections' tables and their checkpoints in one schema, so
 * that a batch's rows and its checkpoint commit in one transaction (CONVENTIONS 6). The pg.Pool
 * replaces connections a restarted server dropped: a failed transaction's client is destroyed, and
 * the next `transaction` connects afresh.
 */
export class PgReadModelDatabase extends ReadModelStore {
  readonly kind = 'postgres';
  readonly pool: Pool;
  readonly schema: string;
  private readonly logger: { warn(message: string): void };
  private closed = false;
  /**
   * Large texts (a letter, a licence's file) compressed with lz4 rather than pglz where the server
   * has it: on 100,000 holders' rebuild the server's CPU fell from about 45 s to 10 s, pglz
   * compressing every letter. The values are the same; only their compression on disk differs.
   */
  private lz4 = false;

  private constructor(
    readonly url: string,
    options: PgReadModelDatabaseOptions,
  ) {
    super();
    this.schema = options.schema ?? DEFAULT_PG_SCHEMA;
    if (!isPgIdentifier(this.schema)) {
      throw new Error(
        `Invalid PostgreSQL schema name ${JSON.stringify(this.schema)}: lower-case letters, digits and _, not starting with a digit.`,
      );
    }
    this.logger = options.logger ?? { warn: (message) => console.warn(message) };
    this.pool = new Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      keepAlive: true,
      application_name: options.applicationName ?? 'points-ledger',
    });
    // An idle client whose connection dies (a server restart) emits 'error' on the pool, which
    // removes it; without a listener Node would end the process.
    this.pool.on('error', (error) =>
      this.logger.warn(
        `PostgreSQL read models: an idle connection was lost (${messageOf(error)}); the pool replaces it.`,
      ),
    );
  }

  /**
   * Connects, and creates (idempotently) the schema, the checkpoints table and the projections'
   * tables. Fails with a message naming the server (password masked) when it cannot.
   */
  static async open(
    url: string,
    projections: readonly PgProjection[] = [],
    options: PgReadModelDatabaseOptions = {},
  ): Promise<PgReadModelDatabase> {
    const database = new PgReadModelDatabase(url, options);
    try {
      await database.ensureSchema();
      database.lz4 = (await database.pool.query<{ lz4: boolean }>(HAS_LZ4)).rows[0]?.lz4 === true;
      for (const projection of projections) await database.ensureTables(projection);
    } catch (error) {
      await database.close();
      throw new Error(
        `Cannot open the PostgreSQL read models at ${redactDatabaseUrl(url)} (schema ${database.schema}): ${messageOf(error)}`,
        { cause: error },
      );
    }
    return database;
  }

  /** The schema-qualified, quoted name of a table of the read models' schema. */
  qualified(name: string): string {
    return `${quote(this.schema)}.${quote(name)}`;
  }

  get checkpoints(): string {
    return this.qualified('checkpoints');
  }

  /** The schema and the checkpoints table. */
  async ensureSchema(): Promise<void> {
    await this.ddl(async (client) => {
      // Only when missing: CREATE SCHEMA IF NOT EXISTS still needs the CREATE privilege on the database.
      const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schema]);
      if (rowCount === 0) await client.query(`CREATE SCHEMA ${quote(this.schema)}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.checkpoints} (processor TEXT COLLATE "C" PRIMARY KEY, position TEXT NOT NULL)`,
      );
    });
  }

  /** Creates the projection's live tables and indexes if missing, and its checkpoint row. */
  async ensureTables(projection: PgProjection): Promise<void> {
    await this.ddl(async (client) => {
      for (const table of projection.tables) {
        await client.query(this.createTableSql(table, table.name));
        for (const sql of this.createIndexesSql(table, table.name)) await client.query(sql);
      }
      await client.query(
        `INSERT INTO ${this.checkpoints} (processor, position) VALUES ($1, '0') ON CONFLICT (processor) DO NOTHING`,
        [projection.name],
      );
    });
  }

  createTableSql(table: PgReadModelTable, physical: string): string {
    let columns = table.columns;
    // COMPRESSION goes right after the column's type: `content TEXT COMPRESSION lz4 NOT NULL`.
    if (this.lz4)
      for (const column of table.largeTexts ?? [])
        columns = columns.replace(new RegExp(`^(\\s*${column}\\s+TEXT)\\b`, 'm'), '$1 COMPRESSION lz4');
    return (
      `CREATE TABLE IF NOT EXISTS ${this.qualified(physical)} (${columns}, ` +
      // Named after the physical table, so that a rebuild's swap can give it the live name back.
      `CONSTRAINT ${quote(`${physical}_pkey`)} PRIMARY KEY (${table.primaryKey.join(', ')}))`
    );
  }

  createIndexesSql(table: PgReadModelTable, physical: string): string[] {
    return Object.entries(table.indexes ?? {}).map(
      ([suffix, columns]) =>
        `CREATE INDEX IF NOT EXISTS ${quote(`${physical}__${suffix}`)} ON ${this.qualified(physical)} (${columns})`,
    );
  }

  /**
   * Schema changes, one process at a time: concurrent CREATE TABLE IF NOT EXISTS of the same table
   * can fail on PostgreSQL's catalog (two workers starting together), so they take an advisory lock.
   */
  async ddl(work: (client: PoolClient) => Promise<void>): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `points-ledger read models ${this.schema}`,
      ]);
      await work(client);
    });
  }

  /**
   * Runs `work` in one transaction on one pooled client: BEGIN, work, COMMIT; ROLLBACK on any
   * failure. A client whose connection failed is destroyed rather than returned to the pool.
   */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('The PostgreSQL read-model database is closed.');
    const client = await this.pool.connect();
    let lost: Error | undefined;
    // A checked-out client whose connection dies between two queries emits 'error' on itself.
    const onError = (error: Error) => {
      lost = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (lost === undefined) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          lost = rollbackError instanceof Error ? rollbackError : new Error(messageOf(rollbackError));
        }
      }
      throw error;
    } finally {
      client.off('error', onError);
      client.release(lost);
    }
  }

  /** The position the processor has applied up to, 0n when it never ran. */
  async checkpoint(processor: string): Promise<bigint> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.checkpoints} WHERE processor = $1`,
      [processor],
    );
    return rows.length > 0 ? parsePosition(rows[0].position) : 0n;
  }

  /**
   * Inside a batch's transaction: locks the processor's checkpoint row (SELECT … FOR UPDATE) and
   * returns it. A second processor on the same database waits here until the first commits, then
   * reads the checkpoint the first wrote: no batch is applied twice.
   */
  async lockCheckpoint(client: PoolClient, processor: string): Promise<bigint> {
    const select = `SELECT position FROM ${this.checkpoints} WHERE processor = $1 FOR UPDATE`;
    let { rows } = await client.query<{ position: string }>(select, [processor]);
    if (rows.length === 0) {
      // Deleted by hand (a reset): create it; a concurrent creator makes this wait, then do nothing.
      await client.query(
        `INSERT INTO ${this.checkpoints} (processor, position) VALUES ($1, '0') ON CONFLICT (processor) DO NOTHING`,
        [processor],
      );
      ({ rows } = await client.query<{ position: string }>(select, [processor]));
    }
    return parsePosition(rows[0].position);
  }

  /**
   * Only inside a transaction that also writes the rows up to `position`, after lockCheckpoint
   * (which made sure the row exists and holds its lock).
   */
  async writeCheckpoint(client: PoolClient, processor: string, position: bigint): Promise<void> {
    const { rowCount } = await client.query(
      `UPDATE ${this.checkpoints} SET position = $2 WHERE processor = $1`,
      [processor, positionToString(position)],
    );
    if (rowCount !== 1)
      throw new Error(`Processor ${processor}: no checkpoint row to update (lock it first).`);
  }

  /** The projection's writing context on its live tables, or on a rebuild's shadow tables. */
  tx(projection: PgProjection, client: PoolClient, target: 'live' | 'rebuild' = 'live'): PgReadModelTx {
    const names = new Map(
      projection.tables.map((table) => [
        table.name,
        this.qualified(target === 'live' ? table.name : `${table.name}${PG_REBUILD_SUFFIX}`),
      ]),
    );
    return {
      client,
      table: (name) => {
        const physical = names.get(name);
        if (physical === undefined) throw new Error(`Projection ${projection.name} has no table "${name}".`);
        return physical;
      },
    };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
