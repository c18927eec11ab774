import type { QueryResult, QueryResultRow } from 'pg';
import { type AuthClock, systemAuthClock } from '../session/auth-clock';
import {
  DEFAULT_SESSION_LIFETIME,
  type SessionLifetime,
  liveSessionBounds,
  useRecordedBefore,
} from '../session/session-lifetime';
import { looksLikeSessionId, newSessionId } from '../session/session-id';
import type { HolderSession, NewHolderSession } from '../session/session-store';
import { type AuthStateStore, type SessionRow, sessionFromRow, sessionKey } from './auth-state-store';
import type { PgSharedDatabase } from './pg-shared-database';
import { orUnavailable } from './shared-state-unavailable';
import type { AuthStateStoreOptions } from './sqlite-auth-state-store';

/**
 * Sessions and consumed logins in PostgreSQL (with DATABASE_URL): every API instance reads and
 * ends the same sessions, so a holder signed in through one instance is known to all, survives a
 * restart or the loss of an instance, and a logout ends the session everywhere at once.
 */
export class PgAuthStateStore implements AuthStateStore {
  private readonly clock: AuthClock;
  private readonly lifetime: SessionLifetime;
  private readonly sessions: string;
  private readonly logins: string;

  private constructor(
    private readonly database: PgSharedDatabase,
    options: AuthStateStoreOptions,
  ) {
    this.clock = options.clock ?? systemAuthClock;
    this.lifetime = options.lifetime ?? DEFAULT_SESSION_LIFETIME;
    this.sessions = database.qualified('holder_sessions');
    this.logins = database.qualified('consumed_logins');
  }

  /**
   * One statement; a store that does not answer (or times out) is SHARED_STATE.UNAVAILABLE. `name`:
   * a statement every request runs, parsed and planned once per connection.
   */
  private query<R extends QueryResultRow>(sql: string, values: unknown[], name?: string): Promise<QueryResult<R>> {
    return orUnavailable('the sessions', () =>
      this.database.pool.query<R>({ text: sql, values, ...(name ? { name: `${name}:${this.database.schema}` } : {}) }),
    );
  }

  static async open(database: PgSharedDatabase, options: AuthStateStoreOptions = {}): Promise<PgAuthStateStore> {
    const store = new PgAuthStateStore(database, options);
    await database.ddl([
      `CREATE TABLE IF NOT EXISTS ${store.sessions} (
         session_key text COLLATE "C" PRIMARY KEY,
         identity text NOT NULL,
         id_token text NOT NULL,
         created_at bigint NOT NULL,
         last_seen_at bigint NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS ${store.logins} (state text COLLATE "C" PRIMARY KEY, expires_at bigint NOT NULL)`,
    ]);
    return store;
  }

  async create(session: NewHolderSession): Promise<HolderSession> {
    const now = this.clock.now();
    const id = newSessionId();
    await this.query(
      `INSERT INTO ${this.sessions} (session_key, identity, id_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)`,
      [sessionKey(id), JSON.stringify(session.identity), session.idToken, now],
    );
    return { id, identity: { ...session.identity }, idToken: session.idToken, createdAt: now, lastSeenAt: now };
  }

  /**
   * One round trip: the live session, and its use written only when the recorded one is old enough
   * (useRecordedBefore). A request that writes nothing commits nothing, so waits for no WAL flush.
   */
  async touch(id: string): Promise<HolderSession | null> {
    if (!looksLikeSessionId(id)) return null;
    const now = this.clock.now();
    const { seenAfter, createdAfter } = liveSessionBounds(now, this.lifetime);
    const { rows } = await this.query<SessionRow>(
      `WITH live AS (
         SELECT identity, id_token, created_at, last_seen_at FROM ${this.sessions}
         WHERE session_key = $2 AND last_seen_at > $3 AND created_at > $4),
       used AS (
         UPDATE ${this.sessions} SET last_seen_at = $1
         WHERE session_key = $2 AND last_seen_at > $3 AND created_at > $4 AND last_seen_at <= $5
         RETURNING identity, id_token, created_at, last_seen_at)
       SELECT * FROM used UNION ALL SELECT * FROM live WHERE NOT EXISTS (SELECT 1 FROM used)`,
      [now, sessionKey(id), seenAfter, createdAfter, useRecordedBefore(now)],
      'touch-session',
    );
    return rows[0] ? sessionFromRow(id, rows[0]) : null;
  }

  async peek(id: string): Promise<HolderSession | null> {
    if (!looksLikeSessionId(id)) return null;
    const { seenAfter, createdAfter } = liveSessionBounds(this.clock.now(), this.lifetime);
    const { rows } = await this.query<SessionRow>(
      `SELECT identity, id_token, created_at, last_seen_at FROM ${this.sessions}
       WHERE session_key = $1 AND last_seen_at > $2 AND created_at > $3`,
      [sessionKey(id), seenAfter, createdAfter],
    );
    return rows[0] ? sessionFromRow(id, rows[0]) : null;
  }

  async delete(id: string): Promise<void> {
    if (!looksLikeSessionId(id)) return;
    await this.query(`DELETE FROM ${this.sessions} WHERE session_key = $1`, [sessionKey(id)]);
  }

  async consume(state: string, expiresAt: number): Promise<boolean> {
    const { rowCount } = await this.query(
      `INSERT INTO ${this.logins} (state, expires_at) VALUES ($1, $2) ON CONFLICT (state) DO NOTHING`,
      [state, expiresAt],
    );
    return rowCount === 1;
  }

  async countLiveSessions(): Promise<number> {
    const { seenAfter, createdAfter } = liveSessionBounds(this.clock.now(), this.lifetime);
    const { rows } = await this.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${this.sessions} WHERE last_seen_at > $1 AND created_at > $2`,
      [seenAfter, createdAfter],
    );
    return Number(rows[0].n);
  }

  async purgeExpired(): Promise<number> {
    const now = this.clock.now();
    const { seenAfter, createdAfter } = liveSessionBounds(now, this.lifetime);
    await this.query(`DELETE FROM ${this.logins} WHERE expires_at <= $1`, [now]);
    const { rowCount } = await this.query(
      `DELETE FROM ${this.sessions} WHERE last_seen_at <= $1 OR created_at <= $2`,
      [seenAfter, createdAfter],
    );
    return rowCount ?? 0;
  }

  async ping(): Promise<void> {
    await this.query(`SELECT 1 FROM ${this.sessions} LIMIT 1`, []);
  }

  /** The database is the caller's (shared with the audit and the limits): closed by its owner. */
  async close(): Promise<void> {}
}
