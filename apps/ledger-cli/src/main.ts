import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { SystemClock } from '@ledger/application';
import { isDomainError } from '@ledger/domain';
import { parsePosition, type EventStore } from '@ledger/event-store';
import { applyDueChanges } from './apply-due-changes';
import { openEventStore } from './cli-stores';
import { exportLogTo, importLogFrom } from './log-transfer';
import { Progress } from './progress';
import { rebuildReadModels } from './rebuild';
import { upgradeLetters } from './upgrade-letters';
import { replayTo } from './replay';
import { seedInParallel } from './seed/seed';

const USAGE = `Usage: ledger-cli <command> [options]

Commands:
  apply-due-changes [--as-of YYYY-MM-DD]
      append every decision due on or before the date (default: today) on every licence
  seed --holders N [--first I] [--today YYYY-MM-DD] [--seed S] [--batch-holders B] [--jobs J]
      write N synthetic holders' histories (issue, infractions of the catalogue's mix,
      establishments, courses, over years), B holders per transaction (default 2000),
      J generator threads (default: cores - 1; 0: all in one thread)
  rebuild <read-model>|all [--batch-size B]
      rebuild a read model (licences, letters) from zero beside the live one, then swap it in
  export [--out FILE|-] [--after POSITION] [--batch-size B]
      write the log as NDJSON, one event per line (default: stdout)
  import --in FILE|- [--batch-size B]
      append an NDJSON export to the store; events already there are skipped
  replay --to YYYY-MM-DD [--out FILE] [--force] [--batch-size B]
      rebuild the read models as they stood at the end of that day into a separate file
      (default ./data/replay-<date>.sqlite)
  upgrade-letters
      once, with the worker stopped: record in the log (LetterIssued) every letter an older
      version kept only in the read model, then rebuild the letters read model; twice: no-op

Options: --quiet (no progress), -h/--help.
Each command prints its report as JSON on stdout; progress goes to stderr.
Environment: EVENT_STORE_PATH or ESDB_CONNECTION_STRING, READ_MODEL_PATH or DATABASE_URL (as the
service), LEDGER_TODAY (fixes today).`;

/** parseArgs refuses unknown options and missing values with these codes. */
const isUsageError = (error: unknown): error is Error & { code: string } =>
  error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_');

class UsageError extends Error {}

function wholeNumber(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required.`);
    return fallback;
  }
  if (!/^\d+$/.test(value.replace(/_/g, ''))) throw new UsageError(`--${name} must be a whole number, got "${value}".`);
  return Number(value.replace(/_/g, ''));
}

async function withStore<T>(work: (store: EventStore) => Promise<T>, bulk = false): Promise<T> {
  const store = openEventStore(process.env, { bulk });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'as-of': { type: 'string' },
      holders: { type: 'string' },
      first: { type: 'string' },
      today: { type: 'string' },
      seed: { type: 'string' },
      'batch-holders': { type: 'string' },
      jobs: { type: 'string' },
      'batch-size': { type: 'string' },
      out: { type: 'string' },
      in: { type: 'string' },
      after: { type: 'string' },
      to: { type: 'string' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...operands] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const quiet = values.quiet ?? false;
  const batchSize = values['batch-size'] === undefined ? undefined : wholeNumber('batch-size', values['batch-size']);
  const print = (report: unknown) => console.log(JSON.stringify(report));
  switch (command) {
    case 'apply-due-changes': {
      const report = await applyDueChanges(values['as-of']);
      print(report);
      return report.licencesFailed > 0 ? 1 : 0;
    }
    case 'seed': {
      const holders = wholeNumber('holders', values.holders);
      // Generator threads; this one writes. One per core left, at most three.
      const jobs = wholeNumber('jobs', values.jobs, Math.max(1, Math.min(3, availableParallelism() - 1)));
      const report = await withStore((store) =>
        seedInParallel(store, {
          holders,
          first: wholeNumber('first', values.first, 0),
          today: values.today ?? new SystemClock().today(),
          seed: wholeNumber('seed', values.seed, 1),
          batchHolders: wholeNumber('batch-holders', values['batch-holders'], 2000),
          jobs,
          progress: new Progress({ label: 'seed', total: holders, unit: 'holders', enabled: !quiet }),
        }),
      true);
      print(report);
      return 0;
    }
    case 'rebuild': {
      const [name] = operands;
      if (name === undefined) throw new UsageError('rebuild needs the name of a read model (licences, letters), or all.');
      print(await withStore((store) => rebuildReadModels(store, name, { batchSize, quiet })));
      return 0;
    }
    case 'upgrade-letters': {
      const today = new SystemClock().today();
      print(await withStore((store) => upgradeLetters(store, { today, quiet })));
      return 0;
    }
    case 'export': {
      const out = values.out ?? '-';
      const after = values.after === undefined ? 0n : parsePosition(values.after);
      const report = await withStore(async (store) =>
        exportLogTo(store, out, {
          after,
          batchSize,
          progress: new Progress({ label: 'export', total: 0, unit: 'events', enabled: !quiet }),
        }),
      );
      // With the log on stdout, the report goes to stderr.
      if (out === '-') console.error(JSON.stringify(report));
      else print(report);
      return 0;
    }
    case 'import': {
      if (values.in === undefined) throw new UsageError('import needs --in FILE (or - for stdin).');
      const input = values.in;
      print(
        await withStore((store) =>
          importLogFrom(store, input, {
            batchSize,
            progress: new Progress({ label: 'import', total: 0, unit: 'MB', enabled: !quiet }),
          }),
        true),
      );
      return 0;
    }
    case 'replay': {
      if (values.to === undefined) throw new UsageError('replay needs --to YYYY-MM-DD.');
      const to = values.to;
      print(
        await withStore((store) =>
          replayTo(store, {
            to,
            out: values.out,
            force: values.force,
            batchSize,
            progress: new Progress({ label: `replay to ${to}`, total: 0, unit: 'events', enabled: !quiet }),
          }),
        ),
      );
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

/**
 * A rebuild or a replay holds a bounded working set (the licences of its current batches), but V8
 * lets the heap grow far past it before collecting: such a run re-executes itself with a heap
 * ceiling so that its memory stays flat at any log size (BENCHMARKS.md, "Memory").
 * LEDGER_CLI_HEAP_MB sets the ceiling; 0 leaves V8's default.
 */
const BOUNDED_COMMANDS = new Set(['rebuild', 'replay']);
const DEFAULT_HEAP_MB = 160;

function rerunWithHeapCeiling(argv: string[]): number | undefined {
  const heapMb = Number(process.env.LEDGER_CLI_HEAP_MB ?? DEFAULT_HEAP_MB);
  const command = argv.find((arg) => !arg.startsWith('-'));
  if (!command || !BOUNDED_COMMANDS.has(command) || !(heapMb > 0)) return undefined;
  if (process.execArgv.some((arg) => arg.startsWith('--max-old-space-size'))) return undefined;
  const child = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${heapMb}`, __filename, ...argv], { stdio: 'inherit' });
  if (child.error) throw child.error;
  return child.status ?? 1;
}

const rerun = rerunWithHeapCeiling(process.argv.slice(2));
if (rerun !== undefined) process.exitCode = rerun;
else main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isUsageError(error) || error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(isDomainError(error) ? `${error.code}: ${error.message}` : error);
    process.exitCode = 1;
  },
);
