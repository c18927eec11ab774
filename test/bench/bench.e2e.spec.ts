import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchDirectory, benchPostgresUrl, TINY_SIZES } from '../../bench/support/bench-context';
import { dropBenchDatabase } from '../../bench/support/pg-read-models';
import { markdown, runBenchmarks } from '../../bench/run';
import { median } from '../../bench/support/stats';

// `npm run bench` measures; the test suite only proves that every benchmark runs, end to end, on
// tiny data (a few dozen holders, two runs each), and reports each figure against its target.
// Nothing here is timed: the figures of a tiny run mean nothing.

const SQLITE_IDS = ['Memory', 'R2', 'R3', 'Queries', 'R4 query', 'R4 command', 'R1', 'R1b', 'R6'];
const WITH_POSTGRES_IDS = [
  'Memory',
  'R2',
  'R2 (PostgreSQL)',
  'R2p',
  'R3',
  'Queries',
  'R3 (PostgreSQL)',
  'Queries (PostgreSQL)',
  'R4 query',
  'R4 command',
  'R1',
  'R1b',
  'R6',
  'R6 (PostgreSQL)',
];
const PAIRS = [
  'R1',
  'R1b',
  'R2',
  'R2 (PostgreSQL)',
  'R2p',
  'R3',
  'R3 (PostgreSQL)',
  'R4 query',
  'R4 command',
];

describe('npm run bench, on tiny data', () => {
  const dir = benchDirectory('points-ledger-bench-test');
  const pgAdminUrl = benchPostgresUrl();
  const pgDatabase = `points_ledger_bench_tiny_${process.pid}`;
  if (!pgAdminUrl)
    process.stderr.write(
      'npm run bench, on tiny data: the PostgreSQL figures are skipped (TEST_DATABASE_URL is not set)\n',
    );
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgAdminUrl) await dropBenchDatabase(pgAdminUrl, pgDatabase);
  });

  it(`runs every benchmark and reports each figure, its runs, its ratio and its target${pgAdminUrl ? ', on both read-model stores' : ' (SQLite only: no PostgreSQL)'}`, async () => {
    const report = await runBenchmarks({
      sizes: TINY_SIZES,
      dir,
      datasetsDir: join(dir, 'datasets'),
      log: () => undefined,
      pgAdminUrl,
      pgDatabase,
    });

    expect(report.results.map((result) => result.id)).toEqual(pgAdminUrl ? WITH_POSTGRES_IDS : SQLITE_IDS);
    for (const result of report.results) {
      expect(result.target).not.toBe('');
      for (const measured of result.measurements) {
        expect(measured.runs.length).toBeGreaterThanOrEqual(1);
        expect(measured.runs.every((value) => Number.isFinite(value) && value > 0)).toBe(true);
      }
    }
    for (const id of PAIRS.filter((candidate) => report.results.some((result) => result.id === candidate))) {
      const result = report.results.find((candidate) => candidate.id === id)!;
      expect(result.measurements[0].runs).toHaveLength(TINY_SIZES.runs);
      // Only R4 command measures its two sides one after the other (all small runs, then all large).
      expect(result.ratioOf).toBe(id === 'R4 command' ? 'medians' : 'runs');
      const [numerator, denominator] = result.measurements;
      // Back to back in each run: the median of the runs' own ratios; else the ratio of the medians.
      const expected =
        result.ratioOf === 'runs'
          ? median(numerator.runs.map((value, run) => value / denominator.runs[run]))
          : numerator.median / denominator.median;
      expect(result.ratio).toBeCloseTo(expected, 10);
    }
    expect(report.datasets.map((dataset) => dataset.holders)).toEqual([
      TINY_SIZES.smallHolders,
      TINY_SIZES.workingHolders,
      TINY_SIZES.largeHolders,
    ]);
    expect(report.datasets.every((dataset) => dataset.reused === false && dataset.letters! > 0)).toBe(true);

    const section = markdown(report);
    expect(section).toContain('| **R1** command through the CommandBus');
    expect(section).toContain(`Node ${process.version}`);
  }, 300_000);

  it('reuses a data set seeded by an earlier run: the same log, not seeded again', async () => {
    const { seedDataset } = await import('../../bench/support/datasets');
    const context = {
      sizes: TINY_SIZES,
      dir: join(dir, 'reuse'),
      datasetsDir: join(dir, 'reuse-datasets'),
      log: () => undefined,
    };
    const first = await seedDataset(context, 'reuse', 15);
    const second = await seedDataset(context, 'reuse', 15);
    expect([first.reused, second.reused]).toEqual([false, true]);
    expect(second.events).toBe(first.events);
    expect(second.seed).toEqual(first.seed);
  });
});
