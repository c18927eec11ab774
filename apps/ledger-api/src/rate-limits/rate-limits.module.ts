import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { FranceConnectController } from '@ledger/auth';
import { RATE_LIMITS, RateLimitMiddleware } from './rate-limit.middleware';
import type { RateLimits } from './rate-limits.config';

/**
 * Rate limits on the GraphQL endpoint and the FranceConnect login routes (issue 6, item 4), counted
 * through @nestjs/throttler's ThrottlerStorage: in PostgreSQL with DATABASE_URL, so that every API
 * instance counts against the same limits (PgThrottlerStorage); in the process's memory on the
 * embedded default (one instance). The letters' PDFs and the full record (records/) count with GraphQL, per caller. The health endpoints and the balance
 * page (static) are not limited.
 */
@Module({})
export class RateLimitsModule implements NestModule {
  /** `storage`: the counters every instance shares (PostgreSQL); absent, this process's memory. */
  static forRoot(limits: RateLimits, storage?: ThrottlerStorage): DynamicModule {
    return {
      module: RateLimitsModule,
      imports: [
        // Only for its storage (and the named limits, for anyone who inspects the module's options):
        // the counting is done by RateLimitMiddleware, in front of Apollo.
        ThrottlerModule.forRoot({
          throttlers: Object.entries(limits).map(([name, { limit, windowSeconds }]) => ({
            name,
            limit,
            ttl: windowSeconds * 1000,
          })),
          ...(storage ? { storage } : {}),
        }),
      ],
      providers: [{ provide: RATE_LIMITS, useValue: limits }, RateLimitMiddleware],
      exports: [RATE_LIMITS],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RateLimitMiddleware).forRoutes(
      { path: 'graphql', method: RequestMethod.ALL },
      // The letters' PDFs: each one rendered on request, so as costly as a query.
      { path: 'letters/*path', method: RequestMethod.GET },
      // The full record (relevé intégral), rendered on request too.
      { path: 'records/*path', method: RequestMethod.GET },
      FranceConnectController,
    );
  }
}
