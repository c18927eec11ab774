import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { LedgerHealthIndicators } from './ledger-health.indicators';

export interface Health {
  status: 'ok';
  /** The head of the global log, as a decimal string (CONVENTIONS 4). */
  eventStore: { head: string };
}

/**
 * Health for people and orchestrators:
 * - `GET /health`: a proof that the store answers, with the head of the log (kept as it was);
 * - `GET /health/live`: the process answers (a liveness probe restarts it otherwise); it never
 *   depends on the stores, or an outage of the disk would restart every instance in a loop;
 * - `GET /health/ready`: the event store, the read models and the shared state (sessions, audit,
 *   rate limits) answer, the processors run, and the
 *   service is not shutting down; 503 otherwise, with which one failed (@nestjs/terminus).
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checks: HealthCheckService,
    private readonly indicators: LedgerHealthIndicators,
  ) {}

  @Get()
  async health(): Promise<Health> {
    return { status: 'ok', eventStore: { head: (await this.store.headPosition()).toString() } };
  }

  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.checks.check([() => this.indicators.process()]);
  }

  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.checks.check([
      () => this.indicators.accepting(),
      () => this.indicators.eventStore(),
      () => this.indicators.readModel(),
      () => this.indicators.sharedState(),
    ]);
  }
}
