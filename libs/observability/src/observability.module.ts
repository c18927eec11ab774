import { type DynamicModule, Module } from '@nestjs/common';
import { COMMAND_OBSERVER } from '@ledger/application';
import { DAILY_RUN_OBSERVER, LETTERS_WORKFLOW_OBSERVER } from '@ledger/worker';
import { LedgerMetrics } from './metrics/ledger-metrics';

/**
 * The process's LedgerMetrics, global: the command handling, the daily run and the letters workflow find it as their
 * observers, the API's plugins and middleware by its class.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(metrics: LedgerMetrics): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      providers: [
        { provide: LedgerMetrics, useValue: metrics },
        { provide: COMMAND_OBSERVER, useValue: metrics },
        { provide: DAILY_RUN_OBSERVER, useValue: metrics },
        { provide: LETTERS_WORKFLOW_OBSERVER, useValue: metrics },
      ],
      exports: [LedgerMetrics, COMMAND_OBSERVER, DAILY_RUN_OBSERVER, LETTERS_WORKFLOW_OBSERVER],
    };
  }
}
