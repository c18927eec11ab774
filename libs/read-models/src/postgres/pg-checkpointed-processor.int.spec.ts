import type { EventStore, SqliteEventStore } from '@ledger/event-store';
import {
  CheckpointedProcessor,
  dumpPgProjection,
  dumpProjection,
  LicenceProjection,
  PgCheckpointedProcessor,
  PgLicenceProjection,
  PgReadModelDatabase,
  ReadModelDatabase,
  type PgProjection,
  type ProcessorLogger,
} from '@ledger/read-models';
import { appendTo, FlakyStore, memoryStore, scenarioFor } from '../../test/read-model-test-bed';
import {
  adminQuery,
  createThrowAwayDatabase,
  describeWithPostgres,
  TEST_DATABASE_URL,
  type ThrowAwayDatabase,
} from '../../test/pg-test-database';
import { freshSchema, PgCountingProjection, quietLogger } from '../../test/pg-read-model-test-bed';

// CONVENTIONS 6 on PostgreSQL: the checkpoint commits with the rows, what is at or below it is
// skipped, a dropped subscription or a lost database connection is retried with backoff from the
// stored checkpoint: nothing lost, nothing applied twice.

const numberAt = (i: number) => String(901004310100 + i);

async function writeLicences(store: EventStore, from: number, count: number): Promise<bigint> {
  let last = 0n;
  for (let i = from; i < from + count; i++) {
    const scenario = scenarioFor(numberAt(i), '2015-01-10')
      .paid(`a${i}`, 'SPEEDING', '2024-05-20', '2024-06-01', { retainedExcessKmh: 12, speedLimitKmh: 110 })
      .paid(`b${i}`, 'RED_LIGHT', '2024-06-10', '2024-06-20')
      .course('2024-07-01', '2024-07-02')
      .cancel(`b${i}`, '2024-08-01')
      .runUntil('2025-01-01');
    last = await appendTo(store, numberAt(i), scenario.events);
  }
  return last;
}

const logged = (): ProcessorLogger & { messages: string[] } => {
  const messages: string[] = [];
  return {
    messages,
    log: (m) => void messages.push(m),
    warn: (m) => void messages.push(m),
    error: (m) => void messages.push(m),
  };
};

const fast = { backoff: { initialMs: 5, maxMs: 20 }, pollIntervalMs: 5 };
const until = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** What a clean, uninterrupted run from zero gives on SQLite: the reference every test compares with. */
async function referenceDump(store: EventStore) {
  const projection = new LicenceProjection();
  const database = ReadModelDatabase.open(':memory:', [projection]);
  const processor = new CheckpointedProcessor(store, database, projection, { ...fast, logger: quietLogger });
  await processor.start();
  await processor.waitForPosition(await store.headPosition());
  await processor.stop();
  const dump = dumpProjection(database, projection);
  database.close();
  return dump;
}

