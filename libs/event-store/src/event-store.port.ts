/**
 * The one EventStore port (CONVENTIONS 4). Versions and positions are bigint in code; adapters and
 * every boundary (JSON, GraphQL, checkpoints) carry them as decimal strings.
 */

/** Who did what, and why: kept apart from the business data of the event. */
export interface EventMetadata {
  /** The instant the store recorded the event (ISO 8601, UTC). Set by the store on append. */
  recordedAt: string;
  /** `sub` (and name) of the caller: a clerk, a holder, or the system. */
  actor: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  /** Version of the event's data shape, for upcasting on read. */
  schemaVersion: number;
  /**
   * The business day the command was handled on (YYYY-MM-DD: LEDGER_TODAY, or today in Paris).
   * Letters are dated by it, so that a replay dates them the same.
   */
  recordedOn?: string;
}

/** An event to append: the store sets id-independent fields (recordedAt) itself. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  /** Deterministic: derived from the commandId and the index in the command's batch. */
  eventId: string;
  type: Type;
  data: Data;
  metadata: Omit<EventMetadata, 'recordedAt'> & { recordedAt?: string };
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  streamId: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  /** 0-based revision within the stream. */
  streamVersion: bigint;
  /** Position in the global log: dense from 1 and in commit order on SQLite. */
  globalPosition: bigint;
}

/** What the caller expects the stream's last revision to be. */
export type ExpectedVersion = bigint | 'no_stream';

export interface ReadStreamResult {
  events: RecordedEvent[];
  /** Revision of the last event, or 'no_stream' when the stream is empty or missing. */
  currentVersion: ExpectedVersion;
}

export interface AppendResult {
  /**
   * The stream's revision after the call, to pass as the next expected version. -1n only when an
   * empty batch was appended to a stream that still does not exist (pass 'no_stream' next time).
   */
  nextExpectedVersion: bigint;
  lastGlobalPosition: bigint;
  /** False when every event was already there (an idempotent retry). */
  appended: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. 0n reads from the start. */
  after: bigint;
  maxCount?: number;
}

/** A batch of the log read through a stream filter (EventStore.readAllOf). */
export interface FilteredBatch {
  /** The events of the accepted streams, in log order. */
  events: RecordedEvent[];
  /** Events of the log read, accepted or not: 0 at the end of the log. */
  scanned: number;
  /** The position of the last event read, accepted or not: where the next read starts after. */
  scannedUpTo: bigint;
}

export interface Subscription {
  /** Stops the subscription; pending handler calls finish first. */
  stop(): Promise<void>;
  /** Settles when the subscription ends (stopped) or rejects when it dies. */
  readonly done: Promise<void>;
}

export interface SubscribeOptions {
  /** Exclusive start: the checkpoint last stored by the processor. */
  after: bigint;
  /** Called for each batch, in log order, awaited before the next one. */
  handle(events: RecordedEvent[]): Promise<void> | void;
  batchSize?: number;
}

export interface EventStore {
  readStream(streamId: string): Promise<ReadStreamResult>;
  appendToStream(streamId: string, expected: ExpectedVersion, events: NewEvent[]): Promise<AppendResult>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * As readAll (`maxCount` events of the log read), but only the events of the streams `keep`
   * accepts are returned: a store that can tests the stream before decoding the event. Optional:
   * `readAllOf` in this library falls back on readAll and a filter.
   */
  readAllOf?(options: ReadAllOptions, keep: (streamId: string) => boolean): Promise<FilteredBatch>;
  /** Catches up from `after`, then follows new appends live. */
  subscribe(options: SubscribeOptions): Subscription;
  /** The position of the last event in the global log, 0n when empty. */
  headPosition(): Promise<bigint>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
