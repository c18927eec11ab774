import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { LicenceProjection } from './licences/licence.projection';
import { LicenceQueries } from './licences/licence.queries';
import { CheckpointedProcessor } from './processor/checkpointed-processor';
import type { Projection } from './processor/projection';
import { ReadModelRebuilder } from './processor/read-model-rebuilder';
import { readModelStoreModule, type ReadModelModuleOptions } from './read-model-store-providers';
import { ReadModelDatabase, readModelPath } from './sqlite/read-model-database';

export const READ_MODEL_PROJECTIONS = Symbol('READ_MODEL_PROJECTIONS');

export interface ReadModelsModuleOptions extends ReadModelModuleOptions<Projection> {
  /** The read models' SQLite file. Default: READ_MODEL_PATH, or ./data/read-model.sqlite. ':memory:' for tests. */
  path?: string;
}

/**
 * The read models: their database, the projections and their (not yet started) processors, the
 * rebuilder, the queries and the daily run's finder. Starting the processors is the worker's job
 * (WorkerModule), so that an API process importing this module only for its queries consumes nothing.
 */
@Module({})
export class ReadModelsModule {
  static forRoot(options: ReadModelsModuleOptions = {}): DynamicModule {
    return readModelStoreModule<ReadModelDatabase, Projection>(ReadModelsModule, options.imports, {
      projectionsToken: READ_MODEL_PROJECTIONS,
      licenceProjectionType: LicenceProjection,
      licenceProjection: () => new LicenceProjection(options.licences),
      extraProjections: options.projections ?? [],
      databaseType: ReadModelDatabase,
      openDatabase: (projections) => {
        // Resolved, and its directory created, whether it came from the options or READ_MODEL_PATH.
        const path = readModelPath(options.path ? { READ_MODEL_PATH: options.path } : process.env);
        new Logger('ReadModels').log(`SQLite read models at ${path}`);
        return ReadModelDatabase.open(path, projections);
      },
      processor: (store, database, projection) =>
        new CheckpointedProcessor(store, database, projection, options.processor),
      rebuilderType: ReadModelRebuilder,
      rebuilder: (store, database, projections) => new ReadModelRebuilder(store, database, projections),
      queriesType: LicenceQueries,
      catchUpTimeoutMs: options.catchUpTimeoutMs,
    });
  }
}
