import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { parsePosition, type EventStore } from '@ledger/event-store';
import {
  PgLicenceProjection,
  PgPartitionedRebuilder,
  PgReadModelDatabase,
  type PartitionReport,
  type StreamPartition,
} from '@ledger/read-models';
import { PgLettersProjection } from '@ledger/read-models/letters';
import { storeConfig } from './cli-stores';
import { heapLimitMb, type RebuildCommandReport } from './rebuild';

/** The heap ceiling of each partition's process (as heap-ceiling.ts gives a rebuild). */
const PARTITION_HEAP_MB = Number(process.env.LEDGER_CLI_HEAP_MB ?? 160) || 160;

export interface PartitionedRebuildReport extends RebuildCommandReport {
  partitions: number;
  /** Each partition process's report, with its own peak memory. */
  partitionReports: Array<PartitionReport & { peakRssMb: number }>;
}

async function openPartitioned(store: EventStore, env: NodeJS.ProcessEnv) {
  const config = storeConfig(env).readModels;
  if (config.kind !== 'postgres')
    throw new Error('A partitioned rebuild needs the read models on PostgreSQL (DATABASE_URL).');
  const projections = [new PgLicenceProjection({ memoSize: 2_000 }), new PgLettersProjection()];
  const database = await PgReadModelDatabase.open(config.url, projections, { schema: config.schema });
  return {
    database,
    rebuilder: new PgPartitionedRebuilder(store, database, projections),
    names: projections.map((p) => p.name),
  };
}

/**
 * `rebuild <read-model>|all --partitions N`: the licences split by a stable hash among N processes of
 * this CLI (`rebuild-partition`), each with its own checkpoint, all writing into the same shadow
 * tables; the swap once all are done (PgPartitionedRebuilder).
 */
export async function rebuildInPartitions(
  store: EventStore,
  name: string,
  {
    partitions,
    batchSize,
    env = process.env,
    entry = process.argv[1],
  }: { partitions: number; batchSize?: number; env?: NodeJS.ProcessEnv; entry?: string },
): Promise<PartitionedRebuildReport[]> {
  const { database, rebuilder, names } = await openPartitioned(store, env);
  try {
    const reports: PartitionedRebuildReport[] = [];
    for (const wanted of name === 'all' ? names : [name]) {
      const started = performance.now();
      const upTo = await rebuilder.prepare(wanted, partitions);
      const partitionReports = await Promise.all(
        Array.from({ length: partitions }, (_, index) =>
          runPartitionProcess(entry, env, wanted, { index, count: partitions }, upTo, batchSize),
        ),
      );
      const report = await rebuilder.finish(wanted, partitions, upTo, started);
      const ownRss = Math.round(process.resourceUsage().maxRSS / 1024);
      reports.push({
        ...report,
        partitions,
        partitionReports,
        heapLimitMb: heapLimitMb(),
        // Every process of the tree at once: the partitions run together, beside this one.
        peakRssMb: ownRss + partitionReports.reduce((sum, p) => sum + p.peakRssMb, 0),
      });
    }
    return reports;
  } finally {
    await database.close();
  }
}

async function runPartitionProcess(
  entry: string,
  env: NodeJS.ProcessEnv,
  name: string,
  { index, count }: StreamPartition,
  upTo: bigint,
  batchSize: number | undefined,
): Promise<PartitionReport & { peakRssMb: number }> {
  // This process's Node options (a loader under the test runner, a profiler) with the heap ceiling,
  // which also keeps the partition in its main thread rather than a heap-ceiling worker (heap-ceiling.ts).
  const nodeOptions = process.execArgv.filter((arg) => !arg.startsWith('--max-old-space-size'));
  const args = [
    ...nodeOptions,
    `--max-old-space-size=${PARTITION_HEAP_MB}`,
    entry,
    'rebuild-partition',
    name,
    '--partition',
    `${index}/${count}`,
    '--up-to',
    upTo.toString(),
  ];
  if (batchSize !== undefined) args.push('--batch-size', String(batchSize));
  const { stdout } = await promisify(execFile)(process.execPath, args, { env, maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as PartitionReport & { peakRssMb: number };
}

/** `rebuild-partition <read-model> --partition I/N --up-to P`: one partition's replay (run by the above). */
export async function rebuildOnePartition(
  store: EventStore,
  name: string,
  partition: StreamPartition,
  upTo: string,
  { batchSize, env = process.env }: { batchSize?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<PartitionReport & { peakRssMb: number }> {
  const { database, rebuilder } = await openPartitioned(store, env);
  try {
    const report = await rebuilder.replayPartition(name, partition, parsePosition(upTo), batchSize);
    return { ...report, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    await database.close();
  }
}
