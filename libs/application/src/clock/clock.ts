import type { CalendarDate } from '@ledger/domain';

/**
 * "Today" for the command handlers, who put it on every command: the domain never reads a clock
 * (CONVENTIONS 1, 11). An abstract class so that it is its own injection token.
 */
export abstract class Clock {
  abstract today(): CalendarDate;
}
