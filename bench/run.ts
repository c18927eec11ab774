import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { benchCommands, benchVisibility, commandP99, r4Commands } from './commands.bench';
import { benchQueries, queryP99Pairs, r4Queries } from './queries.bench';
import { benchPartitioned, benchRebuild, benchRebuildMemory, pgSchemaOf } from './rebuild.bench';
import {
  benchDirectory,
  benchPostgresUrl,
  FULL_SIZES,
  machineInfo,
  now,
  TINY_SIZES,
  type BenchContext,
  type BenchSizes,
  type MachineInfo,
  scaledSizes,
} from './support/bench-context';
import { buildReadModel, seedDataset } from './support/datasets';
import { benchDatabase, buildPgReadModels, dropBenchDatabase } from './support/pg-read-models';
import { appendR4Run, r4HeldResult, r4RatiosOf } from './support/r4-history';
import { formatResult, type BenchResult } from './support/results';

/**
 * `npm run bench`: every figure of BENCHMARKS.md in one run, each pair measured back to back on
 * the same data (medians of 5 runs), printed, saved as JSON, and written into BENCHMARKS.md.
 */
export interface BenchReport {
  startedAt: string;
  command: string;
  machine: MachineInfo;
  loadAverageAtEnd: number[];
  sizes: BenchSizes;
  datasets: Array<{
    name: string;
    holders: number;
    events: number;
    letters?: number;
    seedMs: number;
    seedEventsPerSecond: number;
    reused?: boolean;
  }>;
  /** The PostgreSQL server of the PostgreSQL read models' figures (its version), or why they were skipped. */
  postgres?: { version: string } | { skipped: string };
  results: BenchResult[];
  totalSeconds: number;
}

/** The steps of a run, by the figure ids `--only` accepts. */
export const STEP_IDS = ['Memory', 'R2', 'R2p', 'R3', 'R4', 'R1', 'R6'] as const;
export type StepId = (typeof STEP_IDS)[number];

export async function runBenchmarks(
  context: BenchContext,
  only: ReadonlySet<StepId> = new Set(STEP_IDS),
): Promise<BenchReport> {
  const started = now();
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const { sizes, log } = context;
  log(
    `Points Ledger benchmarks: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}; load average ${machine.loadAverageAtStart.join(' ')}`,
  );
  log('Data sets (ledger-cli seed):');
  const small = await seedDataset(context, 'small', sizes.smallHolders);
  const working = await seedDataset(context, 'working', sizes.workingHolders);
  // The large data set serves only the memory and R4 figures: a partial run without them skips it.
  const needsLarge = only.has('Memory') || only.has('R4');
  const large = needsLarge ? await seedDataset(context, 'large', sizes.largeHolders) : undefined;
  await buildReadModel(small);
  await buildReadModel(working);
  if (large && !only.has('Memory')) await buildReadModel(large); // R4 alone: Memory's rebuild builds it otherwise
  const postgres = await openBenchPostgres(context);
  const pgWorking = async (): Promise<{ url: string; schema: string } | undefined> => {
    if (!postgres.url) return undefined;
    const schema = pgSchemaOf(working);
    // R2's last rebuild left the working data set's read models there; with --only, build them.
    if (!only.has('R2')) await buildPgReadModels(working, postgres.url, schema);
    return { url: postgres.url, schema };
  };

  const results: BenchResult[] = [];
  const step = async (id: StepId, title: string, work: () => Promise<BenchResult | BenchResult[]>) => {
    if (!only.has(id)) return;
    log(`${title}…`);
    const t = now();
    const produced = await work();
    for (const result of Array.isArray(produced) ? produced : [produced]) {
      results.push(result);
      log(formatResult(result));
    }
    log(`  (${((now() - t) / 1000).toFixed(0)} s)`);
  };
  await step('Memory', 'Memory: ledger-cli rebuild of the large data set', () =>
    benchRebuildMemory(context, large!),
  );
  await step('R2', 'R2: rebuild vs scan, into SQLite', () => benchRebuild(context, working, 'sqlite'));
  if (postgres.url)
    await step('R2', 'R2: rebuild vs scan, into PostgreSQL', () =>
      benchRebuild(context, working, { url: postgres.url! }),
    );
  if (postgres.url)
    await step('R2p', 'R2p: partitioned rebuild into PostgreSQL, N = 2 vs N = 1', () =>
      benchPartitioned(context, working, postgres.url!),
    );
  await step('R3', 'R3: GraphQL vs bare handler, read models on SQLite', () =>
    benchQueries(context, working),
  );
  if (postgres.url)
    await step('R3', 'R3: GraphQL vs bare handler, read models on PostgreSQL', async () => {
      const { url, schema } = (await pgWorking())!;
      return benchQueries(context, working, { kind: 'postgres', url, schema });
    });
  await step('R4', 'R4: balance query p99, large vs small', async () => {
    const { atSmall, atLarge } = await queryP99Pairs(context, small, large!);
    return r4Queries(small, large!, atSmall, atLarge, context);
  });
  await step('R4', 'R4: command p99, large vs small', async () =>
    r4Commands(
      small,
      large!,
      await commandP99(context, small),
      await commandP99(context, large!),
      sizes.commandsPerRun,
    ),
  );
  await step('R1', 'R1, R1b: commands', () => benchCommands(context, working));
  await step('R6', 'R6: acknowledgement to visible balance, read models on SQLite', () =>
    benchVisibility(context, working),
  );
  if (postgres.url)
    await step('R6', 'R6: acknowledgement to visible balance, read models on PostgreSQL', async () =>
      benchVisibility(context, working, (await pgWorking())!),
    );

  const totalSeconds = Math.round((now() - started) / 1000);
  log(`\nDone in ${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s.`);
  return {
    startedAt,
    command:
      only.size === STEP_IDS.length
        ? 'npm run bench'
        : `node dist/bench/run.js --only ${[...only].join(',')}`,
    machine,
    loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100),
    sizes,
    datasets: [small, working, ...(large ? [large] : [])].map((d) => ({
      name: d.name,
      holders: d.holders,
      events: d.events,
      letters: d.letters,
      seedMs: d.seed.elapsedMs,
      seedEventsPerSecond: d.seed.eventsPerSecond,
      reused: d.reused,
    })),
    postgres: postgres.url ? { version: postgres.version! } : { skipped: postgres.skipped! },
    results,
    totalSeconds,
  };
}

