import { Controller, Get, Inject } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';

export interface Health {
  status: 'ok';
  /** The head of the global log, as a decimal string (CONVENTIONS 4). */
  eventStore: { head: string };
}

/** Liveness and a proof that the store answers. */
@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  async health(): Promise<Health> {
    return { status: 'ok', eventStore: { head: (await this.store.headPosition()).toString() } };
  }
}
