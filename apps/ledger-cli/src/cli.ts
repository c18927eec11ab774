import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { SystemClock } from '@ledger/application';
import type { EventStore } from '@ledger/event-store';
import { applyDueChanges } from './apply-due-changes';
import { openEventStore } from './cli-stores';
import {
  calendarDate,
  COMMANDS,
  position,
  requireEventStore,
  UsageError,
  validateArguments,
  wholeNumber,
} from './cli-arguments';
import { exportLogTo, importLogFrom } from './log-transfer';
import { Progress } from './progress';
import { rebuildInPartitions, rebuildOnePartition } from './partitioned-rebuild';
import { rebuildReadModels } from './rebuild';
import { replayTo } from './replay';
import { seedInParallel } from './seed/seed';
import { upgradeLetters } from './upgrade-letters';

const USAGE = `Usage: ledger-cli <command> [options]

Commands:
  apply-due-changes [--as-of YYYY-MM-DD]
      append every decision due on or before the date (default: today) on every licence
  seed --holders N [--first I] [--today YYYY-MM-DD] [--seed S] [--batch-holders B] [--jobs J]
      write N synthetic holders' histories (issue, infractions of the catalogue's mix,
      establishments, courses, over years), B holders per transaction (default 2000),
      J generator threads (default: cores - 1; 0: all in one thread)
  rebuild <read-model>|all [--batch-size B] [--partitions N]
      rebuild a read model (licences, letters) from zero beside the live one, then swap it in
      (all: every read model in one pass over the log); with --partitions (PostgreSQL read models only), the licences split by a stable hash among
      N processes, each with its own checkpoint, the swap once all are done
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

Options: --quiet (no progress), --create (start an empty event store if there is none), -h/--help.
Only seed and import create a missing event store; any other command refuses to run without one
(run from the wrong folder, it would have found nothing to work on), unless --create.
Each command prints its report as JSON on stdout; progress goes to stderr; an error is one line on
stderr, exit code 2 for bad arguments or a missing store, 1 for a failure.
Environment: EVENT_STORE_PATH or ESDB_CONNECTION_STRING, READ_MODEL_PATH or DATABASE_URL (as the
service), LEDGER_TODAY (fixes today).`;

async function withStore<T>(work: (store: EventStore) => Promise<T>, bulk = false): Promise<T> {
  const store = openEventStore(process.env, { bulk });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export async function main(argv: string[]): Promise<number> {
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
      partitions: { type: 'string' },
      partition: { type: 'string' },
      'up-to': { type: 'string' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      create: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...operands] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (command === undefined) throw new UsageError(`a command is needed: ${COMMANDS.join(', ')}.`);
  if (!COMMANDS.includes(command))
    throw new UsageError(`unknown command "${command}" (commands: ${COMMANDS.join(', ')}).`);
  validateArguments(command, operands, values);
  requireEventStore(command, values.create ?? false);
  const quiet = values.quiet ?? false;
  const batchSize =
    values['batch-size'] === undefined ? undefined : wholeNumber('batch-size', values['batch-size']);
  const print = (report: unknown) => console.log(JSON.stringify(report));
  switch (command) {
    case 'apply-due-changes': {
      const report = await applyDueChanges(calendarDate('as-of', values['as-of']));
      print(report);
      return report.licencesFailed > 0 ? 1 : 0;
    }
    case 'seed': {
      const holders = wholeNumber('holders', values.holders);
      // Generator threads; this one writes. One per core left, at most three.
      const jobs = wholeNumber('jobs', values.jobs, Math.max(1, Math.min(3, availableParallelism() - 1)));
      const report = await withStore(
        (store) =>
          seedInParallel(store, {
            holders,
            first: wholeNumber('first', values.first, 0),
            today: calendarDate('today', values.today) ?? new SystemClock().today(),
            seed: wholeNumber('seed', values.seed, 1),
            batchHolders: wholeNumber('batch-holders', values['batch-holders'], 2000),
            jobs,
            progress: new Progress({ label: 'seed', total: holders, unit: 'holders', enabled: !quiet }),
          }),
        true,
      );
      print(report);
      return 0;
    }
    case 'rebuild': {
      const [name] = operands;
      const partitions =
        values.partitions === undefined ? undefined : wholeNumber('partitions', values.partitions);
      print(
        await withStore((store) =>
          partitions === undefined
            ? rebuildReadModels(store, name, { batchSize, quiet })
            : rebuildInPartitions(store, name, { partitions, batchSize }),
        ),
      );
      return 0;
    }
    case 'rebuild-partition': {
      // Run by `rebuild --partitions`, one process per partition: not for the operator.
      const [name] = operands;
      const [index, count] = values.partition!.split('/').map(Number);
      print(
        await withStore((store) =>
          rebuildOnePartition(store, name, { index, count }, values['up-to']!, { batchSize }),
        ),
      );
      return 0;
    }
    case 'upgrade-letters': {
      const today = new SystemClock().today();
      print(await withStore((store) => upgradeLetters(store, { today, quiet })));
      return 0;
    }
    case 'export': {
      const out = values.out ?? '-';
      const after = values.after === undefined ? 0n : position('after', values.after);
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
      const input = values.in!;
      print(
        await withStore(
          (store) =>
            importLogFrom(store, input, {
              batchSize,
              progress: new Progress({ label: 'import', total: 0, unit: 'MB', enabled: !quiet }),
            }),
          true,
        ),
      );
      return 0;
    }
    case 'replay': {
      const to = values.to!;
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
      throw new UsageError(`unknown command "${command}".`);
  }
}

export { reportError } from './cli-arguments';
