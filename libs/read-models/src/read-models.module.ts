import {
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import { DueLicenceFinder } from '@ledger/application';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { LicenceProjection, type LicenceProjectionOptions } from './licences/licence.projection';
import { LicenceReadModelQueries } from './licences/licence-read-model';
import { LicenceQueries } from './licences/licence.queries';
import {
  DUE_LICENCE_CATCH_UP_TIMEOUT_MS,
  LICENCE_PROCESSOR,
  ReadModelDueLicenceFinder,
} from './licences/read-model-due-licence-finder';
import { CheckpointedProcessor, type ProcessorOptions } from './processor/checkpointed-processor';
import type { Projection } from './processor/projection';
import { ReadModelStore } from './processor/read-model-store';
import { ReadModelProcessors } from './processor/read-model-processors';
import { ReadModelRebuilder } from './processor/read-model-rebuilder';
import { ReadModelDatabase, readModelPath } from './sqlite/read-model-database';

export const READ_MODEL_PROJECTIONS = Symbol('READ_MODEL_PROJECTIONS');

export interface ReadModelsModuleOptions {
  /** The read models' SQLite file. Default: READ_MODEL_PATH, or ./data/read-model.sqlite. ':memory:' for tests. */
  path?: string;
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
class ReadModelDatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly database: ReadModelDatabase) {}

  onApplicationShutdown(): void {
    this.database.close();
  }
}

/**
 * The read models: their database, the projections and their (not yet started) processors, the
 * rebuilder, the queries and the daily run's finder. Starting the processors is the worker's job
 * (WorkerModule), so that an API process importing this module only for its queries consumes nothing.
 */
@Module({})
export class ReadModelsModule {
  static forRoot(options: ReadModelsModuleOptions = {}): DynamicModule {
    const extra = options.projections ?? [];
    return {
      module: ReadModelsModule,
      imports: options.imports ?? [],
      providers: [
        { provide: LicenceProjection, useFactory: () => new LicenceProjection(options.licences) },
        ...extra,
        {
          provide: READ_MODEL_PROJECTIONS,
          useFactory: (...projections: Projection[]) => projections,
          inject: [LicenceProjection, ...extra],
        },
        {
          provide: ReadModelDatabase,
          useFactory: (projections: Projection[]) => {
            // Resolved, and its directory created, whether it came from the options or READ_MODEL_PATH.
            const path = readModelPath(options.path ? { READ_MODEL_PATH: options.path } : process.env);
            new Logger('ReadModels').log(`SQLite read models at ${path}`);
            return ReadModelDatabase.open(path, projections);
          },
          inject: [READ_MODEL_PROJECTIONS],
        },
        ReadModelDatabaseLifecycle,
        { provide: ReadModelStore, useExisting: ReadModelDatabase },
        {
          provide: ReadModelProcessors,
          useFactory: (store: EventStore, database: ReadModelDatabase, projections: Projection[]) =>
            new ReadModelProcessors(
              projections.map(
                (projection) => new CheckpointedProcessor(store, database, projection, options.processor),
              ),
            ),
          inject: [EVENT_STORE, ReadModelDatabase, READ_MODEL_PROJECTIONS],
        },
        {
          provide: LICENCE_PROCESSOR,
          useFactory: (processors: ReadModelProcessors, projection: LicenceProjection) =>
            processors.get(projection.name),
          inject: [ReadModelProcessors, LicenceProjection],
        },
        {
          provide: ReadModelRebuilder,
          useFactory: (store: EventStore, database: ReadModelDatabase, projections: Projection[]) =>
            new ReadModelRebuilder(store, database, projections),
          inject: [EVENT_STORE, ReadModelDatabase, READ_MODEL_PROJECTIONS],
        },
        { provide: DUE_LICENCE_CATCH_UP_TIMEOUT_MS, useValue: options.catchUpTimeoutMs ?? 60_000 },
        LicenceQueries,
        { provide: LicenceReadModelQueries, useExisting: LicenceQueries },
        ReadModelDueLicenceFinder,
        { provide: DueLicenceFinder, useExisting: ReadModelDueLicenceFinder },
      ],
      exports: [
        ReadModelDatabase,
        ReadModelStore,
        READ_MODEL_PROJECTIONS,
        ReadModelProcessors,
        LICENCE_PROCESSOR,
        ReadModelRebuilder,
        LicenceQueries,
        LicenceReadModelQueries,
        ReadModelDueLicenceFinder,
        DueLicenceFinder,
      ],
    };
  }
}
