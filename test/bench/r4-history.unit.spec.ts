import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendR4Run,
  r4HeldResult,
  r4RatiosOf,
  readR4History,
  type R4Entry,
} from '../../bench/support/r4-history';
import { measurement, pair, type BenchResult } from '../../bench/support/results';

const run = (queryRatio: number, commandRatio: number, startedAt = '2026-12-06T00:00:00.000Z'): R4Entry => ({
  startedAt,
  invokedAs: 'npm run bench',
  cpuModel: 'test',
  queryRatio,
  commandRatio,
});

const r4 = (id: string, large: number, small: number): BenchResult =>
  pair(
    id,
    id,
    measurement('large', 'ms', [large]),
    measurement('small', 'ms', [small]),
    {
      text: '≤ 1.2',
      test: (ratio) => ratio <= 1.2,
    },
    '',
  );

describe('R4 across consecutive bench runs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'r4-history-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads both ratios from a run that measured R4, and nothing from one that did not', () => {
    expect(r4RatiosOf([r4('R4 query', 3, 2), r4('R4 command', 1, 1)])).toEqual({ query: 1.5, command: 1 });
    expect(r4RatiosOf([r4('R4 query', 3, 2)])).toBeUndefined();
  });

  it('appends each run to the file, keeping the earlier ones', () => {
    const path = join(dir, 'results', 'r4-history.json');
    expect(readR4History(path)).toEqual([]);
    appendR4Run(path, run(1.1, 1.0, 'first'));
    const history = appendR4Run(path, run(1.0, 0.9, 'second'));
    expect(history.map((entry) => entry.startedAt)).toEqual(['first', 'second']);
    expect(readR4History(path)).toEqual(history);
  });

  it('holds only with three runs, each within 1.2 on both ratios', () => {
    expect(r4HeldResult([run(1.0, 1.0), run(1.1, 1.2)]).met).toBe(false);
    expect(r4HeldResult([run(1.0, 1.0), run(1.1, 1.2), run(1.19, 0.8)]).met).toBe(true);
    expect(r4HeldResult([run(1.0, 1.0), run(1.1, 1.21), run(1.19, 0.8)]).met).toBe(false);
  });

  it('looks at the last three runs only: an old miss no longer counts, a new one does', () => {
    const held = r4HeldResult([run(2.0, 2.0), run(1.0, 1.0), run(1.1, 1.1), run(1.0, 0.9)]);
    expect(held.met).toBe(true);
    expect(held.measurements[0].runs).toEqual([1.0, 1.1, 1.0]);
    expect(r4HeldResult([run(1.0, 1.0), run(1.1, 1.1), run(1.0, 0.9), run(1.5, 1.0)]).met).toBe(false);
  });
});
