import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  PgLicenceProjection,
  PgPartitionedRebuilder,
  PgReadModelDatabase,
  type RebuildReport,
} from '@ledger/read-models';
import { buildReadModel, markLettersIssued, openStore, type Dataset } from './support/datasets';
import { buildPgReadModels, dropSchema, readModelEnv } from './support/pg-read-models';
import { median } from './support/stats';
import { now, removeSqlite, type BenchContext } from './support/bench-context';
import { measurement, pair, single, type BenchResult, type Measurement } from './support/results';

/**
 * The read side's rebuild: R2 (rebuild ÷ a raw sequential scan of the same log, through the same
 * store reads) and the peak memory of `ledger-cli rebuild licences` on the large data set.
 */

type SqliteStore = ReturnType<typeof openStore>;

/** Events per second of reading the whole log, batch after batch (`read` says how many rows and up to where). */
async function timedScan(
  dataset: Dataset,
  read: (store: SqliteStore, after: bigint) => Promise<{ rows: number; upTo: bigint }>,
): Promise<number> {
  const store = openStore(dataset.eventsPath);
  try {
    const started = now();
    let after = 0n;
    let events = 0;
    for (;;) {
      const { rows, upTo } = await read(store, after);
      if (rows === 0) break;
      events += rows;
      after = upTo;
    }
    return (events * 1000) / (now() - started);
  } finally {
    await store.close();
  }
}

/** Reads and decodes the whole log and does nothing with it: what a rebuild cannot beat. */
const scan = (dataset: Dataset, batchSize = 5000): Promise<number> =>
  timedScan(dataset, async (store, after) => {
    const batch = await store.readAll({ after, maxCount: batchSize });
    return { rows: batch.length, upTo: batch.length > 0 ? batch[batch.length - 1].globalPosition : after };
  });

/**
 * Reads the whole log as a partition does the other partitions' events: every row read, none
 * decoded (SqliteEventStore.readAllOf with a filter that keeps nothing). What every partition pays.
 */
const scanSkipping = (dataset: Dataset, batchSize = 5000): Promise<number> =>
  timedScan(dataset, async (store, after) => {
    const batch = await store.readAllOf({ after, maxCount: batchSize }, () => false);
    return { rows: batch.scanned, upTo: batch.scannedUpTo };
  });

/** Both read models' rebuild as one figure: the log's events over the time of their one replay (the last swap). */
const together = (reports: readonly RebuildReport[]) =>
  (reports[0].events * 1000) / Math.max(1, ...reports.map((report) => report.elapsedMs));
const rateOf = (report: RebuildReport) => (report.events * 1000) / Math.max(1, report.elapsedMs);

/**
 * R2 on one read-model store: rebuilding the licence and the letters read models from zero (one
 * replay of the log feeding both: the log's events over its time) against a bare scan of the same
 * log, back to back in each run.
 */
export async function benchRebuild(
  context: BenchContext,
  dataset: Dataset,
  target: 'sqlite' | { url: string },
): Promise<BenchResult> {
  const scratch = join(context.dir, `${dataset.name}-rebuild-scratch.sqlite`);
  const rebuild = () =>
    target === 'sqlite'
      ? buildReadModel(dataset, scratch)
      : buildPgReadModels(dataset, target.url, pgSchemaOf(dataset));
  await scan(dataset); // warm-up: the log in the page cache, the JIT
  const both: number[] = [];
  const scans: number[] = [];
  const store = target === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  for (let run = 0; run < context.sizes.runs; run++) {
    const reports = await rebuild();
    both.push(together(reports));
    scans.push(await scan(dataset));
    context.log(
      `  R2 ${store} run ${run + 1}: both ${both[run].toFixed(0)} events/s, scan ${scans[run].toFixed(0)} events/s`,
    );
  }
  removeSqlite(scratch);
  return pair(
    target === 'sqlite' ? 'R2' : 'R2 (PostgreSQL)',
    `rebuild of the licence and letters read models together ÷ raw sequential scan of the log (into ${store}; both read through SqliteEventStore.readAll: the scan in batches of 5,000, the rebuild of 1,000)`,
    measurement('rebuild', 'events/s', both),
    measurement('scan', 'events/s', scans),
    { text: '≥ 0.5', test: (r) => r >= 0.5 },
    `${dataset.holders.toLocaleString('en-GB')} holders, ${dataset.events.toLocaleString('en-GB')} events of which ${dataset.letters.toLocaleString('en-GB')} LetterIssued; the licence and the letters read models in one replay of the log (each batch read once, handed to both), from zero into ${
      target === 'sqlite'
        ? 'a fresh SQLite file (WAL, synchronous=NORMAL)'
        : `PostgreSQL (schema ${pgSchemaOf(dataset)}, shadow tables swapped in, indexes built after)`
    }, in the bench's process; rebuild = events ÷ the time of that replay, both swaps included; each run's rebuild and scan back to back`,
    [],
    { backToBack: true },
  );
}

