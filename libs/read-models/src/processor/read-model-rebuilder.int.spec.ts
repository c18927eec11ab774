import type { EventStore } from '@ledger/event-store';
import {
  CheckpointedProcessor,
  dumpProjection,
  LicenceProjection,
  ReadModelDatabase,
  ReadModelRebuilder,
  type Projection,
  type RebuildProgress,
} from '@ledger/read-models';
import { appendTo, memoryStore, scenarioFor } from '../../test/read-model-test-bed';

const numberAt = (i: number) => String(901004310200 + i);

async function writeLicences(store: EventStore, from: number, count: number): Promise<bigint> {
  let last = 0n;
  for (let i = from; i < from + count; i++) {
    const scenario = scenarioFor(numberAt(i), '2016-02-29', i % 2 === 0)
      .paid(`a${i}`, 'PHONE_HELD', '2024-01-05', '2024-01-15')
      .paid(`b${i}`, 'SPEEDING', '2024-02-01', '2024-02-11', { retainedExcessKmh: 8, speedLimitKmh: 90 })
      .cancel(`a${i}`, '2024-03-01')
      .runUntil('2024-08-11');
    last = await appendTo(store, numberAt(i), scenario.events);
  }
  return last;
}

const quietLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('rebuilding a read model from zero', () => {
  let store: EventStore;
  const opened: ReadModelDatabase[] = [];
  const open = (projection: Projection) => {
    const database = ReadModelDatabase.open(':memory:', [projection]);
    opened.push(database);
    return database;
  };
  beforeEach(() => {
    store = memoryStore();
  });
  afterEach(async () => {
    await store.close();
    opened.splice(0).forEach((database) => database.close());
  });

  it('into a fresh database gives the live tables row for row, and reports its progress', async () => {
    const head = await writeLicences(store, 0, 6);
    const liveProjection = new LicenceProjection();
    const live = open(liveProjection);
    const processor = new CheckpointedProcessor(store, live, liveProjection, {
      batchSize: 3,
      logger: quietLogger,
    });
    await processor.start();
    await processor.waitForPosition(head);
    await processor.stop();

    const projection = new LicenceProjection({ bulkEvents: 10 });
    const fresh = open(projection);
    const progress: RebuildProgress[] = [];
    const report = await new ReadModelRebuilder(store, fresh, [projection]).rebuild('licences', {
      batchSize: 8,
      onProgress: (p) => progress.push(p),
    });

    expect(dumpProjection(fresh, projection)).toEqual(dumpProjection(live, liveProjection));
    expect(fresh.checkpoint('licences')).toBe(head);
    expect(report).toMatchObject({ projection: 'licences', events: Number(head), position: head.toString() });
    expect(progress.at(-1)).toMatchObject({
      done: Number(head),
      total: Number(head),
      position: head.toString(),
    });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.every((p) => p.rate >= 0)).toBe(true);
    expect(fresh.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%rebuild%'").all()).toEqual([]);
    expect(
      fresh.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
        .pluck()
        .all(),
    ).toEqual(['licences__by_next_decision_on']);
  });

  it('in place, while the live processor follows new appends: swapped atomically, checkpoint never behind', async () => {
    await writeLicences(store, 0, 4);
    const projection = new LicenceProjection();
    const database = open(projection);
    const processor = new CheckpointedProcessor(store, database, projection, {
      batchSize: 2,
      pollIntervalMs: 5,
      logger: quietLogger,
    });
    await processor.start();
    await processor.waitForPosition(await store.headPosition());

    const checkpoints: bigint[] = [];
    const rebuilding = new ReadModelRebuilder(store, database, [projection]).rebuild('licences', {
      batchSize: 5,
      onProgress: () => {
        checkpoints.push(database.checkpoint('licences'));
      },
    });
    const appending = writeLicences(store, 4, 3);
    await Promise.all([rebuilding, appending]);
    const head = await store.headPosition();
    await processor.waitForPosition(head);
    await processor.stop();

    const referenceProjection = new LicenceProjection();
    const reference = open(referenceProjection);
    await new ReadModelRebuilder(store, reference, [referenceProjection]).rebuild('licences');
    expect(dumpProjection(database, projection)).toEqual(dumpProjection(reference, referenceProjection));
    expect(checkpoints).toEqual([...checkpoints].sort((a, b) => Number(a - b)));
  });

  it('a rebuild that fails leaves the live tables as they were, and no shadow table', async () => {
    const head = await writeLicences(store, 0, 2);
    const projection = new LicenceProjection();
    const database = open(projection);
    const processor = new CheckpointedProcessor(store, database, projection, { logger: quietLogger });
    await processor.start();
    await processor.waitForPosition(head);
    await processor.stop();
    const before = dumpProjection(database, projection);

    const broken: Projection = {
      name: projection.name,
      tables: projection.tables,
      apply: () => {
        throw new Error('bug');
      },
    };
    await expect(new ReadModelRebuilder(store, database, [broken]).rebuild('licences')).rejects.toThrow(
      'bug',
    );
    expect(dumpProjection(database, projection)).toEqual(before);
    expect(database.checkpoint('licences')).toBe(head);
    expect(database.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE '%rebuild%'").all()).toEqual(
      [],
    );
  });

  it('refuses an unknown read model, and a read model built from another log', async () => {
    const projection = new LicenceProjection();
    const database = open(projection);
    const rebuilder = new ReadModelRebuilder(store, database, [projection]);
    await expect(rebuilder.rebuild('letters')).rejects.toThrow(
      'No read model named "letters" (known: licences).',
    );
    database.transaction(() => database.writeCheckpoint('licences', 99n));
    await expect(rebuilder.rebuild('licences')).rejects.toThrow(/beyond the head of the event log/);
  });
});
