import { realpathSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { ConcurrencyError, DuplicateEventIdError, InvalidEventError } from '../errors';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  FilteredBatch,
  NewEvent,
  ReadAllOptions,
  ReadStreamResult,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { checkCount, checkExpectedVersion, checkPosition } from '../serialization/argument-checks';
import { UpcasterRegistry } from '../serialization/upcasters';
import { notifyAppend, onAppend, type NotifierKey } from './append-notifier';
import { BackgroundCheckpointer } from './background-checkpointer';
import { type PreparedEvent, prepareEvent, rawRowToRecordedEvent, type RawEventRow } from './event-rows';
import { PollingSubscription } from './polling-subscription';
import { isInMemory, openEventStoreDatabase } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  /** Upcasters applied on every read; the store itself knows no event type. Default: none. */
  upcasters?: UpcasterRegistry;
  /** How often an idle subscription looks for appends made by other processes. Default 100 ms. */
  pollIntervalMs?: number;
  /** How long an append waits for another connection's write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
  /** Default batch size of subscriptions. Default 100. */
  batchSize?: number;
  /** The clock stamping recordedAt when the caller does not provide it. */
  now?: () => Date;
  /**
   * Group commit (default true): appends made while the previous group commits wait for the next
   * turn of the event loop and commit together, in one transaction and one fsync. Each keeps its
   * own expected-version check, idempotency and errors (a savepoint each); each resolves only once
   * the group is durable. False commits every append on its own, at once.
   */
  groupCommit?: boolean;
  /** SQLite page cache of this connection, in MB. Default: SQLite's (2 MB); a bulk load wants more. */
  cacheSizeMb?: number;
  /**
   * Checkpoints in a worker thread (background-checkpointer.ts) instead of in the append that
   * fills the WAL: what a service that appends wants. Default false (SQLite's own, in the append);
   * no effect on ':memory:'.
   */
  checkpointInBackground?: boolean;
}

/** One stream's append among several committed together (appendBatch, group commit). */
export interface AppendRequest {
  streamId: string;
  expected: ExpectedVersion;
  events: NewEvent[];
}

/** An append whose events were checked and serialised by prepareEvent. */
export interface PreparedAppendRequest {
  streamId: string;
  expected: ExpectedVersion;
  events: PreparedEvent[];
}

/** An append checked and serialised, waiting for its group's transaction. */
interface QueuedAppend {
  streamId: string;
  expected: ExpectedVersion;
  events: PreparedEvent[];
  recordedAt: string;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** What one append of a group came to. */
type GroupOutcome = { result: AppendResult } | { error: unknown };

/** The SQL function through which readAllOf's filter sees each row's stream. */
const KEEP_STREAM = 'ledger_keep_stream';

const COLUMNS = 'global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at';

interface ExistingEvent {
  stream_id: string;
  stream_version: bigint;
  global_position: bigint;
}

function checkTarget(streamId: string, expected: ExpectedVersion): void {
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.startsWith('$')) {
    // '$' streams are EventStoreDB's system streams: refused here too, so both adapters agree.
    throw new InvalidEventError(`${JSON.stringify(streamId)} is not a valid stream id.`);
  }
  checkExpectedVersion(expected);
}

