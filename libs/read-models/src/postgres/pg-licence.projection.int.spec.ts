import fc from 'fast-check';
import { SqliteEventStore } from '@ledger/event-store';
import { historyArbitrary } from '@ledger/testing';
import { appendHistories } from '../../../../test/replay/licence-histories';
import { asRecorded, licenceReadModel, scenarioFor } from '../../test/read-model-test-bed';
import {
  createThrowAwayDatabase,
  describeWithPostgres,
  type ThrowAwayDatabase,
} from '../../test/pg-test-database';
import { pgLicenceReadModel } from '../../test/pg-read-model-test-bed';

// The PostgreSQL licence projection holds the very rows the SQLite one holds, for the same events:
// both write what the shared LicenceRowsComputer computes (given(events).then(rows), CONVENTIONS 8).

const RUNS = { numRuns: Number(process.env.REPLAY_RUNS ?? 6), interruptAfterTimeLimit: 60_000 };
const NUMBER = '901004310016';
const onePointWithdrawn = () =>
  scenarioFor(NUMBER, '2015-01-10').paid('i1', 'SPEEDING', '2024-05-20', '2024-06-01', {
    retainedExcessKmh: 12,
    speedLimitKmh: 110,
  });

describeWithPostgres('the licence projection on PostgreSQL', () => {
  let database: ThrowAwayDatabase;
  beforeAll(async () => {
    database = await createThrowAwayDatabase();
  });
  afterAll(() => database.drop());

  it('gives the same rows as on SQLite for random histories, whatever the batches, and the queries answer the same', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(historyArbitrary, { minLength: 20, maxLength: 20 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (histories, batchSize, memoSize) => {
          const store = new SqliteEventStore(':memory:');
          const sqlite = licenceReadModel();
          const pg = await pgLicenceReadModel(database.url, { memoSize });
          try {
            await appendHistories(store, histories);
            const events = await store.readAll({ after: 0n });
            sqlite.given(events);
            await pg.given(events, batchSize);

            const dump = await pg.dump();
            expect(dump).toEqual(sqlite.dump());
            expect(dump.licences.length).toBeGreaterThan(0);

            for (const row of dump.licences as { licence_number: string }[]) {
              const number = row.licence_number;
              expect(await pg.queries.findLicence(number)).toEqual(await sqlite.queries.findLicence(number));
              expect(await pg.queries.findInfractions(number)).toEqual(
                await sqlite.queries.findInfractions(number),
              );
              expect(await pg.queries.findSituation(number, '2025-06-30')).toEqual(
                await sqlite.queries.findSituation(number, '2025-06-30'),
              );
            }
            for (const asOf of ['2020-01-01', '2024-06-30', '2026-01-01', '2199-12-31'])
              expect(await pg.queries.findDue(asOf)).toEqual(await sqlite.queries.findDue(asOf));
          } finally {
            await pg.close();
            sqlite.database.close();
            await store.close();
          }
        },
      ),
      RUNS,
    );
  }, 120_000);

  it('a batch given twice changes nothing the second time (each row knows its last position)', async () => {
    const events = asRecorded(onePointWithdrawn().runUntil('2024-12-01').events, { licenceNumber: NUMBER });
    const pg = await pgLicenceReadModel(database.url);
    try {
      await pg.given(events);
      const once = await pg.dump();
      await pg.given(events);
      await pg.given(events.slice(1, 3));
      expect(await pg.dump()).toEqual(once);
    } finally {
      await pg.close();
    }
  });

  it('a row whose computed state was remembered by a rolled-back batch is read again from the database', async () => {
    const events = asRecorded(onePointWithdrawn().runUntil('2024-12-01').events, { licenceNumber: NUMBER });
    const pg = await pgLicenceReadModel(database.url);
    const reference = licenceReadModel();
    try {
      await pg.given(events.slice(0, 2));
      await expect(
        pg.database.transaction(async (client) => {
          await pg.projection.apply(events.slice(2), pg.database.tx(pg.projection, client));
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      await pg.given(events.slice(2));
      reference.given(events);
      expect(await pg.dump()).toEqual(reference.dump());
    } finally {
      await pg.close();
      reference.database.close();
    }
  });

  it('events of a stream with no LicenceIssued, and of streams that are not licences, are ignored', async () => {
    const [, ...withoutIssue] = onePointWithdrawn().events;
    const pg = await pgLicenceReadModel(database.url);
    try {
      await pg.given([
        ...asRecorded(withoutIssue, { licenceNumber: NUMBER }),
        ...asRecorded(onePointWithdrawn().events, {
          licenceNumber: NUMBER,
          streamId: 'letters-901004310016',
          firstPosition: 100n,
        }),
      ]);
      expect(await pg.dump()).toEqual({ licences: [], infractions: [] });
    } finally {
      await pg.close();
    }
  });

  it('findDue goes through the index on next_decision_on', async () => {
    const pg = await pgLicenceReadModel(database.url);
    try {
      await pg.given(asRecorded(onePointWithdrawn().events, { licenceNumber: NUMBER }));
      await expect(pg.queries.findDue('2024-11-30')).resolves.toEqual([]);
      await expect(pg.queries.findDue('2024-12-01')).resolves.toEqual([NUMBER]);
      const client = await pg.database.pool.connect();
      try {
        // A table this small would be scanned otherwise.
        await client.query('SET enable_seqscan = off; SET enable_bitmapscan = off');
        const { rows } = await client.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT licence_number FROM ${pg.database.qualified('licences')} WHERE next_decision_on <= '2024-12-01' ORDER BY next_decision_on, licence_number`,
        );
        expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(
          /Index (Only )?Scan using licences__by_next_decision_on/,
        );
        // Sorted by the index itself: its columns are COLLATE "C", as the ORDER BY.
        expect(rows[0]['QUERY PLAN']).not.toMatch(/^Sort/);
      } finally {
        client.release(true);
      }
    } finally {
      await pg.close();
    }
  });
});
