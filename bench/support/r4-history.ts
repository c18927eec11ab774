import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { measurement, type BenchResult } from './results';

/**
 * R4 must hold "in three consecutive bench runs": one run cannot show that, so every full-size run
 * that measures R4 (`npm run bench`, or `--only R4`) appends its two ratios to a figures file, and
 * the report's "R4 held" line is read from its last three entries. Scaled and tiny runs are not R4
 * at its sizes and append nothing.
 */
export interface R4Entry {
  startedAt: string;
  /** How the run was started (`npm run bench`, or `--only R4`). */
  invokedAs: string;
  cpuModel: string;
  queryRatio: number;
  commandRatio: number;
}

export const R4_TARGET = 1.2;
const CONSECUTIVE = 3;

/** The R4 ratios of a run's results, or undefined when it did not measure both. */
export function r4RatiosOf(results: readonly BenchResult[]): { query: number; command: number } | undefined {
  const query = results.find((result) => result.id === 'R4 query')?.ratio;
  const command = results.find((result) => result.id === 'R4 command')?.ratio;
  return query === undefined || command === undefined ? undefined : { query, command };
}

export function readR4History(path: string): R4Entry[] {
  if (!existsSync(path)) return [];
  return JSON.parse(readFileSync(path, 'utf8')) as R4Entry[];
}

/** Appends this run's ratios and returns the history with it. */
export function appendR4Run(path: string, entry: R4Entry): R4Entry[] {
  const history = [...readR4History(path), entry];
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(history, null, 2)}\n`);
  return history;
}

/** The "R4 held" line: the last three runs' ratios, met when there are three and each is within R4. */
export function r4HeldResult(history: readonly R4Entry[]): BenchResult {
  const last = history.slice(-CONSECUTIVE);
  const within = (ratio: number) => ratio <= R4_TARGET;
  return {
    id: 'R4 held',
    title: `R4 query and R4 command ratios in the last ${CONSECUTIVE} full-size runs that measured R4 (this one last)`,
    measurements: [
      measurement(
        'R4 query ratios',
        '×',
        last.map((entry) => entry.queryRatio),
      ),
      measurement(
        'R4 command ratios',
        '×',
        last.map((entry) => entry.commandRatio),
      ),
    ],
    target: `≤ ${R4_TARGET} in each of ${CONSECUTIVE} consecutive runs`,
    met:
      last.length === CONSECUTIVE &&
      last.every((entry) => within(entry.queryRatio) && within(entry.commandRatio)),
    conditions: `runs of ${last.map((entry) => `${entry.startedAt} (${entry.invokedAs})`).join(', ')}; bench/results/r4-history.json keeps every full-size run's R4 ratios`,
  };
}
