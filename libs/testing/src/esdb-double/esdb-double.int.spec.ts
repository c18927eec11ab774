import { randomUUID } from 'node:crypto';
import {
  EventStoreDBClient,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type Position,
} from '@eventstore/db-client';
import { EsdbDouble, type DoubleServerFeatures } from './index';

/** The double, checked with the real client alone: what the adapter's tests stand on. */
describe('the EventStoreDB gRPC double', () => {
  let double: EsdbDouble;
  let client: EventStoreDBClient;

  const start = async (serverFeatures: DoubleServerFeatures) => {
    double = await EsdbDouble.start({ serverFeatures });
    client = EventStoreDBClient.connectionString(double.connectionString);
  };

  afterEach(async () => {
    await client.dispose();
    await double.stop();
  });

  it.each<[DoubleServerFeatures, 'batchAppend' | 'append']>([
    ['batch-append', 'batchAppend'],
    ['no-batch-append', 'append'],
    ['unimplemented', 'append'],
  ])(
    'with features %s appends go over %s, and a wrong expected version becomes WrongExpectedVersionError',
    async (features, path) => {
      await start(features);
      const stream = `s-${randomUUID()}`;
      const created = await client.appendToStream(stream, [jsonEvent({ type: 'T', data: { n: 1 } })], {
        expectedRevision: NO_STREAM,
      });
      expect(created).toMatchObject({ success: true, nextExpectedRevision: 0n });

      const attempt = client.appendToStream(stream, [jsonEvent({ type: 'T', data: { n: 2 } })], {
        expectedRevision: 5n,
      });
      await expect(attempt).rejects.toBeInstanceOf(WrongExpectedVersionError);
      await expect(attempt).rejects.toMatchObject({
        streamName: stream,
        expectedVersion: 5n,
        actualVersion: 0n,
      });
      expect(double.calls[path]).toBe(2);
    },
  );

  it('a missing stream is StreamNotFoundError; events carry type, JSON data, metadata and created', async () => {
    await start('batch-append');
    await expect(async () => {
      for await (const _ of client.readStream('missing')) void _;
    }).rejects.toBeInstanceOf(StreamNotFoundError);

    const id = randomUUID().toUpperCase();
    const before = Date.now();
    await client.appendToStream('s', [jsonEvent({ id, type: 'T', data: { é: '✓' }, metadata: { m: 1 } })]);
    const [resolved] = await collect(client.readStream('s'));
    expect(resolved.event).toMatchObject({
      id: id.toLowerCase(),
      type: 'T',
      data: { é: '✓' },
      metadata: { m: 1 },
      isJson: true,
      revision: 0n,
    });
    expect(resolved.event!.created.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('$all positions are sparse byte offsets, forwards inclusive and backwards exclusive of a position', async () => {
    await start('batch-append');
    await client.appendToStream('a', [
      jsonEvent({ type: 'T', data: {} }),
      jsonEvent({ type: 'T', data: {} }),
    ]);
    await client.appendToStream('b', [jsonEvent({ type: 'T', data: {} })]);
    const all = (await collect(client.readAll())).map((resolved) => resolved.event!.position);

    expect(all.length).toBe(5); // two system events first
    expect(
      all.every((position, index) => index === 0 || position.commit - all[index - 1].commit !== 1n),
    ).toBe(true);
    const from = all[3];
    expect((await collect(client.readAll({ fromPosition: from }))).map((r) => r.event!.position)).toEqual(
      all.slice(3),
    );
    expect(
      (await collect(client.readAll({ fromPosition: from, direction: 'backwards' }))).map(
        (r) => r.event!.position,
      ),
    ).toEqual(all.slice(0, 3).reverse());
  });

  it('a filtered subscription confirms, catches up exclusively of its start, reports caughtUp, then goes live with checkpoints every 32 × interval', async () => {
    await start('batch-append');
    await client.appendToStream('keep-1', [
      jsonEvent({ type: 'T', data: {} }),
      jsonEvent({ type: 'T', data: {} }),
    ]);
    const [first] = await collect(client.readStream('keep-1'));
    const checkpoints: Position[] = [];
    const signals: string[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: first.event!.position!,
      filter: streamNameFilter({
        prefixes: ['keep-'],
        checkpointInterval: 1,
        checkpointReached: (_, position) => void checkpoints.push(position),
      }),
    });
    subscription.on('confirmation', () => signals.push('confirmation'));
    subscription.on('caughtUp', () => signals.push('caughtUp'));
    const seen: string[] = [];
    subscription.on('data', (resolved) =>
      seen.push(`${resolved.event?.streamId}@${resolved.event?.revision}`),
    );

    await waitFor(() => signals.includes('caughtUp'));
    for (let n = 0; n < 70; n++)
      await client.appendToStream(`skip-${n}`, [jsonEvent({ type: 'T', data: {} })]);
    await client.appendToStream('keep-2', [jsonEvent({ type: 'T', data: {} })]);
    await waitFor(() => seen.length === 2);
    await subscription.unsubscribe();

    expect(signals).toEqual(['confirmation', 'caughtUp']);
    expect(seen).toEqual(['keep-1@1', 'keep-2@0']);
    expect(checkpoints).toHaveLength(2); // 71 events scanned after the start, one checkpoint per 32
  });

  it('stopped, it cuts live subscriptions with an error and refuses connections; restarted, it serves the same data on the same port', async () => {
    await start('batch-append');
    await client.appendToStream('s', [jsonEvent({ type: 'T', data: {} })]);
    const subscription = client.subscribeToAll();
    const errors: unknown[] = [];
    let ended = false;
    subscription.on('data', () => undefined);
    subscription.on('error', (error) => errors.push(error));
    subscription.on('end', () => (ended = true));
    await waitFor(() => double.liveSubscriptions === 1);
    const port = double.port;

    await double.stop();
    await waitFor(() => errors.length === 1 && double.liveSubscriptions === 0);
    expect(errors[0]).toBeInstanceOf(Error);
    expect((errors[0] as { code?: number }).code).toEqual(expect.any(Number));
    expect(ended).toBe(false); // the server going away shows only as an error
    await expect(collect(client.readStream('s'))).rejects.toMatchObject({ code: 14 });

    await double.restart();
    expect(double.port).toBe(port);
    await expect(collect(client.readStream('s'))).resolves.toHaveLength(1);
  });
});

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out.');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
