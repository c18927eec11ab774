import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LEDGER_UPCASTERS } from '@ledger/domain';
import { EsdbEventStore, UpcasterRegistry, type EventStore } from '@ledger/event-store';
import { openLedgerEventStore } from '../ledger-application.module';
import type { EventStoreConfig } from './store-config';

/**
 * Opens the configured event store, reading every older event shape through the ledger's
 * upcasters: the embedded SQLite file (its directory created), or EventStoreDB (connects lazily:
 * a server that is down shows on the first read or append, and on /health).
 */
export function openConfiguredEventStore(
  config: EventStoreConfig,
  sqlite: { checkpointInBackground?: boolean } = {},
): EventStore {
  switch (config.kind) {
    case 'sqlite':
      if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
      return openLedgerEventStore(config.path, sqlite);
    case 'esdb':
      return EsdbEventStore.fromConnectionString(config.connectionString, {
        upcasters: new UpcasterRegistry(LEDGER_UPCASTERS),
      });
  }
}
