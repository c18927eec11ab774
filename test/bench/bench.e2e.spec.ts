import { rmSync } from 'node:fs';
import { benchDirectory, TINY_SIZES } from '../../bench/support/bench-context';
import { markdown, runBenchmarks } from '../../bench/run';

// `npm run bench` measures; the test suite only proves that every benchmark runs, end to end, on
// tiny data (a few dozen holders, two runs each), and reports each figure against its target.
// Nothing here is timed: the figures of a tiny run mean nothing.

describe('npm run bench, on tiny data', () => {
  const dir = benchDirectory('points-ledger-bench-test');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every benchmark and reports each figure, its runs, its ratio and its target', async () => {
    const report = await runBenchmarks({ sizes: TINY_SIZES, dir, log: () => undefined });

    expect(report.results.map((result) => result.id)).toEqual(['Memory', 'R2', 'R3', 'Queries', 'R4 query', 'R4 command', 'R1', 'R1b', 'R6']);
    for (const result of report.results) {
      expect(result.target).not.toBe('');
      for (const measured of result.measurements) {
        expect(measured.runs.length).toBeGreaterThanOrEqual(1);
        expect(measured.runs.every((value) => Number.isFinite(value) && value > 0)).toBe(true);
      }
    }
    for (const id of ['R1', 'R1b', 'R2', 'R3', 'R4 query', 'R4 command']) {
      const result = report.results.find((candidate) => candidate.id === id)!;
      expect(result.measurements[0].runs).toHaveLength(TINY_SIZES.runs);
      expect(result.ratio).toBeCloseTo(result.measurements[0].median / result.measurements[1].median, 10);
    }
    expect(report.datasets.map((dataset) => dataset.holders)).toEqual([TINY_SIZES.smallHolders, TINY_SIZES.workingHolders, TINY_SIZES.largeHolders]);

    const section = markdown(report);
    expect(section).toContain('| **R1** command through the CommandBus');
    expect(section).toContain(`Node ${process.version}`);
  }, 180_000);
});
