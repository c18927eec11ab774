import {
  CURRENT_SCHEMA_VERSION,
  licenceStreamId,
  type CalendarDate,
  type LicenceEvent,
} from '@ledger/domain';
import {
  eventIdFor,
  SqliteEventStore,
  type EventStore,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '@ledger/event-store';
import {
  dumpProjection,
  LicenceProjection,
  LicenceQueries,
  ReadModelDatabase,
  type LicenceRow,
  type Projection,
  type ReadModelTx,
} from '@ledger/read-models';
import { A_HOLDER, LicenceScenario } from '@ledger/testing';

/** Every item of an async iterable (the due-licence finder's answer), in order. */
export async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const item of iterable) found.push(item);
  return found;
}

/** A licence story told through the real decider, on the given number. */
export const scenarioFor = (
  licenceNumber: string,
  issuedOn: CalendarDate,
  probationary = false,
): LicenceScenario =>
  new LicenceScenario().issue({
    licenceNumber,
    issuedOn,
    holder: A_HOLDER,
    probationary,
    earlyLearning: false,
  });

/** Domain events as the store would record them: one stream, consecutive versions and positions. */
export function asRecorded(
  events: readonly LicenceEvent[],
  {
    licenceNumber,
    streamId = licenceStreamId(licenceNumber),
    firstPosition = 1n,
    firstVersion = 0n,
  }: {
    licenceNumber: string;
    streamId?: string;
    firstPosition?: bigint;
    firstVersion?: bigint;
  },
): RecordedEvent[] {
  return events.map((event, index) => ({
    eventId: eventIdFor(`${streamId}:${firstVersion + BigInt(index)}`, 0),
    streamId,
    type: event.type,
    data: structuredClone(event.data),
    metadata: {
      recordedAt: '2024-01-01T00:00:00.000Z',
      actor: 'test',
      commandId: 'c',
      correlationId: 'c',
      causationId: 'c',
      schemaVersion: CURRENT_SCHEMA_VERSION,
    },
    streamVersion: firstVersion + BigInt(index),
    globalPosition: firstPosition + BigInt(index),
  }));
}

/** Appends a licence's events to its stream, after what the stream already holds. */
export async function appendTo(
  store: EventStore,
  licenceNumber: string,
  events: readonly LicenceEvent[],
): Promise<bigint> {
  const streamId = licenceStreamId(licenceNumber);
  const { currentVersion } = await store.readStream(streamId);
  const from = currentVersion === 'no_stream' ? 0n : currentVersion + 1n;
  const result = await store.appendToStream(
    streamId,
    currentVersion,
    events.map((event, index) => {
      const commandId = `${streamId}:${from + BigInt(index)}`;
      return {
        eventId: eventIdFor(commandId, 0),
        type: event.type,
        data: event.data,
        metadata: {
          actor: 'test',
          commandId,
          correlationId: commandId,
          causationId: commandId,
          schemaVersion: CURRENT_SCHEMA_VERSION,
        },
      };
    }),
  );
  return result.lastGlobalPosition;
}

/** A fresh in-memory read model with the licence projection. */
export function licenceReadModel(path = ':memory:') {
  const projection = new LicenceProjection();
  const database = ReadModelDatabase.open(path, [projection]);
  const queries = new LicenceQueries(database);
  const row = (licenceNumber: string) =>
    database.db.prepare('SELECT * FROM licences WHERE licence_number = ?').get(licenceNumber) as
      LicenceRow | undefined;
  const infractions = (licenceNumber: string) =>
    database.db
      .prepare('SELECT * FROM infractions WHERE licence_number = ? ORDER BY infraction_id')
      .all(licenceNumber);
  const dump = () => dumpProjection(database, projection);
  /** given(events): applied in batches of `batchSize`, each in its own transaction. */
  const given = (events: readonly RecordedEvent[], batchSize = events.length) => {
    for (let i = 0; i < events.length; i += Math.max(1, batchSize)) {
      const batch = events.slice(i, i + Math.max(1, batchSize));
      database.transaction(() => projection.apply(batch, database.tx(projection)));
    }
  };
  return { projection, database, queries, row, infractions, dump, given };
}

/** A projection that counts what it is given, to prove nothing is applied twice or skipped. */
export class CountingProjection implements Projection {
  readonly applied: bigint[] = [];
  constructor(readonly inner: Projection) {}
  get name() {
    return this.inner.name;
  }
  get tables() {
    return this.inner.tables;
  }
  apply(batch: readonly RecordedEvent[], tx: ReadModelTx): void {
    this.inner.apply(batch, tx);
    this.applied.push(...batch.map((event) => event.globalPosition));
  }
}

/**
 * A store whose subscriptions can be made to die: `dropAfterBatches` batches go through, then the
 * next one fails as a lost connection would (`done` rejects), once per `drops`.
 */
export class FlakyStore implements EventStore {
  subscriptions = 0;
  constructor(
    private readonly inner: EventStore,
    private drops: number,
    private readonly dropAfterBatches = 1,
    private readonly mode: 'reject' | 'end' = 'reject',
  ) {}
  readStream = (streamId: string) => this.inner.readStream(streamId);
  appendToStream: EventStore['appendToStream'] = (...args) => this.inner.appendToStream(...args);
  readAll: EventStore['readAll'] = (options) => this.inner.readAll(options);
  headPosition = () => this.inner.headPosition();
  close = () => this.inner.close();
  subscribe(options: SubscribeOptions): Subscription {
    this.subscriptions++;
    if (this.drops <= 0) return this.inner.subscribe(options);
    this.drops--;
    let batches = 0;
    let endEarly: (() => void) | undefined;
    const inner = this.inner.subscribe({
      ...options,
      handle: async (events) => {
        if (++batches > this.dropAfterBatches) {
          if (this.mode === 'reject') throw new Error('connection to the event store lost');
          endEarly?.(); // and the batch is never delivered
          void inner.stop();
          return;
        }
        return options.handle(events);
      },
    });
    if (this.mode === 'reject') return inner;
    // 'end': the subscription settles as if stopped, though nobody asked it to.
    const done = new Promise<void>((resolve) => (endEarly = resolve));
    return { done, stop: async () => void (await inner.stop().catch(() => undefined)) };
  }
}

export const memoryStore = () => new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
