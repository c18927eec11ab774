import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { loadStoreConfig, openConfiguredEventStore, SystemClock, type StoreConfig } from '@ledger/application';
import { AuthModule, CallerResolver, type AuthConfig } from '@ledger/auth';
import { LedgerMetrics, ObservabilityModule } from '@ledger/observability';
import { readModelsModule, readModelStoreOptions, WorkerModule, workerApplicationModule } from '@ledger/worker';
import { ConsultationAudit } from './consultations/consultation-audit';
import { ExpectedRefusalsFilter } from './graphql/expected-refusals.filter';
import { graphqlOptions } from './graphql/graphql-options';
import { RESOLVERS } from './graphql/served-schema';
import { BalancePageController } from './balance-page/balance-page.controller';
import { HealthModule } from './health/health.module';
import { maxReadModelLag } from './health/ledger-health.indicators';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { loadRateLimits } from './rate-limits/rate-limits.config';
import { LetterReader } from './licence-views/letter-reader';
import { LicenceReader } from './licence-views/licence-reader';
import { ReadModelLicenceReader } from './licence-views/read-model-licence-reader';
import { ReadModelLetterReader } from './licence-views/read-model-letter-reader';
import { letterQueriesProvider } from './letters/letter-queries.provider';
import { LetterAccess } from './letters/letter-pdf/letter-access';
import { LetterPdfController } from './letters/letter-pdf/letter-pdf.controller';
import { FullRecordController } from './records/full-record.controller';
import type { SharedState } from './shared-state/shared-state';

export interface ApiOptions {
  auth: AuthConfig;
  /** Run the worker (projections and the daily run) in this process: the embedded default. */
  runWorker: boolean;
  /** The event store and the read models (validated); default: loadStoreConfig(env). */
  stores?: StoreConfig;
  /** Sessions, consumed logins, the audit, the rate-limit counters (openSharedState). */
  sharedState: SharedState;
  /** This process's metrics (served on METRICS_PORT). */
  metrics: LedgerMetrics;
  /** Where LEDGER_TODAY and the stores' variables are read. */
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
    const stores = options.stores ?? loadStoreConfig(options.env);
    const application = workerApplicationModule({
      eventStore: () => openConfiguredEventStore(stores.eventStore),
      clock: new SystemClock(options.env),
    });
    // SQLite or PostgreSQL read models: either module provides what the API and the worker inject.
    const storeOptions = readModelStoreOptions(stores.readModels);
    const readModels = options.runWorker
      ? WorkerModule.forRoot({ application, ...storeOptions })
      : readModelsModule(storeOptions, application);
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot(options.metrics),
        application,
        readModels,
        AuthModule.forRoot(options.auth, { authState: options.sharedState.authState }),
        RateLimitsModule.forRoot(loadRateLimits(options.env), options.sharedState.rateLimitStorage),
        HealthModule.forRoot({
          imports: [application, readModels],
          workerInProcess: options.runWorker,
          maxReadModelLag: maxReadModelLag(options.env),
          sharedState: options.sharedState,
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [CallerResolver, LedgerMetrics],
          useFactory: (callers: CallerResolver, metrics: LedgerMetrics) =>
            graphqlOptions(callers, options.auth.production, metrics),
        }),
      ],
      controllers: [BalancePageController, LetterPdfController, FullRecordController],
      providers: [
        { provide: APP_FILTER, useClass: ExpectedRefusalsFilter },
        ...RESOLVERS,
        { provide: LicenceReader, useClass: ReadModelLicenceReader },
        letterQueriesProvider,
        LetterAccess,
        { provide: LetterReader, useClass: ReadModelLetterReader },
        { provide: ConsultationAudit, useValue: options.sharedState.audit },
      ],
    };
  }
}
