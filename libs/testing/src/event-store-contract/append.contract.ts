import { describe, expect, it } from '@jest/globals';
import { ConcurrencyError, DuplicateEventIdError, type ExpectedVersion } from '@ledger/event-store';
import { type ContractContext, ids, newEvents, uniqueStreamId } from './contract-fixture';

/** Reading one stream and appending to it with an expected version (CONVENTIONS 4 and 5). */
export function appendContract({ store, capabilities }: ContractContext): void {
  describe('appending to a stream', () => {
    it("a stream never written reads as empty, at version 'no_stream'", async () => {
      await expect(store().readStream(uniqueStreamId())).resolves.toEqual({
        events: [],
        currentVersion: 'no_stream',
      });
    });

    it("appending with 'no_stream' creates the stream at version 0, then each append names the exact last version", async () => {
      const stream = uniqueStreamId();
      const first = newEvents(2);
      const second = newEvents(1);

      const created = await store().appendToStream(stream, 'no_stream', first);
      const continued = await store().appendToStream(stream, created.nextExpectedVersion, second);

      expect(created).toMatchObject({ appended: true, nextExpectedVersion: 1n });
      expect(continued).toMatchObject({ appended: true, nextExpectedVersion: 2n });
      const { events, currentVersion } = await store().readStream(stream);
      expect(currentVersion).toBe(2n);
      expect(ids(events)).toEqual(ids([...first, ...second]));
      expect(events.map((event) => event.streamVersion)).toEqual([0n, 1n, 2n]);
      expect(events.every((event) => event.streamId === stream)).toBe(true);
      expect(created.lastGlobalPosition).toBe(events[1].globalPosition);
      expect(continued.lastGlobalPosition).toBe(events[2].globalPosition);
    });

    it.each<[string, ExpectedVersion, ExpectedVersion]>([
      ["'no_stream' on an existing stream", 'no_stream', 1n],
      ['a version behind the stream', 0n, 1n],
      ['a version ahead of the stream', 5n, 1n],
      ['a version on a missing stream', 0n, 'no_stream'],
    ])('appending with %s throws a ConcurrencyError and appends nothing', async (_, expected, actual) => {
      const stream = uniqueStreamId();
      if (actual !== 'no_stream') await store().appendToStream(stream, 'no_stream', newEvents(2));
      const before = await store().readStream(stream);
      const head = await store().headPosition();

      const attempt = store().appendToStream(stream, expected, newEvents(1));

      await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(attempt).rejects.toMatchObject({
        streamId: stream,
        expectedVersion: expected,
        actualVersion: actual,
      });
      await expect(store().readStream(stream)).resolves.toEqual(before);
      await expect(store().headPosition()).resolves.toBe(head);
    });

    it('an empty append checks the expected version and writes nothing', async () => {
      const stream = uniqueStreamId();
      const created = await store().appendToStream(stream, 'no_stream', newEvents(1));

      const empty = await store().appendToStream(stream, 0n, []);

      expect(empty).toEqual({
        appended: false,
        nextExpectedVersion: 0n,
        lastGlobalPosition: created.lastGlobalPosition,
      });
      await expect(store().appendToStream(stream, 3n, [])).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store().appendToStream(uniqueStreamId(), 0n, [])).rejects.toBeInstanceOf(ConcurrencyError);
      expect((await store().readStream(stream)).events).toHaveLength(1);
    });

    it('retrying the same events (same ids) appends nothing and returns the same positions', async () => {
      const stream = uniqueStreamId();
      const batch = newEvents(2);
      const first = await store().appendToStream(stream, 'no_stream', batch);

      const retry = await store().appendToStream(stream, 'no_stream', batch);

      expect(retry).toEqual({ ...first, appended: false });
      // A retry that arrives after someone else appended still counts as done, at the current version.
      const later = await store().appendToStream(stream, first.nextExpectedVersion, newEvents(1));
      const lateRetry = await store().appendToStream(stream, 'no_stream', batch);
      expect(lateRetry).toEqual({
        appended: false,
        nextExpectedVersion: later.nextExpectedVersion,
        lastGlobalPosition: first.lastGlobalPosition,
      });
      expect((await store().readStream(stream)).events).toHaveLength(3);
    });

    it('event ids are stored lower-case, so a retry matches whatever case it uses', async () => {
      const stream = uniqueStreamId();
      const shouted = newEvents(1).map((event) => ({ ...event, eventId: event.eventId.toUpperCase() }));
      await store().appendToStream(stream, 'no_stream', shouted);

      const [stored] = (await store().readStream(stream)).events;
      expect(stored.eventId).toBe(shouted[0].eventId.toLowerCase());
      const retry = await store().appendToStream(stream, 'no_stream', [
        { ...shouted[0], eventId: stored.eventId },
      ]);
      expect(retry.appended).toBe(false);
    });

    it('a batch whose ids are only partly stored is refused with DuplicateEventIdError and appends nothing', async () => {
      const stream = uniqueStreamId();
      const batch = newEvents(2);
      await store().appendToStream(stream, 'no_stream', batch);
      const before = await store().readStream(stream);

      const partial = [batch[1], ...newEvents(1)];
      await expect(store().appendToStream(stream, 1n, partial)).rejects.toBeInstanceOf(DuplicateEventIdError);
      const reordered = [batch[1], batch[0]];
      await expect(store().appendToStream(stream, 1n, reordered)).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      await expect(store().readStream(stream)).resolves.toEqual(before);
    });

    (capabilities.uniqueEventIdsAcrossStreams ? it : it.skip)(
      'an event id already stored in another stream is refused with DuplicateEventIdError',
      async () => {
        const batch = newEvents(1);
        await store().appendToStream(uniqueStreamId('a'), 'no_stream', batch);
        const other = uniqueStreamId('b');

        await expect(store().appendToStream(other, 'no_stream', batch)).rejects.toBeInstanceOf(
          DuplicateEventIdError,
        );
        await expect(store().readStream(other)).resolves.toEqual({ events: [], currentVersion: 'no_stream' });
      },
    );

    it('the same id twice in one batch is refused', async () => {
      const [event] = newEvents(1);
      const stream = uniqueStreamId();
      await expect(store().appendToStream(stream, 'no_stream', [event, event])).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      expect((await store().readStream(stream)).events).toHaveLength(0);
    });

    it('a failing append loses nothing already stored and leaves no trace', async () => {
      const stream = uniqueStreamId();
      await store().appendToStream(stream, 'no_stream', newEvents(2));
      const before = await store().readStream(stream);
      const head = await store().headPosition();

      await expect(store().appendToStream(stream, 0n, newEvents(1))).rejects.toBeInstanceOf(ConcurrencyError);
      // The second event cannot be serialised: the first must not be stored alone.
      const [good, bad] = newEvents(2);
      await expect(
        store().appendToStream(stream, 1n, [good, { ...bad, data: { amount: 10n } }]),
      ).rejects.toThrow();

      await expect(store().readStream(stream)).resolves.toEqual(before);
      await expect(store().headPosition()).resolves.toBe(head);
      // The refused ids were not half-recorded either: the same events append cleanly afterwards.
      const retried = await store().appendToStream(stream, 1n, [good, bad]);
      expect(retried).toMatchObject({ appended: true, nextExpectedVersion: 3n });
    });
  });
}
