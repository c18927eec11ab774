import type { CalendarDate } from '@ledger/domain';
import { Clock } from './clock';

/** A clock that says what it is told: tests, and replaying a given day. */
export class FixedClock extends Clock {
  constructor(private current: CalendarDate) {
    super();
  }

  today(): CalendarDate {
    return this.current;
  }

  set(today: CalendarDate): void {
    this.current = today;
  }
}
