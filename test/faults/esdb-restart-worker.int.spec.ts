import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { FixedClock } from '@ledger/application';
import { CURRENT_SCHEMA_VERSION, licenceStreamId, type LicenceEvent } from '@ledger/domain';
import {
  EsdbEventStore,
  EventStoreUnavailableError,
  eventIdFor,
  type RecordedEvent,
} from '@ledger/event-store';
import {
  dumpProjection,
  LicenceProjection,
  ReadModelDatabase,
  ReadModelProcessors,
  ReadModelRebuilder,
  type Projection,
  type ReadModelProcessor,
  type ReadModelTx,
} from '@ledger/read-models';
import { LettersProjection } from '@ledger/read-models/letters';
import { EsdbDouble } from '@ledger/testing/esdb-double';
import { issueLetters } from '../../libs/read-models/test/letters/issued-letters-log';
import { workerApplicationModule } from '../../apps/ledger-worker/src/worker-application.module';
import { WorkerModule } from '../../apps/ledger-worker/src/worker.module';
import { scenarioFor } from '../../libs/read-models/test/read-model-test-bed';

// Issue 5, faults: EventStoreDB (the gRPC protocol double, spoken to by the real client) stopped and
// restarted under a running worker while licences keep being appended. Appends fail with the
// retriable error while it is down and are retried with the same event ids; the worker's processors
// resume from their checkpoints; every event is applied exactly once, and the read models (licences
// and letters) equal a rebuild from zero.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const numberAt = (i: number) => String(903004310000 + i);

/** Each position a processor applied, written in its batch's transaction: a second application shows as a duplicate. */
@Injectable()
class AppliedPositions implements Projection {
  readonly name = 'applied-positions';
  readonly tables = [
    { name: 'applied_positions', columns: 'position TEXT NOT NULL', primaryKey: ['position'] },
  ];
  apply(batch: readonly RecordedEvent[], tx: ReadModelTx): void {
    const insert = tx.statement(`INSERT INTO ${tx.table('applied_positions')} (position) VALUES (?)`);
    for (const event of batch) insert.run(event.globalPosition.toString());
  }
}

/** A licence's whole story in one append, retried while the server is down (same ids: stored at most once). */
async function appendLicence(
  store: EsdbEventStore,
  number: string,
  events: readonly LicenceEvent[],
): Promise<number> {
  const streamId = licenceStreamId(number);
  const newEvents = events.map((event, index) => {
    const commandId = `${streamId}:${index}`;
    return {
      eventId: eventIdFor(commandId, 0),
      type: event.type,
      data: event.data,
      metadata: {
        actor: 'fault-test',
        commandId,
        correlationId: commandId,
        causationId: commandId,
        schemaVersion: CURRENT_SCHEMA_VERSION,
      },
    };
  });
  for (let refused = 0; ; refused++) {
    try {
      await store.appendToStream(streamId, 'no_stream', newEvents);
      return refused;
    } catch (error) {
      if (!(error instanceof EventStoreUnavailableError)) throw error;
      await sleep(25);
    }
  }
}

describe('the worker across an EventStoreDB restart', () => {
  let double: EsdbDouble;
  let store: EsdbEventStore;
  let worker: TestingModule | undefined;
  afterAll(async () => {
    await worker?.close();
    await store?.close();
    await double?.stop();
  });

  it('resumes from its checkpoints after the server came back: no event lost or applied twice, and the read models equal a rebuild from zero', async () => {
    double = await EsdbDouble.start({ serverFeatures: 'batch-append' });
    const drops: unknown[] = [];
    store = EsdbEventStore.fromConnectionString(double.connectionString, {
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
      onSubscriptionDrop: ({ error }) => drops.push(error),
    });
    const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
    worker = await Test.createTestingModule({
      imports: [
        WorkerModule.forRoot({
          application: workerApplicationModule({ eventStore: store, clock: new FixedClock('2025-01-01') }),
          readModels: {
            path: ':memory:',
            projections: [AppliedPositions],
            processor: {
              batchSize: 10,
              backoff: { initialMs: 20, maxMs: 200 },
              pollIntervalMs: 10,
              logger: quiet,
            },
          },
          dailyRun: { enabled: false },
        }),
      ],
    }).compile();
    await worker.init();
    const processors = worker.get<ReadModelProcessors<ReadModelProcessor>>(ReadModelProcessors);
    const database = worker.get(ReadModelDatabase);

    let outageOver = false;
    let refusals = 0;
    const appending = (async () => {
      let i = 0;
      for (; !outageOver || i < 10; i++) {
        const story = scenarioFor(numberAt(i), '2015-01-10')
          .paid(`a${i}`, 'SPEEDING', '2024-05-20', '2024-06-01', {
            retainedExcessKmh: 12,
            speedLimitKmh: 110,
          })
          .paid(`b${i}`, 'RED_LIGHT', '2024-06-10', '2024-06-20')
          .cancel(`b${i}`, '2024-08-01')
          .runUntil('2025-01-01');
        refusals += await appendLicence(store, numberAt(i), story.events);
        await sleep(10);
      }
      return i;
    })();

    await processors.waitForPosition(20n, 20_000); // the worker is applying batches…
    await double.stop(); // …when the server goes away,
    await sleep(800);
    await double.restart(); // and comes back on the same port with its data.
    await sleep(200);
    outageOver = true;
    const licences = await appending;
    await processors.waitForPosition(await store.headPosition(), 30_000);
    // The letters, written by the workflow (these events were recorded on the machine's days,
    // after the worker's fixed clock: its own pass waits for them).
    await issueLetters(store);
    const head = await store.headPosition();
    await processors.waitForPosition(head, 30_000);

    // The outage was real for both the writers and the subscriptions.
    expect(refusals).toBeGreaterThan(0);
    expect(drops.length).toBeGreaterThan(0);

    // Every event stored once and applied exactly once, checkpoints at the head.
    const log = await store.readAll({ after: 0n });
    expect(new Set(log.filter((e) => e.streamId.startsWith('licence-')).map((e) => e.streamId)).size).toBe(
      licences,
    );
    expect(new Set(log.map((event) => event.eventId)).size).toBe(log.length);
    const applied = database.db.prepare('SELECT position FROM applied_positions').pluck().all() as string[];
    expect([...applied].sort()).toEqual(log.map((event) => event.globalPosition.toString()).sort());
    for (const name of ['licences', 'letters', 'applied-positions'])
      expect(database.checkpoint(name)).toBe(head);

    // The read models equal a rebuild from zero of the same log.
    const projections = [new LicenceProjection(), new LettersProjection()];
    const live = projections.map((projection) => dumpProjection(database, projection));
    expect(live[0].licences).toHaveLength(licences);
    const causes = (live[1].letters as Array<{ caused_by_event_id: string }>).map(
      (l) => l.caused_by_event_id,
    );
    // Two 48s and a correction each, all recorded on one day: the reversed 48 and its correction are
    // not sent (RULES §6, one coherent mail per day).
    expect(causes.length).toBeGreaterThanOrEqual(2 * licences);
    expect(new Set(causes).size).toBe(causes.length);
    const fresh = ReadModelDatabase.open(':memory:', projections);
    try {
      const rebuilder = new ReadModelRebuilder(store, fresh, projections);
      for (const projection of projections) await rebuilder.rebuild(projection.name);
      expect(projections.map((projection) => dumpProjection(fresh, projection))).toEqual(live);
    } finally {
      fresh.close();
    }
  }, 90_000);
});