/** The schema of a data set's PostgreSQL read models (R2's last rebuild stays there for R3 and R6). */
export const pgSchemaOf = (dataset: Dataset): string => `bench_${dataset.name}`;

/** Projected hours of a rebuild of the national log from the measured costs (see R2p). */
export const NATIONAL_EVENTS = 150_000_000;

/**
 * R2p: the licence read model rebuilt by `ledger-cli rebuild licences --partitions N` into
 * PostgreSQL, N = 2 against N = 1 (each partition a process reading the whole log and applying its
 * licences' events, one checkpoint each, the swap once all are done). From the same runs: each
 * event's cost to read (every partition pays it) and to apply (split among the partitions), and the
 * national rebuild those costs project with 1, 8 and 32 partitions.
 */
export async function benchPartitioned(
  context: BenchContext,
  dataset: Dataset,
  url: string,
): Promise<BenchResult> {
  const schema = `${pgSchemaOf(dataset)}_partitions`;
  const readsPerSecond: number[] = [];
  const rates = new Map<number, number[]>([
    [1, []],
    [2, []],
  ]);
  for (let run = 0; run < context.sizes.runs; run++) {
    for (const partitions of [1, 2]) {
      await dropSchema(url, schema);
      const report = await rebuildPartitioned(context, dataset, url, schema, partitions);
      rates.get(partitions)!.push(rateOf(report));
    }
    readsPerSecond.push(await scanSkipping(dataset)); // what every partition pays for every event
    context.log(
      `  R2p run ${run + 1}: N=1 ${rates.get(1)![run].toFixed(0)} events/s, N=2 ${rates.get(2)![run].toFixed(0)} events/s`,
    );
  }
  await dropSchema(url, schema);
  const one = measurement('N = 1', 'events/s', rates.get(1)!);
  const two = measurement('N = 2', 'events/s', rates.get(2)!);
  // Per event, in µs: the whole rebuild at N = 1, and the part every partition repeats (reading the
  // log's rows; only its own events are decoded and applied).
  const totalMicros = 1e6 / one.median;
  const readMicros = 1e6 / median(readsPerSecond);
  const applyMicros = Math.max(0, totalMicros - readMicros);
  const projectedMinutes = (partitions: number) =>
    (NATIONAL_EVENTS * (readMicros + applyMicros / partitions)) / 1e6 / 60;
  return pair(
    'R2p',
    'partitioned rebuild of the licence read model into PostgreSQL (ledger-cli rebuild --partitions N, one process per partition): N = 2 ÷ N = 1',
    two,
    one,
    { text: '≥ 1.7', test: (r) => r >= 1.7 },
    `${dataset.holders.toLocaleString('en-GB')} holders, ${dataset.events.toLocaleString('en-GB')} events; each partition reads every row of the log, decodes and applies only its licences' events (FNV-1a of the licence number mod N) into the same shadow tables, one checkpoint each, the swap once all are done; the same PostgreSQL server on the same 2 cores. Projections: 150 million events at (read + apply ÷ N) µs per event, read = every row read, none decoded (what each partition pays for the others' events), apply = the rest of the rebuild at N = 1 (decoding included), each partition on a core of its own and the database keeping up (not measured here); SQLite is not partitioned (one writer per file: the partitions would queue on its lock)`,
    [
      measurement('per event: read by every partition', 'µs', [readMicros]),
      measurement('per event: applied once', 'µs', [applyMicros]),
      measurement('150 million events, 1 partition', 'min', [projectedMinutes(1)]),
      measurement('150 million events, 8 partitions', 'min', [projectedMinutes(8)]),
      measurement('150 million events, 32 partitions', 'min', [projectedMinutes(32)]),
    ],
    { backToBack: true },
  );
}

