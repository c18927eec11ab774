export { describeEventStoreContract } from './event-store.contract';
export {
  contractUpcasters,
  type EventStoreContractCapabilities,
  type EventStoreContractFactory,
  type EventStoreContractFixture,
  type EventStoreContractOptions,
} from './contract-fixture';
export { ChildProcessEventStore, type ChildProcessStoreSpec } from './child-process-event-store';
export { describeGoldenEvents, loadGoldenEvents, type GoldenEvent } from './golden-event-fixtures';
