import { Test, type TestingModule } from '@nestjs/testing';
import { FixedClock } from '@ledger/application';
import { SqliteEventStore, type RecordedEvent } from '@ledger/event-store';
import {
  CheckpointedProcessor,
  dumpPgProjection,
  dumpProjection,
  LicenceProjection,
  PgLicenceProjection,
  PgReadModelDatabase,
  PgReadModelRebuilder,
  ReadModelDatabase,
  ReadModelProcessors,
  type PgReadModelTx,
  type ReadModelProcessor,
} from '@ledger/read-models';
import { LettersProjection, PgLettersProjection } from '@ledger/read-models/letters';
import { issueLetters } from '../../libs/read-models/test/letters/issued-letters-log';
import { workerApplicationModule } from '../../apps/ledger-worker/src/worker-application.module';
import { WorkerModule } from '../../apps/ledger-worker/src/worker.module';
import { appendTo, scenarioFor } from '../../libs/read-models/test/read-model-test-bed';
import {
  adminQuery,
  createThrowAwayDatabase,
  describeWithPostgres,
  TEST_DATABASE_URL,
  withDatabase,
  type ThrowAwayDatabase,
} from '../../libs/read-models/test/pg-test-database';
import { PrivatePostgres } from './support/private-postgres';

// Issue 5, faults: PostgreSQL restarted under a running worker while appends continue. The worker
// resumes from its checkpoint (each batch and its checkpoint commit together, or neither), no event
// is lost or applied twice, and the read model equals a rebuild from zero.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const numberAt = (i: number) => String(901004320000 + i);
const AUDIT = 'public.applied_events';

/**
 * The licence projection, also writing each position it applies into an audit table, in the same
 * transaction: the table holds exactly what committed (a counter in memory would also count the
 * batches the restart rolled back), so a position found twice is an event applied twice.
 */
class AuditedLicenceProjection extends PgLicenceProjection {
  override async apply(batch: readonly RecordedEvent[], tx: PgReadModelTx): Promise<void> {
    await super.apply(batch, tx);
    await tx.client.query(`INSERT INTO ${AUDIT} (position) SELECT unnest($1::bigint[])`, [
      batch.map((event) => event.globalPosition.toString()),
    ]);
  }
}

interface Faults {
  /** Every connection dropped; the server answers again when this resolves. */
  restart(): Promise<void>;
  /** Down: connections dropped and refused … */
  down(): Promise<void>;
  /** … until this. */
  up(): Promise<void>;
  url: string;
  dispose(): Promise<void>;
}

/** The server binaries for a real restart, unless POSTGRES_FAULT=terminate asks for the lighter fault. */
const SERVER_BINARIES = process.env.POSTGRES_FAULT === 'terminate' ? null : PrivatePostgres.binaries();

/**
 * A real restart of a PostgreSQL server of the test's own (pg_ctl restart -m fast, then stop -m
 * immediate and start), when this machine has the server's binaries: the other test files, which
 * run meanwhile on TEST_DATABASE_URL's server, keep theirs. Otherwise, on that server, the same
 * fault as the worker sees it, confined to a throw-away database: its connections terminated, and
 * refused for a while.
 */
