import {
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ReadModelProcessors, ReadModelsModule, type ReadModelsModuleOptions } from '@ledger/read-models';
import { DailyRunLog } from './daily-run/daily-run-log';
import { DAILY_RUN_OPTIONS, DailyRunScheduler, type DailyRunOptions } from './daily-run/daily-run.scheduler';
import { workerApplicationModule } from './worker-application.module';

export interface WorkerModuleOptions {
  /**
   * The application module to dispatch through and read the log from. When the worker runs inside
   * the API's process, pass the very object the API imports (built once with
   * workerApplicationModule()), so that both share the store and the CommandBus.
   * Default: workerApplicationModule() on EVENT_STORE_PATH.
   */
  application?: DynamicModule;
  readModels?: Omit<ReadModelsModuleOptions, 'imports'>;
  dailyRun?: DailyRunOptions;
}

/** Starts the processors, then the daily run; stops them in the reverse order, before the stores close. */
@Injectable()
export class WorkerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly processors: ReadModelProcessors,
    private readonly dailyRun: DailyRunScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.processors.start();
    this.dailyRun.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.dailyRun.stop();
    await this.processors.stop();
  }
}

/**
 * The worker: the only place events are consumed. Read-model processors fed from the log (never
 * from the in-memory EventBus), and the daily run. Standalone in `main.ts`, or imported by the
 * API's AppModule so that `npm start` runs both in one process.
 */
@Module({})
export class WorkerModule {
  static forRoot(options: WorkerModuleOptions = {}): DynamicModule {
    const application = options.application ?? workerApplicationModule();
    const readModels = ReadModelsModule.forRoot({ ...options.readModels, imports: [application] });
    return {
      module: WorkerModule,
      imports: [application, readModels],
      providers: [
        { provide: DAILY_RUN_OPTIONS, useValue: options.dailyRun ?? {} },
        DailyRunLog,
        DailyRunScheduler,
        WorkerLifecycle,
      ],
      exports: [readModels, DailyRunScheduler],
    };
  }
}
