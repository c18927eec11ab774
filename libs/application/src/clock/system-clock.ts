import { isCalendarDate, type CalendarDate } from '@ledger/domain';
import { Clock } from './clock';

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Europe/Paris of an instant (RULES §1: dates are Paris dates). */
export function parisDate(instant: Date): CalendarDate {
  const parts = Object.fromEntries(PARIS_DAY.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/**
 * Today in Europe/Paris, or the day fixed by `LEDGER_TODAY=YYYY-MM-DD` (demonstrations, acceptance
 * tests, replaying a past day: AUTH.md "The clock"). A malformed LEDGER_TODAY stops the service at
 * start-up rather than letting it record facts on a wrong day.
 */
export class SystemClock extends Clock {
  private readonly fixed: CalendarDate | undefined;

  constructor(
    env: Record<string, string | undefined> = process.env,
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    const value = env.LEDGER_TODAY;
    if (value !== undefined && value !== '' && !isCalendarDate(value)) {
      throw new Error(
        `LEDGER_TODAY must be a calendar date written YYYY-MM-DD (for example 2024-06-15), or be unset; got "${value}".`,
      );
    }
    this.fixed = value === undefined || value === '' ? undefined : value;
  }

  today(): CalendarDate {
    return this.fixed ?? parisDate(this.now());
  }
}
