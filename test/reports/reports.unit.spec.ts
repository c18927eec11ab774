import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport } from '../../bench/run';
import { markedFigures, staleFigures, writeFigures, type FigureSources } from './figure-markers';
import { loadFigures, renderReport, REPORTS, ROOT } from './reports';

// One source for each number: every figure of the three reports is written from the figures files
// (`npm run reports`). A figure typed by hand, or left behind by a new run, fails here.

describe('the reports agree with their figures files', () => {
  const sources = loadFigures();

  test.each(REPORTS)(
    '%s: every marked figure is its figures file’s, and the bench section is the last run’s',
    (report) => {
      const text = readFileSync(join(ROOT, report), 'utf8');
      expect(staleFigures(text, sources)).toEqual([]);
      expect(renderReport(text, sources)).toBe(text);
    },
  );

  test('the reports mark their figures (a report with none would pass the check above vacuously)', () => {
    const counts = REPORTS.map((report) => markedFigures(readFileSync(join(ROOT, report), 'utf8')));
    for (const count of counts) expect(count).toBeGreaterThan(0);
  });
});

describe('figure markers', () => {
  const bench = {
    totalSeconds: 754,
    results: [
      {
        id: 'R1',
        title: 't',
        ratio: 0.7137,
        target: '≥ 0.8',
        met: false,
        conditions: '',
        measurements: [{ label: 'command', unit: 'commands/s', runs: [1, 2], median: 1973.07 }],
      },
      {
        id: 'R6',
        title: 't',
        target: '≤ 50 ms',
        met: true,
        conditions: '',
        measurements: [{ label: 'p99 at 64 clients', unit: 'ms', runs: [1], median: 39.895 }],
      },
    ],
  } as unknown as BenchReport;
  const sources: FigureSources = {
    bench,
    reliability: {
      long: { a: { kills: 200, at: '2026-12-06T01:00:00Z', stops: [25, 32] }, b: { kills: 25 } },
    },
  };
  const marked = (spec: string, written: string) => `x <!--fig:${spec}-->${written}<!--/fig--> y`;

  test.each([
    ['bench:R1/ratio', '0.71'],
    ['bench:R1/met', 'no'],
    ['bench:R6/met', 'yes'],
    ['bench:R1/command', '1,973'],
    ['bench:R6/p99 at 64 clients', '39.90'],
    ['bench:totalSeconds|minutes', '13'],
    ['reliability:long/a/kills', '200'],
    ['reliability:long/a/kills + long/b/kills', '225'],
    ['reliability:long/a/at|date', '2026-12-06'],
    ['reliability:long/a/stops|max', '32'],
  ])('%s is written %s', (spec, expected) => {
    expect(writeFigures(marked(spec, '?'), sources)).toBe(marked(spec, expected));
    expect(staleFigures(marked(spec, expected), sources)).toEqual([]);
  });

  test('a figure typed differently from its source is stale', () => {
    expect(staleFigures(marked('bench:R6/p99 at 64 clients', '36'), sources)).toEqual([
      { source: 'bench', path: 'R6/p99 at 64 clients', written: '36', figure: '39.90' },
    ]);
  });

  test('a marker naming no figure is an error, not a blank', () => {
    expect(() => writeFigures(marked('reliability:long/a/nothing', '1'), sources)).toThrow(
      /no figure at "long\/a\/nothing"/,
    );
    expect(() => writeFigures(marked('bench:R1/no such label', '1'), sources)).toThrow(/no measurement/);
  });
});
