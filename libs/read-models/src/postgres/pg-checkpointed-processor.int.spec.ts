import { PgLicenceProjection, type PgProjection } from '@ledger/read-models';
import { PgCountingProjection } from '../../test/pg-read-model-test-bed';
import { adminQuery, describeWithPostgres, TEST_DATABASE_URL } from '../../test/pg-test-database';
import { checkpointedRunnerContract } from '../../test/runner-contract/checkpointed-runner.contract';
import { writeLicences } from '../../test/runner-contract/licence-log';
import { usePgRunnerHarness } from '../../test/runner-contract/pg-runner-harness';
import { recordingLogger, referenceDump, until } from '../../test/runner-contract/runner-harness';

// CONVENTIONS 6 on PostgreSQL: the runner contract (test/runner-contract/), and what only a
// database server brings: several processes on one schema, and connections lost under a batch.

describeWithPostgres('the checkpointed processor on PostgreSQL', () => {
  const harness = usePgRunnerHarness();

  checkpointedRunnerContract(harness);

  it('keeps its tables and its checkpoint in its own schema', async () => {
    const model = await harness.readModel();
    const head = await writeLicences(harness.log, 0, 1);
    const { runner: licences } = model.processor();
    await licences.start();
    await licences.waitForPosition(head);
    // (The other schemas of the throw-away database are other tests' read models.)
    const { rows } = await model.database.pool.query(
      `SELECT table_schema, table_name FROM information_schema.tables
       WHERE table_schema IN ($1, 'public') ORDER BY table_schema, table_name`,
      [model.schema],
    );
    expect(rows).toEqual(
      ['checkpoints', 'infractions', 'licences'].map((table) => ({
        table_schema: model.schema,
        table_name: table,
      })),
    );
    expect(await model.checkpointRows()).toEqual([{ processor: 'licences', position: head.toString() }]);
  });

  it('two processors on the same database never apply an event twice: the second waits on the checkpoint row, then skips what the first applied', async () => {
    const { log } = harness;
    const model = await harness.readModel();
    const head = await writeLicences(log, 0, 6);
    const other = await harness.open(model.schema); // another process: its own pool on the same schema
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
    const first = model.processorOf(holding, { batchSize: 4 });
    const second = other.processorOf(two, { batchSize: 6 });
    await first.start();
    await firstBatchStarted;
    await second.start();
    await until(async () => {
      const { rows } = await model.database.pool.query(
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
    expect(await model.dump()).toEqual(await referenceDump(log));
  });

  it('waitForPosition sees a checkpoint another process advanced', async () => {
    const model = await harness.readModel();
    const head = await writeLicences(harness.log, 0, 2);
    const { runner: reader } = model.processor(); // never started: the API's side
    const waiting = reader.waitForPosition(head, 5000);
    const { runner: worker } = (await harness.open(model.schema)).processor();
    await worker.start();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('connections killed under it (pg_terminate_backend) roll the batch back; it retries from the stored checkpoint, each event applied once', async () => {
    const { log } = harness;
    const applicationName = `ledger_kill_${process.pid}`;
    const model = await harness.open(undefined, applicationName);
    const { database } = model;
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
    const logger = recordingLogger();
    const licences = model.processorOf(auditing, { batchSize: 3, logger });
    await licences.start();
    let head = 0n;
    for (let round = 0; round < 6; round++) {
      head = await writeLicences(log, round * 2, 2);
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
    expect(await model.dump()).toEqual(await referenceDump(log));
    expect(logger.messages.some((m) => /lost its subscription/.test(m))).toBe(true);
  }, 30_000);
});
