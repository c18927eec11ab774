import fc from 'fast-check';
import { SqliteEventStore } from '@ledger/event-store';
import { LicenceProjection, ReadModelDatabase, ReadModelRebuilder } from '@ledger/read-models';
import { historyArbitrary } from '@ledger/testing';
import { appendHistories } from './licence-histories';

// The rebuild's throughput on a realistic log, measured, not asserted by default (machines differ):
// REBUILD_BENCH=1 npx jest test/replay/rebuild-throughput prints it and checks the 50,000 events/s goal.
const bench = process.env.REBUILD_BENCH ? it : it.skip;

describe('rebuilding the licence read model', () => {
  bench(
    'replays the log at 50,000 events per second or more',
    async () => {
      const licences = Number(process.env.REBUILD_BENCH_LICENCES ?? 3000);
      const store = new SqliteEventStore(':memory:');
      const histories = fc.sample(historyArbitrary, { numRuns: licences, seed: 42 });
      await appendHistories(store, histories);
      const head = await store.headPosition();
      const projection = new LicenceProjection();
      const database = ReadModelDatabase.open(':memory:', [projection]);
      const report = await new ReadModelRebuilder(store, database, [projection]).rebuild(projection.name);
      console.log(`${licences} licences, ${head} events: ${JSON.stringify(report)}`);
      database.close();
      await store.close();
      expect(report.rate).toBeGreaterThanOrEqual(50_000);
    },
    600_000,
  );
});
