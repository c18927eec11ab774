import { Module } from '@nestjs/common';
import { LedgerApplicationModule } from '@ledger/application';
import { HealthController } from './health/health.controller';

/** The API service. Until the GraphQL API (next issue) it only serves GET /health. */
@Module({
  imports: [LedgerApplicationModule.forRoot()],
  controllers: [HealthController],
})
export class AppModule {}
