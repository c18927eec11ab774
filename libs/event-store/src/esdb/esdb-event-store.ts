import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  WrongExpectedVersionError,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Direction,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import { ConcurrencyError, DuplicateEventIdError, InvalidEventError } from '../errors';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamResult,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { checkCount, checkExpectedVersion, checkPosition } from '../serialization/argument-checks';
import { UpcasterRegistry } from '../serialization/upcasters';
import { isStreamNotFound, translateError } from './esdb-errors';
import { toEventData, toRecordedEvent } from './esdb-events';
import { decodePosition, encodePosition } from './esdb-positions';
import { retryResult, storedIdsOf, type StoredIds } from './esdb-retries';
import { EsdbSubscription, type ReconnectPolicy, type SubscriptionDropListener } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /** Upcasters applied on every read; the store itself knows no event type. Default: none. */
  upcasters?: UpcasterRegistry;
  /**
   * Stream-name prefixes of the ledger's streams (per licence: `licence-<number>`, and its letters
   * `letters-<number>`, written by the letters workflow).
   * `$all` holds system events and maybe other applications' streams: readAll, headPosition and
   * subscriptions see only these streams, and appends elsewhere are refused, since their events
   * would be invisible to the processors. Default `['licence-', 'letters-']`.
   */
  streamPrefixes?: readonly string[];
  /** Default batch size of subscriptions. Default 100. */
  batchSize?: number;
  /** Events per page when reading `$all` (the client cannot filter those reads). Default 500. */
  readPageSize?: number;
  /** Backoff of a subscription's resubscriptions. Default 100 ms doubling up to 5 s. */
  reconnect?: Partial<ReconnectPolicy>;
  /** Told about each subscription drop (for logs and metrics); resubscribing is automatic. */
  onSubscriptionDrop?: SubscriptionDropListener;
}

const DEFAULT_PREFIXES = ['licence-', 'letters-'];

/**
 * The EventStore port on EventStoreDB (`@eventstore/db-client`, gRPC), one stream per licence.
 * Appends always name the exact expected revision (never `any`, whose deduplication relies on a
 * server cache that can miss) and use event ids derived from the commandId, so that a retried
 * command is recognised: first by reading the stream (as the SQLite adapter does in its
 * transaction), then by the server itself when a retry races another writer.
 * Global positions pack `$all`'s (commit, prepare) pair into one bigint (esdb-positions.ts).
 *
 * Where it cannot do what the SQLite adapter does, because the server keeps no index of event ids:
 * - an id already stored in *another* stream is not detected (the append succeeds);
 * - of two identical retries racing each other, both may report `appended: true` (the server
 *   stores the events once and does not say which call wrote them);
 * - an append costs two reads besides the write (the stream before, the last event after, for its
 *   exact position): licence streams are short, and correctness beats a round trip here.
 */
export class EsdbEventStore implements EventStore {
  private readonly upcasters: UpcasterRegistry;
  private readonly prefixes: readonly string[];
  private readonly pageSize: number;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private readonly client: EventStoreDBClient;
  private readonly ownsClient: boolean;
  private closed = false;

  /** E.g. `esdb://127.0.0.1:2113?tls=false` (ESDB_CONNECTION_STRING). Connects lazily. */
  static fromConnectionString(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(connectionString, options);
  }

  /**
   * A connection string (the store owns the client and disposes of it on close) or a client the
   * caller owns. The string form also lets a child process build the store from JSON arguments.
   */
  constructor(
    client: EventStoreDBClient | string,
    private readonly options: EsdbEventStoreOptions = {},
  ) {
    this.ownsClient = typeof client === 'string';
    this.client = typeof client === 'string' ? EventStoreDBClient.connectionString(client) : client;
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.prefixes = options.streamPrefixes ?? DEFAULT_PREFIXES;
    if (
      this.prefixes.length === 0 ||
      this.prefixes.some((p) => typeof p !== 'string' || p === '' || p.startsWith('$'))
    ) {
      throw new TypeError('streamPrefixes must be non-empty strings not starting with "$".');
    }
    // Two at least: a backwards page restarts at the last event of the previous one.
    this.pageSize = checkCount('readPageSize', options.readPageSize ?? 500, 2);
  }