async function faults(): Promise<Faults> {
  const bin = SERVER_BINARIES;
  if (bin) {
    const server = await PrivatePostgres.start(bin);
    await adminQuery(server.url(), 'CREATE DATABASE ledger');
    return {
      restart: () => server.restart(),
      down: () => server.crash(),
      up: () => server.startAgain(),
      url: server.url('ledger'),
      dispose: () => server.remove(),
    };
  }
  const database: ThrowAwayDatabase = await createThrowAwayDatabase();
  const terminate = () =>
    adminQuery(
      TEST_DATABASE_URL!,
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
      [database.name],
    );
  return {
    restart: async () => void (await terminate()),
    down: async () => {
      await adminQuery(TEST_DATABASE_URL!, `ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
      await terminate();
    },
    up: async () =>
      void (await adminQuery(TEST_DATABASE_URL!, `ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`)),
    url: withDatabase(TEST_DATABASE_URL!, database.name),
    dispose: () => database.drop(),
  };
}

describeWithPostgres('the worker across a PostgreSQL restart', () => {
  let fault: Faults;
  let store: SqliteEventStore;
  let worker: TestingModule | undefined;

  beforeAll(async () => {
    fault = await faults();
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await store?.close();
    await fault?.dispose();
  });

  const faultKind = SERVER_BINARIES
    ? 'a real restart of a PostgreSQL server of its own (pg_ctl)'
    : 'its connections terminated and refused for a while (pg_terminate_backend)';
  it(`resumes from its checkpoint after ${faultKind} while appends continue: no event lost or applied twice, and the read model equals a rebuild from zero`, async () => {
    await adminQuery(fault.url, `CREATE TABLE ${AUDIT} (position BIGINT NOT NULL)`);
    store = new SqliteEventStore(':memory:', { pollIntervalMs: 10 });
    const messages: string[] = [];
    const logger = {
      log: (m: string) => void messages.push(m),
      warn: (m: string) => void messages.push(m),
      error: (m: string) => void messages.push(m),
    };
    worker = await Test.createTestingModule({
      imports: [
        WorkerModule.forRoot({
          application: workerApplicationModule({ eventStore: store, clock: new FixedClock('2025-01-01') }),
          postgres: {
            url: fault.url,
            processor: { batchSize: 25, backoff: { initialMs: 50, maxMs: 500 }, pollIntervalMs: 10, logger },
          },
          dailyRun: { enabled: false },
        }),
      ],
    })
      .overrideProvider(PgLicenceProjection)
      .useValue(new AuditedLicenceProjection())
      .compile();
    await worker.init(); // the worker's lifecycle starts its processors
    const processors = worker.get<ReadModelProcessors<ReadModelProcessor>>(ReadModelProcessors);
    const database = worker.get(PgReadModelDatabase);

    // Appends go on, licence after licence, for the whole time the server restarts.
    let faultsOver = false;
    const appending = (async () => {
      let i = 0;
      for (; !faultsOver || i < 10; i++) {
        await appendTo(
          store,
          numberAt(i),
          scenarioFor(numberAt(i), '2015-01-10')
            .paid(`a${i}`, 'SPEEDING', '2024-05-20', '2024-06-01', {
              retainedExcessKmh: 12,
              speedLimitKmh: 110,
            })
            .paid(`b${i}`, 'RED_LIGHT', '2024-06-10', '2024-06-20')
            .cancel(`b${i}`, '2024-08-01')
            .runUntil('2025-01-01').events,
        );
        await sleep(10);
      }
      return i;
    })();

    await processors.waitForPosition(20n, 20_000); // the worker is applying batches…
    await fault.restart(); // …when the server restarts under it,
    await sleep(300);
    await fault.down(); // then goes down (as a crash) for a second, appends still coming,
    await sleep(1000);
    await fault.up();
    await sleep(200);
    faultsOver = true;
    const licences = await appending;
    await processors.waitForPosition(await store.headPosition(), 60_000);
    // The letters, written by the workflow (these events were recorded on the machine's days,
    // after the worker's fixed clock: its own pass waits for them).
    await issueLetters(store);
    const head = await store.headPosition();
    await processors.waitForPosition(head, 60_000);
    expect(messages.some((m) => /lost its subscription/.test(m))).toBe(true); // the faults did hit it

    // Every event applied, each exactly once (what committed, in the rows' own transactions).
    const audit = await database.pool.query<{
      applied: string;
      distinct: string;
      first: string;
      last: string;
    }>(
      `SELECT count(*) AS applied, count(DISTINCT position) AS distinct, min(position) AS first, max(position) AS last FROM ${AUDIT}`,
    );
    expect(audit.rows[0]).toEqual({
      applied: head.toString(),
      distinct: head.toString(),
      first: '1',
      last: head.toString(),
    });
    await expect(database.checkpoint('licences')).resolves.toBe(head);
    await expect(database.checkpoint('letters')).resolves.toBe(head);

    // The read models equal a rebuild from zero (in another schema), and the rows SQLite would hold;
    // the letter workflow ran under the same faults: each letter issued once.
    const live = await dumpPgProjection(database, new PgLicenceProjection());
    const liveLetters = await dumpPgProjection(database, new PgLettersProjection());
    expect(live.licences).toHaveLength(licences);
    const causes = (liveLetters.letters as Array<{ caused_by_event_id: string }>).map(
      (l) => l.caused_by_event_id,
    );
    // Two 48s and a correction each, all recorded on one day: the reversed 48 and its correction are
    // not sent (RULES §6, one coherent mail per day).
    expect(causes.length).toBeGreaterThanOrEqual(2 * licences);
    expect(new Set(causes).size).toBe(causes.length);
    const rebuiltProjections = [new PgLicenceProjection(), new PgLettersProjection()];
    const rebuilt = await PgReadModelDatabase.open(fault.url, rebuiltProjections, { schema: 'rebuilt' });
    try {
      const rebuilder = new PgReadModelRebuilder(store, rebuilt, rebuiltProjections);
      await rebuilder.rebuild('licences');
      await rebuilder.rebuild('letters');
      expect(await dumpPgProjection(rebuilt, rebuiltProjections[0])).toEqual(live);
      expect(await dumpPgProjection(rebuilt, rebuiltProjections[1])).toEqual(liveLetters);
    } finally {
      await rebuilt.close();
    }
    expect({ ...live, ...liveLetters }).toEqual(await sqliteReference(store));
  }, 120_000);
});

async function sqliteReference(store: SqliteEventStore) {
  const projections = [new LicenceProjection(), new LettersProjection()];
  const database = ReadModelDatabase.open(':memory:', projections);
  const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
  const dump = {};
  for (const projection of projections) {
    const processor = new CheckpointedProcessor(store, database, projection, {
      logger: quiet,
      pollIntervalMs: 5,
    });
    await processor.start();
    await processor.waitForPosition(await store.headPosition(), 20_000);
    await processor.stop();
    Object.assign(dump, dumpProjection(database, projection));
  }
  database.close();
  return dump;
}
