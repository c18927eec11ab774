import { resolve } from 'node:path';
import { EsdbEventStore, type EsdbEventStoreOptions } from '@ledger/event-store/esdb';
import { ChildProcessEventStore, describeEventStoreContract } from '@ledger/testing/event-store-contract';
import { EsdbDouble, type DoubleServerFeatures } from '@ledger/testing/esdb-double';

const STORE_MODULE = resolve(__dirname, '../../libs/event-store/src/esdb/esdb-event-store.ts');
/** The suite's streams are `contract_<label>-<uuid>`; the ledger's are `licence-<number>`. */
const CONTRACT_STREAMS: EsdbEventStoreOptions = { streamPrefixes: ['contract_'] };

/**
 * The contract over real gRPC, against the in-memory double (test/contract/esdb-real.int.spec.ts
 * runs it against an EventStoreDB). One double per append path, shared by the tests as a real
 * server would be: each test works on its own streams, from the head it starts at.
 */
describe.each<[string, DoubleServerFeatures, 'batchAppend' | 'append']>([
  ['advertising BatchAppend', 'batch-append', 'batchAppend'],
  ['without ServerFeatures (unary Append)', 'unimplemented', 'append'],
])('EsdbEventStore on the gRPC double %s', (_, serverFeatures, appendPath) => {
  let double: EsdbDouble;

  beforeAll(async () => {
    double = await EsdbDouble.start({ serverFeatures });
  });

  afterAll(async () => {
    // Every append of the suite took the path this server's features call for, and only that one.
    expect(double.calls[appendPath]).toBeGreaterThan(0);
    expect(double.calls[appendPath === 'append' ? 'batchAppend' : 'append']).toBe(0);
    await double.stop();
  });

  describeEventStoreContract(
    'EsdbEventStore',
    async ({ upcasters }) => {
      const options: EsdbEventStoreOptions = { ...CONTRACT_STREAMS, upcasters };
      const store = EsdbEventStore.fromConnectionString(double.connectionString, options);
      return {
        store,
        openAnother: async () => EsdbEventStore.fromConnectionString(double.connectionString, options),
        openInAnotherProcess: () =>
          ChildProcessEventStore.open({
            modulePath: STORE_MODULE,
            exportName: 'EsdbEventStore',
            args: [double.connectionString, CONTRACT_STREAMS],
          }),
        cleanup: () => store.close(),
      };
    },
    { densePositions: false, anotherConnection: true, anotherProcess: true },
  );
});
