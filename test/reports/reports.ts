import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { markdown, type BenchReport } from '../../bench/run';
import { writeFigures, type FigureSources, type ReliabilityFigures } from './figure-markers';

export const ROOT = resolve(__dirname, '../..');
/** The reports, each written from the figures files. */
export const REPORTS = ['README.md', 'RELIABILITY.md', 'BENCHMARKS.md'] as const;
export const BENCH_FIGURES = 'bench/results/last-run.json';
export const RELIABILITY_FIGURES = 'test/reliability/figures.json';

const BENCH_BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const BENCH_END = '<!-- bench:end -->';

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as T;

export function loadFigures(): FigureSources {
  return {
    bench: readJson<BenchReport>(BENCH_FIGURES),
    reliability: readJson<ReliabilityFigures>(RELIABILITY_FIGURES),
  };
}

/** A report as its figures files say it: the bench section (BENCHMARKS.md) and every marked figure. */
export function renderReport(text: string, sources: FigureSources): string {
  const begin = text.indexOf(BENCH_BEGIN);
  const end = text.indexOf(BENCH_END);
  const withSection =
    begin >= 0 && end > begin
      ? `${text.slice(0, begin)}${BENCH_BEGIN}\n${markdown(sources.bench)}\n${text.slice(end)}`
      : text;
  return writeFigures(withSection, sources);
}

/** Rewrites the three reports from the figures files; returns those that changed. */
export function writeReports(sources = loadFigures()): string[] {
  const changed: string[] = [];
  for (const report of REPORTS) {
    const file = join(ROOT, report);
    const text = readFileSync(file, 'utf8');
    const rendered = renderReport(text, sources);
    if (rendered !== text) {
      writeFileSync(file, rendered);
      changed.push(report);
    }
  }
  return changed;
}

/**
 * Takes a reliability run's figures (one JSON per suite, as the suites write them in
 * RELIABILITY_FIGURES_DIR) into the committed figures file, as that variant's: a variant is replaced
 * by one run, so that its figures all come from the same run.
 */
export function collectReliabilityRun(variant: 'long' | 'short', dir: string): string[] {
  const suites: Record<string, Record<string, unknown>> = {};
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()) {
    const figures = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
    if (figures.long !== (variant === 'long'))
      throw new Error(`${name} is from a ${figures.long ? 'long' : 'short'} run, not a ${variant} one`);
    suites[String(figures.suite)] = figures;
  }
  if (Object.keys(suites).length === 0) throw new Error(`no figures in ${dir}`);
  const all = readJson<ReliabilityFigures>(RELIABILITY_FIGURES);
  all[variant] = suites;
  writeFileSync(join(ROOT, RELIABILITY_FIGURES), `${JSON.stringify(all, null, 2)}\n`);
  return Object.keys(suites);
}
