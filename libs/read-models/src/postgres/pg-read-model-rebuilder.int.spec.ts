import fc from 'fast-check';
import { SqliteEventStore } from '@ledger/event-store';
import { historyArbitrary } from '@ledger/testing';
import { appendHistories } from '../../../../test/replay/licence-histories';
import { describeWithPostgres } from '../../test/pg-test-database';
import { usePgRunnerHarness } from '../../test/runner-contract/pg-runner-harness';
import { rebuildRunnerContract } from '../../test/runner-contract/rebuild-runner.contract';

// Replay on PostgreSQL (CONVENTIONS 8): the runner contract (test/runner-contract/), and the
// equality over random histories (SQLite's is in test/replay/read-model-replay.int.spec.ts).

describeWithPostgres('rebuilding a read model from zero, on PostgreSQL', () => {
  const harness = usePgRunnerHarness();

  rebuildRunnerContract(harness);

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
            const live = await harness.readModel();
            const { runner: processor } = live.processor({
              source: log,
              batchSize: liveBatchSize,
              projection: { licence: { memoSize: 8 } },
            });
            await processor.start();
            await processor.waitForPosition(await log.headPosition(), 20_000);
            await processor.stop();

            const rebuilt = await harness.readModel();
            await rebuilt
              .rebuilder({ source: log, projection: { licence: { bulkEvents } } })
              .rebuild('licences', { batchSize: 97 });

            const liveDump = await live.dump();
            expect(await rebuilt.dump()).toEqual(liveDump);
            expect(await rebuilt.checkpoint()).toBe(await live.checkpoint());

            await live
              .rebuilder({ source: log, projection: { licence: { memoSize: 8 } } })
              .rebuild('licences', { batchSize: 13 });
            expect(await live.dump()).toEqual(liveDump);
          } finally {
            await log.close();
          }
        },
      ),
      { numRuns: Number(process.env.REPLAY_RUNS ?? 4), interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);
});
