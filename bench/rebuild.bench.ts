import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildReadModel, issueLetters, openStore, rebuildLetters, type Dataset } from './support/datasets';
import { now, removeSqlite, type BenchContext } from './support/bench-context';
import { measurement, pair, single, type BenchResult, type Measurement } from './support/results';

/**
 * The read side's rebuild: R2 (rebuild ÷ a raw sequential scan of the same log, through the same
 * store reads) and the peak memory of `ledger-cli rebuild licences` on the large data set.
 */

/** Reads the whole log in the rebuilder's batches and does nothing with it: what a rebuild cannot beat. */
async function scan(dataset: Dataset, batchSize = 5000): Promise<number> {
  const store = openStore(dataset.eventsPath);
  try {
    const started = now();
    let after = 0n;
    let events = 0;
    for (;;) {
      const batch = await store.readAll({ after, maxCount: batchSize });
      if (batch.length === 0) break;
      events += batch.length;
      after = batch[batch.length - 1].globalPosition;
    }
    return (events * 1000) / (now() - started);
  } finally {
    await store.close();
  }
}

export async function benchRebuild(context: BenchContext, dataset: Dataset): Promise<BenchResult> {
  const scratch = join(context.dir, `${dataset.name}-rebuild-scratch.sqlite`);
  // The letters the seeded decisions call for, recorded in the log once (the workflow's own rate).
  const letters = await issueLetters(dataset);
  context.log(`  letters workflow: ${letters.issued} LetterIssued in ${(letters.elapsedMs / 1000).toFixed(1)} s`);
  await scan(dataset); // warm-up: the log in the page cache, the JIT
  const rebuilds: number[] = [];
  const scans: number[] = [];
  const letterRebuilds: number[] = [];
  for (let run = 0; run < context.sizes.runs; run++) {
    const report = await buildReadModel(dataset, scratch, true);
    rebuilds.push((report.events * 1000) / report.elapsedMs);
    scans.push(await scan(dataset));
    const lettersReport = await rebuildLetters(dataset, scratch);
    letterRebuilds.push((lettersReport.events * 1000) / lettersReport.elapsedMs);
    context.log(
      `  R2 run ${run + 1}: rebuild ${rebuilds[run].toFixed(0)} events/s, scan ${scans[run].toFixed(0)} events/s, letters rebuild ${letterRebuilds[run].toFixed(0)} events/s`,
    );
  }
  removeSqlite(scratch);
  return pair(
    'R2',
    'read-model rebuild ÷ raw sequential scan of the log (both through SqliteEventStore.readAll, batches of 5,000)',
    measurement('rebuild', 'events/s', rebuilds),
    measurement('scan', 'events/s', scans),
    { text: '≥ 0.5, and ≥ 50,000 events/s', test: (r) => r >= 0.5 },
    `${dataset.holders.toLocaleString('en-GB')} holders, ${dataset.events.toLocaleString('en-GB')} events and their ${letters.issued.toLocaleString('en-GB')} LetterIssued; licence read model, then the letters read model alone, into a fresh SQLite file (WAL, synchronous=NORMAL)`,
    [measurement('letters rebuild', 'events/s', letterRebuilds)],
  );
}

/**
 * `ledger-cli rebuild all` on the large data set, in its own processes: their peak RSS (getrusage
 * maxrss of the re-run child and of its parent, summed) and its rate. Builds the large data set's read model as a side effect. Under the test
 * runner (no compiled CLI), the rebuild runs in this process and the figure is this process's.
 */
export async function benchRebuildMemory(context: BenchContext, dataset: Dataset): Promise<BenchResult> {
  removeSqlite(dataset.readModelPath);
  let peakRssMb: number;
  let rate: number;
  let lettersRate: number | undefined;
  /** Under the CLI: its re-run child's peak and its waiting parent's, which peakRssMb sums. */
  let processes: Measurement[] = [];
  if (context.cliPath) {
    const { stdout } = await promisify(execFile)(process.execPath, [context.cliPath, 'rebuild', 'all', '--quiet'], {
      env: { ...process.env, EVENT_STORE_PATH: dataset.eventsPath, READ_MODEL_PATH: dataset.readModelPath, DATABASE_URL: '', ESDB_CONNECTION_STRING: '' },
      maxBuffer: 1 << 20,
    });
    const reports = JSON.parse(stdout) as Array<{
      projection: string;
      peakRssMb: number;
      childPeakRssMb?: number;
      parentPeakRssMb?: number;
      rate: number;
    }>;
    peakRssMb = Math.max(...reports.map((report) => report.peakRssMb));
    const last = reports[reports.length - 1];
    if (last.childPeakRssMb !== undefined && last.parentPeakRssMb !== undefined) {
      processes = [
        measurement('of which the re-run child', 'MB', [Math.max(...reports.map((report) => report.childPeakRssMb!))]),
        measurement('of which its parent', 'MB', [last.parentPeakRssMb]),
      ];
    }
    rate = reports.find((report) => report.projection === 'licences')!.rate;
    lettersRate = reports.find((report) => report.projection !== 'licences')?.rate;
  } else {
    const report = await buildReadModel(dataset);
    peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    rate = report.rate;
  }
  context.log(`  memory: ledger-cli rebuild all of ${dataset.holders.toLocaleString('en-GB')} holders peaked at ${peakRssMb} MB RSS; licences at ${rate} events/s`);
  return single(
    'Memory',
    `peak RSS of a rebuild of ${dataset.holders.toLocaleString('en-GB')} holders (ledger-cli rebuild all: licences, then letters; its own process)`,
    measurement('peak RSS', 'MB', [peakRssMb]),
    { text: '≤ 300 MB', test: (v) => v <= 300 },
    `${dataset.events.toLocaleString('en-GB')} events; one run (the maxrss of the CLI's re-run child, under its 160 MB heap ceiling, plus its waiting parent's)`,
    [
      ...processes,
      measurement('licences rebuild rate', 'events/s', [rate]),
      ...(lettersRate === undefined ? [] : [measurement('letters rebuild rate', 'events/s', [lettersRate])]),
    ],
  );
}