  async readStream(streamId: string): Promise<ReadStreamResult> {
    this.checkOpen();
    const records = await this.readRecords(streamId);
    const events = records.map((record) => toRecordedEvent(record, this.upcasters));
    const last = events[events.length - 1];
    return { events, currentVersion: last ? last.streamVersion : 'no_stream' };
  }

  async appendToStream(
    streamId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
  ): Promise<AppendResult> {
    this.checkOpen();
    this.checkStreamId(streamId);
    checkExpectedVersion(expected);
    const data = events.map(toEventData); // before any call: a bad event sends nothing
    const ids = data.map((event) => event.id);
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    if (repeated.length > 0)
      throw new DuplicateEventIdError(streamId, repeated, 'appear twice in the same batch');

    // Idempotency before the version check, as on SQLite: a retried command arrives with a stale
    // expected version by construction, and must be told "done" rather than "conflict".
    const before = await this.storedIds(streamId, ids);
    if (before.found.some((record) => record !== undefined)) return retryResult(streamId, ids, before);
    if (expected !== before.current) throw new ConcurrencyError(streamId, expected, before.current);
    if (data.length === 0) {
      // Nothing to write, and the read has checked the version. -1n is "still no stream".
      return {
        appended: false,
        nextExpectedVersion: before.last?.revision ?? -1n,
        lastGlobalPosition: before.last?.position ? encodePosition(before.last.position) : 0n,
      };
    }

    let nextRevision: bigint;
    try {
      const result = await this.client.appendToStream(streamId, data, {
        expectedRevision: expected === 'no_stream' ? NO_STREAM : expected,
      });
      // Only a client built with throwOnAppendFailure=false answers a conflict this way, and on
      // BatchAppend with a wrong revision: never trust it, re-read.
      if (!result.success) return await this.afterConflict(streamId, expected, ids, undefined);
      nextRevision = result.nextExpectedRevision;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) translateError(`append to ${streamId}`, error);
      return await this.afterConflict(streamId, expected, ids, error.actualVersion);
    }
    // The append's answer carries one position for the whole write, and which event's it is has
    // varied between server versions: the stored last event's own position is exact.
    const [last] = await this.readRecords(streamId, { fromRevision: nextRevision, maxCount: 1 });
    if (!last?.position || last.id.toLowerCase() !== ids[ids.length - 1]) {
      throw new Error(`Stream ${streamId}: revision ${nextRevision} is not the event just appended.`);
    }
    // The server may also have recognised a concurrent identical retry and written nothing; it
    // does not say which, so `appended` is true here in that rare race (never a duplicate).
    return {
      appended: true,
      nextExpectedVersion: nextRevision,
      lastGlobalPosition: encodePosition(last.position),
    };
  }

  async readAll({ after, maxCount }: ReadAllOptions): Promise<RecordedEvent[]> {
    this.checkOpen();
    checkPosition('readAll: after', after);
    const limit = maxCount === undefined ? Infinity : checkCount('readAll: maxCount', maxCount);
    const events: RecordedEvent[] = [];
    let from: ReadPosition = after === 0n ? START : decodePosition(after);
    let seen = after;
    for (;;) {
      const page = await this.readAllPage(from, FORWARDS);
      for (const resolved of page) {
        const position = encodePosition(resolved.event!.position);
        // A read from a position includes the event there; the port's `after` excludes it.
        if (position <= seen) continue;
        seen = position;
        const event = this.toOwnEvent(resolved);
        if (event) events.push(event);
        if (events.length >= limit) return events;
      }
      if (page.length < this.pageSize) return events;
      from = page[page.length - 1].event!.position;
    }
  }

  subscribe(options: SubscribeOptions): Subscription {
    this.checkOpen();
    if (typeof options.handle !== 'function') throw new TypeError('subscribe: handle must be a function.');
    const subscription = new EsdbSubscription({
      after: checkPosition('subscribe: after', options.after),
      handle: options.handle,
      batchSize: checkCount('subscribe: batchSize', options.batchSize ?? this.options.batchSize ?? 100),
      reconnect: {
        initialDelayMs: this.options.reconnect?.initialDelayMs ?? 100,
        maxDelayMs: this.options.reconnect?.maxDelayMs ?? 5000,
      },
      open: (after) =>
        this.client.subscribeToAll({
          // Exclusive of the position: the last event the processor handled.
          fromPosition: after === 0n ? START : decodePosition(after),
          // Filtered by the server; checked again by toOwnEvent.
          filter: streamNameFilter({ prefixes: [...this.prefixes] }),
        }),
      toEvent: (resolved) => this.toOwnEvent(resolved),
      onDrop: this.options.onSubscriptionDrop,
      onEnd: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint> {
    this.checkOpen();
    let from: ReadPosition = END;
    for (;;) {
      const page = await this.readAllPage(from, BACKWARDS);
      const own = page.find((resolved) => this.isOwn(resolved));
      if (own) return encodePosition(own.event!.position);
      if (page.length < this.pageSize) return 0n;
      from = page[page.length - 1].event!.position;
    }
  }

  /** Stops this instance's subscriptions (letting in-flight handlers finish), then the client. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.ownsClient) await this.client.dispose();
  }

  /**
   * Someone wrote between our read and our append: the same command retried elsewhere (then it is
   * done), or another command (a conflict to re-decide).
   */
  private async afterConflict(
    streamId: string,
    expected: ExpectedVersion,
    ids: string[],
    reported: unknown,
  ): Promise<AppendResult> {
    const after = await this.storedIds(streamId, ids);
    if (after.found.some((record) => record !== undefined)) return retryResult(streamId, ids, after);
    const actual = reported === 'no_stream' || typeof reported === 'bigint' ? reported : after.current;
    throw new ConcurrencyError(streamId, expected, actual);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('The event store is closed.');
  }

  private checkStreamId(streamId: string): void {
    if (typeof streamId !== 'string' || streamId.length === 0 || streamId.startsWith('$')) {
      throw new InvalidEventError(`${JSON.stringify(streamId)} is not a valid stream id.`);
    }
    if (!this.prefixes.some((prefix) => streamId.startsWith(prefix))) {
      throw new InvalidEventError(
        `Stream ${JSON.stringify(streamId)} is outside this store's streams (${this.prefixes.join(', ')}): ` +
          'its events would never reach the subscriptions.',
      );
    }
  }

  private isOwn(resolved: AllStreamResolvedEvent): boolean {
    const event = resolved.event;
    return (
      event !== undefined &&
      !event.streamId.startsWith('$') &&
      !event.type.startsWith('$') &&
      this.prefixes.some((prefix) => event.streamId.startsWith(prefix))
    );
  }

  private toOwnEvent(resolved: AllStreamResolvedEvent): RecordedEvent | undefined {
    return this.isOwn(resolved) ? toRecordedEvent(resolved.event!, this.upcasters) : undefined;
  }

  /** A stream's raw records (no upcasting); a missing stream reads as none. */
  private async readRecords(
    streamId: string,
    options: { fromRevision?: bigint; maxCount?: number } = {},
  ): Promise<EsdbRecordedEvent[]> {
    const records: EsdbRecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, options)) {
        if (resolved.event) records.push(resolved.event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      translateError(`read of ${streamId}`, error);
    }
    return records;
  }

  private async readAllPage(from: ReadPosition, direction: Direction): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    try {
      for await (const resolved of this.client.readAll({
        fromPosition: from,
        direction,
        maxCount: this.pageSize,
      })) {
        if (resolved.event) page.push(resolved);
      }
    } catch (error) {
      translateError('read of $all', error);
    }
    return page;
  }

  /** The stream as it is now, seen from the batch's ids (see esdb-retries.ts). */
  private async storedIds(streamId: string, ids: string[]): Promise<StoredIds> {
    return storedIdsOf(await this.readRecords(streamId), ids);
  }
}
