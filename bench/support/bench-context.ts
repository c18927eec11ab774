import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** The sizes of one bench run: the full run (npm run bench) or a tiny one (the test suite). */
export interface BenchSizes {
  /** Runs of each measurement whose median is reported (at least 5 in the full run). */
  runs: number;
  /** Holders of the small and the large data sets (R4: 1k and 1M). */
  smallHolders: number;
  largeHolders: number;
  /** Holders of the working data set (R1, R1b, R2, R3, R6). */
  workingHolders: number;
  /** Commands per run at one client (R1), and in all at 64 clients (R1b). */
  commandsPerRun: number;
  concurrentCommandsPerRun: number;
  /** HTTP requests per run (R3, R4) and their concurrency. */
  requestsPerRun: number;
  httpConcurrency: number;
  /** Distinct signed-in holders the queries are spread over (R4: on both data sets alike). */
  sessions: number;
  /** Signed-in holders of R3's runs: enough that no holder's list of consultations grows long. */
  r3Sessions: number;
}

export const FULL_SIZES: BenchSizes = {
  runs: 5,
  smallHolders: 1_000,
  largeHolders: 1_000_000,
  workingHolders: 100_000,
  commandsPerRun: 2_000,
  concurrentCommandsPerRun: 12_800,
  requestsPerRun: 5_000,
  httpConcurrency: 16,
  sessions: 1_000,
  r3Sessions: 10_000,
};

export const TINY_SIZES: BenchSizes = {
  runs: 2,
  smallHolders: 20,
  largeHolders: 60,
  workingHolders: 40,
  commandsPerRun: 20,
  concurrentCommandsPerRun: 64,
  requestsPerRun: 40,
  httpConcurrency: 4,
  sessions: 10,
  r3Sessions: 10,
};

/** The full sizes times `scale` (runs kept): a smaller run for a profile. */
export function scaledSizes(sizes: BenchSizes, scale: number): BenchSizes {
  if (scale === 1) return sizes;
  const scaled = { ...sizes };
  for (const key of Object.keys(sizes) as Array<keyof BenchSizes>)
    if (key !== 'runs') scaled[key] = Math.max(1, Math.round(sizes[key] * scale));
  return scaled;
}

/** The business day every data set ends on, and the commands are decided on. */
export const BENCH_TODAY = '2025-06-30';

export interface BenchContext {
  sizes: BenchSizes;
  /** This run's files: copies of the data sets, read models (a temporary directory, removed at the end unless kept). */
  dir: string;
  /** Where the seeded data sets are kept between runs (BENCH_DATA_DIR; default ./data/bench). */
  datasetsDir: string;
  /** The PostgreSQL server the PostgreSQL read models are measured on (a database of its own is created there); absent: those figures are skipped, and say so. */
  pgAdminUrl?: string;
  /** The database the bench creates there (BENCH_PG_DATABASE, default points_ledger_bench; a tiny run has its own). */
  pgDatabase?: string;
  log(message: string): void;
  /** The ledger CLI, compiled: `node <cli> …` (absent under the test runner). */
  cliPath?: string;
}

export function benchDirectory(name = 'points-ledger-bench'): string {
  const dir = process.env.BENCH_DIR ?? join(tmpdir(), `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** BENCH_DATABASE_URL, else TEST_DATABASE_URL: a server where the bench may create its own database. */
export function benchPostgresUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.BENCH_DATABASE_URL?.trim() || env.TEST_DATABASE_URL?.trim() || undefined;
}

export function removeSqlite(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** What the figures were measured on. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
  disk?: string;
}

export function machineInfo(): MachineInfo {
  let disk: string | undefined;
  try {
    disk = execFileSync('df', ['-h', tmpdir()], { encoding: 'utf8' }).trim().split('\n')[1];
  } catch {
    disk = undefined;
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
    disk,
  };
}

export const now = (): number => performance.now();

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = now();
  const value = await work();
  return { ms: now() - started, value };
}
