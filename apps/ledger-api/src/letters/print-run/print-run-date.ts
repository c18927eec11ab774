import { isCalendarDate, LicenceErrors, type CalendarDate } from '@ledger/domain';

/**
 * A print run is the mail of a day that has come: a malformed date or a day after today is refused
 * (DATE.MALFORMED, DATE.IN_FUTURE), for the GraphQL query and the PDF route alike.
 */
export function requirePrintRunDate(value: unknown, today: CalendarDate): CalendarDate {
  if (!isCalendarDate(value)) throw LicenceErrors.malformedDate('print-run date', value);
  if (value > today) throw LicenceErrors.dateInFuture('print-run date', value, today);
  return value;
}
