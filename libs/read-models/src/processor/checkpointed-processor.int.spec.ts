import { SqliteEventStore, type EventStore } from '@ledger/event-store';
import {
  CheckpointedProcessor,
  LicenceProjection,
  ReadModelDatabase,
  dumpProjection,
  type ProcessorLogger,
  type Projection,
} from '@ledger/read-models';
import {
  appendTo,
  CountingProjection,
  FlakyStore,
  memoryStore,
  scenarioFor,
} from '../../test/read-model-test-bed';

// CONVENTIONS 6: the checkpoint commits with the rows, what is at or below it is skipped, and a
// dropped subscription is resubscribed with backoff: nothing lost, nothing applied twice.

const numberAt = (i: number) => String(901004310100 + i);

/** A few licences with withdrawals, courses, corrections: about a dozen events each. */
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

const quiet = (): ProcessorLogger & { messages: string[] } => {
  const messages: string[] = [];
  return {
    messages,
    log: (m) => void messages.push(m),
    warn: (m) => void messages.push(m),
    error: (m) => void messages.push(m),
  };
};

const fast = { backoff: { initialMs: 5, maxMs: 20 }, pollIntervalMs: 5 };

/** What a clean, uninterrupted run from zero gives: the reference every test compares with. */
async function referenceDump(store: EventStore) {
  const projection = new LicenceProjection();
  const database = ReadModelDatabase.open(':memory:', [projection]);
  const processor = new CheckpointedProcessor(store, database, projection, { ...fast, logger: quiet() });
  await processor.start();
  await processor.waitForPosition(await store.headPosition());
  await processor.stop();
  const dump = dumpProjection(database, projection);
  database.close();
  return dump;
}

