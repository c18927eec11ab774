import { rebuildRunnerContract } from '../../test/runner-contract/rebuild-runner.contract';
import { useSqliteRunnerHarness } from '../../test/runner-contract/sqlite-runner-harness';

// Replay on SQLite (CONVENTIONS 8): the runner contract (test/runner-contract/). The equality over
// random histories runs on SQLite in test/replay/read-model-replay.int.spec.ts.

describe('rebuilding a read model from zero, on SQLite', () => {
  rebuildRunnerContract(useSqliteRunnerHarness());
});
