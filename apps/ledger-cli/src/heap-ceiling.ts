import { spawnSync } from 'node:child_process';
import { withParentMemory } from './parent-memory';

/**
 * A rebuild or a replay holds a bounded working set (the licences of its current batches), but V8
 * lets the heap grow far past it before collecting: such a run re-executes itself with a heap
 * ceiling so that its memory stays flat at any log size (BENCHMARKS.md, "Memory").
 * LEDGER_CLI_HEAP_MB sets the ceiling; 0 leaves V8's default.
 */
const BOUNDED_COMMANDS = new Set(['rebuild', 'replay']);
const DEFAULT_HEAP_MB = 160;

export function rerunWithHeapCeiling(argv: string[], entry: string): number | undefined {
  const heapMb = Number(process.env.LEDGER_CLI_HEAP_MB ?? DEFAULT_HEAP_MB);
  const command = argv.find((arg) => !arg.startsWith('-'));
  if (!command || !BOUNDED_COMMANDS.has(command) || !(heapMb > 0)) return undefined;
  if (process.execArgv.some((arg) => arg.startsWith('--max-old-space-size'))) return undefined;
  // The report comes back through this process, which adds its own peak memory to the child's: the
  // rebuild's memory is both processes' (this one waits, alive, for the whole run).
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${heapMb}`, entry, ...argv],
    {
      stdio: ['inherit', 'pipe', 'inherit'],
      maxBuffer: 64 << 20,
    },
  );
  if (child.error) throw child.error;
  process.stdout.write(
    withParentMemory(child.stdout.toString('utf8'), Math.round(process.resourceUsage().maxRSS / 1024)),
  );
  return child.status ?? 1;
}
