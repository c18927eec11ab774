import { Module, type DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { eventStorePath, openLedgerEventStore, SystemClock } from '@ledger/application';
import { AuthModule, CallerResolver, type AuthConfig } from '@ledger/auth';
import { ReadModelsModule } from '@ledger/read-models';
import { WorkerModule } from '../../ledger-worker/src/worker.module';
import { workerApplicationModule } from '../../ledger-worker/src/worker-application.module';
import { ConsultationAudit } from './consultations/consultation-audit';
import { SqliteConsultationAudit } from './consultations/sqlite-consultation-audit';
import { graphqlOptions } from './graphql/graphql-options';
import { RESOLVERS } from './graphql/served-schema';
import { BalancePageController } from './balance-page/balance-page.controller';
import { HealthController } from './health/health.controller';
import { LetterReader } from './licence-views/letter-reader';
import { LicenceReader } from './licence-views/licence-reader';
import { ReadModelLicenceReader } from './licence-views/read-model-licence-reader';
import { NoLetterWorkflowYet } from './licence-views/no-letter-workflow-yet';

export interface ApiOptions {
  auth: AuthConfig;
  /** Run the worker (projections and the daily run) in this process: the embedded default. */
  runWorker: boolean;
  readModelPath?: string;
  auditPath: string;
  /** Where EVENT_STORE_PATH and LEDGER_TODAY are read. */
  env: NodeJS.ProcessEnv;
}

/**
 * The API service: GraphQL for holders (FranceConnect session) and staff (bearer tokens), reading
 * the read models, writing through the CommandBus. With runWorker, the worker lives in the same
 * process (npm start); otherwise it reads what a separate worker projects.
 */
@Module({})
export class AppModule {
  static forRoot(options: ApiOptions): DynamicModule {
    const application = workerApplicationModule({
      eventStore: () => openLedgerEventStore(eventStorePath(options.env)),
      clock: new SystemClock(options.env),
    });
    const readModels = options.runWorker
      ? WorkerModule.forRoot({ application, readModels: { path: options.readModelPath } })
      : ReadModelsModule.forRoot({ imports: [application], path: options.readModelPath });
    return {
      module: AppModule,
      imports: [
        application,
        readModels,
        AuthModule.forRoot(options.auth),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [CallerResolver],
          useFactory: (callers: CallerResolver) => graphqlOptions(callers, options.auth.production),
        }),
      ],
      controllers: [HealthController, BalancePageController],
      providers: [
        ...RESOLVERS,
        { provide: LicenceReader, useClass: ReadModelLicenceReader },
        { provide: LetterReader, useClass: NoLetterWorkflowYet },
        { provide: ConsultationAudit, useFactory: () => new SqliteConsultationAudit(options.auditPath) },
      ],
    };
  }
}
