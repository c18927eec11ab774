import { Worker } from 'node:worker_threads';

/**
 * A rebuild or a replay holds a bounded working set (the licences of its current batches), but V8
 * lets the heap grow far past it before collecting: such a run goes to a worker thread with a heap
 * ceiling so that its memory stays flat at any log size (BENCHMARKS.md, "Memory"). A thread, not a
 * child process: one process holds one Node binary and one set of native libraries, and its peak
 * RSS is the whole run's, with no waiting parent to add.
 * LEDGER_CLI_HEAP_MB sets the ceiling; 0 leaves V8's default and runs in the main thread.
 */
const BOUNDED_COMMANDS = new Set(['rebuild', 'replay']);
const DEFAULT_HEAP_MB = 160;

/** The heap ceiling, in MB, the command runs under; undefined: it runs as it is, in this thread. */
export function heapCeilingFor(argv: string[], env: NodeJS.ProcessEnv = process.env): number | undefined {
  const heapMb = Number(env.LEDGER_CLI_HEAP_MB ?? DEFAULT_HEAP_MB);
  const command = argv.find((arg) => !arg.startsWith('-'));
  if (!command || !BOUNDED_COMMANDS.has(command) || !(heapMb > 0)) return undefined;
  // Node started with its own ceiling: the operator's choice stands.
  if (process.execArgv.some((arg) => arg.startsWith('--max-old-space-size'))) return undefined;
  return heapMb;
}

/**
 * Runs `entry` (the CLI's, which then runs the command itself) in a worker thread whose old
 * generation may not pass `heapMb`; resolves with its exit code. Its output goes through this
 * process's stdout and stderr, as if run here.
 */
export function runInHeapCeilingWorker(entry: string, argv: string[], heapMb: number): Promise<number> {
  return new Promise((resolve) => {
    const worker = new Worker(entry, { argv, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    let failed = false;
    worker.on('error', (error: Error & { code?: string }) => {
      failed = true;
      const why =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the run needed more than its ${heapMb} MB heap (set LEDGER_CLI_HEAP_MB higher)`
          : error.message;
      process.stderr.write(`ledger-cli: ${why}\n`);
    });
    worker.on('exit', (code) => resolve(failed && code === 0 ? 1 : code));
  });
}
