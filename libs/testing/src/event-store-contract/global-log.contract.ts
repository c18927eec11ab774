import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@ledger/event-store';
import { type ContractContext, ids, newEvents, positions, uniqueStreamId } from './contract-fixture';

/** The global log, and what an event carries through the store. */
export function globalLogContract({ store, capabilities }: ContractContext): void {
  /** readAll after `after`, kept to the given streams (a shared server holds other events too). */
  const readOwn = async (after: bigint, streams: string[]): Promise<RecordedEvent[]> =>
    (await store().readAll({ after })).filter((event) => streams.includes(event.streamId));

  describe('the global log', () => {
    it('versions and positions are bigint everywhere, never number', async () => {
      const stream = uniqueStreamId();
      const result = await store().appendToStream(stream, 'no_stream', newEvents(1));
      const [event] = (await store().readStream(stream)).events;
      const [fromLog] = await readOwn(0n, [stream]);

      for (const value of [
        result.nextExpectedVersion,
        result.lastGlobalPosition,
        event.streamVersion,
        event.globalPosition,
        fromLog.streamVersion,
        fromLog.globalPosition,
        (await store().readStream(stream)).currentVersion,
        await store().headPosition(),
      ]) {
        expect(typeof value).toBe('bigint');
      }
    });

    it('global positions increase in commit order across streams', async () => {
      const [a, b] = [uniqueStreamId('a'), uniqueStreamId('b')];
      const head = await store().headPosition();
      const [a1, a2] = newEvents(2);
      const [b1] = newEvents(1);
      await store().appendToStream(a, 'no_stream', [a1]);
      await store().appendToStream(b, 'no_stream', [b1]);
      await store().appendToStream(a, 0n, [a2]);

      const log = await readOwn(head, [a, b]);
      expect(ids(log)).toEqual(ids([a1, b1, a2]));
      const logPositions = positions(log);
      expect([...logPositions].sort((x, y) => (x < y ? -1 : 1))).toEqual(logPositions);
      expect(new Set(logPositions).size).toBe(3);
      expect(logPositions[0] > head).toBe(true);
      await expect(store().headPosition()).resolves.toBe(logPositions[2]);
    });

    (capabilities.densePositions ? it : it.skip)(
      'global positions are dense from 1, with the head on the last',
      async () => {
        await expect(store().headPosition()).resolves.toBe(0n);
        await store().appendToStream(uniqueStreamId('a'), 'no_stream', newEvents(3));
        await store().appendToStream(uniqueStreamId('b'), 'no_stream', newEvents(2));

        expect(positions(await store().readAll({ after: 0n }))).toEqual([1n, 2n, 3n, 4n, 5n]);
        await expect(store().headPosition()).resolves.toBe(5n);
      },
    );

    it('readAll after a position is exclusive and honours maxCount', async () => {
      const stream = uniqueStreamId();
      const head = await store().headPosition();
      await store().appendToStream(stream, 'no_stream', newEvents(5));
      const all = await readOwn(head, [stream]);

      const afterSecond = await store().readAll({ after: all[1].globalPosition, maxCount: 2 });

      expect(ids(afterSecond)).toEqual(ids(all.slice(2, 4)));
      await expect(store().readAll({ after: all[4].globalPosition })).resolves.toEqual([]);
      expect(ids(await store().readAll({ after: head, maxCount: 1 }))).toEqual(ids(all.slice(0, 1)));
    });

    it('a number where a position belongs is refused, not silently truncated', async () => {
      await expect(store().readAll({ after: 0 as unknown as bigint })).rejects.toThrow();
    });
  });

  describe('what an event carries', () => {
    it('metadata round-trips (actor, commandId, correlationId, causationId, schemaVersion), with recordedAt set by the store', async () => {
      const stream = uniqueStreamId();
      const [event] = newEvents(1);
      const before = Date.now();
      await store().appendToStream(stream, 'no_stream', [event]);
      const after = Date.now();

      const [stored] = (await store().readStream(stream)).events;
      const { recordedAt, ...rest } = stored.metadata;
      expect(rest).toEqual(event.metadata);
      expect(recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      const instant = Date.parse(recordedAt);
      expect(instant).toBeGreaterThanOrEqual(before - 1);
      expect(instant).toBeLessThanOrEqual(after + 1);
      expect((await readOwn(0n, [stream]))[0].metadata).toEqual(stored.metadata);
    });

    it('a recordedAt given in metadata is kept, as the import tool needs', async () => {
      const stream = uniqueStreamId();
      const [event] = newEvents(1);
      const recordedAt = '2019-03-04T05:06:07.089Z';
      await store().appendToStream(stream, 'no_stream', [
        { ...event, metadata: { ...event.metadata, recordedAt } },
      ]);

      expect((await store().readStream(stream)).events[0].metadata.recordedAt).toBe(recordedAt);
    });

    it('data round-trips as JSON: unicode, nesting, arrays, null, numbers and booleans', async () => {
      const stream = uniqueStreamId();
      const data = {
        name: 'Zoë Łukasiewicz-Ñúñez 李小龍 عربى 🚗💨 e\u0301',
        quote: 'He said "no" \\ then left\n\ttab',
        nested: { level: { deeper: [1, 2.5, -3, { empty: {} }, []] } },
        nothing: null,
        flags: [true, false],
        big: Number.MAX_SAFE_INTEGER,
        date: '2024-02-29',
      };
      const [event] = newEvents(1, { data });
      await store().appendToStream(stream, 'no_stream', [event]);

      expect((await store().readStream(stream)).events[0]).toMatchObject({ type: event.type, data });
    });
  });
}
