import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqliteEventStore, type SqliteEventStoreOptions } from '@ledger/event-store';
import { ChildProcessEventStore, describeEventStoreContract } from '@ledger/testing/event-store-contract';

const STORE_MODULE = resolve(__dirname, '../../libs/event-store/src/sqlite/sqlite-event-store.ts');

/** A fresh database file per test, in its own temp folder (the -wal and -shm files live beside it). */
describeEventStoreContract(
  'SqliteEventStore',
  async ({ upcasters }) => {
    const dir = mkdtempSync(join(tmpdir(), 'event-store-contract-'));
    const file = join(dir, 'events.sqlite');
    const options: SqliteEventStoreOptions = { upcasters, pollIntervalMs: 20 };
    const store = new SqliteEventStore(file, options);
    return {
      store,
      openAnother: async () => new SqliteEventStore(file, options),
      openInAnotherProcess: () =>
        ChildProcessEventStore.open({
          modulePath: STORE_MODULE,
          exportName: 'SqliteEventStore',
          args: [file, { pollIntervalMs: 20 }],
        }),
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  { densePositions: true, anotherConnection: true, anotherProcess: true, uniqueEventIdsAcrossStreams: true },
);
