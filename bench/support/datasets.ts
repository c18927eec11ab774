import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LEDGER_UPCASTERS } from '@ledger/domain';
import { SqliteEventStore, UpcasterRegistry } from '@ledger/event-store';
import {
  LicenceProjection,
  ReadModelDatabase,
  ReadModelRebuilder,
  type RebuildReport,
} from '@ledger/read-models';
import {
  LETTERS_WORKFLOW,
  LettersProjection,
  LettersWorkflow,
  sqliteWorkflowCheckpoints,
} from '@ledger/read-models/letters';
import { seedInParallel, type SeedReport } from '../../apps/ledger-cli/src/seed/seed';
import { BENCH_TODAY, removeSqlite, type BenchContext } from './bench-context';

/** A seeded event store on disk and, once built, its licence read model. */
export interface Dataset {
  name: string;
  holders: number;
  /** Events of the log as seeded, the letters the workflow then recorded included. */
  events: number;
  /** LetterIssued events among them. */
  letters: number;
  eventsPath: string;
  readModelPath: string;
  seed: SeedReport;
  /** True when the seeded log was taken from an earlier run's (BENCH_DATA_DIR). */
  reused: boolean;
}

export const SEED = 1;

/** What a kept data set was built with: reused only when all of it matches. */
interface DatasetManifest {
  holders: number;
  seed: number;
  today: string;
  events: number;
  letters: number;
  report: SeedReport;
}

/** The ledger's store on a data set's file, as the service opens it (durable, group commit). */
export function openStore(path: string, options: { cacheSizeMb?: number } = {}): SqliteEventStore {
  return new SqliteEventStore(path, {
    upcasters: new UpcasterRegistry(LEDGER_UPCASTERS),
    checkpointInBackground: true, // as openLedgerEventStore
    ...options,
  });
}

/**
 * A data set of `holders` synthetic holders (ledger-cli seed's generator), their letters recorded
 * by the letters workflow: seeded once into the data sets' folder and kept there (BENCH_DATA_DIR),
 * then copied for each run, so that every run starts from the same log (R1 and R6 append to it).
 */
export async function seedDataset(context: BenchContext, name: string, holders: number): Promise<Dataset> {
  const keptPath = join(context.datasetsDir, `${name}-${holders}-seed${SEED}-${BENCH_TODAY}.sqlite`);
  const manifestPath = `${keptPath}.json`;
  const eventsPath = join(context.dir, `${name}-events.sqlite`);
  const readModelPath = join(context.dir, `${name}-read-model.sqlite`);
  mkdirSync(context.dir, { recursive: true });
  removeSqlite(eventsPath);
  removeSqlite(readModelPath);
  let manifest = readManifest(manifestPath, holders);
  const reused = manifest !== undefined && existsSync(keptPath);
  if (!reused) manifest = await seedKept(context, name, holders, keptPath, manifestPath);
  copyFileSync(keptPath, eventsPath);
  if (reused)
    context.log(
      `  ${name}: ${holders.toLocaleString('en-GB')} holders, ${manifest!.events.toLocaleString('en-GB')} events, kept from an earlier run (${keptPath})`,
    );
  return {
    name,
    holders,
    events: manifest!.events,
    letters: manifest!.letters,
    eventsPath,
    readModelPath,
    seed: manifest!.report,
    reused,
  };
}

function readManifest(path: string, holders: number): DatasetManifest | undefined {
  if (!existsSync(path)) return undefined;
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as DatasetManifest;
  return manifest.holders === holders && manifest.seed === SEED && manifest.today === BENCH_TODAY
    ? manifest
    : undefined;
}

async function seedKept(
  context: BenchContext,
  name: string,
  holders: number,
  keptPath: string,
  manifestPath: string,
): Promise<DatasetManifest> {
  mkdirSync(context.datasetsDir, { recursive: true });
  rmSync(manifestPath, { force: true });
  removeSqlite(keptPath);
  const store = openStore(keptPath, { cacheSizeMb: 256 });
  try {
    const jobs = Math.max(1, Math.min(3, availableParallelism() - 1));
    const report = await seedInParallel(store, { holders, today: BENCH_TODAY, seed: SEED, jobs });
    context.log(
      `  seeded ${name}: ${holders.toLocaleString('en-GB')} holders, ${report.events.toLocaleString('en-GB')} events in ${(report.elapsedMs / 1000).toFixed(1)} s (${report.eventsPerSecond.toLocaleString('en-GB')} events/s)`,
    );
    const letters = await issueLettersOn(store);
    context.log(
      `  letters workflow on ${name}: ${letters.issued.toLocaleString('en-GB')} LetterIssued in ${(letters.elapsedMs / 1000).toFixed(1)} s`,
    );
    const manifest: DatasetManifest = {
      holders,
      seed: SEED,
      today: BENCH_TODAY,
      events: Number(await store.headPosition()),
      letters: letters.issued,
      report,
    };
    await store.close();
    // Written last: a data set interrupted while seeding is seeded again next time.
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await store.close();
  }
}

/**
 * Builds the data set's read models into a fresh SQLite file (the rebuild the service would run):
 * the licences and the letters in one pass over the log, so that an API started on the data set finds every processor at
 * the head of the log. Returns their reports, the licences' first.
 */
export async function buildReadModel(
  dataset: Dataset,
  path = dataset.readModelPath,
): Promise<RebuildReport[]> {
  removeSqlite(path);
  const store = openStore(dataset.eventsPath);
  const projections = [new LicenceProjection(), new LettersProjection()];
  const database = ReadModelDatabase.open(path, projections);
  try {
    const rebuilder = new ReadModelRebuilder(store, database, projections);
    const reports = await rebuilder.rebuildTogether(projections.map((projection) => projection.name));
    await sqliteWorkflowCheckpoints(database).save(LETTERS_WORKFLOW, BigInt(dataset.events));
    return reports;
  } finally {
    database.close();
    await store.close();
  }
}

/**
 * The letters workflow's checkpoint in a read model built apart (`ledger-cli rebuild`): the workflow
 * ran over the whole seeded log (seedKept), as the worker of a running service would have; without
 * it, an API started on the data set would have its worker read the whole log again during the
 * measurement, looking for letters already issued.
 */
export async function markLettersIssued(dataset: Dataset, path = dataset.readModelPath): Promise<void> {
  const database = ReadModelDatabase.open(path, []);
  try {
    await sqliteWorkflowCheckpoints(database).save(LETTERS_WORKFLOW, BigInt(dataset.events));
  } finally {
    database.close();
  }
}

/**
 * Runs the letters workflow once over a log, as the worker would the morning after its last day:
 * every letter the seeded decisions call for is appended as a LetterIssued (the letters read model
 * then has something to project). Idempotent.
 */
async function issueLettersOn(store: SqliteEventStore): Promise<{ issued: number; elapsedMs: number }> {
  let position = 0n;
  const checkpoints = {
    load: async () => position,
    save: async (_name: string, at: bigint) => void (position = at > position ? at : position),
  };
  const started = performance.now();
  const pass = await new LettersWorkflow(store, checkpoints, { today: () => '9999-12-31' }).runOnce();
  return { issued: pass.issued + pass.alreadyIssued, elapsedMs: performance.now() - started };
}
