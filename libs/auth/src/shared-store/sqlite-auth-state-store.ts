import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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

export interface AuthStateStoreOptions {
  clock?: AuthClock;
  lifetime?: SessionLifetime;
}

/**
 * Sessions and consumed logins in a SQLite file (the embedded default): they survive a restart of
 * the API, and every process opening the file shares them.
 */
export class SqliteAuthStateStore implements AuthStateStore {
  private readonly db: Database.Database;
  private readonly clock: AuthClock;
  private readonly lifetime: SessionLifetime;
  /** Every request's statements, prepared once. */
  private readonly selectLive: Database.Statement;
  private readonly recordUse: Database.Statement;

  constructor(path: string, options: AuthStateStoreOptions = {}) {
    this.clock = options.clock ?? systemAuthClock;
    this.lifetime = options.lifetime ?? DEFAULT_SESSION_LIFETIME;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS holder_sessions (
        session_key TEXT PRIMARY KEY,
        identity TEXT NOT NULL,
        id_token TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS consumed_logins (state TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
    `);
    this.selectLive = this.db.prepare(
      `SELECT identity, id_token, created_at, last_seen_at FROM holder_sessions
       WHERE session_key = ? AND last_seen_at > ? AND created_at > ?`,
    );
    this.recordUse = this.db.prepare(
      `UPDATE holder_sessions SET last_seen_at = ? WHERE session_key = ? AND last_seen_at > ? AND created_at > ?
       RETURNING identity, id_token, created_at, last_seen_at`,
    );
  }

  async create(session: NewHolderSession): Promise<HolderSession> {
    const now = this.clock.now();
    const id = newSessionId();
    this.db
      .prepare(
        'INSERT INTO holder_sessions (session_key, identity, id_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(sessionKey(id), JSON.stringify(session.identity), session.idToken, now, now);
    return { id, identity: { ...session.identity }, idToken: session.idToken, createdAt: now, lastSeenAt: now };
  }

  async touch(id: string): Promise<HolderSession | null> {
    if (!looksLikeSessionId(id)) return null;
    const now = this.clock.now();
    const { seenAfter, createdAfter } = liveSessionBounds(now, this.lifetime);
    const key = sessionKey(id);
    const live = this.selectLive.get(key, seenAfter, createdAfter) as SessionRow | undefined;
    if (!live) return null;
    if (Number(live.last_seen_at) > useRecordedBefore(now)) return sessionFromRow(id, live);
    // Written with the same conditions: a logout through another instance meanwhile still ends it.
    const used = this.recordUse.get(now, key, seenAfter, createdAfter) as SessionRow | undefined;
    return used ? sessionFromRow(id, used) : null;
  }

  async peek(id: string): Promise<HolderSession | null> {
    if (!looksLikeSessionId(id)) return null;
    const { seenAfter, createdAfter } = liveSessionBounds(this.clock.now(), this.lifetime);
    const row = this.selectLive.get(sessionKey(id), seenAfter, createdAfter) as SessionRow | undefined;
    return row ? sessionFromRow(id, row) : null;
  }

  async delete(id: string): Promise<void> {
    if (!looksLikeSessionId(id)) return;
    this.db.prepare('DELETE FROM holder_sessions WHERE session_key = ?').run(sessionKey(id));
  }

  async consume(state: string, expiresAt: number): Promise<boolean> {
    const { changes } = this.db
      .prepare('INSERT INTO consumed_logins (state, expires_at) VALUES (?, ?) ON CONFLICT (state) DO NOTHING')
      .run(state, expiresAt);
    return changes === 1;
  }

  async countLiveSessions(): Promise<number> {
    const { seenAfter, createdAfter } = liveSessionBounds(this.clock.now(), this.lifetime);
    const row = this.db
      .prepare('SELECT count(*) AS n FROM holder_sessions WHERE last_seen_at > ? AND created_at > ?')
      .get(seenAfter, createdAfter) as { n: number };
    return row.n;
  }

  async purgeExpired(): Promise<number> {
    const now = this.clock.now();
    const { seenAfter, createdAfter } = liveSessionBounds(now, this.lifetime);
    this.db.prepare('DELETE FROM consumed_logins WHERE expires_at <= ?').run(now);
    return this.db
      .prepare('DELETE FROM holder_sessions WHERE last_seen_at <= ? OR created_at <= ?')
      .run(seenAfter, createdAfter).changes;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
