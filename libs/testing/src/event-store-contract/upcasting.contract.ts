import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@ledger/event-store';
import {
  CONTRACT_TAGGED,
  type ContractContext,
  deferred,
  newEvents,
  type TaggedV1,
  type TaggedV2,
  uniqueStreamId,
} from './contract-fixture';

/** Upcast-on-read (CONVENTIONS 9), with the registry the suite passed to the factory. */
export function upcastingContract({ store }: ContractContext): void {
  describe('upcasting on read', () => {
    it('an event stored at an old schema version reads in its current shape on every read path', async () => {
      const stream = uniqueStreamId();
      const head = await store().headPosition();
      const v1: TaggedV1 = { tag: 'urgent' };
      const [old] = newEvents(1, { type: CONTRACT_TAGGED, data: v1 });
      await store().appendToStream(stream, 'no_stream', [old]);

      const expected = { type: CONTRACT_TAGGED, data: { tags: ['urgent'] } satisfies TaggedV2 };
      const viaStream = (await store().readStream(stream)).events[0];
      const viaLog = (await store().readAll({ after: head })).find((event) => event.streamId === stream);
      const seen: RecordedEvent[] = [];
      const arrived = deferred();
      const subscription = store().subscribe({
        after: head,
        handle: (events) => {
          seen.push(...events.filter((event) => event.streamId === stream));
          if (seen.length > 0) arrived.resolve();
        },
      });
      await arrived.promise;
      await subscription.stop();

      for (const event of [viaStream, viaLog, seen[0]]) {
        expect(event).toMatchObject(expected);
        expect(event?.metadata.schemaVersion).toBe(2);
      }
    });

    it('an event stored at the current schema version reads unchanged', async () => {
      const stream = uniqueStreamId();
      const v2: TaggedV2 = { tags: ['a', 'b'] };
      const [current] = newEvents(1, { type: CONTRACT_TAGGED, data: v2, metadata: { schemaVersion: 2 } });
      await store().appendToStream(stream, 'no_stream', [current]);

      const [event] = (await store().readStream(stream)).events;
      expect(event.data).toEqual(v2);
      expect(event.metadata.schemaVersion).toBe(2);
    });
  });
}
