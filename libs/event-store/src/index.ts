export * from './event-store.port';
export * from './errors';
export * from './event-ids';
export * from './serialization/positions';
export * from './serialization/upcasters';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export * from './esdb';
