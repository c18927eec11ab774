import { getHeapStatistics } from 'node:v8';
import type { EventStore } from '@ledger/event-store';
import type { RebuildReport } from '@ledger/read-models';
import { openReadModels } from './cli-stores';
import { Progress } from './progress';

export interface RebuildCommandReport extends RebuildReport {
  /** Peak resident memory of this process so far (every thread of it), in MB. */
  peakRssMb: number;
  /** The heap the run was allowed, in MB (its thread's ceiling, heap-ceiling.ts). */
  heapLimitMb: number;
}

/**
 * `rebuild <read-model>|all`: replays the whole log (once, for all of them) into the named read
 * model(s) from zero, beside the live tables, then swaps them in (ReadModelRebuilder): the service
 * keeps serving meanwhile.
 */
export async function rebuildReadModels(
  store: EventStore,
  name: string,
  {
    batchSize,
    quiet = false,
    env = process.env,
  }: { batchSize?: number; quiet?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<RebuildCommandReport[]> {
  const readModels = await openReadModels(store, env);
  try {
    const names = name === 'all' ? readModels.names : [name];
    for (const wanted of names) {
      if (!readModels.names.includes(wanted)) {
        throw new Error(`No read model named "${wanted}" (known: ${readModels.names.join(', ')}, or all).`);
      }
    }
    const progress = new Progress({
      label: `rebuild ${names.join(', ')}`,
      total: Number(await store.headPosition()),
      unit: 'events',
      enabled: !quiet,
    });
    // All of them in one pass over the log: each batch is read and decoded once.
    const reports = await readModels.rebuildTogether(names, {
      batchSize,
      onProgress: (p) => progress.update(p.done, p.total),
    });
    progress.finish();
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    return reports.map((report) => ({ ...report, peakRssMb, heapLimitMb: heapLimitMb() }));
  } finally {
    await readModels.close();
  }
}

/** The heap this thread may use, in MB: its ceiling (heap-ceiling.ts) plus V8's young generation. */
export function heapLimitMb(): number {
  return Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
}
