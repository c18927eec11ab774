import type { RebuildProgress } from '@ledger/read-models';
import { writeLicencesToRebuild } from './licence-log';
import type { RunnerHarness, TestReadModel } from './runner-harness';

/**
 * Replay (CONVENTIONS 8), as every rebuilder honours it (RebuildRunner and its store's shadow-table
 * steps): the read model rebuilt from zero equals the live one, row for row; the shadow tables are
 * swapped in, in one transaction, and the checkpoint never moves back. Call inside the store's
 * describe block, after registering its harness.
 */
export function rebuildRunnerContract(harness: RunnerHarness): void {
  /** A processor that has caught up with the log; the caller stops it, or the harness after the test. */
  const follow = async (model: TestReadModel, batchSize = 3) => {
    const { runner } = model.processor({ batchSize });
    await runner.start();
    await runner.waitForPosition(await harness.log.headPosition(), 20_000);
    return runner;
  };

  it('into a fresh read model gives the live tables row for row, reports its progress, and leaves no shadow table', async () => {
    const head = await writeLicencesToRebuild(harness.log, 0, 6);
    const live = await harness.readModel();
    await (await follow(live)).stop();

    const fresh = await harness.readModel();
    const progress: RebuildProgress[] = [];
    const report = await fresh
      .rebuilder({ projection: { licence: { bulkEvents: 10 } } })
      .rebuild('licences', { batchSize: 8, onProgress: (p) => progress.push(p) });

    expect(await fresh.dump()).toEqual(await live.dump());
    expect(await fresh.checkpoint()).toBe(head);
    expect(report).toMatchObject({ projection: 'licences', events: Number(head), position: head.toString() });
    expect(progress.at(-1)).toMatchObject({
      done: Number(head),
      total: Number(head),
      position: head.toString(),
    });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
    expect(progress.every((p) => p.rate >= 0)).toBe(true);
    // The live names, secondary indexes included, and no shadow table left.
    expect(await fresh.catalog()).toEqual(harness.liveCatalog);

    // A second rebuild finds the names it needs free (the swap gave the tables and keys their live names).
    await fresh.rebuilder().rebuild('licences');
    expect(await fresh.dump()).toEqual(await live.dump());
    expect(await fresh.catalog()).toEqual(harness.liveCatalog);
  });

  it('in place, while the live processor follows new appends: swapped atomically, checkpoint never behind', async () => {
    const { log } = harness;
    await writeLicencesToRebuild(log, 0, 4);
    const model = await harness.readModel();
    const processor = await follow(model, 2);

    // The checkpoint after each batch of the rebuild, read one after the other: reads in flight
    // together could come back out of order.
    const checkpoints: bigint[] = [];
    let reading = Promise.resolve();
    const rebuilding = model.rebuilder().rebuild('licences', {
      batchSize: 5,
      onProgress: () => {
        reading = reading.then(async () => void checkpoints.push(await model.checkpoint()));
      },
    });
    const appending = writeLicencesToRebuild(log, 4, 3);
    await Promise.all([rebuilding, appending]);
    await reading;
    await processor.waitForPosition(await log.headPosition(), 20_000);
    await processor.stop();

    const reference = await harness.readModel();
    await reference.rebuilder().rebuild('licences');
    expect(await model.dump()).toEqual(await reference.dump());
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(checkpoints).toEqual([...checkpoints].sort((a, b) => Number(a - b)));
  });

  it('a rebuild that fails leaves the live tables as they were, and no shadow table', async () => {
    const head = await writeLicencesToRebuild(harness.log, 0, 2);
    const model = await harness.readModel();
    await (await follow(model)).stop();
    const before = await model.dump();

    await expect(model.rebuilder({ projection: { failWith: 'bug' } }).rebuild('licences')).rejects.toThrow(
      'bug',
    );
    expect(await model.dump()).toEqual(before);
    expect(await model.checkpoint()).toBe(head);
    expect(await model.catalog()).toEqual(harness.liveCatalog);
  });

  it('refuses an unknown read model, and a read model built from another log', async () => {
    const model = await harness.readModel();
    const rebuilder = model.rebuilder();
    await expect(rebuilder.rebuild('letters')).rejects.toThrow(
      'No read model named "letters" (known: licences).',
    );
    await model.writeCheckpoint(99n);
    await expect(rebuilder.rebuild('licences')).rejects.toThrow(/beyond the head of the event log/);
  });
}
