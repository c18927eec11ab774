import type { ThrottlerStorage } from '@nestjs/throttler';
import type { AuthClock, PgSharedDatabase } from '@ledger/auth';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface CounterRow {
  hits: number;
  window_ends_at: string;
  blocked_until: string;
}

/**
 * The rate-limit counters of every API instance in PostgreSQL (with DATABASE_URL), behind
 * @nestjs/throttler's storage interface: a holder, a staff subject or an address gets the same
 * limit however the load balancer spreads its requests.
 *
 * One row per key and one atomic upsert per request: a window opens at the key's first request;
 * the request over the limit blocks the key for `blockDuration` (its Retry-After); once the window
 * or the block is over, the next request opens a new window. (The in-memory storage slides its
 * window hit by hit; a fixed window allows the same number per window and costs one row, not one
 * row per hit.)
 */
export class PgThrottlerStorage implements ThrottlerStorage {
  private readonly table: string;
  private readonly purgeTimer: NodeJS.Timeout;

  private constructor(
    private readonly database: PgSharedDatabase,
    private readonly clock: AuthClock,
  ) {
    this.table = database.qualified('rate_limit_counters');
    this.purgeTimer = setInterval(() => void this.purge().catch(() => undefined), 60_000);
    this.purgeTimer.unref();
  }

  static async open(database: PgSharedDatabase, clock: AuthClock = { now: () => Date.now() }): Promise<PgThrottlerStorage> {
    const storage = new PgThrottlerStorage(database, clock);
    await database.ddl([
      `CREATE TABLE IF NOT EXISTS ${storage.table} (
         counter_key text COLLATE "C" PRIMARY KEY,
         hits integer NOT NULL,
         window_ends_at bigint NOT NULL,
         blocked_until bigint NOT NULL)`,
    ]);
    return storage;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = this.clock.now();
    const t = 'c';
    // $2 now, $3 ttl, $4 limit, $5 block: every SET reads the row as it was before this request.
    const fresh = `(c.window_ends_at <= $2 OR c.blocked_until > 0)`;
    // A count lost in a crash only lets a few more requests through: no wait for the WAL flush.
    const { rows } = await this.database.lossTolerantPool.query<CounterRow>({
      name: `count-request:${this.database.schema}`,
      text: `INSERT INTO ${this.table} AS c (counter_key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, $2::bigint + $3, CASE WHEN 1 > $4 THEN $2::bigint + $5 ELSE 0 END)
       ON CONFLICT (counter_key) DO UPDATE SET
         hits = CASE WHEN ${t}.blocked_until > $2 THEN ${t}.hits WHEN ${fresh} THEN 1 ELSE ${t}.hits + 1 END,
         window_ends_at = CASE WHEN ${t}.blocked_until > $2 THEN ${t}.window_ends_at
                               WHEN ${fresh} THEN $2::bigint + $3 ELSE ${t}.window_ends_at END,
         blocked_until = CASE WHEN ${t}.blocked_until > $2 THEN ${t}.blocked_until
                              WHEN ${fresh} THEN (CASE WHEN 1 > $4 THEN $2::bigint + $5 ELSE 0 END)
                              WHEN ${t}.hits + 1 > $4 THEN $2::bigint + $5 ELSE 0 END
       RETURNING hits, window_ends_at, blocked_until`,
      values: [`${throttlerName}:${key}`, now, ttl, limit, blockDuration],
    });
    const row = rows[0];
    const blockedUntil = Number(row.blocked_until);
    const isBlocked = blockedUntil > now;
    return {
      totalHits: row.hits,
      timeToExpire: Math.ceil((Number(row.window_ends_at) - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((blockedUntil - now) / 1000) : 0,
    };
  }

  /** Readiness: the counters' table answers (a lock held on it, or a server gone, fails this). */
  async ping(): Promise<void> {
    await this.database.pool.query(`SELECT 1 FROM ${this.table} LIMIT 1`);
  }

  /** Drops counters whose window and block are both over: they would start afresh anyway. */
  async purge(): Promise<number> {
    const now = this.clock.now();
    const { rowCount } = await this.database.pool.query(
      `DELETE FROM ${this.table} WHERE window_ends_at <= $1 AND blocked_until <= $1`,
      [now],
    );
    return rowCount ?? 0;
  }

  close(): void {
    clearInterval(this.purgeTimer);
  }
}