/** The bench's PostgreSQL database, its server's version; or why the PostgreSQL figures are skipped. */
async function openBenchPostgres(
  context: BenchContext,
): Promise<{ url?: string; version?: string; skipped?: string }> {
  if (!context.pgAdminUrl) {
    const skipped = 'no PostgreSQL server given: set BENCH_DATABASE_URL or TEST_DATABASE_URL';
    context.log(`PostgreSQL read models: skipped (${skipped}).`);
    return { skipped };
  }
  const url = await benchDatabase(context.pgAdminUrl, context.pgDatabase);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    context.log(
      `PostgreSQL read models: PostgreSQL ${rows[0].server_version}, database ${new URL(url).pathname.slice(1)}.`,
    );
    return { url, version: rows[0].server_version };
  } finally {
    await client.end();
  }
}

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The report as the Markdown section BENCHMARKS.md holds between its markers. */
export function markdown(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    `Last run: ${report.startedAt} — \`${report.command}\`, ${Math.floor(report.totalSeconds / 60)} min ${report.totalSeconds % 60} s in all (seeding included).`,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB RAM, Node ${machine.node}, ${machine.platform}; disk \`${machine.disk ?? '?'}\`; load average ${machine.loadAverageAtStart.join(' / ')} at the start, ${report.loadAverageAtEnd.join(' / ')} at the end.`,
    '',
    `Data sets (\`ledger-cli seed\`, seed 1, ending 2025-06-30${report.datasets.some((d) => d.letters !== undefined) ? ', then the letters workflow' : ''}): ` +
      report.datasets
        .map(
          (d) =>
            `${d.name} ${fmt(d.holders)} holders / ${fmt(d.events)} events${d.letters === undefined ? '' : ` (${fmt(d.letters)} LetterIssued)`} (seeded in ${fmt(d.seedMs / 1000, 1)} s${d.reused ? ', kept from an earlier run' : ''})`,
        )
        .join('; ') +
      '.',
    '',
    report.postgres === undefined
      ? 'PostgreSQL read models: not measured in this run.'
      : 'version' in report.postgres
        ? `PostgreSQL read models: PostgreSQL ${report.postgres.version} on the same machine.`
        : `PostgreSQL read models: **skipped** (${report.postgres.skipped}).`,
    '',
    '| Figure | Measured (median of runs) | Ratio | Target | Met |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const result of report.results) {
    const measured = result.measurements
      .map((m) => `${m.label}: ${fmt(m.median, m.median < 100 ? 2 : 0)} ${m.unit}`)
      .join('<br>');
    lines.push(
      `| **${result.id}** ${result.title} | ${measured} | ${result.ratio === undefined ? '—' : fmt(result.ratio, 2)} | ${result.target} | ${result.met ? 'yes' : '**no**'} |`,
    );
  }
  const ofMedians = report.results.filter((result) => result.ratioOf === 'medians').map((r) => r.id);
  lines.push(
    '',
    `Ratio: where each run measured both sides back to back, the median of the runs' own ratios; ${
      ofMedians.length > 0
        ? `for ${ofMedians.join(', ')}, whose sides are measured one after the other, the ratio of the medians`
        : 'every pair here was measured so'
    }.`,
  );
  lines.push('', 'Conditions of each figure:', '');
  for (const result of report.results) {
    const runs = result.measurements
      .map((m) => `${m.label} ${m.runs.map((v) => fmt(v, v < 100 ? 2 : 0)).join(', ')}`)
      .join('; ');
    lines.push(`- **${result.id}**: ${result.conditions}. Runs: ${runs}.`);
  }
  return lines.join('\n');
}

