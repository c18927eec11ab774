import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent, Subscription } from '@ledger/event-store';
import {
  type ContractContext,
  deferred,
  eventually,
  ids,
  newEvents,
  positions,
  PROCESS_TEST_TIMEOUT_MS,
  sleep,
  uniqueStreamId,
} from './contract-fixture';

const ascending = (values: bigint[]): boolean =>
  values.every((value, index) => index === 0 || values[index - 1] < value);

/** Subscriptions from a checkpoint: what the processors of CONVENTIONS 6 stand on. */
export function subscriptionContract({ store, open, capabilities }: ContractContext): void {
  /** Subscribes and collects this test's events only (a shared server holds others). */
  function collect(streams: string[], after: bigint, batchSize?: number) {
    const seen: RecordedEvent[] = [];
    const subscription = store().subscribe({
      after,
      batchSize,
      handle: (events) => {
        seen.push(...events.filter((event) => streams.includes(event.streamId)));
      },
    });
    return { seen, subscription };
  }

  async function stopCleanly(subscription: Subscription): Promise<void> {
    await subscription.stop();
    await expect(subscription.done).resolves.toBeUndefined();
  }

  describe('subscribing to the global log', () => {
    it('a subscription catches up from its checkpoint, then receives live appends in order', async () => {
      const stream = uniqueStreamId();
      const head = await store().headPosition();
      const early = newEvents(3);
      await store().appendToStream(stream, 'no_stream', early);

      const { seen, subscription } = collect([stream], head, 2);
      await eventually(() => seen.length === 3, 5000, 'catch-up');
      const late = newEvents(2);
      await store().appendToStream(stream, 2n, late.slice(0, 1));
      await store().appendToStream(stream, 3n, late.slice(1));
      await eventually(() => seen.length === 5, 5000, 'live appends');

      await stopCleanly(subscription);
      expect(ids(seen)).toEqual(ids([...early, ...late]));
      expect(ascending(positions(seen))).toBe(true);
    });

    it('batches are handed over one at a time: the next waits until the previous handler has finished', async () => {
      const stream = uniqueStreamId();
      const head = await store().headPosition();
      const written = newEvents(10);
      await store().appendToStream(stream, 'no_stream', written);
      const seen: RecordedEvent[] = [];
      const sizes: number[] = [];
      let running = 0;
      let overlaps = 0;

      const subscription = store().subscribe({
        after: head,
        batchSize: 3,
        handle: async (events) => {
          if (++running > 1) overlaps++;
          sizes.push(events.length);
          await sleep(3); // a slow projection: a fire-and-forget caller would overlap here
          seen.push(...events.filter((event) => event.streamId === stream));
          running--;
        },
      });
      for (let version = 9n; version < 14n; version++) {
        const [event] = newEvents(1);
        written.push(event);
        await store().appendToStream(stream, version, [event]);
        await sleep(1);
      }
      await eventually(() => seen.length === 15, 5000, 'all fifteen events');

      await stopCleanly(subscription);
      expect(overlaps).toBe(0);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
      expect(ids(seen)).toEqual(ids(written));
    });

    it('resubscribing from the last checkpoint delivers every event exactly once', async () => {
      const stream = uniqueStreamId();
      const head = await store().headPosition();
      const written = newEvents(4);
      await store().appendToStream(stream, 'no_stream', written);
      const firstRun: RecordedEvent[] = [];
      let checkpoint = head;
      const halfway = deferred();
      const first = store().subscribe({
        after: head,
        batchSize: 1,
        handle: (events) => {
          firstRun.push(...events.filter((event) => event.streamId === stream));
          checkpoint = events[events.length - 1].globalPosition; // stored with the projection's writes
          if (firstRun.length >= 2) halfway.resolve();
        },
      });
      await halfway.promise;
      await stopCleanly(first);
      const more = newEvents(2);
      written.push(...more);
      await store().appendToStream(stream, 3n, more);

      const { seen: secondRun, subscription: second } = collect([stream], checkpoint);
      await eventually(() => firstRun.length + secondRun.length >= 6, 5000, 'the rest of the stream');
      await sleep(20); // room for a duplicate to show up
      await stopCleanly(second);

      expect(ids([...firstRun, ...secondRun])).toEqual(ids(written));
    });

    it.each([
      [
        'throws',
        () => {
          throw new Error('projection bug');
        },
      ],
      [
        'rejects',
        async () => {
          throw new Error('projection bug');
        },
      ],
    ])('a handler that %s ends the subscription and rejects done', async (_, handle) => {
      const stream = uniqueStreamId();
      const head = await store().headPosition();
      await store().appendToStream(stream, 'no_stream', newEvents(1));
      let calls = 0;

      const subscription = store().subscribe({
        after: head,
        handle: () => {
          calls++;
          return handle();
        },
      });

      await expect(subscription.done).rejects.toThrow('projection bug');
      await store().appendToStream(stream, 0n, newEvents(1));
      await sleep(30);
      expect(calls).toBe(1);
      await expect(subscription.stop()).resolves.toBeUndefined();
    });

    it('stop waits for the handler call in flight, then done resolves', async () => {
      const head = await store().headPosition();
      await store().appendToStream(uniqueStreamId(), 'no_stream', newEvents(1));
      const entered = deferred();
      const release = deferred();
      let finished = false;
      const subscription = store().subscribe({
        after: head,
        handle: async () => {
          entered.resolve();
          await release.promise;
          finished = true;
        },
      });
      await entered.promise;

      let stopped = false;
      const stopping = subscription.stop().then(() => (stopped = true));
      await sleep(20);
      expect(stopped).toBe(false);
      release.resolve();
      await stopping;

      expect(finished).toBe(true);
      await expect(subscription.done).resolves.toBeUndefined();
    });

    (capabilities.anotherConnection ? it : it.skip)(
      'a subscription receives appends made through another connection',
      async () => {
        const other = await open('another-connection');
        const stream = uniqueStreamId();
        const { seen, subscription } = collect([stream], await store().headPosition());

        const written = newEvents(2);
        await other.appendToStream(stream, 'no_stream', written);
        await eventually(() => seen.length === 2, 5000, 'the other connection’s events');

        await stopCleanly(subscription);
        expect(ids(seen)).toEqual(ids(written));
      },
    );

    (capabilities.anotherProcess ? it : it.skip)(
      'a subscription receives appends made by another process',
      async () => {
        const other = await open('another-process');
        const stream = uniqueStreamId();
        const { seen, subscription } = collect([stream], await store().headPosition());

        const written = newEvents(2);
        await other.appendToStream(stream, 'no_stream', written.slice(0, 1));
        await other.appendToStream(stream, 0n, written.slice(1));
        await eventually(() => seen.length === 2, 5000, 'the other process’s events');

        await stopCleanly(subscription);
        expect(ids(seen)).toEqual(ids(written));
      },
      PROCESS_TEST_TIMEOUT_MS,
    );
  });
}
