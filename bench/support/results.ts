import { formatNumber, median } from './stats';

/** One side of a pair: a figure measured in several runs, reported as their median. */
export interface Measurement {
  label: string;
  unit: string;
  runs: number[];
  median: number;
}

export function measurement(label: string, unit: string, runs: number[]): Measurement {
  return { label, unit, runs, median: median(runs) };
}

/** A line of the report: a pair and its ratio, or a single figure, against its target. */
export interface BenchResult {
  id: string;
  title: string;
  /** The measured figures (for a pair: numerator first, denominator second). */
  measurements: Measurement[];
  /**
   * For a pair: the median of the runs' own ratios when each run measured both sides back to back
   * (`ratioOf: 'runs'`), else numerator ÷ denominator of the medians.
   */
  ratio?: number;
  ratioOf?: 'runs' | 'medians';
  target: string;
  met: boolean;
  /** Conditions of the measurement (data size, concurrency…), printed with it. */
  conditions: string;
}

export function pair(
  id: string,
  title: string,
  numerator: Measurement,
  denominator: Measurement,
  target: { text: string; test: (ratio: number) => boolean },
  conditions: string,
  extra: Measurement[] = [],
  { backToBack = false }: { backToBack?: boolean } = {},
): BenchResult {
  // Back to back, each run's two sides saw the same state of the machine (its disk's fsync, the
  // other jobs): their ratio is the measurement, and a slow phase on one side of another run must not
  // be set against a fast one on this side, as a ratio of medians may.
  const paired = backToBack && numerator.runs.length === denominator.runs.length;
  const ratio = paired
    ? median(numerator.runs.map((value, run) => value / denominator.runs[run]))
    : numerator.median / denominator.median;
  return {
    id,
    title,
    measurements: [numerator, denominator, ...extra],
    ratio,
    ratioOf: paired ? 'runs' : 'medians',
    target: target.text,
    met: target.test(ratio),
    conditions,
  };
}

export function single(
  id: string,
  title: string,
  value: Measurement,
  target: { text: string; test: (value: number) => boolean },
  conditions: string,
  extra: Measurement[] = [],
): BenchResult {
  return {
    id,
    title,
    measurements: [value, ...extra],
    target: target.text,
    met: target.test(value.median),
    conditions,
  };
}

const runsOf = (m: Measurement) =>
  m.runs.length > 1 ? ` (runs: ${m.runs.map(formatNumber).join(', ')})` : '';

/** The report as text lines, one block per result. */
export function formatResult(result: BenchResult): string {
  const lines = [`${result.id}  ${result.title}`];
  for (const m of result.measurements)
    lines.push(`    ${m.label}: ${formatNumber(m.median)} ${m.unit} median of ${m.runs.length}${runsOf(m)}`);
  if (result.ratio !== undefined)
    lines.push(
      `    ratio: ${result.ratio.toFixed(2)}${result.ratioOf === 'runs' ? ' (median of the runs’ own ratios)' : ' (of the medians)'}`,
    );
  lines.push(`    target: ${result.target}  → ${result.met ? 'MET' : 'MISSED'}`);
  lines.push(`    conditions: ${result.conditions}`);
  return lines.join('\n');
}
