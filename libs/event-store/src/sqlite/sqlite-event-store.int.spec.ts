import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ChildProcessEventStore } from '@ledger/testing/event-store-contract';
import { ConcurrencyError, DuplicateEventIdError, UpcastError } from '../errors';
import type { NewEvent, RecordedEvent } from '../event-store.port';
import { UpcasterRegistry } from '../serialization/upcasters';
import { CHECKPOINT_EVERY_EVENTS } from './background-checkpointer';
import { SqliteEventStore } from './sqlite-event-store';

const SWC_REGISTER = resolve(__dirname, '../../../../test/reliability/support/swc-register.js');

/** What only the SQLite adapter promises, beyond the shared contract (test/contract/). */
const event = (type = 'Happened', schemaVersion = 1, data: unknown = { ok: true }): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  metadata: { actor: 'test', commandId: 'c', correlationId: 'c', causationId: 'c', schemaVersion },
});

describe('SqliteEventStore on a file', () => {
  let dir: string;
  let file: string;
  const open: SqliteEventStore[] = [];
  const store = (options = {}) => {
    const opened = new SqliteEventStore(file, options);
    open.push(opened);
    return opened;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-event-store-'));
    file = join(dir, 'events.sqlite');
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((opened) => opened.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs in WAL mode with synchronous=FULL and a busy timeout on every connection', () => {
    const db = store({ busyTimeoutMs: 1234 })['db'];
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2n); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234n);
  });

  it('an append in this process wakes subscriptions on the same file at once, without waiting for a poll', async () => {
    const reader = store({ pollIntervalMs: 60_000 });
    const writer = store({ pollIntervalMs: 60_000 });
    const seen: RecordedEvent[] = [];
    const subscription = reader.subscribe({ after: 0n, handle: (events) => void seen.push(...events) });
    await new Promise((resolve) => setTimeout(resolve, 10)); // let it reach its (one-minute) sleep

    await writer.appendToStream('s', 'no_stream', [event()]);
    const started = Date.now();
    while (seen.length === 0 && Date.now() - started < 2000)
      await new Promise((resolve) => setTimeout(resolve, 2));

    expect(seen).toHaveLength(1);
    await subscription.stop();
  });

  it('closing the store stops its subscriptions cleanly', async () => {
    const subscription = store().subscribe({ after: 0n, handle: () => undefined });
    await open[0].close();
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('events survive closing and reopening the file', async () => {
    const written = event();
    await store().appendToStream('s', 'no_stream', [written]);
    await open[0].close();

    const { events, currentVersion } = await store().readStream('s');
    expect(currentVersion).toBe(0n);
    expect(events[0].eventId).toBe(written.eventId);
  });

  it('eight processes creating the same new file at once all get a working store', async () => {
    const openings = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        ChildProcessEventStore.open({
          modulePath: resolve(__dirname, 'sqlite-event-store.ts'),
          exportName: 'SqliteEventStore',
          args: [file, {}],
        }),
      ),
    );
    const processes = openings.flatMap((opening) => (opening.status === 'fulfilled' ? [opening.value] : []));
    try {
      expect(processes).toHaveLength(8);
      await Promise.all(
        processes.map((child, index) => child.appendToStream(`s-${index}`, 'no_stream', [event()])),
      );
      await expect(store().headPosition()).resolves.toBe(8n);
    } finally {
      await Promise.all(processes.map((child) => child.close()));
    }
  }, 30_000); // starting processes is slow on a loaded CI machine; about 0.5 s when idle

  it('an insert failing half-way through a batch rolls the whole batch back, leaving no gap in positions', async () => {
    const events = store();
    // Simulates a failure inside the transaction (disk full, constraint...) on the batch's second row.
    events['db'].exec(
      "CREATE TRIGGER explode BEFORE INSERT ON events WHEN NEW.type = 'Explodes' BEGIN SELECT RAISE(ABORT, 'boom'); END",
    );
    await events.appendToStream('s', 'no_stream', [event()]);

    // Not `toThrow`: better-sqlite3 keeps the SqliteError class of the first test file that loaded it
    // in this jest worker, so the error may come from another realm and fail jest's Error check.
    await expect(events.appendToStream('s', 0n, [event(), event('Explodes')])).rejects.toMatchObject({
      message: 'boom',
    });

    expect((await events.readStream('s')).events).toHaveLength(1);
    await expect(events.appendToStream('s', 0n, [event()])).resolves.toMatchObject({
      lastGlobalPosition: 2n,
    });
  });

  it('recordedAt comes from the injected clock', async () => {
    const clocked = store({ now: () => new Date('2024-05-06T07:08:09.010Z') });
    await clocked.appendToStream('s', 'no_stream', [event()]);
    expect((await clocked.readStream('s')).events[0].metadata.recordedAt).toBe('2024-05-06T07:08:09.010Z');
  });

  it('an event no upcaster can bring up to date fails the read loudly', async () => {
    const upcasters = new UpcasterRegistry({ Happened: [{ fromVersion: 2, upcast: (data) => data }] });
    const strict = store({ upcasters });
    await strict.appendToStream('s', 'no_stream', [event('Happened', 1)]);
    await expect(strict.readStream('s')).rejects.toBeInstanceOf(UpcastError);
  });

  it("works in memory for quick tests (':memory:')", async () => {
    const memory = new SqliteEventStore(':memory:');
    open.push(memory);
    await memory.appendToStream('s', 'no_stream', [event()]);
    await expect(memory.headPosition()).resolves.toBe(1n);
  });

  describe('group commit', () => {
    it('appends made in the same turn of the event loop commit in one transaction, each with its own result', async () => {
      const events = store();
      const internals = events as unknown as { flush(): void; queue: unknown[] };
      const flush = internals.flush.bind(events);
      const groups: number[] = [];
      internals.flush = () => {
        if (internals.queue.length > 0) groups.push(internals.queue.length);
        flush();
      };
      const results = await Promise.all(
        Array.from({ length: 64 }, (_, index) => events.appendToStream(`s-${index}`, 'no_stream', [event()])),
      );
      expect(groups).toEqual([64]);
      expect(results.map((result) => result.lastGlobalPosition)).toEqual(
        Array.from({ length: 64 }, (_, index) => BigInt(index + 1)),
      );
      expect(results.every((result) => result.appended && result.nextExpectedVersion === 0n)).toBe(true);
    });

    it('an append refused in a group (a conflict, a reused id) fails alone; the others of the group are stored', async () => {
      const events = store();
      await events.appendToStream('taken', 'no_stream', [event()]);
      const reused = event();
      await events.appendToStream('elsewhere', 'no_stream', [reused]);

      const [first, conflicting, other, duplicate] = await Promise.allSettled([
        events.appendToStream('taken', 0n, [event()]),
        events.appendToStream('taken', 0n, [event()]), // same expected version, same group: loses
        events.appendToStream('fresh', 'no_stream', [event()]),
        events.appendToStream('again', 'no_stream', [{ ...reused }]),
      ]);

      expect(first).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 1n } });
      expect(conflicting).toMatchObject({ status: 'rejected', reason: { name: 'ConcurrencyError' } });
      expect((conflicting as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      expect(other).toMatchObject({ status: 'fulfilled', value: { appended: true } });
      expect((duplicate as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
      expect((await events.readStream('taken')).currentVersion).toBe(1n);
      expect((await events.readStream('again')).currentVersion).toBe('no_stream');
      expect(await events.headPosition()).toBe(4n); // dense: nothing of the refused appends is left
    });

    it('a command retried within the same group is recognised: stored once, both told so', async () => {
      const events = store();
      const batch = [event(), event()];
      const [once, retried] = await Promise.all([
        events.appendToStream('s', 'no_stream', batch),
        events.appendToStream('s', 'no_stream', batch),
      ]);
      expect(once).toMatchObject({ appended: true, nextExpectedVersion: 1n });
      expect(retried).toMatchObject({ appended: false, nextExpectedVersion: 1n, lastGlobalPosition: 2n });
      expect(await events.headPosition()).toBe(2n);
    });

    it('closing the store commits the appends still waiting for their group', async () => {
      const events = store();
      const pending = events.appendToStream('s', 'no_stream', [event()]);
      await events.close();
      await expect(pending).resolves.toMatchObject({ appended: true });
      await expect(store().headPosition()).resolves.toBe(1n);
    });

    it('without group commit, each append commits on its own at once', async () => {
      const events = store({ groupCommit: false });
      const results = await Promise.all([
        events.appendToStream('a', 'no_stream', [event()]),
        events.appendToStream('b', 'no_stream', [event()]),
      ]);
      expect(results.map((result) => result.lastGlobalPosition)).toEqual([1n, 2n]);
    });
  });

  describe('checkpoints in a background thread', () => {
    /** The events the database file itself holds, without its WAL: what a checkpoint copied there. */
    const eventsInTheFileAlone = (): number => {
      const copy = join(dir, 'file-alone.sqlite');
      copyFileSync(file, copy);
      const db = new Database(copy, { readonly: true });
      try {
        const created = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'events'").get();
        return created
          ? Number((db.prepare('SELECT count(*) AS n FROM events').get() as { n: bigint }).n)
          : 0;
      } finally {
        db.close();
      }
    };
    const many = (count: number) =>
      Array.from({ length: count }, (_, index) => ({
        streamId: `s-${index}`,
        expected: 'no_stream' as const,
        events: [event()],
      }));

    it('the appending connection never checkpoints; the thread copies the WAL into the file', async () => {
      const events = store({ checkpointInBackground: true });
      const internals = events as unknown as {
        db: Database.Database;
        checkpointer: { stop(): Promise<void> };
      };
      expect(internals.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0n);
      await events.appendBatch(many(CHECKPOINT_EVERY_EVENTS));
      expect(eventsInTheFileAlone()).toBe(0); // still in the WAL: the append did not checkpoint
      await internals.checkpointer.stop(); // once the checkpoint asked for is done
      expect(eventsInTheFileAlone()).toBe(CHECKPOINT_EVERY_EVENTS);
    });

    it('a process that closes the store carries on once the thread has ended (it does not just exit)', () => {
      const script = `
        const { SqliteEventStore } = require(${JSON.stringify(resolve(__dirname, 'sqlite-event-store.ts'))});
        const store = new SqliteEventStore(${JSON.stringify(file)}, { checkpointInBackground: true });
        store.close().then(() => console.log('closed'));
      `;
      const run = spawnSync(process.execPath, ['-r', SWC_REGISTER, '-e', script], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('closed');
    });

    it('fewer events than a checkpoint is worth stay in the WAL until the store closes', async () => {
      const events = store({ checkpointInBackground: true });
      const internals = events as unknown as { checkpointer: { stop(): Promise<void> } };
      await events.appendBatch(many(CHECKPOINT_EVERY_EVENTS - 1));
      await internals.checkpointer.stop();
      expect(eventsInTheFileAlone()).toBe(0);
    });
  });

  describe('appendBatch (seed, import)', () => {
    it('appends to several streams in one transaction, each at its expected version', async () => {
      const events = store();
      await events.appendToStream('b', 'no_stream', [event()]);
      const results = await events.appendBatch([
        { streamId: 'a', expected: 'no_stream', events: [event(), event()] },
        { streamId: 'b', expected: 0n, events: [event()] },
        { streamId: 'a', expected: 1n, events: [event()] },
      ]);
      expect(results.map((result) => [result.nextExpectedVersion, result.lastGlobalPosition])).toEqual([
        [1n, 3n],
        [1n, 4n],
        [2n, 5n],
      ]);
    });

    it('is all or nothing: one refused request rolls the whole batch back', async () => {
      const events = store();
      await events.appendToStream('b', 'no_stream', [event()]);
      await expect(
        events.appendBatch([
          { streamId: 'a', expected: 'no_stream', events: [event()] },
          { streamId: 'b', expected: 'no_stream', events: [event()] },
        ]),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await events.headPosition()).toBe(1n);
      expect((await events.readStream('a')).currentVersion).toBe('no_stream');
    });
  });
});

