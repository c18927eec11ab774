import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LEDGER_UPCASTERS } from '@ledger/domain';
import { SqliteEventStore, UpcasterRegistry } from '@ledger/event-store';
import { LicenceProjection, ReadModelDatabase, ReadModelRebuilder, type RebuildReport } from '@ledger/read-models';
import { LettersProjection, LettersWorkflow } from '@ledger/read-models/letters';
import { seedInParallel, type SeedReport } from '../../apps/ledger-cli/src/seed/seed';
import { BENCH_TODAY, removeSqlite, type BenchContext } from './bench-context';

/** A seeded event store on disk and, once built, its licence read model. */
export interface Dataset {
  name: string;
  holders: number;
  events: number;
  eventsPath: string;
  readModelPath: string;
  seed: SeedReport;
}

export const SEED = 1;

/** The ledger's store on a data set's file, as the service opens it (durable, group commit). */
export function openStore(path: string, options: { cacheSizeMb?: number } = {}): SqliteEventStore {
  return new SqliteEventStore(path, { upcasters: new UpcasterRegistry(LEDGER_UPCASTERS), ...options });
}

/** Seeds `holders` synthetic holders (ledger-cli seed's generator) into a fresh file. */
export async function seedDataset(context: BenchContext, name: string, holders: number): Promise<Dataset> {
  const eventsPath = join(context.dir, `${name}-events.sqlite`);
  const readModelPath = join(context.dir, `${name}-read-model.sqlite`);
  removeSqlite(eventsPath);
  removeSqlite(readModelPath);
  const store = openStore(eventsPath, { cacheSizeMb: 256 });
  try {
    const jobs = Math.max(1, Math.min(3, availableParallelism() - 1));
    const seed = await seedInParallel(store, { holders, today: BENCH_TODAY, seed: SEED, jobs });
    context.log(
      `  seeded ${name}: ${holders.toLocaleString('en-GB')} holders, ${seed.events.toLocaleString('en-GB')} events in ${(seed.elapsedMs / 1000).toFixed(1)} s (${seed.eventsPerSecond.toLocaleString('en-GB')} events/s)`,
    );
    return { name, holders, events: seed.events, eventsPath, readModelPath, seed };
  } finally {
    await store.close();
  }
}

/**
 * Builds the data set's read models in this process (the rebuild the service would run): the
 * licences, and unless `licencesOnly` the letters too, so that an API started on the data set
 * finds every processor at the head of the log. Returns the licence projection's report.
 */
export async function buildReadModel(dataset: Dataset, path = dataset.readModelPath, licencesOnly = false): Promise<RebuildReport> {
  removeSqlite(path);
  const store = openStore(dataset.eventsPath);
  const projections = licencesOnly ? [new LicenceProjection()] : [new LicenceProjection(), new LettersProjection()];
  const database = ReadModelDatabase.open(path, projections);
  try {
    const rebuilder = new ReadModelRebuilder(store, database, projections);
    const report = await rebuilder.rebuild(projections[0].name);
    for (const other of projections.slice(1)) await rebuilder.rebuild(other.name);
    return report;
  } finally {
    database.close();
    await store.close();
  }
}

/**
 * Runs the letters workflow once over the data set's log, as the worker would the morning after its
 * last day: every letter the seeded decisions call for is appended as a LetterIssued (the letters
 * read model then has something to project). Idempotent. Returns the letters appended and the time.
 */
export async function issueLetters(dataset: Dataset): Promise<{ issued: number; elapsedMs: number }> {
  const store = openStore(dataset.eventsPath);
  let position = 0n;
  const checkpoints = {
    load: async () => position,
    save: async (_name: string, at: bigint) => void (position = at > position ? at : position),
  };
  try {
    const started = performance.now();
    const pass = await new LettersWorkflow(store, checkpoints, { today: () => '9999-12-31' }).runOnce();
    return { issued: pass.issued + pass.alreadyIssued, elapsedMs: performance.now() - started };
  } finally {
    await store.close();
  }
}

/** Rebuilds the letters read model alone into `path`, from zero: the plain projection's rate. */
export async function rebuildLetters(dataset: Dataset, path: string): Promise<RebuildReport> {
  removeSqlite(path);
  const store = openStore(dataset.eventsPath);
  const projection = new LettersProjection();
  const database = ReadModelDatabase.open(path, [projection]);
  try {
    return await new ReadModelRebuilder(store, database, [projection]).rebuild(projection.name);
  } finally {
    database.close();
    await store.close();
  }
}
