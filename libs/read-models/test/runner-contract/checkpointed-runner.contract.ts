import type { EventStore } from '@ledger/event-store';
import { FlakyStore } from '../read-model-test-bed';
import { writeLicences } from './licence-log';
import { recordingLogger, referenceDump, until, type RunnerHarness } from './runner-harness';

const upTo = (head: bigint) => Array.from({ length: Number(head) }, (_, i) => BigInt(i + 1));

/**
 * CONVENTIONS 6, as every checkpointed processor honours it (CheckpointedRunner and its store's
 * batch transaction): the checkpoint commits with the rows, what is at or below it is skipped, and a
 * dropped subscription is resubscribed with backoff from the stored checkpoint: nothing lost,
 * nothing applied twice. Call inside the store's describe block, after registering its harness.
 */
export function checkpointedRunnerContract(harness: RunnerHarness): void {
  it('follows the log to its head and stores the checkpoint as a decimal string', async () => {
    const { log } = harness;
    const model = await harness.readModel();
    const head = await writeLicences(log, 0, 3);
    const { runner: licences } = model.processor({ batchSize: 4 });
    await licences.start();
    await licences.waitForPosition(head);
    expect(await licences.checkpoint()).toBe(head);
    expect(await model.checkpointRows()).toEqual([{ processor: 'licences', position: head.toString() }]);
    expect(await model.dump()).toEqual(await referenceDump(log));

    // and follows what is appended later
    const later = await writeLicences(log, 3, 1);
    await licences.waitForPosition(later);
    expect((await model.dump()).licences).toHaveLength(4);
  });

  it('writes the checkpoint in the same transaction as the rows: a failure before commit leaves both unchanged', async () => {
    const { log } = harness;
    const model = await harness.readModel();
    const head = await writeLicences(log, 0, 2);
    // The checkpoint write fails, after the batch's rows were written in the same transaction.
    const heal = await model.failCheckpointWrites('disk full');
    const logger = recordingLogger();
    const { runner: licences, applied } = model.processor({ batchSize: 5, logger });
    await licences.start();
    await until(() => logger.messages.length >= 3);

    expect(applied.length).toBeGreaterThanOrEqual(15); // the rows were written, three times…
    expect(await licences.checkpoint()).toBe(0n); // …and rolled back with the checkpoint each time
    expect(await model.dump()).toEqual({ licences: [], infractions: [] });
    expect(logger.messages[0]).toMatch(
      /lost its subscription \(disk full\); resubscribing from checkpoint 0/,
    );

    // Once the cause is gone, the processor gets there by itself.
    await heal();
    await licences.waitForPosition(head);
    expect(await model.dump()).toEqual(await referenceDump(log));
  });

  it('a projection that fails half-way through a batch leaves no row of that batch behind', async () => {
    const { log } = harness;
    const model = await harness.readModel();
    await writeLicences(log, 0, 1);
    const events = await log.readAll({ after: 0n });
    const { runner: licences } = model.processor({ projection: { failWith: 'bug in the projection' } });
    await expect(async () => licences.applyBatch(events)).rejects.toThrow('bug in the projection');
    expect(await licences.checkpoint()).toBe(0n);
    expect(await model.dump()).toEqual({ licences: [], infractions: [] });
  });

  it('a batch delivered again is skipped: at or below the checkpoint, nothing changes', async () => {
    const { log } = harness;
    const model = await harness.readModel();
    await writeLicences(log, 0, 2);
    const events = await log.readAll({ after: 0n });
    const { runner: licences, applied } = model.processor();
    await licences.applyBatch(events.slice(0, 10));
    await licences.applyBatch(events.slice(10));
    const once = await model.dump();
    const checkpoint = await licences.checkpoint();

    expect(await licences.applyBatch(events.slice(0, 10))).toBe(checkpoint);
    expect(await licences.applyBatch(events.slice(5, 15))).toBe(checkpoint);
    expect(await model.dump()).toEqual(once);
    expect(applied).toEqual(events.map((event) => event.globalPosition));
  });

  it('a restarted processor resumes from its checkpoint: the same rows as one uninterrupted run', async () => {
    const { log } = harness;
    const model = await harness.readModel();
    const first = await writeLicences(log, 0, 3);
    const { runner: before } = model.processor({ batchSize: 7 });
    await before.start();
    await before.waitForPosition(first);
    await before.stop();
    const stoppedAt = await before.checkpoint();
    await writeLicences(log, 3, 3);

    const { runner: after, applied } = model.processor({ batchSize: 7 });
    await after.start();
    await after.waitForPosition(await log.headPosition());
    expect(applied[0]).toBe(stoppedAt + 1n);
    expect(await model.dump()).toEqual(await referenceDump(log));
  });

  it('stop() lets the batch in progress commit with its checkpoint', async () => {
    const model = await harness.readModel();
    await writeLicences(harness.log, 0, 2);
    const { runner: licences } = model.processor({ batchSize: 3 });
    await licences.start();
    await licences.waitForPosition(3n);
    await licences.stop();
    const stoppedAt = await licences.checkpoint();
    expect(stoppedAt % 3n).toBe(0n); // whole batches only
    const rows = (await model.dump()).licences as { last_position: string }[];
    expect(rows.every((row) => BigInt(row.last_position) <= stoppedAt)).toBe(true);
  });

  it.each(['reject', 'end'] as const)(
    'a subscription that dies (%s) is resubscribed from the checkpoint: nothing lost, nothing doubled',
    async (mode) => {
      const { log } = harness;
      const model = await harness.readModel();
      const head = await writeLicences(log, 0, 4);
      const flaky = new FlakyStore(log, 2, 2, mode);
      const logger = recordingLogger();
      const { runner: licences, applied } = model.processor({ batchSize: 5, logger, source: flaky });
      await licences.start();
      await licences.waitForPosition(head);

      expect(flaky.subscriptions).toBe(3);
      expect(applied).toEqual(upTo(head));
      expect(await model.dump()).toEqual(await referenceDump(log));
      expect(logger.messages.filter((m) => /lost its subscription/.test(m))).toHaveLength(2);
    },
  );

  it('resubscribes with a capped exponential backoff while the store refuses', async () => {
    const { log } = harness;
    const model = await harness.readModel();
    const logger = recordingLogger();
    let refusals = 4;
    const refusing: EventStore = Object.assign(Object.create(log) as EventStore, {
      subscribe: (options: Parameters<EventStore['subscribe']>[0]) => {
        if (refusals-- > 0) throw new Error('store unreachable');
        return log.subscribe(options);
      },
    });
    const head = await writeLicences(log, 0, 1);
    const { runner: licences } = model.processor({
      logger,
      backoff: { initialMs: 5, maxMs: 20 },
      source: refusing,
    });
    await licences.start();
    await licences.waitForPosition(head);
    expect(logger.messages.map((m) => /in (\d+) ms/.exec(m)?.[1])).toEqual(['5', '10', '20', '20']);
  });

  it('two processors on the same database never apply an event twice', async () => {
    const { log } = harness;
    const model = await harness.readModel();
    const head = await writeLicences(log, 0, 3);
    const { runner: first, applied: one } = model.processor({ batchSize: 4 });
    const { runner: second, applied: two } = model.processor({ batchSize: 6 });
    await Promise.all([first.start(), second.start()]);
    await Promise.all([first.waitForPosition(head), second.waitForPosition(head)]);
    const applied = [...one, ...two].sort((a, b) => Number(a - b));
    expect(applied).toEqual(upTo(head));
    expect(await model.dump()).toEqual(await referenceDump(log));
  });

  it('waitForPosition gives up after its timeout, saying where the read model is', async () => {
    const model = await harness.readModel();
    const { runner: licences } = model.processor();
    await expect(licences.waitForPosition(5n, 50)).rejects.toThrow(
      'Read model "licences" did not reach position 5 within 50 ms (it is at 0; its processor is not running in this process).',
    );
    expect(() => licences.waitForPosition(5 as unknown as bigint)).toThrow(/must be a bigint/);
  });

  it('a checkpoint moved back under a running processor (a reset) makes it resubscribe from there', async () => {
    const { log } = harness;
    const model = await harness.readModel();
    const head = await writeLicences(log, 0, 2);
    const logger = recordingLogger();
    const { runner: licences } = model.processor({ batchSize: 5, logger });
    await licences.start();
    await licences.waitForPosition(head);
    await model.reset();
    const more = await writeLicences(log, 2, 1);
    await licences.waitForPosition(more);
    expect(logger.messages.join('\n')).toMatch(/stored checkpoint \(0\) is behind/);
    expect(await model.dump()).toEqual(await referenceDump(log));
  });
}
