import { rmSync } from 'node:fs';
import { loadStoreConfig, openConfiguredEventStore } from '@ledger/application';
import { licenceStreamId, normaliseLicenceNumber } from '@ledger/domain';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { EsdbDouble } from '@ledger/testing/esdb-double';
import {
  adminQuery,
  createThrowAwayDatabase,
  describeWithPostgres,
  type ThrowAwayDatabase,
} from '../../../libs/read-models/test/pg-test-database';
import { ApiDataDir } from './api-harness';

// The two store set-ups the API's end-to-end suites run on (the project's issue: "on SQLite +
// SQLite and on the EventStoreDB double + PostgreSQL"). The sessions, the audit and the rate-limit
// counters follow the read models: SQLite files, or PostgreSQL's STATE_SCHEMA.

export type StoreProfileName = 'sqlite' | 'esdb-double+postgres';

export interface StoreProfile {
  readonly name: StoreProfileName;
  /** The data directory that several starts of the API share (the audit log; the SQLite stores on 'sqlite'). */
  readonly data: ApiDataDir;
  /** Opens what the stores need (an EventStoreDB double, a throw-away database): before the first start. */
  setUp(): Promise<void>;
  /** Removes everything set up: after the last API is closed. */
  tearDown(): Promise<void>;
  /** The API's environment on this profile's stores, plus `extra`. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** One licence's stream as the store holds it now, read through the EventStore port. */
  licenceEvents(licenceNumber: string): Promise<RecordedEvent[]>;
  /** The whole log as the store holds it now, read through the EventStore port. */
  loggedEvents(): Promise<RecordedEvent[]>;
  /** Deletes the read models, so that the next start rebuilds them from the log (the API closed first). */
  dropReadModels(): Promise<void>;
}

/** The embedded stores: the log and the read models in SQLite files of the data directory. */
class SqliteProfile implements StoreProfile {
  readonly name = 'sqlite';
  readonly data = new ApiDataDir();

  async setUp(): Promise<void> {}

  async tearDown(): Promise<void> {
    this.data.remove();
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return this.data.env(extra);
  }

  licenceEvents(licenceNumber: string): Promise<RecordedEvent[]> {
    return readLicenceStream(this.env(), licenceNumber);
  }

  loggedEvents(): Promise<RecordedEvent[]> {
    return readWholeLog(this.env());
  }

  async dropReadModels(): Promise<void> {
    const path = this.env().READ_MODEL_PATH!;
    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
  }
}

/** The production shape: the log in the EventStoreDB gRPC protocol double, the read models in PostgreSQL. */
class EsdbDoublePostgresProfile implements StoreProfile {
  readonly name = 'esdb-double+postgres';
  readonly data = new ApiDataDir();
  static readonly SCHEMA = 'ledger_read_models';
  private started?: { eventStoreDb: EsdbDouble; database: ThrowAwayDatabase };

  async setUp(): Promise<void> {
    const database = await createThrowAwayDatabase();
    try {
      this.started = { database, eventStoreDb: await EsdbDouble.start({ serverFeatures: 'batch-append' }) };
    } catch (error) {
      await database.drop();
      throw error;
    }
  }

  async tearDown(): Promise<void> {
    this.data.remove();
    if (!this.started) return;
    const { eventStoreDb, database } = this.started;
    this.started = undefined;
    try {
      await eventStoreDb.stop();
    } finally {
      await database.drop();
    }
  }

  /** The double and the database, for checks of what went where. */
  get stores(): { eventStoreDb: EsdbDouble; database: ThrowAwayDatabase; schema: string } {
    if (!this.started) throw new Error(`The ${this.name} profile is not set up (setUp() first).`);
    return { ...this.started, schema: EsdbDoublePostgresProfile.SCHEMA };
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const { eventStoreDb, database, schema } = this.stores;
    return {
      ...this.data.env(),
      // one store or the other: both set is refused at start-up
      EVENT_STORE_PATH: undefined,
      ESDB_CONNECTION_STRING: eventStoreDb.connectionString,
      READ_MODEL_PATH: undefined,
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: schema,
      // The login counters live in PostgreSQL, shared by every start of the suite as by every
      // instance in production, and every login of the suite comes from 127.0.0.1.
      RATE_LIMIT_LOGIN: '10000',
      ...extra,
    };
  }

  licenceEvents(licenceNumber: string): Promise<RecordedEvent[]> {
    return readLicenceStream(this.env(), licenceNumber);
  }

  loggedEvents(): Promise<RecordedEvent[]> {
    return readWholeLog(this.env());
  }

  async dropReadModels(): Promise<void> {
    const { database, schema } = this.stores;
    await adminQuery(database.url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}

export function sqliteProfile(): StoreProfile {
  return new SqliteProfile();
}

export function esdbDoublePostgresProfile(): EsdbDoublePostgresProfile {
  return new EsdbDoublePostgresProfile();
}

export type { EsdbDoublePostgresProfile };

/**
 * The suite once per store profile, each in a describe block named after it: "<title> (on sqlite)",
 * "<title> (on esdb-double+postgres)". The profile is set up before the body's own beforeAll hooks
 * and torn down after its afterAll hooks (jest-circus runs hooks of one block in declaration order).
 * The second block is describeWithPostgres's: without TEST_DATABASE_URL it is one skipped test saying
 * why (and a line on stderr); the SQLite block runs all the same.
 */
export function describeOnEachStore(title: string, body: (profile: StoreProfile) => void): void {
  describe(`${title} (on sqlite)`, () => withProfile(sqliteProfile(), body));
  describeWithPostgres(`${title} (on esdb-double+postgres)`, () => withProfile(esdbDoublePostgresProfile(), body));
}

function withProfile(profile: StoreProfile, body: (profile: StoreProfile) => void): void {
  beforeAll(() => profile.setUp());
  body(profile);
  afterAll(() => profile.tearDown());
}

/** Opens the log with the application's own factory (the upcasters included), for one read. */
async function withEventStore<T>(
  env: NodeJS.ProcessEnv,
  read: (store: EventStore) => Promise<T>,
): Promise<T> {
  const store = openConfiguredEventStore(loadStoreConfig(env).eventStore);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

function readLicenceStream(env: NodeJS.ProcessEnv, licenceNumber: string): Promise<RecordedEvent[]> {
  const normalised = normaliseLicenceNumber(licenceNumber);
  if (normalised === null) throw new Error(`Not a licence number: ${JSON.stringify(licenceNumber)}`);
  return withEventStore(env, async (store) => (await store.readStream(licenceStreamId(normalised))).events);
}

function readWholeLog(env: NodeJS.ProcessEnv): Promise<RecordedEvent[]> {
  return withEventStore(env, (store) => store.readAll({ after: 0n }));
}
