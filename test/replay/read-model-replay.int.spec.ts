import fc from 'fast-check';
import { addDays, buildLicenceFile, computeTimeline, decide, type LicenceState } from '@ledger/domain';
import { SqliteEventStore } from '@ledger/event-store';
import {
  CheckpointedProcessor,
  dumpProjection,
  LicenceProjection,
  LicenceQueries,
  ReadModelDatabase,
  ReadModelRebuilder,
} from '@ledger/read-models';
import { historyArbitrary } from '@ledger/testing';
import { appendHistories } from './licence-histories';

// CONVENTIONS 8, replay: over random histories of ~30 licences, the read model the live processor
// builds batch after batch equals, row for row and byte for byte, the one rebuilt from zero.

const RUNS = { numRuns: Number(process.env.REPLAY_RUNS ?? 6), interruptAfterTimeLimit: 60_000 };
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('replaying the log into the licence read model', () => {
  it('the read model rebuilt from zero equals the live one, row for row', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(historyArbitrary, { minLength: 30, maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 500 }),
        async (histories, liveBatchSize, bulkEvents) => {
          const store = new SqliteEventStore(':memory:', { pollIntervalMs: 5 });
          const liveProjection = new LicenceProjection({ memoSize: 8 });
          const live = ReadModelDatabase.open(':memory:', [liveProjection]);
          const rebuiltProjection = new LicenceProjection({ bulkEvents });
          const rebuilt = ReadModelDatabase.open(':memory:', [rebuiltProjection]);
          try {
            const states = await appendHistories(store, histories);
            const head = await store.headPosition();

            const processor = new CheckpointedProcessor(store, live, liveProjection, {
              batchSize: liveBatchSize,
              logger: quiet,
            });
            await processor.start();
            await processor.waitForPosition(head, 20_000);
            await processor.stop();

            await new ReadModelRebuilder(store, rebuilt, [rebuiltProjection]).rebuild('licences', {
              batchSize: 97,
            });

            const liveDump = dumpProjection(live, liveProjection);
            expect(dumpProjection(rebuilt, rebuiltProjection)).toEqual(liveDump);
            expect(rebuilt.checkpoint('licences')).toBe(live.checkpoint('licences'));
            expect(liveDump.licences).toHaveLength(states.size);

            // In place too: the swap leaves the same rows.
            await new ReadModelRebuilder(store, live, [liveProjection]).rebuild('licences', {
              batchSize: 13,
            });
            expect(dumpProjection(live, liveProjection)).toEqual(liveDump);

            await expectTheLaw(new LicenceQueries(live), states);
          } finally {
            live.close();
            rebuilt.close();
            await store.close();
          }
        },
      ),
      RUNS,
    );
  }, 120_000);
});

/**
 * Each row says what the law says: the timeline of its facts, the decisions the decider holds, and
 * a next decision date that is never late (a run the day before appends nothing) nor needless.
 */
async function expectTheLaw(
  queries: LicenceQueries,
  states: ReadonlyMap<string, LicenceState>,
): Promise<void> {
  for (const [number, state] of states) {
    const licence = (await queries.findLicence(number))!;
    const file = buildLicenceFile(state.facts)!;
    expect(licence.timeline).toEqual(JSON.parse(JSON.stringify(computeTimeline(file))));
    expect(licence.recordedIds).toEqual([...state.recorded.keys()].sort());

    const next = licence.nextDecisionOn;
    const quietUntil = next === null ? '2199-12-31' : addDays(next, -1);
    if (quietUntil >= file.issuedOn) {
      expect(
        decide({ type: 'ApplyDueChanges', today: quietUntil, data: { asOf: quietUntil } }, state),
      ).toEqual([]);
    }
    if (next !== null && next > file.issuedOn) {
      expect(
        decide({ type: 'ApplyDueChanges', today: next, data: { asOf: next } }, state).length,
      ).toBeGreaterThan(0);
    }
  }
}
