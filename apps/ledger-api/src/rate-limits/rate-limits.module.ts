import {
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { FranceConnectController } from '@ledger/auth';
import { RATE_LIMITS, RateLimitMiddleware } from './rate-limit.middleware';
import type { RateLimits } from './rate-limits.config';

/**
 * Rate limits on the GraphQL endpoint and the FranceConnect login routes (issue 6, item 4), counted
 * in @nestjs/throttler's in-memory storage: per API instance, which is what one instance can protect
 * itself with (several instances would share a storage, e.g. Redis, through the same ThrottlerStorage
 * token). The letters' PDFs and the full record (records/) count with GraphQL, per caller. The health endpoints and the balance
 * page (static) are not limited.
 */
@Module({})
export class RateLimitsModule implements NestModule {
  static forRoot(limits: RateLimits): DynamicModule {
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
