import { randomUUID } from 'node:crypto';
import {
  EsdbEventStore,
  EventStoreUnavailableError,
  eventIdFor,
  type NewEvent,
  type RecordedEvent,
} from '@ledger/event-store';
import { EsdbDouble, type DoubleServerFeatures } from '@ledger/testing/esdb-double';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(5);
  }
}

/** Two events per command, ids derived from its commandId as the command handlers do. */
const decide = (commandId: string): NewEvent[] =>
  [0, 1].map((index) => ({
    eventId: eventIdFor(commandId, index),
    type: 'PointsRestored',
    data: { index },
    metadata: {
      actor: 'fault-test',
      commandId,
      correlationId: commandId,
      causationId: commandId,
      schemaVersion: 1,
    },
  }));

const ids = (events: { eventId: string }[]): string[] => events.map((event) => event.eventId);

/**
 * EventStoreDB stopping and coming back while commands are appended and a processor follows the
 * log (issue 5): commands fail with the retriable EventStoreUnavailableError while it is down and
 * succeed when retried (same commandId, so the same event ids: at most once); the subscription
 * resubscribes by itself from the last event it handed over; no event is lost or delivered twice.
 */
describe.each<DoubleServerFeatures>(['batch-append', 'unimplemented'])(
  'EsdbEventStore across an EventStoreDB restart (server features: %s)',
  (serverFeatures) => {
    let double: EsdbDouble;
    const stores: EsdbEventStore[] = [];

    afterEach(async () => {
      await Promise.all(stores.splice(0).map((store) => store.close()));
      await double.stop();
    });

    it('appends fail retriably while it is down, then the subscription resumes and every event arrives exactly once', async () => {
      double = await EsdbDouble.start({ serverFeatures });
      const drops: unknown[] = [];
      const writer = EsdbEventStore.fromConnectionString(double.connectionString);
      const reader = EsdbEventStore.fromConnectionString(double.connectionString, {
        reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
        onSubscriptionDrop: ({ error }) => drops.push(error),
      });
      stores.push(writer, reader);

      const delivered: RecordedEvent[] = [];
      const subscription = reader.subscribe({
        after: 0n,
        batchSize: 5,
        handle: async (events) => {
          await sleep(1); // a projection's write: slow enough to be caught mid-batch by the outage
          delivered.push(...events);
        },
      });

      let outage = false;
      const unavailable: Error[] = [];
      const commandsPerLicence = 12;
      /** One licence's commands, each read → decide → append, retried with its commandId until stored. */
      const runLicence = async (stream: string): Promise<string[]> => {
        const commandIds: string[] = [];
        for (let n = 0; n < commandsPerLicence; n++) {
          const commandId = randomUUID();
          commandIds.push(commandId);
          for (;;) {
            try {
              const { currentVersion } = await writer.readStream(stream);
              await writer.appendToStream(stream, currentVersion, decide(commandId));
              break;
            } catch (error) {
              if (!(error instanceof EventStoreUnavailableError)) throw error;
              unavailable.push(error);
              await sleep(25);
            }
          }
          await sleep(outage ? 0 : 5);
        }
        return commandIds;
      };

      const streams = Array.from({ length: 4 }, () => `licence-${randomUUID()}`);
      const run = Promise.all(streams.map(runLicence));

      await eventually(() => delivered.length >= 16, 'a few events before the outage');
      await double.stop();
      outage = true;
      // A command sent while the server is down says so clearly, and can be retried.
      const [probe] = decide(randomUUID());
      const refused = writer.appendToStream(`licence-${randomUUID()}`, 'no_stream', [probe]);
      await expect(refused).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(refused).rejects.toThrow(/unavailable.*Try again/s);
      await sleep(300);
      const deliveredDuringOutage = delivered.length;
      await double.restart();
      outage = false;

      const commandIds = await run;
      const log = await writer.readAll({ after: 0n });
      await eventually(() => delivered.length >= log.length, 'every event after the restart');
      await sleep(50); // room for a duplicate to show up
      await subscription.stop();
      await expect(subscription.done).resolves.toBeUndefined();

      // Each command's two events stored once, in command order, on its licence.
      for (const [index, stream] of streams.entries()) {
        const stored = (await writer.readStream(stream)).events;
        expect(ids(stored)).toEqual(commandIds[index].flatMap((commandId) => ids(decide(commandId))));
      }
      expect(log).toHaveLength(streams.length * commandsPerLicence * 2);
      expect(ids(delivered)).toEqual(ids(log));
      expect(
        delivered.every((event, i) => i === 0 || delivered[i - 1].globalPosition < event.globalPosition),
      ).toBe(true);
      // The outage was real for both sides.
      expect(unavailable.length).toBeGreaterThan(0);
      expect(drops.length).toBeGreaterThan(0);
      expect(deliveredDuringOutage).toBeLessThan(log.length);
    }, 30_000);
  },
);
