import type { BenchReport } from '../../bench/run';

/**
 * One source for each number: a figure written in README.md, RELIABILITY.md or BENCHMARKS.md sits
 * between markers that name where it comes from, and `npm run reports` writes it from there:
 *
 *   <!--fig:bench:R1/ratio-->0.71<!--/fig-->                   a bench result's ratio
 *   <!--fig:bench:R1/met-->no<!--/fig-->                       whether it met its target (yes/no)
 *   <!--fig:bench:R1/command-->1,973<!--/fig-->                a bench measurement's median (by label)
 *   <!--fig:bench:R6/p99 at 64 clients/runs|max-->45.85<!--/fig-->  the largest of its runs
 *   <!--fig:bench:totalSeconds|minutes-->13<!--/fig-->         any field of bench/results/last-run.json
 *   <!--fig:reliability:long/worker-crashes/kills-->200<!--/fig-->   test/reliability/figures.json
 *   <!--fig:reliability:long/a/x + long/b/y-->…<!--/fig-->     a sum of figures
 *
 * After `|`: `2` (two decimals), `raw` (as stored: a seed), `date` (the day of a timestamp), `minutes`,
 * `min`/`max` (of a list).
 * Numbers are written as the bench tables write them (en-GB grouping).
 */
export interface FigureSources {
  bench: BenchReport;
  reliability: ReliabilityFigures;
}

/** The reliability suites' figures by variant (long, short), then by suite, as each suite recorded them. */
export type ReliabilityFigures = Record<string, Record<string, Record<string, unknown>>>;

const MARKER = /<!--fig:(bench|reliability):([^>]*?)-->([\s\S]*?)<!--\/fig-->/g;

export interface StaleFigure {
  source: string;
  path: string;
  written: string;
  figure: string;
}

/** The text with every marked figure written from its source. */
export function writeFigures(text: string, sources: FigureSources): string {
  return text.replace(
    MARKER,
    (_, source: string, path: string) =>
      `<!--fig:${source}:${path}-->${figureText(sources, source, path)}<!--/fig-->`,
  );
}

/** Every marked figure whose text is not what its source says. */
export function staleFigures(text: string, sources: FigureSources): StaleFigure[] {
  return [...text.matchAll(MARKER)]
    .map(([, source, path, written]) => ({
      source,
      path,
      written,
      figure: figureText(sources, source, path),
    }))
    .filter((entry) => entry.written !== entry.figure);
}

/** How many figures the text marks. */
export const markedFigures = (text: string): number => [...text.matchAll(MARKER)].length;

function figureText(sources: FigureSources, source: string, spec: string): string {
  const [paths, format = ''] = spec.split('|');
  const values = paths.split('+').map((path) => lookUp(sources, source, path.trim()));
  if (values.length > 1)
    return formatNumber(
      values.reduce((sum: number, value) => sum + toNumber(value, spec), 0),
      format,
    );
  return formatValue(values[0], format, spec);
}

function lookUp(sources: FigureSources, source: string, path: string): unknown {
  const keys = path.split('/');
  if (source === 'bench') {
    const result = sources.bench.results.find((candidate) => candidate.id === keys[0]);
    if (result && (keys.length === 2 || (keys.length === 3 && keys[2] === 'runs'))) {
      if (keys[1] === 'ratio') return result.ratio;
      if (keys[1] === 'met') return result.met;
      const measured = result.measurements.find((m) => m.label === keys[1]);
      if (!measured) throw new Error(`bench result ${keys[0]} has no measurement "${keys[1]}"`);
      return keys.length === 3 ? measured.runs : measured.median;
    }
    return walk(sources.bench, keys, path);
  }
  return walk(sources.reliability, keys, path);
}

function walk(root: unknown, keys: string[], path: string): unknown {
  let node = root;
  for (const key of keys) {
    if (node === null || typeof node !== 'object' || !(key in node))
      throw new Error(`no figure at "${path}" (stops at "${key}")`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function toNumber(value: unknown, spec: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number))
    throw new Error(`"${spec}" is not a number: ${JSON.stringify(value)}`);
  return number;
}

function formatValue(value: unknown, format: string, spec: string): string {
  if (format === 'date') return String(value).slice(0, 10);
  if (format === 'raw') return String(value);
  if (format === 'min' || format === 'max') {
    if (!Array.isArray(value) || value.length === 0) throw new Error(`"${spec}" is not a list of numbers`);
    const numbers = value.map((entry) => toNumber(entry, spec));
    return formatNumber(format === 'min' ? Math.min(...numbers) : Math.max(...numbers), '');
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return formatNumber(toNumber(value, spec), format);
}

function formatNumber(value: number, format: string): string {
  if (format === 'minutes') return String(Math.round(value / 60));
  // As the bench tables write them: two decimals below 100 unless whole, none above.
  const digits = format === '2' ? 2 : format === '0' || Number.isInteger(value) || value >= 100 ? 0 : 2;
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
