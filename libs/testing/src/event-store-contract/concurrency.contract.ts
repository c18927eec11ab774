import { describe, expect, it } from '@jest/globals';
import { ConcurrencyError, type EventStore, type ExpectedVersion } from '@ledger/event-store';
import {
  type ContractContext,
  ids,
  newEvents,
  positions,
  PROCESS_TEST_TIMEOUT_MS,
  uniqueStreamId,
} from './contract-fixture';

const CONTENDERS = 8;

/** Several writers on the same storage at the same instant: the expected version must hold. */
export function concurrencyContract({ store, open, capabilities }: ContractContext): void {
  const openMany = (where: 'another-connection' | 'another-process'): Promise<EventStore[]> =>
    Promise.all(Array.from({ length: CONTENDERS }, () => open(where)));

  /** Every contender appends its own event at expected version 0 at once. */
  async function raceOnOneStream(contenders: EventStore[]): Promise<void> {
    const stream = uniqueStreamId();
    await store().appendToStream(stream, 'no_stream', newEvents(1));
    const batches = contenders.map(() => newEvents(1));

    const attempts = await Promise.allSettled(
      contenders.map((contender, index) => contender.appendToStream(stream, 0n, batches[index])),
    );

    const winners = attempts.flatMap((attempt, index) => (attempt.status === 'fulfilled' ? [index] : []));
    expect(winners).toHaveLength(1);
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') {
        expect(attempt.reason).toBeInstanceOf(ConcurrencyError);
        expect(attempt.reason).toMatchObject({ streamId: stream, expectedVersion: 0n, actualVersion: 1n });
      }
    }
    const { events, currentVersion } = await store().readStream(stream);
    expect(currentVersion).toBe(1n);
    expect(events[1].eventId).toBe(batches[winners[0]][0].eventId);
  }

  describe('concurrent writers', () => {
    (capabilities.anotherConnection ? it : it.skip)(
      'of eight connections appending at the same expected version, exactly one wins and the others get a ConcurrencyError',
      async () => raceOnOneStream(await openMany('another-connection')),
    );

    (capabilities.anotherProcess ? it : it.skip)(
      'of eight processes appending at the same expected version, exactly one wins and the others get a ConcurrencyError',
      async () => raceOnOneStream(await openMany('another-process')),
      PROCESS_TEST_TIMEOUT_MS,
    );

    (capabilities.anotherProcess ? it : it.skip)(
      'eight processes appending to their own streams at once all succeed, each event at its own position',
      async () => {
        const contenders = await openMany('another-process');
        const head = await store().headPosition();
        const streams = contenders.map(() => uniqueStreamId());
        const appendsEach = 5;

        await Promise.all(
          contenders.map(async (contender, index) => {
            let expected: ExpectedVersion = 'no_stream';
            for (let n = 0; n < appendsEach; n++) {
              expected = (await contender.appendToStream(streams[index], expected, newEvents(1)))
                .nextExpectedVersion;
            }
          }),
        );

        const log = (await store().readAll({ after: head })).filter((event) =>
          streams.includes(event.streamId),
        );
        expect(log).toHaveLength(CONTENDERS * appendsEach);
        expect(new Set(positions(log)).size).toBe(log.length);
        for (const stream of streams) {
          const ofStream = log.filter((event) => event.streamId === stream);
          // The log order of one stream is its version order: positions follow commits.
          expect(ofStream.map((event) => event.streamVersion)).toEqual([0n, 1n, 2n, 3n, 4n]);
          expect(ids(ofStream)).toEqual(ids((await store().readStream(stream)).events));
        }
        if (capabilities.densePositions) {
          expect(positions(log)).toEqual(
            Array.from({ length: log.length }, (_, index) => head + BigInt(index) + 1n),
          );
        }
      },
      PROCESS_TEST_TIMEOUT_MS,
    );
  });
}