/** The EventStore port on one SQLite file, shared safely by several connections and processes. */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly upcasters: UpcasterRegistry;
  private readonly notifierKey: NotifierKey;
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;
  private readonly statements;
  /** The filter of the readAllOf running (synchronously) on this connection. */
  private keepStream: (streamId: string) => boolean = () => true;
  private readonly groupCommit: boolean;
  /** Appends waiting for the next group commit. */
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  /** One append inside the group's transaction: a savepoint, so that its failure undoes only itself. */
  private readonly appendInSavepoint: (append: QueuedAppend) => AppendResult;
  /**
   * A group's IMMEDIATE transaction, wrapped once: better-sqlite3 builds four wrappers and their
   * properties for each db.transaction(), which cost about as much as the INSERT of an append.
   */
  private readonly commitGroup: (group: QueuedAppend[], outcomes: GroupOutcome[]) => void;
  private checkpointer?: BackgroundCheckpointer;

  constructor(
    file: string,
    private readonly options: SqliteEventStoreOptions = {},
  ) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db = openEventStoreDatabase(file, { busyTimeoutMs });
    if (options.checkpointInBackground && !isInMemory(file)) {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new BackgroundCheckpointer(file, busyTimeoutMs, () => {
        // The thread is gone: checkpoint in the appends again rather than let the WAL grow.
        this.checkpointer = undefined;
        if (!this.closed) this.db.pragma('wal_autocheckpoint = 1000');
      });
    }
    this.db.function(KEEP_STREAM, { deterministic: true }, (streamId) =>
      this.keepStream(streamId as string) ? 1 : 0,
    );
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.notifierKey = isInMemory(file) ? Symbol(file) : realpathSync(file);
    this.statements = {
      head: this.db.prepare<[], { head: bigint }>(
        'SELECT coalesce(max(global_position), 0) AS head FROM events',
      ),
      streamHead: this.db.prepare<[string], { stream_version: bigint; global_position: bigint }>(
        'SELECT stream_version, global_position FROM events WHERE stream_id = ? ORDER BY stream_version DESC LIMIT 1',
      ),
      byEventId: this.db.prepare<[string], ExistingEvent>(
        'SELECT stream_id, stream_version, global_position FROM events WHERE event_id = ?',
      ),
      insert: this.db.prepare(
        `INSERT INTO events (${COLUMNS}) VALUES (@position, @streamId, @version, @eventId, @type, @data, @metadata, @recordedAt)`,
      ),
      // Raw mode (rows as arrays), as the log scans: no object per row only to read it once.
      readStream: this.db
        .prepare<[string], RawEventRow>(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? ORDER BY stream_version`,
        )
        .raw(true),
      readAll: this.db
        .prepare<[bigint, number], RawEventRow>(
          `SELECT ${COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
        )
        .raw(true),
      // The data and metadata only of the streams the filter keeps: the others' are neither read
      // from their pages nor turned into strings.
      readAllOf: this.db
        .prepare<[bigint, number], RawEventRow>(
          `SELECT global_position, stream_id, stream_version, event_id, type,
             CASE WHEN ${KEEP_STREAM}(stream_id) THEN data END, CASE WHEN ${KEEP_STREAM}(stream_id) THEN metadata END, recorded_at
           FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
        )
        .raw(true),
    };
    this.groupCommit = options.groupCommit ?? true;
    if (options.cacheSizeMb !== undefined)
      this.db.pragma(`cache_size = ${-Math.round(options.cacheSizeMb * 1024)}`);
    this.appendInSavepoint = this.db.transaction((append: QueuedAppend) =>
      this.appendLocked(append.streamId, append.expected, append.events, append.recordedAt),
    );
    this.commitGroup = this.db.transaction((group: QueuedAppend[], outcomes: GroupOutcome[]) =>
      this.appendGroupLocked(group, outcomes),
    ).immediate;
  }

  async readStream(streamId: string): Promise<ReadStreamResult> {
    const rows = this.statements.readStream.all(streamId);
    const events = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = rawRowToRecordedEvent(rows[i], this.upcasters);
    const last = events[events.length - 1];
    return { events, currentVersion: last ? last.streamVersion : 'no_stream' };
  }

  async appendToStream(
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
  ): Promise<AppendResult> {
    const prepared = this.prepareAppend(streamId, expected, events); // a bad event writes nothing
    if (this.closed) throw new Error('The event store is closed.');
    const recordedAt = (this.options.now?.() ?? new Date()).toISOString();
    if (!this.groupCommit) {
      // IMMEDIATE takes the write lock before reading the version: no other connection can append
      // between our check and our insert, and positions are handed out in commit order.
      const result = this.db
        .transaction(() => this.appendLocked(streamId, expected, prepared, recordedAt))
        .immediate();
      this.committed(result.appended ? prepared.length : 0);
      return result;
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, expected, events: prepared, recordedAt, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // After the I/O callbacks of this turn: the appends of every request handled meanwhile join.
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * Appends to several streams in ONE transaction (one fsync): the bulk path of an import or a
   * seed. Each request is checked as appendToStream checks it (expected version, idempotent retry);
   * the first refusal rolls the whole batch back and is thrown.
   */
  async appendBatch(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const prepared = requests.map(({ streamId, expected, events }) => ({
      streamId,
      expected,
      events: this.prepareAppend(streamId, expected, events),
    }));
    return this.appendPreparedBatch(prepared);
  }

  /**
   * appendBatch for events already checked and serialised by `prepareEvent` (event-rows.ts),
   * e.g. in another thread: a seed's generator threads serialise, one connection writes.
   */
  async appendPreparedBatch(requests: readonly PreparedAppendRequest[]): Promise<AppendResult[]> {
    for (const { streamId, expected } of requests) checkTarget(streamId, expected);
    if (this.closed) throw new Error('The event store is closed.');
    const recordedAt = (this.options.now?.() ?? new Date()).toISOString();
    this.flush(); // appends queued before this batch commit before it
    const results = this.db
      .transaction(() =>
        requests.map((request) =>
          this.appendLocked(request.streamId, request.expected, request.events, recordedAt),
        ),
      )
      .immediate();
    this.committed(
      results.reduce((sum, result, index) => sum + (result.appended ? requests[index].events.length : 0), 0),
    );
    return results;
  }

  async readAll({ after, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    checkPosition('readAll: after', after);
    const limit = maxCount === undefined ? -1 : checkCount('readAll: maxCount', maxCount);
    return this.readBatch(after, limit);
  }

  async readAllOf(
    { after, maxCount }: ReadAllOptions,
    keep: (streamId: string) => boolean,
  ): Promise<FilteredBatch> {
    checkPosition('readAllOf: after', after);
    const limit = maxCount === undefined ? -1 : checkCount('readAllOf: maxCount', maxCount);
    this.keepStream = keep;
    let rows: RawEventRow[];
    try {
      rows = this.statements.readAllOf.all(after, limit);
    } finally {
      this.keepStream = () => true;
    }
    const events: RecordedEvent[] = [];
    // A row of a stream not kept has no data (NOT NULL otherwise).
    for (const row of rows)
      if ((row[5] as string | null) !== null) events.push(rawRowToRecordedEvent(row, this.upcasters));
    return {
      events,
      scanned: rows.length,
      scannedUpTo: rows.length > 0 ? rows[rows.length - 1][0] : after,
    };
  }

  subscribe(options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('The event store is closed.');
    if (typeof options.handle !== 'function') throw new TypeError('subscribe: handle must be a function.');
    const subscription = new PollingSubscription({
      after: checkPosition('subscribe: after', options.after),
      handle: options.handle,
      batchSize: checkCount('subscribe: batchSize', options.batchSize ?? this.options.batchSize ?? 100),
      pollIntervalMs: this.options.pollIntervalMs ?? 100,
      readBatch: (after, maxCount) => this.readBatch(after, maxCount),
      onAppend: (listener) => onAppend(this.notifierKey, listener),
      onEnd: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    return this.statements.head.get()!.head;
  }

  /**
   * Commits the appends still waiting for their group, stops this instance's subscriptions
   * (letting in-flight handlers finish), then closes the file.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.checkpointer?.stop();
    this.db.close();
  }

  /** Checks what can be checked without the database, and serialises the events. */
  private prepareAppend(streamId: string, expected: ExpectedVersion, events: NewEvent[]): PreparedEvent[] {
    checkTarget(streamId, expected);
    const prepared = events.map(prepareEvent);
    if (prepared.length > 1) {
      const ids = prepared.map((event) => event.eventId);
      const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
      if (repeated.length > 0)
        throw new DuplicateEventIdError(streamId, repeated, 'appear twice in the same batch');
    }
    return prepared;
  }

  /**
   * Commits the queued appends together: one IMMEDIATE transaction (the write lock is taken before
   * any version is read, so positions follow commit order), a savepoint per append so that a
   * refused one (a conflict, a reused id) undoes only itself, one fsync at COMMIT. Each caller is
   * answered after the COMMIT: nobody is told "stored" before it is on disk. A failed COMMIT fails
   * every append of the group, none of which is then stored.
   */
  private flush(): void {
    this.flushScheduled = false;
    const group = this.queue;
    if (group.length === 0) return;
    this.queue = [];
    const outcomes: GroupOutcome[] = [];
    try {
      this.commitGroup(group, outcomes);
    } catch (error) {
      // A single append's own refusal lands here too (no savepoint for one): it is that append's error.
      for (const append of group) append.reject(error);
      return;
    }
    this.committed(
      outcomes.reduce(
        (sum, outcome, index) =>
          sum + ('result' in outcome && outcome.result.appended ? group[index].events.length : 0),
        0,
      ),
    );
    group.forEach((append, index) => {
      const outcome = outcomes[index];
      if ('result' in outcome) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
  }

  /** After a commit: the subscriptions woken if it stored events, the checkpointer told. */
  private committed(events: number): void {
    if (events === 0) return;
    notifyAppend(this.notifierKey);
    this.checkpointer?.committed(events);
  }

  /** The appends of a group, inside its transaction: each one's result or refusal in `outcomes`. */
  private appendGroupLocked(group: QueuedAppend[], outcomes: GroupOutcome[]): void {
    if (group.length === 1) {
      const [only] = group;
      outcomes.push({
        result: this.appendLocked(only.streamId, only.expected, only.events, only.recordedAt),
      });
      return;
    }
    for (const append of group) {
      try {
        outcomes.push({ result: this.appendInSavepoint(append) });
      } catch (error) {
        outcomes.push({ error });
      }
    }
  }

  private readBatch(after: bigint, maxCount: number): RecordedEvent[] {
    const rows = this.statements.readAll.all(after, maxCount);
    const events = new Array<RecordedEvent>(rows.length);
    for (let i = 0; i < rows.length; i++) events[i] = rawRowToRecordedEvent(rows[i], this.upcasters);
    return events;
  }

  /** Runs inside the IMMEDIATE transaction: any throw rolls everything back. */
  private appendLocked(
    streamId: string,
    expected: ExpectedVersion,
    events: PreparedEvent[],
    recordedAt: string,
  ): AppendResult {
    const last = this.statements.streamHead.get(streamId);
    const current: ExpectedVersion = last ? last.stream_version : 'no_stream';

    // Idempotency before the version check: a retried command arrives with a stale expected
    // version by construction, and must be told "done" rather than "conflict".
    const existing = events.map((event) => this.statements.byEventId.get(event.eventId));
    if (existing.some((row) => row !== undefined))
      return this.retryResult(streamId, events, existing, current);

    if (expected !== current) throw new ConcurrencyError(streamId, expected, current);
    if (events.length === 0) {
      // Nothing to write. -1n is "still no stream" (see AppendResult.nextExpectedVersion).
      return {
        appended: false,
        nextExpectedVersion: last?.stream_version ?? -1n,
        lastGlobalPosition: last?.global_position ?? 0n,
      };
    }

    let position = this.statements.head.get()!.head;
    let version = last ? last.stream_version : -1n;
    for (const event of events) {
      position += 1n;
      version += 1n;
      this.statements.insert.run({
        position,
        streamId,
        version,
        eventId: event.eventId,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
        recordedAt: event.recordedAt ?? recordedAt,
      });
    }
    return { appended: true, nextExpectedVersion: version, lastGlobalPosition: position };
  }

  /** All ids stored in this stream at consecutive versions is a retry; anything else is refused. */
  private retryResult(
    streamId: string,
    events: PreparedEvent[],
    existing: (ExistingEvent | undefined)[],
    current: ExpectedVersion,
  ): AppendResult {
    const first = existing[0];
    const isWholeRetry =
      first !== undefined &&
      existing.every(
        (row, index) =>
          row !== undefined &&
          row.stream_id === streamId &&
          row.stream_version === first.stream_version + BigInt(index),
      );
    if (!isWholeRetry || current === 'no_stream') {
      const found = events.filter((_, index) => existing[index] !== undefined).map((event) => event.eventId);
      throw new DuplicateEventIdError(
        streamId,
        found,
        'are already stored, but not as this exact batch on this stream (partial retry, or ids reused)',
      );
    }
    return {
      appended: false,
      nextExpectedVersion: current,
      lastGlobalPosition: existing[existing.length - 1]!.global_position,
    };
  }
}
