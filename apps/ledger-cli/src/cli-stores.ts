import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadStoreConfig, openConfiguredEventStore, type StoreConfig } from '@ledger/application';
import { LEDGER_UPCASTERS } from '@ledger/domain';
import { UpcasterRegistry, type EventStore } from '@ledger/event-store';
import { SqliteEventStore, type AppendRequest } from '@ledger/event-store/sqlite/sqlite-event-store';
import type { AppendResult } from '@ledger/event-store';
import {
  LicenceProjection,
  PgLicenceProjection,
  PgReadModelDatabase,
  PgReadModelRebuilder,
  ReadModelDatabase,
  ReadModelRebuilder,
  type Projection,
  type RebuildOptions,
  type RebuildReport,
} from '@ledger/read-models';
import { LettersProjection, PgLettersProjection } from '@ledger/read-models/letters';

/**
 * The stores the operator's commands work on: the ones the service is configured with (the same
 * environment variables: EVENT_STORE_PATH or ESDB_CONNECTION_STRING, READ_MODEL_PATH or
 * DATABASE_URL), so that a command always acts on the service's own data.
 */
export function storeConfig(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return loadStoreConfig(env);
}

/**
 * The configured event store. `bulk`: a connection for a bulk load (seed, import), with a large
 * page cache so that the event-id index stays in memory between batches.
 */
export function openEventStore(
  env: NodeJS.ProcessEnv = process.env,
  { bulk = false }: { bulk?: boolean } = {},
): EventStore {
  const config = storeConfig(env).eventStore;
  if (bulk && config.kind === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
    return new SqliteEventStore(config.path, {
      upcasters: new UpcasterRegistry(LEDGER_UPCASTERS),
      cacheSizeMb: 256,
    });
  }
  // A run on its own, reading far more than it appends: SQLite's checkpoints, no extra thread.
  return openConfiguredEventStore(config, { checkpointInBackground: false });
}

/**
 * Appends several streams' events at once: in one transaction on the embedded store (one fsync for
 * the whole batch); one append after the other on another store. All or nothing on SQLite.
 */
export async function appendMany(
  store: EventStore,
  requests: readonly AppendRequest[],
): Promise<AppendResult[]> {
  if (store instanceof SqliteEventStore) return store.appendBatch(requests);
  const results: AppendResult[] = [];
  for (const { streamId, expected, events } of requests)
    results.push(await store.appendToStream(streamId, expected, events));
  return results;
}

/** The read models the CLI rebuilds, on the configured read-model store. */
export interface CliReadModels {
  /** Names of the read models that can be rebuilt. */
  readonly names: readonly string[];
  rebuild(name: string, options: RebuildOptions): Promise<RebuildReport>;
  /** Several in one pass over the log (each batch read once, handed to each): reports in the order of `names`. */
  rebuildTogether(names: readonly string[], options: RebuildOptions): Promise<RebuildReport[]>;
  close(): Promise<void>;
}

/**
 * The projections of the embedded read models, as the worker runs them (WorkerModule): each can be
 * rebuilt by name. The licence projection with a rebuild's tuning: fewer licences remembered
 * between batches (a rebuild seldom meets a licence again soon), for a flat memory.
 */
export function sqliteProjections(): Projection[] {
  return [new LicenceProjection({ memoSize: 2_000 }), new LettersProjection()];
}

export async function openReadModels(
  store: EventStore,
  env: NodeJS.ProcessEnv = process.env,
  path?: string,
): Promise<CliReadModels> {
  const config = storeConfig(env).readModels;
  if (config.kind === 'postgres' && path === undefined) {
    const projections = [new PgLicenceProjection(), new PgLettersProjection()];
    const database = await PgReadModelDatabase.open(config.url, projections, { schema: config.schema });
    const rebuilder = new PgReadModelRebuilder(store, database, projections);
    return {
      names: projections.map((projection) => projection.name),
      rebuild: (name, options) => rebuilder.rebuild(name, options),
      rebuildTogether: (names, options) => rebuilder.rebuildTogether(names, options),
      close: () => database.close(),
    };
  }
  const projections = sqliteProjections();
  const file = path ?? (config.kind === 'sqlite' ? config.path : ':memory:');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = ReadModelDatabase.open(file, projections);
  const rebuilder = new ReadModelRebuilder(store, database, projections);
  return {
    names: projections.map((projection) => projection.name),
    rebuild: (name, options) => rebuilder.rebuild(name, options),
    rebuildTogether: (names, options) => rebuilder.rebuildTogether(names, options),
    close: async () => database.close(),
  };
}
