import {
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type Type,
} from '@nestjs/common';
import type { ReadModelStoreConfig } from '@ledger/application';
import {
  PostgresReadModelsModule,
  ReadModelProcessors,
  ReadModelsModule,
  type PgProjection,
  type PostgresReadModelsModuleOptions,
  type Projection,
  type ReadModelProcessor,
  type ReadModelsModuleOptions,
} from '@ledger/read-models';
import { LettersProjection, LettersWorkflowRunner, PgLettersProjection } from '@ledger/read-models/letters';
import { DailyRunLog, PgDailyRunLog, SqliteDailyRunLog } from './daily-run/daily-run-log';
import { DAILY_RUN_OPTIONS, DailyRunScheduler, type DailyRunOptions } from './daily-run/daily-run.scheduler';
import { lettersWorkflowProvider } from './letters-workflow.provider';
import { workerApplicationModule } from './worker-application.module';

/** Where the read models live: SQLite (`readModels`, the default) or PostgreSQL (`postgres`). */
export interface ReadModelStoreOptions {
  /** SQLite read models (the default). Ignored when `postgres` is given. */
  readModels?: Omit<ReadModelsModuleOptions, 'imports'>;
  /** PostgreSQL read models (DATABASE_URL) instead of SQLite. */
  postgres?: Omit<PostgresReadModelsModuleOptions, 'imports'>;
}

export interface WorkerModuleOptions extends ReadModelStoreOptions {
  /**
   * The application module to dispatch through and read the log from. When the worker runs inside
   * the API's process, pass the very object the API imports (built once with
   * workerApplicationModule()), so that both share the store and the CommandBus.
   * Default: workerApplicationModule() on EVENT_STORE_PATH.
   */
  application?: DynamicModule;
  dailyRun?: DailyRunOptions;
  /** How often the letters workflow looks for a business day that ended. Default 5,000 ms. */
  lettersWorkflowIntervalMs?: number;
}

/** The store options for a validated read-model configuration (loadStoreConfig(env).readModels). */
export function readModelStoreOptions(config: ReadModelStoreConfig): ReadModelStoreOptions {
  return config.kind === 'postgres'
    ? { postgres: { url: config.url, schema: config.schema } }
    : { readModels: { path: config.path } };
}

/**
 * The read models' module on the chosen store, reading the log through `application`: the API
 * imports it alone when the worker runs elsewhere (RUN_WORKER=false), the worker through WorkerModule.
 * Both provide the same store-independent tokens (ReadModelProcessors, LICENCE_PROCESSOR,
 * LicenceReadModelQueries, ReadModelStore, DueLicenceFinder…).
 */
export function readModelsModule(options: ReadModelStoreOptions, application: DynamicModule): DynamicModule {
  // The letter workflow (CONVENTIONS 7) is a projection of the same database on either store: its
  // letters commit with its checkpoint.
  return options.postgres
    ? PostgresReadModelsModule.forRoot({
        ...options.postgres,
        projections: withFirst<PgProjection>(PgLettersProjection, options.postgres.projections),
        imports: [application],
      })
    : ReadModelsModule.forRoot({
        ...options.readModels,
        projections: withFirst<Projection>(LettersProjection, options.readModels?.projections),
        imports: [application],
      });
}

function withFirst<P>(first: Type<P>, others: readonly Type<P>[] = []): Type<P>[] {
  return [first, ...others.filter((other) => other !== first)];
}

/**
 * Starts the processors, then the daily run and the letters workflow; stops them in the reverse
 * order, before the stores close.
 */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly processors: ReadModelProcessors<ReadModelProcessor>,
    private readonly dailyRun: DailyRunScheduler,
    private readonly letters: LettersWorkflowRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.processors.start();
    this.dailyRun.start();
    await this.letters.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.letters.stop();
    await this.dailyRun.stop();
    await this.processors.stop();
  }
}

/**
 * The worker: the only place events are consumed. Read-model processors fed from the log (never
 * from the in-memory EventBus), the daily run, and the letters workflow. Standalone in `main.ts`, or imported by the
 * API's AppModule so that `npm start` runs both in one process.
 */
@Module({})
export class WorkerModule {
  static forRoot(options: WorkerModuleOptions = {}): DynamicModule {
    const application = options.application ?? workerApplicationModule();
    const readModels = readModelsModule(options, application);
    return {
      module: WorkerModule,
      imports: [application, readModels],
      providers: [
        { provide: DAILY_RUN_OPTIONS, useValue: options.dailyRun ?? {} },
        { provide: DailyRunLog, useClass: options.postgres ? PgDailyRunLog : SqliteDailyRunLog },
        DailyRunScheduler,
        lettersWorkflowProvider(options.postgres ? 'postgres' : 'sqlite', {
          intervalMs: options.lettersWorkflowIntervalMs,
        }),
        WorkerLifecycle,
      ],
      exports: [readModels, DailyRunScheduler, LettersWorkflowRunner],
    };
  }
}
