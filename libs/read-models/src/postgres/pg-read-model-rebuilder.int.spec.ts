import fc from 'fast-check';
import { SqliteEventStore, type EventStore } from '@ledger/event-store';
import {
  dumpPgProjection,
  PgCheckpointedProcessor,
  PgLicenceProjection,
  PgReadModelDatabase,
  PgReadModelRebuilder,
  type PgProjection,
  type RebuildProgress,
} from '@ledger/read-models';
import { historyArbitrary } from '@ledger/testing';
import { appendHistories } from '../../../../test/replay/licence-histories';
import { appendTo, memoryStore, scenarioFor } from '../../test/read-model-test-bed';
import {
  createThrowAwayDatabase,
  describeWithPostgres,
  type ThrowAwayDatabase,
} from '../../test/pg-test-database';
import { freshSchema, quietLogger } from '../../test/pg-read-model-test-bed';

// Replay on PostgreSQL (CONVENTIONS 8): the read model rebuilt from zero equals the live one, row
// for row; the rebuild swaps shadow tables in, in one transaction, and never moves the checkpoint back.

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

describeWithPostgres('rebuilding a PostgreSQL read model from zero', () => {
  let throwAway: ThrowAwayDatabase;
  let store: SqliteEventStore;
  const opened: PgReadModelDatabase[] = [];
  const open = async (projection: PgProjection, schema = freshSchema()) => {
    const database = await PgReadModelDatabase.open(throwAway.url, [projection], {
      schema,
      poolSize: 4,
      logger: quietLogger,
    });
    opened.push(database);
    return database;
  };
  const follow = async (
    database: PgReadModelDatabase,
    projection: PgProjection,
    source: EventStore,
    batchSize = 3,
  ) => {
    const processor = new PgCheckpointedProcessor(source, database, projection, {
      batchSize,
      pollIntervalMs: 5,
      logger: quietLogger,
    });
    await processor.start();
    await processor.waitForPosition(await source.headPosition(), 20_000);
    return processor;
  };
  const tablesOf = async (database: PgReadModelDatabase) =>
    (
      await database.pool.query<{ name: string }>(
        `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'i') ORDER BY relname`,
        [database.schema],
      )
    ).rows.map((row) => row.name);

  beforeAll(async () => {
    throwAway = await createThrowAwayDatabase();
  });
  afterAll(() => throwAway.drop());
  beforeEach(() => {
    store = memoryStore();
  });
  afterEach(async () => {
    await store.close();
    await Promise.all(opened.splice(0).map((database) => database.close()));
  });

  it('over random histories, the read model rebuilt from zero equals the live one, row for row, and in place too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(historyArbitrary, { minLength: 20, maxLength: 20 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 500 }),
        async (histories, liveBatchSize, bulkEvents) => {
          const log = new SqliteEventStore(':memory:', { pollIntervalMs: 5 });
          try {
            await appendHistories(log, histories);
            const liveProjection = new PgLicenceProjection({ memoSize: 8 });
            const live = await open(liveProjection);
            const processor = await follow(live, liveProjection, log, liveBatchSize);
            await processor.stop();

            const rebuiltProjection = new PgLicenceProjection({ bulkEvents });
            const rebuilt = await open(rebuiltProjection);
            await new PgReadModelRebuilder(log, rebuilt, [rebuiltProjection]).rebuild('licences', {
              batchSize: 97,
            });

            const liveDump = await dumpPgProjection(live, liveProjection);
            expect(await dumpPgProjection(rebuilt, rebuiltProjection)).toEqual(liveDump);
            expect(await rebuilt.checkpoint('licences')).toBe(await live.checkpoint('licences'));

            await new PgReadModelRebuilder(log, live, [liveProjection]).rebuild('licences', {
              batchSize: 13,
            });
            expect(await dumpPgProjection(live, liveProjection)).toEqual(liveDump);
          } finally {
            await log.close();
          }
        },
      ),
      { numRuns: Number(process.env.REPLAY_RUNS ?? 4), interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);

  it('into a fresh schema gives the live tables, reports its progress, and leaves no shadow table', async () => {
    const head = await writeLicences(store, 0, 6);
    const liveProjection = new PgLicenceProjection();
    const live = await open(liveProjection);
    await (await follow(live, liveProjection, store)).stop();

    const projection = new PgLicenceProjection({ bulkEvents: 10 });
    const fresh = await open(projection);
    const progress: RebuildProgress[] = [];
    const report = await new PgReadModelRebuilder(store, fresh, [projection]).rebuild('licences', {
      batchSize: 8,
      onProgress: (p) => progress.push(p),
    });

    expect(await dumpPgProjection(fresh, projection)).toEqual(await dumpPgProjection(live, liveProjection));
    await expect(fresh.checkpoint('licences')).resolves.toBe(head);
    expect(report).toMatchObject({ projection: 'licences', events: Number(head), position: head.toString() });
    expect(progress.at(-1)).toMatchObject({
      done: Number(head),
      total: Number(head),
      position: head.toString(),
    });
    expect(await tablesOf(fresh)).toEqual([
      'checkpoints',
      'checkpoints_pkey',
      'infractions',
      'infractions_pkey',
      'licences',
      'licences__by_next_decision_on',
      'licences_pkey',
    ]);
    // A second rebuild finds the names it needs free (the swap gave the primary keys their live names).
    await new PgReadModelRebuilder(store, fresh, [projection]).rebuild('licences');
    expect(await dumpPgProjection(fresh, projection)).toEqual(await dumpPgProjection(live, liveProjection));
  });

  it('in place, while the live processor follows new appends: swapped atomically, checkpoint never behind', async () => {
    await writeLicences(store, 0, 4);
    const projection = new PgLicenceProjection();
    const database = await open(projection);
    const processor = await follow(database, projection, store, 2);

    const checkpoints: Promise<bigint>[] = [];
    const rebuilding = new PgReadModelRebuilder(store, database, [projection]).rebuild('licences', {
      batchSize: 5,
      onProgress: () => void checkpoints.push(database.checkpoint('licences')),
    });
    const appending = writeLicences(store, 4, 3);
    await Promise.all([rebuilding, appending]);
    await processor.waitForPosition(await store.headPosition(), 20_000);
    await processor.stop();

    const referenceProjection = new PgLicenceProjection();
    const reference = await open(referenceProjection);
    await new PgReadModelRebuilder(store, reference, [referenceProjection]).rebuild('licences');
    expect(await dumpPgProjection(database, projection)).toEqual(
      await dumpPgProjection(reference, referenceProjection),
    );
    const seen = await Promise.all(checkpoints);
    expect(seen).toEqual([...seen].sort((a, b) => Number(a - b)));
  });

  it('a rebuild that fails leaves the live tables as they were, and no shadow table', async () => {
    const head = await writeLicences(store, 0, 2);
    const projection = new PgLicenceProjection();
    const database = await open(projection);
    await (await follow(database, projection, store)).stop();
    const before = await dumpPgProjection(database, projection);
    const tables = await tablesOf(database);

    const broken: PgProjection = {
      name: projection.name,
      tables: projection.tables,
      apply: async () => {
        throw new Error('bug');
      },
    };
    await expect(new PgReadModelRebuilder(store, database, [broken]).rebuild('licences')).rejects.toThrow(
      'bug',
    );
    expect(await dumpPgProjection(database, projection)).toEqual(before);
    await expect(database.checkpoint('licences')).resolves.toBe(head);
    expect(await tablesOf(database)).toEqual(tables);
  });

  it('refuses an unknown read model, and a read model built from another log', async () => {
    const projection = new PgLicenceProjection();
    const database = await open(projection);
    const rebuilder = new PgReadModelRebuilder(store, database, [projection]);
    await expect(rebuilder.rebuild('letters')).rejects.toThrow(
      'No read model named "letters" (known: licences).',
    );
    await database.transaction(async (client) => {
      await database.lockCheckpoint(client, 'licences');
      await database.writeCheckpoint(client, 'licences', 99n);
    });
    await expect(rebuilder.rebuild('licences')).rejects.toThrow(/beyond the head of the event log/);
  });
});
