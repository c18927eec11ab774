import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// ledger-cli as an operator runs it: its own process, in a folder of their choosing. A mistake in
// the arguments is one line on stderr and exit code 2, never a stack trace; a command run from the
// wrong folder refuses to work on a store that is not there instead of creating an empty one.

const ROOT = resolve(__dirname, '../../..');
const REGISTER = join(ROOT, 'test/reliability/support/swc-register.js');
const MAIN = join(ROOT, 'apps/ledger-cli/src/main.ts');

describe('ledger-cli errors', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-errors-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the CLI in `dir` with no store configured: the defaults are ./data/ under `dir`. */
  const cli = (...args: string[]) => cliWith({ LEDGER_CLI_HEAP_MB: '0' }, ...args);
  const cliWith = (env: NodeJS.ProcessEnv, ...args: string[]) => {
    const run = spawnSync(process.execPath, ['-r', REGISTER, MAIN, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: run.status, stdout: run.stdout, stderrLines: run.stderr.trimEnd().split('\n') };
  };

  test.each([
    [['replay', '--to', '2024-02-30'], /--to must be a real day YYYY-MM-DD, got "2024-02-30"/],
    [['seed', '--holders', '3', '--today', 'x'], /--today must be a real day YYYY-MM-DD, got "x"/],
    [['rebuild', 'nonsense'], /no read model named "nonsense" \(known: licences, letters, or all\)/],
    [['import', '--in', '/nonexistent'], /--in \/nonexistent: no such file/],
    [['apply-due-changes', '--as-of', '2025-13-01'], /--as-of must be a real day/],
    [['export', '--after', 'minus-one'], /--after must be a position of the log/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['rebuild', 'licences', '--colour'], /Unknown option '--colour'/],
    [[], /a command is needed/],
    [
      ['rebuild', 'licences', '--partitions', '2'],
      /--partitions needs the read models on PostgreSQL \(DATABASE_URL\)/,
    ],
    [['rebuild', 'licences', '--partitions', '0'], /--partitions must be from 1 to 64, got 0/],
    [
      ['rebuild-partition', 'licences', '--partition', '2/2', '--up-to', '5'],
      /--partition 2\/2: I must be below N/,
    ],
    [
      ['rebuild-partition', 'licences', '--partition', 'half', '--up-to', '5'],
      /rebuild-partition needs --partition I\/N/,
    ],
  ])('%j: one line on stderr, exit code 2, nothing created', (args, message) => {
    const run = cli(...args);
    expect(run.status).toBe(2);
    expect(run.stderrLines).toHaveLength(1);
    expect(run.stderrLines[0]).toMatch(/^ledger-cli: /);
    expect(run.stderrLines[0]).toMatch(message);
    expect(run.stderrLines[0]).not.toMatch(/\bat .*\.ts:\d+/); // no stack frame
    expect(run.stdout).toBe('');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });

  test('from a folder without a store, a command that reads one refuses and creates nothing', () => {
    for (const args of [['rebuild', 'licences'], ['apply-due-changes'], ['export', '--out', 'log.ndjson']]) {
      const run = cli(...args);
      expect(run.status).toBe(2);
      expect(run.stderrLines).toEqual([
        `ledger-cli: no event store at ${join(dir, 'data/events.sqlite')}: run from the service's folder or set EVENT_STORE_PATH (--create starts an empty one). (ledger-cli --help for usage)`,
      ]);
      expect(existsSync(join(dir, 'data'))).toBe(false);
    }
  });

  test('--create starts an empty store, and seed creates its own', () => {
    const created = cli('rebuild', 'licences', '--create', '--quiet');
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject([{ projection: 'licences', events: 0 }]);
    expect(existsSync(join(dir, 'data/events.sqlite'))).toBe(true);

    rmSync(join(dir, 'data'), { recursive: true });
    const seeded = cli('seed', '--holders', '2', '--today', '2025-06-30', '--jobs', '0', '--quiet');
    expect(seeded.status).toBe(0);
    expect(JSON.parse(seeded.stdout)).toMatchObject({ holders: 2 });
    expect(cli('rebuild', 'all', '--quiet').status).toBe(0);
  });

  test('a rebuild runs under its heap ceiling, in one process: its report gives the ceiling and the peak', () => {
    expect(cli('seed', '--holders', '3', '--today', '2025-06-30', '--jobs', '0', '--quiet').status).toBe(0);
    const report = (env: NodeJS.ProcessEnv) => {
      const run = cliWith(env, 'rebuild', 'licences', '--quiet');
      expect(run.status).toBe(0);
      return (JSON.parse(run.stdout) as { peakRssMb: number; heapLimitMb: number }[])[0];
    };
    const ceiled = report({ LEDGER_CLI_HEAP_MB: '96' }); // old generation 96 MB, plus the young one
    expect(ceiled.heapLimitMb).toBeGreaterThanOrEqual(96);
    expect(ceiled.heapLimitMb).toBeLessThan(200);
    expect(ceiled.peakRssMb).toBeGreaterThan(0);
    expect(ceiled).not.toHaveProperty('parentPeakRssMb');
    expect(report({ LEDGER_CLI_HEAP_MB: '0' }).heapLimitMb).toBeGreaterThan(ceiled.heapLimitMb); // V8's own
  });
});
