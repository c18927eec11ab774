export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';
export { decodePosition, encodePosition, type EsdbPosition } from './esdb-positions';
export type { ReconnectPolicy, SubscriptionDropListener } from './esdb-subscription';
