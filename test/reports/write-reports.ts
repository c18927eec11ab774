import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectReliabilityRun, writeReports } from './reports';

/**
 * `npm run reports`: writes the figures of README.md, RELIABILITY.md and BENCHMARKS.md from the
 * figures files (bench/results/last-run.json, test/reliability/figures.json).
 * `npm run reports -- --reliability long|short [DIR]` first takes a reliability run's figures from
 * DIR (default: RELIABILITY_FIGURES_DIR, as the suites wrote them) into test/reliability/figures.json.
 */
function main(argv: string[]): void {
  const at = argv.indexOf('--reliability');
  if (at >= 0) {
    const variant = argv[at + 1];
    if (variant !== 'long' && variant !== 'short') throw new Error('--reliability takes long or short');
    const dir =
      argv[at + 2] ?? process.env.RELIABILITY_FIGURES_DIR ?? join(tmpdir(), 'ledger-reliability-figures');
    const suites = collectReliabilityRun(variant, dir);
    console.log(
      `test/reliability/figures.json: the ${variant} run's figures from ${dir} (${suites.join(', ')})`,
    );
  }
  const changed = writeReports();
  console.log(
    changed.length > 0
      ? `Rewritten: ${changed.join(', ')}`
      : 'Every report already agrees with its figures files.',
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`reports: ${(error as Error).message}`);
  process.exitCode = 1;
}