describeWithPostgres('the checkpointed processor on PostgreSQL', () => {
  let throwAway: ThrowAwayDatabase;
  let store: SqliteEventStore;
  let database: PgReadModelDatabase;
  const running: PgCheckpointedProcessor[] = [];
  const opened: PgReadModelDatabase[] = [];
  const processor = (projection: PgProjection, options = {}, source: EventStore = store, on = database) => {
    const created = new PgCheckpointedProcessor(source, on, projection, {
      ...fast,
      logger: quietLogger,
      ...options,
    });
    running.push(created);
    return created;
  };
  const open = async (schema: string, applicationName?: string) => {
    const opening = await PgReadModelDatabase.open(throwAway.url, [new PgLicenceProjection()], {
      schema,
      poolSize: 4,
      applicationName,
      logger: quietLogger,
    });
    opened.push(opening);
    return opening;
  };
  const dump = () => dumpPgProjection(database, new PgLicenceProjection());

  beforeAll(async () => {
    throwAway = await createThrowAwayDatabase();
  });
  afterAll(() => throwAway.drop());
  beforeEach(async () => {
    store = memoryStore();
    database = await open(freshSchema());
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
    await store.close();
    await Promise.all(opened.splice(0).map((d) => d.close()));
  });

  it('follows the log to its head and stores the checkpoint as a decimal string, in its schema', async () => {
    const head = await writeLicences(store, 0, 3);
    const licences = processor(new PgLicenceProjection(), { batchSize: 4 });
    await licences.start();
    await licences.waitForPosition(head);
    await expect(licences.checkpoint()).resolves.toBe(head);
    const { rows } = await database.pool.query(`SELECT * FROM ${database.checkpoints}`);
    expect(rows).toEqual([{ processor: 'licences', position: head.toString() }]);
    expect(await dump()).toEqual(await referenceDump(store));

    const later = await writeLicences(store, 3, 1);
    await licences.waitForPosition(later);
    expect((await dump()).licences).toHaveLength(4);
  });

  it('writes the checkpoint in the same transaction as the rows: a failure before commit leaves both unchanged', async () => {
    const head = await writeLicences(store, 0, 2);
    await database.ensureTables(new PgLicenceProjection()); // the checkpoint row exists: the batch UPDATEs it
    // The checkpoint write fails, after the batch's rows were written in the same transaction.
    await database.pool.query(`
      CREATE FUNCTION ${database.schema}.disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
      CREATE TRIGGER fail_checkpoint BEFORE UPDATE ON ${database.checkpoints} FOR EACH ROW EXECUTE FUNCTION ${database.schema}.disk_full();
    `);
    const logger = logged();
    const counting = new PgCountingProjection(new PgLicenceProjection());
    const licences = processor(counting, { batchSize: 5, logger });
    await licences.start();
    await until(() => logger.messages.length >= 3);

    expect(counting.applied.length).toBeGreaterThanOrEqual(15); // the rows were written, three times…
    await expect(licences.checkpoint()).resolves.toBe(0n); // …and rolled back with the checkpoint each time
    expect(await dump()).toEqual({ licences: [], infractions: [] });
    expect(logger.messages[0]).toMatch(
      /lost its subscription \(disk full\); resubscribing from checkpoint 0/,
    );

    // Once the cause is gone, the processor gets there by itself.
    await database.pool.query(`DROP TRIGGER fail_checkpoint ON ${database.checkpoints}`);
    await licences.waitForPosition(head);
    expect(await dump()).toEqual(await referenceDump(store));
  });

  it('a projection that fails half-way through a batch leaves no row of that batch behind', async () => {
    const projection = new PgLicenceProjection();
    const failing: PgProjection = {
      name: projection.name,
      tables: projection.tables,
      apply: async (batch, tx) => {
        await projection.apply(batch, tx);
        throw new Error('bug in the projection');
      },
    };
    await writeLicences(store, 0, 1);
    const events = await store.readAll({ after: 0n });
    const licences = processor(failing);
    await expect(licences.applyBatch(events)).rejects.toThrow('bug in the projection');
    await expect(licences.checkpoint()).resolves.toBe(0n);
    expect(await dump()).toEqual({ licences: [], infractions: [] });
  });

  it('a batch delivered again is skipped: at or below the checkpoint, nothing changes', async () => {
    await writeLicences(store, 0, 2);
    const events = await store.readAll({ after: 0n });
    const counting = new PgCountingProjection(new PgLicenceProjection());
    const licences = processor(counting);
    await licences.applyBatch(events.slice(0, 10));
    await licences.applyBatch(events.slice(10));
    const once = await dump();
    const checkpoint = await licences.checkpoint();

    await expect(licences.applyBatch(events.slice(0, 10))).resolves.toBe(checkpoint);
    await expect(licences.applyBatch(events.slice(5, 15))).resolves.toBe(checkpoint);
    expect(await dump()).toEqual(once);
    expect(counting.applied).toEqual(events.map((event) => event.globalPosition));
  });

  it('a restarted processor resumes from its checkpoint: the same rows as one uninterrupted run', async () => {
    const first = await writeLicences(store, 0, 3);
    const before = processor(new PgLicenceProjection(), { batchSize: 7 });
    await before.start();
    await before.waitForPosition(first);
    await before.stop();
    const stoppedAt = await before.checkpoint();
    await writeLicences(store, 3, 3);

    const counting = new PgCountingProjection(new PgLicenceProjection());
    const after = processor(counting, { batchSize: 7 });
    await after.start();
    await after.waitForPosition(await store.headPosition());
    expect(counting.applied[0]).toBe(stoppedAt + 1n);
    expect(await dump()).toEqual(await referenceDump(store));
  });

  it('stop() lets the batch in progress commit with its checkpoint', async () => {
    await writeLicences(store, 0, 2);
    const licences = processor(new PgLicenceProjection(), { batchSize: 3 });
    await licences.start();
    await licences.waitForPosition(3n);
    await licences.stop();
    const stoppedAt = await licences.checkpoint();
    expect(stoppedAt % 3n).toBe(0n); // whole batches only
    const rows = (await dump()).licences as { last_position: string }[];
    expect(rows.every((row) => BigInt(row.last_position) <= stoppedAt)).toBe(true);
  });

  it.each(['reject', 'end'] as const)(
    'a subscription that dies (%s) is resubscribed from the checkpoint: nothing lost, nothing doubled',
    async (mode) => {
      const head = await writeLicences(store, 0, 4);
      const flaky = new FlakyStore(store, 2, 2, mode);
      const counting = new PgCountingProjection(new PgLicenceProjection());
      const logger = logged();
      const licences = processor(counting, { batchSize: 5, logger }, flaky);
      await licences.start();
      await licences.waitForPosition(head);

      expect(flaky.subscriptions).toBe(3);
      expect(counting.applied).toEqual(Array.from({ length: Number(head) }, (_, i) => BigInt(i + 1)));
      expect(await dump()).toEqual(await referenceDump(store));
      expect(logger.messages.filter((m) => /lost its subscription/.test(m))).toHaveLength(2);
    },
  );

  it('resubscribes with a capped exponential backoff while the store refuses', async () => {
    const logger = logged();
    let refusals = 4;
    const refusing: EventStore = Object.assign(Object.create(store) as EventStore, {
      subscribe: (options: Parameters<EventStore['subscribe']>[0]) => {
        if (refusals-- > 0) throw new Error('store unreachable');
        return store.subscribe(options);
      },
    });
    const head = await writeLicences(store, 0, 1);
    const licences = processor(
      new PgLicenceProjection(),
      { logger, backoff: { initialMs: 5, maxMs: 20 } },
      refusing,
    );
    await licences.start();
    await licences.waitForPosition(head);
    expect(logger.messages.map((m) => /in (\d+) ms/.exec(m)?.[1])).toEqual(['5', '10', '20', '20']);
  });

  it('two processors on the same database never apply an event twice: the second waits on the checkpoint row, then skips what the first applied', async () => {
    const head = await writeLicences(store, 0, 6);
    const other = await open(database.schema); // another process: its own pool on the same schema
    // The first processor holds its first batch's transaction open until the second is seen
    // waiting for the checkpoint row's lock: both then certainly compete for the same batch.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let inFirstBatch!: () => void;
    const firstBatchStarted = new Promise<void>((resolve) => (inFirstBatch = resolve));
    const one = new PgCountingProjection(new PgLicenceProjection());
    const holding: PgProjection = {
      name: one.name,
      tables: one.tables,
      apply: async (batch, tx) => {
        if (one.applied.length === 0) {
          inFirstBatch();
          await released;
        }
        await one.apply(batch, tx);
      },
    };
    const two = new PgCountingProjection(new PgLicenceProjection());
    const first = processor(holding, { batchSize: 4 });
    const second = processor(two, { batchSize: 6 }, store, other);
    await first.start();
    await firstBatchStarted;
    await second.start();
    await until(async () => {
      const { rows } = await database.pool.query(
        "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      return rows.length > 0;
    });
    release();
    await Promise.all([first.waitForPosition(head), second.waitForPosition(head)]);

    const applied = [...one.applied, ...two.applied].sort((a, b) => Number(a - b));
    expect(applied).toEqual(Array.from({ length: Number(head) }, (_, i) => BigInt(i + 1)));
    expect(one.applied.slice(0, 4)).toEqual([1n, 2n, 3n, 4n]);
    expect(two.applied[0]).toBeGreaterThan(4n); // it waited, then skipped the batch the first committed
    expect(await dump()).toEqual(await referenceDump(store));
  });

  it('waitForPosition gives up after its timeout, saying where the read model is', async () => {
    const licences = processor(new PgLicenceProjection());
    await expect(licences.waitForPosition(5n, 50)).rejects.toThrow(
      'Read model "licences" did not reach position 5 within 50 ms (it is at 0; its processor is not running in this process).',
    );
    expect(() => licences.waitForPosition(5 as unknown as bigint)).toThrow(/must be a bigint/);
  });

  it('waitForPosition sees a checkpoint another process advanced', async () => {
    const head = await writeLicences(store, 0, 2);
    const reader = processor(new PgLicenceProjection()); // never started: the API's side
    const waiting = reader.waitForPosition(head, 5000);
    const worker = processor(new PgLicenceProjection(), {}, store, await open(database.schema));
    await worker.start();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('a checkpoint moved back under a running processor (a reset) makes it resubscribe from there', async () => {
    const head = await writeLicences(store, 0, 2);
    const logger = logged();
    const licences = processor(new PgLicenceProjection(), { batchSize: 5, logger });
    await licences.start();
    await licences.waitForPosition(head);
    await database.transaction(async (client) => {
      await client.query(
        `DELETE FROM ${database.qualified('licences')}; DELETE FROM ${database.qualified('infractions')}`,
      );
      await database.lockCheckpoint(client, 'licences');
      await database.writeCheckpoint(client, 'licences', 0n);
    });
    const more = await writeLicences(store, 2, 1);
    await licences.waitForPosition(more);
    expect(logger.messages.join('\n')).toMatch(/stored checkpoint \(0\) is behind/);
    expect(await dump()).toEqual(await referenceDump(store));
  });

  it('connections killed under it (pg_terminate_backend) roll the batch back; it retries from the stored checkpoint, each event applied once', async () => {
    const applicationName = `ledger_kill_${process.pid}`;
    database = await open(database.schema, applicationName);
    // Written in the batch's transaction: what committed, exactly (a counter in memory would also
    // count the batches that were rolled back).
    await database.pool.query(`CREATE TABLE ${database.qualified('applied')} (position TEXT NOT NULL)`);
    const projection = new PgLicenceProjection();
    const auditing: PgProjection = {
      name: projection.name,
      tables: projection.tables,
      apply: async (batch, tx) => {
        await projection.apply(batch, tx);
        await tx.client.query(`INSERT INTO ${database.qualified('applied')} SELECT unnest($1::text[])`, [
          batch.map((event) => event.globalPosition.toString()),
        ]);
        await new Promise((resolve) => setTimeout(resolve, 2)); // a window for the kill to land in
      },
    };
    const logger = logged();
    const licences = processor(auditing, { batchSize: 3, logger });
    await licences.start();
    let head = 0n;
    for (let round = 0; round < 6; round++) {
      head = await writeLicences(store, round * 2, 2);
      await new Promise((resolve) => setTimeout(resolve, 10));
      await adminQuery(
        TEST_DATABASE_URL!,
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
    }
    await licences.waitForPosition(head, 20_000);

    const { rows } = await database.pool.query<{ position: string; n: string }>(
      `SELECT position, count(*) AS n FROM ${database.qualified('applied')} GROUP BY position`,
    );
    expect(rows.filter((row) => row.n !== '1')).toEqual([]);
    expect(rows).toHaveLength(Number(head));
    expect(await dump()).toEqual(await referenceDump(store));
    expect(logger.messages.some((m) => /lost its subscription/.test(m))).toBe(true);
  }, 30_000);
});
