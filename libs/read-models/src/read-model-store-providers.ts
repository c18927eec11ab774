import {
  Injectable,
  type Abstract,
  type DynamicModule,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type Provider,
  type Type,
} from '@nestjs/common';
import { DueLicenceFinder } from '@ledger/application';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { LicenceReadModelQueries } from './licences/licence-read-model';
import type { LicenceProjectionOptions } from './licences/licence.projection';
import {
  DUE_LICENCE_CATCH_UP_TIMEOUT_MS,
  LICENCE_PROCESSOR,
  ReadModelDueLicenceFinder,
} from './licences/read-model-due-licence-finder';
import type { ProcessorOptions } from './processor/checkpointed-runner';
import { ReadModelProcessors, type ReadModelProcessor } from './processor/read-model-processors';
import { ReadModelStore } from './processor/read-model-store';

/** The options both read-model modules take, whatever the store. */
export interface ReadModelModuleOptions<Projection> {
  /**
   * The module that provides EVENT_STORE: pass the very LedgerApplicationModule.forRoot(…) object the
   * app imports, so that both share one store (Nest deduplicates a dynamic module by reference).
   */
  imports?: ModuleMetadata['imports'];
  /** More projections in the same database, each with its own processor and checkpoint (letters). */
  projections?: Type<Projection>[];
  processor?: ProcessorOptions;
  licences?: LicenceProjectionOptions;
  /** How long the daily run's finder waits for the licence read model to reach the log's head. Default 60 s. */
  catchUpTimeoutMs?: number;
}

/** Closes the database after the processors stopped (they stop in onModuleDestroy, before this). */
@Injectable()
class ReadModelStoreLifecycle implements OnApplicationShutdown {
  constructor(private readonly store: ReadModelStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

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
    { provide: ReadModelStore, useExisting: databaseType },
    ReadModelStoreLifecycle,
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
