import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, LedgerHealthIndicators, type HealthOptions } from './ledger-health.indicators';
import { RequestDrain } from './request-drain';

export interface HealthModuleOptions extends HealthOptions {
  /** The modules providing EVENT_STORE and the read models (the very objects AppModule imports). */
  imports: ModuleMetadata['imports'];
}

/** /health, /health/live and /health/ready, and the request drain a graceful shutdown starts with. */
@Module({})
export class HealthModule {
  static forRoot({ imports, ...options }: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [...(imports ?? []), TerminusModule.forRoot({ errorLogStyle: 'pretty' })],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, RequestDrain, LedgerHealthIndicators],
      exports: [RequestDrain],
    };
  }
}