describe('SqliteEventStore.readAllOf', () => {
  it('returns only the kept streams’ events, in log order, and how far it read the log', async () => {
    const events = new SqliteEventStore(':memory:');
    try {
      for (const streamId of ['a-1', 'b-1', 'a-2', 'b-2', 'a-1', 'b-1', 'b-2'])
        await events.appendToStream(streamId, (await events.readStream(streamId)).currentVersion, [event()]);
      const all = await events.readAll({ after: 0n });
      const keepA = (streamId: string) => streamId.startsWith('a-');

      const first = await events.readAllOf({ after: 0n, maxCount: 4 }, keepA);
      expect(first.events).toEqual(all.slice(0, 4).filter((e) => keepA(e.streamId)));
      expect(first).toMatchObject({ scanned: 4, scannedUpTo: 4n });
      const rest = await events.readAllOf({ after: first.scannedUpTo, maxCount: 10 }, keepA);
      expect(rest.events).toEqual([all[4]]);
      expect(rest).toMatchObject({ scanned: 3, scannedUpTo: 7n });
      expect(await events.readAllOf({ after: 7n, maxCount: 10 }, keepA)).toEqual({
        events: [],
        scanned: 0,
        scannedUpTo: 7n,
      });
      // The filter applies to its own call only.
      expect(await events.readAll({ after: 0n })).toEqual(all);
    } finally {
      await events.close();
    }
  });
});
