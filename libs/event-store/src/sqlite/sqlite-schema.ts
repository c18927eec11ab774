import Database from 'better-sqlite3';

/**
 * One row per event. `global_position` is the rowid, assigned by the appender as head + 1 inside a
 * BEGIN IMMEDIATE transaction, i.e. under the database's single write lock: positions are dense and
 * follow commit order, so a reader can never see position n + 1 before n and a subscription that
 * resumes "after n" skips nothing. No AUTOINCREMENT: it would allow gaps after a rollback.
 * No separate streams table: the (stream_id, stream_version) unique index already gives a stream's
 * version in one lookup, and a second copy of it could only drift.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    global_position INTEGER PRIMARY KEY,
    stream_id       TEXT    NOT NULL,
    stream_version  INTEGER NOT NULL,
    event_id        TEXT    NOT NULL UNIQUE,
    type            TEXT    NOT NULL,
    data            TEXT    NOT NULL CHECK (json_valid(data)),
    metadata        TEXT    NOT NULL CHECK (json_valid(metadata)),
    recorded_at     TEXT    NOT NULL,
    UNIQUE (stream_id, stream_version)
  ) STRICT;
`;

export interface SqliteConnectionOptions {
  busyTimeoutMs: number;
}

export const isInMemory = (file: string): boolean => file === ':memory:' || file === '';

/** Opens (and if needed creates) an event store database with the pragmas every connection needs. */
export function openEventStoreDatabase(
  file: string,
  { busyTimeoutMs }: SqliteConnectionOptions,
): Database.Database {
  // `timeout` is better-sqlite3's busy_timeout: writers on other connections or processes wait for
  // the write lock instead of failing at once with SQLITE_BUSY.
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // WAL lets readers (subscriptions, other processes) run while one writer appends; the mode is
    // stored in the file, so only the first connection really switches it.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (!isInMemory(file) && mode !== 'wal') {
      throw new Error(`SQLite event store ${file}: cannot enable WAL journal mode (got ${String(mode)}).`);
    }
    // FULL: a commit is on disk when append resolves; NORMAL could lose the last appends on power
    // loss, after the caller was told they were stored. It is set per connection.
    db.pragma('synchronous = FULL');
    db.defaultSafeIntegers(true); // versions and positions come back as bigint, never as lossy numbers
    // IMMEDIATE so that several processes creating the same new file queue up behind the lock.
    db.transaction(() => db.exec(SCHEMA)).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