describe('the checkpointed processor', () => {
  let store: SqliteEventStore;
  let database: ReadModelDatabase;
  const running: CheckpointedProcessor[] = [];
  const processor = (projection: Projection, options = {}, source: EventStore = store) => {
    const created = new CheckpointedProcessor(source, database, projection, {
      ...fast,
      logger: quiet(),
      ...options,
    });
    running.push(created);
    return created;
  };

  beforeEach(() => {
    store = memoryStore();
    database = ReadModelDatabase.open(':memory:', [new LicenceProjection()]);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
    await store.close();
    database.close();
  });

  it('follows the log to its head and stores the checkpoint as a decimal string', async () => {
    const head = await writeLicences(store, 0, 3);
    const licences = processor(new LicenceProjection(), { batchSize: 4 });
    await licences.start();
    await licences.waitForPosition(head);
    expect(licences.checkpoint()).toBe(head);
    expect(database.db.prepare('SELECT * FROM checkpoints').all()).toEqual([
      { processor: 'licences', position: head.toString() },
    ]);
    expect(dumpProjection(database, licences.projection)).toEqual(await referenceDump(store));

    // and follows what is appended later
    const later = await writeLicences(store, 3, 1);
    await licences.waitForPosition(later);
    expect(dumpProjection(database, licences.projection).licences).toHaveLength(4);
  });

  it('writes the checkpoint in the same transaction as the rows: a failure before commit leaves both unchanged', async () => {
    const head = await writeLicences(store, 0, 2);
    // The checkpoint write fails, after the batch's rows were written in the same transaction.
    database.db.exec(`
      CREATE TRIGGER fail_insert BEFORE INSERT ON checkpoints BEGIN SELECT RAISE(ABORT, 'disk full'); END;
      CREATE TRIGGER fail_update BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, 'disk full'); END;
    `);
    const logger = quiet();
    const counting = new CountingProjection(new LicenceProjection());
    const licences = processor(counting, { batchSize: 5, logger });
    await licences.start();
    while (logger.messages.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));

    expect(counting.applied.length).toBeGreaterThanOrEqual(15); // the rows were written, three times…
    expect(licences.checkpoint()).toBe(0n); // …and rolled back with the checkpoint each time
    expect(dumpProjection(database, licences.projection)).toEqual({ licences: [], infractions: [] });
    expect(logger.messages[0]).toMatch(
      /lost its subscription \(disk full\); resubscribing from checkpoint 0/,
    );

    // Once the cause is gone, the processor gets there by itself, each event applied once.
    database.db.exec('DROP TRIGGER fail_insert; DROP TRIGGER fail_update;');
    await licences.waitForPosition(head);
    expect(dumpProjection(database, licences.projection)).toEqual(await referenceDump(store));
  });

  it('a projection that fails half-way through a batch leaves no row of that batch behind', () => {
    const projection = new LicenceProjection();
    const failing: Projection = {
      name: projection.name,
      tables: projection.tables,
      apply: (batch, tx) => {
        projection.apply(batch, tx);
        throw new Error('bug in the projection');
      },
    };
    return writeLicences(store, 0, 1).then(async () => {
      const events = await store.readAll({ after: 0n });
      const licences = processor(failing);
      expect(() => licences.applyBatch(events)).toThrow('bug in the projection');
      expect(licences.checkpoint()).toBe(0n);
      expect(dumpProjection(database, projection)).toEqual({ licences: [], infractions: [] });
    });
  });

  it('a batch delivered again is skipped: at or below the checkpoint, nothing changes', async () => {
    await writeLicences(store, 0, 2);
    const events = await store.readAll({ after: 0n });
    const counting = new CountingProjection(new LicenceProjection());
    const licences = processor(counting);
    licences.applyBatch(events.slice(0, 10));
    licences.applyBatch(events.slice(10));
    const once = dumpProjection(database, counting);
    const checkpoint = licences.checkpoint();

    expect(licences.applyBatch(events.slice(0, 10))).toBe(checkpoint);
    expect(licences.applyBatch(events.slice(5, 15))).toBe(checkpoint);
    expect(dumpProjection(database, counting)).toEqual(once);
    expect(counting.applied).toEqual(events.map((event) => event.globalPosition));
  });

  it('a restarted processor resumes from its checkpoint: the same rows as one uninterrupted run', async () => {
    const first = await writeLicences(store, 0, 3);
    const before = processor(new LicenceProjection(), { batchSize: 7 });
    await before.start();
    await before.waitForPosition(first);
    await before.stop();
    const stoppedAt = before.checkpoint();
    await writeLicences(store, 3, 3);

    const counting = new CountingProjection(new LicenceProjection());
    const after = processor(counting, { batchSize: 7 });
    await after.start();
    await after.waitForPosition(await store.headPosition());
    expect(counting.applied[0]).toBe(stoppedAt + 1n);
    expect(dumpProjection(database, counting)).toEqual(await referenceDump(store));
  });

  it('stop() lets the batch in progress commit with its checkpoint', async () => {
    await writeLicences(store, 0, 2);
    const licences = processor(new LicenceProjection(), { batchSize: 3 });
    await licences.start();
    await licences.waitForPosition(3n);
    await licences.stop();
    const stoppedAt = licences.checkpoint();
    expect(stoppedAt % 3n).toBe(0n); // whole batches only
    const rows = dumpProjection(database, licences.projection).licences as { last_position: string }[];
    expect(rows.every((row) => BigInt(row.last_position) <= stoppedAt)).toBe(true);
  });

  it.each(['reject', 'end'] as const)(
    'a subscription that dies (%s) is resubscribed from the checkpoint: nothing lost, nothing doubled',
    async (mode) => {
      const head = await writeLicences(store, 0, 4);
      const flaky = new FlakyStore(store, 2, 2, mode);
      const counting = new CountingProjection(new LicenceProjection());
      const logger = quiet();
      const licences = processor(counting, { batchSize: 5, logger }, flaky);
      await licences.start();
      await licences.waitForPosition(head);

      expect(flaky.subscriptions).toBe(3);
      expect(counting.applied).toEqual(Array.from({ length: Number(head) }, (_, i) => BigInt(i + 1)));
      expect(dumpProjection(database, counting)).toEqual(await referenceDump(store));
      expect(logger.messages.filter((m) => /lost its subscription/.test(m))).toHaveLength(2);
    },
  );

  it('resubscribes with a capped exponential backoff while the store refuses', async () => {
    const logger = quiet();
    let refusals = 4;
    const refusing: EventStore = Object.assign(Object.create(store) as EventStore, {
      subscribe: (options: Parameters<EventStore['subscribe']>[0]) => {
        if (refusals-- > 0) throw new Error('store unreachable');
        return store.subscribe(options);
      },
    });
    const head = await writeLicences(store, 0, 1);
    const licences = processor(
      new LicenceProjection(),
      { logger, backoff: { initialMs: 5, maxMs: 20 } },
      refusing,
    );
    await licences.start();
    await licences.waitForPosition(head);
    expect(logger.messages.map((m) => /in (\d+) ms/.exec(m)?.[1])).toEqual(['5', '10', '20', '20']);
  });

  it('two processors on the same database never apply an event twice', async () => {
    const head = await writeLicences(store, 0, 3);
    const one = new CountingProjection(new LicenceProjection());
    const two = new CountingProjection(new LicenceProjection());
    const first = processor(one, { batchSize: 4 });
    const second = processor(two, { batchSize: 6 });
    await Promise.all([first.start(), second.start()]);
    await Promise.all([first.waitForPosition(head), second.waitForPosition(head)]);
    const applied = [...one.applied, ...two.applied].sort((a, b) => Number(a - b));
    expect(applied).toEqual(Array.from({ length: Number(head) }, (_, i) => BigInt(i + 1)));
    expect(dumpProjection(database, one)).toEqual(await referenceDump(store));
  });

  it('waitForPosition gives up after its timeout, saying where the read model is', async () => {
    const licences = processor(new LicenceProjection());
    await expect(licences.waitForPosition(5n, 30)).rejects.toThrow(
      'Read model "licences" did not reach position 5 within 30 ms (it is at 0; its processor is not running in this process).',
    );
    expect(() => licences.waitForPosition(5 as unknown as bigint)).toThrow(/must be a bigint/);
  });

  it('a checkpoint moved back under a running processor (a reset) makes it resubscribe from there', async () => {
    const head = await writeLicences(store, 0, 2);
    const logger = quiet();
    const licences = processor(new LicenceProjection(), { batchSize: 5, logger });
    await licences.start();
    await licences.waitForPosition(head);
    database.transaction(() => {
      database.db.exec('DELETE FROM licences; DELETE FROM infractions;');
      database.writeCheckpoint('licences', 0n);
    });
    const more = await writeLicences(store, 2, 1);
    await licences.waitForPosition(more);
    expect(logger.messages.join('\n')).toMatch(/stored checkpoint \(0\) is behind/);
    expect(dumpProjection(database, licences.projection)).toEqual(await referenceDump(store));
  });
});
