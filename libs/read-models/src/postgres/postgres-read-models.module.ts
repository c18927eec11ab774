import {
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type ModuleMetadata,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import type { LicenceProjectionOptions } from '../licences/licence.projection';
import type { ProcessorOptions } from '../processor/checkpointed-processor';
import { readModelStoreModule } from '../read-model-store-providers';
import { PgCheckpointedProcessor } from './pg-checkpointed-processor';
import { PgLicenceProjection } from './pg-licence.projection';
import { PgLicenceQueries } from './pg-licence.queries';
import type { PgProjection } from './pg-projection';
import { PgReadModelDatabase, redactDatabaseUrl } from './pg-read-model-database';
import { PgReadModelRebuilder } from './pg-read-model-rebuilder';

export const PG_READ_MODEL_PROJECTIONS = Symbol('PG_READ_MODEL_PROJECTIONS');

export interface PostgresReadModelsModuleOptions {
  /** postgres://user:password@host:5432/database (DATABASE_URL). */
  url: string;
  /** The schema holding the read models (DATABASE_SCHEMA). Default 'public'. */
  schema?: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** The module that provides EVENT_STORE (as for ReadModelsModule: the very object the app imports). */
  imports?: ModuleMetadata['imports'];
  /** More PostgreSQL projections in the same schema, each with its own processor and checkpoint. */
  projections?: Type<PgProjection>[];
  processor?: ProcessorOptions;
  licences?: LicenceProjectionOptions;
  /** How long the daily run's finder waits for the licence read model to reach the log's head. Default 60 s. */
  catchUpTimeoutMs?: number;
}

/** Closes the pool after the processors stopped (they stop in onModuleDestroy, before this). */
@Injectable()
class PgReadModelDatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly database: PgReadModelDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/**
 * The read models in PostgreSQL (DATABASE_URL): the counterpart of ReadModelsModule, providing the
 * store-independent tokens the API and the worker inject (ReadModelProcessors, LICENCE_PROCESSOR,
 * LicenceReadModelQueries, ReadModelDueLicenceFinder, DueLicenceFinder) and the PostgreSQL classes
 * (PgReadModelDatabase, PgReadModelRebuilder, PgLicenceQueries). The schema and tables are created
 * at start-up, which fails with a clear message when the server cannot be reached. As with SQLite,
 * starting the processors is the worker's job.
 */
@Module({})
export class PostgresReadModelsModule {
  static forRoot(options: PostgresReadModelsModuleOptions): DynamicModule {
    return readModelStoreModule<PgReadModelDatabase, PgProjection>(PostgresReadModelsModule, options.imports, {
      projectionsToken: PG_READ_MODEL_PROJECTIONS,
      licenceProjectionType: PgLicenceProjection,
      licenceProjection: () => new PgLicenceProjection(options.licences),
      extraProjections: options.projections ?? [],
      databaseType: PgReadModelDatabase,
      openDatabase: async (projections) => {
        const logger = new Logger('ReadModels');
        const database = await PgReadModelDatabase.open(options.url, projections, {
          schema: options.schema,
          poolSize: options.poolSize,
          logger,
        });
        logger.log(`PostgreSQL read models at ${redactDatabaseUrl(options.url)}, schema ${database.schema}`);
        return database;
      },
      databaseLifecycle: PgReadModelDatabaseLifecycle,
      processor: (store, database, projection) =>
        new PgCheckpointedProcessor(store, database, projection, options.processor),
      rebuilderType: PgReadModelRebuilder,
      rebuilder: (store, database, projections) => new PgReadModelRebuilder(store, database, projections),
      queriesType: PgLicenceQueries,
      catchUpTimeoutMs: options.catchUpTimeoutMs,
    });
  }
}
