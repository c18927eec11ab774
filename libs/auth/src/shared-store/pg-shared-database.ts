import { Pool, type PoolClient } from 'pg';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgSharedDatabaseOptions {
  /** The schema of the shared state (STATE_SCHEMA); created if missing. Default 'public'. */
  schema?: string;
  poolSize?: number;
  /** How long a caller waits for a connection before the store is declared unavailable. Default 5 s. */
  connectionTimeoutMs?: number;
  /** Longest a statement may run before the store is declared unavailable. Default 5 s. */
  statementTimeoutMs?: number;
  logger?: { warn(message: string): void };
}

/**
 * The PostgreSQL database every API instance shares with DATABASE_URL: holders' sessions, consumed
 * logins, the consultation audit, the rate-limit counters. One pool for all of them, apart from the
 * read models' pool, so that a burst of balance reads cannot starve the worker's batches.
 */
export class PgSharedDatabase {
  readonly pool: Pool;
  /**
   * For writes whose loss in a crash costs nothing (the rate-limit counters): their commits do not
   * wait for the WAL to reach the disk (synchronous_commit=off), so a request does not wait on an
   * fsync for its count. Never for the audit or the sessions.
   */
  readonly lossTolerantPool: Pool;
  readonly schema: string;

  constructor(url: string, options: PgSharedDatabaseOptions = {}) {
    this.schema = options.schema ?? 'public';
    if (!IDENTIFIER.test(this.schema)) {
      throw new Error(`Invalid PostgreSQL schema name ${JSON.stringify(this.schema)}.`);
    }
    const logger = options.logger ?? { warn: (message: string) => console.warn(message) };
    const settings = {
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      statement_timeout: options.statementTimeoutMs ?? 5_000,
      keepAlive: true,
      application_name: 'points-ledger-api',
    };
    this.pool = new Pool(settings);
    this.lossTolerantPool = new Pool({ ...settings, options: '-c synchronous_commit=off' });
    for (const pool of [this.pool, this.lossTolerantPool]) {
      // Without a listener, an idle connection dropped by the server would end the process.
      pool.on('error', (error) =>
        logger.warn(`PostgreSQL shared state: an idle connection was lost (${error.message}); the pool replaces it.`),
      );
    }
  }

  /** The schema-qualified, quoted name of a table. */
  qualified(table: string): string {
    return `"${this.schema}"."${table}"`;
  }

  /**
   * Creates tables (idempotent statements) under an advisory lock: instances starting together would
   * otherwise race on PostgreSQL's catalog with concurrent CREATE … IF NOT EXISTS.
   */
  async ddl(statements: readonly string[]): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`points-ledger shared ${this.schema}`]);
      const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schema]);
      if (rowCount === 0) await client.query(`CREATE SCHEMA "${this.schema}"`);
      for (const sql of statements) await client.query(sql);
    });
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    for (const pool of [this.pool, this.lossTolerantPool]) if (!pool.ended) await pool.end();
  }
}
