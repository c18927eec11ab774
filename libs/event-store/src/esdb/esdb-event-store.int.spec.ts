import { randomUUID } from 'node:crypto';
import { EsdbDouble } from '@ledger/testing/esdb-double';
import { EventStoreDBClient } from '@eventstore/db-client';
import { ConcurrencyError, EventStoreUnavailableError, InvalidEventError } from '../errors';
import { eventIdFor } from '../event-ids';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';
import { decodePosition } from './esdb-positions';

/** What only the EventStoreDB adapter has to say, beyond the shared contract (test/contract/). */

const licence = (): string => `licence-${randomUUID()}`;

const events = (count: number, commandId = randomUUID()): NewEvent[] =>
  Array.from({ length: count }, (_, index) => ({
    eventId: eventIdFor(commandId, index),
    type: 'PointsRestored',
    data: { index },
    metadata: {
      actor: 'test',
      commandId,
      correlationId: commandId,
      causationId: commandId,
      schemaVersion: 1,
    },
  }));

const ids = (list: { eventId: string }[]): string[] => list.map((event) => event.eventId);

async function eventually(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('EsdbEventStore on the gRPC double', () => {
  let double: EsdbDouble;
  const opened: EsdbEventStore[] = [];
  const open = (options: EsdbEventStoreOptions = {}): EsdbEventStore => {
    const store = EsdbEventStore.fromConnectionString(double.connectionString, options);
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    double = await EsdbDouble.start();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await double.stop();
  });

  it('the events of one append share a commit position and differ by prepare, and the packed position tells them apart', async () => {
    const store = open();
    const stream = licence();
    const result = await store.appendToStream(stream, 'no_stream', events(3));

    const stored = (await store.readStream(stream)).events;
    const pairs = stored.map((event) => decodePosition(event.globalPosition));
    expect(new Set(pairs.map((pair) => pair.commit)).size).toBe(1);
    expect(pairs[0].prepare < pairs[1].prepare && pairs[1].prepare < pairs[2].prepare).toBe(true);
    expect(pairs.map((pair) => [pair.commit, pair.prepare])).toEqual(
      double.log.stream(stream)!.map((event) => [event.commit, event.prepare]),
    );
    expect(result.lastGlobalPosition).toBe(stored[2].globalPosition);
    // Resuming after the first event of the transaction must not skip the other two.
    expect(ids(await store.readAll({ after: stored[0].globalPosition }))).toEqual(ids(stored.slice(1)));
  });

  it('system events and streams outside the prefixes are invisible to readAll, headPosition and subscriptions, across many pages', async () => {
    const store = open({ readPageSize: 3 });
    const outsider = open({ streamPrefixes: ['other-'] });
    const ours = licence();
    const written = events(2);
    await store.appendToStream(ours, 'no_stream', written.slice(0, 1));
    for (let n = 0; n < 7; n++) double.log.appendSystemEvent(`$stats-${n}`, '$statsCollected');
    await outsider.appendToStream(`other-${randomUUID()}`, 'no_stream', events(4));
    await store.appendToStream(ours, 0n, written.slice(1));
    for (let n = 0; n < 7; n++) double.log.appendSystemEvent('$settings', '$settings');

    const log = await store.readAll({ after: 0n });
    expect(ids(log)).toEqual(ids(written));
    await expect(store.headPosition()).resolves.toBe(log[1].globalPosition);
    expect(ids(await store.readAll({ after: 0n, maxCount: 1 }))).toEqual(ids(written.slice(0, 1)));

    const seen: RecordedEvent[] = [];
    const subscription = store.subscribe({ after: 0n, handle: (batch) => void seen.push(...batch) });
    await eventually(() => seen.length === 2, 'our two events');
    await subscription.stop();
    expect(ids(seen)).toEqual(ids(written));
  });

  it('an empty log reads as head 0 even though the server holds system events', async () => {
    await expect(open().headPosition()).resolves.toBe(0n);
    expect(double.log.all.length).toBeGreaterThan(0);
  });

  it('appends outside the ledger streams, to system streams, or with a reserved type are refused before any call', async () => {
    const store = open();
    const before = double.calls.read;
    await expect(store.appendToStream('other-1', 'no_stream', events(1))).rejects.toBeInstanceOf(
      InvalidEventError,
    );
    await expect(store.appendToStream('$licence-1', 'no_stream', events(1))).rejects.toBeInstanceOf(
      InvalidEventError,
    );
    const [event] = events(1);
    await expect(
      store.appendToStream(licence(), 'no_stream', [{ ...event, type: '$metadata' }]),
    ).rejects.toBeInstanceOf(InvalidEventError);
    expect(double.calls.read).toBe(before);
  });

  it('the same command retried at once from two connections is stored once', async () => {
    const stream = licence();
    const [a, b] = [open(), open()];
    await a.appendToStream(stream, 'no_stream', events(1));
    const batch = events(2);

    const results = await Promise.all([
      a.appendToStream(stream, 0n, batch),
      b.appendToStream(stream, 0n, batch),
    ]);

    expect(results.map((result) => result.nextExpectedVersion)).toEqual([2n, 2n]);
    expect(results[0].lastGlobalPosition).toBe(results[1].lastGlobalPosition);
    expect((await a.readStream(stream)).events.map((event) => event.eventId).slice(1)).toEqual(ids(batch));
  });

  it.each(['batch-append', 'unimplemented'] as const)(
    'a client that reports conflicts instead of throwing them (throwOnAppendFailure=false, %s) still gives a ConcurrencyError',
    async (serverFeatures) => {
      await double.stop();
      double = await EsdbDouble.start({ serverFeatures });
      const clients = [0, 1].map(() =>
        EventStoreDBClient.connectionString(`${double.connectionString}&throwOnAppendFailure=false`),
      );
      const [a, b] = clients.map((client) => new EsdbEventStore(client, {}));
      const stream = licence();
      await a.appendToStream(stream, 'no_stream', events(1));

      // Both read version 0; the server refuses the slower one.
      const attempts = await Promise.allSettled([
        a.appendToStream(stream, 0n, events(1)),
        b.appendToStream(stream, 0n, events(1)),
      ]);

      const refused = attempts.filter((attempt) => attempt.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({
        expectedVersion: 0n,
        actualVersion: 1n,
      });
      await Promise.all([a.close(), b.close()]);
      await Promise.all(clients.map((client) => client.dispose()));
    },
  );

  it('every call fails with the retriable EventStoreUnavailableError while the server is down', async () => {
    const store = open();
    const stream = licence();
    await store.appendToStream(stream, 'no_stream', events(1));
    await double.stop();

    for (const call of [
      () => store.appendToStream(stream, 0n, events(1)),
      () => store.readStream(stream),
      () => store.readAll({ after: 0n }),
      () => store.headPosition(),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    }
    await expect(store.readStream(stream)).rejects.toMatchObject({
      code: 'EVENT_STORE.UNAVAILABLE',
      category: 'UNAVAILABLE',
      retriable: true,
    });

    await double.restart();
    await expect(store.appendToStream(stream, 0n, events(1))).resolves.toMatchObject({
      nextExpectedVersion: 1n,
    });
  });

  it('a subscription the server ends without an error resubscribes after its last event, delivering nothing twice', async () => {
    const drops: unknown[] = [];
    const store = open({
      reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
      onSubscriptionDrop: (drop) => drops.push(drop),
    });
    const stream = licence();
    const written = events(3);
    await store.appendToStream(stream, 'no_stream', written);
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribe({ after: 0n, handle: (batch) => void seen.push(...batch) });
    await eventually(() => seen.length === 3, 'catch-up');

    double.endSubscriptions();
    await eventually(() => drops.length === 1, 'the drop');
    const more = events(2);
    written.push(...more);
    await store.appendToStream(stream, 2n, more);
    await eventually(() => seen.length >= 5, 'the live events after resubscribing');
    await new Promise((resolve) => setTimeout(resolve, 30));
    await subscription.stop();

    expect(ids(seen)).toEqual(ids(written));
    expect(drops[0]).toMatchObject({ error: undefined, attempt: 1 });
    expect(double.calls.subscribe).toBe(2);
  });

  it('a subscription waiting out an outage stops at once when asked, and done resolves', async () => {
    const drops: unknown[] = [];
    const store = open({
      reconnect: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      onSubscriptionDrop: (drop) => drops.push(drop),
    });
    const subscription = store.subscribe({ after: 0n, handle: () => undefined });
    await eventually(() => double.liveSubscriptions === 1, 'the subscription');
    await double.stop();
    await eventually(() => drops.length === 1, 'the drop');

    const started = Date.now();
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