/** One partitioned rebuild: through the compiled CLI (a process per partition), or in this process under the test runner. */
async function rebuildPartitioned(
  context: BenchContext,
  dataset: Dataset,
  url: string,
  schema: string,
  partitions: number,
): Promise<RebuildReport> {
  if (context.cliPath) {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [context.cliPath, 'rebuild', 'licences', '--partitions', String(partitions), '--quiet'],
      {
        env: {
          ...process.env,
          EVENT_STORE_PATH: dataset.eventsPath,
          ESDB_CONNECTION_STRING: '',
          ...readModelEnv({ kind: 'postgres', url, schema }),
        },
        maxBuffer: 1 << 20,
      },
    );
    const [report] = JSON.parse(stdout) as RebuildReport[];
    return report;
  }
  const store = openStore(dataset.eventsPath);
  const database = await PgReadModelDatabase.open(url, [new PgLicenceProjection()], { schema });
  try {
    const started = now();
    const coordinator = new PgPartitionedRebuilder(store, database, [new PgLicenceProjection()]);
    const upTo = await coordinator.prepare('licences', partitions);
    await Promise.all(
      Array.from({ length: partitions }, (_, index) =>
        new PgPartitionedRebuilder(store, database, [new PgLicenceProjection()]).replayPartition(
          'licences',
          { index, count: partitions },
          upTo,
        ),
      ),
    );
    return await coordinator.finish('licences', partitions, upTo, started);
  } finally {
    await database.close();
    await store.close();
  }
}

/**
 * `ledger-cli rebuild all` on the large data set, in its own process: its peak RSS (getrusage
 * maxrss, the worker thread that runs the rebuild included) and its rate. Builds the large data set's read model as a side effect. Under the test
 * runner (no compiled CLI), the rebuild runs in this process and the figure is this process's.
 */
export async function benchRebuildMemory(context: BenchContext, dataset: Dataset): Promise<BenchResult> {
  removeSqlite(dataset.readModelPath);
  let peakRssMb: number;
  let rate: number;
  let processes: Measurement[] = [];
  if (context.cliPath) {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [context.cliPath, 'rebuild', 'all', '--quiet'],
      {
        env: {
          ...process.env,
          EVENT_STORE_PATH: dataset.eventsPath,
          READ_MODEL_PATH: dataset.readModelPath,
          DATABASE_URL: '',
          ESDB_CONNECTION_STRING: '',
        },
        maxBuffer: 1 << 20,
      },
    );
    const reports = JSON.parse(stdout) as Array<{
      projection: string;
      peakRssMb: number;
      heapLimitMb: number;
      rate: number;
    }>;
    peakRssMb = Math.max(...reports.map((report) => report.peakRssMb));
    processes = [measurement('heap ceiling of its worker thread', 'MB', [reports[0].heapLimitMb])];
    rate = reports.find((report) => report.projection === 'licences')!.rate; // one pass: every read model's rate
  } else {
    const [report] = await buildReadModel(dataset);
    peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    rate = report.rate;
  }
  await markLettersIssued(dataset);
  context.log(
    `  memory: ledger-cli rebuild all of ${dataset.holders.toLocaleString('en-GB')} holders peaked at ${peakRssMb} MB RSS; ${rate} events/s`,
  );
  return single(
    'Memory',
    `peak RSS of a rebuild of ${dataset.holders.toLocaleString('en-GB')} holders (ledger-cli rebuild all: licences and letters in one pass; one process, the run in a worker thread)`,
    measurement('peak RSS', 'MB', [peakRssMb]),
    { text: '≤ 300 MB', test: (v) => v <= 300 },
    `${dataset.events.toLocaleString('en-GB')} events; one run (the maxrss of the CLI's process, its worker thread under the heap ceiling)`,
    [...processes, measurement('rebuild rate (one pass, both read models)', 'events/s', [rate])],
  );
}
