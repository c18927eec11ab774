import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { readModelStoreModule, type ReadModelModuleOptions } from '../read-model-store-providers';
import { PgCheckpointedProcessor } from './pg-checkpointed-processor';
import { PgLicenceProjection } from './pg-licence.projection';
import { PgLicenceQueries } from './pg-licence.queries';
import type { PgProjection } from './pg-projection';
import { PgReadModelDatabase, redactDatabaseUrl } from './pg-read-model-database';
import { PgReadModelRebuilder } from './pg-read-model-rebuilder';

export const PG_READ_MODEL_PROJECTIONS = Symbol('PG_READ_MODEL_PROJECTIONS');

export interface PostgresReadModelsModuleOptions extends ReadModelModuleOptions<PgProjection> {
  /** postgres://user:password@host:5432/database (DATABASE_URL). */
  url: string;
  /** The schema holding the read models (DATABASE_SCHEMA). Default 'public'. */
  schema?: string;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
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
    return readModelStoreModule<PgReadModelDatabase, PgProjection>(
      PostgresReadModelsModule,
      options.imports,
      {
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
          logger.log(
            `PostgreSQL read models at ${redactDatabaseUrl(options.url)}, schema ${database.schema}`,
          );
          return database;
        },
        processor: (store, database, projection) =>
          new PgCheckpointedProcessor(store, database, projection, options.processor),
        rebuilderType: PgReadModelRebuilder,
        rebuilder: (store, database, projections) => new PgReadModelRebuilder(store, database, projections),
        queriesType: PgLicenceQueries,
        catchUpTimeoutMs: options.catchUpTimeoutMs,
      },
    );
  }
}
