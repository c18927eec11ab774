import { resolve } from 'node:path';
import { EsdbEventStore, type EsdbEventStoreOptions } from '@ledger/event-store/esdb';
import { ChildProcessEventStore, describeEventStoreContract } from '@ledger/testing/event-store-contract';

const CONNECTION_STRING = process.env.ESDB_CONNECTION_STRING;
const STORE_MODULE = resolve(__dirname, '../../libs/event-store/src/esdb/esdb-event-store.ts');
/** The suite's streams are `contract_<label>-<uuid>`: unique, so a shared server is fine. */
const CONTRACT_STREAMS: EsdbEventStoreOptions = { streamPrefixes: ['contract_'] };

/**
 * The contract against a real EventStoreDB (22.6 or later), e.g. after `docker compose up -d
 * eventstore` with ESDB_CONNECTION_STRING=esdb://127.0.0.1:2113?tls=false. Without it (no Docker
 * engine on this machine, nor in CI here) the file says why it runs nothing.
 */
if (CONNECTION_STRING) {
  describeEventStoreContract(
    'EsdbEventStore on EventStoreDB',
    async ({ upcasters }) => {
      const options: EsdbEventStoreOptions = { ...CONTRACT_STREAMS, upcasters };
      const store = EsdbEventStore.fromConnectionString(CONNECTION_STRING, options);
      return {
        store,
        openAnother: async () => EsdbEventStore.fromConnectionString(CONNECTION_STRING, options),
        openInAnotherProcess: () =>
          ChildProcessEventStore.open({
            modulePath: STORE_MODULE,
            exportName: 'EsdbEventStore',
            args: [CONNECTION_STRING, CONTRACT_STREAMS],
          }),
        cleanup: () => store.close(),
      };
    },
    { densePositions: false, anotherConnection: true, anotherProcess: true },
  );
} else {
  const reason = 'skipped: ESDB_CONNECTION_STRING is not set (no EventStoreDB on this machine)';
  // Jest does not list the tests of a file it skips entirely: say it in the output too.
  console.info(`EsdbEventStore on a real EventStoreDB: ${reason}.`);
  test.skip(reason, () => undefined);
}
