import type { Abstract, DynamicModule, Provider, Type } from '@nestjs/common';
import { DueLicenceFinder } from '@ledger/application';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { LicenceReadModelQueries } from './licences/licence-read-model';
import {
  DUE_LICENCE_CATCH_UP_TIMEOUT_MS,
  LICENCE_PROCESSOR,
  ReadModelDueLicenceFinder,
} from './licences/read-model-due-licence-finder';
import { ReadModelProcessors, type ReadModelProcessor } from './processor/read-model-processors';
import { ReadModelStore } from './processor/read-model-store';

/** What differs between the SQLite and the PostgreSQL read models' modules; the wiring is the same. */
export interface ReadModelStoreWiring<Database, Projection extends { readonly name: string }> {
  /** The module's token for its list of projections (the licence projection first). */
  projectionsToken: symbol;
  /** The licence projection's class (its own provider, built by `licenceProjection`). */
  licenceProjectionType: Type<Projection>;
  licenceProjection: () => Projection;
  /** More projections, each with its own processor and checkpoint (the letters). */
  extraProjections: Type<Projection>[];
  /** The database's class (Abstract: its constructor is private, it is opened by a factory). */
  databaseType: Abstract<Database>;
  openDatabase: (projections: Projection[]) => Database | Promise<Database>;
  /** Closes the database after the processors stopped (OnApplicationShutdown). */
  databaseLifecycle: Type<unknown>;
  processor: (store: EventStore, database: Database, projection: Projection) => ReadModelProcessor;
  rebuilderType: Type<unknown>;
  rebuilder: (store: EventStore, database: Database, projections: Projection[]) => unknown;
  queriesType: Type<LicenceReadModelQueries>;
  catchUpTimeoutMs?: number;
}

/**
 * The providers and exports both read-model modules give: the store-independent tokens the API and
 * the worker inject (ReadModelStore, ReadModelProcessors, LICENCE_PROCESSOR, LicenceReadModelQueries,
 * DueLicenceFinder…) and the store's own classes (its database, rebuilder and queries).
 */
export function readModelStoreModule<Database, Projection extends { readonly name: string }>(
  module: Type<unknown>,
  imports: DynamicModule['imports'],
  wiring: ReadModelStoreWiring<Database, Projection>,
): DynamicModule {
  const { projectionsToken: PROJECTIONS, databaseType, extraProjections: extra } = wiring;
  const providers: Provider[] = [
    { provide: wiring.licenceProjectionType, useFactory: wiring.licenceProjection },
    ...extra,
    {
      provide: PROJECTIONS,
      useFactory: (...projections: Projection[]) => projections,
      inject: [wiring.licenceProjectionType, ...extra],
    },
    { provide: databaseType, useFactory: wiring.openDatabase, inject: [PROJECTIONS] },
    wiring.databaseLifecycle,
    { provide: ReadModelStore, useExisting: databaseType },
    {
      provide: ReadModelProcessors,
      useFactory: (store: EventStore, database: Database, projections: Projection[]) =>
        new ReadModelProcessors(projections.map((projection) => wiring.processor(store, database, projection))),
      inject: [EVENT_STORE, databaseType, PROJECTIONS],
    },
    {
      provide: LICENCE_PROCESSOR,
      useFactory: (processors: ReadModelProcessors, projection: Projection) => processors.get(projection.name),
      inject: [ReadModelProcessors, wiring.licenceProjectionType],
    },
    {
      provide: wiring.rebuilderType,
      useFactory: wiring.rebuilder,
      inject: [EVENT_STORE, databaseType, PROJECTIONS],
    },
    { provide: DUE_LICENCE_CATCH_UP_TIMEOUT_MS, useValue: wiring.catchUpTimeoutMs ?? 60_000 },
    wiring.queriesType,
    { provide: LicenceReadModelQueries, useExisting: wiring.queriesType },
    ReadModelDueLicenceFinder,
    { provide: DueLicenceFinder, useExisting: ReadModelDueLicenceFinder },
  ];
  return {
    module,
    imports: imports ?? [],
    providers,
    exports: [
      databaseType,
      ReadModelStore,
      PROJECTIONS,
      ReadModelProcessors,
      LICENCE_PROCESSOR,
      wiring.rebuilderType,
      wiring.queriesType,
      LicenceReadModelQueries,
      ReadModelDueLicenceFinder,
      DueLicenceFinder,
    ],
  };
}