const BEGIN = '<!-- bench:begin (written by npm run bench) -->';
const END = '<!-- bench:end -->';

function writeReport(report: BenchReport, root: string): void {
  const results = join(root, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'last-run.json'), `${JSON.stringify(report, null, 2)}\n`);
  const file = join(root, 'BENCHMARKS.md');
  const section = `${BEGIN}\n${markdown(report)}\n${END}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${BEGIN}\n${END}\n`;
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  writeFileSync(
    file,
    begin >= 0 && end > begin
      ? `${text.slice(0, begin)}${section}${text.slice(end + END.length)}`
      : `${text}\n${section}\n`,
  );
}

/** A full-size run that measured R4 adds its ratios to the history and reports the last three. */
function recordR4(report: BenchReport, historyPath: string): void {
  const ratios = r4RatiosOf(report.results);
  if (!ratios) return;
  const history = appendR4Run(historyPath, {
    startedAt: report.startedAt,
    invokedAs: report.command,
    cpuModel: report.machine.cpuModel,
    queryRatio: ratios.query,
    commandRatio: ratios.command,
  });
  const held = r4HeldResult(history);
  report.results.push(held);
  console.log(formatResult(held));
}

/** `--scale 0.1`: every size of the full run times that (at least 1), for a profile on a smaller run; the report then says so in its sizes. */
function scaleOption(argv: readonly string[]): number {
  const index = argv.indexOf('--scale');
  if (index < 0) return 1;
  const scale = Number(argv[index + 1]);
  if (!(scale > 0 && scale <= 1))
    throw new Error(
      `--scale takes a number above 0 and at most 1 (got ${JSON.stringify(argv[index + 1] ?? '')}).`,
    );
  return scale;
}

/** `--only R3,R1`: those figures only (printed and saved in bench/results/partial-run.json, BENCHMARKS.md untouched). */
function onlyOption(argv: readonly string[]): Set<StepId> {
  const index = argv.indexOf('--only');
  if (index < 0) return new Set(STEP_IDS);
  const ids = (argv[index + 1] ?? '').split(',').filter(Boolean);
  const unknown = ids.filter((id) => !(STEP_IDS as readonly string[]).includes(id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new Error(
      `--only takes a comma-separated list of ${STEP_IDS.join(', ')} (got ${JSON.stringify(argv[index + 1] ?? '')}).`,
    );
  }
  return new Set(ids as StepId[]);
}

async function main(): Promise<void> {
  const tiny = process.argv.includes('--tiny');
  const keep = process.argv.includes('--keep');
  const only = onlyOption(process.argv);
  const partial = only.size < STEP_IDS.length;
  const root = resolve(__dirname, '..', '..');
  const dir = benchDirectory();
  const datasetsDir = resolve(process.env.BENCH_DATA_DIR ?? join(root, 'data', 'bench'));
  if (process.argv.includes('--reseed')) rmSync(datasetsDir, { recursive: true, force: true });
  const cliPath = join(root, 'dist', 'apps', 'ledger-cli', 'src', 'main.js');
  const context: BenchContext = {
    sizes: tiny ? TINY_SIZES : scaledSizes(FULL_SIZES, scaleOption(process.argv)),
    dir,
    datasetsDir: tiny ? join(dir, 'datasets') : datasetsDir,
    pgAdminUrl: benchPostgresUrl(),
    pgDatabase: tiny
      ? `points_ledger_bench_tiny_${process.pid}`
      : process.env.BENCH_PG_DATABASE?.trim() || undefined,
    log: (message) => console.log(message),
    cliPath: existsSync(cliPath) ? cliPath : undefined,
  };
  try {
    const report = await runBenchmarks(context, only);
    if (!tiny && context.sizes === FULL_SIZES)
      recordR4(report, join(root, 'bench', 'results', 'r4-history.json'));
    if (partial) {
      mkdirSync(join(root, 'bench', 'results'), { recursive: true });
      writeFileSync(
        join(root, 'bench', 'results', 'partial-run.json'),
        `${JSON.stringify(report, null, 2)}\n`,
      );
    } else if (!tiny && report.sizes === FULL_SIZES) writeReport(report, root);
    const where = partial
      ? 'bench/results/partial-run.json'
      : tiny || report.sizes !== FULL_SIZES
        ? 'printed only (a tiny or scaled run writes no figures file)'
        : 'bench/results/last-run.json and BENCHMARKS.md';
    console.log(`\nReport: ${where}; data in ${dir}${keep ? ' (kept)' : ' (removed)'}.`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    if (tiny && context.pgAdminUrl) await dropBenchDatabase(context.pgAdminUrl, context.pgDatabase!);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
