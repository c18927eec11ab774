import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { SqliteEventStore } from '@ledger/event-store';
import { historyArbitrary } from '@ledger/testing';
import { appendHistories } from '../../../../test/replay/licence-histories';
import {
  createThrowAwayDatabase,
  describeWithPostgres,
  type ThrowAwayDatabase,
} from '../../test/pg-test-database';
import { PgLicenceProjection } from '../postgres/pg-licence.projection';
import { PgReadModelDatabase } from '../postgres/pg-read-model-database';
import { dumpPgProjection } from '../postgres/pg-read-model-dump';
import { PgReadModelRebuilder } from '../postgres/pg-read-model-rebuilder';
import { PgPartitionedRebuilder } from './pg-partitioned-rebuilder';
import { partitionCheckpointName, partitionOfStream } from './stream-partition';

describe('partitionOfStream', () => {
  it('puts a licence stream and its letters stream in the same partition, the same on every call', () => {
    for (const number of ['150375100001', '98AB12 69 03', '880420A 31 04']) {
      const licence = partitionOfStream(`licence-${number.replace(/ /g, '_')}`, 7);
      expect(partitionOfStream(`letters-${number.replace(/ /g, '_')}`, 7)).toBe(licence);
      expect(partitionOfStream(`licence-${number.replace(/ /g, '_')}`, 7)).toBe(licence);
    }
  });

  it('spreads licences over every partition', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++)
      counts[partitionOfStream(`licence-${String(100000000000 + i * 7919)}`, 4)]++;
    for (const count of counts) expect(count).toBeGreaterThan(50);
  });
});

describeWithPostgres('a partitioned rebuild on PostgreSQL', () => {
  let server: ThrowAwayDatabase;
  let schemas = 0;
  beforeAll(async () => {
    server = await createThrowAwayDatabase();
  });
  afterAll(async () => server.drop());

  const open = () =>
    PgReadModelDatabase.open(server.url, [new PgLicenceProjection()], { schema: `p${++schemas}` });

  it('over random histories, N partitions replayed concurrently give the rows of an ordinary rebuild', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(historyArbitrary, { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        async (histories, count) => {
          const log = new SqliteEventStore(':memory:');
          const plain = await open();
          const partitioned = await open();
          try {
            await appendHistories(log, histories);
            await new PgReadModelRebuilder(log, plain, [new PgLicenceProjection()]).rebuild('licences');

            const started = performance.now();
            const coordinator = new PgPartitionedRebuilder(log, partitioned, [new PgLicenceProjection()]);
            const upTo = await coordinator.prepare('licences', count);
            // Each partition with a projection of its own, as in its own process.
            const reports = await Promise.all(
              Array.from({ length: count }, (_, index) =>
                new PgPartitionedRebuilder(log, partitioned, [new PgLicenceProjection()]).replayPartition(
                  'licences',
                  { index, count },
                  upTo,
                  7,
                ),
              ),
            );
            expect(reports.reduce((sum, report) => sum + report.applied, 0)).toBe(Number(upTo));
            const report = await coordinator.finish('licences', count, upTo, started);

            expect(report.position).toBe(String(await log.headPosition()));
            expect(await dumpPgProjection(partitioned, new PgLicenceProjection())).toEqual(
              await dumpPgProjection(plain, new PgLicenceProjection()),
            );
            expect(await partitioned.checkpoint('licences')).toBe(await log.headPosition());
            expect(
              await partitioned.checkpoint(partitionCheckpointName('licences', { index: 0, count })),
            ).toBe(0n);
          } finally {
            await plain.close();
            await partitioned.close();
            await log.close();
          }
        },
      ),
      { numRuns: 4 },
    );
  }, 120_000);

  it('does not swap in a rebuild one of whose partitions did not finish, and leaves the live rows as they were', async () => {
    const log = new SqliteEventStore(':memory:');
    const database = await open();
    try {
      await appendHistories(log, fc.sample(historyArbitrary, { numRuns: 6, seed: 3 }));
      await new PgReadModelRebuilder(log, database, [new PgLicenceProjection()]).rebuild('licences');
      const before = await dumpPgProjection(database, new PgLicenceProjection());
      const rebuilder = new PgPartitionedRebuilder(log, database, [new PgLicenceProjection()]);
      const upTo = await rebuilder.prepare('licences', 2);
      await rebuilder.replayPartition('licences', { index: 0, count: 2 }, upTo);
      await expect(rebuilder.finish('licences', 2, upTo, performance.now())).rejects.toThrow(
        /Partition 1 of 2 .* stopped at 0/,
      );
      expect(await dumpPgProjection(database, new PgLicenceProjection())).toEqual(before);
    } finally {
      await database.close();
      await log.close();
    }
  });
});
