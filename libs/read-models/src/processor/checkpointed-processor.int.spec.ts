import { checkpointedRunnerContract } from '../../test/runner-contract/checkpointed-runner.contract';
import { writeLicences } from '../../test/runner-contract/licence-log';
import { useSqliteRunnerHarness } from '../../test/runner-contract/sqlite-runner-harness';

// CONVENTIONS 6 on SQLite: the runner contract (test/runner-contract/), and what only SQLite does.

describe('the checkpointed processor on SQLite', () => {
  const harness = useSqliteRunnerHarness();

  checkpointedRunnerContract(harness);

  it('applies a batch synchronously, in one transaction no await can split: a failing projection throws at once, leaving no row', async () => {
    const model = await harness.readModel();
    await writeLicences(harness.log, 0, 2);
    const events = await harness.log.readAll({ after: 0n });

    const { runner: failing } = model.processor({ projection: { failWith: 'bug in the projection' } });
    expect(() => failing.applyBatch(events)).toThrow('bug in the projection');
    expect(failing.checkpoint()).toBe(0n);
    expect(await model.dump()).toEqual({ licences: [], infractions: [] });

    const { runner: licences } = model.processor();
    const head = events[events.length - 1].globalPosition;
    expect(licences.applyBatch(events.slice(0, 10))).toBe(10n);
    expect(licences.applyBatch(events.slice(0, 10))).toBe(10n); // a redelivery, skipped
    expect(licences.applyBatch(events.slice(10))).toBe(head);
    expect(licences.checkpoint()).toBe(head);
  });
});
